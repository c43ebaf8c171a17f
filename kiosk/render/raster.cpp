// The general triangle path of the CPU renderer (see raster.h).
// Sections: sampling · spans · triangles
#include "kiosk/render/raster.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace kiosk::render::detail {

// --- sampling ---
namespace {

Rgba texel(const TexView& tex, long long i, long long j) {
    if (tex.alpha8) {
        // GL_REPEAT, ImGui's default for the font atlas (glyphs never reach its edge anyway).
        i %= tex.width;
        j %= tex.height;
        if (i < 0) i += tex.width;
        if (j < 0) j += tex.height;
        const float c = tex.a8[j * tex.stride + i] * (1.f / 255.f);
        return {c, c, c, c};
    }
    i = std::clamp<long long>(i, 0, tex.width - 1);
    j = std::clamp<long long>(j, 0, tex.height - 1);
    const std::uint32_t p = tex.argb[j * tex.stride + i];
    constexpr float k = 1.f / 255.f;
    return {static_cast<float>((p >> 16) & 0xFF) * k, static_cast<float>((p >> 8) & 0xFF) * k,
            static_cast<float>(p & 0xFF) * k, static_cast<float>(p >> 24) * k};
}

}  // namespace

Rgba sample_bilinear(const TexView& tex, float s, float t) {
    if (tex.width <= 0 || tex.height <= 0 || !std::isfinite(s) || !std::isfinite(t)) return {};
    // Far outside, repeat and clamp give what they give at any far point: keep the maths exact.
    const float fs = std::clamp(s, -1e7f, 1e7f) - 0.5f, ft = std::clamp(t, -1e7f, 1e7f) - 0.5f;
    const float fx = std::floor(fs), fy = std::floor(ft);
    const float wx = fs - fx, wy = ft - fy;
    const auto x0 = static_cast<long long>(fx), y0 = static_cast<long long>(fy);
    const Rgba a = texel(tex, x0, y0), b = texel(tex, x0 + 1, y0);
    const Rgba c = texel(tex, x0, y0 + 1), d = texel(tex, x0 + 1, y0 + 1);
    auto mix = [&](float pa, float pb, float pc, float pd) {
        const float top = pa + (pb - pa) * wx, bottom = pc + (pd - pc) * wx;
        return top + (bottom - top) * wy;
    };
    return {mix(a.r, b.r, c.r, d.r), mix(a.g, b.g, c.g, d.g), mix(a.b, b.b, c.b, d.b),
            mix(a.a, b.a, c.a, d.a)};
}

// --- spans ---
namespace {

// x / 255 rounded, for x in 0..255*255.
inline std::uint32_t div255(std::uint32_t x) {
    x += 128;
    return (x + (x >> 8)) >> 8;
}

inline std::uint32_t to_byte(float v) {
    return static_cast<std::uint32_t>(std::clamp(v, 0.f, 1.f) * 255.f + 0.5f);
}

}  // namespace

#if defined(__SSE2__)
// Four pixels at a time in 16-bit lanes, two pixels a register: the same rounding as the scalar
// helpers above ((t + (t >> 8)) >> 8 with t = x + 128 is mulhi(t, 0x0101)), so results do not
// depend on the path. SSE2 is part of x86-64, so no dispatch is needed.
namespace {
const __m128i k128 = _mm_set1_epi16(128), k0101 = _mm_set1_epi16(0x0101);
const __m128i kFF = _mm_set1_epi16(0xFF), kOpaque = _mm_set1_epi32(static_cast<int>(0xFF000000u));

inline __m128i mul_16(__m128i a, __m128i m) {  // a * m / 255, rounded
    return _mm_mulhi_epu16(_mm_add_epi16(_mm_mullo_epi16(a, m), k128), k0101);
}
inline __m128i over_16(__m128i s, __m128i d) {
    const __m128i alpha = _mm_shufflehi_epi16(_mm_shufflelo_epi16(s, 0xFF), 0xFF);
    return _mm_add_epi16(s, mul_16(d, _mm_xor_si128(alpha, kFF)));
}
inline __m128i lerp_16(__m128i a, __m128i b, __m128i f, __m128i nf) {
    return _mm_srli_epi16(
        _mm_add_epi16(_mm_add_epi16(_mm_mullo_epi16(a, nf), _mm_mullo_epi16(b, f)), k128), 8);
}
inline __m128i lo_16(__m128i p) {
    return _mm_unpacklo_epi8(p, _mm_setzero_si128());
}
inline __m128i hi_16(__m128i p) {
    return _mm_unpackhi_epi8(p, _mm_setzero_si128());
}
inline __m128i pack(__m128i lo, __m128i hi) {
    return _mm_or_si128(_mm_packus_epi16(lo, hi), kOpaque);
}
inline __m128i load4(const std::uint32_t* p) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}
inline void store4(std::uint32_t* p, __m128i v) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v);
}
}  // namespace
#endif

