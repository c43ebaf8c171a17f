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
    return m;
}

void apply_draw_style() {
    ImGuiStyle& style = ImGui::GetStyle();
    style.AntiAliasedFill = true;
    style.AntiAliasedLines = true;
    // Corner error up to 0.45 px (ImGui's default is 0.3): corners of 16-20 px (cards, tags,
    // logo tiles) get 4 segments instead of 6, while the 24 px ends of the filter chips keep 6,
    // where a coarser arc shows. Rounded shapes are most of the members grid, and llvmpipe's
    // cost per frame follows their triangles (1080p fling: 32,700 -> 27,200 indices a frame).
    style.CircleTessellationMaxError = 0.45f;
}

}  // namespace kiosk::ui
