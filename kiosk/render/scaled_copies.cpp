// Scaled copies of textures: the axis-scale test, making a copy with pixman, the LRU budget.
#include "kiosk/render/scaled_copies.h"

#include <pixman.h>

#include <algorithm>
#include <cmath>

namespace kiosk::render::detail {

bool ScaledCopies::axis_scale(const TriVertex v[3], double& sx, double& sy) {
    const double x1 = v[1].x - v[0].x, y1 = v[1].y - v[0].y;
    const double x2 = v[2].x - v[0].x, y2 = v[2].y - v[0].y;
    const double det = x1 * y2 - x2 * y1;
    if (!(std::fabs(det) > 1e-6)) return false;
    auto gradient = [&](float a0, float a1, float a2, double& dx, double& dy) {
        const double d1 = a1 - a0, d2 = a2 - a0;
        dx = (d1 * y2 - d2 * y1) / det;
        dy = (d2 * x1 - d1 * x2) / det;
    };
    double sdx = 0, sdy = 0, tdx = 0, tdy = 0;
    gradient(v[0].s, v[1].s, v[2].s, sdx, sdy);
    gradient(v[0].t, v[1].t, v[2].t, tdx, tdy);
    const double w = std::max({v[0].x, v[1].x, v[2].x}) - std::min({v[0].x, v[1].x, v[2].x});
    const double h = std::max({v[0].y, v[1].y, v[2].y}) - std::min({v[0].y, v[1].y, v[2].y});
    constexpr double tol = 1.0 / 64.0;  // texels of drift across the triangle
    if (std::fabs(sdy) * (h + 1) > tol || std::fabs(tdx) * (w + 1) > tol) return false;
    sx = sdx;
    sy = tdy;
    return sx > 1.0 / 16 && sx < 16 && sy > 1.0 / 16 && sy < 16;
}

const ScaledCopies::Copy* ScaledCopies::get(const Texture& texture, int slot, double sx, double sy,
                                            long long frame) {
    if (texture.alpha8 || texture.image == nullptr) return nullptr;
    if (std::fabs(sx - 1) < 1e-4 && std::fabs(sy - 1) < 1e-4) return nullptr;  // 1:1 already
    // Scales that differ by float noise between the triangles of one photo share a copy.
    const Key key{slot, texture.generation, std::llround(sx * 1e4), std::llround(sy * 1e4)};
    if (auto it = copies_.find(key); it != copies_.end()) {
        it->second.used = frame;
        return &it->second;
    }
    auto [asked, fresh] = asked_.try_emplace(key, frame);
    const bool steady = !fresh && (asked->second == frame - 1 || asked->second == frame);
    asked->second = frame;
    if (!steady) {
        if (asked_.size() > 4096) asked_.clear();  // scales of an animation: start over
        return nullptr;
    }
    asked_.erase(asked);
    const double kx = 1.0 / sx, ky = 1.0 / sy;
    const auto width = static_cast<int>(std::ceil(texture.width * kx));
    const auto height = static_cast<int>(std::ceil(texture.height * ky));
    const long long bytes = 4ll * width * height;
    if (width <= 0 || height <= 0 || bytes > kBudgetBytes / 4) return nullptr;
    while (bytes_ + bytes > kBudgetBytes) {  // least recently drawn first, never this frame's
        auto oldest = std::min_element(copies_.begin(), copies_.end(), [](auto& a, auto& b) {
            return a.second.used < b.second.used;
        });
        if (oldest == copies_.end() || oldest->second.used >= frame) break;
        bytes_ -= 4ll * oldest->second.width * oldest->second.height;
        copies_.erase(oldest);
    }
    Copy copy;
    copy.width = width;
    copy.height = height;
    copy.kx = kx;
    copy.ky = ky;
    copy.used = frame;
    copy.argb.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
    pixman_image_t* out =
        pixman_image_create_bits(PIXMAN_a8r8g8b8, width, height, copy.argb.data(), width * 4);
    // Copy texel j's centre is source point (j + 0.5) * s: what GL_LINEAR would sample there.
    pixman_transform_t scale;
    pixman_transform_init_scale(&scale, pixman_double_to_fixed(sx), pixman_double_to_fixed(sy));
    pixman_image_set_transform(texture.image, &scale);
    pixman_image_set_filter(texture.image, PIXMAN_FILTER_BILINEAR, nullptr, 0);
    pixman_image_set_repeat(texture.image, PIXMAN_REPEAT_PAD);  // clamp to edge, as GL
    pixman_image_composite32(PIXMAN_OP_SRC, texture.image, nullptr, out, 0, 0, 0, 0, 0, 0, width,
                             height);
    pixman_image_set_transform(texture.image, nullptr);
    pixman_image_unref(out);
    bytes_ += bytes;
    return &copies_.emplace(key, std::move(copy)).first->second;
}

void ScaledCopies::forget_slot(int slot) {
    for (auto it = copies_.begin(); it != copies_.end();) {
        if (std::get<0>(it->first) == slot) {
            bytes_ -= 4ll * it->second.width * it->second.height;
            it = copies_.erase(it);
        } else {
            ++it;
        }
    }
    for (auto it = asked_.begin(); it != asked_.end();)
        it = std::get<0>(it->first) == slot ? asked_.erase(it) : std::next(it);
}

}  // namespace kiosk::render::detail
