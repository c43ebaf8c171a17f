// The pack's full-text index is derived data, and the checks cannot vouch for it (quick_check
// does not look inside FTS5's shadow tables): the importer replaces it with one built here.
#pragma once

#include <string>

namespace kiosk::update {

// In the validated staging copy at `path`: empties search_index's index tables and indexes the
// pack's rows (its content table) again. The caller makes the file durable. Throws RefusedError
// (Corrupt, or WriteFailed/NoRoom).
void rebuild_search_index(const std::string& path);

}  // namespace kiosk::update
