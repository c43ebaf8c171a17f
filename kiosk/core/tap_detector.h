// Turns raw pointer events into taps and drags: a finger that ever moves beyond the slop is a drag
// for the rest of that press and never a tap; a press released within the slop is one tap.
#pragma once

namespace kiosk {

class TapDetector {
  public:
    explicit TapDetector(float slop_px);  // throws std::invalid_argument unless slop_px >= 0
    void press(float x, float y, double t);
    void move(float x, float y, double t);
    void release(float x, float y, double t);
    bool is_dragging() const { return down_ && dragging_; }
    bool is_down() const { return down_; }
    // True once per tap, with the point where the finger went down.
    bool take_tap(float* x, float* y);

  private:
    void track(float x, float y);

    float slop_px_;
    bool down_ = false;
    bool dragging_ = false;
    bool tap_pending_ = false;
    float press_x_ = 0, press_y_ = 0;
    float tap_x_ = 0, tap_y_ = 0;
};

}  // namespace kiosk
