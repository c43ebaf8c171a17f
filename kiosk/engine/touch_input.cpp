// TouchTracker: folds the frame's pointer events into ui::Touch.
#include "kiosk/engine/touch_input.h"

namespace kiosk::engine {

ui::Touch TouchTracker::next_frame(double now) {
    ui::Touch touch;
    touch.time_s = now;
    touch.dt = last_frame_ < 0 ? 0.f : static_cast<float>(now - last_frame_);
    last_frame_ = now;
    const ImVec2 start = pos_;
    ImVec2 moved_from = start;  // a press restarts the delta at the finger
    for (const PointerEvent& e : events_) {
        const ImVec2 p{e.x, e.y};
        switch (e.type) {
            case PointerEvent::Type::Press:
                taps_.press(e.x, e.y, e.t);
                down_ = true;
                dragged_this_press_ = false;
                touch.pressed = true;
                press_pos_ = p;
                moved_from = p;
                break;
            case PointerEvent::Type::Move:
                if (down_) taps_.move(e.x, e.y, e.t);
                break;
            case PointerEvent::Type::Release:
                if (!down_) break;  // a release without press (focus games): ignore
                taps_.move(e.x, e.y, e.t);
                if (taps_.is_dragging()) dragged_this_press_ = true;
                taps_.release(e.x, e.y, e.t);
                down_ = false;
                touch.released = true;
                break;
        }
        if (taps_.is_dragging()) dragged_this_press_ = true;
        pos_ = p;
    }
    events_.clear();
    touch.down = down_;
    touch.pos = pos_;
    touch.press_pos = press_pos_;
    touch.dragging = dragged_this_press_ && (down_ || touch.released);
    const bool pressed_or_down = down_ || touch.released;
    touch.delta =
        pressed_or_down ? ImVec2{pos_.x - moved_from.x, pos_.y - moved_from.y} : ImVec2{0, 0};
    float tx = 0, ty = 0;
    touch.tap = taps_.take_tap(&tx, &ty) && !dragged_this_press_;
    return touch;
}

}  // namespace kiosk::engine
