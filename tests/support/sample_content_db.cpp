// make_sample_content_db: schema, rows, real PNG media and the search index of the sample pack.
#include "tests/support/sample_content_db.h"

#include <filesystem>
#include <stdexcept>

#include <stb_image_write.h>

#include "kiosk/core/content_tables.h"
#include "tests/support/sample_content_internal.h"

namespace kiosk::sample {

void insert(SQLite::Database& db, const std::string& table, const std::vector<Value>& values) {
    std::string sql = "INSERT INTO " + table + " VALUES (";
    for (size_t i = 0; i < values.size(); ++i) sql += i ? ",?" : "?";
    SQLite::Statement s(db, sql + ")");
    for (size_t i = 0; i < values.size(); ++i) {
        const int at = static_cast<int>(i + 1);
        const Value& v = values[i];
        if (auto* n = std::get_if<long long>(&v)) s.bind(at, static_cast<int64_t>(*n));
        if (auto* t = std::get_if<std::string>(&v)) s.bind(at, *t);
        if (auto* b = std::get_if<std::vector<unsigned char>>(&v))
            s.bind(at, b->data(), static_cast<int>(b->size()));
    }
    s.exec();
}

namespace {

// A w×h PNG filled with one colour (derived from the id) and a darker diagonal.
std::vector<unsigned char> png(const std::string& id, int w, int h) {
    unsigned hash = 2166136261u;
    for (char c : id) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
    std::vector<unsigned char> pixels(static_cast<size_t>(w * h * 3));
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < 3; ++c) {
                const auto base = static_cast<unsigned char>(hash >> (8 * c));
                pixels[static_cast<size_t>((y * w + x) * 3 + c)] =
                    x == y ? static_cast<unsigned char>(base / 2) : base;
            }
    std::vector<unsigned char> out;
    const auto append = [](void* context, void* data, int size) {
        auto* bytes = static_cast<std::vector<unsigned char>*>(context);
        const auto* first = static_cast<const unsigned char*>(data);
        bytes->insert(bytes->end(), first, first + size);
    };
    if (!stbi_write_png_to_func(append, &out, w, h, 3, pixels.data(), w * 3))
        throw std::runtime_error("sample pack: cannot encode PNG " + id);
    return out;
}

// Every media id the rows refer to gets a real image; logos and photos are square.
void media(SQLite::Database& db) {
    SQLite::Statement ids(db,
                          "SELECT logo FROM member WHERE logo IS NOT NULL UNION "
                          "SELECT photo FROM person WHERE photo IS NOT NULL UNION "
                          "SELECT media_id FROM highlight_media UNION "
                          "SELECT media_id FROM event_media");
    std::vector<std::string> list;
    while (ids.executeStep()) list.push_back(ids.getColumn(0).getString());
    for (const auto& id : list) {
        const bool square = id.rfind("g_", 0) != 0;  // gallery pictures are landscape
        const int w = square ? 8 : 12, h = 8, tw = square ? 4 : 6, th = 4;
        insert(db, "media",
               {id, std::string("png"), static_cast<long long>(w), static_cast<long long>(h),
                png(id, w, h), static_cast<long long>(tw), static_cast<long long>(th),
                png(id + "_thumb", tw, th)});
    }
}

void search_index(SQLite::Database& db) {
    db.exec("CREATE TEMP TABLE py (id TEXT PRIMARY KEY, pinyin TEXT, initials TEXT)");
    for (const auto& p : name_pinyin())
        insert(db, "temp.py", {std::string(p.id), std::string(p.pinyin), std::string(p.initials)});
    const char* const head =
        "INSERT INTO search_index (kind, ref, name_zh, name_en, pinyin, initials, body) SELECT ";
    const char* const pinyin = " coalesce(py.pinyin, ''), coalesce(py.initials, ''), ";
    const std::string selects[] = {
        std::string("'member', t.id, t.name_zh, t.name_en,") + pinyin +
            "t.short_zh || ' ' || t.long_zh || ' ' || t.short_en || ' ' || t.long_en "
            "FROM member t LEFT JOIN py ON py.id = t.id ORDER BY t.sort",
        std::string("'person', t.id, t.name_zh, t.name_en,") + pinyin +
            "t.role_zh || ' ' || t.affiliation_zh || ' ' || t.bio_zh || ' ' || t.role_en || ' ' "
            "|| t.affiliation_en || ' ' || t.bio_en FROM person t LEFT JOIN py ON py.id = t.id "
            "ORDER BY t.sort",
        std::string("'highlight', t.id, t.title_zh, t.title_en,") + pinyin +
            "t.summary_zh || ' ' || t.body_zh || ' ' || t.summary_en || ' ' || t.body_en "
            "FROM highlight t LEFT JOIN py ON py.id = t.id ORDER BY t.sort",
        std::string("'project', t.id, t.title_zh, t.title_en,") + pinyin +
            "t.summary_zh || ' ' || t.summary_en FROM project t LEFT JOIN py ON py.id = t.id "
            "ORDER BY t.sort",
        std::string("'base', t.id, t.name_zh, t.name_en,") + pinyin +
            "t.summary_zh || ' ' || t.summary_en FROM base t LEFT JOIN py ON py.id = t.id "
            "ORDER BY t.sort",
        std::string("'event', t.id, t.title_zh, t.title_en,") + pinyin +
            "t.summary_zh || ' ' || t.body_zh || ' ' || t.summary_en || ' ' || t.body_en "
            "FROM event t LEFT JOIN py ON py.id = t.id ORDER BY t.sort"};
    for (const auto& select : selects) db.exec(head + select);
    db.exec("DROP TABLE temp.py");
}

}  // namespace
}  // namespace kiosk::sample

namespace kiosk {

std::string make_sample_content_db(const std::string& path) {
    std::filesystem::remove(path);
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    SQLite::Transaction transaction(db);
    db.exec(content::schema_sql());
    sample::insert_rows(db);
    sample::media(db);
    sample::search_index(db);
    db.exec("PRAGMA user_version = " + std::to_string(content::kSchemaVersion));
    transaction.commit();
    return path;
}

}  // namespace kiosk
