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

void apply_theme(float scale) {
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    ImGui::StyleColorsDark(&style);
    style.WindowPadding = ImVec2(0, 0);
    style.WindowBorderSize = 0;
    style.WindowRounding = 0;
    style.FrameRounding = 16 * scale;
    style.AntiAliasedFill = true;
    style.AntiAliasedLines = true;
    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(rgb(palette::kBackground));
    c[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(rgb(palette::kText));
    c[ImGuiCol_TextDisabled] = ImGui::ColorConvertU32ToFloat4(rgb(palette::kText2));
    c[ImGuiCol_Border] = ImVec4(0, 0, 0, 0);
    ImGui::GetIO().MouseDrawCursor = false;
}

}  // namespace kiosk::ui
