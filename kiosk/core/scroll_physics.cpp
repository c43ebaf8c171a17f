// ScrollPhysics: drag with rubber band, closed-form exponential fling, critically damped spring.
// Sections: rubber band · drag and velocity · fling and spring · extent and jumps
#include "kiosk/core/scroll_physics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kiosk {

namespace {
constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kDefaultBandSpan = 1000.0;   // px, used before the viewport is known
constexpr double kSpringRestDistance = 0.25;  // px
constexpr double kSpringRestSpeed = 2.0;      // px/s
constexpr double kMinVelocitySpan = 0.001;    // s: shorter spans give no usable velocity
}  // namespace

// --- rubber band: past an end the content moves less and less the further it is pulled ---

double ScrollPhysics::band_span() const {
    return viewport_ > 0 ? viewport_ : kDefaultBandSpan;
}

double ScrollPhysics::band(double raw) const {
    const double d = band_span();
    auto resist = [&](double x) { return (1.0 - 1.0 / (x * kRubberBand / d + 1.0)) * d; };
    if (raw < 0) return -resist(-raw);
    if (raw > max_) return max_ + resist(raw - max_);
    return raw;
}

double ScrollPhysics::unband(double shown) const {
    const double d = band_span();
    auto unresist = [&](double y) {
        y = std::min(y, d * 0.999);  // the band never reaches d; keep the inverse finite
        return (d / kRubberBand) * (1.0 / (1.0 - y / d) - 1.0);
    };
    if (shown < 0) return -unresist(-shown);
    if (shown > max_) return max_ + unresist(shown - max_);
    return shown;
}

double ScrollPhysics::nearest_end(double pos) const {
    return pos < 0 ? 0.0 : max_;
}

// --- drag and velocity ---

void ScrollPhysics::record(double t) {
    samples_[static_cast<size_t>(sample_head_)] = Sample{t, raw_};
    sample_head_ = (sample_head_ + 1) % static_cast<int>(samples_.size());
    sample_count_ = std::min(sample_count_ + 1, static_cast<int>(samples_.size()));
}

void ScrollPhysics::drag_begin(double t) {
    if (!std::isfinite(t)) return;
    update(t);
    mode_ = Mode::Drag;
    raw_ = unband(offset_);
    sample_count_ = 0;
    sample_head_ = 0;
    record(t);
}

void ScrollPhysics::drag_move(float finger_delta_px, double t) {
    if (!std::isfinite(finger_delta_px) || !std::isfinite(t)) return;
    if (mode_ != Mode::Drag) drag_begin(t);
    raw_ -= finger_delta_px;  // finger down = content down = offset towards the top
    offset_ = band(raw_);
    last_t_ = std::max(last_t_, t);
    record(t);
}

// Average velocity of the finger over the window before release: the finger path is linear
// between samples and stands still after the newest one, so a pause before lifting gives ~0.
double ScrollPhysics::release_velocity(double t) const {
    if (sample_count_ == 0) return 0;
    const int n = static_cast<int>(samples_.size());
    auto at = [&](int age) {  // age 0 = newest
        return samples_[static_cast<size_t>(((sample_head_ - 1 - age) % n + n) % n)];
    };
    const Sample newest = at(0);
    const double t_end = std::max(t, newest.t);
    double t_ref = t_end - kVelocityWindow;
    double pos_ref = at(sample_count_ - 1).pos;
    if (at(sample_count_ - 1).t > t_ref) {
        t_ref = at(sample_count_ - 1).t;  // drag shorter than the window: use all of it
    } else {
        for (int age = 0; age < sample_count_; ++age) {
            const Sample older = at(age);
            if (older.t > t_ref) continue;
            if (age == 0) {
                pos_ref = older.pos;
            } else {
                const Sample newer = at(age - 1);
                const double span = newer.t - older.t;
                const double f = span > 0 ? (t_ref - older.t) / span : 1.0;
                pos_ref = older.pos + (newer.pos - older.pos) * f;
            }
            break;
        }
    }
    const double span = t_end - t_ref;
    if (span < kMinVelocitySpan) return 0;
    const double v = (newest.pos - pos_ref) / span;
    return std::clamp(v, -kMaxFlingSpeed, kMaxFlingSpeed);
}

void ScrollPhysics::drag_end(double t) {
    if (mode_ != Mode::Drag || !std::isfinite(t)) return;
    const double v = release_velocity(t);
    last_t_ = std::max(last_t_, t);
    if (offset_ < 0 || offset_ > max_) {
        const double end = nearest_end(offset_);
        start_spring(last_t_, end, offset_ - end, v);
    } else {
        start_fling(last_t_, v);
    }
}

