// Look of the kiosk: palette (WCAG ≥ 4.5:1 text), spacing metrics scaled to the screen, ImGui
// style.
#pragma once

#include <imgui.h>

#include <cstdint>

namespace kiosk::ui {

// Palette, 0xRRGGBB. Contrast on background / surface noted where text uses it.
namespace palette {
inline constexpr uint32_t kBackground = 0x0B1F33;      // deep navy
inline constexpr uint32_t kBackground2 = 0x0E2A45;     // gradient partner of the background
inline constexpr uint32_t kSurface = 0x13314F;         // cards
inline constexpr uint32_t kSurfacePressed = 0x1D4470;  // pressed: lighter (text2 5.0:1)
inline constexpr uint32_t kSurfaceSoft = 0x183B5E;     // placeholders, inactive chips
inline constexpr uint32_t kText = 0xF4F7FA;            // 15.5 / 12.4
inline constexpr uint32_t kText2 = 0xA9BCCF;           // 8.6 / 6.8
inline constexpr uint32_t kAccent = 0x19C3B1;          // teal: actions, selection
inline constexpr uint32_t kOnAccent = 0x0B1F33;        // navy text on teal: 7.5
inline constexpr uint32_t kAmber = 0xF5A524;           // numbers, sample badge: 8.2 / 6.5
inline constexpr uint32_t kDivider = 0x24496E;
}  // namespace palette

// 0xRRGGBB + alpha → ImGui colour.
inline ImU32 rgb(uint32_t hex, float alpha = 1.f) {
    const auto a = static_cast<uint32_t>(alpha < 0 ? 0 : alpha > 1 ? 255 : alpha * 255.f + 0.5f);
    return IM_COL32((hex >> 16) & 0xFF, (hex >> 8) & 0xFF, hex & 0xFF, a);
}
// Mixes two 0xRRGGBB colours (t = 0 → a, 1 → b).
uint32_t mix(uint32_t a, uint32_t b, float t);

// Spacing of one frame, all in pixels already multiplied by the UI scale.
struct Metrics {
    float s = 1;  // UI scale (1 at 1080 px short side)
    ImVec2 viewport{0, 0};
    bool portrait = false;
    float margin = 48;  // page margins
    float gutter = 24;  // between cards
    float gap = 16;     // between adjacent targets
    float pad = 24;     // inside cards
    float radius = 16;  // card corners
    float target = 64;  // smallest tappable edge
    float bar_h = 96;   // top bar (and the portrait bottom bar)
    // Inside the small widgets: each widget's width and its drawing read these (widgets.cpp).
    float icon_gap = 12;    // between an icon and its label
    float chip_dot = 28;    // a chip's colour dot and the space after it
    float tag_pad_x = 12;   // tags and sample badges: text inset at the ends
    float tag_pad_y = 7;    // and above and below the text
    float tag_dot_x = 17;   // centre of a tag's colour dot, from its left end
    float tag_text_x = 32;  // start of a tag's text, after the dot
    float tag_gap = 8;      // between tags in a row
    float card_edge = 8;    // a card's focus-colour edge
};
Metrics make_metrics(float scale, float min_target_px, ImVec2 viewport);

// The ImGui style settings the screens' drawing depends on (they draw through the draw list, not
// ImGui widgets): anti-aliasing and how finely rounded corners are cut into triangles.
void apply_draw_style();

}  // namespace kiosk::ui
