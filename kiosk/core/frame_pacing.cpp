#include "kiosk/core/frame_pacing.h"

#include <algorithm>

namespace kiosk {

namespace {
constexpr double kSmoothing = 0.25;       // weight of the newest frame in the running cost
constexpr double kLongestIntervalS = 10;  // a very slow machine still animates now and then
}  // namespace

FramePacer::FramePacer(double max_cpu_share, double max_fps)
    : max_cpu_share_(std::clamp(max_cpu_share, 0.001, 1.0)),
      min_interval_s_(1.0 / std::clamp(max_fps, 1.0, 240.0)) {}

void FramePacer::record_frame_cost(double cpu_seconds) {
    cpu_seconds = std::max(0.0, cpu_seconds);
    if (!measured_) {
        cost_s_ = cpu_seconds;
        measured_ = true;
        return;
    }
    cost_s_ += kSmoothing * (cpu_seconds - cost_s_);
}

double FramePacer::ambient_interval_s() const {
    return std::clamp(cost_s_ / max_cpu_share_, min_interval_s_, kLongestIntervalS);
}

}  // namespace kiosk
