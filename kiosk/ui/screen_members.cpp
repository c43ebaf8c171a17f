// Members: filter chips by kind and by focus area over a grid of member cards (3–4 columns
// landscape, 2 portrait). Only the visible rows are fetched, a page at a time.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "kiosk/ui/screens.h"
#include "kiosk/ui/strings.h"

namespace kiosk::ui {

void draw_members(Screen& sc, const Rect& r) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const Lang lang = sc.lang();
    const float x = r.x + m.margin, w = r.w - 2 * m.margin;
    float y = r.y + m.gutter;

    std::vector<ChipSpec> kinds;
    kinds.push_back({"chip.kind.all", tr(lang, Str::All), !sc.s.kind_filter, 0});
    const auto all_kinds = content::enum_values("member", "kind");
    for (const content::EnumValue& k : all_kinds)
        kinds.push_back({std::string("chip.kind.") + k.id, lang == Lang::Zh ? k.zh : k.en,
                         sc.s.kind_filter == k.id, 0});
    const int tk = chip_row(sc, "kinds", {x, y, w, m.target}, kinds);
    if (tk == 0) sc.s.kind_filter.reset();
    if (tk > 0) sc.s.kind_filter = all_kinds[static_cast<size_t>(tk - 1)].id;
    y += m.target + m.gap;

    std::vector<ChipSpec> focus;
    focus.push_back({"chip.focus.all", tr(lang, Str::All), sc.s.member_focus.empty(), 0});
    for (const FocusArea& f : sc.c.focus_areas())
        focus.push_back(
            {"chip.focus." + f.id, f.name.pick(lang), sc.s.member_focus == f.id, f.color_rgb});
    const int tf = chip_row(sc, "focus", {x, y, w, m.target}, focus);
    if (tf == 0) sc.s.member_focus.clear();
    if (tf > 0) sc.s.member_focus = sc.c.focus_areas()[static_cast<size_t>(tf - 1)].id;
    y += m.target + m.gap;

    MemberFilter filter;
    filter.kind = sc.s.kind_filter;
    if (!sc.s.member_focus.empty()) filter.focus_id = sc.s.member_focus;
    const int count = sc.c.member_count(filter);
    char line[128];
    std::snprintf(line, sizeof line, tr(lang, Str::MembersCount), count);
    draw_line(ui.dl, ui.caption(), ImVec2(x, y), rgb(palette::kText2), line, w);
    y += ui.caption()->FontSize * 1.6f;
    if (tk >= 0 || tf >= 0) sc.scroller("grid").physics.jump_to(0);  // new filter: from the top

    const Rect view{r.x, y, r.w, r.y + r.h - y};
    if (count == 0) {
        TextBox box;
        box.max_width = w;
        box.center = true;
        draw_text(ui.dl, ui.body(), ImVec2(x, y + m.margin), rgb(palette::kText2),
                  tr(lang, Str::NoMembers), box);
        return;
    }
    const int cols = m.portrait ? 2 : (w / m.s >= 1500 ? 4 : 3);
    const float cw = (w - m.gutter * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const float ch = std::max(212 * m.s, m.target * 2.6f);
    const int rows = (count + cols - 1) / cols;
    Scroller& scr = sc.scroller("grid");
    const float content = static_cast<float>(rows) * (ch + m.gutter) + m.margin;
    const float off = scroll(ui, scr, sc.scroll_id("grid"), view, content, false);
    ui.push_clip(view);
    const int first = std::max(0, static_cast<int>(std::floor(off / (ch + m.gutter))));
    const int last = std::min(rows - 1, static_cast<int>((off + view.h) / (ch + m.gutter)));
    for (int row = first; row <= last; ++row) {
        for (int c = 0; c < cols; ++c) {
            const int i = row * cols + c;
            const MemberCard* card = sc.c.member_at(filter, i);
            if (card == nullptr) continue;
            const Rect cell{x + static_cast<float>(c) * (cw + m.gutter),
                            view.y + static_cast<float>(row) * (ch + m.gutter) - off, cw, ch};
            member_card(sc, cell, *card, "member." + card->id);
        }
    }
    ui.pop_clip();
    scroll_indicator(ui, scr, view, content, false);
}

}  // namespace kiosk::ui
