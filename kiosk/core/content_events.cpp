// The timeline's reader (content_events.h).
#include "kiosk/core/content_events.h"

#include <algorithm>
#include <climits>

#include "kiosk/core/content_tables.h"
#include "kiosk/core/sqlite_cells.h"

namespace kiosk {
namespace {

bool has_events(int format) {
    return format >= content::find_table("event")->since_version;
}

constexpr const char* kEventCard =
    "SELECT e.id, e.date, e.title_zh, e.title_en, e.summary_zh, e.summary_en, "
    "(SELECT media_id FROM event_media m WHERE m.event_id = e.id ORDER BY m.sort LIMIT 1), "
    "e.is_sample, e.body_zh, e.body_en FROM event e";

EventCard read_event_card(SQLite::Statement& s) {
    return {read_text(s, 0),      read_text(s, 1), read_bilingual(s, 2),
            read_bilingual(s, 4), read_text(s, 6), s.getColumn(7).getInt() != 0};
}

// The ids an event links to in one of its link tables, in the target's display order.
std::vector<std::string> linked_ids(SQLite::Database& db, const std::string& link,
                                    const std::string& target, const std::string& column,
                                    const std::string& event_id) {
    SQLite::Statement s(db, "SELECT t.id FROM " + link + " l JOIN " + target + " t ON t.id = l." +
                                column + " WHERE l.event_id = ?1 ORDER BY t.sort, t.id");
    s.bind(1, event_id);
    std::vector<std::string> ids;
    while (s.executeStep()) ids.push_back(read_text(s, 0));
    return ids;
}

bool contains(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

std::vector<EventCard> timeline_events(const ContentDb& db) {
    std::vector<EventCard> out;
    db.read([&](SQLite::Database& sql, int format) {
        if (!has_events(format)) return;
        SQLite::Statement s(sql, std::string(kEventCard) + " ORDER BY e.date, e.sort, e.id");
        while (s.executeStep()) out.push_back(read_event_card(s));
    });
    return out;
}

std::optional<Event> timeline_event(const ContentDb& db, const std::string& id) {
    std::vector<std::string> members, projects, bases, people;
    std::optional<Event> e;
    db.read([&](SQLite::Database& sql, int format) {
        if (!has_events(format)) return;
        SQLite::Statement s(sql, std::string(kEventCard) + " WHERE e.id = ?1");
        s.bind(1, id);
        if (!s.executeStep()) return;
        e.emplace();
        e->card = read_event_card(s);
        e->body = read_bilingual(s, 8);
        SQLite::Statement gallery(sql,
                                  "SELECT media_id, caption_zh, caption_en FROM event_media WHERE "
                                  "event_id = ?1 ORDER BY sort");
        gallery.bind(1, id);
        while (gallery.executeStep())
            e->gallery.push_back({read_text(gallery, 0), read_bilingual(gallery, 1)});
        members = linked_ids(sql, "event_member", "member", "member_id", id);
        projects = linked_ids(sql, "event_project", "project", "project_id", id);
        bases = linked_ids(sql, "event_base", "base", "base_id", id);
        people = linked_ids(sql, "event_person", "person", "person_id", id);
    });
    if (!e) return e;
    // The linked rows through the public readers (each takes the lock itself), in display order.
    if (!members.empty())  // the member cards are in memory already
        for (MemberCard& m : db.members(MemberFilter{}, 0, INT_MAX))
            if (contains(members, m.id)) e->members.push_back(std::move(m));
    for (const std::string& p : projects)
        if (auto row = db.project(p)) e->projects.push_back(std::move(*row));
    if (!bases.empty())
        for (TransformationBase& b : db.alliance().bases)
            if (contains(bases, b.id)) e->bases.push_back(std::move(b));
    for (const std::string& p : people)
        if (auto row = db.person(p)) e->people.push_back(std::move(*row));
    return e;
}

}  // namespace kiosk
