// Unattended operation glue; see operations.h.
// Sections: start-up · hooks · sticks and imports · staff facts · staff actions
#include "kiosk/engine/operations.h"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <spawn.h>
#include <sys/statvfs.h>
#include <sys/wait.h>

#include <csignal>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "kiosk/core/local_time.h"
#include "kiosk/logging/log.h"
#include "kiosk/update/install_state.h"
#include "kiosk/update/pack_validator.h"
#include "platform/glfw/display_power.h"
#include "platform/usb/stick_io.h"

extern char** environ;

namespace kiosk::engine {
namespace {

constexpr double kRanWellAfterS = 120;  // a pack that ran this long is no longer on trial
constexpr const char* kAppVersion = "1.0.0";

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
ExportOutcome export_to_stick(const std::string& mount, const std::string& health) {
    const std::string folder_name = mount + "/kiosk";
    try {
        const platform::UniqueFd root = platform::open_stick_root(mount);
        const platform::UniqueFd folder = platform::open_kiosk_folder(root.get(), true);
        log_export_at(folder.get(), folder_name);
        platform::write_stick_file(folder.get(), "health-report.txt", health);
        return {true,
                {"日志和健康报告已导出到U盘的 kiosk 文件夹。",
                 "Logs and a health report are in the kiosk folder of the stick."},
                "logs exported to " + folder_name};
    } catch (const std::exception& e) {
        const std::string why = e.what();
        return {false,
                {"导出失败，请换一个U盘再试（U盘是否只读，或 kiosk 是链接？）：" + why,
                 "Export failed; try another stick (is it read-only, or is kiosk a link?): " + why},
                "export to " + folder_name + " failed: " + why};
    }
}

// The installed pack's version for the staff panel (no hash: the panel asks every second).
std::string installed_version_text(const std::string& data_dir) {
    try {
        const std::string installed = update::installed_pack_path(data_dir);
        return installed.empty() ? "built-in / 内置"
                                 : std::to_string(update::read_pack_info(installed).pack_version);
    } catch (const std::exception& e) {
        return e.what();
    }
}

}  // namespace

// --- start-up ---
Operations::Operations(const Config& config) : config_(config) {
    log_open(config_.data_dir);
    log_info(std::string("kiosk ") + kAppVersion + " starting");
    try {
        staff::OpeningHours hours(config_.open_from, config_.open_until);
        if (!hours.always_open()) wake_.emplace(hours, config_.after_hours_wake_min);
    } catch (const std::exception& e) {
        log_error(std::string("opening hours ignored, the display stays on: ") + e.what());
    }
}

Operations::~Operations() {
    watcher_.reset();  // stop the watcher thread before the queue it fills goes away
    import_.cancel();  // ~StickImport waits briefly, then leaves a worker stuck on a stick
    notifier_.stopping();
    log_info("kiosk stopping");
    log_close();
}

std::string Operations::startup_pack_path() {
    std::string installed;
    try {
        switch (update::note_start(config_.data_dir)) {
            case update::StartVerdict::RolledBack:
                log_warn(
                    "the new content pack failed 3 starts in a row: went back to the "
                    "previous one");
                break;
            case update::StartVerdict::NotCounted:
                log_error(
                    "this start of the new content pack could not be recorded (disk full "
                    "or failing?), so a crash loop would go unnoticed: went back to the "
                    "previous pack");
                break;
            case update::StartVerdict::RevertFailed:
                log_error("going back from the new content pack failed: it stays installed");
                break;
            case update::StartVerdict::Busy:
                log_warn(
                    "an import is running on the data folder: the trial start is not "
                    "counted this time");
                break;
            case update::StartVerdict::Normal:
            case update::StartVerdict::OnTrial:
                break;
        }
        installed = update::installed_pack_path(config_.data_dir);
    } catch (const std::exception& e) {
        log_error(std::string("install state: ") + e.what());
    }
    pack_version_ = installed_version_text(config_.data_dir);
    return installed.empty() ? config_.builtin_pack : installed;
}

// --- hooks ---
void Operations::attach(RunOptions* options) {
    options->hooks.on_ready = [this] {
        notifier_.ready();
        log_info("first frame shown");
    };
    options->hooks.on_frame = [this](double) { ++frames_; };
    options->hooks.on_loop = [this](double now) { on_loop(now); };
    options->hooks.next_wakeup_s = [this](double now) {
        const double ping = notifier_.seconds_until_next_ping(now);
        if (import_.running() ||
            export_job_.poll() == platform::StickJob<ExportOutcome>::State::Running)
            return ping < 0 ? 0.1 : std::min(ping, 0.1);
        if (wake_) return ping < 0 ? 20.0 : std::min(ping, 20.0);  // check the opening hours
        if (!ran_well_noted_) {
            const double trial = std::max(0.0, started_ + kRanWellAfterS - now);
            return ping < 0 ? trial : std::min(ping, trial);
        }
        return ping;
    };
    options->hooks.take_new_content = [this] { return take_new_content(); };
    options->hooks.on_input = [this](double now) {
        if (wake_) wake_->touch(now);
    };
    options->hooks.display_asleep = [this] { return !display_on_; };
    options->hooks.configure_services = [this](ui::AppServices& services) {
        services.staff = this;
        services.import_overlay = [this] { return overlay(); };
    };
    // --pack previews exactly one file: no stick imports then (they would install into data_dir).
    if (!config_.mount_roots.empty() && config_.pack_override.empty()) {
        watcher_ = std::make_unique<platform::MountWatchThread>(
            std::make_unique<platform::PollingMountWatcher>(config_.mount_roots),
            std::chrono::milliseconds(1000),
            [this](const platform::StickFound& stick) {
                {
                    std::lock_guard lock(events_mutex_);
                    events_.push_back({false, stick});
                }
                glfwPostEmptyEvent();  // wake the main loop (thread-safe in GLFW)
            },
            [this](const std::string& mount) {
                {
                    std::lock_guard lock(events_mutex_);
                    events_.push_back({true, {mount, {}, false}});
                }
                glfwPostEmptyEvent();
            });
    }
}

void Operations::on_loop(double now) {
    if (started_ == 0) started_ = frames_window_start_ = now;
    now_ = now;
    notifier_.watchdog_tick(now);
    if (wake_) {
        const bool on = wake_->display_on(staff::local_minute_of_day(std::time(nullptr)), now);
        if (on != display_on_) {
            display_on_ = on;
            platform::set_display_power(glfwGetCurrentContext(), on);
            log_info(on ? "display on (opening hours or a touch)"
                        : "display off: outside opening hours");
        }
    }
    if (now - frames_window_start_ >= 2.0) {
        fps_ = double(frames_ - frames_at_window_) / (now - frames_window_start_);
        frames_at_window_ = frames_;
        frames_window_start_ = now;
    }
    if (!ran_well_noted_ && now - started_ >= kRanWellAfterS) {
        ran_well_noted_ = true;
        try {
            if (const int err = update::note_ran_well(config_.data_dir))
                log_error(std::string("the new content pack ran well, but recording that "
                                      "failed (later restarts may roll it back): ") +
                          std::strerror(err));
        } catch (const std::exception& e) {
            log_error(std::string("install state: ") + e.what());
        }
    }
    take_stick_events();
    poll_export();
    start_next_import();
    const update::StickImportStatus status = import_.status();
    const bool finished =
        status.stage == update::StickStage::Done || status.stage == update::StickStage::Refused;
    if (finished && !import_reported_) {
        import_reported_ = true;
        last_import_ = local_time_text() + " " + status.pack_name + ": " +
                       (status.stage == update::StickStage::Done
                            ? "installed version " + std::to_string(status.result.info.pack_version)
                            : "refused: " + status.result.refusal.en);
        log_info("stick import " + last_import_);
        if (status.stage == update::StickStage::Done) {
            pack_signer_ = status.result.key_id;
            try {
                pending_content_ =
                    std::make_shared<ContentDb>(update::installed_pack_path(config_.data_dir));
                pack_version_ = installed_version_text(config_.data_dir);
            } catch (const std::exception& e) {
                log_error(std::string("cannot open the new pack: ") + e.what());
            }
        }
    }
    if (status.stage == update::StickStage::Stalled &&
        shown_status_.stage != update::StickStage::Stalled)
        log_warn("stick import: the stick does not answer (" + status.pack_name + ")");
    card_clock_.update(status.stage, now);
    shown_status_ = status;
}

std::shared_ptr<ContentDb> Operations::take_new_content() {
    return std::move(pending_content_);
}

// --- sticks and imports ---
void Operations::take_stick_events() {
    std::vector<StickEvent> events;
    {
        std::lock_guard lock(events_mutex_);
        events.swap(events_);
    }
    for (StickEvent& e : events) {
        if (e.gone) {
            log_info("USB stick removed from " + e.stick.mount);
            if (current_stick_ && current_stick_->mount == e.stick.mount) current_stick_.reset();
            continue;
        }
        log_info("USB stick found at " + e.stick.mount);
        current_stick_ = e.stick;
        if (!e.stick.packs.empty()) waiting_imports_.push_back(std::move(e.stick));
    }
}

void Operations::start_next_import() {
    if (waiting_imports_.empty() || import_.running()) return;  // one stick at a time
    const platform::StickFound stick = std::move(waiting_imports_.front());
    waiting_imports_.erase(waiting_imports_.begin());
    update::ImportOptions options;
    options.data_dir = config_.data_dir;
    options.keys_dir = config_.keys_dir;
    options.max_pack_bytes = config_.max_pack_bytes;
    if (import_.start(stick.packs, options, stick.writable ? stick.mount : std::string())) {
        import_reported_ = false;
    }
}

ui::ImportOverlay Operations::overlay() const {
    ui::ImportOverlay o;
    const update::StickImportStatus& s = shown_status_;
    if (!card_clock_.visible(now_)) return o;
    o.visible = true;
    o.ok = s.stage == update::StickStage::Done;
    o.refused = s.stage == update::StickStage::Refused || s.stage == update::StickStage::Stalled;
    o.busy = !o.ok && !o.refused;
    o.percent = s.percent;
    o.closes_in_s = card_clock_.seconds_left(now_);
    o.title = {s.title_zh, s.title_en};
    o.detail = {s.detail_zh, s.detail_en};
    o.todo = {s.todo_zh, s.todo_en};
    return o;
}

// --- staff facts ---
ui::SystemFacts Operations::facts() {
    ui::SystemFacts f;
    f.app_version = kAppVersion;
    f.pack_version = pack_version_;
    f.pack_signer = pack_signer_;
    f.last_import = last_import_.empty() ? "—" : last_import_;
    f.uptime_s = glfwGetTime();
    f.fps = fps_;
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

// --- staff actions ---
Bilingual Operations::rollback() {
    try {
        update::DurableSteps steps;
        update::rollback_pack(config_.data_dir, steps);
        const std::string installed = update::installed_pack_path(config_.data_dir);
        pending_content_ =
            std::make_shared<ContentDb>(installed.empty() ? config_.builtin_pack : installed);
        pack_version_ = installed_version_text(config_.data_dir);
        log_info("staff: content rolled back");
        return {"已回滚到上一个内容包。", "Rolled back to the previous content pack."};
    } catch (const update::RefusedError& e) {
        log_warn(std::string("staff: rollback refused: ") + e.refusal.en);
        return {e.refusal.zh + " " + e.refusal.todo_zh, e.refusal.en + " " + e.refusal.todo_en};
    } catch (const std::exception& e) {
        log_error(std::string("staff: rollback failed: ") + e.what());
        return {std::string("回滚失败：") + e.what(), std::string("Rollback failed: ") + e.what()};
    }
}

Bilingual Operations::export_report() {
    if (!current_stick_)
        return {"请先插入U盘，再点导出。", "Plug in a USB stick first, then tap Export again."};
    const ui::SystemFacts f = facts();  // ImGui and GLFW: here, on the main thread
    std::ostringstream health;
    health << "time " << local_time_text() << "\napp " << f.app_version << "\npack "
           << f.pack_version << "\nsigner " << f.pack_signer << "\nlast import " << f.last_import
           << "\nuptime_s " << f.uptime_s << "\nfps " << f.fps << "\nrss_bytes " << f.rss_bytes
           << "\nfree_disk_bytes " << f.free_disk_bytes << "\nscreen " << f.screen_w << "x"
           << f.screen_h << " px, " << f.screen_mm_w << "x" << f.screen_mm_h << " mm\n";
    const std::string mount = current_stick_->mount;
    if (!export_job_.start([mount, text = health.str()] { return export_to_stick(mount, text); }))
        return {"上一次导出还没有完成；U盘没有响应时请拔出U盘，换一个再试。",
                "The last export has not finished; if the stick does not answer, pull it out "
                "and try another stick."};
    return {"正在导出到U盘…", "Exporting to the stick…"};
}

void Operations::poll_export() {
    using State = platform::StickJob<ExportOutcome>::State;
    const State state = export_job_.poll();
    if (state == State::Done) {
        ExportOutcome outcome = export_job_.take();
        (outcome.ok ? log_info : log_error)("staff: " + outcome.log_line);
        export_message_ = std::move(outcome.message);
        export_stall_noted_ = false;
    } else if (state == State::Stalled && !export_stall_noted_) {
        export_stall_noted_ = true;
        log_warn("staff: export: the stick does not answer");
        export_message_ =
            Bilingual{"U盘没有响应…请拔出U盘，换一个U盘再试。",
                      "The stick does not answer… Pull it out and try another stick."};
    }
}

std::optional<Bilingual> Operations::export_result() {
    return std::exchange(export_message_, std::nullopt);
}

void Operations::restart() {
    log_info("staff: restart");
    std::raise(SIGTERM);  // clean exit; systemd's Restart=always starts the kiosk again
}

void Operations::power_off() {
    log_info("staff: power off");
    notifier_.stopping();
    char systemctl[] = "systemctl";
    char poweroff[] = "poweroff";
    char* argv[] = {systemctl, poweroff, nullptr};
    pid_t pid = 0;
    if (posix_spawnp(&pid, "systemctl", nullptr, nullptr, argv, environ) == 0)
        waitpid(pid, nullptr, 0);
}

void Operations::log_action(const std::string& what) {
    log_info("staff: " + what);
}

}  // namespace kiosk::engine
