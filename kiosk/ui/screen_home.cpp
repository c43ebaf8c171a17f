// Home: one tile per screen the registry gives a home tile (members, highlights, projects, experts,
// about, ...), with icons and counts. Landscape: a welcome line over a row of tall cards. Portrait:
// the welcome and the key numbers fill the top third and the tiles stack below, within reach.
#include <algorithm>
#include <cstdio>

#include "kiosk/ui/screens.h"
#include "kiosk/ui/strings.h"

namespace kiosk::ui {
namespace {

// The icon disc of a tile: in a row tile as tall as the tile allows, in a column tile a share of
// its width.
float disc_size(const Metrics& m, const Rect& r, bool row) {
    return std::min(96 * m.s, row ? r.h - 2 * m.pad : r.w * 0.4f);
}

// The least height of a column tile w wide: disc, a two-line title, a hint line and the count,
// so that however many tiles share the row, the title never runs into the count.
float column_tile_height(Screen& sc, float w) {
    const Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    return m.pad + disc_size(m, {0, 0, w, 0}, false) + m.pad + 2 * ui.h2()->FontSize * 1.3f +
           8 * m.s + ui.caption()->FontSize * 1.4f + ui.h1()->FontSize + m.pad;
}

void entry_card(Screen& sc, const Rect& r, const ScreenRow& screen, bool row) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const HomeTile& e = *screen.home;
    const std::string id = std::string("home.") + screen.name;
    const std::string label = tr(sc.lang(), e.title);
    if (target(ui, id, "card", label, r)) sc.go_to = route_to(screen.id);
    const Rect rr = card(ui, r, is_pressed(ui, id), 0);
    ImFont* icon_font = ui.h1();
    const float disc = disc_size(m, rr, row);
    const Rect d = row ? Rect{rr.x + m.pad, rr.y + (rr.h - disc) * 0.5f, disc, disc}
                       : Rect{rr.x + m.pad, rr.y + m.pad, disc, disc};
    fill_disc(ui.dl, ui.corners(), d.center(), disc * 0.5f, rgb(palette::kAccent, 0.16f));
    const float iw = text_width(icon_font, e.icon);
    ui.dl->AddText(icon_font, icon_font->FontSize,
                   ImVec2(d.center().x - iw * 0.5f, d.center().y - icon_font->FontSize * 0.5f),
                   rgb(palette::kAccent), e.icon);
    char count[32] = "";
    if (e.count != nullptr) std::snprintf(count, sizeof count, "%d", e.count(sc.c));
    ImFont* nf = ui.h1();
    const float cw = text_width(nf, count);
    TextBox box;
    box.line_height = 1.3f;
    if (row) {
        const float tx = d.x + disc + m.pad;
        const float tw = rr.x + rr.w - m.pad - tx - cw - (cw > 0 ? m.pad : 0);
        box.max_width = tw;
        box.max_lines = 1;
        const float th = ui.h2()->FontSize * 1.3f + ui.caption()->FontSize * 1.4f;
        float y = rr.y + (rr.h - th) * 0.5f;
        y += draw_text(ui.dl, ui.h2(), ImVec2(tx, y), rgb(palette::kText), label, box);
        draw_line(ui.dl, ui.caption(), ImVec2(tx, y), rgb(palette::kText2), tr(sc.lang(), e.hint),
                  tw);
        ui.dl->AddText(nf, nf->FontSize,
                       ImVec2(rr.x + rr.w - m.pad - cw, rr.y + (rr.h - nf->FontSize) * 0.5f),
                       rgb(palette::kAmber), count);
        return;
    }
    const float x = rr.x + m.pad, w = rr.w - 2 * m.pad;
    float y = d.y + disc + m.pad;
    box.max_width = w;
    box.max_lines = 2;
    y += draw_text(ui.dl, ui.h2(), ImVec2(x, y), rgb(palette::kText), label, box) + 8 * m.s;
    box.line_height = 1.4f;
    const float bottom = rr.y + rr.h - m.pad - nf->FontSize;
    // Body size reads from a step back; a narrow card (English, small screens) falls back to the
    // caption size rather than cutting the hint short.
    const std::string hint = tr(sc.lang(), e.hint);
    ImFont* hint_font = ui.body();
    for (ImFont* f : {ui.body(), ui.caption()}) {
        hint_font = f;
        box.max_lines = std::clamp(static_cast<int>((bottom - y) / (f->FontSize * 1.4f)), 0, 3);
        TextBox whole = box;
        whole.max_lines = 0;  // unlimited: how many lines the hint really needs
        if (text_height(f, hint, whole) <=
            static_cast<float>(box.max_lines) * f->FontSize * 1.4f + 1)
            break;
    }
    if (box.max_lines > 0)
        draw_text(ui.dl, hint_font, ImVec2(x, y), rgb(palette::kText2), hint, box);
    ui.dl->AddText(nf, nf->FontSize, ImVec2(x, bottom), rgb(palette::kAmber), count);
}

// The welcome: the conference theme (or the alliance's name) in h1 over the intro. Measures only
// when dl is null; returns the height.
float welcome(Screen& sc, ImDrawList* dl, ImVec2 pos, const TextBox& title_box,
              const TextBox& intro_box) {
    Ui& ui = sc.ui;
    const AllianceInfo& a = sc.c.alliance();
    const std::string& theme = a.theme.pick(sc.lang());
    const std::string& title = theme.empty() ? a.name.pick(sc.lang()) : theme;
    const float gap = 16 * sc.m().s;
    const float title_h = draw_text(dl, ui.h1(), pos, rgb(palette::kText), title, title_box);
    return title_h + gap +
           draw_text(dl, ui.body(), ImVec2(pos.x, pos.y + title_h + gap), rgb(palette::kText2),
                     a.intro.pick(sc.lang()), intro_box);
}

}  // namespace

