// Publishing from a kiosk (deploy/README.md, "Several kiosks"): the one kiosk given the publisher
// role signs its installed pack with its own key and puts the pair into its sync inbox as
// <host>.pack + <host>.pack.minisig; Syncthing carries it to the office, and from there to the
// other kiosks, which import it like any signed pack once they trust this kiosk's public key.
// Both files are written as temporary files in the data dir (same disk as the inbox, outside the
// synced folder), fsynced, then renamed in: the pack first, its signature second, so no receiver
// ever finds a new pack with a signature that verifies before the pack is whole. Runs on a worker.
#pragma once

#include <cstdint>
#include <string>

#include "kiosk/core/content_model.h"
#include "kiosk/update/durable.h"

namespace kiosk::update {

struct PublishOptions {
    std::string data_dir;   // the installed pack: data_dir/current.db
    std::string inbox_dir;  // config.sync_inbox
    std::string key_path;   // config.publish_key: an unencrypted minisign secret key
    std::string host;       // names the files; empty: this_host_name() (fleet_status.h)
    StepHook step_hook;     // tests: each durable step (write, fsync, rename)
};

struct PublishResult {
    bool ok = false;
    int64_t version = 0;    // the pack's version (ok)
    std::string key_id;     // the publisher's key id (ok)
    std::string pack_path;  // inbox_dir/<host>.pack (ok)
    Bilingual message;      // one line for staff: what happened, or what is wrong and what to do
    std::string log_line;   // English, for the log
};

// "<host>.pack": the name a publisher's pack has in the inbox.
std::string published_pack_name(const std::string& host);

// Signs the installed pack with the key at options.key_path (the trusted comment is what
// `kiosk-pack sign` writes: "version=N built=...") and publishes the pair into the inbox. Never
// throws. On failure no temporary file stays and the inbox keeps its previous pair (only a failed
// rename of the signature itself, after the pack's, leaves a new pack beside an old signature:
// receivers refuse that pair, and publishing again mends it).
PublishResult publish_installed_pack(const PublishOptions& options);

// Temporary files in the data dir while publishing.
inline constexpr const char* kPublishPackTemp = "publish.pack.tmp";
inline constexpr const char* kPublishSigTemp = "publish.minisig.tmp";
// A publish cut short (power loss, a restart) leaves a copy of the pack behind: called at start.
void remove_publish_leftovers(const std::string& data_dir);

}  // namespace kiosk::update
