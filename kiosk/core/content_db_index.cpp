// load_indexes: the in-memory member order and search names of one pack, read on a second
// connection so opening a large pack does not delay the first frame.
// Sections: members · member links · search names · entry point
#include <map>

#include "kiosk/core/content_db_internal.h"

namespace kiosk {
namespace {

// --- members, in display order: their cards, with their focus areas
std::vector<MemberEntry> load_members(SQLite::Database& db) {
    std::vector<MemberEntry> members;
    std::unordered_map<std::string, size_t> at;
    // The card's columns (MEMBER_COLUMNS in content_db.cpp) with the focus list left empty: one
    // pass over member_focus below fills them, instead of a subquery per member.
    SQLite::Statement rows(db,
                           "SELECT id, kind, name_zh, name_en, short_zh, short_en, logo, "
                           "is_sample, NULL FROM member ORDER BY sort, id");
    while (rows.executeStep()) {
        MemberEntry m = read_member_card(rows, 0);
        at[m.id] = members.size();
        members.push_back(std::move(m));
    }
    SQLite::Statement focus(db,
                            "SELECT mf.member_id, mf.focus_id FROM member_focus mf JOIN "
                            "focus_area f ON f.id = mf.focus_id ORDER BY f.sort, f.id");
    while (focus.executeStep()) {
        const auto found = at.find(read_text(focus, 0));
        if (found != at.end()) members[found->second].focus_ids.push_back(read_text(focus, 1));
    }
    return members;
}

// --- member links: each member's projects, highlights and people, in the orders its page uses
std::unordered_map<std::string, MemberLinks> load_member_links(SQLite::Database& db) {
    std::unordered_map<std::string, MemberLinks> links;
    SQLite::Statement projects(db,
                               "SELECT pp.member_id, p.id FROM project_party pp JOIN project p ON "
                               "p.id = pp.project_id ORDER BY p.batch, p.sort, p.id");
    while (projects.executeStep())
        links[read_text(projects, 0)].projects.push_back(read_text(projects, 1));
    SQLite::Statement highlights(db,
                                 "SELECT x.member_id, h.id FROM highlight_member x JOIN highlight "
                                 "h ON h.id = x.highlight_id ORDER BY h.sort, h.id");
    while (highlights.executeStep())
        links[read_text(highlights, 0)].highlights.push_back(read_text(highlights, 1));
    SQLite::Statement people(db,
                             "SELECT p.member_id, p.id FROM person p WHERE p.member_id IS NOT "
                             "NULL" PERSON_ORDER);
    while (people.executeStep()) links[read_text(people, 0)].people.push_back(read_text(people, 1));
    return links;
}

// --- search names: the index rows plus each entity's subtitle and sample flag
std::optional<SearchKind> search_kind_from(const std::string& text) {
    static const std::pair<const char*, SearchKind> kKinds[] = {
        {"member", SearchKind::Member},
        {"person", SearchKind::Person},
        {"highlight", SearchKind::Highlight},
        {"project", SearchKind::Project},
        {"base", SearchKind::Base}};
    for (const auto& [name, kind] : kKinds)
        if (text == name) return kind;
    return std::nullopt;
}

// The name columns of every search_index row in rowid order. They are read straight from FTS5's
// content table (search_index_content: id = rowid, c0..c6 = the columns as declared), because
// through the virtual table FTS5 fetches every column of each row, bodies included, which made
// the load about twice as slow on a large pack. The virtual table stays as the fallback.
SQLite::Statement search_name_rows(SQLite::Database& db) {
    try {
        return SQLite::Statement(
            db, "SELECT id, c0, c1, c2, c3, c4, c5 FROM search_index_content ORDER BY id");
    } catch (const SQLite::Exception&) {
        return SQLite::Statement(db,
                                 "SELECT rowid, kind, ref, name_zh, name_en, pinyin, initials "
                                 "FROM search_index ORDER BY rowid");
    }
}

SearchNames load_search_names(SQLite::Database& db, const std::vector<MemberEntry>& members) {
    using Details = std::pair<Bilingual, bool>;  // subtitle, is_sample
    std::map<SearchKind, std::unordered_map<std::string, Details>> details;
    auto& member_details = details[SearchKind::Member];
    member_details.reserve(members.size());
    for (const MemberEntry& m : members)
        member_details[m.id] = {member_kind_label(m.kind), m.is_sample};
    SQLite::Statement people(db, "SELECT id, role_zh, role_en, is_sample FROM person");
    while (people.executeStep())
        details[SearchKind::Person][read_text(people, 0)] = {read_bilingual(people, 1),
                                                             people.getColumn(3).getInt() != 0};
    SQLite::Statement highlights(db,
                                 "SELECT h.id, f.name_zh, f.name_en, h.is_sample FROM highlight "
                                 "h LEFT JOIN focus_area f ON f.id = h.focus_id");
    while (highlights.executeStep())
        details[SearchKind::Highlight][read_text(highlights, 0)] = {
            read_bilingual(highlights, 1), highlights.getColumn(3).getInt() != 0};
    SQLite::Statement projects(db, "SELECT id, batch, is_sample FROM project");
    while (projects.executeStep()) {
        const std::string n = std::to_string(projects.getColumn(1).getInt());
        details[SearchKind::Project][read_text(projects, 0)] = {
            {"第" + n + "批", "Batch " + n}, projects.getColumn(2).getInt() != 0};
    }
    SQLite::Statement bases(db, "SELECT id, is_sample FROM base");
    while (bases.executeStep())
        details[SearchKind::Base][read_text(bases, 0)] = {{"成果转化基地", "Transformation base"},
                                                          bases.getColumn(1).getInt() != 0};

    SearchNames names;
    SQLite::Statement rows = search_name_rows(db);
    while (rows.executeStep()) {
        SearchName n;
        n.rowid = rows.getColumn(0).getInt64();
        const auto kind = search_kind_from(read_text(rows, 1));
        n.ref = read_text(rows, 2);
        // Rows whose entity is gone would lead nowhere when tapped: leave them out.
        if (!kind) continue;
        const auto& of_kind = details[*kind];
        const auto found = of_kind.find(n.ref);
        if (found == of_kind.end()) continue;
        n.kind = *kind;
        n.name_zh = read_text(rows, 3);
        n.name_en = read_text(rows, 4);
        const std::string en_lower = lower(n.name_en);
        names.zh_compact.append(without_spaces(lower(n.name_zh)));
        names.en_lower.append(en_lower);
        names.en_compact.append(without_spaces(en_lower));
        names.pinyin.append(without_spaces(lower(read_text(rows, 5))));
        names.initials.append(without_spaces(lower(read_text(rows, 6))));
        n.subtitle = found->second.first;
        n.is_sample = found->second.second;
        names.index_of_rowid[n.rowid] = names.rows.size();
        names.rows.push_back(std::move(n));
    }
    return names;
}

}  // namespace

// --- entry point
ContentIndexes load_indexes(const std::string& path) {
    try {
        SQLite::Database db = open_pack_connection(path);
        ContentIndexes indexes;
        indexes.members = load_members(db);
        indexes.names = load_search_names(db, indexes.members);
        indexes.member_links = load_member_links(db);
        return indexes;
    } catch (const SQLite::Exception& e) {
        throw ContentError("Content pack " + path + ": cannot be read (" + e.what() + ")");
    }
}

}  // namespace kiosk
