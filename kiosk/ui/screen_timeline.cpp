// The timeline (大事记): the alliance's events in date order along an axis the finger drags
// kinetically — horizontal in landscape, vertical in portrait — with year and date markers on the
// axis and a card per event; and an event's detail: its gallery with captions, the story, and chips
// that link to its members, projects, people and bases.
// Sections: events · dates · cards · timeline · event detail · registry hooks
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "kiosk/core/content_events.h"
#include "kiosk/engine/icons.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/strings.h"

namespace kiosk::ui {
namespace {

// --- events ---
// The timeline and one event, read once per content through the cache's generic items.
const std::vector<EventCard>& cached_events(Cache& c) {
    static const std::vector<EventCard> none;
    const auto* events = c.item<std::vector<EventCard>>("", timeline_events);
    return events != nullptr ? *events : none;
}

const Event* cached_event(Cache& c, const std::string& id) {
    return c.item<Event>(id, [&](const ContentDb& db) { return timeline_event(db, id); });
}

// --- dates ---
struct Date {
    int year = 0, month = 0, day = 0;
};

// "YYYY-MM-DD" → its parts; nullopt for anything else (the date is then shown as written).
std::optional<Date> parse_date(const std::string& iso) {
    Date d;
    char tail = 0;
    if (std::sscanf(iso.c_str(), "%4d-%2d-%2d%c", &d.year, &d.month, &d.day, &tail) != 3)
        return std::nullopt;
    if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) return std::nullopt;
    return d;
}

constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};

// 2024年4月28日 / April 28, 2024. Str::EventDate's Chinese format takes the year, month and day;
// the English one the month's name, the day and the year.
std::string date_text(Lang lang, const std::string& iso) {
    const std::optional<Date> d = parse_date(iso);
    if (!d) return iso;
    char out[64];
    if (lang == Lang::Zh)
        std::snprintf(out, sizeof out, tr(lang, Str::EventDate), d->year, d->month, d->day);
    else
        std::snprintf(out, sizeof out, tr(lang, Str::EventDate), kMonths[d->month - 1], d->day,
                      d->year);
    return out;
}

int year_of(const std::string& iso) {
    const std::optional<Date> d = parse_date(iso);
    return d ? d->year : 0;
}

// --- cards ---
// An event's text under its cover: title (h2, up to two lines) over the summary (up to
// `summary_lines`). Measures only when dl is null; returns the height, padding included.
float event_text(Screen& sc, ImDrawList* dl, float x, float y, float w, const EventCard& e,
                 int summary_lines) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const float top = y;
    y += m.pad * 0.75f;
    TextBox box;
    box.max_width = w;
    box.max_lines = 2;
    box.line_height = 1.3f;
    y += draw_text(dl, ui.h2(), ImVec2(x, y), rgb(palette::kText), e.title.pick(sc.lang()), box);
    y += 8 * m.s;
    box.max_lines = summary_lines;
    box.line_height = 1.45f;
    y += draw_text(dl, ui.body(), ImVec2(x, y), rgb(palette::kText2), e.summary.pick(sc.lang()),
                   box);
    return y - top + m.pad;
}

// Tallest text of any event at width w: every card of the timeline is as tall.
float event_text_height(Screen& sc, float w, const std::vector<EventCard>& events,
                        int summary_lines) {
    float h = 0;
    for (const EventCard& e : events)
        h = std::max(h, event_text(sc, nullptr, 0, 0, w, e, summary_lines));
    return h;
}

// Cover (or, with no picture, a quiet tile with the calendar icon), the sample badge on it, then
// the text. A tap opens the event.
void event_card(Screen& sc, const Rect& r, float cover_h, const EventCard& e, int summary_lines) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const std::string id = "event." + e.id;
    const std::string& title = e.title.pick(sc.lang());
    if (target(ui, id, "card", title, r)) sc.go_to = route_to(ScreenId::Event, e.id);
    const Rect rr = card(ui, r, is_pressed(ui, id), 0);
    const Rect cover{rr.x, rr.y, rr.w, cover_h * rr.h / r.h};
    if (!e.cover.empty()) {
        image(ui, e.cover, cover, true, m.radius, ImDrawFlags_RoundCornersTop);
    } else {
        fill_rounded(ui.dl, ui.corners(), cover.min(), cover.max(),
                     rgb(mix(palette::kSurfaceSoft, palette::kAccent, 0.12f)), m.radius,
                     ImDrawFlags_RoundCornersTop);
        ImFont* f = ui.h1();  // the icon font is merged into h1
        const float iw = text_width(f, icons::kEvent);
        ui.dl->AddText(f, f->FontSize,
                       ImVec2(cover.center().x - iw * 0.5f, cover.center().y - f->FontSize * 0.5f),
                       rgb(palette::kAccent, 0.8f), icons::kEvent);
    }
    if (e.is_sample)
        sample_badge(ui, ImVec2(cover.x + m.pad * 0.5f, cover.y + m.pad * 0.5f),
                     palette::kBackground);
    event_text(sc, ui.dl, rr.x + m.pad, cover.y + cover.h, rr.w - 2 * m.pad, e, summary_lines);
}

