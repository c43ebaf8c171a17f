// Search: an on-screen QWERTY keyboard (no physical keyboard exists), the typed text, and results
// that update on every key press. Tapping a result opens its detail.
#include <algorithm>
#include <cstdio>

#include "kiosk/engine/icons.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/strings.h"

namespace kiosk::ui {
namespace {

// Three rows of letters over a row with Clear and Space; keyboard_height and keyboard agree on it.
constexpr int kKeyRows = 4;
float keyboard_height(const Metrics& m) {
    return kKeyRows * m.target + (kKeyRows - 1) * m.gap;
}

void keyboard(Screen& sc, const Rect& r) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    static constexpr const char* kRows[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
    const float kw = std::min((r.w - 9 * m.gap) / 10.f, 132 * m.s);
    const float kh = m.target;
    const float total_w = 10 * kw + 9 * m.gap;
    const float x0 = r.x + (r.w - total_w) * 0.5f;
    float y = r.y;
    std::string& text = sc.s.search;
    for (int row = 0; row < 3; ++row) {
        const std::string_view keys = kRows[row];
        float x = x0 + static_cast<float>(row) * (kw + m.gap) * 0.5f;
        for (char c : keys) {
            const std::string label(1, c);
            if (button(ui, "key." + label, {x, y, kw, kh}, nullptr, label) && text.size() < 40)
                text += c;
            x += kw + m.gap;
        }
        if (row == 2) {
            const float bw = x0 + total_w - x;
            if (button(ui, "key.backspace", {x, y, bw, kh}, icons::kBackspace,
                       tr(sc.lang(), Str::KeyBackspace)) &&
                !text.empty()) {
                // Remove one UTF-8 character.
                size_t cut = text.size() - 1;
                while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
                text.erase(cut);
            }
        }
        y += kh + m.gap;
    }
    const float cw = kw * 2 + m.gap;
    if (button(ui, "key.clear", {x0, y, cw, kh}, icons::kClose, tr(sc.lang(), Str::KeyClear)))
        text.clear();
    if (button(ui, "key.space", {x0 + cw + m.gap, y, total_w - cw - m.gap, kh}, nullptr,
               tr(sc.lang(), Str::KeySpace)) &&
        !text.empty() && text.back() != ' ' && text.size() < 40)
        text += ' ';
}

}  // namespace

void draw_search(Screen& sc, const Rect& r) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const Lang lang = sc.lang();
    const float x = r.x + m.margin, w = r.w - 2 * m.margin;
    // Keyboard at the bottom, within reach; measured first so the results get the rest.
    const float kb_h = keyboard_height(m);
    const float kb_y = r.y + r.h - m.gutter - kb_h;
    ui.dl->AddRectFilled(ImVec2(r.x, kb_y - m.gutter), ImVec2(r.x + r.w, r.y + r.h),
                         rgb(palette::kBackground2));
    keyboard(sc, {x, kb_y, w, kb_h});

    // The typed text (or a hint), as a field.
    float y = r.y + m.gutter;
    const float fh = m.target;
    const Rect field{x, y, w, fh};
    outline_rounded(ui.dl, ui.corners(), field.min(), field.max(), rgb(palette::kAccent),
                    rgb(palette::kSurface), fh * 0.5f, 2 * m.s);
    ImFont* f = ui.h2();
    const float ty = y + (fh - f->FontSize) * 0.5f;
    ui.dl->AddText(f, f->FontSize, ImVec2(x + m.pad, ty), rgb(palette::kAccent), icons::kSearch);
    const float tx = x + m.pad + text_width(f, icons::kSearch) + 16 * m.s;
    const std::string& q = sc.s.search;
    if (q.empty())
        draw_line(ui.dl, ui.body(), ImVec2(tx, y + (fh - ui.body()->FontSize) * 0.5f),
                  rgb(palette::kText2), tr(lang, Str::SearchHint), x + w - m.pad - tx);
    else
        draw_line(ui.dl, f, ImVec2(tx, ty), rgb(palette::kText), q, x + w - m.pad - tx);
    y += fh + m.gap;

    const std::vector<SearchHit>& hits = sc.c.search(q);
    if (!q.empty()) {
        char line[128];
        std::snprintf(line, sizeof line, tr(lang, Str::SearchCount), static_cast<int>(hits.size()));
        draw_line(ui.dl, ui.caption(), ImVec2(x, y), rgb(palette::kText2),
                  hits.empty() ? tr(lang, Str::SearchEmpty) : line, w);
        y += ui.caption()->FontSize * 1.6f;
    }
    const Rect view{r.x, y, r.w, kb_y - m.gutter * 1.5f - y};
    if (view.h <= 0) return;
    Page page = begin_page(sc, "results", view);
    const float rh = std::max(m.target * 1.35f, 100 * m.s);
    float py = page.top;
    for (size_t i = 0; i < hits.size(); ++i, py += rh + m.gap) {
        if (py + rh < view.y || py > view.y + view.h) continue;
        const SearchHit& hit = hits[i];
        const std::string id = "search.result." + std::to_string(i);
        const std::string& title = hit.title.pick(lang);
        // The screen that shows this kind of item opens it (on the item, for a detail screen).
        const ScreenRow* shows = screen_showing(hit.kind);
        if (target(ui, id, "card", title, {page.x, py, page.w, rh}) && shows != nullptr)
            sc.go_to = route_to(shows->id, shows->exists != nullptr ? hit.id : "");
        const bool pressed = is_pressed(ui, id);
        const Rect rr = card(ui, {page.x, py, page.w, rh}, pressed, 0);
        const std::string kind = shows != nullptr ? tr(lang, shows->shows->label) : "";
        float cx = rr.x + m.pad;
        const float tagy = rr.y + (rr.h - tag_height(ui)) * 0.5f;
        cx += tag(ui, ImVec2(cx, tagy), kind, palette::kAccent) + m.pad;
        float right = rr.x + rr.w - m.pad;
        if (hit.is_sample) {
            right -= sample_badge_width(ui);
            sample_badge(ui, ImVec2(right, tagy), card_fill(pressed));
            right -= m.gap;
        }
        const float th = ui.body()->FontSize * 1.3f + ui.caption()->FontSize * 1.3f;
        const float y0 = rr.y + (rr.h - th) * 0.5f;
        draw_line(ui.dl, ui.body(), ImVec2(cx, y0), rgb(palette::kText), title, right - cx);
        draw_line(ui.dl, ui.caption(), ImVec2(cx, y0 + ui.body()->FontSize * 1.3f),
                  rgb(palette::kText2), hit.subtitle.pick(lang), right - cx);
    }
    end_page(sc, page, py);
}

}  // namespace kiosk::ui
