// Rounded shapes from atlas masks.
#include "kiosk/ui/shapes.h"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {

// --- drawing ---
namespace {

// Quads collected for one shape, emitted together; each clipped to [from_x, to_x] with its UVs
// cut to match.
struct QuadWriter {
    QuadWriter(ImDrawList* list, ImU32 colour, float from, float to, ImVec2 white_uv)
        : dl(list), col(colour), from_x(from), to_x(to), white(white_uv) {}
    ImDrawList* dl;
    ImU32 col;
    float from_x, to_x;
    ImVec2 white;
    struct Quad {
        ImVec2 a, b, uv_a, uv_b;
    };
    Quad quads[7]{};
    int count = 0;

    void solid(ImVec2 a, ImVec2 b) { add(a, b, white, white); }
    void add(ImVec2 a, ImVec2 b, ImVec2 uv_a, ImVec2 uv_b) {
        if (b.y <= a.y) return;
        const float x0 = std::max(a.x, from_x), x1 = std::min(b.x, to_x);
        if (x1 <= x0) return;
        const float w = b.x - a.x;
        const ImVec2 uv0(uv_a.x + (uv_b.x - uv_a.x) * (x0 - a.x) / w, uv_a.y);
        const ImVec2 uv1(uv_a.x + (uv_b.x - uv_a.x) * (x1 - a.x) / w, uv_b.y);
        quads[count++] = {ImVec2(x0, a.y), ImVec2(x1, b.y), uv0, uv1};
    }
    void emit() {
        if (count == 0) return;
        dl->PrimReserve(count * 6, count * 4);
        for (int i = 0; i < count; ++i)
            dl->PrimRectUV(quads[i].a, quads[i].b, quads[i].uv_a, quads[i].uv_b, col);
    }
};

float snap(float v) {
    return std::floor(v + 0.5f);
}

}  // namespace

void fill_rounded(ImDrawList* dl, const CornerMasks& masks, ImVec2 a, ImVec2 b, ImU32 col,
                  float rounding, ImDrawFlags corners, float from_x, float to_x) {
    if ((col & IM_COL32_A_MASK) == 0) return;
    // Whole pixels: the hard straight edges and the masks' edges then meet exactly, and a mask
    // drawn at its own radius is sampled at its texel centres.
    a = ImVec2(snap(a.x), snap(a.y));
    b = ImVec2(snap(b.x), snap(b.y));
    from_x = std::max(from_x, a.x);
    to_x = std::min(to_x, b.x);
    if (b.x <= a.x || b.y <= a.y || to_x <= from_x) return;
    if ((corners & ImDrawFlags_RoundCornersMask_) == 0) corners |= ImDrawFlags_RoundCornersAll;
    if (corners & ImDrawFlags_RoundCornersNone) rounding = 0;
    const float r = std::floor(std::min({rounding, (b.x - a.x) * 0.5f, (b.y - a.y) * 0.5f}));
    const CornerMask* mask = r >= 1 ? masks.for_radius(r) : nullptr;
    const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    const bool atlas_texture = dl->_CmdHeader.TextureId == atlas->TexID;
    if (r >= 1 && (mask == nullptr || !atlas_texture)) {
        // A clip rect only when cutting: each one starts a new draw command.
        const bool cut = from_x > a.x || to_x < b.x;
        if (cut) dl->PushClipRect(ImVec2(from_x, a.y), ImVec2(to_x, b.y), true);
        dl->AddRectFilled(a, b, col, rounding, corners);
        if (cut) dl->PopClipRect();
        return;
    }
    QuadWriter q(dl, col, from_x, to_x, atlas->TexUvWhitePixel);
    if (r < 1) {
        q.solid(a, b);
        q.emit();
        return;
    }
    const bool tl = corners & ImDrawFlags_RoundCornersTopLeft;
    const bool tr = corners & ImDrawFlags_RoundCornersTopRight;
    const bool bl = corners & ImDrawFlags_RoundCornersBottomLeft;
    const bool br = corners & ImDrawFlags_RoundCornersBottomRight;
    // The whole mask spans r pixels: a mask larger than r is scaled down, so its disc's edge
    // lands exactly at r.
    const ImVec2 o = mask->uv_outer, c = mask->uv_centre;
    const float top = tl || tr ? a.y + r : a.y, bottom = bl || br ? b.y - r : b.y;
    // Top band: corner, straight middle, corner (square corners merge into the middle).
    if (top > a.y) {
        if (tl) q.add(a, ImVec2(a.x + r, top), o, c);
        if (tr) q.add(ImVec2(b.x - r, a.y), ImVec2(b.x, top), ImVec2(c.x, o.y), ImVec2(o.x, c.y));
        q.solid(ImVec2(tl ? a.x + r : a.x, a.y), ImVec2(tr ? b.x - r : b.x, top));
    }
    q.solid(ImVec2(a.x, top), ImVec2(b.x, bottom));
    if (bottom < b.y) {
        if (bl)
            q.add(ImVec2(a.x, bottom), ImVec2(a.x + r, b.y), ImVec2(o.x, c.y), ImVec2(c.x, o.y));
        if (br) q.add(ImVec2(b.x - r, bottom), b, c, o);
        q.solid(ImVec2(bl ? a.x + r : a.x, bottom), ImVec2(br ? b.x - r : b.x, b.y));
    }
    q.emit();
}

void fill_disc(ImDrawList* dl, const CornerMasks& masks, ImVec2 centre, float radius, ImU32 col) {
    // fill_rounded snaps the square to whole pixels: the centre moves by up to half a pixel.
    fill_rounded(dl, masks, ImVec2(centre.x - radius, centre.y - radius),
                 ImVec2(centre.x + radius, centre.y + radius), col, radius);
}

void outline_rounded(ImDrawList* dl, const CornerMasks& masks, ImVec2 a, ImVec2 b, ImU32 line,
                     ImU32 inside, float rounding, float thickness) {
    fill_rounded(dl, masks, a, b, line, rounding);
    const float t = std::max(1.f, snap(thickness));
    fill_rounded(dl, masks, ImVec2(a.x + t, a.y + t), ImVec2(b.x - t, b.y - t), inside,
                 std::max(0.f, rounding - t));
}

}  // namespace kiosk::ui
