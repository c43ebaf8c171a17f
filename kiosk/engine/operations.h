// Unattended operation, glued to the runner through RunHooks: the log, the opening hours (display
// off after hours, woken by a touch), and three parts with one job each:
// - HealthMonitor (health_monitor.h): systemd readiness and watchdog, frame rate, the
//   crash-recovery trial of a new pack;
// - StickImportController (stick_imports.h): sticks, imports, the import card, new content;
// - WorkbookImports (workbook_imports.h): a staff workbook on a stick, PIN to accept;
// - StaffServices (staff_services.h): what the staff panel shows and does;
// - StatsRecorder (kiosk/stats): visitor statistics and the kiosk's health beside them;
// - SyncInbox (sync_inbox.h): packs from Syncthing, and this kiosk's status for the fleet.
// Workers hand their results to the main thread through one MainThreadQueue, which the runner
// drains once per loop turn. Main thread only.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "kiosk/core/config.h"
#include "kiosk/engine/health_monitor.h"
#include "kiosk/engine/main_thread_queue.h"
#include "kiosk/engine/runner.h"
#include "kiosk/engine/staff_services.h"
#include "kiosk/engine/stick_imports.h"
#include "kiosk/engine/sync_inbox.h"
#include "kiosk/engine/workbook_imports.h"
#include "kiosk/staff/opening_hours.h"
#include "kiosk/stats/stats_recorder.h"

namespace kiosk::engine {

class Operations {
  public:
    explicit Operations(const Config& config);
    ~Operations();  // a clean end: the next start is not counted as a crash
    Operations(const Operations&) = delete;
    Operations& operator=(const Operations&) = delete;

    // The pack to show at start: an installed pack (after counting this start of a pack on
    // trial), else the built-in one. Call once, before opening content.
    std::string startup_pack_path();
    // Fills the hooks, the main-thread queue and the services the screens see.
    void attach(RunOptions* options);

  private:
    // Opens the log first and closes it last, after every part below has stopped.
    struct LogSession {
        explicit LogSession(const std::string& data_dir);
        ~LogSession();
    };

    void loop_turn(double now);
    double seconds_until_due(double now) const;
    void follow_opening_hours(double now);
    void count_display_time(double now);
    void log_statistics_opened();

    Config config_;
    LogSession log_;
    const bool after_crash_;  // the last run left its marker: it did not end cleanly
    // Visitor statistics (kiosk/stats): null when config.visitor_statistics is false. Made before
    // the parts that report to it and stopped after them.
    std::unique_ptr<stats::StatsRecorder> stats_;
    std::shared_ptr<MainThreadQueue> main_thread_ = std::make_shared<MainThreadQueue>();
    InstalledPack installed_;
    HealthMonitor health_;
    StickImportController sticks_;
    WorkbookImports workbooks_;
    StaffServices staff_;
    SyncInbox sync_;
    std::optional<staff::WakeState> wake_;  // opening hours; empty: always on
    bool display_on_ = true;
    double display_counted_at_ = -1, display_on_s_ = 0;  // whole minutes go to the statistics
    bool stats_opening_logged_ = false;
};

}  // namespace kiosk::engine
