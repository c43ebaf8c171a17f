// Highlight detail: a swipe gallery with page dots and captions, the body text, and the related
// members as a strip of cards.
#include <algorithm>

#include "kiosk/ui/screens.h"
#include "kiosk/ui/strings.h"

namespace kiosk::ui {

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
    // Landscape: gallery beside the text would squeeze it; full width at 16:9, capped in height.
    y += photo_gallery(sc, page.x, y, page.w, r.h * (m.portrait ? 0.4f : 0.6f), h->gallery,
                       h->card.id);
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
        tx += tag(ui, ImVec2(tx, y), f->name.pick(lang), f->color_rgb) + m.tag_gap;
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
