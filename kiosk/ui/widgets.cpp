// The widget kit. Sections: rect and context · targets · buttons and chips · decorations ·
// images · scrolling
#include "kiosk/ui/widgets.h"

#include <algorithm>
#include <cmath>

#include "kiosk/engine/icons.h"
#include "kiosk/ui/strings.h"

namespace kiosk::ui {

// --- rect and context ---
Rect Rect::intersect(const Rect& o) const {
    const float x0 = std::max(x, o.x), y0 = std::max(y, o.y);
    const float x1 = std::min(x + w, o.x + o.w), y1 = std::min(y + h, o.y + o.h);
    return {x0, y0, std::max(0.f, x1 - x0), std::max(0.f, y1 - y0)};
}

static ImFont* or_default(ImFont* f) {
    return f != nullptr ? f : ImGui::GetFont();
}
const CornerMasks& Ui::corners() const {
    static const CornerMasks none;
    return services != nullptr ? services->fonts.corners : none;
}
uint32_t card_fill(bool pressed) {
    return pressed ? palette::kSurfacePressed : palette::kSurface;
}
ImFont* Ui::display() const {
    return or_default(services->fonts.display);
}
ImFont* Ui::h1() const {
    return or_default(services->fonts.h1);
}
ImFont* Ui::h2() const {
    return or_default(services->fonts.h2);
}
ImFont* Ui::body() const {
    return or_default(services->fonts.body);
}
ImFont* Ui::caption() const {
    return or_default(services->fonts.caption);
}

void Ui::push_clip(const Rect& r) {
    clip_stack.push_back(clip);
    clip = clip.intersect(r);
    dl->PushClipRect(clip.min(), clip.max(), false);
}
void Ui::pop_clip() {
    dl->PopClipRect();
    if (!clip_stack.empty()) {
        clip = clip_stack.back();
        clip_stack.pop_back();
    }
}

void begin_touch_frame(Ui& ui) {
    ui.fire_id.swap(ui.pending_fire);
    ui.pending_fire.clear();
    ui.press_winner.clear();
    ui.tap_winner.clear();
    ui.wants_frames = !ui.fire_id.empty();
    ui.ambient_frames = false;
    ui.redraw_at = -1;
    if (ui.touch.pressed) {
        ui.drag_owner.clear();
        ui.drag_claim_open = true;
    }
}

void end_touch_frame(Ui& ui) {
    if (ui.touch.pressed) ui.pressed_id = ui.press_winner;
    if (ui.touch.tap && !ui.swallow_touch) ui.pending_fire = ui.tap_winner;
    if (!ui.touch.down || ui.touch.dragging) ui.pressed_id.clear();
    if (!ui.touch.down) {
        ui.swallow_touch = false;
        ui.drag_owner.clear();
    }
    if (!ui.pending_fire.empty()) ui.wants_frames = true;
}

// --- targets ---
bool target(Ui& ui, const std::string& id, const char* kind, const std::string& label,
            const Rect& r) {
    const Rect visible = r.intersect(ui.clip);
    if (!ui.interactive || visible.w < 1 || visible.h < 1) return false;
    if (ui.services->report_target)
        ui.services->report_target({id, kind, label, visible.x, visible.y, visible.w, visible.h});
    const Touch& t = ui.touch;
    if (t.pressed && visible.contains(t.press_pos)) ui.press_winner = id;
    if (t.tap && visible.contains(t.press_pos) && visible.contains(t.pos)) ui.tap_winner = id;
    return ui.fire_id == id;
}

bool is_pressed(const Ui& ui, const std::string& id) {
    return ui.interactive && ui.touch.down && !ui.touch.dragging && !ui.swallow_touch &&
           (ui.pressed_id == id || (ui.touch.pressed && ui.press_winner == id));
}

Rect press_rect(const Ui& ui, const std::string& id, const Rect& r) {
    if (!is_pressed(ui, id)) return r;
    return r.inset(r.w * 0.015f, r.h * 0.015f);
}

// --- buttons and chips ---
namespace {
// A button's content: icon, gap, label; button_width and button both read it.
struct ButtonLayout {
    float icon_w = 0, gap = 0, label_w = 0;
    float content() const { return icon_w + gap + label_w; }
};
ButtonLayout button_layout(const Ui& ui, const char* icon, const std::string& label) {
    ButtonLayout l;
    ImFont* f = ui.body();
    if (icon != nullptr) l.icon_w = text_width(f, icon);
    if (icon != nullptr && !label.empty()) l.gap = ui.m.icon_gap;
    l.label_w = text_width(f, label);
    return l;
}

// A chip: pad, optional dot, label, pad; chip_width and chip both read it.
struct ChipLayout {
    float text_x = 0, w = 0;
};
ChipLayout chip_layout(const Ui& ui, const std::string& label, bool with_dot) {
    const float dot = with_dot ? ui.m.chip_dot : 0;
    return {ui.m.pad + dot, text_width(ui.body(), label) + 2 * ui.m.pad + dot};
}
}  // namespace

float button_width(const Ui& ui, const char* icon, const std::string& label) {
    return 2 * ui.m.pad + button_layout(ui, icon, label).content();
}

bool button(Ui& ui, const std::string& id, const Rect& r, const char* icon,
            const std::string& label, ButtonStyle style) {
    const bool fired = target(ui, id, "button", label, r);
    const bool pressed = is_pressed(ui, id);
    const Rect rr = press_rect(ui, id, r);
    const float round = std::min(rr.h * 0.5f, 20 * ui.m.s);
    uint32_t bg = style == ButtonStyle::Accent ? palette::kAccent : palette::kSurface;
    if (pressed) bg = mix(bg, 0xFFFFFF, 0.18f);
    if (style != ButtonStyle::Ghost || pressed)
        fill_rounded(ui.dl, ui.corners(), rr.min(), rr.max(), rgb(bg), round);
    const ImU32 fg = rgb(style == ButtonStyle::Accent ? palette::kOnAccent : palette::kText);
    ImFont* f = ui.body();
    ButtonLayout l = button_layout(ui, icon, label);
    // A button narrower than its width (a portrait bar) keeps half its padding and cuts the label.
    const float avail = rr.w - ui.m.pad;
    l.label_w = std::min(l.label_w, std::max(0.f, avail - l.icon_w - l.gap));
    float x = rr.x + (rr.w - l.content()) * 0.5f;
    const float y = rr.y + (rr.h - f->FontSize) * 0.5f;
    if (icon != nullptr) {
        ui.dl->AddText(f, f->FontSize, ImVec2(x, y), fg, icon);
        x += l.icon_w + l.gap;
    }
    if (!label.empty()) draw_line(ui.dl, f, ImVec2(x, y), fg, label, l.label_w + 0.5f);
    return fired;
}

float chip_width(const Ui& ui, const std::string& label, bool with_dot) {
    return chip_layout(ui, label, with_dot).w;
}

bool chip(Ui& ui, const std::string& id, const Rect& r, const std::string& label, bool selected,
          uint32_t dot_color) {
    const bool fired = target(ui, id, "chip", label, r);
    const bool pressed = is_pressed(ui, id);
    const Rect rr = press_rect(ui, id, r);
    uint32_t bg = selected ? palette::kAccent : palette::kSurface;
    if (pressed) bg = mix(bg, 0xFFFFFF, 0.18f);
    if (selected)
        fill_rounded(ui.dl, ui.corners(), rr.min(), rr.max(), rgb(bg), rr.h * 0.5f);
    else
        outline_rounded(ui.dl, ui.corners(), rr.min(), rr.max(), rgb(palette::kDivider), rgb(bg),
                        rr.h * 0.5f, 2 * ui.m.s);
    ImFont* f = ui.body();
    const ChipLayout l = chip_layout(ui, label, dot_color != 0);
    const float x = rr.x + l.text_x;
    const float cy = rr.y + rr.h * 0.5f;
    if (dot_color != 0) {
        const ImVec2 dot(rr.x + ui.m.pad + 8 * ui.m.s, cy);
        if (selected)  // a light ring keeps the dot visible on the accent colour
            fill_disc(ui.dl, ui.corners(), dot, 10 * ui.m.s, rgb(palette::kOnAccent));
        fill_disc(ui.dl, ui.corners(), dot, 8 * ui.m.s, rgb(dot_color));
    }
    const ImU32 fg = rgb(selected ? palette::kOnAccent : palette::kText);
    draw_line(ui.dl, f, ImVec2(x, cy - f->FontSize * 0.5f), fg, label,
              rr.x + rr.w - ui.m.pad * 0.5f - x);
    return fired;
}

Rect card(Ui& ui, const Rect& r, bool pressed, uint32_t edge_color) {
    const Rect rr = pressed ? r.inset(r.w * 0.015f, r.h * 0.015f) : r;
    fill_rounded(ui.dl, ui.corners(), rr.min(), rr.max(), rgb(card_fill(pressed)), ui.m.radius);
    if (edge_color != 0) {
        // A coloured edge on the left, the card's own shape cut at 8 px: the focus area at a
        // glance, following the card's corners.
        fill_rounded(ui.dl, ui.corners(), rr.min(), rr.max(), rgb(edge_color), ui.m.radius,
                     ImDrawFlags_RoundCornersAll, rr.x, rr.x + ui.m.card_edge);
    }
    return rr;
}

// --- decorations ---
static std::string sample_text() {
    return std::string(tr(Lang::Zh, Str::Sample)) + " " + tr(Lang::En, Str::Sample);
}
float sample_badge_width(const Ui& ui) {
    return text_width(ui.caption(), sample_text()) + 2 * ui.m.tag_pad_x;
}
float sample_badge(Ui& ui, ImVec2 pos, uint32_t behind) {
    ImFont* f = ui.caption();
    const float w = sample_badge_width(ui);
    const float h = tag_height(ui);
    const ImVec2 end(pos.x + w, pos.y + h);
    if (behind != 0)
        outline_rounded(ui.dl, ui.corners(), pos, end, rgb(palette::kAmber), rgb(behind), h * 0.5f,
                        2 * ui.m.s);
    else
        ui.dl->AddRect(pos, end, rgb(palette::kAmber), h * 0.5f, 0, 2 * ui.m.s);
    ui.dl->AddText(f, f->FontSize, ImVec2(pos.x + ui.m.tag_pad_x, pos.y + (h - f->FontSize) * 0.5f),
                   rgb(palette::kAmber), sample_text().c_str());
    return w;
}

float tag_height(const Ui& ui) {
    return ui.caption()->FontSize + 2 * ui.m.tag_pad_y;
}
float tag_width(const Ui& ui, const std::string& label) {
    return ui.m.tag_text_x + text_width(ui.caption(), label) + ui.m.tag_pad_x;
}
float tag(Ui& ui, ImVec2 pos, const std::string& label, uint32_t dot_color) {
    ImFont* f = ui.caption();
    const float w = tag_width(ui, label), h = tag_height(ui);
    fill_rounded(ui.dl, ui.corners(), pos, ImVec2(pos.x + w, pos.y + h), rgb(palette::kSurfaceSoft),
                 h * 0.5f);
    fill_disc(ui.dl, ui.corners(), ImVec2(pos.x + ui.m.tag_dot_x, pos.y + h * 0.5f), 6 * ui.m.s,
              rgb(dot_color != 0 ? dot_color : palette::kText2));
    ui.dl->AddText(f, f->FontSize,
                   ImVec2(pos.x + ui.m.tag_text_x, pos.y + (h - f->FontSize) * 0.5f),
                   rgb(palette::kText), label.c_str());
    return w;
}

float section_title(Ui& ui, ImVec2 pos, const std::string& text, float max_w) {
    ImFont* f = ui.h2();
    fill_rounded(ui.dl, ui.corners(), ImVec2(pos.x, pos.y + f->FontSize * 0.15f),
                 ImVec2(pos.x + 6 * ui.m.s, pos.y + f->FontSize * 1.05f), rgb(palette::kAccent),
                 3 * ui.m.s);
    draw_line(ui.dl, f, ImVec2(pos.x + 20 * ui.m.s, pos.y), rgb(palette::kText), text,
              max_w - 20 * ui.m.s);
    return f->FontSize * 1.2f;
}

// --- images ---
void image(Ui& ui, const std::string& media_id, const Rect& r, bool thumb, float rounding,
           ImDrawFlags corners) {
    TextureRef tex;
    if (!media_id.empty() && ui.services->textures != nullptr)
        tex = ui.services->textures->get(media_id, thumb, r.w, r.h);
    if (tex.id != nullptr && tex.width > 0 && tex.height > 0) {
        // Cover: crop the longer side so the image fills r without distortion.
        const float ia = static_cast<float>(tex.width) / static_cast<float>(tex.height);
        const float ra = r.w / std::max(1.f, r.h);
        ImVec2 uv0(0, 0), uv1(1, 1);
        if (ia > ra) {
            const float keep = ra / ia;
            uv0.x = (1 - keep) * 0.5f, uv1.x = 1 - uv0.x;
        } else {
            const float keep = ia / ra;
            uv0.y = (1 - keep) * 0.5f, uv1.y = 1 - uv0.y;
        }
        ui.dl->AddImageRounded(tex.id, r.min(), r.max(), uv0, uv1, IM_COL32_WHITE, rounding,
                               corners);
        return;
    }
    if (!media_id.empty() && !tex.failed && ui.services->textures != nullptr)
        ui.wants_frames = true;
    fill_rounded(ui.dl, ui.corners(), r.min(), r.max(), rgb(palette::kSurfaceSoft), rounding,
                 corners);
    ImFont* f = r.h > 200 * ui.m.s ? ui.h1() : ui.body();
    const char* icon = tex.failed || media_id.empty() ? icons::kBrokenImage : icons::kImage;
    if (media_id.empty()) icon = icons::kImage;
    const float iw = text_width(f, icon);
    ui.dl->AddText(f, f->FontSize,
                   ImVec2(r.x + (r.w - iw) * 0.5f, r.y + (r.h - f->FontSize) * 0.5f),
                   rgb(palette::kText2), icon);
}

void monogram(Ui& ui, const Rect& r, std::string_view name, uint32_t color, float rounding) {
    fill_rounded(ui.dl, ui.corners(), r.min(), r.max(), rgb(color != 0 ? color : palette::kAccent),
                 rounding);
    ImFont* f = r.h >= 150 * ui.m.s ? ui.display() : r.h >= 90 * ui.m.s ? ui.h1() : ui.h2();
    // Sample entries are named "示例…" / "Sample …": that word would make every monogram alike.
    for (std::string_view prefix : {std::string_view("示例"), std::string_view("Sample ")})
        if (name.size() > prefix.size() && name.substr(0, prefix.size()) == prefix)
            name.remove_prefix(prefix.size());
    const std::string_view ch = first_char(name);
    const float w = text_width(f, ch);
    ui.dl->AddText(f, f->FontSize, ImVec2(r.x + (r.w - w) * 0.5f, r.y + (r.h - f->FontSize) * 0.5f),
                   rgb(palette::kOnAccent), ch.data(), ch.data() + ch.size());
}

// --- scrolling ---
float scroll(Ui& ui, Scroller& sc, const std::string& id, const Rect& r, float content_px,
             bool horizontal) {
    ScrollPhysics& p = sc.physics;
    p.set_extent(content_px, horizontal ? r.w : r.h);
    const Touch& t = ui.touch;
    if (ui.interactive) {
        const bool inside = r.intersect(ui.clip).contains(t.press_pos);
        if (t.pressed && inside && p.moving()) {
            p.drag_begin(t.time_s);  // a finger on a moving list stops it and taps nothing
            sc.caught = true;
            ui.swallow_touch = true;
        }
        if (t.dragging && ui.drag_claim_open && inside) {
            const float dx = std::fabs(t.pos.x - t.press_pos.x);
            const float dy = std::fabs(t.pos.y - t.press_pos.y);
            if ((dx > dy) == horizontal) {
                ui.drag_owner = id;
                ui.drag_claim_open = false;
                if (!sc.caught) p.drag_begin(t.time_s);
            }
        }
        if (ui.drag_owner == id) {
            if (t.down) {
                p.drag_move(horizontal ? t.delta.x : t.delta.y, t.time_s);
            } else {
                p.drag_end(t.time_s);
                sc.caught = false;
            }
        } else if (sc.caught && !t.down) {
            p.drag_end(t.time_s);
            sc.caught = false;
        }
    }
    p.update(t.time_s);
    if (p.moving() || p.dragging()) ui.wants_frames = true;
    return p.offset();
}

void scroll_indicator(Ui& ui, const Scroller& sc, const Rect& r, float content_px,
                      bool horizontal) {
    const ScrollPhysics& p = sc.physics;
    if (!(p.moving() || p.dragging()) || p.max_offset() <= 0) return;
    const float view = horizontal ? r.w : r.h;
    const float len = std::max(view * view / std::max(content_px, view), 40 * ui.m.s);
    const float frac = std::clamp(p.offset() / p.max_offset(), 0.f, 1.f);
    const float at = (view - len) * frac;
    const float th = 6 * ui.m.s;
    if (horizontal)
        fill_rounded(ui.dl, ui.corners(), ImVec2(r.x + at, r.y + r.h - th),
                     ImVec2(r.x + at + len, r.y + r.h), rgb(palette::kText2, 0.6f), th);
    else
        fill_rounded(ui.dl, ui.corners(), ImVec2(r.x + r.w - th, r.y + at),
                     ImVec2(r.x + r.w, r.y + at + len), rgb(palette::kText2, 0.6f), th);
}

}  // namespace kiosk::ui
