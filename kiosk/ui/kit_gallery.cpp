// The photo gallery of a detail screen: pages that follow the finger and snap, page dots, and
// the caption of the photo shown.
#include <algorithm>
#include <cmath>

#include "kiosk/ui/screens.h"

namespace kiosk::ui {
namespace {

// Horizontal paging driven by the finger; snaps to the nearest page (or the next on a flick).
void gallery(Screen& sc, const Rect& g, const std::vector<GalleryImage>& images, Gallery& state) {
    Ui& ui = sc.ui;
    const Touch& t = ui.touch;
    const std::string gid = "gallery." + sc.route.id;
    const int n = static_cast<int>(images.size());
    if (ui.interactive) {
        const bool inside = g.intersect(ui.clip).contains(t.press_pos);
        if (t.dragging && ui.drag_claim_open && inside &&
            std::fabs(t.pos.x - t.press_pos.x) > std::fabs(t.pos.y - t.press_pos.y)) {
            ui.drag_owner = gid;
            ui.drag_claim_open = false;
            state.dragging = true;
            state.drag_px = t.pos.x - t.press_pos.x;
        } else if (ui.drag_owner == gid && t.down) {
            state.drag_px += t.delta.x;
        }
        if (state.dragging && !t.down) {
            const float threshold = g.w * 0.15f;
            if (state.drag_px < -threshold) state.page = std::min(n - 1, state.page + 1);
            if (state.drag_px > threshold) state.page = std::max(0, state.page - 1);
            state.shown -= state.drag_px / g.w;
            state.drag_px = 0;
            state.dragging = false;
        }
    }
    float shown = state.shown - (state.dragging ? state.drag_px / g.w : 0.f);
    if (!state.dragging) {
        const float k = 1.f - std::exp(-std::max(0.f, t.dt) * 14.f);
        state.shown += (static_cast<float>(state.page) - state.shown) * k;
        if (std::fabs(state.shown - static_cast<float>(state.page)) < 0.002f)
            state.shown = static_cast<float>(state.page);
        shown = state.shown;
    }
    if (state.dragging || shown != static_cast<float>(state.page)) ui.wants_frames = true;
    ui.push_clip(g);
    for (int i = 0; i < n; ++i) {
        const float x = g.x + (static_cast<float>(i) - shown) * g.w;
        if (x + g.w < g.x || x > g.x + g.w) continue;
        image(ui, images[static_cast<size_t>(i)].media_id, {x, g.y, g.w, g.h}, false,
              sc.m().radius);
    }
    if (n == 0) image(ui, "", g, false, sc.m().radius);
    ui.pop_clip();
}

}  // namespace

float photo_gallery(Screen& sc, float x, float y, float w, float max_h,
                    const std::vector<GalleryImage>& images, const std::string& key) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const float top = y;
    Gallery& state = sc.s.galleries[key];
    state.page = std::clamp(state.page, 0, std::max(0, static_cast<int>(images.size()) - 1));
    const float gh = std::min(w * 9.f / 16.f, max_h);
    const float gw = std::min(w, gh * 16.f / 9.f);
    const Rect g{x + (w - gw) * 0.5f, y, gw, gh};
    gallery(sc, g, images, state);
    y += gh + m.gap;
    const int n = static_cast<int>(images.size());
    if (n > 1) {
        // Page dots.
        const float d = 14 * m.s, gap = 14 * m.s;
        float dx = x + (w - static_cast<float>(n) * (d + gap) + gap) * 0.5f;
        for (int i = 0; i < n; ++i, dx += d + gap) {
            const bool on = i == state.page;
            fill_disc(ui.dl, ui.corners(), ImVec2(dx + d * 0.5f, y + d * 0.5f),
                      d * (on ? 0.6f : 0.4f),
                      rgb(on ? palette::kAccent : palette::kText2, on ? 1.f : 0.6f));
        }
        y += d + m.gap;
    }
    if (n > 0) {
        const std::string& caption =
            images[static_cast<size_t>(state.page)].caption.pick(sc.lang());
        TextBox box;
        box.max_width = gw;
        box.center = true;
        box.max_lines = 2;
        y += draw_text(ui.dl, ui.caption(), ImVec2(g.x, y), rgb(palette::kText2), caption, box);
    }
    return y - top;
}

}  // namespace kiosk::ui
