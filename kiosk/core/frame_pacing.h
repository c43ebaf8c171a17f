// Frame pacing for ambient animation (the attract loop): nobody is touching, so its frames may
// cost at most a set share of one core. The runner measures what each drawn frame cost the
// process (CPU time incl. a software rasteriser's threads) and spaces ambient frames accordingly:
// on a GPU that is the full frame rate, under llvmpipe it is a frame every second or two.
#pragma once

namespace kiosk {

class FramePacer {
  public:
    // max_cpu_share: 0.04 = 4 % of one core; max_fps: never faster than this.
    FramePacer(double max_cpu_share, double max_fps);

    // The process CPU seconds one drawn frame cost. Smoothed, so one slow frame (a texture
    // upload, a preempted thread) does not stall the loop for long.
    void record_frame_cost(double cpu_seconds);

    // Seconds to leave between the starts of two ambient frames.
    double ambient_interval_s() const;

    // When the next ambient frame may be drawn, given when the last one was drawn.
    double next_ambient_frame_at(double last_frame_at) const {
        return last_frame_at + ambient_interval_s();
    }

    double smoothed_cost_s() const { return cost_s_; }

  private:
    double max_cpu_share_;
    double min_interval_s_;
    double cost_s_ = 0;  // 0 until the first frame was measured
    bool measured_ = false;
};

}  // namespace kiosk
