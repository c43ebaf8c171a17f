// Raw pointer events (from GLFW callbacks) → one ui::Touch per frame, taps and drags told apart by
// kiosk::TapDetector with the slop in pixels. Pure logic: unit-tested without a window.
#pragma once

#include <vector>

#include "kiosk/core/tap_detector.h"
#include "kiosk/ui/services.h"

namespace kiosk::engine {

struct PointerEvent {
    enum class Type { Press, Move, Release };
    Type type = Type::Move;
    float x = 0, y = 0;
    double t = 0;
};

class TouchTracker {
  public:
    explicit TouchTracker(float slop_px) : taps_(slop_px) {}
    void push(const PointerEvent& event) { events_.push_back(event); }
    bool has_events() const { return !events_.empty(); }
    // Drops queued events: a touch that only wakes a sleeping display must not tap anything.
    void discard_events() { events_.clear(); }
    // Consumes the events since the last call and describes this frame's touch.
    ui::Touch next_frame(double now);

  private:
    TapDetector taps_;
    std::vector<PointerEvent> events_;
    bool down_ = false;
    bool dragged_this_press_ = false;
    ImVec2 pos_{0, 0}, press_pos_{0, 0};
    double last_frame_ = -1;
};

}  // namespace kiosk::engine
