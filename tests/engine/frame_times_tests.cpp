// Frame CPU-time accounting the benchmark reads: percentiles over a bounded ring.
#include <catch2/catch.hpp>

#include "kiosk/engine/frame_times.h"

using kiosk::engine::FrameTimes;

TEST_CASE("frame times give the median and the 99th percentile", "[frames]") {
    FrameTimes times;
    CHECK(times.summary().count == 0);
    for (int ms = 100; ms >= 1; --ms) times.record(ms);  // order must not matter
    const auto s = times.summary();
    CHECK(s.count == 100);
    CHECK(s.p50_ms == Approx(50));
    CHECK(s.p99_ms == Approx(100));
}

TEST_CASE("frame times keep only the most recent frames", "[frames]") {
    FrameTimes times;
    for (std::size_t i = 0; i < FrameTimes::kCapacity; ++i) times.record(1000);  // a slow start
    for (std::size_t i = 0; i < FrameTimes::kCapacity; ++i) times.record(2);
    const auto s = times.summary();
    CHECK(s.count == static_cast<long long>(2 * FrameTimes::kCapacity));
    CHECK(s.p99_ms == Approx(2));  // the slow start has left the window
    CHECK(FrameTimes::thread_cpu_ms() >= 0);
}
