// Whether an item the statistics remember is still in a content pack, for marking items removed
// in the report (StatsStore::summary's `exists`).
#pragma once

#include <functional>
#include <string>

namespace kiosk {
class ContentDb;
}

namespace kiosk::stats {

using ItemExists = std::function<bool(const std::string& kind, const std::string& id)>;

// Looks the id up in the key column of the table named `kind` in the content description, so a kind
// read from stats.db reaches SQL only as a known table name. A kind the pack has no table for
// (unknown, or newer than the pack's format) is not there. `content` must outlive the function.
ItemExists item_exists_in(const ContentDb& content);

}  // namespace kiosk::stats
