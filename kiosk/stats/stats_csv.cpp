// Sections: cells · the files
#include "kiosk/stats/stats_csv.h"

#include <cstdio>
#include <vector>

#include "kiosk/core/safe_text.h"

namespace kiosk::stats {
namespace {

// --- cells ---

std::string number_cell(long long v) {
    return std::to_string(v);
}

std::string hours_cell(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

// Rows are built from finished cells; each file starts with the BOM and ends every row in CRLF.
class CsvFile {
  public:
    explicit CsvFile(const std::vector<std::string>& header) : text_(kUtf8Bom) {
        std::vector<std::string> cells;
        for (const auto& h : header) cells.push_back(csv_text_cell(h));
        row(cells);
    }
    void row(const std::vector<std::string>& cells) {
        for (size_t i = 0; i < cells.size(); ++i) {
            if (i) text_ += ',';
            text_ += cells[i];
        }
        text_ += "\r\n";
    }
    std::string take() { return std::move(text_); }

  private:
    std::string text_;
};

// "<3 s", "3–10 s", …, "≥120 s": the headings of the dwell buckets.
template <size_t N>
std::vector<std::string> bucket_headings(const std::array<int, N>& edges, const char* zh,
                                         const char* en) {
    std::vector<std::string> out;
    for (size_t b = 0; b <= N; ++b) {
        std::string range = b == 0 ? "<" + std::to_string(edges[0])
                            : b == N
                                ? "≥" + std::to_string(edges[N - 1])
                                : std::to_string(edges[b - 1]) + "–" + std::to_string(edges[b]);
        out.push_back(std::string(zh) + " " + range + " 秒 / " + en + " " + range + " s");
    }
    return out;
}

void item_rows(CsvFile& csv, const std::vector<ItemSummary>& items) {
    for (const auto& it : items) {
        std::vector<std::string> cells = {csv_text_cell(it.screen),  csv_text_cell(it.kind),
                                          csv_text_cell(it.id),      csv_text_cell(it.name.zh),
                                          csv_text_cell(it.name.en), number_cell(it.gone ? 1 : 0),
                                          number_cell(it.views),     number_cell(it.seconds)};
        for (int d : it.dwell) cells.push_back(number_cell(d));
        csv.row(cells);
    }
}

}  // namespace

std::string csv_text_cell(std::string_view raw) {
    std::string text = safe_text(raw, LineBreaks::Keep);
    // Excel and WPS run a cell that starts like this as a formula (=HYPERLINK(…), -2+3, @SUM).
    if (!text.empty() && std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos)
        text.insert(0, 1, '\'');
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

// --- the files ---

std::string daily_csv(const StatsSummary& s) {
    CsvFile csv({"日期 date", "访问 sessions", "访问总秒数 session_seconds", "浏览 views",
                 "搜索 searches", "未找到 searches_empty", "启动 starts", "异常重启 crashes",
                 "内容更新 imports", "被拒绝的更新 imports_refused", "回退 rollbacks",
                 "亮屏小时 display_on_hours"});
    for (const auto& d : s.days)
        csv.row({csv_text_cell(d.day), number_cell(d.sessions), number_cell(d.session_seconds),
                 number_cell(d.views), number_cell(d.searches), number_cell(d.searches_empty),
                 number_cell(d.starts), number_cell(d.crashes), number_cell(d.imports),
                 number_cell(d.imports_refused), number_cell(d.rollbacks),
                 hours_cell(d.display_on_hours)});
    return csv.take();
}

std::string hourly_csv(const StatsSummary& s) {
    CsvFile csv({"日期 date", "小时 hour", "访问 sessions", "访问总秒数 session_seconds",
                 "浏览 views", "搜索 searches", "未找到 searches_empty"});
    for (const auto& h : s.hours)
        csv.row({csv_text_cell(h.day), number_cell(h.hour), number_cell(h.sessions),
                 number_cell(h.session_seconds), number_cell(h.views), number_cell(h.searches),
                 number_cell(h.searches_empty)});
    return csv.take();
}

std::string items_csv(const StatsSummary& s) {
    std::vector<std::string> header = {"页面 screen",      "类型 kind",
                                       "编号 id",          "中文名称 name_zh",
                                       "英文名称 name_en", "已删除 removed (1 = 是 yes)",
                                       "浏览 views",       "停留总秒数 seconds"};
    for (auto& h : bucket_headings(kDwellSecondsEdges, "停留", "dwell")) header.push_back(h);
    CsvFile csv(header);
    item_rows(csv, s.items);
    item_rows(csv, s.screens);
    return csv.take();
}

std::string missed_searches_csv(const StatsSummary& s) {
    CsvFile csv({"排名 rank", "搜索词 query", "次数 count"});
    int rank = 0;
    for (const auto& q : s.missed_queries)
        csv.row({number_cell(++rank), csv_text_cell(q.query), number_cell(q.count)});
    return csv.take();
}

}  // namespace kiosk::stats
