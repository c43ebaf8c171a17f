// Taps versus drags, the idle state machine and the navigator's back stack and transitions.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "kiosk/core/idle_state.h"
#include "kiosk/core/navigation.h"
#include "kiosk/core/scroll_physics.h"
#include "kiosk/core/tap_detector.h"

using namespace kiosk;

// --- taps ---

TEST_CASE("a press that moves less than the slop is a tap", "[tap]") {
    TapDetector taps(10.f);
    taps.press(100.f, 200.f, 0.0);
    taps.move(104.f, 202.f, 0.05);
    taps.move(105.f, 205.f, 0.08);  // 7 px: 3 px below the slop
    CHECK_FALSE(taps.is_dragging());
    taps.release(105.f, 205.f, 0.1);
    float x = 0, y = 0;
    REQUIRE(taps.take_tap(&x, &y));
    CHECK(x == 100.f);  // where the finger went down
    CHECK(y == 200.f);
    CHECK_FALSE(taps.take_tap(&x, &y));  // exactly once
}

TEST_CASE("a press that moved beyond the slop is a drag and never a tap", "[tap]") {
    TapDetector taps(10.f);
    taps.press(100.f, 200.f, 0.0);
    taps.move(100.f, 220.f, 0.05);  // 20 px
    CHECK(taps.is_dragging());
    taps.move(100.f, 201.f, 0.1);  // back near the start: still a drag
    CHECK(taps.is_dragging());
    taps.release(100.f, 200.f, 0.2);
    CHECK_FALSE(taps.is_dragging());
    CHECK_FALSE(taps.take_tap(nullptr, nullptr));

    // A jump seen only at release counts as well.
    taps.press(0.f, 0.f, 1.0);
    taps.release(30.f, 0.f, 1.1);
    CHECK_FALSE(taps.take_tap(nullptr, nullptr));

    // The next short press is a tap again.
    taps.press(5.f, 5.f, 2.0);
    taps.release(6.f, 5.f, 2.1);
    CHECK(taps.take_tap(nullptr, nullptr));
}

TEST_CASE("a tap never scrolls: the list only moves once the press is a drag", "[tap][scroll]") {
    // The rule the screens follow: feed finger movement to the scroller only while dragging.
    TapDetector taps(10.f);
    ScrollPhysics list;
    list.set_extent(5000.f, 1000.f);
    auto finger = [&](float y0, float y1) {
        taps.press(50.f, y0, 0.0);
        float last = y0;
        for (int i = 1; i <= 10; ++i) {
            const float y = y0 + (y1 - y0) * static_cast<float>(i) / 10.f;
            taps.move(50.f, y, i * 0.016);
            if (taps.is_dragging()) {
                if (!list.dragging()) list.drag_begin(i * 0.016);
                list.drag_move(y - last, i * 0.016);
            }
            last = y;
        }
        taps.release(50.f, y1, 0.2);
        if (list.dragging()) list.drag_end(0.2);
        list.update(5.0);
    };
    finger(500.f, 493.f);
    CHECK(taps.take_tap(nullptr, nullptr));
    CHECK(list.offset() == 0.f);
    finger(500.f, 300.f);
    CHECK_FALSE(taps.take_tap(nullptr, nullptr));
    CHECK(list.offset() > 100.f);
}

TEST_CASE("a negative slop is refused", "[tap]") {
    CHECK_THROWS_AS(TapDetector(-1.f), std::invalid_argument);
}

// --- idle ---

TEST_CASE("idle reaches Attract after the timeout and the reset fires once", "[idle]") {
    IdleTracker idle(90.0, 0.6);
    idle.touch(10.0);
    CHECK(idle.phase(50.0) == IdlePhase::Active);
    CHECK(idle.fade(50.0) == 0.f);
    CHECK_FALSE(idle.take_reset(50.0));
    CHECK(idle.phase(99.7) == IdlePhase::Fading);
    CHECK(idle.fade(99.7) > 0.f);
    CHECK(idle.fade(99.7) < 1.f);
    CHECK(idle.fade(99.9) > idle.fade(99.7));
    CHECK(idle.phase(100.0) == IdlePhase::Attract);
    CHECK(idle.fade(100.0) == 1.f);
    CHECK(idle.take_reset(100.0));
    CHECK_FALSE(idle.take_reset(100.1));
    CHECK_FALSE(idle.take_reset(500.0));
    // A visitor comes back and leaves again: one more reset.
    idle.touch(600.0);
    CHECK(idle.phase(600.0) == IdlePhase::Active);
    CHECK_FALSE(idle.take_reset(600.0));
    CHECK(idle.take_reset(690.0));
}

