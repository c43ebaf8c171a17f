// The staff PIN keypad: title, dots for the typed digits, the prompt or error line (shakes on a
// wrong PIN, counts down a lockout), digits 0–9, Delete, OK and Cancel at least min_target_px.
#include <algorithm>
#include <cmath>

#include "kiosk/engine/icons.h"
#include "kiosk/ui/staff_panel.h"
#include "kiosk/ui/staff_strings.h"

namespace kiosk::ui {

void StaffUi::draw_keypad(Ui& ui) {
    const Metrics& m = ui.m;
    const float W = m.viewport.x, H = m.viewport.y;
    const bool locked = flow_.locked(ui.now);
    const bool can_type = flow_.pin_set() && !locked;
    if (locked) ui.wants_frames = true;  // the countdown ticks

    // Wide enough for "删除 Delete" and "确定 OK" with their icons, never clipped.
    const Bilingual& del = staff_text(StaffStr::KeyDelete);
    const float key_w = std::max(
        {m.target * 1.5f, 150 * m.s, button_width(ui, icons::kBackspace, del.zh + " " + del.en)});
    const float key_h = std::max(m.target, 88 * m.s);
    const float col_w = std::min(W - 2 * m.margin, std::max(3 * key_w + 2 * m.gap, 640 * m.s));
    const float x0 = (W - col_w) * 0.5f;

    // Heights first, so the whole keypad sits centred on the screen.
    const Bilingual title = staff_text(StaffStr::PinTitle);
    const Bilingual msg = flow_.keypad_message(ui.now);
    TextBox tb;
    tb.max_width = col_w;
    tb.center = true;
    const float msg_h = text_height(ui.body(), msg.zh, tb) + text_height(ui.body(), msg.en, tb);
    const float dots_h = 40 * m.s;
    const float grid_h = can_type ? 4 * key_h + 3 * m.gap : 0;
    const float total = ui.h1()->FontSize * 1.2f + ui.body()->FontSize * 1.4f + m.gutter + dots_h +
                        m.gutter + msg_h + m.gutter + grid_h + m.gutter + key_h;
    float y = std::max(m.margin * 0.5f, (H - total) * 0.5f);

    // Title: 员工入口 / Staff access.
    y += draw_bilingual(ui, ImVec2(x0, y), title, col_w, ui.h1(), ui.body(), rgb(palette::kText),
                        rgb(palette::kText2), true);
    y += m.gutter;

    // Dots: one per digit typed, and rings up to the shortest PIN as a hint. Shake after a wrong
    // PIN.
    float shake = 0;
    const double since = ui.now - flow_.last_wrong_at();
    if (flow_.last_wrong_at() >= 0 && since >= 0 && since < 0.45) {
        shake = static_cast<float>(std::sin(since * 45.0) * (1.0 - since / 0.45)) * 18 * m.s;
        ui.wants_frames = true;
    }
    if (flow_.pin_set()) {
        const int n = static_cast<int>(flow_.entered().size());
        const int shown = std::max(n, static_cast<int>(staff::kMinPinDigits));
        const float r = 11 * m.s, step = 36 * m.s;
        float cx = W * 0.5f - step * static_cast<float>(shown - 1) * 0.5f + shake;
        for (int i = 0; i < shown; ++i, cx += step) {
            const ImVec2 c(cx, y + dots_h * 0.5f);
            if (i < n)
                ui.dl->AddCircleFilled(c, r, rgb(palette::kAccent));
            else
                ui.dl->AddCircle(c, r, rgb(palette::kText2), 0, 2 * m.s);
        }
        y += dots_h + m.gutter;
    }

    // Prompt, or the error in red / the lockout in amber.
    const bool error = flow_.keypad_error(ui.now);
    const uint32_t col = !error ? palette::kText2 : locked ? palette::kAmber : staff_colors::kRed;
    report_text(ui, "staff.pin.message", msg, {x0, y, col_w, msg_h});
    y += draw_bilingual(ui, ImVec2(x0 + shake, y), msg, col_w, ui.body(), ui.body(), rgb(col),
                        rgb(col), true);
    y += m.gutter;

    // Digits 1–9, then Delete 0 OK.
    if (can_type) {
        const float gx = (W - (3 * key_w + 2 * m.gap)) * 0.5f;
        const char* order = "1234567890";
        for (int i = 0; i < 12; ++i) {
            const Rect r{gx + static_cast<float>(i % 3) * (key_w + m.gap),
                         y + static_cast<float>(i / 3) * (key_h + m.gap), key_w, key_h};
            if (i == 9) {
                if (button(ui, "staff.pin.delete", r, icons::kBackspace, del.zh + " " + del.en))
                    flow_.erase();
            } else if (i == 11) {
                const Bilingual& ok = staff_text(StaffStr::KeyOk);
                if (button(ui, "staff.pin.ok", r, icons::kCheck, ok.zh + " " + ok.en,
                           ButtonStyle::Accent))
                    flow_.submit(ui.now);
            } else {
                const char digit = order[i < 9 ? i : 9];
                const std::string label(1, digit);
                // Digits drawn larger than the body text: key faces must read at arm's length.
                const std::string id = std::string("staff.pin.") + digit;
                if (target(ui, id, "key", label, r)) flow_.digit(digit, ui.now);
                const Rect rr = press_rect(ui, id, r);
                uint32_t bg = palette::kSurface;
                if (is_pressed(ui, id)) bg = mix(bg, 0xFFFFFF, 0.18f);
                ui.dl->AddRectFilled(rr.min(), rr.max(), rgb(bg), std::min(rr.h * 0.5f, 20 * m.s));
                ImFont* f = ui.h1();
                const float lw = text_width(f, label);
                ui.dl->AddText(
                    f, f->FontSize,
                    ImVec2(rr.x + (rr.w - lw) * 0.5f, rr.y + (rr.h - f->FontSize) * 0.5f),
                    rgb(palette::kText), label.c_str());
            }
        }
        y += grid_h + m.gutter;
    }

    // Cancel (or Close when no PIN can be typed): back to the visitor screen.
    const std::string cancel_l =
        staff_both(flow_.pin_set() && !locked ? StaffStr::KeyCancel : StaffStr::Close);
    const float cw = std::max(button_width(ui, icons::kClose, cancel_l), key_w);
    if (button(ui, "staff.pin.cancel", {(W - cw) * 0.5f, y, cw, key_h}, icons::kClose, cancel_l,
               ButtonStyle::Ghost))
        flow_.close();
}

}  // namespace kiosk::ui
