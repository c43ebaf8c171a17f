// List screens: highlights (focus-area chips over a card grid), projects (batch chips over a list
// whose cards show the parties) and experts (academicians, then speakers).
// Sections: highlights · projects · experts
#include <algorithm>
#include <cmath>

#include "kiosk/ui/screens.h"
#include "kiosk/ui/strings.h"

namespace kiosk::ui {

// --- highlights ---
void draw_highlights(Screen& sc, const Rect& r) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const Lang lang = sc.lang();
    const float x = r.x + m.margin, w = r.w - 2 * m.margin;
    float y = r.y + m.gutter;
    std::vector<ChipSpec> chips;
    chips.push_back({"chip.focus.all", tr(lang, Str::All), sc.s.highlight_focus.empty(), 0});
    for (const FocusArea& f : sc.c.focus_areas())
        chips.push_back(
            {"chip.focus." + f.id, f.name.pick(lang), sc.s.highlight_focus == f.id, f.color_rgb});
    const int t = chip_row(sc, "focus", {x, y, w, m.target}, chips);
    if (t == 0) sc.s.highlight_focus.clear();
    if (t > 0) sc.s.highlight_focus = sc.c.focus_areas()[static_cast<size_t>(t - 1)].id;
    if (t >= 0) sc.scroller("page").physics.jump_to(0);
    y += m.target + m.gutter;
    const Rect view{r.x, y, r.w, r.y + r.h - y};
    Page page = begin_page(sc, "page", view);
    const std::vector<HighlightCard>& list = sc.c.highlights(sc.s.highlight_focus);
    float py = page.top;
    // Focus area summary when one is chosen.
    if (const FocusArea* f = sc.c.focus(sc.s.highlight_focus)) {
        TextBox box;
        box.max_width = text_column(sc, w);
        box.line_height = 1.5f;
        py += draw_text(ui.dl, ui.body(), ImVec2(x, py), rgb(palette::kText2),
                        f->summary.pick(lang), box) +
              m.gutter;
    }
    if (list.empty()) {
        TextBox box;
        box.max_width = w;
        box.center = true;
        py += draw_text(ui.dl, ui.body(), ImVec2(x, py + m.margin), rgb(palette::kText2),
                        tr(lang, Str::NothingHere), box);
    }
    const int cols = m.portrait ? 2 : 3;
    const float cw = (w - m.gutter * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const float ch = highlight_card_height(sc, cw, list);
    for (size_t i = 0; i < list.size(); ++i) {
        const float cx = x + static_cast<float>(i % static_cast<size_t>(cols)) * (cw + m.gutter);
        const float cy = py + static_cast<float>(i / static_cast<size_t>(cols)) * (ch + m.gutter);
        if (cy + ch < view.y || cy > view.y + view.h) continue;
        highlight_card(sc, {cx, cy, cw, ch}, list[i]);
    }
    const size_t rows = (list.size() + static_cast<size_t>(cols) - 1) / static_cast<size_t>(cols);
    end_page(sc, page, py + static_cast<float>(rows) * (ch + m.gutter));
}

// --- projects ---
void draw_projects(Screen& sc, const Rect& r) {
    const Metrics& m = sc.m();
    const Lang lang = sc.lang();
    const float x = r.x + m.margin, w = r.w - 2 * m.margin;
    float y = r.y + m.gutter;
    // One chip per signing batch of the pack (batches are content: a fourth is one more row).
    std::vector<ChipSpec> chips = {{"chip.batch.all", tr(lang, Str::All), sc.s.batch == 0, 0}};
    for (const Batch& b : sc.c.batches())
        chips.push_back({"chip.batch." + std::to_string(b.number), b.name.pick(lang),
                         sc.s.batch == b.number, 0});
    const int t = chip_row(sc, "batch", {x, y, w, m.target}, chips);
    if (t >= 0) {
        sc.s.batch = t == 0 ? 0 : sc.c.batches()[static_cast<size_t>(t - 1)].number;
        sc.scroller("page").physics.jump_to(0);
    }
    y += m.target + m.gutter;
    const Rect view{r.x, y, r.w, r.y + r.h - y};
    Page page = begin_page(sc, "page", view);
    const std::vector<Project>& list = sc.c.projects(sc.s.batch);
    // Two columns on wide landscape screens, one otherwise.
    const int cols = !m.portrait && w / m.s > 1400 ? 2 : 1;
    const float cw = (w - m.gutter * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    float py = page.top;
    for (size_t i = 0; i < list.size(); i += static_cast<size_t>(cols)) {
        float row_h = 0;
        for (size_t k = i; k < std::min(list.size(), i + static_cast<size_t>(cols)); ++k)
            row_h = std::max(row_h, project_card_height(sc, list[k], cw, true));
        if (py + row_h >= view.y && py <= view.y + view.h)
            for (size_t k = i; k < std::min(list.size(), i + static_cast<size_t>(cols)); ++k)
                project_card(sc, {x + static_cast<float>(k - i) * (cw + m.gutter), py, cw, row_h},
                             list[k], true);
        py += row_h + m.gutter;
    }
    if (list.empty()) {
        TextBox box;
        box.max_width = w;
        box.center = true;
        py += draw_text(sc.ui.dl, sc.ui.body(), ImVec2(x, py + m.margin), rgb(palette::kText2),
                        tr(lang, Str::NothingHere), box);
    }
    end_page(sc, page, py);
}

// --- experts ---
void draw_experts(Screen& sc, const Rect& r) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const Lang lang = sc.lang();
    Page page = begin_page(sc, "page", r);
    const std::vector<Person>& people = sc.c.people();
    const int cols = m.portrait ? 1 : (page.w / m.s >= 1500 ? 3 : 2);
    const float cw = (page.w - m.gutter * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const float ch = std::max(170 * m.s, m.target * 2);
    float y = page.top + m.gutter;
    for (int group = 0; group < 2; ++group) {
        std::vector<const Person*> list;
        for (const Person& p : people)
            if (group == 0 ? p.is_academician : !p.is_academician) list.push_back(&p);
        if (list.empty()) continue;
        y += section_title(ui, ImVec2(page.x, y),
                           tr(lang, group == 0 ? Str::Academicians : Str::Speakers), page.w) +
             m.gap;
        for (size_t i = 0; i < list.size(); ++i) {
            const float cx =
                page.x + static_cast<float>(i % static_cast<size_t>(cols)) * (cw + m.gutter);
            const float cy =
                y + static_cast<float>(i / static_cast<size_t>(cols)) * (ch + m.gutter);
            if (cy + ch >= r.y && cy <= r.y + r.h) person_card(sc, {cx, cy, cw, ch}, *list[i]);
        }
        y += static_cast<float>((list.size() + static_cast<size_t>(cols) - 1) /
                                static_cast<size_t>(cols)) *
                 (ch + m.gutter) +
             m.gutter;
    }
    end_page(sc, page, y);
}

}  // namespace kiosk::ui
