// The staff panel: gesture hook, view dispatch, the facts table (refreshed ~1/s), the action
// buttons with their confirm step (and, on the publisher kiosk, Publish), and the result line.
// Keypad: pin_keypad.cpp; touch test: touch_test.cpp. Sections: helpers · gesture and dispatch ·
// facts · panel · confirm
#include "kiosk/ui/staff_panel.h"

#include <algorithm>
#include <cstdio>
#include <iterator>

#include "kiosk/engine/icons.h"
#include "kiosk/ui/staff_strings.h"

namespace kiosk::ui {
namespace {

std::string fmt(const char* f, double a) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, a);
    return buf;
}
std::string or_dash(const std::string& s) {
    return s.empty() ? "—" : s;
}
// The panel's own measures at scale 1 (the shared ones are Metrics).
struct PanelStyle {
    float action_h = 80;   // an action button's height (never below Metrics::target)
    float note_gap = 8;    // between the publish note and its button
    float group_gap = 16;  // above the publish group, apart from the everyday actions
    // Kept free under the buttons for the result of an action: four lines and the box around them.
    float result_room = 220;
};
constexpr PanelStyle kPanelStyle;

// "第 %s 版" with the version in it.
Bilingual with_version(const Bilingual& text, const std::string& version) {
    Bilingual out = text;
    for (std::string* s : {&out.zh, &out.en})
        if (const size_t at = s->find("%s"); at != std::string::npos) s->replace(at, 2, version);
    return out;
}

std::string uptime_text(double s) {
    const auto total = static_cast<long long>(s);
    const long long d = total / 86400, h = total / 3600 % 24, m = total / 60 % 60;
    std::string out;
    if (d > 0) out += std::to_string(d) + " d ";
    if (d > 0 || h > 0) out += std::to_string(h) + " h ";
    return out + std::to_string(m) + " min " + std::to_string(total % 60) + " s";
}

}  // namespace

// --- helpers ---
float draw_bilingual(Ui& ui, ImVec2 pos, const Bilingual& text, float max_w, ImFont* zh_font,
                     ImFont* en_font, ImU32 zh_color, ImU32 en_color, bool center) {
    TextBox box;
    box.max_width = max_w;
    box.center = center;
    float h = 0;
    if (!text.zh.empty()) h += draw_text(ui.dl, zh_font, pos, zh_color, text.zh, box);
    if (!text.en.empty() && text.en != text.zh) {
        if (h > 0) h += 4 * ui.m.s;
        h += draw_text(ui.dl, en_font, ImVec2(pos.x, pos.y + h), en_color, text.en, box);
    }
    return h;
}

void report_text(Ui& ui, const std::string& id, const Bilingual& text, const Rect& r) {
    if (ui.interactive && ui.services->report_target)
        ui.services->report_target({id, "text", text.zh + " / " + text.en, r.x, r.y, r.w, r.h});
}

// --- gesture and dispatch ---
StaffUi::StaffUi(AppServices& services)
    : sv_(services),
      flow_(services.config.staff_pin_file, services.config.data_dir + "/staff-pin-lock",
            services.staff),
      gesture_(staff::Corner::TopLeft, staff::CornerGesture::kDefaultRegionPx * services.scale) {}

bool StaffUi::in_corner(ImVec2 p, const Metrics& m) {
    gesture_.set_region(corner_px(m));
    gesture_.set_viewport(m.viewport.x, m.viewport.y);
    return gesture_.in_region(p.x, p.y);
}

bool StaffUi::feed_gesture(const Touch& t, const Metrics& m) {
    gesture_.set_region(corner_px(m));
    gesture_.set_viewport(m.viewport.x, m.viewport.y);
    if (t.dragging && t.released) gesture_.drag();
    if (!t.tap || !gesture_.tap(t.pos.x, t.pos.y, t.time_s)) return false;
    flow_.open_keypad(t.time_s);
    return true;
}

