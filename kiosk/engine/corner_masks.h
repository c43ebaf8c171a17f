// The atlas side of rounded shapes: a ladder of quarter-disc coverage masks, reserved in the font
// atlas before it is built and painted after, so shapes draw from the same texture as text.
#pragma once

#include <imgui.h>

#include <vector>

#include "kiosk/ui/shapes.h"

namespace kiosk::engine {

// The radii of the ladder for a UI scale: 2 px up to 64 px x scale (larger shapes fall back to
// ImGui's own tessellation, which is correct, only dearer).
std::vector<int> corner_mask_radii(float scale);

// Reserves one atlas rectangle per radius; call before atlas->Build(). Returns their ids.
std::vector<int> reserve_corner_masks(ImFontAtlas* atlas, const std::vector<int>& radii);

// Paints the reserved rectangles into the built atlas's alpha (TexPixelsAlpha8) and returns the
// masks with their UVs.
ui::CornerMasks paint_corner_masks(ImFontAtlas* atlas, const std::vector<int>& radii,
                                   const std::vector<int>& rect_ids);

// Coverage (0..1) of texel (x, y) of a quarter-disc mask: the texel's square [x, x+1) x [y, y+1)
// against a disc of `radius` centred at (radius, radius), with a one-pixel linear edge.
float corner_coverage(int radius, int x, int y);

}  // namespace kiosk::engine
