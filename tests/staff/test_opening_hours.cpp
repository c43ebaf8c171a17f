// Opening hours: day and overnight schedules, bad times, waking after a touch at night.
#include <catch2/catch.hpp>

#include "kiosk/staff/opening_hours.h"

using namespace kiosk::staff;

namespace {
int at(int h, int m) {
    return h * 60 + m;
}
}  // namespace

TEST_CASE("times of day are parsed", "[hours]") {
    CHECK(parse_hhmm("00:00") == 0);
    CHECK(parse_hhmm("09:30") == at(9, 30));
    CHECK(parse_hhmm("9:30") == at(9, 30));
    CHECK(parse_hhmm("23:59") == at(23, 59));
    CHECK(parse_hhmm("24:00") == 0);
}

TEST_CASE("bad times get a clear error naming the setting", "[hours]") {
    CHECK_THROWS_WITH(parse_hhmm("25:00", "open_from"), Catch::Contains("open_from") &&
                                                            Catch::Contains("\"25:00\"") &&
                                                            Catch::Contains("HH:MM"));
    for (const char* bad : {"", "9", "09:60", "24:01", "0930", "09:3", "ab:cd", " 09:30", "-1:00",
                            "09:30:00", "123:00"})
        CHECK_THROWS_AS(parse_hhmm(bad), OpeningHoursError);
    CHECK_THROWS_WITH(OpeningHours("08:00", "7pm"), Catch::Contains("open_until"));
}

TEST_CASE("a day schedule is open from 'from' until just before 'until'", "[hours]") {
    OpeningHours h("09:00", "17:30");
    CHECK_FALSE(h.always_open());
    CHECK_FALSE(h.is_open(at(8, 59)));
    CHECK(h.is_open(at(9, 0)));
    CHECK(h.is_open(at(17, 29)));
    CHECK_FALSE(h.is_open(at(17, 30)));
    CHECK_FALSE(h.is_open(at(23, 0)));
}

TEST_CASE("until before from means open overnight", "[hours]") {
    OpeningHours h("18:00", "02:00");
    CHECK(h.is_open(at(18, 0)));
    CHECK(h.is_open(at(23, 59)));
    CHECK(h.is_open(at(0, 0)));
    CHECK(h.is_open(at(1, 59)));
    CHECK_FALSE(h.is_open(at(2, 0)));
    CHECK_FALSE(h.is_open(at(12, 0)));
}

TEST_CASE("equal times mean always open", "[hours]") {
    OpeningHours h("00:00", "00:00");
    CHECK(h.always_open());
    for (int m = 0; m < 24 * 60; m += 37) CHECK(h.is_open(m));
    CHECK(OpeningHours("08:00", "08:00").is_open(at(3, 0)));
}

TEST_CASE("after hours a touch wakes the display for the configured minutes", "[hours]") {
    WakeState wake(OpeningHours("09:00", "18:00"), 5);
    const double now = 50000;
    CHECK(wake.display_on(at(10, 0), now));        // open
    CHECK_FALSE(wake.display_on(at(22, 0), now));  // closed, nobody touched
    wake.touch(now);
    CHECK(wake.display_on(at(22, 0), now + 1));
    CHECK(wake.display_on(at(22, 4), now + 299));
    CHECK(wake.awake_remaining(now + 240) == Approx(60));
    CHECK_FALSE(wake.display_on(at(22, 5), now + 300));
    wake.touch(now + 400);  // each touch wakes it again
    CHECK(wake.display_on(at(22, 7), now + 401));
    CHECK_THROWS_AS(WakeState(OpeningHours("09:00", "18:00"), -1), std::invalid_argument);
}
