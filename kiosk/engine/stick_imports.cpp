// Stick watching and imports; see stick_imports.h.
#include "kiosk/engine/stick_imports.h"

#include <chrono>
#include <exception>
#include <utility>

#include "kiosk/core/local_time.h"
#include "kiosk/logging/log.h"
#include "kiosk/update/install_state.h"
#include "kiosk/update/pack_validator.h"

namespace kiosk::engine {

void InstalledPack::read_version(const std::string& data_dir) {
    try {
        const std::string installed = update::installed_pack_path(data_dir);
        version = installed.empty()
                      ? "built-in / 内置"
                      : std::to_string(update::read_pack_info(installed).pack_version);
    } catch (const std::exception& e) {
        version = e.what();
    }
}

void InstalledPack::show_installed(const Config& config) {
    const std::string installed = update::installed_pack_path(config.data_dir);
    try {
        to_show = std::make_shared<ContentDb>(installed.empty() ? config.builtin_pack : installed);
    } catch (const std::exception& e) {
        log_error(std::string("cannot open the installed pack: ") + e.what());
    }
    read_version(config.data_dir);
}

StickImportController::StickImportController(const Config& config,
                                             std::shared_ptr<MainThreadQueue> main_thread,
                                             InstalledPack& installed)
    : config_(config), main_thread_(std::move(main_thread)), installed_(installed) {}

StickImportController::~StickImportController() {
    watcher_.reset();  // no more stick events
    import_.cancel();  // ~StickImport waits briefly, then leaves a worker stuck on a stick
}

void StickImportController::start_watching() {
    if (config_.mount_roots.empty() || !config_.pack_override.empty()) return;
    // The watcher thread only posts; the tasks run on the main thread while the loop runs, and
    // this controller outlives the loop.
    watcher_ = std::make_unique<platform::MountWatchThread>(
        std::make_unique<platform::PollingMountWatcher>(config_.mount_roots),
        std::chrono::milliseconds(1000),
        [this, queue = main_thread_](const platform::StickFound& stick) {
            queue->post([this, stick] { stick_found(stick); });
        },
        [this, queue = main_thread_](const std::string& mount) {
            queue->post([this, mount] { stick_gone(mount); });
        });
}

void StickImportController::stick_found(platform::StickFound stick) {
    log_info("USB stick found at " + stick.mount);
    current_stick_ = stick;
    if (!stick.packs.empty())
        waiting_imports_.push_back(std::move(stick));
    else if (!stick.content_source.empty() && on_workbook)
        on_workbook(stick);
}

void StickImportController::stick_gone(const std::string& mount) {
    log_info("USB stick removed from " + mount);
    if (current_stick_ && current_stick_->mount == mount) current_stick_.reset();
    if (on_gone) on_gone(mount);
}

void StickImportController::loop_turn(double now) {
    now_ = now;
    start_next_import();
    // While it runs, the card follows its progress, and a stick that stops answering shows by the
    // clock; the end arrives through the main-thread queue (import_finished).
    if (import_.running()) show(import_.status());
    card_clock_.update(shown_status_.stage, now);
}

void StickImportController::start_next_import() {
    if (waiting_imports_.empty() || import_.running()) return;  // one stick at a time
    const platform::StickFound stick = std::move(waiting_imports_.front());
    waiting_imports_.erase(waiting_imports_.begin());
    update::ImportOptions options;
    options.data_dir = config_.data_dir;
    options.keys_dir = config_.keys_dir;
    options.max_pack_bytes = config_.max_pack_bytes;
    // The task runs while the loop runs, which this controller outlives.
    if (import_.start(stick.packs, options, stick.writable ? stick.mount : std::string(),
                      [this, queue = main_thread_] { queue->post([this] { import_finished(); }); }))
        import_reported_ = false;
}

void StickImportController::import_finished() {
    show(import_.status());
}

void StickImportController::show(const update::StickImportStatus& status) {
    const bool finished =
        status.stage == update::StickStage::Done || status.stage == update::StickStage::Refused;
    if (finished && !import_reported_) take_finished_import(status);
    if (status.stage == update::StickStage::Stalled &&
        shown_status_.stage != update::StickStage::Stalled)
        log_warn("stick import: the stick does not answer (" + status.pack_name + ")");
    shown_status_ = status;
}

// Once per import: the line for the staff panel and the log, and an installed pack to show.
void StickImportController::take_finished_import(const update::StickImportStatus& status) {
    import_reported_ = true;
    const bool installed = status.stage == update::StickStage::Done;
    installed_.last_import =
        local_time_text() + " " + status.pack_name + ": " +
        (installed ? "installed version " + std::to_string(status.result.info.pack_version)
                   : "refused: " + status.result.refusal.en);
    log_info("stick import " + installed_.last_import +
             (installed ? "; " + update::images_summary(status.result) : ""));
    installed_.note(installed ? "import" : "import_refused");
    if (!installed) return;
    installed_.signer = status.result.key_id;
    installed_.show_installed(config_);
}

ui::ImportOverlay StickImportController::overlay() const {
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

}  // namespace kiosk::engine
