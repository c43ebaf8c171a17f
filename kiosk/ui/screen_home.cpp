// Home: the five entries (members, highlights, projects, experts, about) with icons and counts.
// Landscape: a welcome line over a row of five tall cards. Portrait: the welcome and the key
// numbers fill the top third and the entries stack in the lower two thirds, within reach.
#include <algorithm>
#include <cstdio>

#include "kiosk/engine/icons.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/strings.h"

namespace kiosk::ui {
namespace {

struct Entry {
    const char* id;
    const char* screen;
    const char* icon;
    Str label;
    Str hint;
    int count;  // -1 = none
};

void entry_card(Screen& sc, const Rect& r, const Entry& e, bool row) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const std::string label = tr(sc.lang(), e.label);
    if (target(ui, e.id, "card", label, r)) sc.go_to = Route{e.screen, ""};
    const Rect rr = card(ui, r, is_pressed(ui, e.id), 0);
    ImFont* icon_font = ui.h1();
    const float disc = std::min(96 * m.s, row ? rr.h - 2 * m.pad : rr.w * 0.4f);
    const Rect d = row ? Rect{rr.x + m.pad, rr.y + (rr.h - disc) * 0.5f, disc, disc}
                       : Rect{rr.x + m.pad, rr.y + m.pad, disc, disc};
    fill_disc(ui.dl, ui.corners(), d.center(), disc * 0.5f, rgb(palette::kAccent, 0.16f));
    const float iw = text_width(icon_font, e.icon);
    ui.dl->AddText(icon_font, icon_font->FontSize,
                   ImVec2(d.center().x - iw * 0.5f, d.center().y - icon_font->FontSize * 0.5f),
                   rgb(palette::kAccent), e.icon);
    char count[32] = "";
    if (e.count >= 0) std::snprintf(count, sizeof count, "%d", e.count);
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

}  // namespace

void draw_home(Screen& sc, const Rect& r) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const Entry entries[] = {
        {"home.members", "members", icons::kMembers, Str::NavMembers, Str::HomeMembersHint,
         sc.c.member_count({})},
        {"home.highlights", "highlights", icons::kHighlights, Str::NavHighlights,
         Str::HomeHighlightsHint, static_cast<int>(sc.c.highlights("").size())},
        {"home.projects", "projects", icons::kProjects, Str::NavProjects, Str::HomeProjectsHint,
         static_cast<int>(sc.c.projects(0).size())},
        {"home.experts", "experts", icons::kExperts, Str::NavExperts, Str::HomeExpertsHint,
         static_cast<int>(sc.c.people().size())},
        {"home.about", "about", icons::kAbout, Str::NavAbout, Str::HomeAboutHint, -1},
    };
    const AllianceInfo& a = sc.c.alliance();
    const std::string& name = a.name.pick(sc.lang());
    const float x = r.x + m.margin, w = r.w - 2 * m.margin;
    TextBox box;
    box.max_width = w;
    box.line_height = 1.25f;
    if (m.portrait) {
        // Welcome in the top third; entries below, within reach.
        const float top_h = (r.h) / 3.f;
        box.max_lines = 3;
        const std::string& theme = a.theme.pick(sc.lang());
        TextBox intro;
        intro.max_width = w;
        intro.max_lines = 4;  // the English intro needs four lines
        intro.line_height = 1.5f;
        const std::string& intro_text = a.intro.pick(sc.lang());
        // The report's key numbers under the intro, where they fit: the top third then says what
        // the alliance is. A short screen keeps the welcome alone rather than crowd the entries.
        constexpr size_t kNumbers = 4;
        const float welcome_h =
            text_height(ui.h1(), theme, box) + 16 * m.s + text_height(ui.body(), intro_text, intro);
        const float numbers_h = m.margin + key_numbers_row(sc, nullptr, ImVec2(x, 0), w, kNumbers);
        const bool numbers = welcome_h + numbers_h <= top_h - m.margin;
        const float th = welcome_h + (numbers ? numbers_h : 0.f);
        float y = r.y + std::max(m.margin * 0.5f, (top_h - th) * 0.5f);
        y += draw_text(ui.dl, ui.h1(), ImVec2(x, y), rgb(palette::kText),
                       theme.empty() ? name : theme, box);
        y += 16 * m.s + draw_text(ui.dl, ui.body(), ImVec2(x, y + 16 * m.s), rgb(palette::kText2),
                                  intro_text, intro);
        if (numbers) key_numbers_row(sc, ui.dl, ImVec2(x, y + m.margin), w, kNumbers);
        const float ey = r.y + top_h;
        const float eh = (r.y + r.h - m.margin - ey - 4 * m.gutter) / 5.f;
        for (int i = 0; i < 5; ++i)
            entry_card(sc, {x, ey + static_cast<float>(i) * (eh + m.gutter), w, eh}, entries[i],
                       true);
        return;
    }
    // The top bar already names the alliance: welcome with its theme and a short intro. Welcome
    // and cards are one block, centred in the page, so no gap opens between them on tall screens.
    const std::string& theme = a.theme.pick(sc.lang());
    const std::string& title = theme.empty() ? name : theme;
    const std::string& intro_text = a.intro.pick(sc.lang());
    box.max_lines = 1;
    TextBox intro;
    intro.max_width = text_column(sc, w);
    intro.max_lines = 4;  // the English intro needs four lines at 1280 px
    intro.line_height = 1.5f;
    const float top = r.y + m.margin * 0.75f, bottom = r.y + r.h - m.margin;
    const float welcome_h = text_height(ui.h1(), title, box) + 16 * m.s +
                            text_height(ui.body(), intro_text, intro) + m.margin;
    const float cw = (w - 4 * m.gutter) / 5.f;
    // Cards no taller than needed.
    const float ch = std::min(bottom - top - welcome_h, std::max(cw * 1.1f, m.target * 3));
    float y = top + std::max(0.f, (bottom - top - welcome_h - ch) * 0.45f);
    y += draw_text(ui.dl, ui.h1(), ImVec2(x, y), rgb(palette::kText), title, box);
    y += 16 * m.s + draw_text(ui.dl, ui.body(), ImVec2(x, y + 16 * m.s), rgb(palette::kText2),
                              intro_text, intro);
    y += m.margin;
    for (int i = 0; i < 5; ++i)
        entry_card(sc, {x + static_cast<float>(i) * (cw + m.gutter), y, cw, ch}, entries[i], false);
}

}  // namespace kiosk::ui
