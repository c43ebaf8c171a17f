// Photos drawn at another scale than their texture through triangles: ImGui's AddImageRounded
// (every rounded card photo) is a fan of triangles, and the texture cache decodes a photo at a
// JPEG scale step, a little larger than it is drawn. Sampled pixel by pixel that was most of a
// frame's CPU on a grid of photos (a drag over the highlights: 92 % of a core at 17 fps). A copy
// of the texture at the drawn scale, made once with pixman's bilinear filter, is drawn 1:1 by the
// row path every frame after. Internal to kiosk_render.
#pragma once

#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include "kiosk/render/primitives.h"

namespace kiosk::render::detail {

class ScaledCopies {
  public:
    struct Copy {
        std::vector<std::uint32_t> argb;  // premultiplied
        int width = 0, height = 0;
        double kx = 1, ky = 1;  // copy texels per source texel
        long long used = 0;     // frame last drawn from
    };

    // Texels per pixel along x and y of a triangle (texture coordinates in texels) when they
    // follow the axes without rotation or shear; false otherwise.
    static bool axis_scale(const TriVertex v[3], double& sx, double& sy);

    // The copy of the texture in `slot` at sx, sy texels per pixel; null when the texture is
    // already drawn 1:1, the copy would be too large, or this scale was not also asked for in the
    // frame before (a zoom animates the scale every frame: those frames are sampled directly).
    // Least recently drawn copies go first once they hold more than kBudgetBytes.
    const Copy* get(const Texture& texture, int slot, double sx, double sy, long long frame);
    void forget_slot(int slot);
    long long bytes() const { return bytes_; }

    static constexpr long long kBudgetBytes = 24ll << 20;

  private:
    using Key = std::tuple<int, std::uint64_t, long long, long long>;  // slot, generation, scale
    std::map<Key, Copy> copies_;
    std::map<Key, long long> asked_;  // scales without a copy yet: the frame last asked
    long long bytes_ = 0;
};

}  // namespace kiosk::render::detail
