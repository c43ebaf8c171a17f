// The USB import card over any screen: dimmed backdrop; spinner, percent bar while busy; a green
// tick with the new version and counts when done; an amber "!" with the reason and what to do when
// refused (or when the stick does not answer). A finished card closes by its button, or when the
// engine stops showing it; the count of seconds left is the engine's.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "kiosk/engine/icons.h"
#include "kiosk/ui/staff_panel.h"
#include "kiosk/ui/staff_strings.h"

namespace kiosk::ui {

bool ImportOverlayView::update(const ImportOverlay& o) {
    if (!o.visible) {
        finished_key_.clear();
        dismissed_ = false;
        return false;
    }
    if (!o.offers_pin && (o.busy || (!o.ok && !o.refused))) {
        finished_key_.clear();
        dismissed_ = false;
        return true;
    }
    // A finished import: remember which one, so a dismissed card stays closed until the next.
    const std::string key = std::string(o.offers_pin ? "offer|"
                                        : o.ok       ? "ok|"
                                                     : "refused|") +
                            o.title.en + "|" + o.detail.en + "|" + o.todo.en;
    if (key != finished_key_) {
        finished_key_ = key;
        dismissed_ = false;
    }
    return !dismissed_;
}

ImportOverlayView::Tapped ImportOverlayView::draw(Ui& ui, const ImportOverlay& o) {
    const Metrics& m = ui.m;
    const float W = m.viewport.x, H = m.viewport.y;
    const bool finished = !o.busy && (o.ok || o.refused || o.offers_pin);
    const bool show_todo = o.refused || o.offers_pin;
    Tapped tapped = Tapped::None;
    ui.wants_frames = true;  // spinner, bar and the close countdown move
    ui.dl->AddRectFilled(ImVec2(0, 0), m.viewport, rgb(palette::kBackground, 0.82f));

    const float w = std::min(W - 2 * m.margin, 980 * m.s);
    const float tw = w - 4 * m.pad;
    TextBox tb;
    tb.max_width = tw;
    tb.center = true;
    const Bilingual title =
        o.title.zh.empty() && o.title.en.empty() ? staff_text(StaffStr::ImportNoTitle) : o.title;
    const float icon_d = 104 * m.s;
    const float bar_h = 28 * m.s;
    const auto pair_h = [&](const Bilingual& b, ImFont* zh, ImFont* en) {
        float h = 0;
        if (!b.zh.empty()) h += text_height(zh, b.zh, tb);
        if (!b.en.empty() && b.en != b.zh) h += 4 * m.s + text_height(en, b.en, tb);
        return h;
    };
    const float title_h = pair_h(title, ui.h1(), ui.h2());
    const float detail_h = pair_h(o.detail, ui.body(), ui.body());
    const float todo_h = show_todo ? pair_h(o.todo, ui.body(), ui.body()) : 0;
    float h = 2 * m.pad + icon_d + m.gutter + title_h + m.gutter + detail_h;
    if (o.busy) h += m.gutter + bar_h + ui.body()->FontSize * 1.6f;
    if (show_todo && todo_h > 0) h += m.gutter + todo_h + 2 * m.pad;
    if (finished) h += m.gutter + m.target + ui.caption()->FontSize * 1.6f;
    h += 2 * m.pad;
    const Rect card{(W - w) * 0.5f, std::max(m.margin * 0.5f, (H - h) * 0.5f), w, h};

    const uint32_t state_col = o.ok        ? staff_colors::kGreen
                               : o.refused ? palette::kAmber
                                           : palette::kAccent;
    const uint32_t todo_col = o.refused ? palette::kAmber : palette::kAccent;
    ui.dl->AddRectFilled(card.min(), card.max(), rgb(palette::kSurface), m.radius);
    ui.dl->AddRect(card.min(), card.max(), rgb(state_col), m.radius, 0, 3 * m.s);

    // Icon: spinner while busy, tick when done, "!" when refused.
    const ImVec2 c(W * 0.5f, card.y + 2 * m.pad + icon_d * 0.5f);
    const float r = icon_d * 0.5f;
    if (o.busy || !finished) {
        ui.dl->AddCircle(c, r - 6 * m.s, rgb(palette::kDivider), 48, 8 * m.s);
        const float a0 = static_cast<float>(std::fmod(ui.now * 4.0, 6.283185307));
        ui.dl->PathArcTo(c, r - 6 * m.s, a0, a0 + 1.9f, 32);
        ui.dl->PathStroke(rgb(palette::kAccent), 0, 8 * m.s);
    } else {
        ui.dl->AddCircleFilled(c, r, rgb(state_col), 48);
        ImFont* f = ui.h1();  // the icon glyphs are merged into h1/h2/body, not display
        const char* glyph = o.ok ? icons::kCheck : o.offers_pin ? icons::kTouchApp : "!";
        const float gw = text_width(f, glyph);
        ui.dl->AddText(f, f->FontSize, ImVec2(c.x - gw * 0.5f, c.y - f->FontSize * 0.5f),
                       rgb(palette::kOnAccent), glyph);
    }
    float y = card.y + 2 * m.pad + icon_d + m.gutter;
    const float x = card.x + 2 * m.pad;
    report_text(ui, "import.title", title, {x, y, tw, title_h});
    y += draw_bilingual(ui, ImVec2(x, y), title, tw, ui.h1(), ui.h2(), rgb(palette::kText),
                        rgb(palette::kText2), true);
    y += m.gutter;
    report_text(ui, "import.detail", o.detail, {x, y, tw, detail_h});
    y += draw_bilingual(ui, ImVec2(x, y), o.detail, tw, ui.body(), ui.body(), rgb(palette::kText),
                        rgb(palette::kText2), true);

    if (o.busy) {
        y += m.gutter;
        const float p = std::clamp(static_cast<float>(o.percent), 0.f, 100.f) / 100.f;
        ui.dl->AddRectFilled(ImVec2(x, y), ImVec2(x + tw, y + bar_h), rgb(palette::kSurfaceSoft),
                             bar_h * 0.5f);
        if (p > 0)
            ui.dl->AddRectFilled(ImVec2(x, y), ImVec2(x + std::max(bar_h, tw * p), y + bar_h),
                                 rgb(palette::kAccent), bar_h * 0.5f);
        y += bar_h + ui.body()->FontSize * 0.3f;
        char pct[16];
        std::snprintf(pct, sizeof pct, "%d%%", std::clamp(o.percent, 0, 100));
        const float pw = text_width(ui.h2(), pct);
        ui.dl->AddText(ui.h2(), ui.h2()->FontSize, ImVec2(W * 0.5f - pw * 0.5f, y),
                       rgb(palette::kText), pct);
        y += ui.body()->FontSize * 1.3f;
    }
    if (show_todo && todo_h > 0) {
        // What to do next, boxed so it reads as the instruction.
        y += m.gutter;
        ui.dl->AddRectFilled(ImVec2(x - m.pad, y), ImVec2(x + tw + m.pad, y + todo_h + 2 * m.pad),
                             rgb(todo_col, 0.14f), m.radius * 0.6f);
        report_text(ui, "import.todo", o.todo, {x, y, tw, todo_h + 2 * m.pad});
        draw_bilingual(ui, ImVec2(x, y + m.pad), o.todo, tw, ui.body(), ui.body(), rgb(todo_col),
                       rgb(todo_col), true);
        y += todo_h + 2 * m.pad;
    }
    if (finished) {
        y += m.gutter;
        const std::string close_l = staff_both(StaffStr::Close);
        const float cw = std::max(button_width(ui, icons::kClose, close_l), 3 * m.target);
        if (o.offers_pin) {
            const std::string pin_l = staff_both(StaffStr::WorkbookEnterPin);
            const float pw = std::max(button_width(ui, icons::kTouchApp, pin_l), 3 * m.target);
            const float left = W * 0.5f - (cw + m.gutter + pw) * 0.5f;
            if (button(ui, "import.close", {left, y, cw, m.target}, icons::kClose, close_l)) {
                dismissed_ = true;
                tapped = Tapped::CloseOffer;
            }
            if (button(ui, "import.pin", {left + cw + m.gutter, y, pw, m.target}, icons::kTouchApp,
                       pin_l, ButtonStyle::Accent))
                tapped = Tapped::EnterPin;
        } else if (button(ui, "import.close", {W * 0.5f - cw * 0.5f, y, cw, m.target},
                          icons::kClose, close_l, ButtonStyle::Accent)) {
            dismissed_ = true;
        }
        y += m.target + ui.caption()->FontSize * 0.4f;
        const int secs = std::max(0, o.closes_in_s);
        char zh[64], en[64];
        std::snprintf(zh, sizeof zh, staff_text(StaffStr::ImportClosesIn).zh.c_str(), secs);
        std::snprintf(en, sizeof en, staff_text(StaffStr::ImportClosesIn).en.c_str(), secs);
        const std::string line = std::string(zh) + "  " + en;
        const float lw = text_width(ui.caption(), line);
        report_text(ui, "import.closes_in", {zh, en},
                    {W * 0.5f - lw * 0.5f, y, lw, ui.caption()->FontSize * 1.2f});
        ui.dl->AddText(ui.caption(), ui.caption()->FontSize, ImVec2(W * 0.5f - lw * 0.5f, y),
                       rgb(palette::kText2), line.c_str());
    }
    return tapped;
}

}  // namespace kiosk::ui
