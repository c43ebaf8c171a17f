// ContentDb: pack facts, the alliance texts, media blobs and the glyphs every text uses.
// Sections: pack and alliance · media · glyphs · table readers
#include <cstdlib>

#include "kiosk/core/content_db_internal.h"
#include "kiosk/core/pack_charset.h"

namespace kiosk {

// --- pack and alliance
PackInfo ContentDb::info() const {
    std::lock_guard lock(impl_->mutex);
    PackInfo info;
    info.schema_version = impl_->db.execAndGet("PRAGMA user_version").getInt();
    SQLite::Statement meta(impl_->db, "SELECT key, value FROM meta");
    while (meta.executeStep()) {
        const std::string key = read_text(meta, 0), value = read_text(meta, 1);
        if (key == "pack_version") info.pack_version = std::strtoll(value.c_str(), nullptr, 10);
        if (key == "built_at") info.built_at = value;
    }
    info.counts = content::count_tables(info.schema_version, [&](const char* table) {
        return impl_->db.execAndGet(std::string("SELECT count(*) FROM ") + table).getInt64();
    });
    return info;
}

AllianceInfo ContentDb::alliance() const {
    std::lock_guard lock(impl_->mutex);
    auto& db = impl_->db;
    AllianceInfo a;
    SQLite::Statement texts(db, "SELECT key, zh, en FROM alliance");
    while (texts.executeStep()) {
        const std::string key = read_text(texts, 0);
        Bilingual value = read_bilingual(texts, 1);
        if (key == "name") a.name = value;
        if (key == "intro") a.intro = value;
        if (key == "founded") a.founded = value;
        if (key == "theme") a.theme = value;
        if (key == "model") a.model = value;
        if (key == "initiator") a.initiator = value;
    }
    SQLite::Statement numbers(db,
                              "SELECT value, label_zh, label_en FROM key_number ORDER BY sort, id");
    while (numbers.executeStep())
        a.numbers.push_back({read_text(numbers, 0), read_bilingual(numbers, 1)});
    SQLite::Statement vision(
        db, "SELECT keyword_zh, keyword_en, text_zh, text_en FROM vision ORDER BY sort, id");
    while (vision.executeStep())
        a.vision.push_back({read_bilingual(vision, 0), read_bilingual(vision, 2)});
    SQLite::Statement bases(db,
                            "SELECT id, name_zh, name_en, summary_zh, summary_en, is_sample "
                            "FROM base ORDER BY sort, id");
    while (bases.executeStep())
        a.bases.push_back({read_text(bases, 0), read_bilingual(bases, 1), read_bilingual(bases, 3),
                           bases.getColumn(5).getInt() != 0});
    return a;
}

// --- media
std::optional<MediaBlob> ContentDb::media(const std::string& id, bool thumb) const {
    std::lock_guard lock(impl_->mutex);
    StatementUse s(thumb ? impl_->media_thumb : impl_->media_full);
    s->bind(1, id);
    if (!s->executeStep()) return std::nullopt;
    MediaBlob blob;
    blob.format = read_text(*s, 0);
    blob.width = s->getColumn(1).getInt();
    blob.height = s->getColumn(2).getInt();
    const SQLite::Column bytes = s->getColumn(3);
    const auto* data = static_cast<const unsigned char*>(bytes.getBlob());
    blob.bytes.assign(data, data + bytes.getBytes());
    return blob;
}

// --- glyphs: the set the pack builder stored, or a scan of every text for older packs
std::u32string ContentDb::all_text_codepoints() const {
    std::lock_guard lock(impl_->mutex);
    if (std::optional<std::u32string> stored = read_stored_charset(impl_->db)) return *stored;
    return scan_text_codepoints(impl_->db);
}

// --- table readers

void ContentDb::read(const std::function<void(SQLite::Database& db, int format)>& query) const {
    std::lock_guard lock(impl_->mutex);
    query(impl_->db, impl_->version);
}

}  // namespace kiosk
