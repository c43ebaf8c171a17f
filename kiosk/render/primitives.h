// What the CPU renderer makes of ImGui's draw data before drawing: primitives in draw order, each
// classified for its fastest correct path and hashed for the damage tiles. Internal to
// kiosk_render.
#pragma once

#include <imgui.h>
#include <pixman.h>

#include <cstdint>
#include <vector>

#include "kiosk/render/cpu_renderer.h"
#include "kiosk/render/raster.h"

namespace kiosk::render::detail {

// One texture slot; the id handed out is the slot's index + 1, so ids are reused after
// remove(). `generation` is unique per add and goes into the tile hashes.
struct Texture {
    bool live = false;
    bool alpha8 = false;
    int width = 0, height = 0, stride = 0;  // stride in elements (a8: padded to 4 bytes)
    std::vector<std::uint8_t> a8;
    std::vector<std::uint32_t> argb;  // premultiplied
    pixman_image_t* image = nullptr;
    std::uint64_t generation = 0;

    TexView view() const {
        TexView v;
        v.a8 = a8.data();
        v.argb = argb.data();
        v.width = width;
        v.height = height;
        v.stride = stride;
        v.alpha8 = alpha8;
        return v;
    }
};

enum class Kind : std::uint8_t {
    Solid,     // axis-aligned quad, one premultiplied colour
    Gradient,  // axis-aligned quad, per-corner colours, constant white texel
    Mask,      // axis-aligned quad, one colour through an A8 texture
    Image,     // axis-aligned quad, RGBA texture, white tint with alpha
    Triangle,  // anything else
};

// How a textured quad maps destination pixels to texels: texel = (a x + b, c y + d).
struct TexMap {
    bool identity = false;  // a = c = 1, b and d whole: plain offsets, no filtering
    bool nearest = false;   // |a| = |c| = 1 and whole offsets (mirrored masks): exact texels
    float a = 1, b = 0, c = 1, d = 0;
    int ox = 0, oy = 0;  // identity: texel = pixel + (ox, oy)
    // a = c = 1 with fractional offsets (an image while the grid scrolls): texel columns
    // pixel + ix and + ix + 1 weighted by fx / 256, rows likewise.
    bool unit = false;
    int ix = 0, iy = 0;
    std::uint32_t fx = 0, fy = 0;
};

struct Prim {
    Kind kind = Kind::Triangle;
    PixelRect box;               // pixels it may write: geometry x clip x canvas, never empty
    int tex = -1;                // texture slot (Mask, Image, Triangle); -1: none
    std::uint32_t premul = 0;    // Solid, Mask: premultiplied a8r8g8b8; Image: tint alpha (0..255)
    TexMap map;                  // Mask, Image
    float y0 = 0, y1 = 0;        // Gradient: the quad's top and bottom
    bool vertical = false;       // Gradient: top corners alike and bottom corners alike
    TriVertex v[4];              // Triangle: 3 corners; Gradient: TL, TR, BR, BL
    bool diagonal_tl_br = true;  // Gradient: which diagonal its two triangles share
    std::uint64_t hash = 0;
};

struct TextureTable {
    const std::vector<Texture>* slots = nullptr;
    // The slot of a live texture id; -1 when unknown.
    int find(ImTextureID id) const;
};

// Turns the draw data into primitives (appended to `out`, cleared first). `canvas` is the whole
// canvas rect. Commands without a known texture draw nothing.
void decode_frame(const ImDrawData& draw, const TextureTable& textures, PixelRect canvas,
                  std::vector<Prim>& out);

// A 64-bit hash step.
inline std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 31);
}

}  // namespace kiosk::render::detail
