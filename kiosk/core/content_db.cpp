// ContentDb: opening and checking a pack, the kept statements, and the simple read queries.
// Sections: member kinds · opening and checks · statements · row readers · focus areas ·
// members · people
// Elsewhere: pack facts, alliance, media, glyphs (content_db_pack.cpp); highlights, projects,
// member detail (content_db_items.cpp); search (content_db_search.cpp); indexes (_index.cpp).
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "kiosk/core/content_db_internal.h"
#include "kiosk/core/content_tables.h"
#include "kiosk/core/pack_connection.h"

namespace kiosk {

// --- member kinds (labels from the content description)
Bilingual member_kind_label(const std::string& kind) {
    const content::Table& member = *content::find_table("member");
    if (const auto* v = content::enum_value(*content::find_field(member, "kind"), kind))
        return {v->zh, v->en};
    return {kind, kind};
}

// --- opening and checks
namespace {}  // namespace

SQLite::Database open_pack_connection(const std::string& path) {
    SQLite::Database db(immutable_file_uri(path), SQLite::OPEN_READONLY | SQLite::OPEN_URI);
    if (const int rc = defend_pack_connection(db.getHandle()); rc != SQLITE_OK)
        throw SQLite::Exception(db.getHandle(), rc);
    return db;
}

namespace {

// Opens read-only and checks version and tables; every failure is a ContentError in plain words.
SQLite::Database open_checked(const std::string& path) {
    const std::string name = "Content pack " + path;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw ContentError(name + ": file not found");
    if (!std::filesystem::is_regular_file(path, ec))
        throw ContentError(name + ": not a file (a folder or device?)");
    try {
        SQLite::Database db = open_pack_connection(path);
        int version = 0;
        try {
            version = db.execAndGet("PRAGMA user_version").getInt();
        } catch (const SQLite::Exception&) {
            throw ContentError(name + ": not a content pack (the file is not an SQLite database)");
        }
        if (version < content::kOldestReadableSchemaVersion || version > content::kSchemaVersion)
            throw ContentError(name + ": content schema version " + std::to_string(version) +
                               ", but this kiosk reads versions " +
                               std::to_string(content::kOldestReadableSchemaVersion) + " to " +
                               std::to_string(content::kSchemaVersion) +
                               "; rebuild the pack with the matching kiosk-pack");
        std::set<std::string> present;
        SQLite::Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
        while (tables.executeStep()) present.insert(tables.getColumn(0).getString());
        std::string missing;
        std::vector<std::string> needed = {"search_index"};
        for (const content::Table& table : content::tables())
            if (table.since_version <= version) needed.emplace_back(table.name);
        for (const std::string& table : needed)
            if (!present.count(table)) missing += (missing.empty() ? "" : ", ") + table;
        if (!missing.empty())
            throw ContentError(name + ": incomplete content pack, missing table(s): " + missing);
        return db;
    } catch (const SQLite::Exception& e) {
        throw ContentError(name + ": cannot be read (" + e.what() + ")");
    }
}

// --- statements: column lists shared by the readers below
#define MEMBER_COLUMNS                                                                        \
    "m.id, m.kind, m.name_zh, m.name_en, m.short_zh, m.short_en, m.logo, m.is_sample, "       \
    "(SELECT group_concat(focus_id, char(31)) FROM (SELECT mf.focus_id FROM member_focus mf " \
    "JOIN focus_area f ON f.id = mf.focus_id WHERE mf.member_id = m.id ORDER BY f.sort, f.id))"
#define PERSON_COLUMNS                                                                       \
    "p.id, p.name_zh, p.name_en, p.role_zh, p.role_en, p.affiliation_zh, p.affiliation_en, " \
    "p.member_id, p.is_academician, p.is_speaker, p.bio_zh, p.bio_en, p.photo, p.is_sample"
#define HIGHLIGHT_COLUMNS                                                                     \
    "h.id, h.focus_id, h.title_zh, h.title_en, h.summary_zh, h.summary_en, "                  \
    "(SELECT media_id FROM highlight_media hm WHERE hm.highlight_id = h.id ORDER BY hm.sort " \
    "LIMIT 1), h.is_sample"
#define FOCUS_COLUMNS "id, name_zh, name_en, summary_zh, summary_en, color, icon FROM focus_area"

}  // namespace

ContentDb::Impl::Impl(const std::string& file, IndexLoading loading)
    : path(file),
      db(open_checked(file)),
      version(db.execAndGet("PRAGMA user_version").getInt()),
      member_one(db,
                 "SELECT " MEMBER_COLUMNS ", m.long_zh, m.long_en FROM member m WHERE m.id = ?1"),
      person_list(db, "SELECT " PERSON_COLUMNS " FROM person p" PERSON_ORDER),
      person_one(db, "SELECT " PERSON_COLUMNS " FROM person p WHERE p.id = ?1"),
      focus_list(db, "SELECT " FOCUS_COLUMNS " ORDER BY sort, id"),
      focus_one(db, "SELECT " FOCUS_COLUMNS " WHERE id = ?1"),
      highlight_list(db, "SELECT " HIGHLIGHT_COLUMNS
                         " FROM highlight h WHERE ?1 IS NULL OR "
                         "h.focus_id = ?1 ORDER BY h.sort, h.id"),
      highlight_one(db, "SELECT " HIGHLIGHT_COLUMNS
                        ", h.body_zh, h.body_en FROM highlight h "
                        "WHERE h.id = ?1"),
      highlight_gallery(db,
                        "SELECT media_id, caption_zh, caption_en FROM highlight_media WHERE "
                        "highlight_id = ?1 ORDER BY sort"),
      highlight_members(db, "SELECT " MEMBER_COLUMNS
                            " FROM member m JOIN highlight_member x ON "
                            "x.member_id = m.id WHERE x.highlight_id = ?1 ORDER BY m.sort, m.id"),
      project_list(db,
                   "SELECT p.id FROM project p WHERE ?1 IS NULL OR p.batch = ?1 "
                   "ORDER BY p.batch, p.sort, p.id"),
      project_one(db,
                  "SELECT p.id, p.batch, p.focus_id, p.title_zh, p.title_en, p.summary_zh, "
                  "p.summary_en, p.is_sample FROM project p WHERE p.id = ?1"),
      project_parties(db, "SELECT " MEMBER_COLUMNS
                          ", pp.role FROM project_party pp JOIN member m "
                          "ON m.id = pp.member_id WHERE pp.project_id = ?1 "
                          "ORDER BY (pp.role = 'enterprise') DESC, m.sort, m.id"),
      media_full(db, "SELECT format, width, height, bytes FROM media WHERE id = ?1"),
      media_thumb(db, "SELECT format, thumb_width, thumb_height, thumb FROM media WHERE id = ?1"),
      search_body(db,
                  "SELECT rowid FROM search_index WHERE search_index MATCH ?1 ORDER BY rowid "
                  "LIMIT ?2") {
    if (loading == IndexLoading::AtOpen) start_indexes(std::launch::async);
}

std::shared_future<ContentIndexes> ContentDb::Impl::start_indexes(std::launch how) const {
    std::lock_guard lock(index_mutex);
    if (!indexes.valid()) indexes = std::async(how, load_indexes, path).share();
    return indexes;  // the shared state outlives the copy: the member keeps it
}

bool ContentDb::Impl::indexes_loaded() const {
    std::lock_guard lock(index_mutex);
    return indexes.valid() &&
           indexes.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

void ContentDb::prefetch_indexes() const {
    impl_->start_indexes(std::launch::async);
}

ContentDb::ContentDb(const std::string& path, IndexLoading indexes) {
    try {
        impl_ = std::make_unique<Impl>(path, indexes);
    } catch (const SQLite::Exception& e) {
        throw ContentError("Content pack " + path + ": does not match the content schema (" +
                           e.what() + ")");
    }
}
ContentDb::~ContentDb() = default;

const std::string& ContentDb::path() const {
    return impl_->path;
}

// --- row readers
std::string read_text(SQLite::Statement& s, int col) {
    const SQLite::Column c = s.getColumn(col);
    return c.isNull() ? std::string() : c.getString();
}
Bilingual read_bilingual(SQLite::Statement& s, int first) {
    return {read_text(s, first), read_text(s, first + 1)};
}

MemberCard read_member_card(SQLite::Statement& s, int first) {
    MemberCard card;
    card.id = read_text(s, first);
    card.kind = read_text(s, first + 1);
    card.name = read_bilingual(s, first + 2);
    card.short_text = read_bilingual(s, first + 4);
    card.logo = read_text(s, first + 6);
    card.is_sample = s.getColumn(first + 7).getInt() != 0;
    const std::string focus = read_text(s, first + 8);
    for (size_t start = 0; start < focus.size();) {
        size_t end = focus.find('\x1f', start);
        if (end == std::string::npos) end = focus.size();
        card.focus_ids.push_back(focus.substr(start, end - start));
        start = end + 1;
    }
    return card;
}

Person read_person(SQLite::Statement& s, int first) {
    Person p;
    p.id = read_text(s, first);
    p.name = read_bilingual(s, first + 1);
    p.role = read_bilingual(s, first + 3);
    p.affiliation = read_bilingual(s, first + 5);
    p.member_id = read_text(s, first + 7);
    p.is_academician = s.getColumn(first + 8).getInt() != 0;
    p.is_speaker = s.getColumn(first + 9).getInt() != 0;
    p.bio = read_bilingual(s, first + 10);
    p.photo = read_text(s, first + 12);
    p.is_sample = s.getColumn(first + 13).getInt() != 0;
    return p;
}

HighlightCard read_highlight_card(SQLite::Statement& s, int first) {
    HighlightCard h;
    h.id = read_text(s, first);
    h.focus_id = read_text(s, first + 1);
    h.title = read_bilingual(s, first + 2);
    h.summary = read_bilingual(s, first + 4);
    h.cover = read_text(s, first + 6);
    h.is_sample = s.getColumn(first + 7).getInt() != 0;
    return h;
}

namespace {
FocusArea read_focus(SQLite::Statement& s) {
    FocusArea f;
    f.id = read_text(s, 0);
    f.name = read_bilingual(s, 1);
    f.summary = read_bilingual(s, 3);
    const std::string color = read_text(s, 5);
    if (color.size() == 7 && color[0] == '#')
        f.color_rgb = static_cast<uint32_t>(std::strtoul(color.c_str() + 1, nullptr, 16));
    f.icon = read_text(s, 6);
    return f;
}
}  // namespace

// --- focus areas
std::vector<FocusArea> ContentDb::focus_areas() const {
    std::lock_guard lock(impl_->mutex);
    StatementUse s(impl_->focus_list);
    std::vector<FocusArea> out;
    while (s->executeStep()) out.push_back(read_focus(*s));
    return out;
}

std::optional<FocusArea> ContentDb::Impl::load_focus(const std::string& id) {
    StatementUse s(focus_one);
    s->bind(1, id);
    if (!s->executeStep()) return std::nullopt;
    return read_focus(*s);
}

std::optional<FocusArea> ContentDb::focus_area(const std::string& id) const {
    std::lock_guard lock(impl_->mutex);
    return impl_->load_focus(id);
}

// --- members: filtered and paged in memory (the index holds every card)
namespace {
bool passes(const MemberEntry& m, const MemberFilter& filter) {
    if (filter.kind && m.kind != *filter.kind) return false;
    if (!filter.focus_id) return true;
    return std::find(m.focus_ids.begin(), m.focus_ids.end(), *filter.focus_id) != m.focus_ids.end();
}
}  // namespace

int ContentDb::count_members(const MemberFilter& filter) const {
    // The home screen's member count is on the first frame; it need not wait for the indexes.
    if (!filter.kind && !filter.focus_id && !impl_->indexes_loaded()) {
        std::lock_guard lock(impl_->mutex);
        return impl_->db.execAndGet("SELECT count(*) FROM member").getInt();
    }
    const auto& all = impl_->index().members;
    return static_cast<int>(std::count_if(all.begin(), all.end(),
                                          [&](const MemberEntry& m) { return passes(m, filter); }));
}

std::vector<MemberCard> ContentDb::members(const MemberFilter& filter, int offset,
                                           int limit) const {
    std::vector<MemberCard> out;
    if (limit <= 0) return out;
    int skip = std::max(0, offset);
    for (const MemberEntry& m : impl_->index().members) {
        if (!passes(m, filter) || skip-- > 0) continue;
        out.push_back(m);
        if (static_cast<int>(out.size()) == limit) break;
    }
    return out;
}

// --- people
std::vector<Person> ContentDb::people() const {
    std::lock_guard lock(impl_->mutex);
    StatementUse s(impl_->person_list);
    std::vector<Person> out;
    while (s->executeStep()) out.push_back(read_person(*s, 0));
    return out;
}

std::optional<Person> ContentDb::person(const std::string& id) const {
    std::lock_guard lock(impl_->mutex);
    StatementUse s(impl_->person_one);
    s->bind(1, id);
    if (!s->executeStep()) return std::nullopt;
    return read_person(*s, 0);
}

}  // namespace kiosk
