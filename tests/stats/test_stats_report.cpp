// The exported statistics (report.html, the CSVs, the folder, `kiosk-pack stats`) as staff would
// notice them: the numbers are there, hostile names cannot break out, Excel opens the CSVs right.
// Sections: helpers · the report · the CSVs · the folder · the command
#include <sys/wait.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "kiosk/core/utf8.h"
#include "kiosk/stats/stats_csv.h"
#include "kiosk/stats/stats_report.h"
#include "kiosk/stats/stats_store.h"
#include "tests/support/temp_dir.h"

namespace fs = std::filesystem;
using kiosk::testing::TempDir;
using namespace kiosk::stats;

namespace {

// --- helpers ---

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

size_t count_of(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
        ++n;
    return n;
}

bool contains(const std::string& text, const std::string& needle) {
    return text.find(needle) != std::string::npos;
}

ItemSummary item(const std::string& id, const std::string& zh, const std::string& en, int views,
                 bool gone = false) {
    ItemSummary it;
    it.screen = "member";
    it.kind = "member";
    it.id = id;
    it.name = {zh, en};
    it.views = views;
    it.seconds = views * 20LL;
    it.gone = gone;
    return it;
}

// A week of visits: 2026-11-26 (Thursday) .. 2026-12-02.
StatsSummary week() {
    StatsSummary s;
    s.from_day = "2026-11-26";
    s.to_day = "2026-12-02";
    s.made_at = "2026-12-02 20:31";
    s.kiosk_name = "hall-kiosk-1";
    const char* days[] = {"2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29",
                          "2026-11-30", "2026-12-01", "2026-12-02"};
    for (int i = 0; i < 7; ++i) {
        DaySummary d;
        d.day = days[i];
        d.sessions = 100 + i * 50;  // 100 … 400: 1,750 in all
        d.session_seconds = d.sessions * 65LL;
        d.searches = 40;
        d.searches_empty = 10;
        d.starts = 1;
        d.display_on_hours = 10;
        s.days.push_back(d);
        s.sessions += d.sessions;
        s.searches += d.searches;
        s.searches_empty += d.searches_empty;
    }
    s.days[3].crashes = 1;
    s.heat[0][10] = 80;
    s.heat[6][15] = 12;
    s.heat_from_day = s.from_day;
    s.hours.push_back({"2026-12-02", 10, 80, 5200, 300, 12, 3});
    s.items = {item("nju", "南京大学", "Nanjing University", 900),
               item("old", "旧成员单位", "A former member", 300, true)};
    s.screens = {ItemSummary{"home", "", "", {"首页", "Home"}, false, 1200, 6000, {}}};
    s.sessions_zh = 1400;
    s.sessions_en = 350;
    s.session_length = {100, 300, 500, 400, 300, 100, 50};
    s.session_screens = {200, 500, 600, 300, 100, 50};
    s.missed_queries = {{"石墨烯", 25}, {"wifi", 7}};
    return s;
}

// RFC 4180: rows of cells; quoted cells may hold commas, quotes ("") and line breaks.
std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
    std::vector<std::vector<std::string>> rows(1);
    std::string cell;
    bool quoted = false, cell_started = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
                cell += '"', ++i;
            else if (c == '"')
                quoted = false;
            else
                cell += c;
        } else if (c == '"' && !cell_started) {
            quoted = cell_started = true;
        } else if (c == ',') {
            rows.back().push_back(cell), cell.clear(), cell_started = false;
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            rows.back().push_back(cell), cell.clear(), cell_started = false;
            rows.emplace_back();
            ++i;
        } else {
            cell += c;
            cell_started = true;
        }
    }
    if (rows.back().empty()) rows.pop_back();
    return rows;
}

}  // namespace

// --- the report ---

