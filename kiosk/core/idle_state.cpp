// IdleTracker: the visitor-session clock behind the attract screen and the session reset.
#include "kiosk/core/idle_state.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace kiosk {

IdleTracker::IdleTracker(double timeout_s, double fade_s) : timeout_s_(timeout_s), fade_s_(fade_s) {
    if (!(timeout_s > 0) || !std::isfinite(timeout_s))
        throw std::invalid_argument("idle timeout must be a positive number of seconds");
    if (!(fade_s >= 0) || !std::isfinite(fade_s))
        throw std::invalid_argument("idle fade must be zero or a positive number of seconds");
    fade_s_ = std::min(fade_s_, timeout_s_);
}

void IdleTracker::touch(double now) {
    last_touch_ = now;
    skipped_ = 0;
    reset_taken_ = false;
}

void IdleTracker::advance(double seconds) {
    if (seconds > 0 && std::isfinite(seconds)) skipped_ += seconds;
}

double IdleTracker::idle_seconds(double now) const {
    return std::max(0.0, now - last_touch_) + skipped_;
}

IdlePhase IdleTracker::phase(double now) const {
    const double idle = idle_seconds(now);
    if (idle >= timeout_s_) return IdlePhase::Attract;
    if (idle >= timeout_s_ - fade_s_) return IdlePhase::Fading;
    return IdlePhase::Active;
}

float IdleTracker::fade(double now) const {
    switch (phase(now)) {
        case IdlePhase::Active:
            return 0.0f;
        case IdlePhase::Attract:
            return 1.0f;
        case IdlePhase::Fading:
            break;
    }
    const double into = idle_seconds(now) - (timeout_s_ - fade_s_);
    return static_cast<float>(std::clamp(into / fade_s_, 0.0, 1.0));
}

bool IdleTracker::take_reset(double now) {
    if (reset_taken_ || phase(now) != IdlePhase::Attract) return false;
    reset_taken_ = true;
    return true;
}

}  // namespace kiosk
