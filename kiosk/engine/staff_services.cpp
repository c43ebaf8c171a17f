// The staff panel's facts and actions; see staff_services.h.
#include "kiosk/engine/staff_services.h"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <spawn.h>
#include <sys/statvfs.h>
#include <sys/wait.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "kiosk/core/local_time.h"
#include "kiosk/logging/log.h"
#include "kiosk/stats/content_lookup.h"
#include "kiosk/stats/stats_report.h"
#include "kiosk/update/child_process.h"
#include "kiosk/update/install_state.h"
#include "platform/usb/stick_io.h"

extern char** environ;

namespace kiosk::engine {
namespace {

long long rss_bytes() {
    std::ifstream status("/proc/self/status");
    std::string key;
    long long kb = 0;
    while (status >> key) {
        if (key == "VmRSS:") {
            status >> kb;
            return kb * 1024;
        }
    }
    return 0;
}

// On the export worker: the log and the health report into the stick's kiosk folder, through
// stick_io (no links followed, made when missing, temp files renamed into place). Logs nothing
// itself: the main thread logs the outcome when it picks it up.
// The installed pack, or the built-in one when none is installed (not a preview's candidate).
std::string installed_or_builtin(const Config& config) {
    const std::string installed = update::installed_pack_path(config.data_dir);
    return installed.empty() ? config.builtin_pack : installed;
}

// A staging folder on the data disk for an export: emptied first, and removed however the export
// ends (a whole pack's pictures would otherwise stay behind).
class Staging {
  public:
    explicit Staging(std::string path) : path_(std::move(path)) { clear(); }
    ~Staging() { clear(); }
    Staging(const Staging&) = delete;
    Staging& operator=(const Staging&) = delete;
    const std::string& path() const { return path_; }

