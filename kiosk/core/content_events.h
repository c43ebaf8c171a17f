// The alliance's timeline (大事记): the `event` table and its gallery and links, as the timeline
// screen shows them. A table's own reader: it reads through ContentDb::read, so adding it touched
// no ContentDb method (docs/architecture.md, "Adding a content table").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/content_db.h"

namespace kiosk {

struct EventCard {
    std::string id;
    std::string date;  // YYYY-MM-DD
    Bilingual title;
    Bilingual summary;
    std::string cover;  // first gallery image, or empty
    bool is_sample = false;
};

struct Event {
    EventCard card;
    Bilingual body;
    std::vector<GalleryImage> gallery;
    std::vector<MemberCard> members;
    std::vector<Project> projects;
    std::vector<TransformationBase> bases;
    std::vector<Person> people;
};

// In date order; empty for a version-1 pack, which has no events.
std::vector<EventCard> timeline_events(const ContentDb& db);
// With its gallery and the rows it links to, each in its display order; nullopt when unknown.
std::optional<Event> timeline_event(const ContentDb& db, const std::string& id);

}  // namespace kiosk
