// Unattended operation, glued to the runner through RunHooks: systemd readiness and watchdog,
// the crash-recovery trial of a new pack, USB sticks (watch → import on a worker → overlay →
// swap content without a restart) and the staff panel's facts and actions. Main thread only,
// except the mount watcher's callbacks, which only queue. Nothing here touches a stick: imports
// and exports run on workers (StickImport, StickJob) that this class starts and polls.
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
#include "platform/usb/stick_job.h"

namespace kiosk::engine {

// What the export worker hands back: the panel's message and the line for the log.
struct ExportOutcome {
    bool ok = false;
    Bilingual message;
    std::string log_line;
};

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
    std::optional<Bilingual> export_result() override;
    void restart() override;
    void power_off() override;
    void log_action(const std::string& what) override;

  private:
    struct StickEvent {
        bool gone = false;  // pulled out; else plugged in
        platform::StickFound stick;
    };

    void on_loop(double now);
    void take_stick_events();
    void start_next_import();
    void poll_export();
    ui::ImportOverlay overlay() const;
    std::shared_ptr<ContentDb> take_new_content();

    Config config_;
    platform::SystemdNotifier notifier_;
    std::unique_ptr<platform::MountWatchThread> watcher_;
    std::mutex events_mutex_;
    std::vector<StickEvent> events_;                     // queued by the watcher thread
    std::optional<platform::StickFound> current_stick_;  // plugged in now (exports go here)
    std::vector<platform::StickFound> waiting_imports_;  // sticks with packs, first come first
    update::StickImport import_;
    bool import_reported_ = true;
    // What the overlay draws: the status as of the last on_loop, so "done"/"refused" never shows
    // before the new content is queued (the worker wrote the report before saying so).
    update::StickImportStatus shown_status_;
    update::FinishedCardClock card_clock_;
    double now_ = 0;  // as of the last on_loop
    platform::StickJob<ExportOutcome> export_job_;
    std::optional<Bilingual> export_message_;  // for the panel, once
    bool export_stall_noted_ = false;
    std::string last_import_;
    std::shared_ptr<ContentDb> pending_content_;
    double started_ = 0, frames_window_start_ = 0;
    long long frames_ = 0, frames_at_window_ = 0;
    double fps_ = 0;
    bool ran_well_noted_ = false;
    std::string pack_signer_;
    std::string pack_version_;              // of the installed pack, kept as it changes
    std::optional<staff::WakeState> wake_;  // opening hours; empty: always on
    bool display_on_ = true;
};

}  // namespace kiosk::engine
