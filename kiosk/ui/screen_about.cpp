// About the alliance: intro, key numbers, founding date / theme / model / initiator, the three
// vision keywords, the five focus areas and the transformation bases.
#include <algorithm>

#include "kiosk/engine/icons.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/strings.h"

namespace kiosk::ui {
namespace {

// A grid of equal cards: title (h2, accent), text; returns the height used.
float card_grid(Screen& sc, float x, float y, float w, int cols,
                const std::vector<std::pair<std::string, std::string>>& items,
                const std::vector<bool>& samples, uint32_t title_color) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    if (items.empty()) return 0;
    const float cw = (w - m.gutter * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    TextBox tb;
    tb.max_width = cw - 2 * m.pad;
    tb.line_height = 1.3f;
    TextBox bb;
    bb.max_width = cw - 2 * m.pad;
    bb.line_height = 1.45f;
    // One card's content: optional sample badge, title, text. Measures only when dl is null, so
    // a row's height and its drawing cannot disagree.
    auto content = [&](ImDrawList* dl, size_t k, float cx, float cy) {
        const float top = cy;
        if (samples[k]) {
            if (dl != nullptr) sample_badge(ui, ImVec2(cx, cy), card_fill(false));
            cy += tag_height(ui) + m.tag_gap;
        }
        cy +=
            draw_text(dl, ui.h2(), ImVec2(cx, cy), rgb(title_color), items[k].first, tb) + 12 * m.s;
        cy += draw_text(dl, ui.body(), ImVec2(cx, cy), rgb(palette::kText2), items[k].second, bb);
        return cy - top;
    };
    float total = 0;
    for (size_t i = 0; i < items.size(); i += static_cast<size_t>(cols)) {
        const size_t end = std::min(items.size(), i + static_cast<size_t>(cols));
        float row_h = 0;
        for (size_t k = i; k < end; ++k)
            row_h = std::max(row_h, content(nullptr, k, 0, 0) + 2 * m.pad);
        for (size_t k = i; k < end; ++k) {
            const Rect r{x + static_cast<float>(k - i) * (cw + m.gutter), y + total, cw, row_h};
            card(ui, r, false, 0);
            content(ui.dl, k, r.x + m.pad, r.y + m.pad);
        }
        total += row_h + m.gutter;
    }
    return total;
}

}  // namespace

void draw_about(Screen& sc, const Rect& r) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const Lang lang = sc.lang();
    const AllianceInfo& a = sc.c.alliance();
    Page page = begin_page(sc, "page", r);
    float y = page.top + m.gutter * 1.5f;
    TextBox box;
    box.max_width = page.w;
    box.line_height = 1.25f;
    y += draw_text(ui.dl, ui.h1(), ImVec2(page.x, y), rgb(palette::kText), a.name.pick(lang), box) +
         m.gutter;
    y += body_text(sc, ImVec2(page.x, y), a.intro.pick(lang), text_column(sc, page.w)) + m.margin;

    // Key numbers in amber.
    if (!a.numbers.empty()) {
        const size_t n = a.numbers.size();
        const int cols = static_cast<int>(std::min<size_t>(n, m.portrait ? 3 : 6));
        const float cw = page.w / static_cast<float>(cols);
        float row_y = y;
        for (size_t i = 0; i < n; ++i) {
            const float cx = page.x + static_cast<float>(i % static_cast<size_t>(cols)) * cw;
            row_y = y + static_cast<float>(i / static_cast<size_t>(cols)) *
                            (ui.display()->FontSize * 2.4f);
            draw_line(ui.dl, ui.display(), ImVec2(cx, row_y), rgb(palette::kAmber),
                      a.numbers[i].value, cw - m.gap);
            TextBox lb;
            lb.max_width = cw - m.gap;
            lb.max_lines = 2;
            draw_text(ui.dl, ui.caption(), ImVec2(cx, row_y + ui.display()->FontSize * 1.1f),
                      rgb(palette::kText2), a.numbers[i].label.pick(lang), lb);
        }
        y = row_y + ui.display()->FontSize * 2.4f + m.gutter;
    }
    // Facts as label / value rows.
    const std::pair<Str, const Bilingual*> facts[] = {{Str::Founded, &a.founded},
                                                      {Str::Theme, &a.theme},
                                                      {Str::Model, &a.model},
                                                      {Str::Initiator, &a.initiator}};
    const float lw = std::min(page.w * 0.3f, 260 * m.s);
    for (const auto& [label, value] : facts) {
        const std::string& v = value->pick(lang);
        if (v.empty()) continue;
        draw_line(ui.dl, ui.body(), ImVec2(page.x, y), rgb(palette::kText2), tr(lang, label),
                  lw - m.gap);
        TextBox vb;
        vb.max_width = text_column(sc, page.w - lw);
        vb.line_height = 1.4f;
        y += std::max(
                 draw_text(ui.dl, ui.body(), ImVec2(page.x + lw, y), rgb(palette::kText), v, vb),
                 ui.body()->FontSize * 1.4f) +
             m.gap;
        ui.dl->AddLine(ImVec2(page.x, y - m.gap * 0.5f), ImVec2(page.x + page.w, y - m.gap * 0.5f),
                       rgb(palette::kDivider), 1 * m.s);
    }
    y += m.margin;
    // Vision keywords.
    if (!a.vision.empty()) {
        y += section_title(ui, ImVec2(page.x, y), tr(lang, Str::Vision), page.w) + m.gap;
        std::vector<std::pair<std::string, std::string>> items;
        for (const VisionKeyword& v : a.vision)
            items.emplace_back(v.keyword.pick(lang), v.text.pick(lang));
        y += card_grid(sc, page.x, y, page.w, m.portrait ? 1 : 3, items,
                       std::vector<bool>(items.size(), false), palette::kAmber) +
             m.margin;
    }
    // Focus areas.
    const std::vector<FocusArea>& fa = sc.c.focus_areas();
    if (!fa.empty()) {
        y += section_title(ui, ImVec2(page.x, y), tr(lang, Str::FocusAreas), page.w) + m.gap;
        std::vector<std::pair<std::string, std::string>> items;
        for (const FocusArea& f : fa) items.emplace_back(f.name.pick(lang), f.summary.pick(lang));
        y += card_grid(sc, page.x, y, page.w, m.portrait ? 1 : 3, items,
                       std::vector<bool>(items.size(), false), palette::kAccent) +
             m.margin;
    }
    // Transformation bases.
    if (!a.bases.empty()) {
        y += section_title(ui, ImVec2(page.x, y), tr(lang, Str::Bases), page.w) + m.gap;
        std::vector<std::pair<std::string, std::string>> items;
        std::vector<bool> samples;
        for (const TransformationBase& b : a.bases) {
            items.emplace_back(b.name.pick(lang), b.summary.pick(lang));
            samples.push_back(b.is_sample);
        }
        y += card_grid(sc, page.x, y, page.w, m.portrait ? 1 : 2, items, samples, palette::kText) +
             m.gutter;
    }
    end_page(sc, page, y);
}

}  // namespace kiosk::ui
