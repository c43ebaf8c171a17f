// Quarter-disc masks for rounded shapes, painted into the font atlas (see kiosk/ui/shapes.h).
#include "kiosk/engine/corner_masks.h"

#include <algorithm>
#include <cmath>

namespace kiosk::engine {

std::vector<int> corner_mask_radii(float scale) {
    const int largest = std::max(8, static_cast<int>(std::ceil(64.f * std::max(scale, 0.25f))));
    std::vector<int> radii;
    for (int r = 2; r < largest; r = std::max(r + 1, static_cast<int>(std::lround(r * 1.15))))
        radii.push_back(r);
    radii.push_back(largest);
    return radii;
}

std::vector<int> reserve_corner_masks(ImFontAtlas* atlas, const std::vector<int>& radii) {
    std::vector<int> ids;
    ids.reserve(radii.size());
    // One texel more on every side: the outer side stays empty and the inner side repeats the
    // disc, so bilinear filtering at the quad's edges never reads a neighbour in the atlas.
    for (int r : radii) ids.push_back(atlas->AddCustomRectRegular(r + 2, r + 2));
    return ids;
}

float corner_coverage(int radius, int x, int y) {
    const float dx = static_cast<float>(radius) - (static_cast<float>(x) + 0.5f);
    const float dy = static_cast<float>(radius) - (static_cast<float>(y) + 0.5f);
    const float inside = static_cast<float>(radius) + 0.5f - std::sqrt(dx * dx + dy * dy);
    return std::clamp(inside, 0.f, 1.f);
}

ui::CornerMasks paint_corner_masks(ImFontAtlas* atlas, const std::vector<int>& radii,
                                   const std::vector<int>& rect_ids) {
    ui::CornerMasks out;
    unsigned char* pixels = atlas->TexPixelsAlpha8;
    if (pixels == nullptr || radii.size() != rect_ids.size()) return out;
    const float tw = static_cast<float>(atlas->TexWidth), th = static_cast<float>(atlas->TexHeight);
    for (size_t i = 0; i < radii.size(); ++i) {
        const ImFontAtlasCustomRect* rect = atlas->GetCustomRectByIndex(rect_ids[i]);
        const int r = radii[i];
        if (rect == nullptr || !rect->IsPacked()) continue;
        for (int y = -1; y <= r; ++y) {
            unsigned char* row = pixels + static_cast<size_t>(rect->Y + 1 + y) * atlas->TexWidth;
            for (int x = -1; x <= r; ++x)
                row[rect->X + 1 + x] =
                    static_cast<unsigned char>(std::lround(corner_coverage(r, x, y) * 255.f));
        }
        ui::CornerMask m;
        m.radius = r;
        const float x0 = static_cast<float>(rect->X + 1), y0 = static_cast<float>(rect->Y + 1);
        const float rf = static_cast<float>(r);
        m.uv_outer = ImVec2(x0 / tw, y0 / th);
        m.uv_centre = ImVec2((x0 + rf) / tw, (y0 + rf) / th);
        out.masks.push_back(m);
    }
    return out;
}

}  // namespace kiosk::engine
