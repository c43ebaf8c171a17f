// Attract screen: a gradient with two soft glows, the alliance name in both languages, the key
// numbers in amber, one highlight at a time and a "touch to explore" prompt. Everything moves
// together in one short cross-fade per highlight (glows drift a step, the prompt pulses) and the
// picture is still in between, so an idle kiosk draws a few frames per highlight, not 60 a second.
#include <algorithm>
#include <cmath>

#include "kiosk/engine/icons.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/strings.h"

namespace kiosk::ui {
namespace {

void background(Ui& ui, const Rect& r, float t) {
    const float a = 0.5f + 0.5f * std::sin(t * 0.21f);
    const float b = 0.5f + 0.5f * std::sin(t * 0.13f + 2.f);
    const ImU32 c1 = rgb(mix(palette::kBackground, 0x0F4C5C, a));
    const ImU32 c2 = rgb(mix(palette::kBackground, 0x1B2F6B, b));
    const ImU32 c3 = rgb(mix(palette::kBackground, 0x102A4A, 1 - a));
    const ImU32 c4 = rgb(palette::kBackground);
    ui.dl->AddRectFilledMultiColor(r.min(), r.max(), c1, c2, c3, c4);
    // Two soft glows drifting on slow circles.
    const float R = std::max(r.w, r.h) * 0.35f;
    const ImVec2 g1(r.x + r.w * (0.25f + 0.1f * std::sin(t * 0.11f)),
                    r.y + r.h * (0.3f + 0.1f * std::cos(t * 0.09f)));
    const ImVec2 g2(r.x + r.w * (0.78f + 0.08f * std::cos(t * 0.07f)),
                    r.y + r.h * (0.72f + 0.1f * std::sin(t * 0.12f)));
    for (int i = 4; i >= 1; --i) {  // few layers: each is a large blended area to fill
        const float k = static_cast<float>(i) / 4.f;
        ui.dl->AddCircleFilled(g1, R * k, rgb(palette::kAccent, 0.035f), 64);
        ui.dl->AddCircleFilled(g2, R * k * 0.8f, rgb(0x7C9CFF, 0.032f), 64);
    }
}

// One highlight in the panel: cover image img_h tall, tags, title (2 lines), summary (as many of
// 3 lines as fit in r.h). Returns the height it needs; only measures when `draw` is false. The
// caller draws the panel's card that tall, so a short summary leaves no empty band under it.
float highlight_panel(Screen& sc, const Rect& r, float img_h, const HighlightCard& h, bool draw) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    ImDrawList* dl = draw ? ui.dl : nullptr;
    if (draw)
        image(ui, h.cover, {r.x, r.y, r.w, img_h}, false, m.radius * 1.5f,
              ImDrawFlags_RoundCornersTop);
    float y = r.y + img_h + m.pad;
    const float x = r.x + m.pad * 1.5f, w = r.w - 3 * m.pad;
    if (draw) {
        float tx = x;
        if (const FocusArea* f = sc.c.focus(h.focus_id))
            tx += tag(ui, ImVec2(x, y), f->name.pick(sc.lang()), f->color_rgb) + m.tag_gap;
        if (h.is_sample) sample_badge(ui, ImVec2(tx, y));
    }
    y += tag_height(ui) + 12 * m.s;
    TextBox box;
    box.max_width = w;
    box.max_lines = 2;
    box.line_height = 1.3f;
    y += draw_text(dl, ui.h2(), ImVec2(x, y), rgb(palette::kText), h.title.pick(sc.lang()), box);
    box.line_height = 1.5f;
    box.max_lines = std::clamp(
        static_cast<int>((r.y + r.h - m.pad - y - 8 * m.s) / (ui.body()->FontSize * 1.5f)), 0, 3);
    if (box.max_lines > 0)
        y += 8 * m.s + draw_text(dl, ui.body(), ImVec2(x, y + 8 * m.s), rgb(palette::kText2),
                                 h.summary.pick(sc.lang()), box);
    return y + m.pad * 1.5f - r.y;
}

}  // namespace

