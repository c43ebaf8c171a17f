// CpuRenderer: textures, damage tiles, and drawing primitives through pixman or raster.cpp.
// Sections: state · textures · damage tiles · drawing · frame
#include "kiosk/render/cpu_renderer.h"

#include <pixman.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "kiosk/render/primitives.h"
#include "kiosk/render/raster.h"
#include "kiosk/render/scaled_copies.h"

namespace kiosk::render {

using detail::Kind;
using detail::Prim;
using detail::Texture;

// --- state ---
namespace {

// Solid pixman images by premultiplied colour: a glyph's colour repeats all over a frame.
struct SolidCache {
    std::unordered_map<std::uint32_t, pixman_image_t*> images;
    SolidCache() = default;
    SolidCache(const SolidCache&) = delete;
    SolidCache& operator=(const SolidCache&) = delete;
    ~SolidCache() { clear(); }
    void clear() {
        for (auto& [colour, image] : images) pixman_image_unref(image);
        images.clear();
    }
    pixman_image_t* get(std::uint32_t premul) {
        auto it = images.find(premul);
        if (it != images.end()) return it->second;
        if (images.size() > 4096) clear();  // a frame of fading colours: start over
        auto c16 = [&](int shift) {
            return static_cast<std::uint16_t>(((premul >> shift) & 0xFF) * 257);
        };
        const pixman_color_t c{c16(16), c16(8), c16(0), c16(24)};
        pixman_image_t* image = pixman_image_create_solid_fill(&c);
        images.emplace(premul, image);
        return image;
    }
};

}  // namespace

struct CpuRenderer::State {
    std::vector<Texture> slots;
    std::uint64_t next_generation = 1;
    int tile = 64;

    // Last frame's tile hashes; empty when there is none to compare with.
    std::vector<std::uint64_t> previous;
    int prev_w = 0, prev_h = 0, prev_tile = 0;

    // Reused every frame.
    std::vector<Prim> prims;
    std::vector<std::uint64_t> current;
    std::vector<std::uint8_t> dirty;
    SolidCache solids;
    detail::ScaledCopies scaled;
    long long frame = 0;

    ~State() {
        for (Texture& t : slots)
            if (t.image) pixman_image_unref(t.image);
    }
};

CpuRenderer::CpuRenderer() : state_(std::make_unique<State>()) {}
CpuRenderer::~CpuRenderer() = default;

void CpuRenderer::set_tile_size(int pixels) {
    state_->tile = std::clamp(pixels, 8, 4096);
    forget_previous();
}

void CpuRenderer::forget_previous() {
    state_->previous.clear();
}

// --- textures ---
namespace {

ImTextureID to_id(std::size_t slot) {
    return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(slot + 1));
}

Texture& new_slot(std::vector<Texture>& slots, std::uint64_t& generation) {
    // The lowest free slot: ids are reused, as GL reuses texture names.
    auto it = std::find_if(slots.begin(), slots.end(), [](const Texture& t) { return !t.live; });
    if (it == slots.end()) it = slots.insert(slots.end(), Texture{});
    *it = Texture{};
    it->live = true;
    it->generation = generation++;
    return *it;
}

}  // namespace

ImTextureID CpuRenderer::add_rgba(int width, int height, const unsigned char* rgba) {
    if (width <= 0 || height <= 0 || width > 32767 || height > 32767 || rgba == nullptr)
        return nullptr;
    Texture& t = new_slot(state_->slots, state_->next_generation);
    t.width = width;
    t.height = height;
    t.stride = width;
    t.argb.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
    for (std::size_t i = 0; i < t.argb.size(); ++i) {
        const unsigned char* p = rgba + i * 4;
        const std::uint32_t a = p[3];
        auto pm = [&](std::uint32_t c) { return (c * a + 127) / 255; };
        t.argb[i] = (a << 24) | (pm(p[0]) << 16) | (pm(p[1]) << 8) | pm(p[2]);
    }
    t.image = pixman_image_create_bits(PIXMAN_a8r8g8b8, width, height, t.argb.data(), width * 4);
    pixman_image_set_repeat(t.image, PIXMAN_REPEAT_PAD);  // GL_CLAMP_TO_EDGE
    return to_id(static_cast<std::size_t>(&t - state_->slots.data()));
}

