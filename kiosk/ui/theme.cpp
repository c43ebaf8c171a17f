// Palette helpers, metrics and the ImGui style.
#include "kiosk/ui/theme.h"

#include <algorithm>

namespace kiosk::ui {

uint32_t mix(uint32_t a, uint32_t b, float t) {
    auto ch = [&](int shift) {
        const float x = static_cast<float>((a >> shift) & 0xFF);
        const float y = static_cast<float>((b >> shift) & 0xFF);
        return static_cast<uint32_t>(x + (y - x) * t + 0.5f) << shift;
    };
    return ch(16) | ch(8) | ch(0);
}

Metrics make_metrics(float scale, float min_target_px, ImVec2 viewport) {
    Metrics m;
    m.s = scale;
    m.viewport = viewport;
    m.portrait = viewport.y > viewport.x;
    m.margin = 48 * scale;
    m.gutter = 24 * scale;
    m.gap = 16 * scale;
    m.pad = 24 * scale;
    m.radius = 16 * scale;
    m.target = std::max(min_target_px, 64 * scale);
    m.bar_h = m.target + 32 * scale;
    m.icon_gap = 12 * scale;
    m.chip_dot = 28 * scale;
    m.tag_pad_x = 12 * scale;
    m.tag_pad_y = 7 * scale;
    m.tag_dot_x = 17 * scale;
    m.tag_text_x = 32 * scale;
    m.tag_gap = 8 * scale;
    m.card_edge = 8 * scale;
    return m;
}

void apply_draw_style() {
    ImGuiStyle& style = ImGui::GetStyle();
    style.AntiAliasedFill = true;
    style.AntiAliasedLines = true;
    // Corner error up to 0.45 px (ImGui's default is 0.3) for the shapes ImGui still tessellates
    // itself (rounded pictures, the attract screen's glow, outlines over pictures): a 16-20 px
    // corner gets 4 segments instead of 6. Cards, chips, tags and dots come from atlas masks
    // instead (shapes.h), since llvmpipe's cost per frame follows the triangles.
    style.CircleTessellationMaxError = 0.45f;
}

}  // namespace kiosk::ui
