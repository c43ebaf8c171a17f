// Highlight detail: a swipe gallery with page dots and captions, the body text, and the related
// members as a strip of cards.
#include <algorithm>
#include <cmath>

#include "kiosk/ui/screens.h"
#include "kiosk/ui/strings.h"

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

void draw_highlight(Screen& sc, const Rect& r) {
    const Highlight* h = sc.c.highlight(sc.route.id);
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const Lang lang = sc.lang();
    if (h == nullptr) {
        draw_line(ui.dl, ui.body(), ImVec2(r.x + m.margin, r.y + m.margin), rgb(palette::kText2),
                  tr(lang, Str::NothingHere), r.w);
        return;
    }
    Page page = begin_page(sc, "page", r);
    float y = page.top + m.gutter;
    Gallery& state = sc.s.galleries[h->card.id];
    state.page = std::clamp(state.page, 0, std::max(0, static_cast<int>(h->gallery.size()) - 1));
    // Landscape: gallery beside the text would squeeze it; full width at 16:9, capped in height.
    const float gh = std::min(page.w * 9.f / 16.f, r.h * (m.portrait ? 0.4f : 0.6f));
    const float gw = std::min(page.w, gh * 16.f / 9.f);
    const Rect g{page.x + (page.w - gw) * 0.5f, y, gw, gh};
    gallery(sc, g, h->gallery, state);
    y += gh + m.gap;
    const int n = static_cast<int>(h->gallery.size());
    if (n > 1) {
        // Page dots.
        const float d = 14 * m.s, gap = 14 * m.s;
        float dx = page.x + (page.w - static_cast<float>(n) * (d + gap) + gap) * 0.5f;
        for (int i = 0; i < n; ++i, dx += d + gap) {
            const bool on = i == state.page;
            fill_disc(ui.dl, ui.corners(), ImVec2(dx + d * 0.5f, y + d * 0.5f),
                      d * (on ? 0.6f : 0.4f),
                      rgb(on ? palette::kAccent : palette::kText2, on ? 1.f : 0.6f));
        }
        y += d + m.gap;
    }
    if (n > 0) {
        const std::string& caption = h->gallery[static_cast<size_t>(state.page)].caption.pick(lang);
        TextBox box;
        box.max_width = gw;
        box.center = true;
        box.max_lines = 2;
        y += draw_text(ui.dl, ui.caption(), ImVec2(g.x, y), rgb(palette::kText2), caption, box);
    }
    y += m.margin;
    // Title, focus area, sample badge.
    TextBox box;
    box.max_width = text_column(sc, page.w);
    box.line_height = 1.25f;
    y += draw_text(ui.dl, ui.h1(), ImVec2(page.x, y), rgb(palette::kText), h->card.title.pick(lang),
                   box) +
         12 * m.s;
    float tx = page.x;
    if (const FocusArea* f = sc.c.focus(h->card.focus_id))
        tx += tag(ui, ImVec2(tx, y), f->name.pick(lang), f->color_rgb) + 8 * m.s;
    if (h->card.is_sample) sample_badge(ui, ImVec2(tx, y));
    y += tag_height(ui) + m.gutter;
    y += body_text(sc, ImVec2(page.x, y), h->body.pick(lang), text_column(sc, page.w)) + m.margin;
    if (!h->members.empty()) {
        y += section_title(ui, ImVec2(page.x, y), tr(lang, Str::RelatedMembers), page.w) + m.gap;
        const float ch = std::max(212 * m.s, m.target * 2.6f);
        strip(sc, "members", {page.x, y, page.w, ch}, static_cast<int>(h->members.size()),
              std::min(480 * m.s, page.w * 0.85f), [&](int i, const Rect& cr) {
                  const MemberCard& c = h->members[static_cast<size_t>(i)];
                  member_card(sc, cr, c, "member." + c.id);
              });
        y += ch + m.margin;
    }
    end_page(sc, page, y);
}

}  // namespace kiosk::ui