ImTextureID CpuRenderer::add_alpha8(int width, int height, const unsigned char* coverage) {
    if (width <= 0 || height <= 0 || width > 32767 || height > 32767 || coverage == nullptr)
        return nullptr;
    Texture& t = new_slot(state_->slots, state_->next_generation);
    t.alpha8 = true;
    t.width = width;
    t.height = height;
    t.stride = (width + 3) & ~3;  // pixman wants rows of whole 32-bit words
    t.a8.assign(static_cast<std::size_t>(t.stride) * static_cast<std::size_t>(height), 0);
    for (int y = 0; y < height; ++y)
        std::copy_n(coverage + static_cast<std::size_t>(y) * width, width,
                    t.a8.begin() + static_cast<std::ptrdiff_t>(y) * t.stride);
    t.image = pixman_image_create_bits(PIXMAN_a8, width, height,
                                       reinterpret_cast<std::uint32_t*>(t.a8.data()), t.stride);
    return to_id(static_cast<std::size_t>(&t - state_->slots.data()));
}

void CpuRenderer::remove(ImTextureID id) {
    const int slot = detail::TextureTable{&state_->slots}.find(id);
    if (slot < 0) return;
    Texture& t = state_->slots[slot];
    if (t.image) pixman_image_unref(t.image);
    t = Texture{};
    state_->scaled.forget_slot(slot);
}

int CpuRenderer::texture_count() const {
    return static_cast<int>(std::count_if(state_->slots.begin(), state_->slots.end(),
                                          [](const Texture& t) { return t.live; }));
}

// --- damage tiles ---
namespace {

// Dirty tiles as rectangles: runs along each tile row, then runs of rows with the same span
// merged, clipped to the canvas.
std::vector<PixelRect> merge_dirty(const std::vector<std::uint8_t>& dirty, int tiles_x, int tiles_y,
                                   int tile, int width, int height) {
    std::vector<PixelRect> done, open;
    for (int ty = 0; ty < tiles_y; ++ty) {
        const int y0 = ty * tile, y1 = std::min(height, y0 + tile);
        std::vector<PixelRect> row;
        for (int tx = 0; tx < tiles_x;) {
            if (!dirty[static_cast<std::size_t>(ty * tiles_x + tx)]) {
                ++tx;
                continue;
            }
            int end = tx;
            while (end < tiles_x && dirty[static_cast<std::size_t>(ty * tiles_x + end)]) ++end;
            row.push_back({tx * tile, y0, std::min(width, end * tile), y1});
            tx = end;
        }
        std::vector<PixelRect> next;
        for (PixelRect& r : row) {
            auto same = std::find_if(open.begin(), open.end(), [&](const PixelRect& o) {
                return o.x0 == r.x0 && o.x1 == r.x1 && o.y1 == r.y0;
            });
            if (same != open.end()) {
                r.y0 = same->y0;
                same->x1 = same->x0;  // taken
            }
            next.push_back(r);
        }
        for (const PixelRect& o : open)
            if (o.x1 > o.x0) done.push_back(o);
        open = std::move(next);
    }
    done.insert(done.end(), open.begin(), open.end());
    return done;
}

}  // namespace

// --- drawing ---
namespace {

struct Painter {
    std::vector<Texture>* slots;
    SolidCache* solids;
    detail::ScaledCopies* scaled;
    long long frame;
    pixman_image_t* dest;
    detail::Target target;
    CpuFrameStats* stats;

    std::uint32_t* row(int y) const {
        return target.pixels + static_cast<std::ptrdiff_t>(y) * target.stride_px;
    }