TEST_CASE("a touch while fading returns to Active", "[idle]") {
    IdleTracker idle(30.0, 1.0);
    idle.touch(0.0);
    REQUIRE(idle.phase(29.5) == IdlePhase::Fading);
    idle.touch(29.5);
    CHECK(idle.phase(29.6) == IdlePhase::Active);
    CHECK(idle.fade(29.6) == 0.f);
    CHECK_FALSE(idle.take_reset(40.0));
}

TEST_CASE("idle S in a replay skips time forward", "[idle]") {
    IdleTracker idle(90.0);
    idle.touch(5.0);
    idle.advance(89.5);  // inside the last 0.6 s
    CHECK(idle.phase(5.0) == IdlePhase::Fading);
    idle.advance(0.5);
    CHECK(idle.phase(5.0) == IdlePhase::Attract);
    CHECK(idle.take_reset(5.0));
    idle.touch(6.0);  // a touch clears the skipped time too
    CHECK(idle.phase(6.0) == IdlePhase::Active);
}

TEST_CASE("a timeout that is not positive is refused", "[idle]") {
    CHECK_THROWS_AS(IdleTracker(0.0), std::invalid_argument);
    CHECK_THROWS_AS(IdleTracker(-5.0), std::invalid_argument);
    CHECK_THROWS_AS(IdleTracker(10.0, -1.0), std::invalid_argument);
}

// --- navigation ---

TEST_CASE("the navigator goes forward, back and home", "[nav]") {
    Navigator nav;
    CHECK(nav.current() == Route{"home", ""});
    CHECK_FALSE(nav.can_go_back());
    nav.go({"members", ""}, 1.0);
    nav.go({"member", "nju"}, 2.0);
    nav.go({"member", "nju"}, 2.1);  // the same card tapped twice: no duplicate
    CHECK(nav.stack().size() == 3);
    CHECK(nav.direction() == 1);
    nav.back(3.0);
    CHECK(nav.current() == Route{"members", ""});
    CHECK(nav.direction() == -1);
    nav.go({"member", "seu"}, 4.0);
    nav.home(5.0);
    CHECK(nav.current() == Route{"home", ""});
    CHECK_FALSE(nav.can_go_back());
    nav.back(6.0);  // at the root it stays
    CHECK(nav.current() == Route{"home", ""});
    nav.reset({"attract", ""}, 7.0);
    CHECK(nav.current() == Route{"attract", ""});
    CHECK_FALSE(nav.can_go_back());
}

TEST_CASE("every change eases in over 220 ms", "[nav]") {
    Navigator nav;
    CHECK(nav.transition(0.0) == 1.f);
    CHECK(nav.previous() == nullptr);
    nav.go({"members", ""}, 10.0);
    CHECK(nav.transitioning(10.0));
    CHECK(nav.transition(10.0) == 0.f);
    REQUIRE(nav.previous() != nullptr);
    CHECK(nav.previous()->screen == "home");
    const float early = nav.transition(10.05), mid = nav.transition(10.11);
    CHECK(early > 0.f);
    CHECK(mid > early);
    CHECK(mid > 0.5f);  // ease-out: more than half the way at half the time
    CHECK(nav.transition(10.22) == 1.f);
    CHECK_FALSE(nav.transitioning(10.23));
    CHECK(nav.previous() == nullptr);
    nav.back(11.0);
    CHECK(nav.transitioning(11.1));
    REQUIRE(nav.previous() != nullptr);
    CHECK(nav.previous()->screen == "members");
    nav.back(20.0);  // nothing to go back to: no transition
    CHECK_FALSE(nav.transitioning(20.0));
}
