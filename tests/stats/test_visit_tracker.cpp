// The visit tracker: what a visitor does on screen becomes exactly the expected sessions, views
// and searches, with no idle wait counted and no typing half-way counted as a search.
#include <catch2/catch.hpp>

#include <ctime>

#include "kiosk/stats/visit_tracker.h"

using namespace kiosk;
using namespace kiosk::stats;

namespace {

// 2026-12-02 10:00:00 local: the wall clock moves with the app clock in these tests.
long long wall_at(double t) {
    static const long long base = [] {
        std::tm tm{};
        tm.tm_year = 126;
        tm.tm_mon = 11;
        tm.tm_mday = 2;
        tm.tm_hour = 10;
        tm.tm_isdst = -1;
        return static_cast<long long>(std::mktime(&tm));
    }();
    return base + static_cast<long long>(t);
}

struct Visit {
    VisitTracker tracker{[](const Route& r) {
        if (r.screen == "member") return ViewedItem{"member", {"南京大学", "Nanjing University"}};
        return ViewedItem{"", {r.screen, r.screen}};
    }};
    double now = 0;
    void show(const std::string& screen, const std::string& id, double seconds,
              const std::string& lang = "zh") {
        for (double t = 0; t < seconds; t += 0.5, now += 0.5)
            tracker.observe(now, wall_at(now), {screen, id}, screen == "attract", lang, true);
    }
    void type(const std::string& query, int hits, double seconds) {
        for (double t = 0; t < seconds; t += 0.1, now += 0.1) {
            tracker.observe(now, wall_at(now), {"search", ""}, false, "zh", true);
            tracker.search_shown(now, wall_at(now), query, hits);
        }
    }
};

}  // namespace

TEST_CASE("a replayed visit gives one session, its views with their dwell, and no idle time") {
    Visit v;
    v.show("attract", "", 20);  // nobody there yet: nothing
    v.show("home", "", 5);
    v.show("members", "", 3);
    v.show("member", "nju", 12, "en");  // switched to English here
    v.show("members", "", 4, "en");
    v.show("members", "", 60, "en");  // walked away: the idle timeout runs
    v.tracker.end_session(v.now, wall_at(v.now), 60);
    const StatsBatch b = v.tracker.take();

    REQUIRE(b.sessions.size() == 1);
    CHECK(b.sessions[0].screens == 4);
    CHECK(b.sessions[0].lang == "en");
    CHECK(b.sessions[0].seconds == Approx(24).margin(0.01));  // 5 + 3 + 12 + 4, not the idle 60
    CHECK(b.sessions[0].day == "2026-12-02");
    CHECK(b.sessions[0].hour == 10);

    REQUIRE(b.views.size() == 4);
    CHECK(b.views[0].screen == "home");
    CHECK(b.views[0].seconds == Approx(5).margin(0.01));
    CHECK(b.views[2].screen == "member");
    CHECK(b.views[2].kind == "member");
    CHECK(b.views[2].id == "nju");
    CHECK(b.views[2].name.zh == "南京大学");
    CHECK(b.views[2].seconds == Approx(12).margin(0.01));
    CHECK(b.views[3].seconds == Approx(4).margin(0.01));  // up to the last touch
    CHECK(b.views[1].id.empty());                         // a list screen keeps no id
    CHECK(b.searches.empty());
    CHECK(v.tracker.take().empty());  // handed over once
}

TEST_CASE("two visitors in a row are two sessions, and the attract screen is never a view") {
    Visit v;
    v.show("home", "", 10);
    v.tracker.end_session(v.now, wall_at(v.now), 0);
    v.show("attract", "", 30);
    v.show("home", "", 2);
    v.show("about", "", 8);
    v.tracker.end_session(v.now, wall_at(v.now), 0);
    const StatsBatch b = v.tracker.take();
    REQUIRE(b.sessions.size() == 2);
    CHECK(b.sessions[1].screens == 2);
    CHECK(b.sessions[1].seconds == Approx(10).margin(0.01));
    CHECK(b.views.size() == 3);
    for (const ViewRecord& view : b.views) CHECK(view.screen != "attract");
}

