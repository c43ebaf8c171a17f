// A staff workbook after the PIN: "building…", then the summary (counts and the changes per
// table, with Preview and Discard; or every problem, scrollable, with Close only); and the
// preview banner drawn on every visitor screen with Accept and Discard.
#include <algorithm>
#include <cmath>

#include "kiosk/engine/icons.h"
#include "kiosk/ui/staff_panel.h"
#include "kiosk/ui/staff_strings.h"

namespace kiosk::ui {

void StaffUi::open_workbook_keypad(double now) {
    flow_.open_keypad(now, KeypadFor::WorkbookStart);
}

bool StaffUi::previewing() const {
    return sv_.staff && sv_.staff->workbook_previewing();  // every frame: no view built
}

void StaffUi::draw_workbook(Ui& ui) {
    const Metrics& m = ui.m;
    const float W = m.viewport.x, H = m.viewport.y;
    const WorkbookView v = sv_.staff ? sv_.staff->workbook() : WorkbookView{};
    if (v.stage == WorkbookView::Stage::None || v.stage == WorkbookView::Stage::Preview) {
        flow_.close();  // the engine moved on (idle, a preview): nothing left to show here
        return;
    }
    // Only the building spinner moves by itself (a scrolled list asks for its own frames).
    if (v.stage == WorkbookView::Stage::Building) ui.wants_frames = true;
    const float x = m.margin, w = W - 2 * m.margin;
    float y = m.margin * 0.5f;
    const uint32_t col = v.stage == WorkbookView::Stage::Building ? palette::kAccent
                         : v.ok                                   ? staff_colors::kGreen
                                                                  : palette::kAmber;
    report_text(ui, "workbook.title", v.title, {x, y, w, ui.h2()->FontSize * 2});
    y += draw_bilingual(ui, ImVec2(x, y), v.title, w, ui.h2(), ui.body(), rgb(col),
                        rgb(palette::kText2), false);
    y += m.gap;
    report_text(ui, "workbook.detail", v.detail, {x, y, w, ui.body()->FontSize * 2});
    y += draw_bilingual(ui, ImVec2(x, y), v.detail, w, ui.body(), ui.caption(), rgb(palette::kText),
                        rgb(palette::kText2), false);
    y += m.gutter;
    if (v.stage == WorkbookView::Stage::Building) {
        const ImVec2 c(W * 0.5f, std::max(y + 80 * m.s, H * 0.5f));
        const float r = 48 * m.s;
        ui.dl->AddCircle(c, r, rgb(palette::kDivider), 48, 8 * m.s);
        const float a0 = static_cast<float>(std::fmod(ui.now * 4.0, 6.283185307));
        ui.dl->PathArcTo(c, r, a0, a0 + 1.9f, 32);
        ui.dl->PathStroke(rgb(palette::kAccent), 0, 8 * m.s);
        return;
    }
    // The lines (changes or problems), scrollable, above the buttons; as tall as they need.
    if (v.ok) {
        const Bilingual& head = staff_text(StaffStr::WorkbookChanges);
        draw_line(ui.dl, ui.body(), ImVec2(x, y), rgb(palette::kText2), head.zh + "  " + head.en,
                  w);
        y += ui.body()->FontSize * 1.5f;
    }
    const float bh = std::max(m.target, 80 * m.s);
    TextBox tb;
    tb.max_width = w - 2 * m.pad;
    float content = m.pad;
    for (const Bilingual& line : v.lines)
        content += text_height(ui.body(), line.zh, tb) +
                   (line.en != line.zh ? text_height(ui.caption(), line.en, tb) : 0) + m.gap;
    const Rect list{x, y, w, std::min(content + m.pad, H - y - bh - m.margin)};
    ui.dl->AddRectFilled(list.min(), list.max(), rgb(palette::kSurface), m.radius);
    const float off = scroll(ui, lines_scroll_, "workbook.lines", list, content, false);
    ui.push_clip(list);
    float ly = list.y + m.pad - off;
    for (std::size_t i = 0; i < v.lines.size(); ++i) {
        const Bilingual& line = v.lines[i];
        const Bilingual shown{line.zh, line.en != line.zh ? line.en : ""};
        const float lh = text_height(ui.body(), line.zh, tb) +
                         (line.en != line.zh ? text_height(ui.caption(), line.en, tb) : 0);
        if (ly + lh > list.y && ly < list.y + list.h) {
            report_text(ui, "workbook.line." + std::to_string(i), line,
                        {x + m.pad, ly, tb.max_width, lh});
            draw_bilingual(ui, ImVec2(x + m.pad, ly), shown, tb.max_width, ui.body(), ui.caption(),
                           rgb(v.ok ? palette::kText : palette::kAmber), rgb(palette::kText2),
                           false);
        }
        ly += lh + m.gap;
    }
    ui.pop_clip();
    scroll_indicator(ui, lines_scroll_, list, content, false);

    const float by = list.y + list.h + m.gutter;
    if (!v.ok) {
        const std::string close_l = staff_both(StaffStr::Close);
        const float cw = std::max(button_width(ui, icons::kClose, close_l), 4 * m.target);
        if (button(ui, "workbook.close", {W * 0.5f - cw * 0.5f, by, cw, bh}, icons::kClose, close_l,
                   ButtonStyle::Accent))
            flow_.press(StaffButton::WorkbookClose);
        return;
    }
    const float bw = (w - m.gutter) * 0.5f;
    if (button(ui, "workbook.discard", {x, by, bw, bh}, icons::kClose,
               staff_both(StaffStr::WorkbookDiscard)))
        flow_.press(StaffButton::WorkbookDiscard);
    if (button(ui, "workbook.preview", {x + bw + m.gutter, by, bw, bh}, icons::kCheck,
               staff_both(StaffStr::WorkbookPreview), ButtonStyle::Accent))
        flow_.press(StaffButton::WorkbookPreview);
}

float StaffUi::preview_banner_height(const Metrics& m) const {
    return std::max(m.target, 72 * m.s) + m.pad;
}

void StaffUi::draw_preview_banner(Ui& ui, float y) {
    const Metrics& m = ui.m;
    const float W = m.viewport.x;
    const float h = preview_banner_height(m);
    ui.dl->AddRectFilled(ImVec2(0, y), ImVec2(W, y + h), rgb(palette::kAmber));
    const float bh = h - m.pad;
    const float by = y + m.pad * 0.5f;
    const std::string accept_l = staff_both(StaffStr::WorkbookAccept),
                      discard_l = staff_both(StaffStr::WorkbookDiscard);
    const float aw = button_width(ui, icons::kCheck, accept_l);
    const float dw = button_width(ui, icons::kClose, discard_l);
    float right = W - m.margin * 0.5f;
    right -= aw;
    // Visitors see the banner too: installing takes the staff PIN again.
    if (button(ui, "preview.accept", {right, by, aw, bh}, icons::kCheck, accept_l,
               ButtonStyle::Accent))
        flow_.open_keypad(ui.now, KeypadFor::WorkbookAccept);
    right -= dw + m.gap;
    if (button(ui, "preview.discard", {right, by, dw, bh}, icons::kClose, discard_l) && sv_.staff)
        sv_.staff->workbook_discard();
    const Bilingual& title = staff_text(StaffStr::PreviewBanner);
    const Bilingual& hint = staff_text(StaffStr::PreviewBannerHint);
    const float tw = right - m.gap - m.margin * 0.5f;
    const ImVec2 p(m.margin * 0.5f,
                   y + (h - ui.h2()->FontSize * 1.1f - ui.caption()->FontSize) * 0.5f);
    report_text(ui, "preview.banner", title, {p.x, y, tw, h});
    draw_line(ui.dl, ui.h2(), p, rgb(palette::kOnAccent), title.zh, tw);
    draw_line(ui.dl, ui.caption(), ImVec2(p.x, p.y + ui.h2()->FontSize * 1.1f),
              rgb(palette::kOnAccent), hint.zh + "  " + hint.en, tw);
}

}  // namespace kiosk::ui
