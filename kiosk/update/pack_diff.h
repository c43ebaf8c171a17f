// What a candidate pack changes against the installed one, per table as staff know them:
// rows added, removed and changed, compared by each table's key. Driven by the content
// description (content_tables.h): a table whose key starts with a reference to another table (a
// gallery, a link list, a project's parties) counts as part of that owner, so a changed picture
// list shows as one changed event. Both files must have passed validation (or be the kiosk's own).
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/content_tables.h"

namespace kiosk::update {

struct TableDiff {
    const content::Table* table = nullptr;  // the owner table, as listed to staff
    long long installed_rows = 0, candidate_rows = 0;
    long long added = 0, removed = 0, changed = 0;
    bool any() const { return added + removed + changed > 0; }
};

struct PackDiff {
    std::vector<TableDiff> tables;  // every table staff edit, in description order
    bool any() const;
};

// Throws std::runtime_error when a file cannot be opened.
PackDiff diff_packs(const std::string& installed, const std::string& candidate);

// One line per table that changed: "成员 15 → 16：新增 1，删除 0，修改 2" (lang 0) or
// "members 15 → 16: 1 added, 0 removed, 2 changed" (lang 1). Empty when nothing changed.
std::vector<std::string> diff_lines(const PackDiff& diff, int lang);

}  // namespace kiosk::update
