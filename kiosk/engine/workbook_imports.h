// A staff workbook on a stick, from the card to the decision: the offer (PIN to continue, closes
// by itself), the build on a stick worker (copy off the stick, kiosk-pack in a child process with
// limits, the validator, the comparison with the installed content; update/workbook_build.h), the
// summary, the preview (the candidate shown read-only, as any new content is swapped in), accept
// (update::install_built_pack on a worker) or discard, and the report written back to the stick
// on a StickJob. Every worker posts its end to the main-thread queue. Main thread only.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "kiosk/core/config.h"
#include "kiosk/engine/main_thread_queue.h"
#include "kiosk/engine/stick_imports.h"
#include "kiosk/ui/services.h"
#include "kiosk/update/importer.h"
#include "kiosk/update/workbook_build.h"
#include "platform/usb/stick_job.h"

namespace kiosk::engine {

// The kiosk-pack the kiosk runs: config.pack_tool, else the one next to the kiosk program.
std::string pack_tool_path(const Config& config);

class WorkbookImports {
  public:
    static constexpr double kOfferKeepS = 60;   // the offer closes by itself after this
    static constexpr double kResultKeepS = 30;  // and the card saying how it ended
    // A preview ends by itself after this even while visitors keep touching the screen: the
    // candidate is never on show for longer than a staff member would look at it.
    static constexpr double kPreviewKeepS = 600;

    WorkbookImports(const Config& config, std::shared_ptr<MainThreadQueue> main_thread,
                    InstalledPack& installed);

    void stick_found(const platform::StickFound& stick);  // one with a workbook and no pack
    void stick_gone(const std::string& mount);
    void loop_turn(double now);
    bool busy() const;  // a worker runs: the loop checks back soon

    ui::ImportOverlay overlay() const;  // the offer, installing, or how it ended
    ui::WorkbookView view() const;
    bool previewing() const { return stage_ == Stage::Preview; }

    void start();
    void preview();
    void accept();
    void discard(update::WorkbookOutcome why = update::WorkbookOutcome::Discarded);
    void close();
    void idle();

  private:
    enum class Stage { None, Offer, Building, Summary, Preview, Installing, Ended };
    void build_finished();
    void install_finished();
    void report(update::WorkbookOutcome outcome, const std::string& install_error = {});
    void end(bool ok, Bilingual title, Bilingual detail);

    Config config_;
    std::shared_ptr<MainThreadQueue> main_thread_;
    InstalledPack& installed_;
    Stage stage_ = Stage::None;
    std::optional<platform::StickFound> stick_;
    double now_ = 0, since_ = 0;
    platform::StickJob<update::WorkbookBuild> build_job_;
    std::shared_ptr<std::atomic<bool>> build_cancel_;  // of the build running now
    platform::StickJob<update::ImportResult> install_job_;
    platform::StickJob<bool> report_job_;
    update::WorkbookBuild build_;
    bool ended_ok_ = false;
    Bilingual ended_title_, ended_detail_;
    bool drop_when_built_ = false;   // the idle timeout passed while building
    bool remove_files_due_ = false;  // once the runner took the content shown instead
};

}  // namespace kiosk::engine
