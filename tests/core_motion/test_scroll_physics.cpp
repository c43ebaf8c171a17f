// ScrollPhysics as a finger feels it: 1:1 drag, rubber band, fling, soft stop, frame-rate
// independence. Time is simulated; nothing here depends on the wall clock.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "kiosk/core/scroll_physics.h"

using kiosk::ScrollPhysics;

namespace {

// A finger moving at `speed` px/s (positive = downwards) for `seconds`, events at `hz`.
double drag_at_speed(ScrollPhysics& s, double t, double speed, double seconds, double hz) {
    s.drag_begin(t);
    const int steps = static_cast<int>(std::lround(seconds * hz));
    for (int i = 1; i <= steps; ++i) s.drag_move(static_cast<float>(speed / hz), t + i / hz);
    return t + steps / hz;
}

// Runs frames at `fps` from t until the motion ends (or `limit` s pass); returns the end time.
double run_until_rest(ScrollPhysics& s, double t, double fps, double limit = 30.0) {
    const double end = t + limit;
    while (s.moving() && t < end) {
        t += 1.0 / fps;
        s.update(t);
    }
    return t;
}

ScrollPhysics long_list() {
    ScrollPhysics s;
    s.set_extent(200000.f, 1000.f);
    s.jump_to(100000.f);
    return s;
}

}  // namespace

TEST_CASE("content follows the finger 1:1 inside the range", "[scroll]") {
    ScrollPhysics s;
    s.set_extent(5000.f, 1000.f);
    CHECK(s.max_offset() == Approx(4000));
    s.drag_begin(0.0);
    CHECK(s.dragging());
    s.drag_move(-120.f, 0.016);  // finger up: content up, we see further down
    CHECK(s.offset() == Approx(120));
    s.drag_move(50.f, 0.032);
    CHECK(s.offset() == Approx(70));
}

TEST_CASE("past the ends the content resists more and more", "[scroll]") {
    ScrollPhysics s;
    s.set_extent(5000.f, 1000.f);
    s.drag_begin(0.0);
    s.drag_move(100.f, 0.01);
    const float first = -s.offset();
    s.drag_move(100.f, 0.02);
    const float second = -s.offset() - first;
    s.drag_move(100.f, 0.03);
    const float third = -s.offset() - first - second;
    CHECK(first > 0.f);
    CHECK(first < 100.f);
    CHECK(second < first);
    CHECK(third < second);
    // Dragging back returns along the same band: the finger position maps to the same offset.
    s.drag_move(-300.f, 0.04);
    CHECK(s.offset() == Approx(0).margin(0.01));
}

TEST_CASE("a fling travels further the faster it is, and stops", "[scroll]") {
    auto travel = [](double speed) {
        ScrollPhysics s = long_list();
        const double release = drag_at_speed(s, 0.0, -speed, 0.2, 60);
        const float at_release = s.offset();
        s.drag_end(release);
        CHECK(s.moving());
        const double rest = run_until_rest(s, release, 60);
        CHECK_FALSE(s.moving());
        CHECK(rest < release + 10.0);
        const float stopped = s.offset();
        s.update(rest + 5.0);
        CHECK(s.offset() == stopped);  // at rest means at rest
        return static_cast<double>(s.offset() - at_release);
    };
    const double slow = travel(500), medium = travel(1500), fast = travel(4000);
    CHECK(slow > 50);
    CHECK(medium > slow * 2);
    CHECK(fast > medium * 2);
}

TEST_CASE("a finger that pauses before lifting does not fling", "[scroll]") {
    ScrollPhysics s = long_list();
    double t = drag_at_speed(s, 0.0, -2000, 0.2, 60);
    for (int i = 0; i < 10; ++i) s.drag_move(0.f, t += 1.0 / 60);  // holds still 160 ms
    const float held = s.offset();
    s.drag_end(t);
    run_until_rest(s, t, 60);
    CHECK(s.offset() == Approx(held).margin(1.0));
}

TEST_CASE("an overscroll springs back to the end within 300 ms", "[scroll]") {
    ScrollPhysics s;
    s.set_extent(3000.f, 1000.f);
    s.jump_to(2000.f);
    double t = drag_at_speed(s, 0.0, -600, 0.5, 60);  // pulls past the bottom
    REQUIRE(s.offset() > 2000.f + 20.f);
    s.drag_end(t);
    REQUIRE(s.moving());
    s.update(t + 0.15);
    CHECK(s.offset() > 2000.f);
    CHECK(s.offset() < 2000.f + 100.f);
    s.update(t + ScrollPhysics::kSpringDuration);
    CHECK(s.offset() == 2000.f);
    CHECK_FALSE(s.moving());

    // Pulled down at the top: back to 0.
    s.jump_to(0.f);
    t = drag_at_speed(s, t + 1, 800, 0.3, 60);
    REQUIRE(s.offset() < -20.f);
    s.drag_end(t);
    s.update(t + 0.3);
    CHECK(s.offset() == 0.f);
    CHECK_FALSE(s.moving());
}

