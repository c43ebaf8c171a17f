// The hidden staff gesture: five taps within 3 s in one corner.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "kiosk/core/tap_detector.h"
#include "kiosk/staff/corner_gesture.h"

using namespace kiosk::staff;

TEST_CASE("five taps within 3 s in the corner open the panel", "[gesture]") {
    CornerGesture g;
    for (int i = 0; i < 4; ++i) CHECK_FALSE(g.tap(30.f, 40.f, 10.0 + i * 0.5));
    CHECK(g.count() == 4);
    CHECK(g.tap(100.f, 10.f, 12.4));
    CHECK(g.count() == 0);  // starts over after opening
}

TEST_CASE("taps spread over more than 3 s do not open it", "[gesture]") {
    CornerGesture g;
    bool opened = false;
    for (int i = 0; i < 10; ++i) opened |= g.tap(20.f, 20.f, i * 0.8);  // 5 taps span 3.2 s
    CHECK_FALSE(opened);
    CHECK(g.count() == 4);          // 4.8, 5.6, 6.4 and 7.2 are within 3 s of the last tap
    CHECK(g.tap(20.f, 20.f, 7.3));  // the last five of a longer series are enough
}

TEST_CASE("a tap elsewhere starts the count over", "[gesture]") {
    CornerGesture g;
    for (int i = 0; i < 4; ++i) g.tap(10.f, 10.f, i * 0.3);
    CHECK_FALSE(g.tap(500.f, 500.f, 1.3));
    CHECK(g.count() == 0);
    CHECK_FALSE(g.tap(10.f, 10.f, 1.4));
    CHECK(g.count() == 1);
}

TEST_CASE("a drag in the corner does not count", "[gesture]") {
    kiosk::TapDetector taps(10.f);
    CornerGesture g;
    auto finger = [&](float x0, float y0, float x1, float y1, double t) {
        taps.press(x0, y0, t);
        taps.move(x1, y1, t + 0.05);
        if (taps.is_dragging()) g.drag();
        taps.release(x1, y1, t + 0.1);
        float x = 0, y = 0;
        return taps.take_tap(&x, &y) && g.tap(x, y, t + 0.1);
    };
    for (int i = 0; i < 4; ++i) CHECK_FALSE(finger(20, 20, 22, 21, i * 0.3));
    CHECK_FALSE(finger(20, 20, 80, 90, 1.3));  // still in the corner, but a drag
    CHECK(g.count() == 0);
}

TEST_CASE("the other corners use the viewport size", "[gesture]") {
    CornerGesture g(Corner::BottomRight, 120.f * 2.f);  // UI scale 2 (4K)
    g.set_viewport(3840.f, 2160.f);
    CHECK(g.in_region(3800.f, 2100.f));
    CHECK(g.in_region(3600.f, 1921.f));
    CHECK_FALSE(g.in_region(3500.f, 2100.f));
    CHECK_FALSE(g.in_region(20.f, 20.f));
    for (int i = 0; i < 4; ++i) CHECK_FALSE(g.tap(3800.f, 2100.f, i * 0.1));
    CHECK(g.tap(3800.f, 2100.f, 0.5));

    CornerGesture top_right(Corner::TopRight);
    CHECK_FALSE(top_right.in_region(1900.f, 10.f));  // no viewport yet: nothing matches
    top_right.set_viewport(1920.f, 1080.f);
    CHECK(top_right.in_region(1900.f, 10.f));
}

TEST_CASE("bad gesture settings are refused", "[gesture]") {
    CHECK_THROWS_AS(CornerGesture(Corner::TopLeft, 0.f), std::invalid_argument);
    CHECK_THROWS_AS(CornerGesture(Corner::TopLeft, 120.f, 1), std::invalid_argument);
    CHECK_THROWS_AS(CornerGesture(Corner::TopLeft, 120.f, 5, 0.0), std::invalid_argument);
}