    void set_map(pixman_image_t* image, const detail::TexMap& m) {
        if (m.identity) {
            pixman_image_set_transform(image, nullptr);
            pixman_image_set_filter(image, PIXMAN_FILTER_NEAREST, nullptr, 0);
            return;
        }
        pixman_transform_t t;
        pixman_transform_init_identity(&t);
        t.matrix[0][0] = pixman_double_to_fixed(m.a);
        t.matrix[0][2] = pixman_double_to_fixed(m.b);
        t.matrix[1][1] = pixman_double_to_fixed(m.c);
        t.matrix[1][2] = pixman_double_to_fixed(m.d);
        pixman_image_set_transform(image, &t);
        pixman_image_set_filter(image, m.nearest ? PIXMAN_FILTER_NEAREST : PIXMAN_FILTER_BILINEAR,
                                nullptr, 0);
    }

    // Draws `p` within `r` (already inside its box).
    void draw(const Prim& p, const PixelRect& r) {
        const int w = r.x1 - r.x0, h = r.y1 - r.y0;
        switch (p.kind) {
            case Kind::Solid:
                pixman_image_composite32(PIXMAN_OP_OVER, solids->get(p.premul), nullptr, dest, 0, 0,
                                         0, 0, r.x0, r.y0, w, h);
                stats->pixels_shaded += r.area();
                break;
            case Kind::Mask: {
                const Texture& t = (*slots)[p.tex];
                if (p.map.identity) {
                    // Own loop over the part of `r` that maps inside the texture.
                    const int x0 = std::max(r.x0, -p.map.ox),
                              x1 = std::min(r.x1, t.width - p.map.ox);
                    const int y0 = std::max(r.y0, -p.map.oy),
                              y1 = std::min(r.y1, t.height - p.map.oy);
                    for (int y = y0; y < y1 && x0 < x1; ++y)
                        detail::mask_span(row(y) + x0,
                                          t.a8.data() +
                                              static_cast<std::ptrdiff_t>(y + p.map.oy) * t.stride +
                                              x0 + p.map.ox,
                                          x1 - x0, p.premul);
                } else {
                    set_map(t.image, p.map);
                    pixman_image_composite32(PIXMAN_OP_OVER, solids->get(p.premul), t.image, dest,
                                             0, 0, r.x0, r.y0, r.x0, r.y0, w, h);
                }
                stats->pixels_shaded += r.area();
                break;
            }
            case Kind::Image: {
                const Texture& t = (*slots)[p.tex];
                if (p.map.unit) {
                    for (int y = r.y0; y < r.y1; ++y) {
                        const int ty = y + p.map.iy;
                        const auto* top =
                            t.argb.data() +
                            static_cast<std::ptrdiff_t>(std::clamp(ty, 0, t.height - 1)) * t.stride;
                        const auto* bottom = t.argb.data() + static_cast<std::ptrdiff_t>(std::clamp(
                                                                 ty + 1, 0, t.height - 1)) *
                                                                 t.stride;
                        detail::image_span_unit(row(y) + r.x0, w, top, bottom, r.x0 + p.map.ix,
                                                t.width, p.map.fx, p.map.fy, p.premul);
                    }
                    stats->pixels_shaded += r.area();
                    break;
                }
                pixman_image_t* src = t.image;
                set_map(src, p.map);
                const int sx = p.map.identity ? r.x0 + p.map.ox : r.x0;
                const int sy = p.map.identity ? r.y0 + p.map.oy : r.y0;
                pixman_image_t* tint = p.premul < 255 ? solids->get(p.premul << 24) : nullptr;
                pixman_image_composite32(PIXMAN_OP_OVER, src, tint, dest, sx, sy, 0, 0, r.x0, r.y0,
                                         w, h);
                stats->pixels_shaded += r.area();
                break;
            }
            case Kind::Gradient:
                gradient(p, r);
                break;
            case Kind::Triangle: {
                detail::TexView view;
                const detail::TexView* tex = nullptr;
                double sx = 1, sy = 1;
                // Only a photo's inside: its anti-aliased fringe (colours fading to clear) is a
                // pixel wide, where the scale measured from float corners wobbles from frame to
                // frame and would ask for a new copy every frame.
                auto same = [](const detail::TriVertex& a, const detail::TriVertex& b) {
                    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
                };
                const bool inside = same(p.v[0], p.v[1]) && same(p.v[1], p.v[2]);
                const detail::ScaledCopies::Copy* copy =
                    p.tex >= 0 && inside && detail::ScaledCopies::axis_scale(p.v, sx, sy)
                        ? scaled->get((*slots)[p.tex], p.tex, sx, sy, frame)
                        : nullptr;
                if (copy != nullptr) {  // the photo at its drawn scale, drawn 1:1
                    detail::TriVertex v[3] = {p.v[0], p.v[1], p.v[2]};
                    for (detail::TriVertex& c : v) {
                        c.s = static_cast<float>(c.s * copy->kx);
                        c.t = static_cast<float>(c.t * copy->ky);
                    }
                    view.argb = copy->argb.data();
                    view.width = copy->width;
                    view.height = copy->height;
                    view.stride = copy->width;
                    stats->pixels_shaded += detail::raster_triangle(target, r, v, &view);
                    break;
                }
                if (p.tex >= 0) {
                    view = (*slots)[p.tex].view();
                    tex = &view;
                }
                stats->pixels_shaded += detail::raster_triangle(target, r, p.v, tex);
                break;
            }
        }
    }

