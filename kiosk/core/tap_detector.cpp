// TapDetector: the movement threshold that keeps taps and drags apart.
#include "kiosk/core/tap_detector.h"

#include <cmath>
#include <stdexcept>

namespace kiosk {

TapDetector::TapDetector(float slop_px) : slop_px_(slop_px) {
    if (!(slop_px >= 0) || !std::isfinite(slop_px))
        throw std::invalid_argument("tap slop must be zero or a positive number of pixels");
}

void TapDetector::track(float x, float y) {
    if (!down_ || dragging_) return;
    const float dx = x - press_x_, dy = y - press_y_;
    // Non-finite coordinates cannot be trusted to be a tap.
    if (!std::isfinite(dx) || !std::isfinite(dy) || std::hypot(dx, dy) > slop_px_) dragging_ = true;
}

void TapDetector::press(float x, float y, double) {
    down_ = true;
    dragging_ = false;
    tap_pending_ = false;
    press_x_ = x;
    press_y_ = y;
}

void TapDetector::move(float x, float y, double) {
    track(x, y);
}

void TapDetector::release(float x, float y, double) {
    if (!down_) return;
    track(x, y);
    if (!dragging_) {
        tap_pending_ = true;
        tap_x_ = press_x_;
        tap_y_ = press_y_;
    }
    down_ = false;
    dragging_ = false;
}

bool TapDetector::take_tap(float* x, float* y) {
    if (!tap_pending_) return false;
    tap_pending_ = false;
    if (x) *x = tap_x_;
    if (y) *y = tap_y_;
    return true;
}

}  // namespace kiosk