std::string StaffUi::screen_name() const {
    switch (flow_.view()) {
        case StaffView::Pin:
            return "staff_pin";
        case StaffView::Panel:
            return "staff";
        case StaffView::TouchTest:
            return "staff_touchtest";
        case StaffView::Workbook:
            return "staff_workbook";
        case StaffView::Statistics:
            return "staff_statistics";
        case StaffView::Closed:
            break;
    }
    return "";
}

void StaffUi::draw(Ui& ui) {
    const StaffView view = flow_.view();
    if (view == StaffView::TouchTest && shown_ != StaffView::TouchTest) {
        lit_.clear();  // each touch test starts dark
        last_touch_.reset();
    }
    shown_ = view;
    ui.dl->AddRectFilled(ImVec2(0, 0), ui.m.viewport, rgb(palette::kBackground));
    if (view == StaffView::Pin) draw_keypad(ui);
    if (view == StaffView::Panel) draw_panel(ui);
    if (view == StaffView::TouchTest) draw_touch_test(ui);
    if (view == StaffView::Workbook) draw_workbook(ui);
    if (view == StaffView::Statistics) draw_statistics(ui);
}

// --- facts ---
void StaffUi::refresh_facts(double now) {
    if (sv_.staff == nullptr) return;
    if (facts_ && now - facts_at_ < 1.0 && now >= facts_at_) return;
    facts_ = sv_.staff->facts();
    facts_at_ = now;
}

namespace {
// The render path's log line, with a Chinese lead for staff: which one draws, then the details.
std::string drawing_text(const std::string& path) {
    if (path.rfind("software", 0) == 0) return staff_both(StaffStr::DrawingSoftware) + " · " + path;
    if (path.rfind("OpenGL", 0) == 0) return staff_both(StaffStr::DrawingGpu) + " · " + path;
    return or_dash(path);
}
}  // namespace