TEST_CASE("the report shows the totals, the period, the kiosk and every day") {
    const std::string html = report_html(week());
    CHECK(contains(html, "1,750"));      // visits
    CHECK(contains(html, ">250<"));      // per day
    CHECK(contains(html, "1 分 5 秒"));  // average visit
    CHECK(contains(html, "1 min 5 s"));
    CHECK(contains(html, ">280<"));  // searches
    CHECK(contains(html, ">25%<"));  // found nothing
    CHECK(contains(html, "hall-kiosk-1"));
    CHECK(contains(html, "2026-11-26 — 2026-12-02"));
    CHECK(contains(html, "2026-12-02 20:31"));
    for (const auto& d : week().days) CHECK(contains(html, "<title>" + d.day + " "));
    CHECK(count_of(html, "class=\"day-bar\"") == 7);
    CHECK(count_of(html, "class=\"heat-cell\"") == 168);
    CHECK(contains(html, "自 2026-11-26 起计"));
    CHECK(contains(html, "&lt;10 s"));
    CHECK(contains(html, "≥10 min"));
    CHECK(contains(html, "石墨烯"));
    CHECK(contains(html, "中文 80%"));
    CHECK(contains(html, "English 20%"));
    CHECK(contains(html, "不使用摄像头"));  // the privacy line
    CHECK(contains(html, "no camera"));
    CHECK(contains(html, "@media print"));
    CHECK(contains(html, "Noto Sans CJK SC"));
    CHECK(contains(html, "Microsoft YaHei"));
    CHECK(contains(html, "7 天中 6 天运行正常"));  // the crash of 11-29
}

TEST_CASE("the report fetches and runs nothing") {
    const std::string html = report_html(week());
    CHECK_FALSE(contains(html, "<script"));
    CHECK_FALSE(contains(html, "<link"));
    CHECK_FALSE(contains(html, "<img"));
    CHECK_FALSE(contains(html, "url("));
    CHECK_FALSE(contains(html, "@import"));
    CHECK_FALSE(contains(html, "src="));
    // The one address in the page is the SVG namespace, which is a name, not a download.
    CHECK(count_of(html, "://") == count_of(html, "xmlns=\"http://www.w3.org/2000/svg\""));
    CHECK(contains(html, "default-src 'none'"));
}

