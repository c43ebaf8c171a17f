// Rounded rectangles and discs drawn from coverage masks in the font atlas.
//
// Why: under llvmpipe the main thread's cost per frame follows the number of triangles, and an
// anti-aliased rounded rectangle from ImGui is ~60 of them (an arc per corner plus a fringe around
// the whole outline). Here a corner is one quad textured with a pre-rendered quarter disc whose
// edge is already anti-aliased, and the straight parts are plain quads: 14 triangles a card, 8 a
// dot, all from the font atlas so no draw call is split. Benchmark tour (large pack, 1080p), main
// thread per frame: p50 2.3 -> 1.6 ms, p99 3.9-4.2 -> 2.8-3.2 ms (docs/performance.md).
//
// The masks are painted into the atlas by the font builder (kiosk/engine/corner_masks.h).
// Sections: masks in the atlas · drawing
#pragma once

#include <imgui.h>

#include <vector>

namespace kiosk::ui {

// --- masks in the atlas ---
// One quarter disc of `radius` texels: the top-left corner of a rounded rectangle, with the disc
// centre at uv_centre and the corner's outer point at uv_outer. Other corners mirror it.
struct CornerMask {
    int radius = 0;
    ImVec2 uv_outer{0, 0};
    ImVec2 uv_centre{0, 0};
};

// Masks for a ladder of radii, each at most ~15 % larger than the one before, so any radius
// is drawn from a mask at most that much larger (its edge stays ~1 px soft). Sorted by radius.
struct CornerMasks {
    std::vector<CornerMask> masks;
    // The smallest mask >= radius; null when none is that large.
    const CornerMask* for_radius(float radius) const {
        for (const CornerMask& m : masks)
            if (static_cast<float>(m.radius) >= radius) return &m;
        return nullptr;
    }
};

// --- drawing ---
// Fills [a, b] with rounded corners (ImDrawFlags_RoundCorners*; 0 or None = all corners square
// only when `rounding` is 0, as ImGui does). Only the part between from_x and to_x is drawn, so a
// card's coloured left edge can follow the card's own corners. Falls back to ImGui's AddRectFilled
// when no mask fits or the draw list is not drawing with the font atlas.
void fill_rounded(ImDrawList* dl, const CornerMasks& masks, ImVec2 a, ImVec2 b, ImU32 col,
                  float rounding, ImDrawFlags corners = ImDrawFlags_RoundCornersAll,
                  float from_x = -1e30f, float to_x = 1e30f);

// A filled disc.
void fill_disc(ImDrawList* dl, const CornerMasks& masks, ImVec2 centre, float radius, ImU32 col);

// A rounded outline of `thickness` inside [a, b] on an opaque `inside` colour: the shape filled
// with `line`, then again `thickness` smaller with `inside`.
void outline_rounded(ImDrawList* dl, const CornerMasks& masks, ImVec2 a, ImVec2 b, ImU32 line,
                     ImU32 inside, float rounding, float thickness);

}  // namespace kiosk::ui