// --- timeline ---
// Slots along the axis: a year marker before the first event of each year, then the events.
struct Slot {
    int event = -1;  // index into the events, or -1 for a year marker
    int year = 0;
    float at = 0, len = 0;  // along the axis, from the content's start
};

std::vector<Slot> lay_out(const std::vector<EventCard>& events, float start, float year_len,
                          float event_len, float spacing) {
    std::vector<Slot> slots;
    float at = start;
    int shown_year = -1;
    for (size_t i = 0; i < events.size(); ++i) {
        const int year = year_of(events[i].date);
        if (year != shown_year && year != 0) {
            slots.push_back({-1, year, at, year_len});
            at += year_len + spacing;
            shown_year = year;
        }
        slots.push_back({static_cast<int>(i), year, at, event_len});
        at += event_len + spacing;
    }
    return slots;
}

float slots_end(const std::vector<Slot>& slots) {
    return slots.empty() ? 0 : slots.back().at + slots.back().len;
}

// A pill on the axis, centred on c: the year (amber, h2) or an event's date (caption).
Rect marker(Screen& sc, ImVec2 c, const std::string& text, bool year) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    ImFont* f = year ? ui.h2() : ui.caption();
    const float h = year ? f->FontSize + 2 * m.tag_pad_y : tag_height(ui);
    const float w = text_width(f, text) + 2 * (year ? m.pad : m.tag_pad_x);
    const Rect r{c.x - w * 0.5f, c.y - h * 0.5f, w, h};
    outline_rounded(ui.dl, ui.corners(), r.min(), r.max(),
                    rgb(year ? palette::kAmber : palette::kAccent),
                    rgb(year ? palette::kBackground : palette::kSurface), h * 0.5f, 2 * m.s);
    ui.dl->AddText(f, f->FontSize,
                   ImVec2(r.x + (w - text_width(f, text)) * 0.5f, r.y + (h - f->FontSize) * 0.5f),
                   rgb(year ? palette::kAmber : palette::kText), text.c_str());
    return r;
}

float year_marker_len(Screen& sc) {
    return text_width(sc.ui.h2(), "0000") + 2 * sc.m().pad;
}

// Landscape: the axis across the top of the track, date markers on it, cards hanging below.
void horizontal(Screen& sc, const Rect& track, const std::vector<EventCard>& events) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    // About three and a quarter cards in view: the cut-off one says "drag for more".
    const float card_w = std::clamp((track.w - 2 * m.margin) / 3.25f, 380 * m.s, 620 * m.s);
    const float cover_h = std::round(card_w * 9.f / 16.f);
    constexpr int kSummaryLines = 4;
    const float text_h = event_text_height(sc, card_w - 2 * m.pad, events, kSummaryLines);
    const float marker_h = ui.h2()->FontSize + 2 * m.tag_pad_y;
    const float link = 36 * m.s;  // the connector from a marker down to its card
    const float card_h = std::min(cover_h + text_h, track.h - marker_h - link - m.gap - m.margin);
    const float block_h = marker_h + link + m.gap + card_h;
    const float axis_y = track.y + std::max(m.gutter, (track.h - block_h) * 0.4f) + marker_h * 0.5f;
    const std::vector<Slot> slots =
        lay_out(events, m.margin, year_marker_len(sc), card_w, m.gutter * 1.5f);
    const float content = slots_end(slots) + m.margin;
    Scroller& scr = sc.scroller("track");
    const float off = scroll(ui, scr, sc.scroll_id("track"), track, content, true);
    ui.push_clip(track);
    ui.dl->AddLine(ImVec2(track.x, axis_y), ImVec2(track.x + track.w, axis_y),
                   rgb(palette::kDivider), 3 * m.s);
    for (const Slot& s : slots) {
        const float x = track.x + s.at - off;
        if (x + s.len < track.x || x > track.x + track.w) continue;
        const float cx = x + s.len * 0.5f;
        if (s.event < 0) {
            marker(sc, ImVec2(cx, axis_y), std::to_string(s.year), true);
            continue;
        }
        const EventCard& e = events[static_cast<size_t>(s.event)];
        const float card_y = axis_y + marker_h * 0.5f + link;
        ui.dl->AddLine(ImVec2(cx, axis_y), ImVec2(cx, card_y), rgb(palette::kAccent, 0.7f),
                       3 * m.s);
        fill_disc(ui.dl, ui.corners(), ImVec2(cx, card_y), 6 * m.s, rgb(palette::kAccent));
        event_card(sc, {x, card_y + m.gap, card_w, card_h}, cover_h, e, kSummaryLines);
        marker(sc, ImVec2(cx, axis_y), date_text(sc.lang(), e.date), false);
    }
    ui.pop_clip();
    scroll_indicator(ui, scr, track, content, true);
}