void blend_span(std::uint32_t* row, int n, std::uint32_t pr, std::uint32_t pg, std::uint32_t pb,
                std::uint32_t a) {
    if (a == 0 && pr == 0 && pg == 0 && pb == 0) return;
    const std::uint32_t src = 0xFF000000u | (pr << 16) | (pg << 8) | pb;
    if (a == 255) {
        std::fill_n(row, n, src);
        return;
    }
    int i = 0;
#if defined(__SSE2__)
    const __m128i s16 = lo_16(_mm_set1_epi32(static_cast<int>((a << 24) | (src & 0xFFFFFFu))));
    for (; i + 4 <= n; i += 4) {
        const __m128i d = load4(row + i);
        store4(row + i, pack(over_16(s16, lo_16(d)), over_16(s16, hi_16(d))));
    }
#endif
    const std::uint32_t inv = 255 - a;
    for (; i < n; ++i) {
        const std::uint32_t d = row[i];
        std::uint32_t rb = (d & 0x00FF00FFu) * inv + 0x00800080u;
        rb = ((rb + ((rb >> 8) & 0x00FF00FFu)) >> 8) & 0x00FF00FFu;
        std::uint32_t g = ((d >> 8) & 0xFFu) * inv + 0x80u;
        g = ((g + (g >> 8)) >> 8) & 0xFFu;
        row[i] = src + (rb | (g << 8));
    }
}

namespace {

// Two 8-bit lanes at once (x & 0x00FF00FF), each times f / 256... as used below.
inline std::uint32_t lerp_px(std::uint32_t p, std::uint32_t q, std::uint32_t f) {
    const std::uint32_t nf = 256 - f;
    const std::uint32_t rb =
        (((p & 0x00FF00FFu) * nf + (q & 0x00FF00FFu) * f + 0x00800080u) >> 8) & 0x00FF00FFu;
    const std::uint32_t ag =
        ((((p >> 8) & 0x00FF00FFu) * nf + ((q >> 8) & 0x00FF00FFu) * f + 0x00800080u) >> 8) &
        0x00FF00FFu;
    return rb | (ag << 8);
}

// Every channel of premultiplied `p` times m / 255, rounded.
inline std::uint32_t scale_px(std::uint32_t p, std::uint32_t m) {
    std::uint32_t rb = (p & 0x00FF00FFu) * m + 0x00800080u;
    rb = ((rb + ((rb >> 8) & 0x00FF00FFu)) >> 8) & 0x00FF00FFu;
    std::uint32_t ag = ((p >> 8) & 0x00FF00FFu) * m + 0x00800080u;
    ag = ((ag + ((ag >> 8) & 0x00FF00FFu)) >> 8) & 0x00FF00FFu;
    return rb | (ag << 8);
}

// Premultiplied `s` OVER opaque `d`.
inline std::uint32_t over(std::uint32_t s, std::uint32_t d) {
    return 0xFF000000u | (s + scale_px(d & 0x00FFFFFFu, 255 - (s >> 24)));
}

}  // namespace

void mask_span(std::uint32_t* row, const std::uint8_t* mask, int n, std::uint32_t premul) {
    int i = 0;
#if defined(__SSE2__)
    const __m128i p16 = lo_16(_mm_set1_epi32(static_cast<int>(premul)));
    for (; i + 4 <= n; i += 4) {
        std::uint32_t m4;
        std::memcpy(&m4, mask + i, 4);
        if (m4 == 0) continue;  // glyphs are mostly empty
        const __m128i m16 = lo_16(_mm_cvtsi32_si128(static_cast<int>(m4)));
        const __m128i mm = _mm_unpacklo_epi16(m16, m16);
        const __m128i d = load4(row + i);
        store4(row + i, pack(over_16(mul_16(p16, _mm_unpacklo_epi32(mm, mm)), lo_16(d)),
                             over_16(mul_16(p16, _mm_unpackhi_epi32(mm, mm)), hi_16(d))));
    }
#endif
    for (; i < n; ++i) row[i] = over(scale_px(premul, mask[i]), row[i]);
}