float StaffUi::draw_facts(Ui& ui, const Rect& r) {
    const Metrics& m = ui.m;
    std::vector<std::pair<StaffStr, std::string>> rows;
    const std::string min_target = staff_both(StaffStr::MinTarget) + " " +
                                   fmt("%.0f px", static_cast<double>(sv_.min_target_px)) +
                                   fmt(" (%.0f mm)", sv_.config.min_target_mm);
    if (facts_) {
        const SystemFacts& f = *facts_;
        const bool builtin = f.pack_version.empty() || f.pack_version == "built-in";
        rows = {
            {StaffStr::AppVersion, or_dash(f.app_version)},
            {StaffStr::PackVersion, builtin ? staff_both(StaffStr::BuiltIn) : f.pack_version},
            {StaffStr::PackSigner, !f.pack_signer.empty() ? f.pack_signer
                                   : builtin              ? staff_both(StaffStr::Unsigned)
                                                          : "—"},
            {StaffStr::LastImport, or_dash(f.last_import)},
            {StaffStr::Uptime, uptime_text(f.uptime_s)},
            {StaffStr::FrameRate, fmt("%.0f fps", f.fps)},
            {StaffStr::Drawing, drawing_text(f.render_path)},
            {StaffStr::Memory, fmt("%.0f MB", static_cast<double>(f.rss_bytes) / 1048576.0)},
            {StaffStr::FreeDisk,
             fmt("%.1f GB", static_cast<double>(f.free_disk_bytes) / 1073741824.0)},
            {StaffStr::ScreenSize, std::to_string(f.screen_w) + " × " + std::to_string(f.screen_h) +
                                       " px · " + fmt("%.0f", f.screen_mm_w) + " × " +
                                       fmt("%.0f mm", f.screen_mm_h)},
            {StaffStr::TouchGeometry,
             fmt("%.1f px/mm · ", static_cast<double>(f.px_per_mm)) + min_target},
        };
    } else {
        for (StaffStr s :
             {StaffStr::AppVersion, StaffStr::PackVersion, StaffStr::PackSigner,
              StaffStr::LastImport, StaffStr::Uptime, StaffStr::FrameRate, StaffStr::Drawing,
              StaffStr::Memory, StaffStr::FreeDisk, StaffStr::ScreenSize})
            rows.emplace_back(s, "—");
        rows.emplace_back(StaffStr::TouchGeometry, "— · " + min_target);
    }
    // The card is as tall as its rows: draw them first (channel 1), the card under them after.
    ui.dl->ChannelsSplit(2);
    ui.dl->ChannelsSetCurrent(1);
    const float label_w = std::min(300 * m.s, r.w * 0.36f);
    float y = r.y + m.pad;
    for (const auto& [label, value] : rows) {
        const Bilingual& l = staff_text(label);
        const float x = r.x + m.pad;
        ui.dl->AddText(ui.body(), ui.body()->FontSize, ImVec2(x, y), rgb(palette::kText2),
                       l.zh.c_str());
        ui.dl->AddText(ui.caption(), ui.caption()->FontSize,
                       ImVec2(x, y + ui.body()->FontSize * 1.15f), rgb(palette::kText2),
                       l.en.c_str());
        TextBox box;
        box.max_width = r.x + r.w - m.pad - (x + label_w);
        box.max_lines = 2;
        const float vh =
            draw_text(ui.dl, ui.body(), ImVec2(x + label_w, y), rgb(palette::kText), value, box);
        if (label == StaffStr::PackVersion)  // tests read what staff see after a rollback
            report_text(ui, "staff.fact.pack_version", {value, value},
                        {x + label_w, y, box.max_width, vh});
        const float lh = ui.body()->FontSize * 1.15f + ui.caption()->FontSize;
        y += std::max(lh, vh) + 14 * m.s;
        if (y > r.y + r.h - lh) break;
    }
    const float h = std::min(r.h, y - r.y + m.pad - 14 * m.s);
    ui.dl->ChannelsSetCurrent(0);
    ui.dl->AddRectFilled(r.min(), ImVec2(r.x + r.w, r.y + h), rgb(palette::kSurface), m.radius);
    ui.dl->ChannelsMerge();
    return h;
}

