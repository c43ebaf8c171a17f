// The staff panel's visitor statistics: the totals of the last 14 days, then four charts drawn
// with the draw list (visits per day, a weekday × hour heat map, the ten most viewed items, the
// languages used and how long visits last), two by two in landscape and stacked in portrait. The
// summary is read on the recorder's worker (StaffActions::request_statistics); until it arrives the
// view says so. Sections: helpers · charts · the view
#include <algorithm>
#include <cstdio>

#include "kiosk/engine/icons.h"
#include "kiosk/stats/stats_summary.h"
#include "kiosk/ui/staff_panel.h"
#include "kiosk/ui/staff_strings.h"

namespace kiosk::ui {
namespace {

// --- helpers ---
std::string number(long long n) {
    return std::to_string(n);
}

std::string minutes_seconds(long long s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
    return buf;
}

// A teal of the given strength (0..1) over the card colour: the heat map's and bars' scale.
ImU32 heat_colour(float t) {
    t = std::clamp(t, 0.f, 1.f);
    const auto mix = [t](uint32_t a, uint32_t b, int shift) {
        const float x = static_cast<float>((a >> shift) & 0xFF),
                    y = static_cast<float>((b >> shift) & 0xFF);
        return static_cast<uint32_t>(x + (y - x) * t + 0.5f) << shift;
    };
    const uint32_t lo = palette::kSurfaceSoft, hi = palette::kAccent;
    return rgb(mix(lo, hi, 16) | mix(lo, hi, 8) | mix(lo, hi, 0));
}

// A chart's card with its bilingual title; returns the area left for the chart.
Rect chart_card(Ui& ui, const Rect& r, StaffStr title) {
    const Metrics& m = ui.m;
    ui.dl->AddRectFilled(r.min(), r.max(), rgb(palette::kSurface), m.radius);
    const Bilingual& t = staff_text(title);
    const float x = r.x + m.pad, y = r.y + m.pad * 0.8f;
    const float zw = draw_line(ui.dl, ui.body(), ImVec2(x, y), rgb(palette::kText), t.zh, r.w);
    draw_line(ui.dl, ui.caption(),
              ImVec2(x + zw + 12 * m.s, y + ui.body()->FontSize - ui.caption()->FontSize),
              rgb(palette::kText2), t.en, r.w - zw - 2 * m.pad);
    const float top = y + ui.body()->FontSize * 1.6f;
    return {r.x + m.pad, top, r.w - 2 * m.pad, r.y + r.h - m.pad * 0.8f - top};
}

// --- charts ---
void visits_per_day(Ui& ui, const Rect& r, const stats::StatsSummary& s) {
    const Rect a = chart_card(ui, r, StaffStr::StatsPerDay);
    ImFont* cap = ui.caption();
    const float label_h = cap->FontSize * 1.3f;
    int top = 1;
    for (const stats::DaySummary& d : s.days) top = std::max(top, d.sessions);
    const auto n = static_cast<float>(std::max<size_t>(1, s.days.size()));
    const float slot = a.w / n, bar_w = slot * 0.62f;
    const float base = a.y + a.h - label_h, bar_h_max = a.h - label_h * 2.2f;
    ui.dl->AddLine(ImVec2(a.x, base), ImVec2(a.x + a.w, base), rgb(palette::kDivider), ui.m.s);
    for (size_t i = 0; i < s.days.size(); ++i) {
        const stats::DaySummary& d = s.days[i];
        const float cx = a.x + slot * (static_cast<float>(i) + 0.5f);
        const float h = bar_h_max * static_cast<float>(d.sessions) / static_cast<float>(top);
        const bool today = i + 1 == s.days.size();
        if (d.sessions > 0)
            ui.dl->AddRectFilled(ImVec2(cx - bar_w * 0.5f, base - h),
                                 ImVec2(cx + bar_w * 0.5f, base),
                                 rgb(today ? palette::kAmber : palette::kAccent), 4 * ui.m.s);
        const std::string v = number(d.sessions);
        const float vw = text_width(cap, v);
        ui.dl->AddText(cap, cap->FontSize, ImVec2(cx - vw * 0.5f, base - h - label_h),
                       rgb(palette::kText), v.c_str());
        const std::string day = d.day.size() == 10 ? d.day.substr(5) : d.day;  // "12-02"
        const float dw = text_width(cap, day);
        if (dw < slot * 1.05f || i % 2 == s.days.size() % 2)  // every other label when crowded
            ui.dl->AddText(cap, cap->FontSize, ImVec2(cx - dw * 0.5f, base + 4 * ui.m.s),
                           rgb(palette::kText2), day.c_str());
    }
}

void heat_map(Ui& ui, const Rect& r, const stats::StatsSummary& s) {
    const Rect a = chart_card(ui, r, StaffStr::StatsHeat);
    ImFont* cap = ui.caption();
    const std::string en = staff_text(StaffStr::StatsWeekdays).en;
    const float label_w = cap->FontSize * 2.4f, hours_h = cap->FontSize * 1.3f;
    const float cw = (a.w - label_w) / 24.f, ch = (a.h - hours_h) / 7.f;
    int top = 1;
    for (const auto& day : s.heat)
        for (int v : day) top = std::max(top, v);
    for (int h = 0; h < 24; h += 3) {
        const std::string t = number(h);
        ui.dl->AddText(cap, cap->FontSize, ImVec2(a.x + label_w + cw * static_cast<float>(h), a.y),
                       rgb(palette::kText2), t.c_str());
    }
    const std::string& zh_days = staff_text(StaffStr::StatsWeekdays).zh;
    for (size_t d = 0; d < 7; ++d) {
        const float y = a.y + hours_h + ch * static_cast<float>(d);
        // One character a day: 一 … 日 (3 UTF-8 bytes each) and M … S.
        const std::string label = zh_days.substr(d * 3, 3) + " " + en.substr(d, 1);
        ui.dl->AddText(cap, cap->FontSize, ImVec2(a.x, y + (ch - cap->FontSize) * 0.5f),
                       rgb(palette::kText2), label.c_str());
        for (size_t h = 0; h < 24; ++h) {
            const int v = s.heat[d][h];
            const float x = a.x + label_w + cw * static_cast<float>(h);
            const ImU32 col =
                v == 0
                    ? rgb(palette::kBackground2)
                    : heat_colour(0.15f + 0.85f * static_cast<float>(v) / static_cast<float>(top));
            ui.dl->AddRectFilled(ImVec2(x + 1.5f * ui.m.s, y + 1.5f * ui.m.s),
                                 ImVec2(x + cw - 1.5f * ui.m.s, y + ch - 1.5f * ui.m.s), col,
                                 3 * ui.m.s);
        }
    }
}

void top_items(Ui& ui, const Rect& r, const stats::StatsSummary& s) {
    const Rect a = chart_card(ui, r, StaffStr::StatsTop);
    ImFont* cap = ui.caption();
    const size_t n = std::min<size_t>(10, s.items.size());
    if (n == 0) return;
    const float row = a.h / 10.f;
    const float name_w = a.w * 0.5f, value_w = cap->FontSize * 3.f;
    const int top = std::max(1, s.items[0].views);
    for (size_t i = 0; i < n; ++i) {
        const stats::ItemSummary& it = s.items[i];
        const float y = a.y + row * static_cast<float>(i);
        const float ty = y + (row - cap->FontSize) * 0.5f;
        std::string name = it.name.zh.empty() ? it.name.en : it.name.zh;
        if (name.empty()) name = it.id;
        if (it.gone) name += staff_text(StaffStr::StatsRemoved).zh;
        draw_line(ui.dl, cap, ImVec2(a.x, ty), rgb(it.gone ? palette::kText2 : palette::kText),
                  name, name_w - 12 * ui.m.s);
        const float bw =
            (a.w - name_w - value_w) * static_cast<float>(it.views) / static_cast<float>(top);
        ui.dl->AddRectFilled(ImVec2(a.x + name_w, y + row * 0.2f),
                             ImVec2(a.x + name_w + std::max(bw, 3 * ui.m.s), y + row * 0.8f),
                             rgb(i == 0 ? palette::kAmber : palette::kAccent), 3 * ui.m.s);
        const std::string v = number(it.views);
        ui.dl->AddText(cap, cap->FontSize, ImVec2(a.x + name_w + bw + 8 * ui.m.s, ty),
                       rgb(palette::kText), v.c_str());
    }
}

// The language bar on top, the visit lengths as bars under it.
void languages_and_lengths(Ui& ui, const Rect& r, const stats::StatsSummary& s) {
    const Rect a = chart_card(ui, r, StaffStr::StatsLanguages);
    const Metrics& m = ui.m;
    ImFont* cap = ui.caption();
    const int total = std::max(1, s.sessions_zh + s.sessions_en);
    const float zh_share = static_cast<float>(s.sessions_zh) / static_cast<float>(total);
    const float bar_h = std::min(a.h * 0.12f, 36 * m.s);
    const float y = a.y + m.gap * 0.5f;
    ui.dl->AddRectFilled(ImVec2(a.x, y), ImVec2(a.x + a.w, y + bar_h), rgb(palette::kAmber),
                         bar_h * 0.5f);
    if (s.sessions_zh > 0)
        ui.dl->AddRectFilled(ImVec2(a.x, y), ImVec2(a.x + a.w * zh_share, y + bar_h),
                             rgb(palette::kAccent), bar_h * 0.5f,
                             zh_share < 1 ? ImDrawFlags_RoundCornersLeft : 0);
    const float ly = y + bar_h + m.gap * 0.6f;
    const auto legend = [&](float x, uint32_t col, StaffStr label, int n) {
        ui.dl->AddRectFilled(ImVec2(x, ly + 4 * m.s), ImVec2(x + 20 * m.s, ly + 24 * m.s), rgb(col),
                             4 * m.s);
        char pct[32];
        std::snprintf(pct, sizeof pct, "  %.0f%%  (%d)",
                      100.0 * static_cast<double>(n) / static_cast<double>(total), n);
        const Bilingual& l = staff_text(label);
        draw_line(ui.dl, ui.body(), ImVec2(x + 30 * m.s, ly), rgb(palette::kText),
                  l.zh + " " + l.en + pct, a.w * 0.5f - 40 * m.s);
    };
    legend(a.x, palette::kAccent, StaffStr::LangZh, s.sessions_zh);
    legend(a.x + a.w * 0.5f, palette::kAmber, StaffStr::LangEn, s.sessions_en);

    // Visit lengths: one bar per bucket (stats_summary.h), labelled by its range.
    const Bilingual& title = staff_text(StaffStr::StatsLengths);
    const float ty = ly + ui.body()->FontSize * 1.9f;
    const float zw =
        draw_line(ui.dl, ui.body(), ImVec2(a.x, ty), rgb(palette::kText), title.zh, a.w);
    draw_line(ui.dl, cap, ImVec2(a.x + zw + 12 * m.s, ty + ui.body()->FontSize - cap->FontSize),
              rgb(palette::kText2), title.en, a.w - zw);
    static constexpr const char* kLabels[stats::kSessionBuckets] = {
        "<10s", "10-30s", "30-60s", "1-2min", "2-5min", "5-10min", ">10min"};
    const float top_y = ty + ui.body()->FontSize * 1.6f, label_h = cap->FontSize * 1.3f;
    const float base = a.y + a.h - label_h, max_h = base - top_y - label_h;
    if (max_h <= 0) return;
    int top = 1;
    for (int n : s.session_length) top = std::max(top, n);
    const float slot = a.w / static_cast<float>(stats::kSessionBuckets);
    for (int i = 0; i < stats::kSessionBuckets; ++i) {
        const int n = s.session_length[static_cast<size_t>(i)];
        const float cx = a.x + slot * (static_cast<float>(i) + 0.5f);
        const float h = max_h * static_cast<float>(n) / static_cast<float>(top);
        if (n > 0)
            ui.dl->AddRectFilled(ImVec2(cx - slot * 0.3f, base - h), ImVec2(cx + slot * 0.3f, base),
                                 rgb(palette::kAccent), 4 * m.s);
        const std::string v = number(n);
        ui.dl->AddText(cap, cap->FontSize,
                       ImVec2(cx - text_width(cap, v) * 0.5f, base - h - label_h),
                       rgb(palette::kText), v.c_str());
        ui.dl->AddText(cap, cap->FontSize,
                       ImVec2(cx - text_width(cap, kLabels[i]) * 0.5f, base + 4 * m.s),
                       rgb(palette::kText2), kLabels[i]);
    }
}

// Four numbers over the charts; returns the height used.
float totals(Ui& ui, const Rect& r, const stats::StatsSummary& s) {
    const Metrics& m = ui.m;
    long long seconds = 0;
    for (const stats::DaySummary& d : s.days) seconds += d.session_seconds;
    const int searches = s.searches;
    const struct {
        std::string value;
        StaffStr label;
    } items[] = {
        {number(s.sessions), StaffStr::StatsVisits},
        {minutes_seconds(s.sessions > 0 ? seconds / s.sessions : 0), StaffStr::StatsAverage},
        {number(searches), StaffStr::StatsSearches},
        {searches > 0 ? number(100LL * s.searches_empty / searches) + "%" : "—",
         StaffStr::StatsNotFound},
    };
    const float h = ui.display()->FontSize + ui.caption()->FontSize * 2.2f + m.pad;
    const float w = (r.w - 3 * m.gutter) / 4.f;
    for (int i = 0; i < 4; ++i) {
        const float x = r.x + static_cast<float>(i) * (w + m.gutter);
        ui.dl->AddRectFilled(ImVec2(x, r.y), ImVec2(x + w, r.y + h), rgb(palette::kSurface),
                             m.radius);
        draw_line(ui.dl, ui.display(), ImVec2(x + m.pad, r.y + m.pad * 0.5f), rgb(palette::kAmber),
                  items[i].value, w - 2 * m.pad);
        const Bilingual& l = staff_text(items[i].label);
        draw_line(ui.dl, ui.caption(),
                  ImVec2(x + m.pad, r.y + m.pad * 0.5f + ui.display()->FontSize * 1.05f),
                  rgb(palette::kText2), l.zh + "  " + l.en, w - 2 * m.pad);
    }
    return h;
}

}  // namespace

// --- the view ---
void StaffUi::draw_statistics(Ui& ui) {
    const Metrics& m = ui.m;
    const float W = m.viewport.x, H = m.viewport.y;
    flow_.poll_actions();
    const std::shared_ptr<const stats::StatsSummary> s =
        sv_.staff ? sv_.staff->statistics() : nullptr;
    if (!s) ui.wants_frames = true;  // the summary is on its way from the worker

    // Header: title and hint; Export and Back on the right.
    const float by = (m.bar_h - m.target) * 0.5f;
    const std::string back_l = staff_both(StaffStr::StatsBack),
                      export_l = staff_both(StaffStr::StatsExport);
    const float bw = button_width(ui, icons::kBack, back_l);
    float right = W - m.margin * 0.5f - bw;
    if (button(ui, "staff.statistics.back", {right, by, bw, m.target}, icons::kBack, back_l))
        flow_.press(StaffButton::StatisticsClose);
    const bool on = sv_.staff && sv_.staff->statistics_on();
    if (on) {
        const float ew = button_width(ui, icons::kLink, export_l);
        right -= ew + m.gap;
        if (button(ui, "staff.statistics.export", {right, by, ew, m.target}, icons::kLink, export_l,
                   ButtonStyle::Accent))
            flow_.press(StaffButton::StatisticsExport);
    }
    ImFont* h2 = ui.h2();
    const float title_w = right - m.margin - m.gap;
    draw_line(ui.dl, h2, ImVec2(m.margin, by), rgb(palette::kText),
              staff_both(StaffStr::Statistics), title_w);
    // The hint in both languages where it fits (landscape), else in Chinese alone.
    std::string hint = staff_both(StaffStr::StatisticsHint);
    if (text_width(ui.caption(), hint) > title_w) hint = staff_text(StaffStr::StatisticsHint).zh;
    draw_line(ui.dl, ui.caption(), ImVec2(m.margin, by + h2->FontSize * 1.2f), rgb(palette::kText2),
              hint, title_w);
    ui.dl->AddLine(ImVec2(0, m.bar_h), ImVec2(W, m.bar_h), rgb(palette::kDivider), 2 * m.s);

    float y = m.bar_h + m.margin * 0.5f;
    const float x = m.margin, w = W - 2 * m.margin;
    // The export's result (or why it could not start), under the header.
    const Bilingual& msg = flow_.message();
    if (!msg.zh.empty() || !msg.en.empty()) {
        const uint32_t col = flow_.message_ok() ? palette::kText : palette::kAmber;
        const float h = draw_bilingual(ui, ImVec2(x, y), msg, w, ui.body(), ui.caption(), rgb(col),
                                       rgb(palette::kText2), false);
        report_text(ui, "staff.message", msg, {x, y, w, h});
        y += h + m.gap;
    }
    const auto notice = [&](StaffStr text) {
        draw_bilingual(ui, ImVec2(x, y + m.margin), staff_text(text), w, ui.h2(), ui.body(),
                       rgb(palette::kText), rgb(palette::kText2), true);
        report_text(ui, "staff.statistics.notice", staff_text(text), {x, y, w, m.target});
    };
    if (!on) return notice(StaffStr::StatsOff);
    if (!s) return notice(StaffStr::StatsReading);
    if (s->sessions == 0) return notice(StaffStr::StatsEmpty);

    report_text(ui, "staff.statistics.visits", {number(s->sessions), number(s->sessions)},
                {x, y, w, m.target});
    y += totals(ui, {x, y, w, 0}, *s) + m.gutter;
    const float bottom = H - m.margin * 0.5f;
    void (*const charts[])(Ui&, const Rect&, const stats::StatsSummary&) = {
        visits_per_day, heat_map, top_items, languages_and_lengths};
    if (!m.portrait) {
        const float cw = (w - m.gutter) * 0.5f, ch = (bottom - y - m.gutter) * 0.5f;
        for (int i = 0; i < 4; ++i)
            charts[i](ui,
                      {x + static_cast<float>(i % 2) * (cw + m.gutter),
                       y + static_cast<float>(i / 2) * (ch + m.gutter), cw, ch},
                      *s);
    } else {
        const float ch = (bottom - y - 3 * m.gutter) / 4.f;
        for (int i = 0; i < 4; ++i)
            charts[i](ui, {x, y + static_cast<float>(i) * (ch + m.gutter), w, ch}, *s);
    }
}

}  // namespace kiosk::ui