  private:
    void clear() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    std::string path_;
};

std::string read_all(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Every regular file of the staging folder `from` into the stick folder `to_fd`, each with
// write_stick_file (no links followed on the stick).
void copy_to_stick(const std::filesystem::path& from, int to_fd) {
    for (const auto& entry : std::filesystem::directory_iterator(from))
        if (entry.is_regular_file())
            platform::write_stick_file(to_fd, entry.path().filename().string(),
                                       read_all(entry.path()));
}

// What content export needs: the installed pack, the kiosk-pack program and a staging folder on
// the data disk.
struct ContentExport {
    std::string pack;
    std::string tool;
    std::string staging;
};

// The installed content as kiosk/content.xlsx and kiosk/images/ (docs/staff-guide.md, step 1):
// `kiosk-pack export` writes them in a limited child process on the data disk (the kiosk never
// links the workbook writer), then they are copied to the stick, pictures first and the workbook
// last, each with write_stick_file (no links followed). Throws with the reason.
void export_content(int kiosk_folder, const ContentExport& e) {
    const Staging staging(e.staging);
    update::ChildLimits limits;
    limits.wall_s = 60;
    limits.cpu_s = 60;
    const update::ChildOutcome out =
        update::run_limited({e.tool, "export", e.pack, "-o", e.staging}, limits);
    if (!out.ok())
        throw std::runtime_error("kiosk-pack export: " +
                                 (out.error.empty() ? out.output.substr(0, 500) : out.error));
    const platform::UniqueFd images = platform::open_stick_folder(kiosk_folder, "images", true);
    copy_to_stick(std::filesystem::path(e.staging) / "images", images.get());
    platform::write_stick_file(kiosk_folder, "content.xlsx",
                               read_all(std::filesystem::path(e.staging) / "content.xlsx"));
}

ExportOutcome export_to_stick(const std::string& mount, const std::string& health,
                              const ContentExport& content) {
    const std::string folder_name = mount + "/kiosk";
    try {
        const platform::UniqueFd root = platform::open_stick_root(mount);
        const platform::UniqueFd folder = platform::open_kiosk_folder(root.get(), true);
        log_export_at(folder.get(), folder_name);
        platform::write_stick_file(folder.get(), "health-report.txt", health);
        try {
            export_content(folder.get(), content);
        } catch (const std::exception& e) {
            const std::string why = e.what();
            return {false,
                    {"日志和健康报告已导出，但内容工作簿导出失败，请换一个U盘再试：" + why,
                     "Logs and the health report were exported, but the content workbook was "
                     "not; try another stick: " +
                         why},
                    "content export to " + folder_name + " failed: " + why};
        }
        return {true,
                {"已导出到U盘的 kiosk 文件夹：内容工作簿 content.xlsx 和图片文件夹 images，"
                 "以及日志和健康报告。在电脑上修改工作簿后，把U盘插回展示机。",
                 "Exported to the kiosk folder of the stick: the content workbook content.xlsx "
                 "with its images folder, the logs and a health report. Edit the workbook on a "
                 "PC, then plug the stick back in."},
                "logs and content exported to " + folder_name};
    } catch (const std::exception& e) {
        const std::string why = e.what();
        return {false,
                {"导出失败，请换一个U盘再试（U盘是否只读，或 kiosk 是链接？）：" + why,
                 "Export failed; try another stick (is it read-only, or is kiosk a link?): " + why},
                "export to " + folder_name + " failed: " + why};
    }
}

// On the export worker: the statistics of the last 90 days as kiosk/stats/ on the stick
// (report.html and CSVs), made in a staging folder on the data disk first, then copied with
// write_stick_file.
ExportOutcome export_stats_to_stick(const std::string& mount, stats::StatsRecorder& recorder,
                                    const std::string& stats_db, const std::string& pack,
                                    const std::string& staging_dir) {
    const std::string folder_name = mount + "/kiosk/stats";
    const Staging staging(staging_dir);
    try {
        recorder.flush();  // the visitors of the last minutes count too
        std::unique_ptr<ContentDb> content;
        try {  // for item lookups (its search names load on the first one)
            content = std::make_unique<ContentDb>(pack, IndexLoading::WhenFirstNeeded);
        } catch (const std::exception&) {
            // Without content, no item is marked removed.
        }
        const stats::StatsSummary summary =
            stats::read_summary(stats_db, stats::local_day(std::time(nullptr)), 90,
                                content ? stats::item_exists_in(*content) : stats::ItemExists{});
        stats::write_stats_folder(summary, staging.path());
        const platform::UniqueFd root = platform::open_stick_root(mount);
        const platform::UniqueFd kiosk = platform::open_kiosk_folder(root.get(), true);
        const platform::UniqueFd folder = platform::open_stick_folder(kiosk.get(), "stats", true);
        copy_to_stick(staging.path(), folder.get());
        return {true,
                {"访客统计已导出到U盘的 kiosk/stats 文件夹：在电脑上双击 report.html 查看图表，"
                 "表格文件可以用 Excel/WPS 打开。",
                 "Visitor statistics exported to kiosk/stats on the stick: open report.html on a "
                 "PC for the charts; the CSV files open in Excel/WPS."},
                "statistics exported to " + folder_name};
    } catch (const std::exception& e) {
        const std::string why = e.what();
        return {false,
                {"统计导出失败，请换一个U盘再试：" + why,
                 "The statistics export failed; try another stick: " + why},
                "statistics export to " + folder_name + " failed: " + why};
    }
}

}  // namespace

StaffServices::StaffServices(const Config& config, std::shared_ptr<MainThreadQueue> main_thread,
                             InstalledPack& installed, const StickImportController& sticks,
                             HealthMonitor& health, WorkbookImports& workbooks,
                             stats::StatsRecorder* stats)
    : config_(config),
      main_thread_(std::move(main_thread)),
      installed_(installed),
      sticks_(sticks),
      health_(health),
      workbooks_(workbooks),
      stats_(stats) {
    update::remove_publish_leftovers(config_.data_dir);  // no publish runs before this one
}

// --- facts ---
ui::SystemFacts StaffServices::facts() {
    ui::SystemFacts f;
    f.app_version = kAppVersion;
    f.pack_version = installed_.version;
    f.pack_signer = installed_.signer;
    f.last_import = installed_.last_import.empty() ? "—" : installed_.last_import;
    f.uptime_s = glfwGetTime();
    f.fps = health_.fps();
    f.render_path = render_path_;
    f.rss_bytes = rss_bytes();
    struct statvfs vfs {};
    if (statvfs(config_.data_dir.c_str(), &vfs) == 0)
        f.free_disk_bytes =
            static_cast<long long>(vfs.f_bavail) * static_cast<long long>(vfs.f_frsize);
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    f.screen_w = static_cast<int>(size.x);
    f.screen_h = static_cast<int>(size.y);
    int mm_w = 0, mm_h = 0;
    if (GLFWmonitor* monitor = glfwGetPrimaryMonitor())
        glfwGetMonitorPhysicalSize(monitor, &mm_w, &mm_h);
    f.screen_mm_w = config_.screen_width_mm > 0 ? config_.screen_width_mm : mm_w;
    f.screen_mm_h = config_.screen_height_mm > 0 ? config_.screen_height_mm : mm_h;
    if (f.screen_mm_w > 0) f.px_per_mm = static_cast<float>(f.screen_w / f.screen_mm_w);
    return f;
}

// --- actions ---
Bilingual StaffServices::rollback() {
    try {
        update::DurableSteps steps;
        update::rollback_pack(config_.data_dir, steps);
        installed_.to_show = std::make_shared<ContentDb>(installed_or_builtin(config_));
        installed_.read_version(config_.data_dir);
        log_info("staff: content rolled back");
        installed_.note("rollback");
        return {"已回滚到上一个内容包。", "Rolled back to the previous content pack."};
    } catch (const update::RefusedError& e) {
        log_warn(std::string("staff: rollback refused: ") + e.refusal.en);
        return {e.refusal.zh + " " + e.refusal.todo_zh, e.refusal.en + " " + e.refusal.todo_en};
    } catch (const std::exception& e) {
        log_error(std::string("staff: rollback failed: ") + e.what());
        return {std::string("回滚失败：") + e.what(), std::string("Rollback failed: ") + e.what()};
    }
}

Bilingual StaffServices::export_report() {
    const std::optional<platform::StickFound>& stick = sticks_.current_stick();
    if (!stick)
        return {"请先插入U盘，再点导出。", "Plug in a USB stick first, then tap Export again."};
    const ui::SystemFacts f = facts();  // ImGui and GLFW: here, on the main thread
    std::ostringstream health;
    health << "time " << local_time_text() << "\napp " << f.app_version << "\npack "
           << f.pack_version << "\nsigner " << f.pack_signer << "\nlast import " << f.last_import
           << "\nuptime_s " << f.uptime_s << "\nfps " << f.fps << "\ndrawing " << f.render_path
           << "\nrss_bytes " << f.rss_bytes << "\nfree_disk_bytes " << f.free_disk_bytes
           << "\nscreen " << f.screen_w << "x" << f.screen_h << " px, " << f.screen_mm_w << "x"
           << f.screen_mm_h << " mm\n";
    // The outcome comes back through the main-thread queue; the task runs while the loop runs,
    // which this object outlives.
    const bool started = export_job_.start(
        [mount = stick->mount, text = health.str(),
         content = ContentExport{installed_or_builtin(config_), pack_tool_path(config_),
                                 config_.data_dir + "/content-export"}] {
            return export_to_stick(mount, text, content);
        },
        platform::kStickCallLimitS,
        [this, queue = main_thread_] { queue->post([this] { export_finished(); }); });
    if (!started)
        return {"上一次导出还没有完成；U盘没有响应时请拔出U盘，换一个再试。",
                "The last export has not finished; if the stick does not answer, pull it out "
                "and try another stick."};
    return {"正在导出到U盘…", "Exporting to the stick…"};
}

void StaffServices::request_statistics() {
    if (stats_ == nullptr) return;
    // The content is opened on the recorder's worker, and only there (the closure keeps it).
    auto content = std::make_shared<std::unique_ptr<ContentDb>>();
    stats::ItemExists exists = [content, pack = installed_or_builtin(config_)](
                                   const std::string& kind, const std::string& id) {
        try {
            if (!*content)
                *content = std::make_unique<ContentDb>(pack, IndexLoading::WhenFirstNeeded);
            return stats::item_exists_in(**content)(kind, id);
        } catch (const std::exception&) {
            return true;  // content that cannot be read marks nothing removed
        }
    };
    stats_->request_summary(
        14, std::move(exists), [this, queue = main_thread_](stats::StatsSummary s) {
            auto shared = std::make_shared<const stats::StatsSummary>(std::move(s));
            queue->post([this, shared] { statistics_ = shared; });
        });
}

Bilingual StaffServices::export_statistics() {
    if (stats_ == nullptr)
        return {"这台展示机没有记录访客统计（配置 visitor_statistics 为 false）。",
                "This kiosk does not keep visitor statistics (visitor_statistics is false)."};
    const std::optional<platform::StickFound>& stick = sticks_.current_stick();
    if (!stick)
        return {"请先插入U盘，再点导出统计。",
                "Plug in a USB stick first, then tap Export statistics again."};
    const bool started = export_job_.start(
        [mount = stick->mount, recorder = stats_, db = config_.data_dir + "/stats.db",
         pack = installed_or_builtin(config_), staging = config_.data_dir + "/stats-export"] {
            return export_stats_to_stick(mount, *recorder, db, pack, staging);
        },
        platform::kStickCallLimitS,
        [this, queue = main_thread_] { queue->post([this] { export_finished(); }); });
    if (!started)
        return {"上一次导出还没有完成；U盘没有响应时请拔出U盘，换一个再试。",
                "The last export has not finished; if the stick does not answer, pull it out "
                "and try another stick."};
    return {"正在导出访客统计到U盘…", "Exporting visitor statistics to the stick…"};
}

// --- publishing (the publisher kiosk) ---
bool StaffServices::publish_on() {
    return !config_.publish_key.empty() && !config_.sync_inbox.empty();
}

Bilingual StaffServices::publish() {
    if (!publish_on())
        return {"这台展示机不是发布机（配置 publish_key 或 sync_inbox 为空）。",
                "This kiosk is not a publisher (publish_key or sync_inbox is empty)."};
    update::PublishOptions options;
    options.data_dir = config_.data_dir;
    options.inbox_dir = config_.sync_inbox;
    options.key_path = config_.publish_key;
    // Copying and signing a pack of gigabytes takes a while: on a worker, the outcome through
    // the main-thread queue, which this object outlives.
    const bool started = publish_job_.start(
        [options] { return update::publish_installed_pack(options); }, platform::kStickCallLimitS,
        [this, queue = main_thread_] { queue->post([this] { publish_finished(); }); });
    if (!started)
        return {"上一次发布还没有完成，请稍候。",
                "The last publish has not finished yet; wait a moment."};
    return {"正在发布…", "Publishing…"};
}

void StaffServices::publish_finished() {
    if (publish_job_.poll() != platform::StickJob<update::PublishResult>::State::Done) return;
    const update::PublishResult result = publish_job_.take();
    (result.ok ? log_info : log_warn)("staff: " + result.log_line);
    publish_outcome_ = ui::StaffOutcome{result.ok, result.message};
}

std::optional<ui::StaffOutcome> StaffServices::publish_result() {
    return std::exchange(publish_outcome_, std::nullopt);
}

void StaffServices::export_finished() {
    if (export_job_.poll() != platform::StickJob<ExportOutcome>::State::Done) return;
    ExportOutcome outcome = export_job_.take();
    (outcome.ok ? log_info : log_error)("staff: " + outcome.log_line);
    export_message_ = std::move(outcome.message);
    export_stall_noted_ = false;
}

bool StaffServices::exporting() const {
    const auto state = export_job_.poll();
    return state == platform::StickJob<ExportOutcome>::State::Running;
}

void StaffServices::loop_turn() {
    if (export_stall_noted_ ||
        export_job_.poll() != platform::StickJob<ExportOutcome>::State::Stalled)
        return;
    export_stall_noted_ = true;
    log_warn("staff: export: the stick does not answer");
    export_message_ = Bilingual{"U盘没有响应…请拔出U盘，换一个U盘再试。",
                                "The stick does not answer… Pull it out and try another stick."};
}

std::optional<Bilingual> StaffServices::export_result() {
    return std::exchange(export_message_, std::nullopt);
}

void StaffServices::restart() {
    log_info("staff: restart");
    std::raise(SIGTERM);  // clean exit; systemd's Restart=always starts the kiosk again
}

void StaffServices::power_off() {
    log_info("staff: power off");
    health_.stopping();
    char systemctl[] = "systemctl";
    char poweroff[] = "poweroff";
    char* argv[] = {systemctl, poweroff, nullptr};
    pid_t pid = 0;
    if (posix_spawnp(&pid, "systemctl", nullptr, nullptr, argv, environ) == 0)
        waitpid(pid, nullptr, 0);
}

void StaffServices::log_action(const std::string& what) {
    log_info("staff: " + what);
}

}  // namespace kiosk::engine