// --- panel ---
void StaffUi::draw_panel(Ui& ui) {
    const Metrics& m = ui.m;
    const float W = m.viewport.x, H = m.viewport.y;
    refresh_facts(ui.now);
    flow_.poll_actions();
    ui.wants_frames = true;  // uptime and frame rate tick while staff look at them
    const bool modal = flow_.confirm() != StaffConfirm::None;
    ui.interactive = !modal;

    // Header: title and hint on the left, Close on the right.
    const std::string close_l = staff_both(StaffStr::Close);
    const float cw = button_width(ui, icons::kClose, close_l);
    const float by = (m.bar_h - m.target) * 0.5f;
    if (button(ui, "staff.close", {W - m.margin * 0.5f - cw, by, cw, m.target}, icons::kClose,
               close_l))
        flow_.press(StaffButton::Close);
    ImFont* h2 = ui.h2();
    draw_line(ui.dl, h2, ImVec2(m.margin, by), rgb(palette::kText),
              staff_both(StaffStr::PanelTitle), W - cw - 2 * m.margin);
    draw_line(ui.dl, ui.caption(), ImVec2(m.margin, by + h2->FontSize * 1.2f), rgb(palette::kText2),
              staff_both(StaffStr::PanelHint), W - cw - 2 * m.margin);
    ui.dl->AddLine(ImVec2(0, m.bar_h), ImVec2(W, m.bar_h), rgb(palette::kDivider), 2 * m.s);

    // Facts and actions: side by side in landscape, stacked in portrait.
    const float top = m.bar_h + m.margin * 0.5f;
    Rect facts, actions;
    if (!m.portrait) {
        const float fw = (W - 2 * m.margin - m.gutter) * 0.58f;
        facts = {m.margin, top, fw, H - top - m.margin * 0.5f};
        actions = {m.margin + fw + m.gutter, top, W - 2 * m.margin - fw - m.gutter, facts.h};
    } else {
        facts = {m.margin, top, W - 2 * m.margin, H * 0.48f};
        actions = {m.margin, top + facts.h + m.gutter, facts.w, H - top - facts.h - m.gutter};
    }
    const float facts_h = draw_facts(ui, facts);
    if (m.portrait) actions.y = facts.y + facts_h + m.gutter;  // right under the facts card

    struct Action {
        const char* id;
        StaffStr label;
        StaffButton press;
        const char* icon;
    };
    const Action list[] = {
        {"staff.rollback", StaffStr::Rollback, StaffButton::Rollback, icons::kBack},
        {"staff.export", StaffStr::Export, StaffButton::Export, icons::kLink},
        {"staff.statistics", StaffStr::Statistics, StaffButton::Statistics, icons::kBarChart},
        {"staff.touchtest", StaffStr::TouchTest, StaffButton::TouchTest, icons::kTouchApp},
        {"staff.restart", StaffStr::Restart, StaffButton::Restart, nullptr},
        {"staff.poweroff", StaffStr::PowerOff, StaffButton::PowerOff, nullptr},
    };
    // The publisher kiosk also offers to publish, under a note saying which content would go.
    const bool publishing = sv_.staff != nullptr && sv_.staff->publish_on();
    const std::string version = facts_ ? facts_->pack_version : std::string();
    const bool installed =
        !version.empty() &&
        std::all_of(version.begin(), version.end(), [](char c) { return c >= '0' && c <= '9'; });
    const Bilingual note = installed ? with_version(staff_text(StaffStr::PublishVersion), version)
                                     : staff_text(StaffStr::PublishBuiltIn);
    TextBox note_box;
    note_box.max_width = actions.w;
    const float note_h = publishing ? text_height(ui.body(), note.zh, note_box) + 4 * m.s +
                                          text_height(ui.caption(), note.en, note_box)
                                    : 0;
    // Buttons shrink (never below a target) so that the result line keeps its room below them.
    const float group_h =
        publishing ? (kPanelStyle.group_gap + 2 * kPanelStyle.note_gap) * m.s + note_h : 0;
    const float buttons = static_cast<float>(std::size(list) + (publishing ? 1 : 0));
    const float room = H - m.margin * 0.5f - actions.y - group_h - kPanelStyle.result_room * m.s;
    const float bh = std::clamp(room / buttons - m.gap, m.target,
                                std::max(m.target, kPanelStyle.action_h * m.s));
    float y = actions.y;
    for (const Action& a : list) {
        if (button(ui, a.id, {actions.x, y, actions.w, bh}, a.icon, staff_both(a.label)))
            flow_.press(a.press);
        y += bh + m.gap;
    }
    if (publishing) {
        y += kPanelStyle.group_gap * m.s;
        const float rule_y = y - kPanelStyle.group_gap * 0.5f * m.s;
        ui.dl->AddLine(ImVec2(actions.x, rule_y), ImVec2(actions.x + actions.w, rule_y),
                       rgb(palette::kDivider), 2 * m.s);
        y += kPanelStyle.note_gap * m.s;
        draw_bilingual(ui, ImVec2(actions.x, y), note, actions.w, ui.body(), ui.caption(),
                       rgb(palette::kText2), rgb(palette::kText2), false);
        report_text(ui, "staff.publish.version", note, {actions.x, y, actions.w, note_h});
        y += note_h + kPanelStyle.note_gap * m.s;
        if (button(ui, "staff.publish", {actions.x, y, actions.w, bh}, icons::kPublish,
                   staff_both(StaffStr::Publish)))
            flow_.press(StaffButton::Publish);
        y += bh + m.gap;
    }
    // The result of the last action, in both languages.
    const Bilingual& msg = flow_.message();
    if (!msg.zh.empty() || !msg.en.empty()) {
        y += m.gap;
        const uint32_t col = flow_.message_ok() ? palette::kText : palette::kAmber;
        const Rect box{actions.x, y, actions.w, 0};
        TextBox tb;
        tb.max_width = box.w - 2 * m.pad;
        const float th =
            text_height(ui.body(), msg.zh, tb) + text_height(ui.body(), msg.en, tb) + 4 * m.s;
        report_text(ui, "staff.message", msg, {box.x, y, box.w, th + 2 * m.pad});
        ui.dl->AddRect(ImVec2(box.x, y), ImVec2(box.x + box.w, y + th + 2 * m.pad), rgb(col),
                       m.radius, 0, 2 * m.s);
        draw_bilingual(ui, ImVec2(box.x + m.pad, y + m.pad), msg, tb.max_width, ui.body(),
                       ui.body(), rgb(col), rgb(col), false);
    }
    ui.interactive = true;
    if (modal) draw_confirm(ui, {0, 0, W, H});
}

