// ContentDb: the signing batches and the timeline (content schema version 2; a version-1 pack
// has neither table, and gets its batches from its projects and an empty timeline).
// Sections: batches · events
#include <algorithm>

#include "kiosk/core/content_db_internal.h"

namespace kiosk {

// --- batches
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

// --- events
namespace {

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

}  // namespace

std::vector<EventCard> ContentDb::events() const {
    std::lock_guard lock(impl_->mutex);
    std::vector<EventCard> out;
    if (impl_->version < 2) return out;
    SQLite::Statement s(impl_->db, std::string(kEventCard) + " ORDER BY e.date, e.sort, e.id");
    while (s.executeStep()) out.push_back(read_event_card(s));
    return out;
}

std::optional<Event> ContentDb::event(const std::string& id) const {
    std::vector<std::string> members, projects, bases, people;
    Event e;
    {
        std::lock_guard lock(impl_->mutex);
        if (impl_->version < 2) return std::nullopt;
        auto& db = impl_->db;
        SQLite::Statement s(db, std::string(kEventCard) + " WHERE e.id = ?1");
        s.bind(1, id);
        if (!s.executeStep()) return std::nullopt;
        e.card = read_event_card(s);
        e.body = read_bilingual(s, 8);
        SQLite::Statement gallery(db,
                                  "SELECT media_id, caption_zh, caption_en FROM event_media WHERE "
                                  "event_id = ?1 ORDER BY sort");
        gallery.bind(1, id);
        while (gallery.executeStep())
            e.gallery.push_back({read_text(gallery, 0), read_bilingual(gallery, 1)});
        members = linked_ids(db, "event_member", "member", "member_id", id);
        projects = linked_ids(db, "event_project", "project", "project_id", id);
        bases = linked_ids(db, "event_base", "base", "base_id", id);
        people = linked_ids(db, "event_person", "person", "person_id", id);
    }
    // The linked rows through the public readers (each takes the lock itself).
    if (!members.empty())  // the cards are in memory already, in display order
        for (const MemberEntry& m : impl_->index().members)
            if (std::find(members.begin(), members.end(), m.id) != members.end())
                e.members.push_back(m);
    for (const std::string& p : projects)
        if (auto project_row = project(p)) e.projects.push_back(std::move(*project_row));
    if (!bases.empty())
        for (TransformationBase& b : alliance().bases)
            if (std::find(bases.begin(), bases.end(), b.id) != bases.end())
                e.bases.push_back(std::move(b));
    for (const std::string& p : people)
        if (auto person_row = person(p)) e.people.push_back(std::move(*person_row));
    return e;
}

}  // namespace kiosk
