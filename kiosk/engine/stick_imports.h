// USB sticks and the packs on them: watches for sticks (the watcher thread posts to the main
// thread), imports the packs found, one stick at a time, on StickImport's worker (its end posted
// to the main thread too), keeps the import card the overlay draws, and hands an installed pack
// to the runner. Nothing here reads a
// stick on the main thread. Main thread only.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/config.h"
#include "kiosk/core/content_db.h"
#include "kiosk/engine/main_thread_queue.h"
#include "kiosk/ui/services.h"
#include "kiosk/update/stick_import.h"
#include "platform/usb/mount_watcher.h"

namespace kiosk::engine {

// The installed pack as the staff panel shows it, and a pack installed but not shown yet.
// Written by imports, rollbacks and the start; main thread.
struct InstalledPack {
    std::string version;  // "built-in / 内置" or the pack version (no hash: read every second)
    std::string signer;   // key id of the last pack imported
    std::string last_import;             // one line: when, which pack, installed or why refused
    std::shared_ptr<ContentDb> to_show;  // the runner takes it on its next loop turn

    void read_version(const std::string& data_dir);
    // After an install or a discarded preview: the installed pack (or the built-in one) to show,
    // and its version. A pack that cannot be opened is logged; the shown content stays.
    void show_installed(const Config& config);
    // Content events for the statistics' health rows: "import", "import_refused", "rollback".
    std::function<void(const std::string& event)> on_event;
    void note(const std::string& event) const {
        if (on_event) on_event(event);
    }
};

class StickImportController {
  public:
    StickImportController(const Config& config, std::shared_ptr<MainThreadQueue> main_thread,
                          InstalledPack& installed);
    ~StickImportController();  // stops watching; leaves a worker stuck on a dead stick behind
    StickImportController(const StickImportController&) = delete;
    StickImportController& operator=(const StickImportController&) = delete;

    // Starts watching the configured mount roots (not with --pack, which previews one file and
    // must not install into the data folder).
    void start_watching();
    void loop_turn(double now);  // starts the next import, takes a finished one, times the card
    bool importing() const { return import_.running(); }
    ui::ImportOverlay overlay() const;  // the card as of the last loop turn
    // The stick plugged in now (exports go there).
    const std::optional<platform::StickFound>& current_stick() const { return current_stick_; }
    // A stick with a staff workbook and no signed pack (a signed pack wins: it is the trusted
    // path), and any stick pulled out. Main thread.
    std::function<void(const platform::StickFound&)> on_workbook;
    std::function<void(const std::string& mount)> on_gone;

  private:
    void stick_found(platform::StickFound stick);
    void stick_gone(const std::string& mount);
    void start_next_import();
    void import_finished();
    // What the card shows from now on; takes a finished import once.
    void show(const update::StickImportStatus& status);
    void take_finished_import(const update::StickImportStatus& status);

    Config config_;
    std::shared_ptr<MainThreadQueue> main_thread_;
    InstalledPack& installed_;
    std::optional<platform::StickFound> current_stick_;
    std::vector<platform::StickFound> waiting_imports_;  // sticks with packs, first come first
    update::StickImport import_;
    bool import_reported_ = true;
    // What the overlay draws: the status as last taken on the main thread, so "done"/"refused"
    // never shows before the new content is queued (the worker wrote the report before saying
    // so).
    update::StickImportStatus shown_status_;
    update::FinishedCardClock card_clock_;
    double now_ = 0;                                       // as of the last loop turn
    std::unique_ptr<platform::MountWatchThread> watcher_;  // last: stopped first
};

}  // namespace kiosk::engine