void draw_attract(Screen& sc, const Rect& r) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const double t0 = sc.attract_t0 > 0 ? sc.attract_t0 : 0;
    const double t = std::max(0.0, ui.now - t0);
    const std::vector<HighlightCard>& hs = sc.c.highlights("");
    // Which highlight shows, and how far the cross-fade to the next one is (0 = none).
    const double period = std::max(1.0, ui.services->config.attract_highlight_s);
    const double fade_s = std::min(0.8, period * 0.5);
    const double phase = t / period;
    const size_t shown = hs.empty() ? 0 : static_cast<size_t>(phase) % hs.size();
    const double within = (phase - std::floor(phase)) * period;
    const bool fading = hs.size() > 1 && within > period - fade_s;
    const float fade_k = fading ? static_cast<float>((within - (period - fade_s)) / fade_s) : 0.f;
    if (fading)
        ui.ambient_frames = true;
    else if (hs.size() > 1)
        ui.redraw_at = t0 + (std::floor(phase) + 1) * period - fade_s;
    const float eased = fade_k * fade_k * (3 - 2 * fade_k);
    background(ui, r, static_cast<float>(std::floor(phase) + eased) * 3.f);
    target(ui, "attract.touch", "button", std::string(tr(sc.lang(), Str::TouchToExplore)), r);
    const AllianceInfo& a = sc.c.alliance();
    const std::string zh = a.name.zh.empty() ? tr(Lang::Zh, Str::AllianceTitle) : a.name.zh;
    const std::string en = a.name.en.empty() ? tr(Lang::En, Str::AllianceTitle) : a.name.en;
    const Rect col = m.portrait
                         ? Rect{r.x + m.margin, r.y + m.margin * 2, r.w - 2 * m.margin, r.h * 0.42f}
                         : Rect{r.x + m.margin * 1.5f, r.y + m.margin * 2,
                                r.w * 0.5f - m.margin * 2, r.h * 0.7f};
    TextBox box;
    box.max_width = col.w;
    box.max_lines = 3;
    box.line_height = 1.2f;
    // Landscape: centre the name and numbers beside the highlight panel.
    const float block = text_height(ui.display(), zh, box) + 16 * m.s + ui.h2()->FontSize * 2.6f +
                        m.margin + ui.display()->FontSize * 1.1f + ui.caption()->FontSize * 2.6f;
    float y = m.portrait ? col.y : std::max(col.y, r.y + (r.h * 0.82f - block) * 0.5f);
    y += draw_text(ui.dl, ui.display(), ImVec2(col.x, y), rgb(palette::kText), zh, box);
    box.line_height = 1.3f;
    y += 8 * m.s +
         draw_text(ui.dl, ui.h2(), ImVec2(col.x, y + 8 * m.s), rgb(palette::kText2), en, box);
    // Key numbers: value in amber display size over a caption.
    y += m.margin;
    key_numbers_row(sc, ui.dl, ImVec2(col.x, y), col.w, 5);
    // One highlight at a time, cross-fading.
    if (!hs.empty()) {
        const Rect space =
            m.portrait ? Rect{r.x + m.margin, r.y + r.h * 0.28f, r.w - 2 * m.margin, r.h * 0.56f}
                       : Rect{r.x + r.w * 0.55f, r.y + m.margin * 2, r.w * 0.45f - m.margin * 1.5f,
                              r.h * 0.68f};
        const float img_h = std::min(space.h * 0.55f, space.w * 9.f / 16.f);
        const size_t i = shown;
        const auto needed = [&](const HighlightCard& h) {
            return std::min(space.h, highlight_panel(sc, space, img_h, h, false));
        };
        // The card grows or shrinks to the next highlight's height during the cross-fade.
        float panel_h = needed(hs[i]);
        if (fading) panel_h += (needed(hs[(i + 1) % hs.size()]) - panel_h) * eased;
        const Rect panel{space.x, space.y + (space.h - panel_h) * 0.5f, space.w, space.h};
        ui.dl->AddRectFilled(panel.min(), ImVec2(panel.x + panel.w, panel.y + panel_h),
                             rgb(palette::kSurface, 0.92f), m.radius * 1.5f);
        const int from = ui.dl->VtxBuffer.Size;
        highlight_panel(sc, panel, img_h, hs[i], true);
        if (fading) {
            for (int v = from; v < ui.dl->VtxBuffer.Size; ++v) {
                ImDrawVert& vx = ui.dl->VtxBuffer[v];
                const auto al =
                    static_cast<float>((vx.col >> IM_COL32_A_SHIFT) & 0xFF) * (1 - fade_k);
                vx.col = (vx.col & ~IM_COL32_A_MASK) | (static_cast<ImU32>(al) << IM_COL32_A_SHIFT);
            }
            const int from2 = ui.dl->VtxBuffer.Size;
            highlight_panel(sc, panel, img_h, hs[(i + 1) % hs.size()], true);
            for (int v = from2; v < ui.dl->VtxBuffer.Size; ++v) {
                ImDrawVert& vx = ui.dl->VtxBuffer[v];
                const auto al = static_cast<float>((vx.col >> IM_COL32_A_SHIFT) & 0xFF) * fade_k;
                vx.col = (vx.col & ~IM_COL32_A_MASK) | (static_cast<ImU32>(al) << IM_COL32_A_SHIFT);
            }
        }
    }
    // The prompt, both languages, at the bottom centre; it pulses once while the highlight changes.
    const float breath = 0.6f + 0.4f * std::cos(fade_k * 6.2831853f);
    const std::string prompt =
        std::string(tr(Lang::Zh, Str::TouchToExplore)) + "   " + tr(Lang::En, Str::TouchToExplore);
    ImFont* f = ui.h2();
    const float iw = text_width(f, icons::kTouchApp) + 16 * m.s;
    const float pw = std::min(text_width(f, prompt) + iw, r.w - 2 * m.margin);
    const float ph = f->FontSize + 40 * m.s;
    const ImVec2 p0(r.x + (r.w - pw) * 0.5f - 32 * m.s, r.y + r.h - m.margin * 1.5f - ph);
    const ImVec2 p1(p0.x + pw + 64 * m.s, p0.y + ph);
    ui.dl->AddRectFilled(p0, p1, rgb(palette::kAccent, 0.16f + 0.12f * breath), ph * 0.5f);
    ui.dl->AddRect(p0, p1, rgb(palette::kAccent, breath), ph * 0.5f, 0, 2 * m.s);
    const float ty = p0.y + (ph - f->FontSize) * 0.5f;
    ui.dl->AddText(f, f->FontSize, ImVec2(p0.x + 32 * m.s, ty), rgb(palette::kAccent, breath),
                   icons::kTouchApp);
    draw_line(ui.dl, f, ImVec2(p0.x + 32 * m.s + iw, ty),
              rgb(palette::kText, 0.75f + 0.25f * breath), prompt, pw - iw);
}

}  // namespace kiosk::ui
