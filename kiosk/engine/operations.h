// Unattended operation, glued to the runner through RunHooks: systemd readiness and watchdog,
// the crash-recovery trial of a new pack, USB sticks (watch → import on a worker → overlay →
// swap content without a restart) and the staff panel's facts and actions. Main thread only,
// except the mount watcher's callback, which only queues.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/config.h"
#include "kiosk/engine/runner.h"
#include "kiosk/staff/opening_hours.h"
#include "kiosk/update/stick_import.h"
#include "platform/systemd/systemd_notifier.h"
#include "platform/usb/mount_watcher.h"

namespace kiosk::engine {

class Operations : public ui::StaffActions {
  public:
    explicit Operations(const Config& config);
    ~Operations() override;

    // The pack to show at start: an installed pack (after counting this start of a pack on
    // trial), else the built-in one. Call once, before opening content.
    std::string startup_pack_path();
    // Fills the hooks and the services the screens see.
    void attach(RunOptions* options);

    // ui::StaffActions
    ui::SystemFacts facts() override;
    Bilingual rollback() override;
    Bilingual export_report() override;
    void restart() override;
    void power_off() override;
    void log_action(const std::string& what) override;

  private:
    void on_loop(double now);
    void start_next_import();
    ui::ImportOverlay overlay() const;
    std::shared_ptr<ContentDb> take_new_content();

    Config config_;
    platform::SystemdNotifier notifier_;
    std::unique_ptr<platform::MountWatchThread> watcher_;
    std::mutex found_mutex_;
    std::vector<platform::StickFound> found_;  // queued by the watcher thread
    std::optional<platform::StickFound> last_stick_;
    update::StickImport import_;
    bool import_reported_ = true;
    // What the overlay draws: the status as of the last on_loop, so "done"/"refused" never shows
    // before the report is on the stick and the new content is queued.
    update::StickImportStatus shown_status_;
    double import_finished_at_ = -1;
    std::string last_import_;
    std::shared_ptr<ContentDb> pending_content_;
    double started_ = 0, frames_window_start_ = 0;
    long long frames_ = 0, frames_at_window_ = 0;
    double fps_ = 0;
    bool ran_well_noted_ = false;
    std::string pack_signer_;
    std::optional<staff::WakeState> wake_;  // opening hours; empty: always on
    bool display_on_ = true;
};

}  // namespace kiosk::engine