TEST_CASE("a fling into an end is a soft stop that springs back within 300 ms", "[scroll]") {
    ScrollPhysics s;
    s.set_extent(3000.f, 1000.f);
    s.jump_to(1500.f);
    double t = drag_at_speed(s, 0.0, -3000, 0.1, 120);
    s.drag_end(t);
    double first_past_end = -1, back_at_end = -1;
    float furthest = 0;
    while (s.moving() && t < 10) {
        t += 1.0 / 120;
        s.update(t);
        if (s.offset() > 2000.f && first_past_end < 0) first_past_end = t;
        furthest = std::max(furthest, s.offset() - 2000.f);
    }
    back_at_end = t;
    REQUIRE(first_past_end > 0);
    CHECK(furthest > 1.f);    // the soft stop is visible...
    CHECK(furthest < 200.f);  // ...but never flies off
    CHECK(s.offset() == 2000.f);
    CHECK(back_at_end - first_past_end <= ScrollPhysics::kSpringDuration + 1.0 / 120 + 1e-9);
}

TEST_CASE("motion is the same at 30, 60 and 144 frames per second", "[scroll]") {
    // Two flings: one that dies out in the middle, one that hits the bottom end and springs.
    for (double start : {50000.0, 1000.0}) {
        std::vector<std::vector<float>> runs;
        for (double fps : {30.0, 60.0, 144.0}) {
            ScrollPhysics s;
            s.set_extent(100000.f, 1000.f);
            s.jump_to(static_cast<float>(100000 - 1000 - start));
            const double release =
                drag_at_speed(s, 0.0, -2500, 1.0 / 6, fps);  // whole frames at all rates
            s.drag_end(release);
            std::vector<float> seen;
            double t = release;
            for (int checkpoint = 1; checkpoint <= 40; ++checkpoint) {
                const double when = release + checkpoint * 0.1;
                while (t + 1.0 / fps < when) s.update(t += 1.0 / fps);
                s.update(when);
                t = when;
                seen.push_back(s.offset());
            }
            runs.push_back(seen);
        }
        for (size_t i = 0; i < runs[0].size(); ++i) {
            INFO("start " << start << " checkpoint " << i);
            CHECK(runs[1][i] == Approx(runs[0][i]).margin(0.5));
            CHECK(runs[2][i] == Approx(runs[0][i]).margin(0.5));
        }
    }
}

TEST_CASE("update with the same time twice is a no-op", "[scroll]") {
    ScrollPhysics s = long_list();
    const double release = drag_at_speed(s, 0.0, -2000, 0.1, 60);
    s.drag_end(release);
    s.update(release + 0.1);
    const float once = s.offset();
    s.update(release + 0.1);
    CHECK(s.offset() == once);
    s.update(release + 0.05);  // time never runs backwards
    CHECK(s.offset() == once);
}

TEST_CASE("a touch catches a running fling", "[scroll]") {
    ScrollPhysics s = long_list();
    const double release = drag_at_speed(s, 0.0, -3000, 0.1, 60);
    s.drag_end(release);
    s.update(release + 0.2);
    s.drag_begin(release + 0.25);
    const float caught = s.offset();
    CHECK_FALSE(s.moving());
    s.update(release + 1.0);
    CHECK(s.offset() == caught);
}

TEST_CASE("shrinking the content clamps gently", "[scroll]") {
    ScrollPhysics s;
    s.set_extent(5000.f, 1000.f);
    s.update(1.0);
    s.jump_to(4000.f);
    s.set_extent(2000.f, 1000.f);  // e.g. a filter left fewer cards
    CHECK(s.offset() > 1000.f);    // no jump...
    CHECK(s.offset() < 2000.f);    // ...but never more than a viewport past the end
    CHECK(s.moving());
    s.update(1.0 + ScrollPhysics::kSpringDuration);
    CHECK(s.offset() == 1000.f);
    CHECK_FALSE(s.moving());

    s.set_extent(500.f, 1000.f);  // everything fits: the range is empty
    CHECK(s.max_offset() == 0.f);
    s.update(3.0);
    CHECK(s.offset() == 0.f);
}

TEST_CASE("jump_to stays inside the range and bad numbers are ignored", "[scroll]") {
    ScrollPhysics s;
    s.set_extent(3000.f, 1000.f);
    s.jump_to(99999.f);
    CHECK(s.offset() == 2000.f);
    s.jump_to(-5.f);
    CHECK(s.offset() == 0.f);
    s.set_extent(-10.f, NAN);
    CHECK(s.max_offset() == 0.f);
    s.drag_begin(0.0);
    s.drag_move(NAN, 0.1);
    CHECK(std::isfinite(s.offset()));
}
