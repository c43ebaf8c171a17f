// CPU time per frame (building the UI and submitting draw data, not waiting for vsync), kept in
// a fixed ring so recording never allocates; the benchmark reads p50/p99 through `state`.
#pragma once

#include <time.h>

#include <algorithm>
#include <array>
#include <cstddef>

namespace kiosk::engine {

struct FrameTimeSummary {
    double p50_ms = 0, p99_ms = 0;
    long long count = 0;  // frames recorded in all (the percentiles cover the last kCapacity)
};

class FrameTimes {
  public:
    static constexpr std::size_t kCapacity = 4096;

    // CPU time of the calling thread, in milliseconds.
    // The whole process, including a software rasteriser's threads: what a frame really costs.
    static double process_cpu_s() {
        timespec ts{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
    }

    static double thread_cpu_ms() {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
    }

    void record(double ms) {
        ring_[static_cast<std::size_t>(count_ % kCapacity)] = ms;
        ++count_;
    }

    FrameTimeSummary summary() const {
        FrameTimeSummary s;
        s.count = count_;
        const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(count_), kCapacity);
        if (n == 0) return s;
        std::array<double, kCapacity> sorted = ring_;
        std::sort(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(n));
        s.p50_ms = sorted[(n - 1) / 2];
        s.p99_ms = sorted[std::min(n - 1, (n * 99) / 100)];
        return s;
    }

  private:
    std::array<double, kCapacity> ring_{};
    long long count_ = 0;
};

}  // namespace kiosk::engine