void image_span_unit(std::uint32_t* row, int n, const std::uint32_t* top,
                     const std::uint32_t* bottom, int i0, int width, std::uint32_t fx,
                     std::uint32_t fy, std::uint32_t tint) {
    auto put = [&](int k, std::uint32_t s) {
        if (tint < 255) s = scale_px(s, tint);
        row[k] = over(s, row[k]);
    };
    // Pixels whose two texel columns are inside the texture, then the clamped ones at the ends.
    const int inner0 = std::clamp(-i0, 0, n), inner1 = std::clamp(width - 1 - i0, inner0, n);
    auto clamped = [&](int k) {
        const int a = std::clamp(i0 + k, 0, width - 1), b = std::clamp(i0 + k + 1, 0, width - 1);
        put(k, lerp_px(lerp_px(top[a], top[b], fx), lerp_px(bottom[a], bottom[b], fx), fy));
    };
    for (int k = 0; k < inner0; ++k) clamped(k);
    for (int k = inner1; k < n; ++k) clamped(k);
    const std::uint32_t* t = top + i0;
    const std::uint32_t* u = bottom + i0;
    int k = inner0;
#if defined(__SSE2__)
    const __m128i f_y = _mm_set1_epi16(static_cast<short>(fy));
    const __m128i nf_y = _mm_set1_epi16(static_cast<short>(256 - fy));
    const __m128i f_x = _mm_set1_epi16(static_cast<short>(fx));
    const __m128i nf_x = _mm_set1_epi16(static_cast<short>(256 - fx));
    const __m128i tint16 = _mm_set1_epi16(static_cast<short>(tint));
    for (; k + 4 <= inner1; k += 4) {
        __m128i tl = lo_16(load4(t + k)), th = hi_16(load4(t + k));
        __m128i ul = lo_16(load4(u + k)), uh = hi_16(load4(u + k));
        if (fx != 0) {
            tl = lerp_16(tl, lo_16(load4(t + k + 1)), f_x, nf_x);
            th = lerp_16(th, hi_16(load4(t + k + 1)), f_x, nf_x);
            ul = lerp_16(ul, lo_16(load4(u + k + 1)), f_x, nf_x);
            uh = lerp_16(uh, hi_16(load4(u + k + 1)), f_x, nf_x);
        }
        __m128i sl = lerp_16(tl, ul, f_y, nf_y), sh = lerp_16(th, uh, f_y, nf_y);
        if (tint < 255) {
            sl = mul_16(sl, tint16);
            sh = mul_16(sh, tint16);
        }
        const __m128i d = load4(row + k);
        store4(row + k, pack(over_16(sl, lo_16(d)), over_16(sh, hi_16(d))));
    }
#endif
    for (; k < inner1; ++k)
        put(k, fx == 0 ? lerp_px(t[k], u[k], fy)
                       : lerp_px(lerp_px(t[k], t[k + 1], fx), lerp_px(u[k], u[k + 1], fx), fy));
}

void split_texels(double coordinate, int& whole, std::uint32_t& frac256) {
    const double f = std::floor(coordinate);
    whole = static_cast<int>(f);
    frac256 = static_cast<std::uint32_t>(std::lround((coordinate - f) * 256.0));
    if (frac256 == 256) {
        ++whole;
        frac256 = 0;
    }
}

