// A staff workbook from the offer to the decision; see workbook_imports.h.
// Sections: tool · stick · workers · decisions · what the UI shows
#include "kiosk/engine/workbook_imports.h"

#include <unistd.h>

#include <filesystem>
#include <utility>

#include "kiosk/core/local_time.h"
#include "kiosk/logging/log.h"
#include "kiosk/ui/staff_strings.h"
#include "kiosk/update/install_state.h"
#include "platform/usb/mount_watcher.h"

namespace kiosk::engine {

using ui::staff_text;
using ui::StaffStr;
using update::WorkbookOutcome;

namespace {
// Which source the offer found, as staff know it.
Bilingual source_text(const std::string& in_stick) {
    if (in_stick.size() > 5 && in_stick.compare(in_stick.size() - 5, 5, ".xlsx") == 0)
        return {"U盘上的工作簿 " + in_stick, "The workbook " + in_stick + " on the stick"};
    return {"U盘上的内容文件夹 " + in_stick + "/",
            "The content folder " + in_stick + "/ on the stick"};
}
}  // namespace

// --- tool ---
std::string pack_tool_path(const Config& config) {
    if (!config.pack_tool.empty()) return config.pack_tool;
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::string("kiosk-pack") : (self.parent_path() / "kiosk-pack").string();
}

WorkbookImports::WorkbookImports(const Config& config, std::shared_ptr<MainThreadQueue> main_thread,
                                 InstalledPack& installed)
    : config_(config), main_thread_(std::move(main_thread)), installed_(installed) {
    // A candidate left by a restart is never shown: staff start again from the stick.
    if (config_.pack_override.empty()) update::remove_workbook_files(config_.data_dir);
}

// --- stick ---
void WorkbookImports::stick_found(const platform::StickFound& stick) {
    // One workbook at a time; the card of one that ended gives way to the next.
    if (!config_.workbook_import || (stage_ != Stage::None && stage_ != Stage::Ended)) return;
    log_info("workbook found on the stick: " + stick.content_source);
    stick_ = stick;
    stage_ = Stage::Offer;
    since_ = now_;
}

void WorkbookImports::stick_gone(const std::string& mount) {
    if (stick_ && stick_->mount == mount && stage_ == Stage::Offer) {
        stage_ = Stage::None;  // nothing started: the offer goes with the stick
        stick_.reset();
    }
}

void WorkbookImports::loop_turn(double now) {
    now_ = now;
    if ((stage_ == Stage::Offer && now - since_ > kOfferKeepS) ||
        (stage_ == Stage::Ended && now - since_ > kResultKeepS))
        close();
    if (stage_ == Stage::Preview && now - since_ > kPreviewKeepS)
        discard(update::WorkbookOutcome::DiscardedIdle);
    if (stage_ == Stage::Building &&
        build_job_.poll() == platform::StickJob<update::WorkbookBuild>::State::Stalled) {
        log_warn("workbook import: the stick does not answer");
        build_cancel_->store(true);
        end(false, {"U盘没有响应", "The stick does not answer"},
            {"请拔出U盘，换一个U盘再试。展示机内容没有改变。",
             "Pull the stick out and try another one. The kiosk's content is unchanged."});
        stick_.reset();  // no report: the stick cannot take one
    }
    if (remove_files_due_ && !installed_.to_show) {  // the runner shows other content now
        update::remove_workbook_files(config_.data_dir);
        remove_files_due_ = false;
    }
}

bool WorkbookImports::busy() const {
    using State = platform::StickJob<update::WorkbookBuild>::State;
    return stage_ == Stage::Offer || stage_ == Stage::Ended ||
           build_job_.poll() == State::Running ||
           install_job_.poll() == platform::StickJob<update::ImportResult>::State::Running;
}

// --- workers ---
void WorkbookImports::start() {
    if (stage_ != Stage::Offer || !stick_) return;
    log_info("staff: workbook import started with the staff PIN (" + stick_->content_source + ")");
    update::WorkbookBuildOptions o;
    o.source = stick_->content_source;
    o.data_dir = config_.data_dir;
    o.pack_tool = pack_tool_path(config_);
    const std::string installed = update::installed_pack_path(config_.data_dir);
    o.installed_pack = installed.empty() ? config_.builtin_pack : installed;
    o.max_source_bytes = config_.max_pack_bytes;
    o.limits.wall_s = config_.workbook_build_s;
    o.limits.cpu_s = config_.workbook_build_s;
    o.limits.file_bytes = config_.max_pack_bytes;
    // Set when the build is given up on (idle, a stalled stick): the child is killed at once
    // instead of holding the stick worker until its time limit.
    build_cancel_ = std::make_shared<std::atomic<bool>>(false);
    // The task runs while the loop runs, which this object outlives.
    const bool started = build_job_.start(
        [o, cancel = build_cancel_]() mutable {
            o.cancel = cancel.get();
            return update::build_workbook(o);
        },
        platform::kStickCallLimitS,
        [this, queue = main_thread_] { queue->post([this] { build_finished(); }); });
    if (!started) {
        end(false, staff_text(StaffStr::WorkbookInstallFailed),
            {"上一次读取U盘还没有结束；请拔出U盘，换一个再试。",
             "The last read of a stick has not finished; pull it out and try another stick."});
        return;
    }
    drop_when_built_ = false;
    stage_ = Stage::Building;
}

void WorkbookImports::build_finished() {
    if (build_job_.poll() != platform::StickJob<update::WorkbookBuild>::State::Done) return;
    if (stage_ != Stage::Building) {  // given up on (a stick that stalled): dropped
        build_job_.take();
        remove_files_due_ = true;
        return;
    }
    build_ = build_job_.take();
    if (build_.ok) {
        log_info("workbook built: version " + std::to_string(build_.info.pack_version) + ", " +
                 content::counts_text(build_.info.counts, 1));
    } else {
        log_warn("workbook refused: " + std::to_string(build_.problems.size()) + " problem(s)" +
                 (build_.problems.empty() ? "" : ", first: " + build_.problems.front()));
        report(WorkbookOutcome::Refused);
    }
    stage_ = Stage::Summary;
    if (drop_when_built_) idle();
}

void WorkbookImports::accept() {
    if (stage_ != Stage::Preview) return;
    update::ImportOptions o;
    o.data_dir = config_.data_dir;
    o.max_pack_bytes = config_.max_pack_bytes;
    const std::string candidate = build_.candidate;
    if (!install_job_.start(
            [candidate, o] { return update::install_built_pack(candidate, o); },
            platform::kStickCallLimitS,
            [this, queue = main_thread_] { queue->post([this] { install_finished(); }); }))
        return;
    stage_ = Stage::Installing;
}

void WorkbookImports::install_finished() {
    if (install_job_.poll() != platform::StickJob<update::ImportResult>::State::Done) return;
    const update::ImportResult r = install_job_.take();
    if (!r.ok) {
        log_error("workbook install failed: " + r.refusal.en);
        installed_.show_installed(config_);
        report(WorkbookOutcome::InstallFailed, r.refusal.zh + " / " + r.refusal.en);
        end(false, staff_text(StaffStr::WorkbookInstallFailed),
            {r.refusal.zh + " " + r.refusal.todo_zh, r.refusal.en + " " + r.refusal.todo_en});
        return;
    }
    const std::string version = std::to_string(r.info.pack_version);
    installed_.last_import = local_time_text() + " " + build_.source_name + ": version " + version +
                             " accepted by staff PIN";
    installed_.signer.clear();
    log_info("workbook import " + build_.source_name + ": version " + version +
             " accepted by staff PIN");
    installed_.note("import");
    installed_.show_installed(config_);
    remove_files_due_ = true;  // current.db is the same file under its own name
    report(WorkbookOutcome::Accepted);
    end(true, staff_text(StaffStr::WorkbookAccepted),
        {"新版本 " + version + "：" + content::counts_text(r.info.counts, 0),
         "New version " + version + ": " + content::counts_text(r.info.counts, 1)});
}

void WorkbookImports::report(WorkbookOutcome outcome, const std::string& install_error) {
    if (!stick_ || !stick_->writable) return;
    const std::string text =
        update::format_workbook_report(build_, outcome, local_time_text(), install_error);
    // A stick that stopped answering leaves this worker behind; the kiosk carries on.
    if (!report_job_.start(
            [mount = stick_->mount, text] { return platform::write_stick_report(mount, text); }))
        log_warn("workbook report not written: the stick does not answer");
}

// --- decisions ---
void WorkbookImports::preview() {
    if (stage_ != Stage::Summary || !build_.ok) return;
    try {
        installed_.to_show = std::make_shared<ContentDb>(build_.candidate);
    } catch (const std::exception& e) {
        log_error(std::string("cannot open the candidate pack: ") + e.what());
        return;
    }
    log_info("staff: workbook preview");
    stage_ = Stage::Preview;
    since_ = now_;
}

void WorkbookImports::discard(WorkbookOutcome why) {
    if (stage_ != Stage::Preview && stage_ != Stage::Summary) return;
    const bool idle = why == WorkbookOutcome::DiscardedIdle;
    log_info(idle ? "workbook discarded: left idle" : "staff: workbook discarded");
    if (stage_ == Stage::Preview) installed_.show_installed(config_);
    remove_files_due_ = true;
    if (build_.ok) report(why);
    end(true, staff_text(idle ? StaffStr::WorkbookIdleDiscarded : StaffStr::WorkbookDiscarded), {});
}

void WorkbookImports::close() {
    if (stage_ == Stage::Summary) {
        if (build_.ok) return discard();
        remove_files_due_ = true;
    }
    if (stage_ == Stage::Offer || stage_ == Stage::Summary || stage_ == Stage::Ended) {
        stage_ = Stage::None;
        stick_.reset();
    }
}

void WorkbookImports::idle() {
    switch (stage_) {
        case Stage::Offer:
            close();
            break;
        case Stage::Building:
            drop_when_built_ = true;
            if (build_cancel_) build_cancel_->store(true);
            break;
        case Stage::Summary:
            if (build_.ok)
                discard(WorkbookOutcome::DiscardedIdle);
            else
                close();
            break;
        case Stage::Preview:
            discard(WorkbookOutcome::DiscardedIdle);
            break;
        default:
            break;
    }
}

void WorkbookImports::end(bool ok, Bilingual title, Bilingual detail) {
    stage_ = Stage::Ended;
    since_ = now_;
    ended_ok_ = ok;
    ended_title_ = std::move(title);
    ended_detail_ = std::move(detail);
}

// --- what the UI shows ---
ui::ImportOverlay WorkbookImports::overlay() const {
    ui::ImportOverlay o;
    switch (stage_) {
        case Stage::Offer:
            o.visible = o.offers_pin = true;
            o.title = staff_text(StaffStr::WorkbookFound);
            o.detail = source_text(stick_->content_source.substr(stick_->mount.size() + 1));
            o.todo = staff_text(StaffStr::WorkbookFoundDetail);
            o.closes_in_s = std::max(0, static_cast<int>(kOfferKeepS - (now_ - since_) + 0.999));
            break;
        case Stage::Installing:
            o.visible = o.busy = true;
            o.percent = 50;
            o.title = staff_text(StaffStr::WorkbookInstalling);
            break;
        case Stage::Ended:
            o.visible = true;
            o.ok = ended_ok_;
            o.refused = !ended_ok_;
            o.title = ended_title_;
            o.detail = ended_detail_;
            if (stick_ && stick_->writable) {
                const Bilingual& hint = staff_text(StaffStr::WorkbookReportHint);
                o.detail.zh += (o.detail.zh.empty() ? "" : "\n") + hint.zh;
                o.detail.en += (o.detail.en.empty() ? "" : "\n") + hint.en;
            }
            o.closes_in_s = std::max(0, static_cast<int>(kResultKeepS - (now_ - since_) + 0.999));
            break;
        default:
            break;
    }
    return o;
}

ui::WorkbookView WorkbookImports::view() const {
    ui::WorkbookView v;
    switch (stage_) {
        case Stage::Building:
            v.stage = ui::WorkbookView::Stage::Building;
            v.title = staff_text(StaffStr::WorkbookBuilding);
            v.detail = staff_text(StaffStr::WorkbookBuildingHint);
            return v;
        case Stage::Summary:
        case Stage::Preview:
            break;
        default:
            return v;
    }
    v.stage = stage_ == Stage::Preview ? ui::WorkbookView::Stage::Preview
                                       : ui::WorkbookView::Stage::Summary;
    v.ok = build_.ok;
    if (!build_.ok) {
        v.title = staff_text(StaffStr::WorkbookProblems);
        v.detail = {
            build_.source_name + "：" + std::to_string(build_.problems.size()) + " 个问题",
            build_.source_name + ": " + std::to_string(build_.problems.size()) + " problem(s)"};
        for (const std::string& p : build_.problems) v.lines.push_back({p, p});
        return v;
    }
    const std::string version = std::to_string(build_.info.pack_version);
    v.title = staff_text(StaffStr::WorkbookReady);
    v.detail = {build_.source_name + " → 版本 " + version + "：" +
                    content::counts_text(build_.info.counts, 0),
                build_.source_name + " → version " + version + ": " +
                    content::counts_text(build_.info.counts, 1)};
    const auto zh = update::diff_lines(build_.diff, 0), en = update::diff_lines(build_.diff, 1);
    for (std::size_t i = 0; i < zh.size(); ++i) v.lines.push_back({zh[i], en[i]});
    if (v.lines.empty()) v.lines.push_back(staff_text(StaffStr::WorkbookSame));
    for (const std::string& n : build_.notes) v.lines.push_back({n, n});
    return v;
}

}  // namespace kiosk::engine
