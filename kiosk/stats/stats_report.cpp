// report.html: the page staff open on an office PC. Light paper-like page with the kiosk's navy
// and teal, so it reads as the alliance's product and prints on A4 without wasting toner.
// Sections: text and numbers · dates · colours · charts · page parts · the page · the folder
#include "kiosk/stats/stats_report.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "kiosk/core/safe_text.h"
#include "kiosk/core/utf8.h"
#include "kiosk/stats/stats_csv.h"
#include "kiosk/stats/stats_store.h"

namespace kiosk::stats {
namespace {

// --- text and numbers ---

// Data text (names, queries, days) for HTML text and SVG <text>/<title>: made safe, then escaped,
// so `<script>`, `&`, quotes and `]]>` arrive as text.
std::string esc(std::string_view raw) {
    const std::string text = safe_text(raw);
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// Shortens a name to about `max_em` font sizes wide (CJK one em, Latin about half), adding "…":
// SVG text does not wrap. The full name stays in the element's <title>.
std::string fit_text(std::string_view raw, double max_em) {
    const std::u32string text = utf8_to_u32(safe_text(raw));
    auto width = [](char32_t c) { return c < 0x2E80 ? 0.56 : 1.0; };
    double total = 0;
    for (char32_t c : text) total += width(c);
    if (total <= max_em) return u32_to_utf8(text);
    std::u32string cut;
    double used = 1.0;  // the ellipsis
    for (char32_t c : text) {
        if (used + width(c) > max_em) break;
        used += width(c);
        cut.push_back(c);
    }
    return u32_to_utf8(cut) + "…";
}

// "12,345"
std::string grouped(long long v) {
    std::string digits = std::to_string(v < 0 ? -v : v);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return v < 0 ? "-" + out : out;
}

std::string fixed(double v, int decimals) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

// SVG coordinates: one decimal is finer than any screen or printer needs.
std::string px(double v) {
    std::string s = fixed(v, 1);
    if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
    return s;
}

// "18%", "0.4%"; "–" when there is nothing to divide by.
std::string percent(double part, double whole) {
    if (whole <= 0) return "–";
    const double p = 100.0 * part / whole;
    return (p > 0 && p < 10 ? fixed(p, 1) : fixed(std::round(p), 0)) + "%";
}

struct BilingualText {
    std::string zh, en;
};

BilingualText duration(long long seconds) {
    const long long h = seconds / 3600, m = seconds % 3600 / 60, s = seconds % 60;
    if (h > 0)
        return {std::to_string(h) + " 小时 " + std::to_string(m) + " 分",
                std::to_string(h) + " h " + std::to_string(m) + " min"};
    if (m > 0)
        return {std::to_string(m) + " 分 " + std::to_string(s) + " 秒",
                std::to_string(m) + " min " + std::to_string(s) + " s"};
    return {std::to_string(s) + " 秒", std::to_string(s) + " s"};
}

// A heading or label: Chinese, then English in a quieter span.
std::string bi(std::string_view zh, std::string_view en) {
    return std::string(zh) + " <span class=\"en\" lang=\"en\">" + std::string(en) + "</span>";
}

// --- dates ---

// The report's days come from the store (StatsSummary): always "YYYY-MM-DD"; weekday_of and
// add_days are the store's (stats_store.h).
int month_of(const std::string& day) {
    return std::stoi(day.substr(5, 2));
}
int day_of_month(const std::string& day) {
    return std::stoi(day.substr(8, 2));
}

constexpr const char* kWeekdayZh[] = {"周一", "周二", "周三", "周四", "周五", "周六", "周日"};
constexpr const char* kWeekdayEn[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr const char* kMonthEn[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string weekday_text(const std::string& day) {
    const int w = weekday_of(day);
    return std::string(kWeekdayZh[w]) + " " + kWeekdayEn[w];
}

// "12-02" of "2026-12-02".
std::string month_day(const std::string& day) {
    return day.substr(5);
}

// --- colours: the kiosk's palette (kiosk/ui/theme.h), with inks dark enough for white paper ---

constexpr const char* kNavy = "#0B1F33";
constexpr const char* kTeal = "#19C3B1";
constexpr const char* kAmber = "#F5A524";
constexpr const char* kInk2 = "#51657A";
constexpr const char* kGrid = "#DCE4EC";

struct Rgb {
    double r, g, b;
};

std::string hex(Rgb c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02X%02X%02X", static_cast<int>(std::lround(c.r)),
                  static_cast<int>(std::lround(c.g)), static_cast<int>(std::lround(c.b)));
    return buf;
}

// The heat-map scale from pale teal through the accent to navy; t in [0, 1].
Rgb heat_rgb(double t) {
    static constexpr Rgb stops[] = {{216, 246, 242}, {25, 195, 177}, {19, 111, 128}, {11, 31, 51}};
    t = std::clamp(t, 0.0, 1.0) * 3;
    const int i = std::min(2, static_cast<int>(t));
    const double f = t - i;
    const Rgb a = stops[i], b = stops[i + 1];
    return {a.r + (b.r - a.r) * f, a.g + (b.g - a.g) * f, a.b + (b.b - a.b) * f};
}
std::string heat_colour(double t) {
    return hex(heat_rgb(t));
}

// White text reads better than navy on the darker half of the scale (WCAG relative luminance).
bool dark_heat(double t) {
    auto lin = [](double c) {
        c /= 255;
        return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    const Rgb c = heat_rgb(t);
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b) < 0.2;
}
constexpr const char* kHeatZero = "#F1F4F7";

// --- charts ---

// A round axis step (1, 2 or 5 × 10^k) giving about `lines` grid lines up to `max`.
long long axis_step(long long max, int lines) {
    const double raw = std::max(1.0, static_cast<double>(max) / lines);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * mag >= raw) return std::max(1LL, std::llround(m * mag));
    return std::llround(10 * mag);
}

std::string svg_open(double width, double height, const char* label_id, const char* cls) {
    return "<svg class=\"" + std::string(cls) + "\" viewBox=\"0 0 " + px(width) + " " + px(height) +
           "\" role=\"img\" aria-labelledby=\"" + label_id +
           "\" xmlns=\"http://www.w3.org/2000/svg\">";
}

std::string text_at(double x, double y, const std::string& body, const char* attrs = "") {
    return "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\" " + attrs + ">" + body + "</text>";
}

// Sessions per day over the whole range: weekday bars teal, weekend bars amber. Short ranges label
// every day and its value; longer ones label Mondays or months, add a 7-day average line and mark
// the busiest day, so 400 thin bars still read.
std::string day_bars_svg(const std::vector<DaySummary>& days) {
    const double W = 1000, H = 300, left = 52, right = 14, top = 30, bottom = 52;
    const double plot_w = W - left - right, plot_h = H - top - bottom, base = top + plot_h;
    const size_t n = std::max<size_t>(1, days.size());
    long long max = 0;
    size_t peak = 0;
    for (size_t i = 0; i < days.size(); ++i)
        if (days[i].sessions > max) max = days[i].sessions, peak = i;
    const long long step = axis_step(max, 4);
    const long long top_value = std::max(step, (max + step - 1) / step * step);
    auto y_of = [&](double v) { return base - plot_h * v / static_cast<double>(top_value); };
    const double slot = plot_w / static_cast<double>(n);
    const double bar_w = std::min(40.0, std::max(1.0, slot * (n > 92 ? 0.78 : 0.7)));

    std::string s = svg_open(W, H, "chart-days", "chart chart-days");
    s += "<title id=\"chart-days\">每日访问次数 Visits per day</title>";
    for (long long v = 0; v <= top_value; v += step) {
        const double y = y_of(static_cast<double>(v));
        s += "<line x1=\"" + px(left) + "\" x2=\"" + px(W - right) + "\" y1=\"" + px(y) +
             "\" y2=\"" + px(y) + "\" stroke=\"" + kGrid + "\" stroke-width=\"1\"/>";
        s += text_at(left - 8, y + 4, grouped(v), "class=\"axis\" text-anchor=\"end\"");
    }
    for (size_t i = 0; i < days.size(); ++i) {
        const DaySummary& d = days[i];
        const double cx = left + slot * (static_cast<double>(i) + 0.5);
        const double y = y_of(d.sessions);
        const bool weekend = weekday_of(d.day) >= 5;
        s += "<rect class=\"day-bar\" x=\"" + px(cx - bar_w / 2) + "\" y=\"" + px(y) +
             "\" width=\"" + px(bar_w) + "\" height=\"" + px(base - y) + "\" fill=\"" +
             (weekend ? kAmber : kTeal) + "\"" + (bar_w > 4 ? " rx=\"2\"" : "") + "><title>" +
             esc(d.day) + " " + weekday_text(d.day) + " · " + grouped(d.sessions) +
             " 次访问 visits</title></rect>";
        if (n <= 31 && d.sessions > 0)
            s += text_at(cx, y - 6, grouped(d.sessions),
                         n <= 16 ? "class=\"value\" text-anchor=\"middle\""
                                 : "class=\"value small\" text-anchor=\"middle\"");
        // Labels: every day (≤ 31 days), Mondays (≤ 92), else the first of each month.
        const int month = month_of(d.day), mday = day_of_month(d.day);
        std::string line1, line2;
        if (n <= 16) {
            line1 = esc(month_day(d.day));
            line2 = weekday_text(d.day);
        } else if (n <= 31) {
            line1 = std::to_string(mday);
            if (i == 0 || mday == 1) line2 = std::to_string(month) + "月 " + kMonthEn[month - 1];
        } else if (n <= 92) {
            if (weekday_of(d.day) == 0) line1 = esc(month_day(d.day));
            if (weekday_of(d.day) == 0 && i < 7) line2 = "周一 Mon";  // says what the marks are
        } else if (mday == 1) {
            line1 = std::to_string(month) + "月 " + kMonthEn[month - 1];
            if (month == 1 || i < 31) line2 = d.day.substr(0, 4);
        }
        if (!line1.empty()) {
            s += "<line x1=\"" + px(cx) + "\" x2=\"" + px(cx) + "\" y1=\"" + px(base) + "\" y2=\"" +
                 px(base + 5) + "\" stroke=\"" + kInk2 + "\"/>";
            s += text_at(cx, base + 20, line1, "class=\"axis\" text-anchor=\"middle\"");
        }
        if (!line2.empty())
            s += text_at(cx, base + 38, line2, "class=\"axis small\" text-anchor=\"middle\"");
    }
    s += "<line x1=\"" + px(left) + "\" x2=\"" + px(W - right) + "\" y1=\"" + px(base) +
         "\" y2=\"" + px(base) + "\" stroke=\"" + kInk2 + "\" stroke-width=\"1.2\"/>";
    if (n > 31) {
        // The 7-day average (trailing), and the busiest day named.
        std::string points;
        double window = 0;
        for (size_t i = 0; i < days.size(); ++i) {
            window += days[i].sessions;
            if (i >= 7) window -= days[i - 7].sessions;
            const double avg = window / static_cast<double>(std::min<size_t>(i + 1, 7));
            points += px(left + slot * (static_cast<double>(i) + 0.5)) + "," + px(y_of(avg)) + " ";
        }
        s += "<polyline class=\"avg-line\" points=\"" + points + "\" fill=\"none\" stroke=\"" +
             kNavy + "\" stroke-width=\"2\" stroke-linejoin=\"round\"/>";
        if (max > 0) {
            const double cx = left + slot * (static_cast<double>(peak) + 0.5);
            const double tx = std::clamp(cx, left + 90, W - right - 90);
            s += "<circle cx=\"" + px(cx) + "\" cy=\"" + px(y_of(static_cast<double>(max))) +
                 "\" r=\"4\" fill=\"" + kNavy + "\"/>";
            s += text_at(tx, top - 12,
                         "最多 Busiest: " + grouped(max) + " · " + esc(days[peak].day) + " " +
                             weekday_text(days[peak].day),
                         "class=\"value\" text-anchor=\"middle\"");
        }
    }
    return s + "</svg>";
}

// Sessions by weekday × hour: 168 cells, darker is busier, counts written in the cells.
std::string heat_map_svg(const std::array<std::array<int, 24>, 7>& heat) {
    const double W = 1000, left = 84, top = 24, gap = 3;
    const double cell_w = (W - left) / 24, cell_h = 32;
    const double H = top + 7 * cell_h + 4;
    int max = 0;
    for (const auto& row : heat)
        for (int v : row) max = std::max(max, v);
    std::string s = svg_open(W, H, "chart-heat", "chart chart-heat");
    s += "<title id=\"chart-heat\">星期 × 小时 访问热度 Visits by weekday and hour</title>";
    for (int h = 0; h < 24; ++h)
        s += text_at(left + cell_w * (h + 0.5), top - 8, std::to_string(h),
                     "class=\"axis\" text-anchor=\"middle\"");
    for (int w = 0; w < 7; ++w) {
        const double y = top + cell_h * w;
        s += text_at(
            0, y + cell_h / 2 + 5,
            std::string(kWeekdayZh[w]) + " <tspan class=\"en\">" + kWeekdayEn[w] + "</tspan>",
            "class=\"axis\"");
        for (int h = 0; h < 24; ++h) {
            const int v = heat[static_cast<size_t>(w)][static_cast<size_t>(h)];
            const double t = max > 0 ? static_cast<double>(v) / max : 0;
            const double x = left + cell_w * h;
            char hours[32];
            std::snprintf(hours, sizeof hours, "%02d:00–%02d:00", h, (h + 1) % 24);
            s += "<rect class=\"heat-cell\" x=\"" + px(x + gap / 2) + "\" y=\"" + px(y + gap / 2) +
                 "\" width=\"" + px(cell_w - gap) + "\" height=\"" + px(cell_h - gap) +
                 "\" rx=\"3\" fill=\"" + (v > 0 ? heat_colour(t) : kHeatZero) + "\"><title>" +
                 kWeekdayZh[w] + " " + kWeekdayEn[w] + " " + hours + " · " + grouped(v) +
                 " 次访问 visits</title></rect>";
            if (v > 0)
                s += text_at(x + cell_w / 2, y + cell_h / 2 + 4, grouped(v),
                             dark_heat(t) ? "class=\"cell-value light\" text-anchor=\"middle\""
                                          : "class=\"cell-value\" text-anchor=\"middle\"");
        }
    }
    return s + "</svg>";
}

// The legend of the heat map: five swatches from none to the busiest hour.
std::string heat_legend(const std::array<std::array<int, 24>, 7>& heat) {
    int max = 0;
    for (const auto& row : heat)
        for (int v : row) max = std::max(max, v);
    std::string s = "<div class=\"legend heat-legend\"><span>" + bi("少", "fewer") + "</span>";
    s += "<span class=\"swatch\" style=\"background:" + std::string(kHeatZero) + "\">0</span>";
    for (int i = 1; i <= 4; ++i) {
        const double t = i / 4.0;
        const long long v = std::max(1LL, std::llround(max * t));
        s += "<span class=\"swatch" + std::string(dark_heat(t) ? " dark" : "") +
             "\" style=\"background:" + heat_colour(t) + "\">" + grouped(v) + "</span>";
    }
    return s + "<span>" + bi("多", "more") + "</span></div>";
}

// Horizontal bars, one row per item: rank, the name in both languages (removed items marked),
// views and average dwell.
std::string item_bars_svg(const std::vector<ItemSummary>& items, const char* label_id,
                          const char* title) {
    const double W = 1000, row_h = 52, name_x = 44, bar_x = 440, bar_max = 330;
    const double H = row_h * static_cast<double>(items.size()) + 6;
    int max = 1;
    for (const auto& it : items) max = std::max(max, it.views);
    std::string s = svg_open(W, H, label_id, "chart chart-items");
    s += "<title id=\"" + std::string(label_id) + "\">" + title + "</title>";
    for (size_t i = 0; i < items.size(); ++i) {
        const ItemSummary& it = items[i];
        const double y = row_h * static_cast<double>(i);
        const std::string fallback = it.id.empty() ? it.screen : it.id;
        const std::string zh = !it.name.zh.empty()   ? it.name.zh
                               : !it.name.en.empty() ? it.name.en
                                                     : fallback;
        const std::string en = !it.name.en.empty() ? it.name.en : "";
        s += "<g class=\"item-row" + std::string(it.gone ? " removed" : "") + "\"><title>" +
             esc(zh) + (en.empty() ? "" : " / " + esc(en)) +
             (it.gone ? " （已删除）/ (removed)" : "") + "</title>";
        if (i % 2 == 0)
            s += "<rect x=\"0\" y=\"" + px(y + 2) + "\" width=\"" + px(W) + "\" height=\"" +
                 px(row_h - 4) + "\" rx=\"8\" fill=\"#F5F8FA\"/>";
        s += text_at(18, y + row_h / 2 + 6, std::to_string(i + 1),
                     "class=\"rank\" text-anchor=\"middle\"");
        const double name_em = it.gone ? 18 : 24;
        s += text_at(name_x, y + 23,
                     esc(fit_text(zh, name_em)) +
                         (it.gone ? "<tspan class=\"removed-tag\">（已删除）</tspan>" : ""),
                     "class=\"item-zh\"");
        s += text_at(name_x, y + 42,
                     esc(fit_text(en, it.gone ? 26 : 34)) +
                         (it.gone ? "<tspan class=\"removed-tag\"> (removed)</tspan>" : ""),
                     "class=\"item-en\" lang=\"en\"");
        const double w = std::max(2.0, bar_max * it.views / max);
        s += "<rect x=\"" + px(bar_x) + "\" y=\"" + px(y + 14) + "\" width=\"" + px(w) +
             "\" height=\"24\" rx=\"4\" fill=\"" + (it.gone ? "#AEB9C5" : kTeal) + "\"/>";
        const long long avg = it.views > 0 ? it.seconds / it.views : 0;
        const BilingualText dwell = duration(avg);
        s += text_at(bar_x + w + 10, y + 31,
                     grouped(it.views) + "<tspan class=\"muted\"> 次 · 平均 " + dwell.zh +
                         " / avg " + dwell.en + "</tspan>",
                     "class=\"value\"");
        s += "</g>";
    }
    return s + "</svg>";
}

// Vertical bars of a distribution (visit length, screens seen): share above, count below.
template <size_t N>
std::string bucket_bars_svg(const std::array<int, N>& counts,
                            const std::vector<std::string>& labels, const char* label_id,
                            const char* title) {
    const double W = 480, H = 250, left = 8, right = 8, top = 28, bottom = 52;
    const double plot_h = H - top - bottom, base = top + plot_h;
    const double slot = (W - left - right) / N;
    const int max = std::max(1, *std::max_element(counts.begin(), counts.end()));
    const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
    std::string s = svg_open(W, H, label_id, "chart chart-buckets");
    s += "<title id=\"" + std::string(label_id) + "\">" + title + "</title>";
    for (size_t b = 0; b < N; ++b) {
        const double cx = left + slot * (static_cast<double>(b) + 0.5);
        const double h = plot_h * counts[b] / max;
        s += "<rect x=\"" + px(cx - slot * 0.34) + "\" y=\"" + px(base - h) + "\" width=\"" +
             px(slot * 0.68) + "\" height=\"" + px(h) + "\" rx=\"3\" fill=\"" + kTeal +
             "\"><title>" + labels[b] + " · " + grouped(counts[b]) + "</title></rect>";
        s += text_at(cx, base - h - 7, percent(counts[b], total),
                     "class=\"value\" text-anchor=\"middle\"");
        s += text_at(cx, base + 19, labels[b], "class=\"axis\" text-anchor=\"middle\"");
        s += text_at(cx, base + 37, grouped(counts[b]),
                     "class=\"axis small\" text-anchor=\"middle\"");
    }
    s += "<line x1=\"" + px(left) + "\" x2=\"" + px(W - right) + "\" y1=\"" + px(base) +
         "\" y2=\"" + px(base) + "\" stroke=\"" + kInk2 + "\" stroke-width=\"1.2\"/>";
    return s + "</svg>";
}

// "<10 s", "10–30 s", "30–60 s", "1–2 min", …, "≥10 min"
std::vector<std::string> length_labels() {
    auto unit = [](int lo, int hi) {
        if (hi <= 60) return std::to_string(lo) + "–" + std::to_string(hi) + " s";
        return std::to_string(lo / 60) + "–" + std::to_string(hi / 60) + " min";
    };
    const auto& e = kSessionSecondsEdges;
    std::vector<std::string> out = {"&lt;" + std::to_string(e[0]) + " s"};
    for (size_t i = 1; i < e.size(); ++i) out.push_back(unit(e[i - 1], e[i]));
    const int last = e.back();
    out.push_back("≥" +
                  (last >= 60 ? std::to_string(last / 60) + " min" : std::to_string(last) + " s"));
    return out;
}

// "≤1", "2–3", "4–6", …, "≥21"
std::vector<std::string> screens_labels() {
    const auto& e = kScreensEdges;
    std::vector<std::string> out = {"≤" + std::to_string(e[0] - 1)};
    for (size_t i = 1; i < e.size(); ++i)
        out.push_back(e[i] - 1 == e[i - 1]
                          ? std::to_string(e[i - 1])
                          : std::to_string(e[i - 1]) + "–" + std::to_string(e[i] - 1));
    out.push_back("≥" + std::to_string(e.back()));
    return out;
}

// The language visits ended in: one bar split in two, shares written in it.
std::string language_svg(int zh, int en) {
    const double W = 1000, H = 44;
    const double total = std::max(1, zh + en);
    const double zh_w = W * zh / total;
    std::string s = svg_open(W, H, "chart-lang", "chart chart-lang");
    s += "<title id=\"chart-lang\">访问语言 Language of visits</title>";
    s += "<rect x=\"0\" y=\"0\" width=\"" + px(W) + "\" height=\"" + px(H) +
         "\" rx=\"10\" fill=\"" + kNavy + "\"/>";
    if (zh > 0)
        s += "<rect x=\"0\" y=\"0\" width=\"" + px(zh_w) + "\" height=\"" + px(H) +
             "\" rx=\"10\" fill=\"" + kTeal + "\"/>";
    if (zh > 0 && zh < zh + en)  // square the seam
        s += "<rect x=\"" + px(std::max(0.0, zh_w - 10)) + "\" y=\"0\" width=\"" +
             px(std::min(10.0, zh_w)) + "\" height=\"" + px(H) + "\" fill=\"" + kTeal + "\"/>";
    if (zh_w >= 150) s += text_at(16, 29, "中文 " + percent(zh, total), "class=\"lang-label\"");
    if (W - zh_w >= 150)
        s += text_at(W - 16, 29, "English " + percent(en, total),
                     "class=\"lang-label light\" text-anchor=\"end\"");
    return s + "</svg>";
}

// --- page parts ---

const char* kStyle = R"CSS(
:root{--navy:#0B1F33;--surface:#13314F;--teal:#19C3B1;--teal-ink:#0B7A70;--amber:#F5A524;
--ink:#10253A;--ink2:#51657A;--line:#DCE4EC;--page:#EEF2F6}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;background:var(--page);color:var(--ink);font-size:15px;line-height:1.55;
font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","Microsoft YaHei","微软雅黑",
"PingFang SC","Hiragino Sans GB","WenQuanYi Micro Hei","Segoe UI",Roboto,Arial,sans-serif}
.en{color:var(--ink2);font-weight:400}
.page{max-width:1080px;margin:0 auto;padding:0 24px 40px}
.top{background:linear-gradient(135deg,#0B1F33 0%,#13314F 100%);color:#F4F7FA;
padding:28px 36px 26px;border-radius:0 0 18px 18px;border-top:6px solid var(--teal);
display:flex;justify-content:space-between;gap:24px;flex-wrap:wrap}
.top .org{color:#A9BCCF;font-size:14px;letter-spacing:.04em}
.top h1{font-size:32px;margin:6px 0 0;line-height:1.25;font-weight:700}
.top h1 .en{display:block;color:#A9BCCF;font-size:19px;margin-top:2px}
.top dl{margin:4px 0 0;display:grid;grid-template-columns:auto auto;gap:4px 14px;font-size:14px;
align-content:start}
.top dt{color:#A9BCCF}.top dt .en{color:#7F97AE;font-size:12px}
.top dd{margin:0;font-weight:600}
.kpis{display:grid;grid-template-columns:repeat(5,1fr);gap:14px;margin:22px 0 20px}
.kpi{background:var(--surface);color:#F4F7FA;border-radius:16px;padding:16px 18px 14px}
.kpi .v{font-size:32px;font-weight:700;color:var(--amber);line-height:1.15;
font-variant-numeric:tabular-nums;white-space:nowrap}
.kpi .v small{font-size:17px;margin-left:2px}
.kpi .l{font-size:14px;margin-top:6px}.kpi .l .en{display:block;color:#A9BCCF;font-size:12px}
.card{background:#FFFFFF;border-radius:16px;padding:22px 26px 20px;margin:0 0 18px;
box-shadow:0 1px 2px rgba(11,31,51,.06),0 4px 14px rgba(11,31,51,.05);break-inside:avoid}
.card h2{font-size:20px;margin:0;line-height:1.35;padding-left:12px;border-left:4px solid var(--teal)}
.card h2 .en{font-size:15px;margin-left:6px}
.note{color:var(--ink2);font-size:13px;margin:4px 0 14px}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:18px}
.grid2 .card{margin:0}
.row2{margin-bottom:18px}
svg.chart{display:block;width:100%;height:auto;overflow:visible}
svg text{fill:var(--ink)}
svg .axis{font-size:12px;fill:var(--ink2)}
svg .small{font-size:10.5px}
svg .value{font-size:13px;font-weight:700;fill:var(--ink)}
svg .value.small{font-size:10.5px}
svg .muted{font-weight:400;fill:var(--ink2);font-size:12px}
svg .cell-value{font-size:11px}
svg .light{fill:#FFFFFF}
svg .rank{font-size:16px;font-weight:700;fill:var(--teal-ink)}
svg .item-zh{font-size:15px;font-weight:600}
svg .item-en{font-size:12px;fill:var(--ink2)}
svg .removed-tag{fill:#B42318;font-weight:600}
svg .en{fill:var(--ink2)}
svg .lang-label{font-size:16px;font-weight:700}
.legend{display:flex;gap:14px;align-items:center;flex-wrap:wrap;font-size:13px;margin:0 0 8px}
.key{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:5px;
vertical-align:-1px}
.key.line{height:3px;border-radius:2px;vertical-align:3px;width:18px}
.heat-legend{gap:4px;margin-top:10px}
.swatch{display:inline-block;min-width:46px;padding:1px 6px;text-align:center;border-radius:4px;
font-size:12px;color:var(--navy)}
.swatch.dark{color:#FFFFFF}
.lang-counts{display:flex;justify-content:space-between;font-size:14px;margin-top:8px}
table{border-collapse:collapse;width:100%;font-size:14px}
th{text-align:left;font-weight:600;color:var(--ink);border-bottom:2px solid var(--line);
padding:6px 8px;font-size:13px;vertical-align:bottom}
th .en{display:block;font-size:11px}
th.n,td.n{text-align:right;font-variant-numeric:tabular-nums}
td{border-bottom:1px solid var(--line);padding:4px 8px}
td.zero{color:#B3C0CC}
.verdict{font-size:15px;font-weight:600;margin:0 0 12px;padding:8px 14px;border-radius:10px;
background:#EFFAF8}
.verdict.trouble{background:#FFF6E5}
.verdict .en{display:block;font-size:13px}
tr.alert td{background:#FFF6E5}
td.bad{color:#B42318;font-weight:700}
tr.total td{font-weight:700;border-top:2px solid var(--line);border-bottom:0}
td.query{font-weight:600;word-break:break-all}
.meter{height:8px;border-radius:4px;background:var(--teal);min-width:2px}
.empty{text-align:center;padding:44px 24px}
.empty .big{font-size:24px;font-weight:700;margin:0 auto;max-width:none}
.empty .big .en{display:block;font-size:17px}
.empty p{color:var(--ink2);max-width:640px;margin:12px auto 0}
.about{display:grid;grid-template-columns:1fr 1fr;gap:18px;font-size:13.5px}
.about h3{font-size:15px;margin:0 0 4px}
.about p{margin:0 0 6px}
.about .en{font-size:12.5px}
.privacy{border-left:4px solid var(--teal);background:#EFFAF8;border-radius:10px;padding:12px 16px}
footer{color:var(--ink2);font-size:12px;text-align:center;margin-top:8px}
@media (max-width:820px){.kpis{grid-template-columns:repeat(2,1fr)}.grid2,.about{grid-template-columns:1fr}}
@page{size:A4;margin:11mm}
@media print{
body{background:#FFFFFF;font-size:12px}
.page{max-width:none;padding:0}
.top{border-radius:10px;padding:16px 22px}
.top h1{font-size:24px}
.kpis{gap:8px;margin:12px 0}
.kpi{padding:10px 12px}.kpi .v{font-size:24px}
.card{box-shadow:none;border:1px solid var(--line);padding:12px 16px;margin-bottom:10px}
.grid2{gap:10px}.row2{margin-bottom:10px}
.page-break{break-before:page}
}
)CSS";

std::string card_open(std::string_view zh, std::string_view en, const std::string& note = "") {
    std::string s = "<section class=\"card\"><h2>" + bi(zh, en) + "</h2>";
    s += note.empty() ? "<div class=\"note\"></div>" : "<p class=\"note\">" + note + "</p>";
    return s;
}

std::string kpi(const std::string& value, std::string_view zh, std::string_view en) {
    return "<div class=\"kpi\"><div class=\"v\">" + value + "</div><div class=\"l\">" + bi(zh, en) +
           "</div></div>";
}

struct Totals {
    long long session_seconds = 0;
    long long views = 0;
    bool any_health = false;
};

Totals totals_of(const StatsSummary& s) {
    Totals t;
    for (const auto& d : s.days) {
        t.session_seconds += d.session_seconds;
        t.views += d.views;
        t.any_health = t.any_health || d.starts || d.crashes || d.imports || d.imports_refused ||
                       d.rollbacks || d.display_on_hours > 0;
    }
    return t;
}

std::string header(const StatsSummary& s) {
    const std::string range = s.from_day.empty() ? "–" : esc(s.from_day) + " — " + esc(s.to_day);
    std::string h =
        "<header class=\"top\"><div><div class=\"org\">南京江北新材料产业创新联盟 · "
        "Jiangbei New Materials Industry Innovation Alliance</div>";
    h += "<h1>展示机访客统计<span class=\"en\" lang=\"en\">Kiosk visitor "
         "statistics</span></h1></div>";
    h += "<dl><dt>展示机 <span class=\"en\">Kiosk</span></dt><dd>" +
         (s.kiosk_name.empty() ? "–" : esc(s.kiosk_name)) + "</dd>";
    h += "<dt>时间范围 <span class=\"en\">Period</span></dt><dd>" + range + "（" +
         std::to_string(s.days.size()) + " 天 / days）</dd>";
    h += "<dt>生成时间 <span class=\"en\">Made</span></dt><dd>" + esc(s.made_at) + "</dd></dl>";
    return h + "</header>";
}

std::string kpis(const StatsSummary& s, const Totals& t) {
    const BilingualText avg = duration(s.sessions > 0 ? t.session_seconds / s.sessions : 0);
    const double per_day =
        s.days.empty() ? 0 : static_cast<double>(s.sessions) / static_cast<double>(s.days.size());
    std::string k = "<div class=\"kpis\">";
    k += kpi(grouped(s.sessions), "访问次数", "Visits");
    k += kpi(per_day >= 100 ? grouped(std::llround(per_day)) : fixed(per_day, 1), "日均访问",
             "Visits per day");
    k += kpi(esc(avg.zh), "平均访问时长", ("Average visit · " + avg.en).c_str());
    k += kpi(grouped(s.searches), "搜索次数", "Searches");
    k += kpi(
        percent(s.searches_empty, s.searches), "搜索无结果",
        ("Found nothing · " + grouped(s.searches_empty) + " of " + grouped(s.searches)).c_str());
    return k + "</div>";
}

std::string days_card(const StatsSummary& s) {
    std::string c = card_open("每日访问", "Visits per day",
                              "一次访问：从有人触摸屏幕起，到展示机回到待机画面为止。/ A visit "
                              "lasts from the first touch until the kiosk returns to its "
                              "attract screen.");
    c += "<div class=\"legend\"><span><span class=\"key\" style=\"background:#19C3B1\"></span>" +
         bi("工作日", "Weekdays") +
         "</span><span><span class=\"key\" style=\"background:#F5A524\"></span>" +
         bi("周末", "Weekends") + "</span>";
    if (s.days.size() > 31)
        c += "<span><span class=\"key line\" style=\"background:#0B1F33\"></span>" +
             bi("7 日平均", "7-day average") + "</span>";
    c += "</div>" + day_bars_svg(s.days);
    return c + "</section>";
}

std::string heat_card(const StatsSummary& s) {
    std::string note;
    if (s.heat_from_day.empty())
        note = "";
    else if (s.heat_from_day > s.from_day)
        note = "自 " + esc(s.heat_from_day) + " 起计（更早的日子只保留每日合计）。/ Counted from " +
               esc(s.heat_from_day) + " (older days keep daily totals only).";
    else
        note = "自 " + esc(s.heat_from_day) + " 起计。/ Counted from " + esc(s.heat_from_day) + ".";
    std::string c = card_open("一周中的热门时段", "Busy hours of the week",
                              note +
                                  " 横向为一天中的小时，格中数字为访问次数。/ Across: hour of "
                                  "the day; numbers are visits.");
    if (s.heat_from_day.empty())
        return c +
               "<p>这段时间没有按小时的记录。<span class=\"en\">No hourly records in this "
               "period.</span></p></section>";
    return c + heat_map_svg(s.heat) + heat_legend(s.heat) + "</section>";
}

std::vector<ItemSummary> first(const std::vector<ItemSummary>& all, size_t n) {
    return {all.begin(), all.begin() + static_cast<ptrdiff_t>(std::min(n, all.size()))};
}

std::string items_card(const StatsSummary& s) {
    const auto top = first(s.items, 10);
    std::string c = card_open("最受关注的内容（前 10）", "Top 10 items",
                              "按打开次数排序；“已删除”表示该条目已不在当前内容中。/ By times "
                              "opened; “removed” items are no longer in the installed content.");
    if (top.empty())
        return c +
               "<p>还没有人打开过具体条目。<span class=\"en\">No item was opened yet.</span></p>"
               "</section>";
    return c + item_bars_svg(top, "chart-items", "最受关注的内容 Top items") + "</section>";
}

std::string screens_card(const StatsSummary& s) {
    const auto top = first(s.screens, 8);
    if (top.empty()) return "";
    return card_open("最常用的页面", "Most used screens",
                     "列表页和首页等，不含具体条目。/ Lists, home and search; items are above.") +
           item_bars_svg(top, "chart-screens", "最常用的页面 Most used screens") + "</section>";
}

std::string language_card(const StatsSummary& s) {
    const int total = s.sessions_zh + s.sessions_en;
    std::string c = card_open("访问语言", "Language",
                              "访问结束时屏幕所用的语言。/ The language a visit ended in.");
    c += language_svg(s.sessions_zh, s.sessions_en);
    c += "<div class=\"lang-counts\"><span><span class=\"key\" style=\"background:#19C3B1\">"
         "</span>中文 <b>" +
         percent(s.sessions_zh, total) + "</b> · " + grouped(s.sessions_zh) +
         " 次</span><span><span class=\"key\" style=\"background:#0B1F33\"></span>English <b>" +
         percent(s.sessions_en, total) + "</b> · " + grouped(s.sessions_en) +
         " visits</span></div>";
    return c + "</section>";
}

std::string distribution_cards(const StatsSummary& s) {
    std::string c = "<div class=\"grid2 row2\">";
    c +=
        card_open("访问时长", "Visit length", "每个时长区间的访问次数及占比。/ Visits per length.");
    c += bucket_bars_svg(s.session_length, length_labels(), "chart-length",
                         "访问时长分布 Visit length");
    c += "</section>";
    c += card_open("每次访问看的页面数", "Screens per visit",
                   "不含待机画面。/ The attract screen is not counted.");
    c += bucket_bars_svg(s.session_screens, screens_labels(), "chart-screens-seen",
                         "每次访问看的页面数 Screens per visit");
    return c + "</section></div>";
}

std::string missed_card(const StatsSummary& s) {
    std::string c = card_open(
        "没有找到结果的搜索", "Searches that found nothing",
        "访客搜了却没找到的词，最常见的在前。可以考虑把它们加进内容或名称里。/ Words visitors "
        "searched for without a result, most frequent first: consider adding them to the content.");
    if (s.missed_queries.empty())
        return c +
               "<p>没有找不到结果的搜索。<span class=\"en\">Every search found something.</span>"
               "</p></section>";
    const int max = std::max(1, s.missed_queries.front().count);
    c += "<table class=\"missed\"><thead><tr><th class=\"n\" style=\"width:3em\">#</th><th>" +
         bi("搜索词", "Query") + "</th><th class=\"n\" style=\"width:6em\">" + bi("次数", "Times") +
         "</th><th style=\"width:40%\"></th></tr></thead><tbody>";
    const size_t shown = std::min<size_t>(20, s.missed_queries.size());
    for (size_t i = 0; i < shown; ++i) {
        const QueryCount& q = s.missed_queries[i];
        c += "<tr><td class=\"n\">" + std::to_string(i + 1) + "</td><td class=\"query\">" +
             esc(q.query) + "</td><td class=\"n\">" + grouped(q.count) +
             "</td><td><div class=\"meter\" style=\"width:" +
             px(100.0 * std::max(0, q.count) / max) + "%\"></div></td></tr>";
    }
    c += "</tbody></table>";
    if (s.missed_queries.size() > shown)
        c += "<p class=\"note\">另有 " + std::to_string(s.missed_queries.size() - shown) +
             " 个词见 missed-searches.csv。/ " + std::to_string(s.missed_queries.size() - shown) +
             " more in missed-searches.csv.</p>";
    return c + "</section>";
}

// The kiosk's own days: a sentence saying how it went, then up to 31 days one row a day, else one
// a week (Monday to Sunday) so a year stays a few pages; daily.csv has every day.
std::string health_card(const StatsSummary& s) {
    const bool weekly = s.days.size() > 31;
    DaySummary total;
    int troubled_days = 0;
    for (const auto& d : s.days) {
        total.starts += d.starts;
        total.crashes += d.crashes;
        total.imports += d.imports;
        total.imports_refused += d.imports_refused;
        total.rollbacks += d.rollbacks;
        total.display_on_hours += d.display_on_hours;
        if (d.crashes > 0 || d.imports_refused > 0 || d.rollbacks > 0) ++troubled_days;
    }
    const std::string n = std::to_string(s.days.size());
    const std::string fine = std::to_string(s.days.size() - static_cast<size_t>(troubled_days));
    std::string verdict =
        troubled_days == 0
            ? n + " 天都运行正常。<span class=\"en\">All " + n + " days ran normally.</span>"
            : n + " 天中 " + fine + " 天运行正常；异常重启 " + grouped(total.crashes) +
                  " 次，被拒绝的更新 " + grouped(total.imports_refused) + " 次，回退 " +
                  grouped(total.rollbacks) + " 次。<span class=\"en\">" + fine + " of " + n +
                  " days ran normally; " + grouped(total.crashes) + " crashes, " +
                  grouped(total.imports_refused) + " refused updates, " + grouped(total.rollbacks) +
                  " rollbacks.</span>";
    std::string c = card_open("展示机运行情况", "Kiosk health",
                              std::string(weekly ? "每周合计，每天的数字见 daily.csv。" : "") +
                                  "标色的行有异常重启、被拒绝的更新或回退。/ " +
                                  (weekly ? "Weekly totals; every day is in daily.csv. " : "") +
                                  "Shaded rows had a crash, a refused update or a rollback.");
    c += "<p class=\"verdict" + std::string(troubled_days ? " trouble" : "") + "\">" + verdict +
         "</p>";
    c += "<table class=\"health\"><thead><tr><th>" +
         (weekly ? bi("周", "Week") : bi("日期", "Date")) + "</th><th class=\"n\">" +
         bi("启动", "Starts") + "</th><th class=\"n\">" + bi("异常重启", "Crashes") +
         "</th><th class=\"n\">" + bi("内容更新", "Imports") + "</th><th class=\"n\">" +
         bi("被拒绝", "Refused") + "</th><th class=\"n\">" + bi("回退", "Rollbacks") +
         "</th><th class=\"n\">" + bi("亮屏小时", "Display hours") + "</th></tr></thead><tbody>";
    auto row = [&](const std::string& label, const DaySummary& d, bool is_total) {
        const bool alert = d.crashes > 0 || d.imports_refused > 0 || d.rollbacks > 0;
        auto cell = [](int v, bool bad) {
            return std::string("<td class=\"n") +
                   (v == 0 ? " zero"
                    : bad  ? " bad"
                           : "") +
                   "\">" + grouped(v) + "</td>";
        };
        c += std::string("<tr") +
             (is_total ? " class=\"total\""
              : alert  ? " class=\"alert\""
                       : "") +
             "><td>" + label + "</td>" + cell(d.starts, false) + cell(d.crashes, true) +
             cell(d.imports, false) + cell(d.imports_refused, true) + cell(d.rollbacks, true) +
             "<td class=\"n\">" + fixed(d.display_on_hours, 1) + "</td></tr>";
    };
    for (size_t i = 0; i < s.days.size();) {
        DaySummary group;
        size_t j = i;
        do {
            const DaySummary& d = s.days[j++];
            group.starts += d.starts;
            group.crashes += d.crashes;
            group.imports += d.imports;
            group.imports_refused += d.imports_refused;
            group.rollbacks += d.rollbacks;
            group.display_on_hours += d.display_on_hours;
        } while (weekly && j < s.days.size() && weekday_of(s.days[j].day) != 0);
        const std::string label =
            weekly ? esc(month_day(s.days[i].day)) + " – " + esc(month_day(s.days[j - 1].day))
                   : esc(s.days[i].day) + " <span class=\"en\">" + weekday_text(s.days[i].day) +
                         "</span>";
        row(label, group, false);
        i = j;
    }
    row(bi("合计", "Total"), total, true);
    return c + "</tbody></table></section>";
}

std::string empty_card() {
    return "<section class=\"card empty\"><p class=\"big\">这段时间还没有访客记录<span "
           "class=\"en\" lang=\"en\">No visits were recorded in this period yet</span></p><p>"
           "有人使用展示机后，这里会出现每日访问、热门时段和最受关注的内容。<br><span "
           "class=\"en\" lang=\"en\">Once visitors use the kiosk, this page shows visits per day, "
           "busy hours and the most viewed items.</span></p></section>";
}

std::string about_card(const StatsSummary& s) {
    std::string c = "<section class=\"card\"><div class=\"about\"><div class=\"privacy\"><h3>" +
                    bi("隐私", "Privacy") +
                    "</h3><p>只记录按小时或更粗的计数：访问次数、时长、打开的页面、搜索词和"
                    "展示机自身的运行情况。不记录任何个人信息，不使用摄像头，不记录手机或设备标识"
                    "。</p><p class=\"en\" lang=\"en\">Only counts per hour or coarser are kept: "
                    "visits, their length, screens opened, search words and the kiosk's own "
                    "health. No personal data, no camera, no phone or device identifiers.</p>"
                    "</div><div><h3>" +
                    bi("关于这些数字", "About these numbers") +
                    "</h3><p>时间均为展示机的本地时间。搜索词按输入保存（去掉首尾空格、转为小写"
                    "）。每日明细在同一文件夹的 daily.csv、hourly.csv、items.csv 和 "
                    "missed-searches.csv 中，可用 Excel 或 WPS 打开。</p><p class=\"en\" "
                    "lang=\"en\">Times are the kiosk's local time. Search words are kept as typed "
                    "(trimmed, lower case). The numbers are also in daily.csv, hourly.csv, "
                    "items.csv and missed-searches.csv beside this file, for Excel or WPS.</p>";
    if (!s.heat_from_day.empty() && s.heat_from_day > s.from_day)
        c += "<p>" + esc(s.heat_from_day) +
             " 之前的日子只保留每日合计。<span class=\"en\" "
             "lang=\"en\">Days before " +
             esc(s.heat_from_day) + " keep daily totals only.</span></p>";
    return c + "</div></div></section>";
}

}  // namespace

// --- the page ---

std::string report_html(const StatsSummary& s) {
    const Totals t = totals_of(s);
    std::string h = "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">";
    // Nothing may be fetched or run: the page is opened from a stick on any office PC.
    h += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; img-src data:\">";
    h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
    h += "<title>展示机访客统计 Kiosk visitor statistics · " + esc(s.kiosk_name) + " · " +
         esc(s.from_day) + " – " + esc(s.to_day) + "</title><style>" + kStyle +
         "</style></head><body><div class=\"page\">";
    h += header(s);
    if (s.sessions <= 0) {
        h += "<div style=\"height:20px\"></div>" + empty_card();
    } else {
        h += kpis(s, t);
        h += days_card(s);
        h += heat_card(s);
        h += items_card(s);
        h += screens_card(s);
        h += distribution_cards(s);
        h += language_card(s);
        h += missed_card(s);
    }
    if (s.sessions > 0 || t.any_health) h += health_card(s);
    h += about_card(s);
    h += "<footer>由展示机软件生成 · Made by the kiosk software · " + esc(s.made_at) +
         "</footer></div></body></html>\n";
    return h;
}

// --- the folder ---

namespace {

[[noreturn]] void fail(const std::string& what_zh, const std::string& what_en, int err) {
    throw std::runtime_error(what_zh + "：" + std::strerror(err) +
                             "。请确认目标位置可写、空间足够（U 盘未写保护）后重试。/ " + what_en +
                             ": " + std::strerror(err) +
                             ". Check that the place is writable and has space (a stick not "
                             "write-protected), then try again.");
}

// Temporary file beside the target, fsync, rename over it: the target is the old file or the
// whole new one, never half.
void write_file_atomically(const std::filesystem::path& target, const std::string& bytes) {
    std::string tmp =
        (target.parent_path() / ("." + target.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(tmp.data());
    if (fd < 0) fail("无法写入 " + target.string(), "Could not write " + target.string(), errno);
    size_t done = 0;
    int err = 0;
    while (done < bytes.size() && !err) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno != EINTR) err = errno;
        if (n > 0) done += static_cast<size_t>(n);
    }
    if (!err && ::fchmod(fd, 0644) != 0) err = errno;
    if (!err && ::fsync(fd) != 0) err = errno;
    if (::close(fd) != 0 && !err) err = errno;
    if (!err && ::rename(tmp.c_str(), target.c_str()) != 0) err = errno;
    if (err) {
        ::unlink(tmp.c_str());
        fail("无法写入 " + target.string(), "Could not write " + target.string(), err);
    }
}

// The renames are durable only once the folder itself is on disk.
void sync_dir(const std::filesystem::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;  // some filesystems cannot open a folder; the files are synced
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

void write_stats_folder(const StatsSummary& summary, const std::string& dir) {
    const std::filesystem::path folder(dir);
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec || !std::filesystem::is_directory(folder))
        fail("无法建立文件夹 " + dir, "Could not make the folder " + dir,
             ec ? ec.value() : ENOTDIR);
    write_file_atomically(folder / kReportFile, report_html(summary));
    write_file_atomically(folder / kDailyCsv, daily_csv(summary));
    write_file_atomically(folder / kHourlyCsv, hourly_csv(summary));
    write_file_atomically(folder / kItemsCsv, items_csv(summary));
    write_file_atomically(folder / kMissedSearchesCsv, missed_searches_csv(summary));
    sync_dir(folder);
}

}  // namespace kiosk::stats
