// The CPU renderer's own pixel loops, for what pixman does not do the way GL does: triangles
// with per-vertex colour and texture coordinates, and gradient rows. Internal to kiosk_render.
#pragma once

#include <cstdint>

#include "kiosk/render/cpu_renderer.h"

namespace kiosk::render::detail {

// Where pixels go: x8r8g8b8, stride in pixels.
struct Target {
    std::uint32_t* pixels = nullptr;
    int stride_px = 0;
};

// A texture as the triangle path samples it (GL_LINEAR). `alpha8`: one channel of coverage,
// sampled as (1,1,1,c), repeating outside like GL's default wrap. Otherwise premultiplied
// a8r8g8b8 clamped at the edges (the kiosk's image textures are GL_CLAMP_TO_EDGE).
struct TexView {
    const std::uint8_t* a8 = nullptr;
    const std::uint32_t* argb = nullptr;
    int width = 0, height = 0, stride = 0;  // stride in elements
    bool alpha8 = false;
};

// Premultiplied colour, 0..1.
struct Rgba {
    float r = 0, g = 0, b = 0, a = 0;
};

// A texel coordinate as its whole part and the next texel's bilinear weight in 1/256ths (a
// fraction that rounds to 256 carries into the whole part).
void split_texels(double coordinate, int& whole, std::uint32_t& frac256);

// Bilinear sample at texel coordinates (s, t) (texel i covers [i, i+1)), premultiplied.
Rgba sample_bilinear(const TexView& tex, float s, float t);

// One triangle corner: pixel position, texture coordinates in texels, straight colour 0..1.
struct TriVertex {
    float x = 0, y = 0, s = 0, t = 0;
    float r = 0, g = 0, b = 0, a = 0;
};

// Whether a triangle's corners are within the range the fixed-point rasteriser handles exactly
// (finite, |coordinate| <= 2^20 pixels). Farther triangles are not drawn.
bool triangle_in_range(const TriVertex v[3]);

// Draws one triangle clipped to `clip` (pixel centres inside, top-left fill rule, 8 bits of
// sub-pixel precision like common GL rasterisers), colour x texture sample (tex null: a white
// texel), blended src-alpha / one-minus-src-alpha. Returns the pixels written.
long long raster_triangle(Target target, const PixelRect& clip, const TriVertex v[3],
                          const TexView* tex);

// Blends one premultiplied colour (0..255 each, alpha 0..255) over `n` pixels.
void blend_span(std::uint32_t* row, int n, std::uint32_t pr, std::uint32_t pg, std::uint32_t pb,
                std::uint32_t a);

// A8 coverage times one premultiplied a8r8g8b8 colour, OVER `n` pixels (glyphs at 1:1: pixman's
// per-call set-up costs more than a glyph's pixels).
void mask_span(std::uint32_t* row, const std::uint8_t* mask, int n, std::uint32_t premul);

// One row of an RGBA texture at 1:1 with a fractional offset: texel columns i0 + k and
// i0 + k + 1 of rows `top` and `bottom` (clamped to [0, width)), weighted by fx and fy
// (0..256), times `tint` alpha (0..255), OVER `n` pixels. The weights are the same for every
// pixel, so bilinear filtering is two lerps.
void image_span_unit(std::uint32_t* row, int n, const std::uint32_t* top,
                     const std::uint32_t* bottom, int i0, int width, std::uint32_t fx,
                     std::uint32_t fy, std::uint32_t tint);

}  // namespace kiosk::render::detail
