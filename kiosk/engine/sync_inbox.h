// Several kiosks kept in step by Syncthing (deploy/README.md, "Several kiosks"): the sync inbox
// and this kiosk's status report. One worker scans config.sync_inbox every 2 s, imports a pack
// that is whole there (Syncthing's REST API says the folder is idle, or the files have settled;
// update/inbox.h, update/sync_rest.h) with the same importer as a stick (signature, version floor,
// validation, atomic switch) and hands the result to the main thread: no card covers the visitors'
// screen, it is logged and shown on the staff panel. The worker also writes status/<host>.json into
// config.sync_status_dir every 5 minutes and after every import. Both are off when their config
// path is empty. Main thread: the constructor, loop_turn and the destructor.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "kiosk/core/config.h"
#include "kiosk/engine/main_thread_queue.h"
#include "kiosk/engine/stick_imports.h"
#include "kiosk/update/fleet_status.h"
#include "kiosk/update/inbox.h"

namespace kiosk::engine {

inline constexpr double kInboxScanS = 2;
inline constexpr double kStatusEveryS = 300;
// The first report waits this long: hashing a large pack is not for the seconds of a start.
inline constexpr double kFirstStatusS = 60;

class SyncInbox {
  public:
    SyncInbox(const Config& config, std::shared_ptr<MainThreadQueue> main_thread,
              InstalledPack& installed);
    ~SyncInbox();  // cancels an import under way and stops the worker
    SyncInbox(const SyncInbox&) = delete;
    SyncInbox& operator=(const SyncInbox&) = delete;

    bool on() const { return worker_.joinable(); }
    // What the status carries that only the main thread knows; call every loop turn (it hands
    // them over about once a second).
    void loop_turn(double uptime_s, bool display_on);

  private:
    struct Facts {
        std::string last_import;
        double uptime_s = 0;
        bool display_on = true;
    };
    void run();
    void import_ready(update::InboxSettle& settle, const std::vector<update::ReadyPack>& ready);
    void imported(const update::ImportResult& result, const std::string& pack);
    void write_status();

    Config config_;
    std::shared_ptr<MainThreadQueue> main_thread_;
    InstalledPack& installed_;
    std::mutex mutex_;
    std::condition_variable wake_;
    Facts facts_;              // guarded by mutex_
    double facts_at_ = -1;     // main thread: when facts_ was last handed over
    bool stop_ = false;        // guarded by mutex_
    bool status_due_ = false;  // guarded by mutex_
    std::atomic<bool> cancel_{false};
    bool retry_now_ = false;  // worker: the last import failed for a passing reason
    std::string sha_for_;     // worker: the pack file (path:size:mtime) whose hash is cached
    std::string sha_;
    std::thread worker_;
};

}  // namespace kiosk::engine
