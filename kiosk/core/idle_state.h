// Idle state machine of a visitor session: Active → Fading → Attract after a timeout without a
// touch, with a one-shot session reset when Attract is reached. Starts Active as if touched at t=0.
#pragma once

namespace kiosk {

enum class IdlePhase { Active, Fading, Attract };

class IdleTracker {
  public:
    // Attract is reached timeout_s after the last touch; the fade runs during the last fade_s of
    // it. Throws std::invalid_argument for a timeout that is not positive or a negative fade.
    explicit IdleTracker(double timeout_s, double fade_s = 0.6);
    void touch(double now);        // any touch: back to Active (from Attract too)
    void advance(double seconds);  // replay `idle S`: pretend S more seconds passed
    IdlePhase phase(double now) const;
    float fade(double now) const;  // 0..1 while Fading, 1 in Attract, 0 Active
    bool take_reset(double now);   // true exactly once when Attract is reached: reset session
    double idle_seconds(double now) const;  // time since the last touch, skips included

  private:
    double timeout_s_;
    double fade_s_;
    double last_touch_ = 0;
    double skipped_ = 0;
    bool reset_taken_ = false;
};

}  // namespace kiosk