void draw_home(Screen& sc, const Rect& r) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const std::vector<const ScreenRow*>& tiles = home_screens();
    const auto n = static_cast<float>(tiles.size());
    const float x = r.x + m.margin, w = r.w - 2 * m.margin;
    TextBox box;
    box.max_width = w;
    box.line_height = 1.25f;
    if (m.portrait) {
        // Welcome in the top third; entries below, within reach.
        const float top_h = (r.h) / 3.f;
        box.max_lines = 3;
        TextBox intro;
        intro.max_width = w;
        intro.max_lines = 4;  // the English intro needs four lines
        intro.line_height = 1.5f;
        // The report's key numbers under the intro, where they fit: the top third then says what
        // the alliance is. A short screen keeps the welcome alone rather than crowd the entries.
        constexpr size_t kNumbers = 4;
        const float welcome_h = welcome(sc, nullptr, ImVec2(x, 0), box, intro);
        const float numbers_h = m.margin + key_numbers_row(sc, nullptr, ImVec2(x, 0), w, kNumbers);
        const bool numbers = welcome_h + numbers_h <= top_h - m.margin;
        const float th = welcome_h + (numbers ? numbers_h : 0.f);
        float y = r.y + std::max(m.margin * 0.5f, (top_h - th) * 0.5f);
        y += welcome(sc, ui.dl, ImVec2(x, y), box, intro);
        if (numbers) key_numbers_row(sc, ui.dl, ImVec2(x, y + m.margin), w, kNumbers);
        const float ey = r.y + top_h;
        const float eh = (r.y + r.h - m.margin - ey - (n - 1) * m.gutter) / n;
        for (size_t i = 0; i < tiles.size(); ++i)
            entry_card(sc, {x, ey + static_cast<float>(i) * (eh + m.gutter), w, eh}, *tiles[i],
                       true);
        return;
    }
    // The top bar already names the alliance: welcome with its theme and a short intro. Welcome
    // and cards are one block, centred in the page, so no gap opens between them on tall screens.
    box.max_lines = 1;
    TextBox intro;
    intro.max_width = text_column(sc, w);
    intro.max_lines = 4;  // the English intro needs four lines at 1280 px
    intro.line_height = 1.5f;
    const float top = r.y + m.margin * 0.75f, bottom = r.y + r.h - m.margin;
    const float welcome_h = welcome(sc, nullptr, ImVec2(x, 0), box, intro) + m.margin;
    const float cw = (w - (n - 1) * m.gutter) / n;
    // Cards no taller than needed.
    const float ch = std::min(bottom - top - welcome_h,
                              std::max({cw * 1.1f, m.target * 3, column_tile_height(sc, cw)}));
    float y = top + std::max(0.f, (bottom - top - welcome_h - ch) * 0.45f);
    y += welcome(sc, ui.dl, ImVec2(x, y), box, intro) + m.margin;
    for (size_t i = 0; i < tiles.size(); ++i)
        entry_card(sc, {x + static_cast<float>(i) * (cw + m.gutter), y, cw, ch}, *tiles[i], false);
}

}  // namespace kiosk::ui