// --- triangles ---
namespace {

// One row of an RGBA texture scaled along the row: pixel k samples at texel column
// (s + k * ds) / 65536 (the sample point, texel centres at whole numbers), between texel rows
// `top` and `bottom` weighted by fy (0..256), times `tint` alpha, OVER `n` pixels.
void image_span_scaled(std::uint32_t* row, int n, const std::uint32_t* top,
                       const std::uint32_t* bottom, int width, std::int64_t s, std::int64_t ds,
                       std::uint32_t fy, std::uint32_t tint) {
    for (int k = 0; k < n; ++k, s += ds) {
        const std::int64_t column = s >> 16;  // floor, also below zero
        const auto fx = static_cast<std::uint32_t>((s >> 8) & 0xFF);
        const int a = static_cast<int>(std::clamp<std::int64_t>(column, 0, width - 1));
        const int b = static_cast<int>(std::clamp<std::int64_t>(column + 1, 0, width - 1));
        std::uint32_t p =
            lerp_px(lerp_px(top[a], top[b], fx), lerp_px(bottom[a], bottom[b], fx), fy);
        if (tint < 255) p = scale_px(p, tint);
        row[k] = over(p, row[k]);
    }
}

// Straight colour channels in 8.16 fixed point (0..255), stepped per pixel, premultiplied and
// blended per pixel.
void gradient_span(std::uint32_t* row, int n, std::int32_t r, std::int32_t g, std::int32_t b,
                   std::int32_t a, std::int32_t dr, std::int32_t dg, std::int32_t db,
                   std::int32_t da) {
    auto byte = [](std::int32_t f) {
        return static_cast<std::uint32_t>(std::clamp((f + 32768) >> 16, 0, 255));
    };
    if (da == 0 && byte(a) == 255) {  // opaque: the colour itself
        for (int i = 0; i < n; ++i) {
            row[i] = 0xFF000000u | (byte(r) << 16) | (byte(g) << 8) | byte(b);
            r += dr;
            g += dg;
            b += db;
        }
        return;
    }
    for (int i = 0; i < n; ++i) {
        const std::uint32_t ab = byte(a), inv = 255 - ab, d = row[i];
        const std::uint32_t orr = div255(byte(r) * ab + ((d >> 16) & 0xFF) * inv);
        const std::uint32_t og = div255(byte(g) * ab + ((d >> 8) & 0xFF) * inv);
        const std::uint32_t ob = div255(byte(b) * ab + (d & 0xFF) * inv);
        row[i] = 0xFF000000u | (orr << 16) | (og << 8) | ob;
        r += dr;
        g += dg;
        b += db;
        a += da;
    }
}

constexpr int kSub = 8;  // sub-pixel bits
constexpr long long kOne = 1LL << kSub, kHalf = kOne / 2;
constexpr float kRange = 1048576.f;  // 2^20: edge functions stay within 64 bits

long long floor_div(long long a, long long b) {  // b > 0
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

// One attribute as a plane over the triangle: value at (x, y) = base + dx * x + dy * y.
struct Plane {
    double base = 0, dx = 0, dy = 0;
};

Plane plane(const double x[3], const double y[3], float a0, float a1, float a2, double det) {
    const double d1 = a1 - a0, d2 = a2 - a0;
    Plane p;
    p.dx = (d1 * (y[2] - y[0]) - d2 * (y[1] - y[0])) / det;
    p.dy = (d2 * (x[1] - x[0]) - d1 * (x[2] - x[0])) / det;
    p.base = a0 - p.dx * x[0] - p.dy * y[0];
    return p;
}

}  // namespace

bool triangle_in_range(const TriVertex v[3]) {
    for (int i = 0; i < 3; ++i)
        if (!(std::fabs(v[i].x) <= kRange) || !(std::fabs(v[i].y) <= kRange)) return false;
    return true;
}

long long raster_triangle(Target target, const PixelRect& clip, const TriVertex vin[3],
                          const TexView* tex) {
    if (!triangle_in_range(vin)) return 0;
    TriVertex v[3] = {vin[0], vin[1], vin[2]};
    long long X[3], Y[3];
    for (int i = 0; i < 3; ++i) {
        X[i] = std::llround(static_cast<double>(v[i].x) * kOne);
        Y[i] = std::llround(static_cast<double>(v[i].y) * kOne);
    }
    long long area = (X[1] - X[0]) * (Y[2] - Y[0]) - (Y[1] - Y[0]) * (X[2] - X[0]);
    if (area == 0) return 0;
    if (area < 0) {  // ImGui does not cull: both windings are drawn
        std::swap(v[1], v[2]);
        std::swap(X[1], X[2]);
        std::swap(Y[1], Y[2]);
    }
    // Pixels whose centre may be inside.
    const long long min_x = std::min({X[0], X[1], X[2]}), max_x = std::max({X[0], X[1], X[2]});
    const long long min_y = std::min({Y[0], Y[1], Y[2]}), max_y = std::max({Y[0], Y[1], Y[2]});
    const long long bx0 = std::max<long long>(clip.x0, -floor_div(-(min_x - kHalf), kOne));
    const long long bx1 = std::min<long long>(clip.x1, floor_div(max_x - kHalf, kOne) + 1);
    const long long by0 = std::max<long long>(clip.y0, -floor_div(-(min_y - kHalf), kOne));
    const long long by1 = std::min<long long>(clip.y1, floor_div(max_y - kHalf, kOne) + 1);
    if (bx0 >= bx1 || by0 >= by1) return 0;

    // Edge a->b: E(P) = (Xb-Xa)(Py-Ya) - (Yb-Ya)(Px-Xa), > 0 inside. A centre exactly on an edge
    // belongs to the triangle when the edge is a top or left one (GL's and D3D's rule), so two
    // triangles sharing an edge cover each of its pixels once.
    struct Edge {
        long long dx, dy, bias;
    };
    Edge e[3];
    for (int i = 0; i < 3; ++i) {
        const int j = (i + 1) % 3;
        e[i].dx = X[j] - X[i];
        e[i].dy = Y[j] - Y[i];
        const bool top_left = e[i].dy < 0 || (e[i].dy == 0 && e[i].dx > 0);
        e[i].bias = top_left ? 0 : -1;
    }

    // Attributes on the snapped positions, evaluated at pixel centres.
    double px[3], py[3];
    for (int i = 0; i < 3; ++i) {
        px[i] = static_cast<double>(X[i]) / kOne;
        py[i] = static_cast<double>(Y[i]) / kOne;
    }
    const double det = (px[1] - px[0]) * (py[2] - py[0]) - (px[2] - px[0]) * (py[1] - py[0]);
    const Plane pr = plane(px, py, v[0].r, v[1].r, v[2].r, det);
    const Plane pg = plane(px, py, v[0].g, v[1].g, v[2].g, det);
    const Plane pb = plane(px, py, v[0].b, v[1].b, v[2].b, det);
    const Plane pa = plane(px, py, v[0].a, v[1].a, v[2].a, det);
    const bool textured = tex != nullptr && !(v[0].s == v[1].s && v[1].s == v[2].s &&
                                              v[0].t == v[1].t && v[1].t == v[2].t);
    const Plane ps = plane(px, py, v[0].s, v[1].s, v[2].s, det);
    const Plane pt = plane(px, py, v[0].t, v[1].t, v[2].t, det);
    Rgba fixed_texel{1, 1, 1, 1};
    if (tex != nullptr && !textured) fixed_texel = sample_bilinear(*tex, v[0].s, v[0].t);

    // The pixel loop in one of three forms: one colour (row fills), colour varying without a
    // texture (integer interpolation), or the general textured form.
    const bool white = fixed_texel.r == 1.f && fixed_texel.g == 1.f && fixed_texel.b == 1.f &&
                       fixed_texel.a == 1.f;
    const bool one_colour = pr.dx == 0 && pr.dy == 0 && pg.dx == 0 && pg.dy == 0 && pb.dx == 0 &&
                            pb.dy == 0 && pa.dx == 0 && pa.dy == 0;
    std::uint32_t span_r = 0, span_g = 0, span_b = 0, span_a = 0;
    if (!textured && one_colour) {
        const float ca = std::clamp(v[0].a, 0.f, 1.f);
        span_a = to_byte(ca * fixed_texel.a);
        span_r = to_byte(std::clamp(v[0].r, 0.f, 1.f) * ca * fixed_texel.r);
        span_g = to_byte(std::clamp(v[0].g, 0.f, 1.f) * ca * fixed_texel.g);
        span_b = to_byte(std::clamp(v[0].b, 0.f, 1.f) * ca * fixed_texel.b);
        if (span_a == 0 && span_r == 0 && span_g == 0 && span_b == 0) return 0;
    }
    constexpr double kFix = 65536.0 * 255.0;  // colour channel 0..1 as 8.16 fixed point

    // A photo with rounded corners (ImGui's AddImageRounded, every card photo) is a fan of
    // triangles whose texture coordinates follow the pixels 1:1 and whose colour is one white
    // tint: its rows are image rows, filtered with the same weights throughout (image_span_unit),
    // not sampled pixel by pixel (measured: 5x the CPU of the whole frame on a grid of photos).
    bool unit_image = false;
    int unit_ix = 0, unit_iy = 0;
    std::uint32_t unit_fx = 0, unit_fy = 0, unit_tint = 0;
    if (textured && !tex->alpha8 && tex->argb != nullptr && one_colour && v[0].r == 1.f &&
        v[0].g == 1.f && v[0].b == 1.f) {
        constexpr double tol = 1.0 / 64.0;  // texels of drift over the triangle, as for quads
        const double span_x = static_cast<double>(bx1 - bx0),
                     span_y = static_cast<double>(by1 - by0);
        unit_image = std::fabs(ps.dx - 1.0) * span_x < tol && std::fabs(ps.dy) * span_y < tol &&
                     std::fabs(pt.dx) * span_x < tol && std::fabs(pt.dy - 1.0) * span_y < tol;
        if (unit_image) {
            // Texel coordinate minus pixel coordinate, at the middle of the triangle's box.
            const double cx = 0.5 * static_cast<double>(bx0 + bx1),
                         cy = 0.5 * static_cast<double>(by0 + by1);
            split_texels(ps.base + ps.dx * cx + ps.dy * cy - cx, unit_ix, unit_fx);
            split_texels(pt.base + pt.dx * cx + pt.dy * cy - cy, unit_iy, unit_fy);
            unit_tint = to_byte(std::clamp(v[0].a, 0.f, 1.f));
            if (unit_tint == 0) return 0;
        }
    }
    // The same photo decoded a little larger than drawn (a size step) and scaled: texture rows
    // still follow pixel rows, so a row is one texel row pair stepped in fixed point.
    bool scaled_image = false;
    if (!unit_image && textured && !tex->alpha8 && tex->argb != nullptr && one_colour &&
        v[0].r == 1.f && v[0].g == 1.f && v[0].b == 1.f) {
        constexpr double tol = 1.0 / 64.0;
        scaled_image = std::fabs(pt.dx) * static_cast<double>(bx1 - bx0) < tol &&
                       std::fabs(ps.dy) * static_cast<double>(by1 - by0) < tol &&
                       std::fabs(ps.dx) < 64.0;
        unit_tint = to_byte(std::clamp(v[0].a, 0.f, 1.f));
        if (scaled_image && unit_tint == 0) return 0;
    }

    // Each edge's first or last pixel per row, stepped from row to row without dividing: with
    // e0 = E at the row's first pixel centre and S = |E's step per pixel|, a rising edge allows
    // k >= -floor(e0 / S) and a falling one k <= floor(e0 / S). floor(e0 / S) is kept as
    // quotient and remainder, e0 growing by dx * 256 a row.
    struct Walk {
        long long e0, row_step, S;  // S == 0: a horizontal edge, e0 tested directly
        long long q, r, dq, dr;
        int sign;  // +1: sets the left end, -1: the right end
    };
    Walk w[3];
    const long long cx0 = bx0 * kOne + kHalf, cy0 = by0 * kOne + kHalf;
    for (int i = 0; i < 3; ++i) {
        Walk& k = w[i];
        k.e0 = e[i].dx * (cy0 - Y[i]) - e[i].dy * (cx0 - X[i]) + e[i].bias;
        k.row_step = e[i].dx * kOne;
        const long long step = -e[i].dy * kOne;
        k.S = step > 0 ? step : -step;
        k.sign = step > 0 ? 1 : -1;
        if (k.S != 0) {
            k.q = floor_div(k.e0, k.S);
            k.r = k.e0 - k.q * k.S;
            k.dq = floor_div(k.row_step, k.S);
            k.dr = k.row_step - k.dq * k.S;
        }
    }

    // Rows of an image texture, clamped to its edges (GL_CLAMP_TO_EDGE).
    auto texel_row = [&](long long r) {
        return tex->argb +
               static_cast<std::ptrdiff_t>(std::clamp<long long>(r, 0, tex->height - 1)) *
                   tex->stride;
    };
    long long written = 0;
    for (long long y = by0; y < by1; ++y) {
        long long lo = bx0, hi = bx1;
        for (Walk& k : w) {
            if (k.S == 0) {
                if (k.e0 < 0) hi = lo;
                k.e0 += k.row_step;
                continue;
            }
            if (k.sign > 0)
                lo = std::max(lo, bx0 - k.q);
            else
                hi = std::min(hi, bx0 + k.q + 1);
            k.q += k.dq;
            k.r += k.dr;
            if (k.r >= k.S) {
                k.r -= k.S;
                ++k.q;
            }
        }
        if (lo >= hi) continue;
        written += hi - lo;
        std::uint32_t* row = target.pixels + y * target.stride_px;
        if (!textured && one_colour) {
            blend_span(row + lo, static_cast<int>(hi - lo), span_r, span_g, span_b, span_a);
            continue;
        }
        if (scaled_image) {
            const double cy = static_cast<double>(y) + 0.5, cx = static_cast<double>(lo) + 0.5;
            int ty = 0;
            std::uint32_t fy = 0;
            split_texels(pt.base + pt.dx * cx + pt.dy * cy - 0.5, ty, fy);
            const double ss = ps.base + ps.dx * cx + ps.dy * cy - 0.5;
            image_span_scaled(row + lo, static_cast<int>(hi - lo), texel_row(ty), texel_row(ty + 1),
                              tex->width, std::llround(ss * 65536.0), std::llround(ps.dx * 65536.0),
                              fy, unit_tint);
            continue;
        }
        if (unit_image) {
            const long long ty = y + unit_iy;
            image_span_unit(row + lo, static_cast<int>(hi - lo), texel_row(ty), texel_row(ty + 1),
                            static_cast<int>(lo + unit_ix), tex->width, unit_fx, unit_fy,
                            unit_tint);
            continue;
        }
        const double fy = static_cast<double>(y) + 0.5, fx = static_cast<double>(lo) + 0.5;
        auto at = [&](const Plane& p) { return p.base + p.dx * fx + p.dy * fy; };
        if (!textured && white) {
            // Straight colour interpolated as GL does, then premultiplied per pixel.
            auto fixed = [&](double value) {
                return static_cast<std::int32_t>(std::clamp(value, -1.0, 2.0) * kFix);
            };
            gradient_span(row + lo, static_cast<int>(hi - lo), fixed(at(pr)), fixed(at(pg)),
                          fixed(at(pb)), fixed(at(pa)), fixed(pr.dx), fixed(pg.dx), fixed(pb.dx),
                          fixed(pa.dx));
            continue;
        }
        double r = at(pr), g = at(pg), b = at(pb), a = at(pa), s = at(ps), t = at(pt);
        for (long long x = lo; x < hi; ++x) {
            const Rgba tx =
                textured ? sample_bilinear(*tex, static_cast<float>(s), static_cast<float>(t))
                         : fixed_texel;
            const float ca = std::clamp(static_cast<float>(a), 0.f, 1.f);
            const float alpha = ca * tx.a;
            if (alpha > 0.f) {
                const float k = ca, inv = 1.f - alpha;
                const std::uint32_t d = row[x];
                constexpr float n = 1.f / 255.f;
                const float dr = static_cast<float>((d >> 16) & 0xFF) * n;
                const float dg = static_cast<float>((d >> 8) & 0xFF) * n;
                const float db = static_cast<float>(d & 0xFF) * n;
                const float sr = std::clamp(static_cast<float>(r), 0.f, 1.f) * k * tx.r;
                const float sg = std::clamp(static_cast<float>(g), 0.f, 1.f) * k * tx.g;
                const float sb = std::clamp(static_cast<float>(b), 0.f, 1.f) * k * tx.b;
                row[x] = 0xFF000000u | (to_byte(sr + dr * inv) << 16) |
                         (to_byte(sg + dg * inv) << 8) | to_byte(sb + db * inv);
            }
            r += pr.dx;
            g += pg.dx;
            b += pb.dx;
            a += pa.dx;
            s += ps.dx;
            t += pt.dx;
        }
    }
    return written;
}

}  // namespace kiosk::render::detail
