// What the staff panel calls (ui::StaffActions): the facts it shows, rolling the content back,
// exporting logs and a health report to the stick plugged in now (on a StickJob worker whose
// outcome comes back through the main-thread queue), publishing the installed pack to the other
// kiosks (the publisher kiosk only; on a worker too), restart and power off. Main thread only.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "kiosk/core/config.h"
#include "kiosk/engine/health_monitor.h"
#include "kiosk/engine/main_thread_queue.h"
#include "kiosk/engine/stick_imports.h"
#include "kiosk/engine/workbook_imports.h"
#include "kiosk/stats/stats_recorder.h"
#include "kiosk/ui/services.h"
#include "kiosk/update/publish.h"
#include "platform/usb/stick_job.h"

namespace kiosk::engine {

inline constexpr const char* kAppVersion = "1.0.0";

// What the export worker hands back: the panel's message and the line for the log.
struct ExportOutcome {
    bool ok = false;
    Bilingual message;
    std::string log_line;
};

class StaffServices final : public ui::StaffActions {
  public:
    StaffServices(const Config& config, std::shared_ptr<MainThreadQueue> main_thread,
                  InstalledPack& installed, const StickImportController& sticks,
                  HealthMonitor& health, WorkbookImports& workbooks, stats::StatsRecorder* stats);

    void loop_turn();        // notices an export stuck on a stick that does not answer
    bool exporting() const;  // an export runs (or hangs on its stick)
    void set_render_path(std::string text) { render_path_ = std::move(text); }

    // ui::StaffActions
    ui::SystemFacts facts() override;
    Bilingual rollback() override;
    Bilingual export_report() override;
    std::optional<Bilingual> export_result() override;
    void restart() override;
    void power_off() override;
    void log_action(const std::string& what) override;
    ui::WorkbookView workbook() override { return workbooks_.view(); }
    bool workbook_previewing() override { return workbooks_.previewing(); }
    void workbook_start() override { workbooks_.start(); }
    void workbook_preview() override { workbooks_.preview(); }
    void workbook_accept() override { workbooks_.accept(); }
    void workbook_discard() override { workbooks_.discard(); }
    void workbook_close() override { workbooks_.close(); }
    void workbook_idle() override { workbooks_.idle(); }
    bool statistics_on() override { return stats_ != nullptr; }
    void request_statistics() override;
    std::shared_ptr<const stats::StatsSummary> statistics() override { return statistics_; }
    Bilingual export_statistics() override;
    bool publish_on() override;
    Bilingual publish() override;
    std::optional<ui::StaffOutcome> publish_result() override;

  private:
    std::string render_path_;
    void export_finished();
    void publish_finished();

    Config config_;
    std::shared_ptr<MainThreadQueue> main_thread_;
    InstalledPack& installed_;
    const StickImportController& sticks_;
    HealthMonitor& health_;
    WorkbookImports& workbooks_;
    stats::StatsRecorder* stats_;                            // null: statistics off
    std::shared_ptr<const stats::StatsSummary> statistics_;  // the panel's charts, once read
    platform::StickJob<ExportOutcome> export_job_;
    std::optional<Bilingual> export_message_;  // for the panel, once
    bool export_stall_noted_ = false;
    platform::StickJob<update::PublishResult> publish_job_;  // touches no stick: a plain worker
    std::optional<ui::StaffOutcome> publish_outcome_;        // for the panel, once
};

}  // namespace kiosk::engine
