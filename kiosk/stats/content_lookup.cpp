#include "kiosk/stats/content_lookup.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "kiosk/core/content_db.h"
#include "kiosk/core/content_tables.h"

namespace kiosk::stats {

ItemExists item_exists_in(const ContentDb& content) {
    return [&content](const std::string& kind, const std::string& id) {
        const content::Table* table = content::find_table(kind);
        const content::Field* key =
            table && table->key.size() == 1 ? content::find_field(*table, table->key[0]) : nullptr;
        if (!key) return false;
        bool found = false;
        content.read([&](SQLite::Database& db, int format) {
            if (table->since_version > format) return;
            SQLite::Statement q(db, "SELECT 1 FROM \"" + std::string(table->name) + "\" WHERE \"" +
                                        key->name + "\" = ? LIMIT 1");
            q.bind(1, id);
            found = q.executeStep();
        });
        return found;
    };
}

}  // namespace kiosk::stats
