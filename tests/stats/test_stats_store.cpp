// The statistics database: counts read back as written, roll-up to days, the size cap, a bad file
// set aside, a power cut mid-write, and the recorder's worker.
// Sections: helpers · dates · counts · roll-up and cap · bad files · power loss · recorder
#include <SQLiteCpp/SQLiteCpp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "kiosk/stats/stats_recorder.h"
#include "kiosk/stats/stats_store.h"
#include "tests/support/temp_dir.h"

namespace fs = std::filesystem;
using kiosk::testing::TempDir;
using namespace kiosk;
using namespace kiosk::stats;

// --- helpers ---
namespace {

SessionRecord session(const std::string& day, int hour, double seconds, int screens = 3,
                      const std::string& lang = "zh") {
    return {day, hour, lang, seconds, screens};
}

ViewRecord view(const std::string& day, int hour, const std::string& id, double seconds,
                Bilingual name = {"南京大学", "Nanjing University"}) {
    return {day, hour, "member", "member", id, std::move(name), seconds};
}

const DaySummary& day_of(const StatsSummary& s, const std::string& day) {
    for (const DaySummary& d : s.days)
        if (d.day == day) return d;
    FAIL("no day " << day);
    return s.days.front();
}

}  // namespace

// --- dates ---
TEST_CASE("statistics days step across months, years and leap days, and know their weekday") {
    CHECK(add_days("2026-12-31", 1) == "2027-01-01");
    CHECK(add_days("2028-02-28", 1) == "2028-02-29");
    CHECK(add_days("2027-03-01", -1) == "2027-02-28");
    CHECK(add_days("2026-12-02", -90) == "2026-09-03");
    CHECK(weekday_of("2026-12-02") == 2);  // a Wednesday
    CHECK(weekday_of("2026-12-07") == 0);  // a Monday
    CHECK_THROWS(add_days("2026-13-01", 1));
    CHECK_THROWS(weekday_of("yesterday"));
}

// --- counts ---
TEST_CASE("counts written come back per day, hour, weekday, item and language") {
    TempDir dir;
    auto store = StatsStore::open(dir.file("stats.db"));
    StatsBatch b;
    b.sessions = {session("2026-12-02", 10, 45), session("2026-12-02", 10, 5, 1, "en"),
                  session("2026-12-02", 15, 400, 12), session("2026-12-01", 9, 70)};
    b.views = {view("2026-12-02", 10, "nju", 12),
               view("2026-12-02", 15, "nju", 2),
               view("2026-12-02", 15, "seu", 40, {"东南大学", "Southeast University"}),
               {"2026-12-02", 10, "members", "", "", {"成员", "Members"}, 8}};
    b.searches = {{"2026-12-02", 10, "", 3},
                  {"2026-12-02", 10, "zzq", 0},
                  {"2026-12-02", 15, "zzq", 0},
                  {"2026-12-01", 9, "wuxi", 0}};
    b.health = {{"2026-12-02", 8, "start", 1},
                {"2026-12-02", 8, "crash", 1},
                {"2026-12-02", 9, "display_on_minutes", 90},
                {"2026-12-01", 9, "import", 1}};
    store->write(b);

    const StatsSummary s = store->summary("2026-11-30", "2026-12-02");
    REQUIRE(s.days.size() == 3);
    CHECK(day_of(s, "2026-11-30").sessions == 0);
    CHECK(day_of(s, "2026-12-02").sessions == 3);
    CHECK(day_of(s, "2026-12-02").session_seconds == 450);
    CHECK(day_of(s, "2026-12-02").views == 4);
    CHECK(day_of(s, "2026-12-02").searches == 3);
    CHECK(day_of(s, "2026-12-02").searches_empty == 2);
    CHECK(day_of(s, "2026-12-02").starts == 1);
    CHECK(day_of(s, "2026-12-02").crashes == 1);
    CHECK(day_of(s, "2026-12-02").display_on_hours == Approx(1.5));
    CHECK(day_of(s, "2026-12-01").imports == 1);
    CHECK(s.sessions == 4);
    CHECK(s.sessions_en == 1);
    CHECK(s.sessions_zh == 3);
    CHECK(s.heat[2][10] == 2);  // Wednesday 10:00
    CHECK(s.heat[2][15] == 1);
    CHECK(s.heat[1][9] == 1);         // Tuesday 09:00
    CHECK(s.session_length[0] == 1);  // 5 s
    CHECK(s.session_length[2] == 1);  // 45 s
    CHECK(s.session_length[3] == 1);  // 70 s
    CHECK(s.session_length[5] == 1);  // 400 s
    CHECK(s.session_screens[0] == 1);
    CHECK(s.session_screens[4] == 1);  // 12 screens: 11–20

    REQUIRE(s.items.size() == 2);
    CHECK(s.items[0].id == "nju");  // most viewed first
    CHECK(s.items[0].views == 2);
    CHECK(s.items[0].seconds == 14);
    CHECK(s.items[0].dwell[0] == 1);  // 2 s
    CHECK(s.items[0].dwell[2] == 1);  // 12 s
    CHECK(s.items[0].name.en == "Nanjing University");
    REQUIRE(s.screens.size() == 1);
    CHECK(s.screens[0].screen == "members");
    CHECK(s.screens[0].name.zh == "成员");

    REQUIRE(s.missed_queries.size() == 2);
    CHECK(s.missed_queries[0].query == "zzq");
    CHECK(s.missed_queries[0].count == 2);
    CHECK(s.missed_queries[1].query == "wuxi");

    REQUIRE(s.hours.size() == 3);
    CHECK(s.hours[1].day == "2026-12-02");
    CHECK(s.hours[1].hour == 10);
    CHECK(s.hours[1].sessions == 2);
}

