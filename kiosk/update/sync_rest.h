// Asking Syncthing whether the inbox folder is idle, through its REST API on a Unix socket (the
// kiosk's sandbox has no IP; deploy/session/kiosk-sync-setup puts the GUI there). The API key is
// read from the root:kiosk 0640 environment file install.sh writes (STGUIAPIKEY=...). Every
// answer is untrusted: anything but a well-formed folder status is Unknown, and the inbox then
// falls back to waiting for the files to stop changing. Blocks up to 2 s: call it on a worker.
#pragma once

#include <string>
#include <string_view>

#include "kiosk/update/inbox.h"

namespace kiosk::update {

struct FolderSyncAnswer {
    FolderSync sync = FolderSync::Unknown;
    std::string why;  // one line for the log: the folder's state, or why there is no answer
};

// The body of GET /rest/db/status?folder=ID.
FolderSyncAnswer parse_folder_status(std::string_view json);

// STGUIAPIKEY's value in an environment file (a regular file, at most 4 KiB, no link followed);
// empty when missing or when the value holds anything but letters, digits, '-' and '_'.
std::string read_api_key(const std::string& env_file);

struct SyncthingRest {
    std::string socket_path;  // config sync_rest_socket; empty: never asked (Unknown)
    std::string key_file;     // config sync_rest_key_file
    std::string folder_id;    // config sync_folder_id
    int timeout_ms = 2000;

    FolderSyncAnswer folder_sync() const;
};

}  // namespace kiosk::update
