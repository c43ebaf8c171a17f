// What every screen draws with: the visitor session, the content cache, navigation requests, and
// the shared card and layout helpers. One draw function per screen (screen_*.cpp), declared and
// listed once, in the screen registry (screen_registry.cpp).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "kiosk/core/navigation.h"
#include "kiosk/ui/cache.h"
#include "kiosk/ui/screen_registry.h"
#include "kiosk/ui/widgets.h"

namespace kiosk::ui {

// A swipe gallery's position: page index plus the finger's offset while dragging.
struct Gallery {
    int page = 0;
    float shown = 0;  // page units, eased towards page
    bool dragging = false;
    float drag_px = 0;
};

// One visitor's session: reset by the idle timeout.
struct Session {
    Lang lang = Lang::Zh;
    std::optional<std::string> kind_filter;  // a member kind id
    std::string member_focus;
    std::string highlight_focus;
    int batch = 0;  // a batch number; 0 = all
    std::string search;
    std::map<std::string, Scroller> scrollers;  // keyed by route and list name
    std::map<std::string, Gallery> galleries;
};

struct Screen {
    Screen(Ui& u, Session& session, Cache& cache, const Route& r)
        : ui(u), s(session), c(cache), route(r) {}
    Ui& ui;
    Session& s;
    Cache& c;
    const Route& route;
    double attract_t0 = 0;
    // Requests, applied after the frame.
    std::optional<Route> go_to;
    bool go_back = false;

    Lang lang() const { return ui.lang; }
    const Metrics& m() const { return ui.m; }
    Scroller& scroller(const std::string& name);
    std::string scroll_id(const std::string& name) const;
};

// A vertical page that scrolls with the finger: draw from y, then end_page with the final y.
struct Page {
    Rect view;
    float top = 0;  // y of the content's top (already scrolled)
    float x = 0, w = 0;
    Scroller* sc = nullptr;
    std::string id;
};
Page begin_page(Screen& sc, const std::string& name, const Rect& view);
void end_page(Screen& sc, Page& page, float bottom_y);

// A horizontal strip of equal cards that scrolls with the finger. draw(i, rect) per visible card.
// Returns the height used.
float strip(Screen& sc, const std::string& name, const Rect& r, int count, float card_w,
            const std::function<void(int, const Rect&)>& draw);
// A horizontal strip of chips; chips[i] = {id, label, selected, dot colour}; returns tapped index
// or -1.
struct ChipSpec {
    std::string id;
    std::string label;
    bool selected = false;
    uint32_t dot = 0;
};
int chip_row(Screen& sc, const std::string& name, const Rect& r,
             const std::vector<ChipSpec>& chips);

// Cards used by several screens; each is a tap target navigating to its detail.
void member_card(Screen& sc, const Rect& r, const MemberCard& card, const std::string& id);
void highlight_card(Screen& sc, const Rect& r, const HighlightCard& card);
// A 16:9 cover over a tag and as many title and summary lines (one or two each) as the longest of
// `cards` needs: every card of a grid or strip is this tall, and short texts leave no empty band.
float highlight_card_height(const Screen& sc, float w, const std::vector<HighlightCard>& cards);
// Up to max_count of the alliance's key numbers side by side across w: the value in amber display
// type over a two-line caption. Returns the height used; draws nothing when dl is null.
float key_numbers_row(Screen& sc, ImDrawList* dl, ImVec2 pos, float w, size_t max_count);
void project_card(Screen& sc, const Rect& r, const Project& project, bool with_parties);
float project_card_height(Screen& sc, const Project& project, float w, bool with_parties);
void person_card(Screen& sc, const Rect& r, const Person& person);
// Logo image or monogram of a member.
void member_logo(Screen& sc, const Rect& r, const MemberCard& card);
// Width of the readable text column (≤ 36 CJK / 70 Latin characters).
float text_column(const Screen& sc, float available);
// Body text block: returns height used.
float body_text(Screen& sc, ImVec2 pos, const std::string& text, float w);
// A swipe gallery of photos at (x, y) across w, at most max_h tall: the photo at 16:9, page dots
// and the caption of the photo shown. Its page is kept in the session under `key` (the item's
// id). Returns the height used.
float photo_gallery(Screen& sc, float x, float y, float w, float max_h,
                    const std::vector<GalleryImage>& images, const std::string& key);

}  // namespace kiosk::ui
