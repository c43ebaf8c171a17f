// The table of visitor screens. Each screen's draw function is declared here, next to its row:
// the table is the only place that calls it.
#include "kiosk/ui/screen_registry.h"

#include <algorithm>
#include <iterator>

#include "kiosk/engine/icons.h"
#include "kiosk/ui/screens.h"

namespace kiosk::ui {

void draw_attract(Screen& sc, const Rect& r);
void draw_home(Screen& sc, const Rect& r);
void draw_members(Screen& sc, const Rect& r);
void draw_member(Screen& sc, const Rect& r);
void draw_highlights(Screen& sc, const Rect& r);
void draw_highlight(Screen& sc, const Rect& r);
void draw_projects(Screen& sc, const Rect& r);
void draw_project(Screen& sc, const Rect& r);
void draw_experts(Screen& sc, const Rect& r);
void draw_person(Screen& sc, const Rect& r);
void draw_about(Screen& sc, const Rect& r);
void draw_search(Screen& sc, const Rect& r);
void draw_timeline(Screen& sc, const Rect& r);
void draw_event(Screen& sc, const Rect& r);
int timeline_size(Cache& c);
bool event_exists(Cache& c, const std::string& id);

namespace {

constexpr int size_of(size_t n) {
    return static_cast<int>(n);
}

constexpr ScreenRow kScreens[] = {
    {.id = ScreenId::Attract, .name = "attract", .draw = draw_attract, .full_screen = true},
    {.id = ScreenId::Home, .name = "home", .draw = draw_home},
    {.id = ScreenId::Members,
     .name = "members",
     .draw = draw_members,
     .home = HomeTile{10, icons::kMembers, Str::NavMembers, Str::HomeMembersHint,
                      [](Cache& c) { return c.member_count({}); }}},
    {.id = ScreenId::Member,
     .name = "member",
     .draw = draw_member,
     .exists = [](Cache& c, const std::string& id) { return c.member(id) != nullptr; },
     .shows = ShowsKind{"member", Str::ResultMember}},
    {.id = ScreenId::Highlights,
     .name = "highlights",
     .draw = draw_highlights,
     .home = HomeTile{20, icons::kHighlights, Str::NavHighlights, Str::HomeHighlightsHint,
                      [](Cache& c) { return size_of(c.highlights("").size()); }}},
    {.id = ScreenId::Highlight,
     .name = "highlight",
     .draw = draw_highlight,
     .exists = [](Cache& c, const std::string& id) { return c.highlight(id) != nullptr; },
     .shows = ShowsKind{"highlight", Str::ResultHighlight}},
    {.id = ScreenId::Projects,
     .name = "projects",
     .draw = draw_projects,
     .home = HomeTile{30, icons::kProjects, Str::NavProjects, Str::HomeProjectsHint,
                      [](Cache& c) { return size_of(c.projects(0).size()); }}},
    {.id = ScreenId::Project,
     .name = "project",
     .draw = draw_project,
     .exists = [](Cache& c, const std::string& id) { return c.project(id) != nullptr; },
     .shows = ShowsKind{"project", Str::ResultProject}},
    {.id = ScreenId::Experts,
     .name = "experts",
     .draw = draw_experts,
     .home = HomeTile{40, icons::kExperts, Str::NavExperts, Str::HomeExpertsHint,
                      [](Cache& c) { return size_of(c.people().size()); }}},
    {.id = ScreenId::Person,
     .name = "person",
     .draw = draw_person,
     .exists = [](Cache& c, const std::string& id) { return c.person(id) != nullptr; },
     .shows = ShowsKind{"person", Str::ResultPerson}},
    // The bases are shown on the about page: a base hit opens it.
    {.id = ScreenId::About,
     .name = "about",
     .draw = draw_about,
     .shows = ShowsKind{"base", Str::ResultBase},
     .home = HomeTile{90, icons::kAbout, Str::NavAbout, Str::HomeAboutHint, nullptr}},
    {.id = ScreenId::Search, .name = "search", .draw = draw_search},
    {.id = ScreenId::Timeline,
     .name = "timeline",
     .draw = draw_timeline,
     .home = HomeTile{50, icons::kEvent, Str::NavTimeline, Str::HomeTimelineHint, timeline_size}},
    {.id = ScreenId::Event,
     .name = "event",
     .draw = draw_event,
     .exists = event_exists,
     .shows = ShowsKind{"event", Str::ResultEvent}},
};

constexpr bool rows_in_id_order() {
    for (size_t i = 0; i < std::size(kScreens); ++i)
        if (static_cast<size_t>(kScreens[i].id) != i) return false;
    return true;
}
static_assert(rows_in_id_order(), "kScreens: one row per ScreenId, in ScreenId order");

}  // namespace

const ScreenRow& screen_row(ScreenId id) {
    return kScreens[static_cast<size_t>(id)];
}

const ScreenRow* find_screen(std::string_view name) {
    for (const ScreenRow& row : kScreens)
        if (name == row.name) return &row;
    return nullptr;
}

const ScreenRow* screen_showing(std::string_view kind) {
    for (const ScreenRow& row : kScreens)
        if (row.shows && kind == row.shows->kind) return &row;
    return nullptr;
}

const std::vector<const ScreenRow*>& home_screens() {
    static const std::vector<const ScreenRow*> rows = [] {
        std::vector<const ScreenRow*> out;
        for (const ScreenRow& row : kScreens)
            if (row.home) out.push_back(&row);
        std::stable_sort(out.begin(), out.end(), [](const ScreenRow* a, const ScreenRow* b) {
            return a->home->order < b->home->order;
        });
        return out;
    }();
    return rows;
}

Route route_to(ScreenId id, std::string item) {
    return Route{screen_row(id).name, std::move(item)};
}

bool is_screen(const Route& route, ScreenId id) {
    return route.screen == screen_row(id).name;
}

}  // namespace kiosk::ui