TEST_CASE("staff walking up to the panel are not a visit, nor is a screen they leave up") {
    Visit v;
    v.show("home", "", 3);                       // staff tap the attract screen, then the corner…
    v.tracker.discard_session();                 // …and the keypad opens
    for (int i = 0; i < 200; ++i, v.now += 0.5)  // the panel closed: home stays up, untouched
        v.tracker.observe(v.now, wall_at(v.now), {"home", ""}, false, "zh", false);
    v.tracker.end_session(v.now, wall_at(v.now), 90);
    CHECK(v.tracker.take().empty());
    v.show("members", "", 5);  // a visitor touches it
    v.tracker.end_session(v.now, wall_at(v.now), 0);
    const StatsBatch b = v.tracker.take();
    REQUIRE(b.sessions.size() == 1);
    CHECK(b.sessions[0].screens == 1);
}

TEST_CASE("a search counts once it settles, never for each letter typed") {
    Visit v;
    v.show("home", "", 1);
    v.type("n", 30, 0.3);
    v.type("nj", 8, 0.3);
    v.type("njd", 1, 3.0);  // settles
    v.type("njdx", 1, 0.4);
    v.type("zzq", 0, 3.0);  // settles, found nothing
    v.show("home", "", 1);
    const StatsBatch b = v.tracker.take();
    REQUIRE(b.searches.size() == 2);
    CHECK(b.searches[0].hits == 1);
    CHECK(b.searches[0].query.empty());  // a query that found something keeps no text
    CHECK(b.searches[1].hits == 0);
    CHECK(b.searches[1].query == "zzq");
}

TEST_CASE("leaving the search screen or the session counts the query typed last") {
    Visit v;
    v.type("graphene", 0, 1.0);  // not settled yet
    v.show("home", "", 1);       // left: it counts
    v.type("wuxi", 0, 0.5);
    v.tracker.end_session(v.now, wall_at(v.now), 0);
    const StatsBatch b = v.tracker.take();
    REQUIRE(b.searches.size() == 2);
    CHECK(b.searches[0].query == "graphene");
    CHECK(b.searches[1].query == "wuxi");
}

TEST_CASE(
    "a kept query is trimmed, lower case, without control characters, 40 characters at most") {
    CHECK(normalised_query("  NJ   Uni\t") == "nj uni");
    CHECK(normalised_query("a\x01\x7f"
                           "b") == "ab");
    CHECK(normalised_query("南京　大学") == "南京 大学");
    CHECK(normalised_query(std::string(100, 'x')).size() == kQueryMaxChars);
    std::string long_cjk;
    for (int i = 0; i < 60; ++i) long_cjk += "材";
    const std::string cjk = normalised_query(long_cjk);
    CHECK(cjk.size() == kQueryMaxChars * 3);  // characters, not bytes
}

TEST_CASE("buckets put each value in the range a report names") {
    CHECK(bucket_of(kSessionSecondsEdges, 0) == 0);
    CHECK(bucket_of(kSessionSecondsEdges, 9.9) == 0);
    CHECK(bucket_of(kSessionSecondsEdges, 10) == 1);
    CHECK(bucket_of(kSessionSecondsEdges, 599) == 5);
    CHECK(bucket_of(kSessionSecondsEdges, 600) == 6);
    CHECK(bucket_of(kSessionSecondsEdges, 1e9) == kSessionBuckets - 1);
    CHECK(bucket_of(kDwellSecondsEdges, 2.9) == 0);
    CHECK(bucket_of(kDwellSecondsEdges, 3) == 1);
    CHECK(bucket_of(kScreensEdges, 1) == 0);
    CHECK(bucket_of(kScreensEdges, 21) == kScreensBuckets - 1);
}
