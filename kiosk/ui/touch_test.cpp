// The staff touch test: a grid of cells that light up where a finger touches (drags too), a
// crosshair with coordinates at the last touch, and a Close button. Dark cells = dead spots.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "kiosk/engine/icons.h"
#include "kiosk/ui/staff_panel.h"
#include "kiosk/ui/staff_strings.h"

namespace kiosk::ui {

void StaffUi::draw_touch_test(Ui& ui) {
    const Metrics& m = ui.m;
    const float W = m.viewport.x, H = m.viewport.y;
    // Cells the size of the smallest target: a dark cell is a spot where a button would fail.
    const float cell = std::max(m.target, 48 * m.s);
    const int cols = std::max(1, static_cast<int>(std::ceil(W / cell)));
    const int rows = std::max(1, static_cast<int>(std::ceil(H / cell)));
    if (cols != grid_cols_ || rows != grid_rows_ ||
        lit_.size() != static_cast<size_t>(cols * rows)) {
        grid_cols_ = cols, grid_rows_ = rows;
        lit_.assign(static_cast<size_t>(cols * rows), 0);
    }
    const Touch& t = ui.touch;
    const auto light = [&](ImVec2 p) {
        const int cx = std::clamp(static_cast<int>(p.x / cell), 0, cols - 1);
        const int cy = std::clamp(static_cast<int>(p.y / cell), 0, rows - 1);
        lit_[static_cast<size_t>(cy * cols + cx)] = 1;
    };
    if (t.down || t.released) {
        // A swipe lights every cell along its way, not only where a frame happened to sample it.
        if (last_touch_ && !t.pressed) {
            const ImVec2 a = *last_touch_;
            const float len = std::hypot(t.pos.x - a.x, t.pos.y - a.y);
            const int steps = static_cast<int>(len / (cell * 0.25f));
            for (int i = 1; i <= steps; ++i) {
                const float f = static_cast<float>(i) / static_cast<float>(steps + 1);
                light(ImVec2(a.x + (t.pos.x - a.x) * f, a.y + (t.pos.y - a.y) * f));
            }
        }
        light(t.pos);
        last_touch_ = t.pos;
    }

    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            const ImVec2 a(static_cast<float>(c) * cell, static_cast<float>(r) * cell);
            const ImVec2 b(a.x + cell, a.y + cell);
            if (lit_[static_cast<size_t>(r * cols + c)])
                ui.dl->AddRectFilled(a, b, rgb(palette::kAccent, 0.55f));
            ui.dl->AddRect(a, b, rgb(palette::kDivider), 0, 0, 1.5f * m.s);
        }

    // Instructions in a band across the middle, so they never hide the edges being tested.
    const std::string close_l = staff_both(StaffStr::Close);
    const float cw = std::max(button_width(ui, icons::kClose, close_l), 2 * m.target);
    const float band_w = std::min(W - 2 * m.margin, 1100 * m.s);
    const Bilingual& hint = staff_text(StaffStr::TouchTestHint);
    TextBox tb;
    tb.max_width = band_w - 2 * m.pad;
    tb.center = true;
    const float text_h = ui.h2()->FontSize * 1.3f + text_height(ui.body(), hint.zh, tb) +
                         text_height(ui.caption(), hint.en, tb) + ui.body()->FontSize * 1.6f;
    const float band_h = text_h + m.target + 3 * m.pad;
    const Rect band{(W - band_w) * 0.5f, (H - band_h) * 0.5f, band_w, band_h};
    ui.dl->AddRectFilled(band.min(), band.max(), rgb(palette::kSurface, 0.92f), m.radius);
    float y = band.y + m.pad;
    const std::string title = staff_both(StaffStr::TouchTest);
    const float tw = text_width(ui.h2(), title);
    ui.dl->AddText(ui.h2(), ui.h2()->FontSize, ImVec2(band.x + (band.w - tw) * 0.5f, y),
                   rgb(palette::kText), title.c_str());
    y += ui.h2()->FontSize * 1.3f;
    y += draw_bilingual(ui, ImVec2(band.x + m.pad, y), hint, tb.max_width, ui.body(), ui.caption(),
                        rgb(palette::kText), rgb(palette::kText2), true);
    std::string last = staff_both(StaffStr::LastTouch) + ": ";
    if (last_touch_) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "x %.0f, y %.0f px", static_cast<double>(last_touch_->x),
                      static_cast<double>(last_touch_->y));
        last += buf;
    } else {
        last += "—";
    }
    const float lw = text_width(ui.body(), last);
    ui.dl->AddText(ui.body(), ui.body()->FontSize,
                   ImVec2(band.x + (band.w - lw) * 0.5f, y + ui.body()->FontSize * 0.3f),
                   rgb(palette::kAmber), last.c_str());
    const Rect close{band.x + (band.w - cw) * 0.5f, band.y + band.h - m.pad - m.target, cw,
                     m.target};
    if (button(ui, "staff.touchtest.close", close, icons::kClose, close_l, ButtonStyle::Accent))
        flow_.press(StaffButton::TouchTestClose);

    // Crosshair at the last touch, over everything.
    if (last_touch_) {
        const ImVec2 p = *last_touch_;
        const ImU32 col = rgb(palette::kAmber);
        ui.dl->AddLine(ImVec2(0, p.y), ImVec2(W, p.y), col, 2 * m.s);
        ui.dl->AddLine(ImVec2(p.x, 0), ImVec2(p.x, H), col, 2 * m.s);
        ui.dl->AddCircle(p, 28 * m.s, col, 0, 3 * m.s);
    }
}

}  // namespace kiosk::ui