TEST_CASE("hostile names, queries and host names arrive as text") {
    StatsSummary s = week();
    s.kiosk_name = "<script>alert('host')</script>";
    s.items[0].name = {"<script>alert(1)</script>", "A & B \"quoted\" 'single' ]]> <b>bold</b>"};
    s.items[1].name = {"bad\xff\xfeutf8\x01\x1b[31m", "\xe2\x80\xaereversed"};  // U+202E
    s.missed_queries = {{"<img src=x onerror=alert(1)>", 9}, {"]]><svg onload=x>", 3}};
    s.screens[0].name.zh = "</text></svg><script>x</script>";
    const std::string html = report_html(s);
    CHECK_FALSE(contains(html, "<script"));
    CHECK_FALSE(contains(html, "<img"));
    CHECK_FALSE(contains(html, "<b>bold"));
    CHECK_FALSE(contains(html, "]]>"));
    CHECK_FALSE(contains(html, "<svg onload"));
    CHECK(contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    CHECK(contains(html, "A &amp; B &quot;quoted&quot; &#39;single&#39; ]]&gt;"));
    CHECK(contains(html, "&lt;img src=x onerror=alert(1)&gt;"));
    CHECK(contains(html, "bad\xef\xbf\xbd\xef\xbf\xbdutf8[31m"));  // U+FFFD, controls dropped
    CHECK(kiosk::is_valid_utf8(html));
    CHECK_FALSE(contains(html, "\xe2\x80\xae"));
    CHECK(std::none_of(html.begin(), html.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\n'; }));
    // Every tag is one of ours: the same number of <svg as charts, nothing more.
    CHECK(count_of(html, "<svg") == count_of(html, "</svg>"));
}

TEST_CASE("items no longer in the content are marked removed") {
    const std::string html = report_html(week());
    CHECK(count_of(html, "<tspan class=\"removed-tag\">（已删除）</tspan>") == 1);
    CHECK(count_of(html, "<tspan class=\"removed-tag\"> (removed)</tspan>") == 1);
    const size_t removed = html.find("旧成员单位");
    const size_t kept = html.find("南京大学");
    REQUIRE(removed != std::string::npos);
    REQUIRE(kept != std::string::npos);
    CHECK(html.find("（已删除）", removed) < html.find("</g>", removed));
    CHECK(html.find("（已删除）", kept) > html.find("</g>", kept));  // not on the kept one
}

TEST_CASE("a period without visits says so in both languages instead of empty charts") {
    StatsSummary s = week();
    for (auto& d : s.days) d.sessions = 0, d.session_seconds = 0, d.searches = d.searches_empty = 0;
    s.sessions = s.searches = s.searches_empty = 0;
    s.items.clear();
    s.screens.clear();
    s.missed_queries.clear();
    s.heat = {};
    const std::string html = report_html(s);
    CHECK(contains(html, "这段时间还没有访客记录"));
    CHECK(contains(html, "No visits were recorded in this period yet"));
    CHECK_FALSE(contains(html, "class=\"day-bar\""));
    CHECK_FALSE(contains(html, "class=\"heat-cell\""));
    CHECK(contains(html, "展示机运行情况"));  // the kiosk ran: its health still shows
    CHECK(contains(html, "不使用摄像头"));

    StatsSummary nothing;  // a database without a single row in range
    const std::string bare = report_html(nothing);
    CHECK(contains(bare, "No visits were recorded"));
    CHECK_FALSE(contains(bare, "Kiosk health"));
}

TEST_CASE("a long period keeps its bars readable: month labels, weekly health rows") {
    StatsSummary s;
    s.from_day = "2025-11-01";
    s.made_at = "2026-12-05 09:00";
    for (int i = 0; i < 400; ++i) {
        DaySummary ds;
        ds.day = add_days(s.from_day, i);
        ds.sessions = 50 + i % 37;
        ds.session_seconds = ds.sessions * 40LL;
        ds.starts = 1;
        s.days.push_back(ds);
        s.sessions += ds.sessions;
    }
    s.to_day = s.days.back().day;
    s.heat_from_day = "2026-09-06";
    s.heat[2][11] = 5;
    const std::string html = report_html(s);
    CHECK(count_of(html, "class=\"day-bar\"") == 400);
    for (const auto& ds : s.days) CHECK(contains(html, "<title>" + ds.day + " "));
    CHECK(contains(html, "1月 Jan"));
    CHECK(contains(html, "7 日平均"));
    CHECK(contains(html, "最多 Busiest"));
    CHECK_FALSE(contains(html, "class=\"value small\""));  // no number over each thin bar
    CHECK(contains(html, "每周合计"));
    CHECK(count_of(html, "<tr") < 70);  // 58 weeks, not 400 days
    CHECK(contains(html, "自 2026-09-06 起计（更早的日子只保留每日合计）"));
}

// --- the CSVs ---

TEST_CASE("CSVs open right in Excel: BOM, CRLF, bilingual headers, every day") {
    const StatsSummary s = week();
    for (const std::string& csv :
         {daily_csv(s), hourly_csv(s), items_csv(s), missed_searches_csv(s)}) {
        CHECK(csv.rfind("\xEF\xBB\xBF", 0) == 0);
        CHECK(count_of(csv, "\n") == count_of(csv, "\r\n"));
        CHECK(csv.size() > 5);
        CHECK(csv.substr(csv.size() - 2) == "\r\n");
    }
    const auto daily = parse_csv(daily_csv(s).substr(3));
    REQUIRE(daily.size() == 8);
    CHECK(daily[0].size() == 12);
    CHECK(daily[0][0] == "日期 date");
    CHECK(daily[0][11] == "亮屏小时 display_on_hours");
    CHECK(daily[1] == std::vector<std::string>{"2026-11-26", "100", "6500", "0", "40", "10", "1",
                                               "0", "0", "0", "0", "10.00"});
    CHECK(daily[4][7] == "1");  // the crash of 11-29
    const auto items = parse_csv(items_csv(s).substr(3));
    REQUIRE(items.size() == 4);  // header, two items, one screen
    CHECK(items[0].size() == 8 + kDwellBuckets);
    CHECK(items[2][3] == "旧成员单位");
    CHECK(items[2][5] == "1");  // removed
    CHECK(items[3][0] == "home");
    const auto missed = parse_csv(missed_searches_csv(s).substr(3));
    CHECK(missed[1] == std::vector<std::string>{"1", "石墨烯", "25"});
}

TEST_CASE("CSV cells that would run as formulas get an apostrophe") {
    CHECK(csv_text_cell("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
    CHECK(csv_text_cell("+1+2") == "'+1+2");
    CHECK(csv_text_cell("-2+3") == "'-2+3");
    CHECK(csv_text_cell("@SUM(A1)") == "'@SUM(A1)");
    CHECK(csv_text_cell("\tcmd") == "'\tcmd");
    CHECK(csv_text_cell("\rcmd") == "\"'\rcmd\"");
    CHECK(csv_text_cell("a=b") == "a=b");
    CHECK(csv_text_cell("石墨烯") == "石墨烯");

    StatsSummary s = week();
    s.missed_queries = {{"=cmd|' /C calc'!A0", 4}};
    CHECK(contains(missed_searches_csv(s), ",'=cmd|' /C calc'!A0,4\r\n"));
}

TEST_CASE("CSV cells with commas, quotes and line breaks are quoted and read back whole") {
    CHECK(csv_text_cell("a,b") == "\"a,b\"");
    CHECK(csv_text_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_text_cell("two\nlines") == "\"two\nlines\"");
    CHECK(csv_text_cell("bad\xff\x01") == "bad\xef\xbf\xbd");

    StatsSummary s = week();
    s.items[0].name = {"南京大学，化学院", "Nanjing University, \"Chemistry\"\r\nSchool"};
    s.items[0].id = "id,with,commas";
    s.missed_queries = {{"a,b", 2}, {"\"quoted\"", 1}, {"multi\nline", 1}};
    const auto items = parse_csv(items_csv(s).substr(3));
    REQUIRE(items.size() == 4);
    CHECK(items[1][2] == "id,with,commas");
    CHECK(items[1][3] == "南京大学，化学院");
    CHECK(items[1][4] == "Nanjing University, \"Chemistry\"\r\nSchool");
    CHECK(items[1].size() == items[0].size());
    const auto missed = parse_csv(missed_searches_csv(s).substr(3));
    REQUIRE(missed.size() == 4);
    CHECK(missed[1][1] == "a,b");
    CHECK(missed[2][1] == "\"quoted\"");
    CHECK(missed[3][1] == "multi\nline");
}

// --- the folder ---

TEST_CASE("write_stats_folder writes the report and four CSVs and no temporary file") {
    TempDir tmp;
    const fs::path out = tmp.path / "stick" / "kiosk" / "stats";
    write_stats_folder(week(), out.string());
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(out)) names.insert(e.path().filename().string());
    CHECK(names == std::set<std::string>{"report.html", "daily.csv", "hourly.csv", "items.csv",
                                         "missed-searches.csv"});
    CHECK(read_file(out / "report.html") == report_html(week()));
    CHECK(read_file(out / "daily.csv") == daily_csv(week()));

    // Again over the old files: replaced whole, still nothing else.
    StatsSummary later = week();
    later.kiosk_name = "renamed-kiosk";
    write_stats_folder(later, out.string());
    CHECK(contains(read_file(out / "report.html"), "renamed-kiosk"));
    CHECK(std::distance(fs::directory_iterator(out), fs::directory_iterator()) == 5);
}

TEST_CASE("write_stats_folder says in both languages when it cannot write") {
    TempDir tmp;
    std::ofstream(tmp.path / "a-file") << "x";
    try {
        write_stats_folder(week(), (tmp.path / "a-file" / "stats").string());
        FAIL("no error");
    } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        CHECK(contains(what, "无法建立文件夹"));
        CHECK(contains(what, "Could not make the folder"));
    }
    CHECK(std::distance(fs::directory_iterator(tmp.path), fs::directory_iterator()) == 1);
}

// --- the command ---

#ifdef KIOSK_PACK_TOOL
namespace {

struct Run {
    int status;
    std::string output;
};

Run kiosk_pack(const std::string& args, const fs::path& log) {
    const std::string cmd =
        std::string(KIOSK_PACK_TOOL) + " " + args + " > " + log.string() + " 2>&1";
    const int status = std::system(cmd.c_str());
    return {WEXITSTATUS(status), read_file(log)};
}

}  // namespace

TEST_CASE("kiosk-pack stats explains a missing stats.db and bad usage") {
    TempDir tmp;
    const fs::path log = tmp.path / "log.txt";
    const std::string dirs =
        " --data-dir " + tmp.path.string() + " -o " + (tmp.path / "out").string();
    const Run missing = kiosk_pack("stats" + dirs, log);
    CHECK(missing.status == 1);
    CHECK(contains(missing.output, "这台展示机还没有统计数据"));
    CHECK(contains(missing.output, "This kiosk has no statistics yet"));
    CHECK_FALSE(fs::exists(tmp.path / "out"));

    CHECK(kiosk_pack("stats --data-dir " + tmp.path.string(), log).status == 2);  // no -o
    CHECK(kiosk_pack("stats" + dirs + " --days 0", log).status == 2);
    CHECK(kiosk_pack("stats" + dirs + " --days many", log).status == 2);
    const Run bad_day = kiosk_pack("stats" + dirs + " --today 2026-13-01", log);
    CHECK(bad_day.status == 2);
    CHECK(contains(bad_day.output, "YYYY-MM-DD"));
    CHECK(kiosk_pack("stats" + dirs + " --colour blue", log).status == 2);
}

TEST_CASE("kiosk-pack stats writes the folder from the kiosk's stats.db") {
    TempDir tmp;
    {
        const auto store = StatsStore::open((tmp.path / "stats.db").string());
        StatsBatch b;
        b.sessions.push_back({"2026-12-01", 10, "zh", 75, 4});
        b.sessions.push_back({"2026-12-02", 15, "en", 20, 2});
        b.views.push_back(
            {"2026-12-02", 15, "member", "member", "x", {"<script>x</script>", "A & B"}, 12});
        b.searches.push_back({"2026-12-02", 15, "=1+1", 0});
        store->write(b);
    }
    const fs::path out = tmp.path / "report";
    const Run ok = kiosk_pack("stats --data-dir " + tmp.path.string() + " -o " + out.string() +
                                  " --days 7 --today 2026-12-02",
                              tmp.path / "log.txt");
    REQUIRE(ok.status == 0);
    const std::string html = read_file(out / "report.html");
    CHECK(contains(html, "2026-11-26 — 2026-12-02"));
    CHECK(count_of(html, "class=\"day-bar\"") == 7);
    CHECK(contains(html, "&lt;script&gt;x&lt;/script&gt;"));
    CHECK_FALSE(contains(html, "<script"));
    CHECK_FALSE(contains(html, "（已删除）"));  // no installed pack: nothing is marked
    CHECK(contains(read_file(out / "missed-searches.csv"), ",'=1+1,1\r\n"));
    CHECK(fs::exists(out / "daily.csv"));
}
#endif
