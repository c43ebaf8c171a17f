// StickImport: everything a stick import does with the stick (choosing the pack, reading it and
// its signature, writing the report back) runs on a worker thread so the UI keeps drawing; the
// overlay reads status() while it runs and draws stage, percent and the final message (zh + en);
// on_finished says when it is over.
// A stick call that hangs (a dead stick) turns the status into Stalled: "the stick does not
// answer". No ImGui here.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/update/importer.h"
#include "platform/usb/stick_job.h"

namespace kiosk::update {

enum class StickStage {
    Idle,
    Found,
    Copying,
    Verifying,
    Checking,
    Installing,
    Done,
    Refused,
    Stalled  // a read or write on the stick has not returned within the limit
};

struct StickImportStatus {
    StickStage stage = StickStage::Idle;
    int percent = 0;        // 0..100 across all stages, for the progress bar
    std::string pack_name;  // file name on the stick, e.g. content.pack
    // What the overlay shows, both languages: a headline, a detail line, what to do next.
    std::string title_zh, title_en;
    std::string detail_zh, detail_en;
    std::string todo_zh, todo_en;
    ImportResult result;  // meaningful once stage is Done or Refused
};

class StickImport {
  public:
    StickImport();
    // Cancels, waits a moment, then leaves a worker stuck on a dead stick behind (it holds only
    // shared state), so shutting down never hangs on a stick.
    ~StickImport();
    StickImport(const StickImport&) = delete;
    StickImport& operator=(const StickImport&) = delete;

    // On the worker: chooses among `pack_paths` (choose_pack), imports that one (its signature
    // next to it) and, when `report_mount` is set, writes kiosk/import-report.txt there before
    // the status says Done or Refused. false if a worker (even a stalled one) still runs.
    // on_finished runs on the worker once the status says Done or Refused and running() is false
    // (e.g. posts to the main thread); it may outlive the caller, so it holds what it uses.
    bool start(std::vector<std::string> pack_paths, ImportOptions options,
               std::string report_mount = {}, std::function<void()> on_finished = {});
    bool start(const std::string& pack_path, ImportOptions options) {
        return start(std::vector<std::string>{pack_path}, std::move(options));
    }
    StickImportStatus status() const;  // thread-safe snapshot; never blocks on the stick
    bool running() const;
    void cancel();
    void wait();                    // blocks until the worker has finished (tests)
    bool wait_for(double seconds);  // false: still running after that long
    double stall_limit_s = platform::kStickCallLimitS;  // one stick call, at most

  private:
    struct Shared;
    std::shared_ptr<Shared> shared_;
};

// Of several packs found on one stick, the one whose signature claims the highest version
// (the claim is verified later); ties and unreadable signatures (a FIFO, a link, a huge file):
// the first by name. Reads the stick: call it on a worker.
std::string choose_pack(std::vector<std::string> pack_paths);

// The card of a finished import closes by itself after a while: this is the one owner of that
// timeout (the UI shows seconds_left and offers a close button, nothing more).
class FinishedCardClock {
  public:
    static constexpr double kOkKeepS = 20;
    static constexpr double kRefusedKeepS = 60;  // longer: staff must read the reason

    void update(StickStage stage, double now);  // every loop, with the import's stage
    bool visible(double now) const;             // a finished card still up (or a busy one)
    int seconds_left(double now) const;         // finished: whole seconds until it closes

  private:
    bool finished() const;
    StickStage stage_ = StickStage::Idle;
    double since_ = 0;
};

// The short report written back to the stick (kiosk/import-report.txt), zh then en.
std::string format_import_report(const StickImportStatus& status, const std::string& when_iso);

}  // namespace kiosk::update
