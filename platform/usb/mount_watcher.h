// USB sticks: finds newly mounted folders below the mount roots that hold a kiosk folder (with or
// without kiosk/*.pack or a content workbook), notices when they go, and writes the import report
// back (through stick_io). Only reads directory listings; never opens or runs anything else. A pack
// on a stick is  <stick>/kiosk/NAME.pack  with its signature <stick>/kiosk/NAME.pack.minisig.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace kiosk::platform {

struct StickFound {
    std::string mount;               // the stick's root folder
    std::vector<std::string> packs;  // full paths of kiosk/*.pack, sorted; may be empty
    bool writable = false;           // a report can be written back
    // A staff workbook to build a pack from: kiosk/content.xlsx (a regular file), else a content
    // folder kiosk/content/ (a real folder); empty when neither.
    std::string content_source;
};

// kiosk/content.xlsx or kiosk/content/ below `mount` (see StickFound::content_source).
std::string find_content_source(const std::string& mount);

// kiosk/*.pack below `mount` (regular files or anything named so: the importer refuses non-files).
std::vector<std::string> find_packs(const std::string& mount);

// The interface the kiosk uses; tests may substitute their own.
class MountWatcher {
  public:
    virtual ~MountWatcher() = default;
    // Sticks that appeared since the last poll (each reported once while it stays mounted, and
    // once more if packs appear on a stick first reported without any).
    virtual std::vector<StickFound> poll() = 0;
    // Mounts reported earlier that the last poll no longer found (pulled out).
    virtual std::vector<std::string> gone() { return {}; }
};

// Looks one and two levels below each root (/media/LABEL, /media/USER/LABEL,
// /run/media/USER/LABEL).
class PollingMountWatcher : public MountWatcher {
  public:
    explicit PollingMountWatcher(std::vector<std::string> roots);
    std::vector<StickFound> poll() override;
    std::vector<std::string> gone() override { return gone_; }

  private:
    std::vector<std::string> roots_;
    std::map<std::string, bool> reported_;  // mount → it had packs
    std::vector<std::string> gone_;
};

// Polls a watcher every `interval` on its own thread and calls `on_found` and `on_gone` (on that
// thread). A poll can hang on a dead stick, so the destructor waits only a moment for the thread;
// a thread still stuck then is left behind and never calls back again.
class MountWatchThread {
  public:
    MountWatchThread(std::unique_ptr<MountWatcher> watcher, std::chrono::milliseconds interval,
                     std::function<void(const StickFound&)> on_found,
                     std::function<void(const std::string& mount)> on_gone = {});
    ~MountWatchThread();
    MountWatchThread(const MountWatchThread&) = delete;
    MountWatchThread& operator=(const MountWatchThread&) = delete;

  private:
    struct Shared;  // what the thread uses: it may outlive this object
    std::shared_ptr<Shared> shared_;
};

// Writes `text` to <mount>/kiosk/import-report.txt through stick_io (no links followed, temp
// file + rename). false when read-only or on any error. Blocks on a dead stick: call it on a
// worker.
bool write_stick_report(const std::string& mount, const std::string& text);

}  // namespace kiosk::platform
