// The general triangle path of the CPU renderer (see raster.h).
// Sections: sampling · spans · triangles
#include "kiosk/render/raster.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

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

void blend_span(std::uint32_t* row, int n, std::uint32_t pr, std::uint32_t pg, std::uint32_t pb,
                std::uint32_t a) {
    if (a == 0 && pr == 0 && pg == 0 && pb == 0) return;
    const std::uint32_t inv = 255 - a;
    for (int i = 0; i < n; ++i) {
        const std::uint32_t d = row[i];
        const std::uint32_t r = pr + div255(((d >> 16) & 0xFF) * inv);
        const std::uint32_t g = pg + div255(((d >> 8) & 0xFF) * inv);
        const std::uint32_t b = pb + div255((d & 0xFF) * inv);
        row[i] =
            0xFF000000u | (std::min(r, 255u) << 16) | (std::min(g, 255u) << 8) | std::min(b, 255u);
    }
}

// --- triangles ---
namespace {

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

    long long written = 0;
    for (long long y = by0; y < by1; ++y) {
        const long long cy = y * kOne + kHalf, cx0 = bx0 * kOne + kHalf;
        long long lo = bx0, hi = bx1;
        for (const Edge& ed : e) {
            const int i = static_cast<int>(&ed - e);
            const long long e0 = ed.dx * (cy - Y[i]) - ed.dy * (cx0 - X[i]) + ed.bias;
            const long long step = -ed.dy * kOne;
            if (step == 0) {
                if (e0 < 0) hi = lo;
            } else if (step > 0) {
                if (e0 < 0) lo = std::max(lo, bx0 + (-e0 + step - 1) / step);
            } else {
                if (e0 < 0)
                    hi = lo;
                else
                    hi = std::min(hi, bx0 + e0 / -step + 1);
            }
        }
        if (lo >= hi) continue;
        std::uint32_t* row = target.pixels + y * target.stride_px;
        const double fy = static_cast<double>(y) + 0.5, fx = static_cast<double>(lo) + 0.5;
        auto at = [&](const Plane& p) { return p.base + p.dx * fx + p.dy * fy; };
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
        written += hi - lo;
    }
    return written;
}

}  // namespace kiosk::render::detail
