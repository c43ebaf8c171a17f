// Whether an item the statistics remember is still in a content pack, for marking items removed
// in the report (StatsStore::summary's `exists`).
#pragma once

#include "kiosk/stats/stats_store.h"

namespace kiosk {
class ContentDb;
}

namespace kiosk::stats {

// Asks the content for the item (ContentDb::item_name: the searchable tables the visitor screens
// open, the same kinds the statistics record). `content` must outlive the function.
ItemExists item_exists_in(const ContentDb& content);

}  // namespace kiosk::stats
