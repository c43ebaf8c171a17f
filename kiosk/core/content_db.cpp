// ContentDb: opening and checking a pack, the kept statements, and the simple read queries.
// Sections: member kinds · opening and checks · statements · row readers · pack and alliance ·
// focus areas · members · people · media · glyphs
// (highlights, projects, member detail: content_db_items.cpp; search: content_db_search.cpp)
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "kiosk/core/content_db_internal.h"
#include "kiosk/core/content_schema.h"
#include "kiosk/core/utf8.h"

namespace kiosk {

// --- member kinds
namespace {
struct KindRow {
    MemberKind kind;
    const char* id;
    const char* zh;
    const char* en;
};
constexpr KindRow kKinds[] = {
    {MemberKind::University, "university", "高校", "University"},
    {MemberKind::Institute, "institute", "科研院所", "Research institute"},
    {MemberKind::Enterprise, "enterprise", "企业", "Enterprise"},
    {MemberKind::Association, "association", "行业协会", "Industry association"},
    {MemberKind::Finance, "finance", "金融机构", "Financial institution"},
    {MemberKind::Intermediary, "intermediary", "中介服务机构", "Intermediary"},
};
const KindRow& kind_row(MemberKind kind) {
    for (const auto& row : kKinds)
        if (row.kind == kind) return row;
    return kKinds[2];
}
}  // namespace

const char* member_kind_id(MemberKind kind) {
    return kind_row(kind).id;
}
Bilingual member_kind_label(MemberKind kind) {
    return {kind_row(kind).zh, kind_row(kind).en};
}
std::optional<MemberKind> parse_member_kind(const std::string& text) {
    for (const auto& row : kKinds)
        if (text == row.id) return row.kind;
    return std::nullopt;
}
MemberKind member_kind_from(const std::string& text) {
    return parse_member_kind(text).value_or(MemberKind::Enterprise);
}

// --- opening and checks
namespace {

const char* const kRequiredTables[] = {
    "meta",   "media",        "alliance",      "key_number",  "vision",          "focus_area",
    "member", "member_focus", "person",        "highlight",   "highlight_media", "highlight_member",
    "base",   "project",      "project_party", "search_index"};

// Opens read-only and checks version and tables; every failure is a ContentError in plain words.
SQLite::Database open_checked(const std::string& path) {
    const std::string name = "Content pack " + path;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw ContentError(name + ": file not found");
    if (!std::filesystem::is_regular_file(path, ec))
        throw ContentError(name + ": not a file (a folder or device?)");
    try {
        SQLite::Database db(path, SQLite::OPEN_READONLY);
        int version = 0;
        try {
            version = db.execAndGet("PRAGMA user_version").getInt();
        } catch (const SQLite::Exception&) {
            throw ContentError(name + ": not a content pack (the file is not an SQLite database)");
        }
        if (version != kContentSchemaVersion)
            throw ContentError(name + ": content schema version " + std::to_string(version) +
                               ", but this kiosk reads version " +
                               std::to_string(kContentSchemaVersion) +
                               "; rebuild the pack with the matching kiosk-pack");
        std::set<std::string> present;
        SQLite::Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
        while (tables.executeStep()) present.insert(tables.getColumn(0).getString());
        std::string missing;
        for (const char* table : kRequiredTables)
            if (!present.count(table))
                missing += (missing.empty() ? "" : ", ") + std::string(table);
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
#define PERSON_ORDER " ORDER BY p.is_academician DESC, p.is_speaker DESC, p.sort, p.id"
#define HIGHLIGHT_COLUMNS                                                                     \
    "h.id, h.focus_id, h.title_zh, h.title_en, h.summary_zh, h.summary_en, "                  \
    "(SELECT media_id FROM highlight_media hm WHERE hm.highlight_id = h.id ORDER BY hm.sort " \
    "LIMIT 1), h.is_sample"
#define FOCUS_COLUMNS "id, name_zh, name_en, summary_zh, summary_en, color, icon FROM focus_area"

}  // namespace

ContentDb::Impl::Impl(const std::string& file)
    : path(file),
      db(open_checked(file)),
      member_card(db, "SELECT " MEMBER_COLUMNS " FROM member m WHERE m.id = ?1"),
      member_one(db,
                 "SELECT " MEMBER_COLUMNS ", m.long_zh, m.long_en FROM member m WHERE m.id = ?1"),
      member_projects(db,
                      "SELECT DISTINCT p.id, p.batch, p.sort FROM project p JOIN project_party "
                      "pp ON pp.project_id = p.id WHERE pp.member_id = ?1 "
                      "ORDER BY p.batch, p.sort, p.id"),
      member_highlights(db, "SELECT " HIGHLIGHT_COLUMNS
                            " FROM highlight h JOIN highlight_member "
                            "x ON x.highlight_id = h.id WHERE x.member_id = ?1 "
                            "ORDER BY h.sort, h.id"),
      member_people(db,
                    "SELECT " PERSON_COLUMNS " FROM person p WHERE p.member_id = ?1" PERSON_ORDER),
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
                  "LIMIT ?2"),
      indexes(std::async(std::launch::async, load_indexes, file).share()) {}

ContentDb::ContentDb(const std::string& path) {
    try {
        impl_ = std::make_unique<Impl>(path);
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
    card.kind = member_kind_from(read_text(s, first + 1));
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
    SQLite::Statement counts(impl_->db,
                             "SELECT (SELECT count(*) FROM member), (SELECT count(*) FROM person), "
                             "(SELECT count(*) FROM highlight), (SELECT count(*) FROM project), "
                             "(SELECT count(*) FROM media)");
    counts.executeStep();
    info.members = counts.getColumn(0).getInt();
    info.people = counts.getColumn(1).getInt();
    info.highlights = counts.getColumn(2).getInt();
    info.projects = counts.getColumn(3).getInt();
    info.media = counts.getColumn(4).getInt();
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

// --- members: filtered and paged in memory, then each card read by its key
namespace {
bool passes(const MemberEntry& m, const MemberFilter& filter) {
    if (filter.kind && m.kind != *filter.kind) return false;
    if (!filter.focus_id) return true;
    return std::find(m.focus_ids.begin(), m.focus_ids.end(), *filter.focus_id) != m.focus_ids.end();
}
}  // namespace

int ContentDb::count_members(const MemberFilter& filter) const {
    const auto& all = impl_->index().members;
    return static_cast<int>(std::count_if(all.begin(), all.end(),
                                          [&](const MemberEntry& m) { return passes(m, filter); }));
}

std::vector<MemberCard> ContentDb::members(const MemberFilter& filter, int offset,
                                           int limit) const {
    std::vector<MemberCard> out;
    if (limit <= 0) return out;
    std::vector<const std::string*> page;
    int skip = std::max(0, offset);
    for (const MemberEntry& m : impl_->index().members) {
        if (!passes(m, filter) || skip-- > 0) continue;
        page.push_back(&m.id);
        if (static_cast<int>(page.size()) == limit) break;
    }
    std::lock_guard lock(impl_->mutex);
    for (const std::string* id : page) {
        StatementUse s(impl_->member_card);
        s->bind(1, *id);
        if (s->executeStep()) out.push_back(read_member_card(*s, 0));
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

// --- glyphs
std::u32string ContentDb::all_text_codepoints() const {
    static const char* const kTextQueries[] = {
        "SELECT value FROM meta",
        "SELECT zh, en FROM alliance",
        "SELECT value, label_zh, label_en FROM key_number",
        "SELECT keyword_zh, keyword_en, text_zh, text_en FROM vision",
        "SELECT name_zh, name_en, summary_zh, summary_en FROM focus_area",
        "SELECT name_zh, name_en, short_zh, short_en, long_zh, long_en FROM member",
        "SELECT name_zh, name_en, role_zh, role_en, affiliation_zh, affiliation_en, bio_zh, bio_en "
        "FROM person",
        "SELECT title_zh, title_en, summary_zh, summary_en, body_zh, body_en FROM highlight",
        "SELECT caption_zh, caption_en FROM highlight_media",
        "SELECT name_zh, name_en, summary_zh, summary_en FROM base",
        "SELECT title_zh, title_en, summary_zh, summary_en FROM project",
    };
    std::lock_guard lock(impl_->mutex);
    std::vector<uint64_t> seen(0x110000 / 64, 0);
    const auto mark = [&](char32_t cp) { seen[cp >> 6] |= uint64_t{1} << (cp & 63); };
    for (const char* sql : kTextQueries) {
        SQLite::Statement s(impl_->db, sql);
        const int columns = s.getColumnCount();
        while (s.executeStep()) {
            for (int c = 0; c < columns; ++c) {
                const SQLite::Column column = s.getColumn(c);
                const char* data = column.getText();  // text first, then its byte count
                const std::string_view text(data, static_cast<size_t>(column.getBytes()));
                for (size_t i = 0; i < text.size();) {
                    char32_t cp = 0;
                    const size_t used = decode_utf8_at(text, i, &cp);
                    mark(used ? cp : char32_t{0xFFFD});  // a bad byte shows as U+FFFD
                    i += used ? used : 1;
                }
            }
        }
    }
    std::u32string out;
    for (char32_t cp = 0x20; cp < 0x110000; ++cp) {
        const bool control = cp >= 0x7F && cp < 0xA0;
        if ((seen[cp >> 6] >> (cp & 63) & 1) && !control) out.push_back(cp);
    }
    return out;
}

}  // namespace kiosk