// Portrait: the axis down the left, each event's date beside a dot on it, its card to the right.
void vertical(Screen& sc, const Rect& track, const std::vector<EventCard>& events) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const float axis_x = track.x + m.margin + 12 * m.s;
    const float x = axis_x + 36 * m.s;
    const float card_w = track.x + track.w - m.margin - x;
    const float cover_h = std::round(std::min(card_w * 9.f / 16.f, track.h * 0.24f));
    constexpr int kSummaryLines = 3;
    const float text_h = event_text_height(sc, card_w - 2 * m.pad, events, kSummaryLines);
    const float date_h = ui.h2()->FontSize * 1.5f;
    const float event_h = date_h + cover_h + text_h;
    const float year_h = ui.h2()->FontSize + 2 * m.tag_pad_y;
    const std::vector<Slot> slots = lay_out(events, m.gutter, year_h, event_h, m.margin);
    const float content = slots_end(slots) + m.margin;
    Scroller& scr = sc.scroller("track");
    const float off = scroll(ui, scr, sc.scroll_id("track"), track, content, false);
    ui.push_clip(track);
    ui.dl->AddLine(ImVec2(axis_x, track.y), ImVec2(axis_x, track.y + track.h),
                   rgb(palette::kDivider), 3 * m.s);
    for (const Slot& s : slots) {
        const float y = track.y + s.at - off;
        if (y + s.len < track.y || y > track.y + track.h) continue;
        if (s.event < 0) {
            const float w = year_marker_len(sc);
            marker(sc, ImVec2(axis_x + w * 0.5f - 12 * m.s, y + s.len * 0.5f),
                   std::to_string(s.year), true);
            continue;
        }
        const EventCard& e = events[static_cast<size_t>(s.event)];
        const float dot_y = y + date_h * 0.45f;
        fill_disc(ui.dl, ui.corners(), ImVec2(axis_x, dot_y), 10 * m.s, rgb(palette::kBackground));
        fill_disc(ui.dl, ui.corners(), ImVec2(axis_x, dot_y), 7 * m.s, rgb(palette::kAccent));
        draw_line(ui.dl, ui.h2(), ImVec2(x, dot_y - ui.h2()->FontSize * 0.5f), rgb(palette::kAmber),
                  date_text(sc.lang(), e.date), card_w);
        event_card(sc, {x, y + date_h, card_w, cover_h + text_h}, cover_h, e, kSummaryLines);
    }
    ui.pop_clip();
    scroll_indicator(ui, scr, track, content, false);
}

// --- event detail ---
struct LinkChip {
    std::string id;  // target id
    std::string label;
    uint32_t dot = 0;
    Route to;
};

// Chips that wrap across w; a tap opens the chip's page. Returns the height used.
float link_chips(Screen& sc, float x, float y, float w, const std::vector<LinkChip>& chips) {
    const Metrics& m = sc.m();
    float cx = x, cy = y;
    for (const LinkChip& c : chips) {
        const float cw = std::min(chip_width(sc.ui, c.label, c.dot != 0), w);
        if (cx + cw > x + w && cx > x) {
            cx = x;
            cy += m.target + m.gap;
        }
        if (chip(sc.ui, c.id, {cx, cy, cw, m.target}, c.label, false, c.dot)) sc.go_to = c.to;
        cx += cw + m.gap;
    }
    return chips.empty() ? 0 : cy + m.target - y;
}