TEST_CASE("an item gone from the content keeps its last known name and is marked gone") {
    TempDir dir;
    auto store = StatsStore::open(dir.file("stats.db"));
    StatsBatch b;
    b.views = {view("2026-11-20", 10, "old", 5, {"旧成员", "Old member"})};
    store->write(b);
    b.views = {view("2026-11-25", 10, "old", 5, {"新名字", "New name"}),
               view("2026-11-25", 10, "nju", 5)};
    store->write(b);
    const StatsSummary s =
        store->summary("2026-11-01", "2026-11-30", [](auto&, auto& id) { return id == "nju"; });
    REQUIRE(s.items.size() == 2);
    const ItemSummary& old = s.items[0].id == "old" ? s.items[0] : s.items[1];
    CHECK(old.gone);
    CHECK(old.views == 2);
    CHECK(old.name.zh == "新名字");  // the last name it had
    CHECK_FALSE((s.items[0].id == "nju" ? s.items[0] : s.items[1]).gone);
}

// --- roll-up and cap ---
TEST_CASE("hours older than 90 days become whole days with the same totals") {
    TempDir dir;
    auto store = StatsStore::open(dir.file("stats.db"));
    StatsBatch b;
    for (int h = 8; h < 18; ++h) {
        b.sessions.push_back(session("2026-08-01", h, 30));
        b.sessions.push_back(session("2026-12-01", h, 30));
        b.views.push_back(view("2026-08-01", h, "nju", 4));
        b.searches.push_back({"2026-08-01", h, "zzq", 0});
        b.health.push_back({"2026-08-01", h, "display_on_minutes", 60});
    }
    store->write(b);
    const StatsSummary before = store->summary("2026-07-01", "2026-12-02");
    store->maintain("2026-12-02");
    const StatsSummary after = store->summary("2026-07-01", "2026-12-02");

    CHECK(day_of(after, "2026-08-01").sessions == 10);
    CHECK(day_of(after, "2026-08-01").session_seconds == 300);
    CHECK(day_of(after, "2026-08-01").views == 10);
    CHECK(day_of(after, "2026-08-01").searches_empty == 10);
    CHECK(day_of(after, "2026-08-01").display_on_hours == Approx(10));
    CHECK(after.sessions == before.sessions);
    CHECK(after.items[0].views == before.items[0].views);
    // The old day has no hours left; the recent one keeps them.
    int old_hours = 0, new_hours = 0;
    for (const HourSummary& h : after.hours) (h.day == "2026-08-01" ? old_hours : new_hours)++;
    CHECK(old_hours == 0);
    CHECK(new_hours == 10);
    SQLite::Database db(dir.file("stats.db"));
    CHECK(db.execAndGet("SELECT count(*) FROM sessions WHERE day = '2026-08-01'").getInt() == 1);
    CHECK(db.execAndGet("SELECT hour FROM sessions WHERE day = '2026-08-01'").getInt() == -1);
    // Rolling up twice changes nothing.
    store->maintain("2026-12-02");
    CHECK(store->summary("2026-07-01", "2026-12-02").sessions == before.sessions);
}