// --- fling and spring: closed form from the start of each motion ---

void ScrollPhysics::start_fling(double t, double velocity) {
    if (std::abs(velocity) <= kStopSpeed) {
        mode_ = Mode::Idle;
        return;
    }
    mode_ = Mode::Fling;
    motion_t0_ = t;
    motion_p0_ = offset_;
    motion_v0_ = velocity;
}

void ScrollPhysics::start_spring(double t, double anchor, double overshoot, double velocity) {
    mode_ = Mode::Spring;
    motion_t0_ = t;
    motion_p0_ = anchor;
    spring_x0_ = overshoot;
    motion_v0_ = std::clamp(velocity, -kMaxSpringEntrySpeed, kMaxSpringEntrySpeed);
    offset_ = motion_p0_ + overshoot;
}

double ScrollPhysics::current_velocity() const {
    const double tau = last_t_ - motion_t0_;
    if (mode_ == Mode::Fling) return motion_v0_ * std::exp(-kDecayPerSecond * tau);
    if (mode_ == Mode::Spring) {
        const double b = motion_v0_ + kSpringOmega * spring_x0_;
        return (b - kSpringOmega * (spring_x0_ + b * tau)) * std::exp(-kSpringOmega * tau);
    }
    return 0;
}

void ScrollPhysics::update(double t) {
    if (!std::isfinite(t) || t <= last_t_) return;
    last_t_ = t;
    for (;;) {
        const double tau = t - motion_t0_;
        if (mode_ == Mode::Fling) {
            const double k = kDecayPerSecond, v0 = motion_v0_, p0 = motion_p0_;
            const double stop_tau = std::log(std::abs(v0) / kStopSpeed) / k;
            double cross_tau = kInfinity;  // when the fling reaches the end it moves towards
            const double q = ((v0 > 0 ? max_ : 0.0) - p0) * k / v0;
            if (q < 1) cross_tau = q <= 0 ? 0.0 : -std::log(1 - q) / k;
            const double end_tau = std::min(stop_tau, cross_tau);
            const double at = std::min(tau, end_tau);
            offset_ = p0 + v0 / k * (1 - std::exp(-k * at));
            if (tau < end_tau) return;
            if (cross_tau <= stop_tau) {
                // Soft stop: a spring anchored at the end takes over the remaining momentum.
                start_spring(motion_t0_ + cross_tau, v0 > 0 ? max_ : 0.0, 0.0,
                             v0 * std::exp(-k * cross_tau));
                continue;
            }
            mode_ = Mode::Idle;
            return;
        }
        if (mode_ == Mode::Spring) {
            const double w = kSpringOmega, x0 = spring_x0_, b = motion_v0_ + w * x0;
            const double decay = std::exp(-w * tau);
            const double x = (x0 + b * tau) * decay;
            const double v = (b - w * (x0 + b * tau)) * decay;
            const bool at_rest =
                std::abs(x) < kSpringRestDistance && std::abs(v) < kSpringRestSpeed;
            if (tau >= kSpringDuration || at_rest) {
                offset_ = motion_p0_;
                mode_ = Mode::Idle;
            } else {
                offset_ = motion_p0_ + x;
            }
            return;
        }
        return;  // Idle or Drag: nothing runs on its own
    }
}

// --- extent and jumps ---

void ScrollPhysics::set_extent(float content_px, float viewport_px) {
    const double content = std::isfinite(content_px) ? std::max(0.0f, content_px) : 0.0;
    const double viewport = std::isfinite(viewport_px) ? std::max(0.0f, viewport_px) : 0.0;
    if (content == content_ && viewport == viewport_) return;
    content_ = content;
    viewport_ = viewport;
    const double velocity = current_velocity();
    max_ = std::max(0.0, content_ - viewport_);
    if (mode_ == Mode::Drag) {
        offset_ = band(raw_);
        return;
    }
    if (offset_ < 0 || offset_ > max_) {
        // Content shrank under the offset: pull the excess through the rubber band, then spring.
        const double end = nearest_end(offset_);
        offset_ = band(offset_);
        start_spring(last_t_, end, offset_ - end, velocity);
    } else if (moving()) {
        start_fling(last_t_, velocity);
    }
}

void ScrollPhysics::jump_to(float offset) {
    const double o = std::isfinite(offset) ? static_cast<double>(offset) : 0.0;
    offset_ = std::clamp(o, 0.0, max_);
    mode_ = Mode::Idle;
}

}  // namespace kiosk