// The event's links, one group per kind of page: members, projects, people, bases.
std::vector<std::pair<Str, std::vector<LinkChip>>> link_groups(Screen& sc, const Event& e) {
    const Lang lang = sc.lang();
    std::vector<LinkChip> members, projects, people, bases;
    for (const MemberCard& c : e.members)
        members.push_back(
            {"link.member." + c.id, c.name.pick(lang),
             c.focus_ids.empty() ? palette::kAccent : sc.c.focus_color(c.focus_ids.front()),
             route_to(ScreenId::Member, c.id)});
    for (const Project& p : e.projects) {
        const uint32_t dot = sc.c.focus_color(p.focus_id);
        projects.push_back({"link.project." + p.id, p.title.pick(lang),
                            dot != 0 ? dot : palette::kAmber, route_to(ScreenId::Project, p.id)});
    }
    for (const Person& p : e.people)
        people.push_back({"link.person." + p.id, p.name.pick(lang),
                          p.is_academician ? palette::kAmber : palette::kAccent,
                          route_to(ScreenId::Person, p.id)});
    // The bases have no page of their own: the screen that shows them (About) opens.
    const ScreenRow* base_screen = screen_showing("base");
    for (const TransformationBase& b : e.bases)
        bases.push_back({"link.base." + b.id, b.name.pick(lang), palette::kText2,
                         base_screen != nullptr ? route_to(base_screen->id) : Route{}});
    std::vector<std::pair<Str, std::vector<LinkChip>>> groups;
    if (!members.empty()) groups.emplace_back(Str::RelatedMembers, std::move(members));
    if (!projects.empty()) groups.emplace_back(Str::RelatedProjects, std::move(projects));
    if (!people.empty()) groups.emplace_back(Str::RelatedPeople, std::move(people));
    if (!bases.empty()) groups.emplace_back(Str::Bases, std::move(bases));
    return groups;
}

}  // namespace

void draw_timeline(Screen& sc, const Rect& r) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const Lang lang = sc.lang();
    const float x = r.x + m.margin, w = r.w - 2 * m.margin;
    float y = r.y + m.gutter;
    const std::vector<EventCard>& events = cached_events(sc.c);
    // Heading: the title, and how to use the line.
    ImFont* h1 = ui.h1();
    const float tw =
        draw_line(ui.dl, h1, ImVec2(x, y), rgb(palette::kText), tr(lang, Str::NavTimeline), w);
    const float hx = x + tw + m.gutter;
    draw_line(ui.dl, ui.body(), ImVec2(hx, y + (h1->FontSize - ui.body()->FontSize) * 0.6f),
              rgb(palette::kText2),
              tr(lang, events.empty() ? Str::TimelineEmpty : Str::TimelineHint), x + w - hx);
    y += h1->FontSize * 1.3f + m.gutter;
    if (events.empty()) return;
    const Rect track{r.x, y, r.w, r.y + r.h - y};
    if (m.portrait)
        vertical(sc, track, events);
    else
        horizontal(sc, track, events);
}

void draw_event(Screen& sc, const Rect& r) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const Lang lang = sc.lang();
    const Event* e = cached_event(sc.c, sc.route.id);
    if (e == nullptr) {
        draw_line(ui.dl, ui.body(), ImVec2(r.x + m.margin, r.y + m.margin), rgb(palette::kText2),
                  tr(lang, Str::NothingHere), r.w - 2 * m.margin);
        return;
    }
    Page page = begin_page(sc, "page", r);
    float y = page.top + m.gutter;
    // Landscape: the photos on the left, the story beside them; portrait: photos above it.
    const bool photos = !e->gallery.empty();
    const bool beside = photos && !m.portrait;
    const float gallery_w = beside ? (page.w - m.margin) * 0.5f : page.w;
    float photos_bottom = y;
    if (photos)
        photos_bottom += photo_gallery(sc, page.x, y, gallery_w, r.h * (m.portrait ? 0.36f : 0.62f),
                                       e->gallery, e->card.id);
    const float tx = beside ? page.x + gallery_w + m.margin : page.x;
    const float tw = beside ? page.x + page.w - tx : text_column(sc, page.w);
    float ty = beside || !photos ? y : photos_bottom + m.margin;
    draw_line(ui.dl, ui.h2(), ImVec2(tx, ty), rgb(palette::kAmber), date_text(lang, e->card.date),
              tw);
    ty += ui.h2()->FontSize * 1.4f;
    TextBox box;
    box.max_width = tw;
    box.line_height = 1.25f;
    ty += draw_text(ui.dl, ui.h1(), ImVec2(tx, ty), rgb(palette::kText), e->card.title.pick(lang),
                    box) +
          12 * m.s;
    if (e->card.is_sample) {
        sample_badge(ui, ImVec2(tx, ty));
        ty += tag_height(ui) + m.gutter;
    } else {
        ty += m.gutter - 12 * m.s;
    }
    ty += body_text(sc, ImVec2(tx, ty), e->body.pick(lang), tw) + m.margin;
    for (const auto& [title, chips] : link_groups(sc, *e)) {
        ty += section_title(ui, ImVec2(tx, ty), tr(lang, title), tw) + m.gap;
        ty += link_chips(sc, tx, ty, tw, chips) + m.margin;
    }
    end_page(sc, page, std::max(ty, photos_bottom + m.margin));
}

// --- registry hooks (screen_registry.cpp) ---

int timeline_size(Cache& c) {
    return static_cast<int>(cached_events(c).size());
}

bool event_exists(Cache& c, const std::string& id) {
    return cached_event(c, id) != nullptr;
}

}  // namespace kiosk::ui
