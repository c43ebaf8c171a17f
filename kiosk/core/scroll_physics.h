// One scroll axis driven by a finger: 1:1 drag, rubber band past the ends, inertial fling and a
// critically damped spring back. Every motion is evaluated in closed form from its start, so the
// result depends only on the time asked for, never on the frame rate.
#pragma once

#include <array>

namespace kiosk {

class ScrollPhysics {
  public:
    // range = max(0, content - viewport). Shrinking below the current offset springs back gently.
    void set_extent(float content_px, float viewport_px);
    void drag_begin(double t);  // catches a running fling or spring
    // The finger moved by delta px (positive = down/right); the content follows it, so the offset
    // decreases by delta inside the range and by less (rubber band) past the ends.
    void drag_move(float finger_delta_px, double t);
    void drag_end(double t);  // release: fling with the velocity of the last ~80 ms
    void update(double t);    // advance inertia / spring-back to time t (same t twice: no-op)
    float offset() const { return static_cast<float>(offset_); }  // 0 = top; may overshoot
    float max_offset() const { return static_cast<float>(max_); }
    bool moving() const { return mode_ == Mode::Fling || mode_ == Mode::Spring; }
    bool dragging() const { return mode_ == Mode::Drag; }
    void jump_to(float offset);  // clamped to the range, stops any motion

    // Tuning, public so tests and the UI can reason about it.
    static constexpr double kDecayPerSecond = 2.2;        // fling velocity *= exp(-k t)
    static constexpr double kStopSpeed = 1.0;             // px/s: below this a fling ends
    static constexpr double kVelocityWindow = 0.080;      // s of samples behind a release
    static constexpr double kMaxFlingSpeed = 12000;       // px/s: guards against sensor glitches
    static constexpr double kSpringOmega = 32.0;          // rad/s of the critically damped spring
    static constexpr double kSpringDuration = 0.300;      // s: a spring-back is over by then
    static constexpr double kMaxSpringEntrySpeed = 3000;  // px/s: keeps the soft stop soft
    static constexpr double kRubberBand = 0.55;           // resistance constant past the ends

  private:
    enum class Mode { Idle, Drag, Fling, Spring };
    struct Sample {
        double t = 0;
        double pos = 0;  // unresisted finger position in offset units
    };

    double band(double raw) const;      // finger position -> shown offset (resisted past ends)
    double unband(double shown) const;  // inverse of band
    double band_span() const;           // how far the rubber band can stretch at most
    void record(double t);
    double release_velocity(double t) const;
    void start_fling(double t, double velocity);
    void start_spring(double t, double anchor, double overshoot, double velocity);
    double nearest_end(double pos) const;
    double current_velocity() const;  // of the running fling or spring at last_t_

    Mode mode_ = Mode::Idle;
    double offset_ = 0;
    double max_ = 0;
    double content_ = 0;
    double viewport_ = 0;
    double last_t_ = 0;

    double raw_ = 0;  // finger-tracked position while dragging
    std::array<Sample, 32> samples_{};
    int sample_count_ = 0;  // ring buffer: newest at (sample_head_ - 1)
    int sample_head_ = 0;

    double motion_t0_ = 0;  // start of the current fling or spring
    double motion_p0_ = 0;  // fling start offset, or spring anchor (the end it returns to)
    double motion_v0_ = 0;  // initial velocity px/s
    double spring_x0_ = 0;  // initial displacement from the anchor
};

}  // namespace kiosk
