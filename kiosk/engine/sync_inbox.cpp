// The sync inbox and the status report; see sync_inbox.h.
// Sections: worker loop · import · status
#include "kiosk/engine/sync_inbox.h"

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>

#include "kiosk/core/local_time.h"
#include "kiosk/engine/staff_services.h"
#include "kiosk/logging/log.h"
#include "kiosk/update/durable.h"
#include "kiosk/update/inbox.h"
#include "kiosk/update/install_state.h"
#include "kiosk/update/pack_validator.h"
#include "kiosk/update/publish.h"
#include "kiosk/update/stick_import.h"
#include "kiosk/update/sync_rest.h"

namespace kiosk::engine {
namespace {

// Refusals that say nothing about the pack: tried again a minute later.
bool passing_trouble(update::RefusalCode code) {
    using update::RefusalCode;
    return code == RefusalCode::WriteFailed || code == RefusalCode::NoRoom ||
           code == RefusalCode::ReadFailed || code == RefusalCode::Cancelled;
}

// Refusals a pack and a signature from different transfers give: final only once both settled.
bool maybe_half_arrived(update::RefusalCode code) {
    using update::RefusalCode;
    return code == RefusalCode::NoSignature || code == RefusalCode::BadSignatureFile ||
           code == RefusalCode::BadSignature;
}

const char* sync_word(update::FolderSync s) {
    switch (s) {
        case update::FolderSync::Idle:
            return "idle";
        case update::FolderSync::Busy:
            return "busy";
        case update::FolderSync::Unknown:
            break;
    }
    return "not answering";
}

}  // namespace

SyncInbox::SyncInbox(const Config& config, std::shared_ptr<MainThreadQueue> main_thread,
                     InstalledPack& installed)
    : config_(config), main_thread_(std::move(main_thread)), installed_(installed) {
    if (config_.sync_inbox.empty() && config_.sync_status_dir.empty()) return;
    if (!config_.pack_override.empty()) return;  // --pack shows one file: nothing to follow
    worker_ = std::thread([this] { run(); });
}

SyncInbox::~SyncInbox() {
    if (!worker_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cancel_ = true;
    wake_.notify_all();
    worker_.join();
}

void SyncInbox::loop_turn(double uptime_s, bool display_on) {
    if (!on() || (uptime_s - facts_at_ < 1 && uptime_s >= facts_at_)) return;
    facts_at_ = uptime_s;
    std::lock_guard lock(mutex_);
    facts_.uptime_s = uptime_s;
    facts_.display_on = display_on;
    facts_.last_import = installed_.last_import;
}

// --- worker loop ---
void SyncInbox::run() {
    update::InboxSettle settle(config_.sync_stable_s);
    const update::SyncthingRest rest{config_.sync_rest_socket, config_.sync_rest_key_file,
                                     config_.sync_folder_id};
    // What this kiosk published itself (update/publish.h): never imported from its own inbox.
    const std::string own_pack = "/" + update::published_pack_name(update::this_host_name());
    const auto t0 = std::chrono::steady_clock::now();
    const auto clock = [t0] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    };
    double status_at = kFirstStatusS - kStatusEveryS, retry_at = 0;
    std::string said;  // what the log last said of Syncthing's answer: said again only on change
    std::unique_lock lock(mutex_);
    while (!stop_) {
        lock.unlock();
        if (!config_.sync_inbox.empty() && clock() >= retry_at) {
            std::vector<update::InboxPack> packs = update::list_inbox(config_.sync_inbox);
            std::erase_if(packs,
                          [&](const update::InboxPack& p) { return p.path.ends_with(own_pack); });
            // Syncthing is asked only while there is something to decide.
            update::FolderSyncAnswer answer;
            if (!rest.socket_path.empty() && settle.any_untried(packs)) {
                answer = rest.folder_sync();
                const std::string line = sync_word(answer.sync) + std::string(": ") + answer.why;
                // "busy" once per spell, not once per changed count of files to fetch.
                const std::string key = answer.sync == update::FolderSync::Busy ? "busy" : line;
                if (key != said) {
                    said = key;
                    main_thread_->post(
                        [line] { log_info("sync: Syncthing's inbox folder is " + line); });
                }
            }
            import_ready(settle, settle.ready(packs, clock(), answer.sync));
            if (retry_now_) {
                retry_now_ = false;
                retry_at = clock() + 60;
            }
        }
        lock.lock();
        if (status_due_) status_at = -1e9;
        status_due_ = false;
        if (!config_.sync_status_dir.empty() && clock() - status_at >= kStatusEveryS) {
            lock.unlock();
            write_status();
            status_at = clock();
            lock.lock();
        }
        wake_.wait_for(lock, std::chrono::duration<double>(kInboxScanS),
                       [this] { return stop_ || status_due_; });
    }
}

// The newest of the ready packs (by the version its signature claims) is imported. Once one is
// installed the others are older or the same: they are set aside without a refusal each.
void SyncInbox::import_ready(update::InboxSettle& settle,
                             const std::vector<update::ReadyPack>& ready) {
    if (ready.empty()) return;
    std::vector<std::string> paths;
    for (const update::ReadyPack& r : ready) paths.push_back(r.path);
    const std::string pack = update::choose_pack(paths);
    const bool settled = std::find_if(ready.begin(), ready.end(), [&](const update::ReadyPack& r) {
                             return r.path == pack;
                         })->settled;
    update::ImportOptions o;
    o.data_dir = config_.data_dir;
    o.keys_dir = config_.keys_dir;
    o.max_pack_bytes = config_.max_pack_bytes;
    o.cancel = &cancel_;
    const update::ImportResult r = update::import_pack(pack, o);
    if (!r.ok && passing_trouble(r.refusal.code)) {
        retry_now_ = true;
    } else if (!r.ok && !settled && maybe_half_arrived(r.refusal.code)) {
        settle.wait_until_stable(pack);  // its signature may still be on the way: said once settled
        return;
    } else {
        settle.tried(r.ok ? paths : std::vector<std::string>{pack});
    }
    // The main thread takes it over and asks for a status report once it has.
    if (!cancel_) main_thread_->post([this, r, pack] { imported(r, pack); });
}

// --- import: on the main thread, like the end of a stick import, without the card ---
void SyncInbox::imported(const update::ImportResult& r, const std::string& pack) {
    const std::string name = pack.substr(pack.rfind('/') + 1);
    installed_.last_import = local_time_text() + " sync " + name + ": " +
                             (r.ok ? "installed version " + std::to_string(r.info.pack_version)
                                   : "refused: " + r.refusal.en);
    log_info("sync import " + installed_.last_import);
    installed_.note(r.ok ? "import" : "import_refused");
    {
        std::lock_guard lock(mutex_);  // the report after an import carries that import
        facts_.last_import = installed_.last_import;
        status_due_ = true;
    }
    wake_.notify_all();
    if (!r.ok) return;
    installed_.signer = r.key_id;
    installed_.show_installed(config_);
}

// --- status: status/<host>.json, written whole (temp, fsync, rename) ---
void SyncInbox::write_status() {
    update::KioskStatus s;
    {
        std::lock_guard lock(mutex_);
        s.last_import = facts_.last_import;
        s.uptime_s = facts_.uptime_s;
        s.display_on = facts_.display_on;
    }
    s.host = update::this_host_name();
    s.app_version = kAppVersion;
    const std::string pack = update::installed_pack_path(config_.data_dir);
    struct stat st {};
    if (!pack.empty() && ::stat(pack.c_str(), &st) == 0) {
        try {
            s.pack_version = update::read_pack_info(pack).pack_version;
        } catch (const std::exception&) {
            s.pack_version = 0;
        }
        // Hashing a large pack takes seconds: once per file.
        const std::string key = pack + ":" + std::to_string(st.st_ino) + ":" +
                                std::to_string(st.st_size) + ":" + std::to_string(st.st_mtime);
        if (key != sha_for_) {
            sha_ = update::sha256_file(pack);
            sha_for_ = key;
        }
        s.pack_sha256 = sha_;
    }
    const long long now = std::time(nullptr);
    const update::StartCounts starts = update::start_counts(config_.data_dir, now);
    s.starts_24h = starts.starts;
    s.crashes_24h = starts.crashes;
    struct statvfs vfs {};
    if (statvfs(config_.data_dir.c_str(), &vfs) == 0)
        s.free_disk_bytes =
            static_cast<long long>(vfs.f_bavail) * static_cast<long long>(vfs.f_frsize);
    s.written_at = now;
    update::DurableSteps steps;
    const int err = steps.replace_file(config_.sync_status_dir + "/" + s.host + ".json",
                                       update::status_json(s));
    if (err != 0)
        main_thread_->post([dir = config_.sync_status_dir, err] {
            log_warn("sync status not written to " + dir + ": " + std::strerror(err));
        });
}

}  // namespace kiosk::engine