TEST_CASE("only a day's most frequent missed queries are kept") {
    TempDir dir;
    auto store = StatsStore::open(dir.file("stats.db"));
    StatsBatch b;
    for (int i = 0; i < kMissedQueriesPerDay + 50; ++i)
        b.searches.push_back({"2026-12-01", 10, "q" + std::to_string(i), 0});
    for (int i = 0; i < 5; ++i) b.searches.push_back({"2026-12-01", 11, "graphene", 0});
    store->write(b);
    store->maintain("2026-12-02");
    SQLite::Database db(dir.file("stats.db"));
    CHECK(db.execAndGet("SELECT count(*) FROM missed_queries").getInt() == kMissedQueriesPerDay);
    const StatsSummary s = store->summary("2026-12-01", "2026-12-01");
    CHECK(s.missed_queries[0].query == "graphene");
    CHECK(s.searches == kMissedQueriesPerDay + 55);  // the counts themselves are all kept
}

TEST_CASE("over the size cap the oldest days go and the newest stay") {
    TempDir dir;
    auto store = StatsStore::open(dir.file("stats.db"));
    StatsBatch b;
    std::string day = "2026-01-01";
    for (int d = 0; d < 300; ++d, day = add_days(day, 1))
        for (int i = 0; i < 20; ++i) b.views.push_back(view(day, 10, "m" + std::to_string(i), i));
    store->write(b);
    const long long cap = 256 * 1024;
    REQUIRE(store->size_bytes() > cap);
    store->maintain("2026-10-28", cap);
    CHECK(store->size_bytes() <= cap);
    CHECK(fs::file_size(dir.file("stats.db")) <= static_cast<uintmax_t>(cap) + 64 * 1024);
    const auto range = store->day_range();
    REQUIRE(range);
    CHECK(range->second == "2026-10-27");  // the newest day is kept
    CHECK(range->first > "2026-01-01");
    // Names of items whose views all went are forgotten with them.
    SQLite::Database db(dir.file("stats.db"));
    CHECK(db.execAndGet("SELECT count(*) FROM items").getInt() == 20);
    StatsBatch gone;
    gone.views = {view("2026-01-01", 10, "long-gone", 1)};
    store->write(gone);
    store->maintain("2026-10-28", cap / 2);  // its day is the oldest: it goes first
    CHECK(db.execAndGet("SELECT count(*) FROM items WHERE id = 'long-gone'").getInt() == 0);
}

