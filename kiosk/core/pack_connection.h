// How every connection to a content pack is opened, in the viewer and in the importer alike:
// read-only and immutable, with SQLite's defences for a file that came from outside.
#pragma once

#include <sqlite3.h>

#include <string>

namespace kiosk {

// A file: URI for `path` with immutable=1: no locks, no journal replay and no -wal/-shm files
// next to the pack. Anything but plainly safe path characters is percent-encoded.
std::string immutable_file_uri(const std::string& path);

// Defensive mode, untrusted schema, no triggers, no views, no extension loading, query_only.
// Returns SQLITE_OK or the first error.
int defend_pack_connection(sqlite3* db);

}  // namespace kiosk