// --- confirm ---
void StaffUi::draw_confirm(Ui& ui, const Rect& full) {
    const Metrics& m = ui.m;
    ui.dl->AddRectFilled(full.min(), full.max(), rgb(palette::kBackground, 0.8f));
    StaffStr ask = StaffStr::RollbackAsk, yes = StaffStr::RollbackYes;
    const char* yes_id = "staff.rollback.confirm";
    StaffButton yes_press = StaffButton::RollbackConfirm;
    if (flow_.confirm() == StaffConfirm::Restart) {
        ask = StaffStr::RestartAsk, yes = StaffStr::RestartYes;
        yes_id = "staff.restart.confirm", yes_press = StaffButton::RestartConfirm;
    } else if (flow_.confirm() == StaffConfirm::Publish) {
        ask = StaffStr::PublishAsk, yes = StaffStr::PublishYes;
        yes_id = "staff.publish.confirm", yes_press = StaffButton::PublishConfirm;
    } else if (flow_.confirm() == StaffConfirm::PowerOff) {
        ask = StaffStr::PowerOffAsk, yes = StaffStr::PowerOffYes;
        yes_id = "staff.poweroff.confirm", yes_press = StaffButton::PowerOffConfirm;
    }
    const float w = std::min(full.w - 2 * m.margin, 960 * m.s);
    const float tw = w - 2 * m.pad * 2;
    TextBox tb;
    tb.max_width = tw;
    tb.center = true;
    const Bilingual& q = staff_text(ask);
    const float qh = text_height(ui.h2(), q.zh, tb) + text_height(ui.body(), q.en, tb) + 4 * m.s;
    const float bh = std::max(m.target, kPanelStyle.action_h * m.s);
    const float h = qh + bh + m.pad * 5;
    const Rect card{(full.w - w) * 0.5f, (full.h - h) * 0.5f, w, h};
    ui.dl->AddRectFilled(card.min(), card.max(), rgb(palette::kSurface), m.radius);
    ui.dl->AddRect(card.min(), card.max(), rgb(palette::kAmber), m.radius, 0, 3 * m.s);
    draw_bilingual(ui, ImVec2(card.x + m.pad * 2, card.y + m.pad * 2), q, tw, ui.h2(), ui.body(),
                   rgb(palette::kText), rgb(palette::kText2), true);
    const float bw = (tw - m.gutter) * 0.5f;
    const float byy = card.y + card.h - m.pad * 2 - bh;
    if (button(ui, "staff.confirm.cancel", {card.x + m.pad * 2, byy, bw, bh}, nullptr,
               staff_both(StaffStr::Cancel)))
        flow_.press(StaffButton::ConfirmCancel);
    if (button(ui, yes_id, {card.x + m.pad * 2 + bw + m.gutter, byy, bw, bh}, icons::kCheck,
               staff_both(yes), ButtonStyle::Accent))
        flow_.press(yes_press);
}

}  // namespace kiosk::ui
