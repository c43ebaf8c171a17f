// Draw data to primitives: scissor as ImGui's OpenGL3 backend sets it, quads recognised and
// classified, everything bounds-checked (see primitives.h).
// Sections: helpers · quads · triangles · frame
#include <algorithm>
#include <cmath>
#include <cstring>

#include "kiosk/render/primitives.h"

namespace kiosk::render::detail {

// --- helpers ---
namespace {

constexpr float kFar = 1e8f;  // coordinates are clamped here before turning into ints

PixelRect intersect(const PixelRect& a, const PixelRect& b) {
    PixelRect r{std::max(a.x0, b.x0), std::max(a.y0, b.y0), std::min(a.x1, b.x1),
                std::min(a.y1, b.y1)};
    if (r.x1 < r.x0) r.x1 = r.x0;
    if (r.y1 < r.y0) r.y1 = r.y0;
    return r;
}

bool empty(const PixelRect& r) {
    return r.x1 <= r.x0 || r.y1 <= r.y0;
}

// First pixel whose centre is at or right of `edge` (the pixel-centre rule).
int centre_ceil(float edge) {
    return static_cast<int>(std::ceil(std::clamp(edge, -kFar, kFar) - 0.5f));
}

// An edge where GL's rasteriser puts it: on the 1/256-pixel grid (as raster.cpp does too). An
// edge a float's rounding put just past a pixel centre (48.50001) is on it there, and a left or
// top edge then covers that pixel: unsnapped, the quad paths lost a photo's first column.
float snapped(float edge) {
    const float e = std::clamp(edge, -kFar, kFar);
    return std::round(e * 256.f) / 256.f;
}

struct Frame {
    const ImDrawData* draw;
    const TextureTable* textures;
    PixelRect canvas;
    std::vector<Prim>* out;
    ImVec2 off, scale;
};

struct Vtx {
    float x, y, u, v;
    ImU32 col;
};

Vtx fetch(const Frame& f, const ImDrawVert& d) {
    return {(d.pos.x - f.off.x) * f.scale.x, (d.pos.y - f.off.y) * f.scale.y, d.uv.x, d.uv.y,
            d.col};
}

std::uint64_t hash_vertex(std::uint64_t h, const ImDrawVert& d) {
    std::uint32_t w[5];
    static_assert(sizeof(ImDrawVert) == sizeof(w));
    std::memcpy(w, &d, sizeof(w));
    h = mix(h, (std::uint64_t(w[0]) << 32) | w[1]);
    h = mix(h, (std::uint64_t(w[2]) << 32) | w[3]);
    return mix(h, w[4]);
}

float channel(ImU32 c, int shift) {
    return static_cast<float>((c >> shift) & 0xFF) * (1.f / 255.f);
}

TriVertex tri_vertex(const Vtx& v, const Texture* tex) {
    TriVertex t;
    t.x = v.x;
    t.y = v.y;
    t.s = tex ? v.u * static_cast<float>(tex->width) : 0.f;
    t.t = tex ? v.v * static_cast<float>(tex->height) : 0.f;
    t.r = channel(v.col, IM_COL32_R_SHIFT);
    t.g = channel(v.col, IM_COL32_G_SHIFT);
    t.b = channel(v.col, IM_COL32_B_SHIFT);
    t.a = channel(v.col, IM_COL32_A_SHIFT);
    return t;
}

std::uint32_t to_byte(float v) {
    return static_cast<std::uint32_t>(std::clamp(v, 0.f, 1.f) * 255.f + 0.5f);
}

// The texel map of a quad [x0,x1) x [y0,y1) with texel coordinates s0..s1, t0..t1; false when
// the numbers are beyond pixman's 16.16 fixed point.
bool texel_map(float x0, float x1, float s0, float s1, float y0, float y1, float t0, float t1,
               TexMap& m) {
    m.a = (s1 - s0) / (x1 - x0);
    m.b = s0 - m.a * x0;
    m.c = (t1 - t0) / (y1 - y0);
    m.d = t0 - m.c * y0;
    for (float k : {m.a, m.b, m.c, m.d})
        if (!(std::fabs(k) < 30000.f)) return false;
    // Within 1/64 texel over the whole quad, a 1:1 quad samples texel centres exactly.
    constexpr float tol = 1.f / 64.f;
    auto whole = [&](float k) { return std::fabs(k - std::round(k)) < tol; };
    auto unit = [&](float k, float span) { return std::fabs(std::fabs(k) - 1.f) * span < tol; };
    const bool unit_x = unit(m.a, x1 - x0), unit_y = unit(m.c, y1 - y0);
    m.nearest = unit_x && unit_y && whole(m.b) && whole(m.d);
    m.identity = m.nearest && m.a > 0 && m.c > 0;
    if (m.nearest) {  // snap: the pixman transform then lands on texel centres exactly
        m.a = m.a > 0 ? 1.f : -1.f;
        m.c = m.c > 0 ? 1.f : -1.f;
        m.b = std::round(m.b);
        m.d = std::round(m.d);
    }
    m.ox = static_cast<int>(m.b);
    m.oy = static_cast<int>(m.d);
    m.unit = !m.nearest && unit_x && unit_y && m.a > 0 && m.c > 0;
    if (m.unit) {
        // Texel sample point of pixel x: x + 0.5 + b - 0.5, i.e. x + floor(b) + frac(b).
        split_texels(m.b, m.ix, m.fx);
        split_texels(m.d, m.iy, m.fy);
    }
    return true;
}

// --- quads ---
// Six indices a,b,c,a,c,d over an axis-aligned rectangle whose texture coordinates follow x and
// y separately (ImGui's PrimRect/PrimRectUV and everything built like them). Returns false when
// it is not one (or not one a fast path draws exactly): the caller then draws two triangles.
bool try_quad(const Frame& f, const Vtx q[4], const ImDrawVert* raw[4], const PixelRect& clip,
              int slot, std::uint64_t cmd_hash) {
    const Vtx &A = q[0], &B = q[1], &C = q[2], &D = q[3];
    for (int i = 0; i < 4; ++i)
        if (!std::isfinite(q[i].x) || !std::isfinite(q[i].y)) return false;
    if (A.x == C.x || A.y == C.y) return false;
    const bool ok_corners = (B.x == C.x && B.y == A.y && D.x == A.x && D.y == C.y) ||
                            (B.x == A.x && B.y == C.y && D.x == C.x && D.y == A.y);
    if (!ok_corners) return false;
    for (int i = 1; i < 4; i += 2) {
        if (q[i].u != (q[i].x == A.x ? A.u : C.u)) return false;
        if (q[i].v != (q[i].y == A.y ? A.v : C.v)) return false;
    }
    const bool one_colour = A.col == B.col && A.col == C.col && A.col == D.col;
    const bool one_texel = A.u == C.u && A.v == C.v;
    if (!one_colour && !one_texel) return false;

    const Texture& tex = (*f.textures->slots)[slot];
    const float W = static_cast<float>(tex.width), H = static_cast<float>(tex.height);
    const float x0 = std::min(A.x, C.x), x1 = std::max(A.x, C.x);
    const float y0 = std::min(A.y, C.y), y1 = std::max(A.y, C.y);
    Prim p;
    p.box = intersect(PixelRect{centre_ceil(snapped(x0)), centre_ceil(snapped(y0)),
                                centre_ceil(snapped(x1)), centre_ceil(snapped(y1))},
                      clip);
    if (empty(p.box)) return true;  // covers no pixel centre: nothing to draw

    if (one_texel) {
        const Rgba t = sample_bilinear(tex.view(), A.u * W, A.v * H);
        if (one_colour) {
            p.kind = Kind::Solid;
            const float a = channel(A.col, IM_COL32_A_SHIFT);
            const std::uint32_t pa = to_byte(a * t.a);
            if (pa == 0) return true;
            p.premul = (pa << 24) | (to_byte(channel(A.col, IM_COL32_R_SHIFT) * a * t.r) << 16) |
                       (to_byte(channel(A.col, IM_COL32_G_SHIFT) * a * t.g) << 8) |
                       to_byte(channel(A.col, IM_COL32_B_SHIFT) * a * t.b);
        } else {
            if (t.r != 1.f || t.g != 1.f || t.b != 1.f || t.a != 1.f) return false;
            p.kind = Kind::Gradient;
            // Corners TL, TR, BR, BL in screen terms, whichever vertex holds them.
            for (int i = 0; i < 4; ++i) {
                const int corner = q[i].y == y0 ? (q[i].x == x0 ? 0 : 1) : (q[i].x == x0 ? 3 : 2);
                p.v[corner] = tri_vertex(q[i], nullptr);
            }
            const bool a_tl_or_br = (A.x == x0) == (A.y == y0);
            p.diagonal_tl_br = a_tl_or_br;
            p.y0 = y0;
            p.y1 = y1;
            auto same = [](const TriVertex& m, const TriVertex& n) {
                return m.r == n.r && m.g == n.g && m.b == n.b && m.a == n.a;
            };
            p.vertical = same(p.v[0], p.v[1]) && same(p.v[3], p.v[2]);
            if (p.v[0].a == 0 && p.v[1].a == 0 && p.v[2].a == 0 && p.v[3].a == 0) return true;
        }
    } else {
        const float sa = (A.x == x0 ? A.u : C.u) * W, sc = (A.x == x0 ? C.u : A.u) * W;
        const float ta = (A.y == y0 ? A.v : C.v) * H, tc = (A.y == y0 ? C.v : A.v) * H;
        if (!texel_map(x0, x1, sa, sc, y0, y1, ta, tc, p.map)) return false;
        const std::uint32_t a = (A.col >> IM_COL32_A_SHIFT) & 0xFF;
        if (a == 0) return true;
        if (tex.alpha8) {
            p.kind = Kind::Mask;
            const float af = static_cast<float>(a) / 255.f;
            p.premul = (a << 24) | (to_byte(channel(A.col, IM_COL32_R_SHIFT) * af) << 16) |
                       (to_byte(channel(A.col, IM_COL32_G_SHIFT) * af) << 8) |
                       to_byte(channel(A.col, IM_COL32_B_SHIFT) * af);
        } else {
            // A coloured tint cannot go through pixman's OVER exactly: the triangle path.
            if ((A.col & 0x00FFFFFFu) != 0x00FFFFFFu) return false;
            p.kind = Kind::Image;
            p.premul = a;
        }
        p.tex = slot;
    }
    std::uint64_t h = mix(cmd_hash, static_cast<std::uint64_t>(p.kind));
    for (int i = 0; i < 4; ++i) h = hash_vertex(h, *raw[i]);
    p.hash = h;
    f.out->push_back(p);
    return true;
}

// --- triangles ---
void add_triangle(const Frame& f, const Vtx t[3], const ImDrawVert* raw[3], const PixelRect& clip,
                  int slot, std::uint64_t cmd_hash) {
    if (t[0].col >> 24 == 0 && t[1].col >> 24 == 0 && t[2].col >> 24 == 0) return;
    const Texture& tex = (*f.textures->slots)[slot];
    Prim p;
    p.kind = Kind::Triangle;
    p.tex = slot;
    for (int i = 0; i < 3; ++i) p.v[i] = tri_vertex(t[i], &tex);
    if (!triangle_in_range(p.v)) return;  // NaN, or farther than the rasteriser reaches
    const float min_x = std::min({t[0].x, t[1].x, t[2].x}),
                max_x = std::max({t[0].x, t[1].x, t[2].x});
    const float min_y = std::min({t[0].y, t[1].y, t[2].y}),
                max_y = std::max({t[0].y, t[1].y, t[2].y});
    // One pixel of slack: the rasteriser snaps to 1/256 pixel.
    p.box = intersect(PixelRect{centre_ceil(min_x) - 1, centre_ceil(min_y) - 1,
                                centre_ceil(max_x) + 1, centre_ceil(max_y) + 1},
                      clip);
    if (empty(p.box)) return;
    std::uint64_t h = mix(cmd_hash, static_cast<std::uint64_t>(p.kind));
    for (int i = 0; i < 3; ++i) h = hash_vertex(h, *raw[i]);
    p.hash = h;
    f.out->push_back(p);
}

// The scissor box exactly as imgui_impl_opengl3 sets it (truncating to int), in y-down rows.
PixelRect scissor(const Frame& f, const ImVec4& c) {
    const float mnx = (c.x - f.off.x) * f.scale.x, mny = (c.y - f.off.y) * f.scale.y;
    const float mxx = (c.z - f.off.x) * f.scale.x, mxy = (c.w - f.off.y) * f.scale.y;
    if (!(mxx > mnx) || !(mxy > mny)) return {};
    auto clamp = [](float v) { return std::clamp(v, -kFar, kFar); };
    const int x = static_cast<int>(clamp(mnx)), w = static_cast<int>(clamp(mxx) - clamp(mnx));
    const auto fb_h = static_cast<float>(f.canvas.y1);
    const int y_gl = static_cast<int>(clamp(fb_h - mxy)),
              h = static_cast<int>(clamp(mxy) - clamp(mny));
    const int bottom = f.canvas.y1 - y_gl;
    return PixelRect{x, bottom - h, x + w, bottom};
}

}  // namespace

int TextureTable::find(ImTextureID id) const {
    const auto v = reinterpret_cast<std::uintptr_t>(id);
    if (slots == nullptr || v == 0 || v > slots->size()) return -1;
    return (*slots)[v - 1].live ? static_cast<int>(v - 1) : -1;
}

// --- frame ---
void decode_frame(const ImDrawData& draw, const TextureTable& textures, PixelRect canvas,
                  std::vector<Prim>& out) {
    out.clear();
    Frame f{&draw, &textures, canvas, &out, draw.DisplayPos, draw.FramebufferScale};
    if (draw.CmdLists == nullptr) return;
    for (int n = 0; n < draw.CmdListsCount; ++n) {
        const ImDrawList* list = draw.CmdLists[n];
        if (list == nullptr) continue;
        const ImDrawVert* vb = list->VtxBuffer.Data;
        const ImDrawIdx* ib = list->IdxBuffer.Data;
        const std::size_t nv = vb ? static_cast<std::size_t>(std::max(0, list->VtxBuffer.Size)) : 0;
        const std::size_t ni = ib ? static_cast<std::size_t>(std::max(0, list->IdxBuffer.Size)) : 0;
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback != nullptr) continue;  // no GL state to reset or hand over
            const PixelRect clip = intersect(scissor(f, cmd.ClipRect), canvas);
            if (empty(clip)) continue;
            const int slot = textures.find(cmd.TextureId);
            if (slot < 0) continue;  // unknown texture: nothing drawn
            if (cmd.IdxOffset >= ni) continue;
            std::size_t count = std::min<std::size_t>(cmd.ElemCount, ni - cmd.IdxOffset);
            count -= count % 3;
            const std::size_t end = cmd.IdxOffset + count;
            const Texture& tex = (*textures.slots)[slot];
            std::uint64_t cmd_hash =
                mix(tex.generation,
                    (std::uint64_t(std::uint32_t(clip.x0)) << 32) | std::uint32_t(clip.y0));
            cmd_hash = mix(cmd_hash,
                           (std::uint64_t(std::uint32_t(clip.x1)) << 32) | std::uint32_t(clip.y1));
            // A vertex by index position, null when out of the buffer.
            auto vertex = [&](std::size_t i) -> const ImDrawVert* {
                const std::size_t k = std::size_t(cmd.VtxOffset) + ib[i];
                return k < nv ? vb + k : nullptr;
            };
            std::size_t i = cmd.IdxOffset;
            while (i + 3 <= end) {
                if (i + 6 <= end && ib[i + 3] == ib[i] && ib[i + 4] == ib[i + 2]) {
                    const ImDrawVert* raw[4] = {vertex(i), vertex(i + 1), vertex(i + 2),
                                                vertex(i + 5)};
                    if (raw[0] && raw[1] && raw[2] && raw[3]) {
                        const Vtx q[4] = {fetch(f, *raw[0]), fetch(f, *raw[1]), fetch(f, *raw[2]),
                                          fetch(f, *raw[3])};
                        if (try_quad(f, q, raw, clip, slot, cmd_hash)) {
                            i += 6;
                            continue;
                        }
                    }
                }
                const ImDrawVert* raw[3] = {vertex(i), vertex(i + 1), vertex(i + 2)};
                if (raw[0] && raw[1] && raw[2]) {
                    const Vtx t[3] = {fetch(f, *raw[0]), fetch(f, *raw[1]), fetch(f, *raw[2])};
                    add_triangle(f, t, raw, clip, slot, cmd_hash);
                }
                i += 3;
            }
        }
    }
}

}  // namespace kiosk::render::detail
