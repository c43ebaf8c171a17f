// ContentDb: the signing batches (content schema version 2; a version-1 pack has no batch table
// and gets its batches from its projects).
#include "kiosk/core/content_db_internal.h"

namespace kiosk {

Bilingual unnamed_batch(int number) {
    const std::string n = std::to_string(number);
    return {"第" + n + "批", "Batch " + n};
}

std::vector<Batch> ContentDb::batches() const {
    std::lock_guard lock(impl_->mutex);
    std::vector<Batch> out;
    if (impl_->version < 2) {
        SQLite::Statement s(impl_->db, "SELECT DISTINCT batch FROM project ORDER BY batch");
        while (s.executeStep()) {
            Batch b;
            b.number = s.getColumn(0).getInt();
            b.name = unnamed_batch(b.number);
            out.push_back(std::move(b));
        }
        return out;
    }
    SQLite::Statement s(impl_->db,
                        "SELECT number, date, name_zh, name_en, place_zh, place_en, is_sample "
                        "FROM batch ORDER BY number");
    while (s.executeStep())
        out.push_back({s.getColumn(0).getInt(), read_text(s, 1), read_bilingual(s, 2),
                       read_bilingual(s, 4), s.getColumn(6).getInt() != 0});
    return out;
}

}  // namespace kiosk
