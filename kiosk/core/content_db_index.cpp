// load_indexes: the in-memory member order and search names of one pack, read on a second
// connection so opening a large pack does not delay the first frame.
// Sections: members · member links · search names · entry point
#include <map>

#include "kiosk/core/content_tables.h"

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
struct Details {
    Bilingual subtitle;
    bool is_sample = false;
};

// Each row's subtitle and sample flag, for every searchable table the pack has, as the content
// description says: an enum's label, a field's text, or the name of the row a field refers to.
Details details_of(SQLite::Statement& rows, const content::Table& table,
                   const content::Field* subtitle_field, int version) {
    using From = content::Subtitle::From;
    Details d;
    d.is_sample = rows.getColumn(3).getInt() != 0;
    const content::Subtitle& sub = table.search.subtitle;
    if (sub.from == From::Fixed)
        d.subtitle = {sub.zh, sub.en};
    else if (sub.from == From::EnumLabel && subtitle_field) {
        const auto* v = content::enum_value(*subtitle_field, read_text(rows, 1));
        d.subtitle = v ? Bilingual{v->zh, v->en} : Bilingual{};
    } else if (sub.from == From::RefName &&
               content::find_table(subtitle_field->target)->since_version > version) {
        // Only batch is newer than a table referring to it: a format-1 project's batch number.
        d.subtitle = unnamed_batch(rows.getColumn(1).getInt());
    } else {
        d.subtitle = read_bilingual(rows, 1);
    }
    return d;
}

// SELECT key, subtitle_zh, subtitle_en, is_sample FROM table (joined to the referred row).
std::string details_sql(const content::Table& table, int version) {
    using From = content::Subtitle::From;
    const content::Subtitle& sub = table.search.subtitle;
    const std::string key = std::string("x.") + table.key[0];
    std::string zh = "NULL", en = "NULL", join;
    if (sub.from == From::EnumLabel) {
        zh = en = std::string("x.") + sub.field;
    } else if (sub.from == From::FieldText) {
        const content::Field& f = *content::find_field(table, sub.field);
        zh = "x." + (f.kind == content::FieldKind::Bilingual ? content::bilingual_column(f, 0)
                                                             : std::string(f.name));
        en = "x." + (f.kind == content::FieldKind::Bilingual ? content::bilingual_column(f, 1)
                                                             : std::string(f.name));
    } else if (sub.from == From::RefName) {
        const content::Field& f = *content::find_field(table, sub.field);
        const content::Table& target = *content::find_table(f.target);
        if (target.since_version <= version) {
            join = std::string(" LEFT JOIN ") + target.name + " t ON t." +
                   content::key_field(target).name + " = x." + f.name;
            zh = "t.name_zh", en = "t.name_en";
        } else {  // format 1 has no batch table: the number alone, named in details_of
            zh = en = std::string("x.") + f.name;
        }
    }
    return "SELECT " + key + ", " + zh + ", " + en + ", x.is_sample FROM " + table.name + " x" +
           join;
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

SearchNames load_search_names(SQLite::Database& db, int version,
                              const std::vector<MemberEntry>& members) {
    const auto searchable = content::searchable_tables();
    std::vector<std::unordered_map<std::string, Details>> details(searchable.size());
    for (size_t k = 0; k < searchable.size(); ++k) {
        const content::Table& table = *searchable[k];
        if (table.since_version > version) continue;
        if (std::string(table.name) == "member") {
            // The members are in memory already; reading their rows again would read every
            // long text a second time (the flag is the rows' last column).
            details[k].reserve(members.size());
            for (const MemberEntry& m : members)
                details[k][m.id] = {member_kind_label(m.kind), m.is_sample};
            continue;
        }
        const content::Field* sub_field =
            table.search.subtitle.field ? content::find_field(table, table.search.subtitle.field)
                                        : nullptr;
        SQLite::Statement rows(db, details_sql(table, version));
        while (rows.executeStep())
            details[k][read_text(rows, 0)] = details_of(rows, table, sub_field, version);
    }
    const auto kind_rank = [&](const std::string& kind) -> int {
        for (size_t k = 0; k < searchable.size(); ++k)
            if (kind == searchable[k]->name) return static_cast<int>(k);
        return -1;
    };

    SearchNames names;
    SQLite::Statement rows = search_name_rows(db);
    while (rows.executeStep()) {
        SearchName n;
        n.rowid = rows.getColumn(0).getInt64();
        const int rank = kind_rank(read_text(rows, 1));
        n.ref = read_text(rows, 2);
        // Rows whose entity is gone would lead nowhere when tapped: leave them out.
        if (rank < 0) continue;
        const auto& of_kind = details[static_cast<size_t>(rank)];
        const auto found = of_kind.find(n.ref);
        if (found == of_kind.end()) continue;
        n.kind = searchable[static_cast<size_t>(rank)]->name;
        n.kind_rank = rank;
        n.name_zh = read_text(rows, 3);
        n.name_en = read_text(rows, 4);
        const std::string en_lower = lower(n.name_en);
        names.zh_compact.append(without_spaces(lower(n.name_zh)));
        names.en_lower.append(en_lower);
        names.en_compact.append(without_spaces(en_lower));
        names.pinyin.append(without_spaces(lower(read_text(rows, 5))));
        names.initials.append(without_spaces(lower(read_text(rows, 6))));
        n.subtitle = found->second.subtitle;
        n.is_sample = found->second.is_sample;
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
        indexes.names =
            load_search_names(db, db.execAndGet("PRAGMA user_version").getInt(), indexes.members);
        indexes.member_links = load_member_links(db);
        return indexes;
    } catch (const SQLite::Exception& e) {
        throw ContentError("Content pack " + path + ": cannot be read (" + e.what() + ")");
    }
}

}  // namespace kiosk
