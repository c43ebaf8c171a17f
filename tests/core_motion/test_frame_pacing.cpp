// The attract loop's frames are spaced so it stays within its CPU share, whatever a frame costs.
#include <catch2/catch.hpp>

#include "kiosk/core/frame_pacing.h"

using kiosk::FramePacer;

TEST_CASE("cheap frames on a GPU animate the attract loop at the frame-rate cap", "[pacing]") {
    FramePacer pacer(0.04, 30);
    pacer.record_frame_cost(0.001);  // 1 ms of CPU per frame
    CHECK(pacer.ambient_interval_s() == Approx(1.0 / 30));
}

TEST_CASE("software-rendered frames are spaced to stay within the CPU share", "[pacing]") {
    FramePacer pacer(0.04, 30);
    for (int i = 0; i < 20; ++i) pacer.record_frame_cost(0.080);  // llvmpipe at 1080p
    // 80 ms per frame at 4 % of a core: one frame every 2 s, i.e. 4 % busy.
    CHECK(pacer.ambient_interval_s() == Approx(2.0));
    CHECK(pacer.smoothed_cost_s() / pacer.ambient_interval_s() <= Approx(0.04));
    CHECK(pacer.next_ambient_frame_at(100.0) == Approx(102.0));
}

TEST_CASE("one slow frame does not stall the attract loop for long", "[pacing]") {
    FramePacer pacer(0.04, 30);
    for (int i = 0; i < 10; ++i) pacer.record_frame_cost(0.002);
    pacer.record_frame_cost(0.5);  // a texture upload or a preempted thread
    const double after_spike = pacer.ambient_interval_s();
    CHECK(after_spike < 0.5 / 0.04);  // smoothed: not the spike alone
    for (int i = 0; i < 15; ++i) pacer.record_frame_cost(0.002);
    CHECK(pacer.ambient_interval_s() < 0.1);  // back to a fluid rate
}

TEST_CASE("an absurdly slow machine still shows a new attract frame now and then", "[pacing]") {
    FramePacer pacer(0.04, 30);
    pacer.record_frame_cost(5.0);
    CHECK(pacer.ambient_interval_s() == Approx(10.0));
}

TEST_CASE("nonsense pacing settings are clamped to usable ones", "[pacing]") {
    FramePacer zero_share(0.0, 0.0);
    zero_share.record_frame_cost(-1.0);  // a clock going backwards counts as free
    CHECK(zero_share.ambient_interval_s() == Approx(1.0));  // max_fps clamped to 1
    CHECK(zero_share.smoothed_cost_s() == 0.0);
}