// --- bad files ---
TEST_CASE("a statistics file that is not one is set aside and recording starts afresh") {
    TempDir dir;
    const std::string path = dir.file("stats.db");
    SECTION("garbage") {
        std::ofstream(path) << std::string(8192, 'x');
    }
    SECTION("a damaged database") {
        {
            auto store = StatsStore::open(path);
            StatsBatch b;
            for (int i = 0; i < 2000; ++i)
                b.views.push_back(view("2026-12-01", 10, "m" + std::to_string(i), 1));
            store->write(b);
        }
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(4096 + 100);
        f << std::string(4096 * 3, '\x5a');
    }
    SECTION("another program's database") {
        SQLite::Database other(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        other.exec("CREATE TABLE notes(text TEXT); INSERT INTO notes VALUES('keep me')");
    }
    std::string moved;
    auto store = StatsStore::open(path, &moved);
    REQUIRE_FALSE(moved.empty());
    CHECK(moved.find("stats.db.broken-") != std::string::npos);
    bool kept = false;
    for (const auto& e : fs::directory_iterator(dir.path))
        if (e.path().filename().string().rfind("stats.db.broken-", 0) == 0 &&
            e.path().filename().string().find("-wal") == std::string::npos)
            kept = fs::file_size(e.path()) > 0;
    CHECK(kept);  // the old file is still there for someone to look at
    StatsBatch b;
    b.sessions = {session("2026-12-02", 10, 30)};
    store->write(b);
    CHECK(store->summary("2026-12-02", "2026-12-02").sessions == 1);
}

TEST_CASE("only the newest three set-aside statistics files are kept") {
    TempDir dir;
    const std::string path = dir.file("stats.db");
    for (int i = 0; i < 5; ++i)
        std::ofstream(path + ".broken-2026010" + std::to_string(i) + "-000000") << "x";
    std::ofstream(path) << "not a database at all, not even close";
    std::string moved;
    StatsStore::open(path, &moved);
    int broken = 0;
    for (const auto& e : fs::directory_iterator(dir.path))
        if (e.path().filename().string().rfind("stats.db.broken-", 0) == 0) ++broken;
    CHECK(broken == 3);
    CHECK_FALSE(fs::exists(path + ".broken-20260100-000000"));
}

TEST_CASE("reading statistics for a report never sets aside and says what is wrong") {
    TempDir dir;
    const std::string path = dir.file("stats.db");
    REQUIRE_THROWS_WITH(read_summary(path, "2026-12-02", 30),
                        Catch::Contains("没有统计数据") && Catch::Contains("No statistics"));
    std::ofstream(path) << "garbage";
    REQUIRE_THROWS_WITH(read_summary(path, "2026-12-02", 30),
                        Catch::Contains("无法读取") && Catch::Contains("cannot be read"));
    CHECK(fs::exists(path));
}

// --- power loss ---
TEST_CASE("a writer killed mid-write leaves a readable database with whole batches only") {
    TempDir dir;
    const std::string path = dir.file("stats.db");
    StatsStore::open(path);  // made before the child, so the parent knows it exists
    constexpr int kPerBatch = 50;
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        auto store = StatsStore::open(path);
        StatsBatch b;
        for (int i = 0; i < kPerBatch; ++i) b.sessions.push_back(session("2026-12-02", i % 24, i));
        for (;;) store->write(b);
    }
    // Let it write a while (the file grows), then kill it without warning.
    for (int i = 0; i < 200 && fs::file_size(path) < 64 * 1024; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    REQUIRE(WIFSIGNALED(status));

    std::string moved;
    auto store = StatsStore::open(path, &moved);
    CHECK(moved.empty());  // not set aside: it was never damaged
    const int sessions = store->summary("2026-12-02", "2026-12-02").sessions;
    CHECK(sessions > 0);
    CHECK(sessions % kPerBatch == 0);
}

// --- recorder ---
TEST_CASE("the recorder writes what it is given on its worker, and flush waits for it") {
    TempDir dir;
    StatsRecorder::Options o;
    o.path = dir.file("stats.db");
    o.flush_s = 3600;  // only flush() writes
    o.wall_clock = [] { return 1796000000LL; };
    StatsRecorder rec(o);
    StatsBatch b;
    b.sessions = {session(local_day(1796000000), 10, 30)};
    rec.add(b);
    rec.health("start");
    rec.flush();
    CHECK(rec.note().empty());
    const StatsSummary s = read_summary(o.path, local_day(1796000000), 1);
    CHECK(s.sessions == 1);
    CHECK(s.days[0].starts == 1);

    std::promise<StatsSummary> got;
    rec.request_summary(7, nullptr, [&](StatsSummary r) { got.set_value(std::move(r)); });
    auto f = got.get_future();
    REQUIRE(f.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    const StatsSummary r = f.get();
    CHECK(r.days.size() == 7);
    CHECK(r.sessions == 1);
}

TEST_CASE("a recorder that cannot make its database turns itself off and says so") {
    StatsRecorder::Options o;
    o.path = "/proc/no-such-dir/stats.db";
    StatsRecorder rec(o);
    StatsBatch b;
    b.sessions = {session("2026-12-02", 10, 30)};
    rec.add(b);
    rec.flush();  // returns: nothing to wait for
    CHECK(rec.note().find("statistics off") != std::string::npos);
}

TEST_CASE("the recorder writes what is pending when it stops") {
    TempDir dir;
    StatsRecorder::Options o;
    o.path = dir.file("stats.db");
    o.flush_s = 3600;
    {
        StatsRecorder rec(o);
        StatsBatch b;
        b.sessions = {session("2026-12-02", 10, 30), session("2026-12-02", 11, 30)};
        rec.add(b);
    }
    CHECK(read_summary(o.path, "2026-12-02", 1).sessions == 2);
}
