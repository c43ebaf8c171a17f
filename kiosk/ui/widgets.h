// The widget kit: per-frame UI context, touch targets with pressed feedback, buttons, chips,
// cards, badges, image and monogram tiles, and finger-driven scroll areas.
// Sections: context · targets · buttons and chips · decorations · images · scrolling
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

#include "kiosk/core/content_model.h"
#include "kiosk/core/scroll_physics.h"
#include "kiosk/ui/services.h"
#include "kiosk/ui/shapes.h"
#include "kiosk/ui/text.h"
#include "kiosk/ui/theme.h"

namespace kiosk::ui {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    ImVec2 min() const { return {x, y}; }
    ImVec2 max() const { return {x + w, y + h}; }
    ImVec2 center() const { return {x + w * 0.5f, y + h * 0.5f}; }
    bool contains(ImVec2 p) const { return p.x >= x && p.x < x + w && p.y >= y && p.y < y + h; }
    Rect inset(float dx, float dy) const { return {x + dx, y + dy, w - 2 * dx, h - 2 * dy}; }
    Rect intersect(const Rect& o) const;
};

// --- context: everything a screen needs for one frame ---
struct Ui {
    AppServices* services = nullptr;
    ImDrawList* dl = nullptr;
    Touch touch;
    Lang lang = Lang::Zh;
    Metrics m;
    double now = 0;
    bool interactive = true;  // false while drawing the screen being left in a transition
    Rect clip;                // current clip (targets outside it are not tappable)
    std::vector<Rect> clip_stack;

    // Tap resolution: the last (innermost) target under the finger wins; its action fires on the
    // next frame, so nested targets (a party chip inside a project card) never both fire.
    std::string pressed_id;    // target held down since the press
    std::string fire_id;       // fires this frame
    std::string press_winner;  // being decided this frame
    std::string tap_winner;
    std::string pending_fire;    // decided this frame, fires next frame
    bool swallow_touch = false;  // the press that woke the attract screen taps nothing

    // Drag ownership: the first scroll area whose axis matches the drag's direction takes it.
    std::string drag_owner;
    bool drag_claim_open = false;

    bool wants_frames = false;  // something moves or loads: keep drawing
    // Ambient motion nobody is waiting for (the attract loop): frames the runner may space out
    // to keep an idle kiosk cheap. redraw_at: app-clock time the picture next changes by itself.
    bool ambient_frames = false;
    double redraw_at = -1;

    ImFont* display() const;
    ImFont* h1() const;
    ImFont* h2() const;
    ImFont* body() const;
    ImFont* caption() const;
    const CornerMasks& corners() const;  // for fill_rounded and friends (shapes.h)

    void push_clip(const Rect& r);
    void pop_clip();
};

void begin_touch_frame(Ui& ui);  // call before drawing
void end_touch_frame(Ui& ui);    // call after drawing

// --- targets ---
// Registers a tappable target; returns true on the frame its tap fires.
bool target(Ui& ui, const std::string& id, const char* kind, const std::string& label,
            const Rect& r);
bool is_pressed(const Ui& ui, const std::string& id);
// r shrunk to 97 % while pressed (the pressed feedback).
Rect press_rect(const Ui& ui, const std::string& id, const Rect& r);

// --- buttons and chips ---
enum class ButtonStyle { Surface, Accent, Ghost };
// Icon (may be null) then label, centred. Returns true when tapped.
bool button(Ui& ui, const std::string& id, const Rect& r, const char* icon,
            const std::string& label, ButtonStyle style = ButtonStyle::Surface);
// Width a button needs for its icon and label.
float button_width(const Ui& ui, const char* icon, const std::string& label);
// A pill; selected = filled teal. dot_color 0 = no colour dot.
bool chip(Ui& ui, const std::string& id, const Rect& r, const std::string& label, bool selected,
          uint32_t dot_color = 0);
float chip_width(const Ui& ui, const std::string& label, bool with_dot);
// Surface of a tappable card; returns the content rect (shrunk while pressed).
Rect card(Ui& ui, const Rect& r, bool pressed, uint32_t edge_color = 0);
uint32_t card_fill(bool pressed);  // the card's colour, for what is drawn on it

// --- decorations ---
// Amber outline "示例 Sample"; returns its width. Height = caption line + padding. `behind`: the
// opaque colour under it when known (cheaper to draw), 0 when not (e.g. over a picture).
float sample_badge(Ui& ui, ImVec2 pos, uint32_t behind = 0);
float sample_badge_width(const Ui& ui);
// Small non-tappable pill with a colour dot (focus area, kind).
float tag(Ui& ui, ImVec2 pos, const std::string& label, uint32_t dot_color);
float tag_width(const Ui& ui, const std::string& label);
float tag_height(const Ui& ui);
// A section heading (h2) with an accent bar; returns height used.
float section_title(Ui& ui, ImVec2 pos, const std::string& text, float max_w);

// --- images ---
// Image filling r (cropped to keep aspect); a soft placeholder with an icon while loading/failed.
// `corners`: which corners `rounding` applies to (a cover atop a card rounds only its top).
void image(Ui& ui, const std::string& media_id, const Rect& r, bool thumb, float rounding,
           ImDrawFlags corners = ImDrawFlags_RoundCornersAll);
// First character of name on the focus colour: the logo of members without one.
void monogram(Ui& ui, const Rect& r, std::string_view name, uint32_t color, float rounding);

// --- scrolling ---
struct Scroller {
    ScrollPhysics physics;
    bool caught = false;  // a press stopped a fling: that press taps nothing
    float content = 0;    // content length measured on the last frame
};
// Drives one scroll axis from touch for the viewport r; returns the offset to draw at.
float scroll(Ui& ui, Scroller& sc, const std::string& id, const Rect& r, float content_px,
             bool horizontal);
// Thin scroll indicator while the list moves.
void scroll_indicator(Ui& ui, const Scroller& sc, const Rect& r, float content_px, bool horizontal);

}  // namespace kiosk::ui