    void gradient(const Prim& p, const PixelRect& r) {
        if (p.vertical) {
            // Both triangles interpolate the same colour along y: one colour per row.
            const detail::TriVertex &top = p.v[0], &bottom = p.v[3];
            const float span = p.y1 - p.y0;
            for (int y = r.y0; y < r.y1; ++y) {
                const float k = std::clamp((static_cast<float>(y) + 0.5f - p.y0) / span, 0.f, 1.f);
                auto lerp = [&](float a, float b) { return a + (b - a) * k; };
                const float a = lerp(top.a, bottom.a);
                auto byte = [](float v) {
                    return static_cast<std::uint32_t>(std::clamp(v, 0.f, 1.f) * 255.f + 0.5f);
                };
                detail::blend_span(
                    target.pixels + static_cast<std::ptrdiff_t>(y) * target.stride_px + r.x0,
                    r.x1 - r.x0, byte(lerp(top.r, bottom.r) * a), byte(lerp(top.g, bottom.g) * a),
                    byte(lerp(top.b, bottom.b) * a), byte(a));
            }
            stats->pixels_shaded += r.area();
            return;
        }
        // ImGui's two triangles, split along the same diagonal as GL would.
        const detail::TriVertex t1[3] = {p.v[0], p.v[1], p.v[2]}, t2[3] = {p.v[0], p.v[2], p.v[3]};
        const detail::TriVertex u1[3] = {p.v[1], p.v[2], p.v[3]}, u2[3] = {p.v[1], p.v[3], p.v[0]};
        stats->pixels_shaded +=
            detail::raster_triangle(target, r, p.diagonal_tl_br ? t1 : u1, nullptr);
        stats->pixels_shaded +=
            detail::raster_triangle(target, r, p.diagonal_tl_br ? t2 : u2, nullptr);
    }
};

void count(CpuFrameStats& s, Kind k) {
    switch (k) {
        case Kind::Solid:
            ++s.solid_rects;
            break;
        case Kind::Gradient:
            ++s.gradient_rects;
            break;
        case Kind::Mask:
            ++s.mask_blits;
            break;
        case Kind::Image:
            ++s.image_blits;
            break;
        case Kind::Triangle:
            ++s.general_triangles;
            break;
    }
}

}  // namespace

// --- frame ---
CpuFrameStats CpuRenderer::render(const ImDrawData& draw, Canvas canvas, std::uint32_t clear_xrgb) {
    CpuFrameStats stats;
    State& s = *state_;
    if (canvas.pixels == nullptr || canvas.width <= 0 || canvas.height <= 0 ||
        canvas.width > 32767 || canvas.height > 32767 || canvas.stride_bytes % 4 != 0 ||
        canvas.stride_bytes / 4 < canvas.width)
        return stats;
    const PixelRect whole{0, 0, canvas.width, canvas.height};
    detail::decode_frame(draw, detail::TextureTable{&s.slots}, whole, s.prims);
    stats.primitives = static_cast<int>(s.prims.size());

    // Tile hashes: everything that decides a tile's pixels, in draw order.
    const int tile = s.tile;
    const int tiles_x = (canvas.width + tile - 1) / tile,
              tiles_y = (canvas.height + tile - 1) / tile;
    const auto n_tiles = static_cast<std::size_t>(tiles_x) * static_cast<std::size_t>(tiles_y);
    std::uint64_t seed = detail::mix(
        clear_xrgb & 0xFFFFFFu, std::uint64_t(canvas.width) << 32 | std::uint32_t(canvas.height));
    s.current.assign(n_tiles, seed);
    for (const Prim& p : s.prims) {
        stats.frame_box_pixels += p.box.area();
        for (int ty = p.box.y0 / tile; ty <= (p.box.y1 - 1) / tile; ++ty)
            for (int tx = p.box.x0 / tile; tx <= (p.box.x1 - 1) / tile; ++tx) {
                std::uint64_t& h = s.current[static_cast<std::size_t>(ty * tiles_x + tx)];
                h = detail::mix(h, p.hash);
            }
    }
    const bool comparable = s.previous.size() == n_tiles && s.prev_w == canvas.width &&
                            s.prev_h == canvas.height && s.prev_tile == tile;
    s.dirty.assign(n_tiles, 1);
    if (comparable)
        for (std::size_t i = 0; i < n_tiles; ++i) s.dirty[i] = s.current[i] != s.previous[i];
    stats.damage = merge_dirty(s.dirty, tiles_x, tiles_y, tile, canvas.width, canvas.height);
    std::swap(s.previous, s.current);
    s.prev_w = canvas.width;
    s.prev_h = canvas.height;
    s.prev_tile = tile;
    if (stats.damage.empty()) return stats;

    pixman_image_t* dest = pixman_image_create_bits(PIXMAN_x8r8g8b8, canvas.width, canvas.height,
                                                    canvas.pixels, canvas.stride_bytes);
    Painter painter{&s.slots,  &s.solids, &s.scaled,
                    ++s.frame, dest,      {canvas.pixels, canvas.stride_bytes / 4},
                    &stats};
    for (const PixelRect& r : stats.damage)
        pixman_fill(canvas.pixels, canvas.stride_bytes / 4, 32, r.x0, r.y0, r.x1 - r.x0,
                    r.y1 - r.y0, clear_xrgb);
    for (const Prim& p : s.prims) {
        // Skip primitives over clean tiles without looking at the rectangles.
        bool any = false;
        for (int ty = p.box.y0 / tile; ty <= (p.box.y1 - 1) / tile && !any; ++ty)
            for (int tx = p.box.x0 / tile; tx <= (p.box.x1 - 1) / tile && !any; ++tx)
                any = s.dirty[static_cast<std::size_t>(ty * tiles_x + tx)] != 0;
        if (!any) continue;
        count(stats, p.kind);
        for (const PixelRect& d : stats.damage) {
            const PixelRect r{std::max(p.box.x0, d.x0), std::max(p.box.y0, d.y0),
                              std::min(p.box.x1, d.x1), std::min(p.box.y1, d.y1)};
            if (r.x0 < r.x1 && r.y0 < r.y1) painter.draw(p, r);
        }
    }
    pixman_image_unref(dest);
    return stats;
}

}  // namespace kiosk::render
