// CornerGesture: counts quick taps in one corner; anything else starts the count over.
#include "kiosk/staff/corner_gesture.h"

#include <cmath>
#include <stdexcept>

namespace kiosk::staff {

namespace {
constexpr int kMaxTaps = 16;  // size of the timestamp buffer
}

CornerGesture::CornerGesture(Corner corner, float region_px, int taps, double window_s)
    : corner_(corner), region_px_(region_px), taps_needed_(taps), window_s_(window_s) {
    set_region(region_px);
    if (taps < 2 || taps > kMaxTaps)
        throw std::invalid_argument("corner gesture needs 2 to 16 taps");
    if (!(window_s > 0) || !std::isfinite(window_s))
        throw std::invalid_argument(
            "corner gesture time window must be a positive number of seconds");
}

void CornerGesture::set_viewport(float width_px, float height_px) {
    width_ = width_px;
    height_ = height_px;
}

void CornerGesture::set_region(float region_px) {
    if (!(region_px > 0) || !std::isfinite(region_px))
        throw std::invalid_argument("corner gesture region must be a positive number of pixels");
    region_px_ = region_px;
}

bool CornerGesture::in_region(float x, float y) const {
    const bool left = x >= 0 && x < region_px_;
    const bool top = y >= 0 && y < region_px_;
    const bool right = width_ > 0 && x >= width_ - region_px_ && x <= width_;
    const bool bottom = height_ > 0 && y >= height_ - region_px_ && y <= height_;
    switch (corner_) {
        case Corner::TopLeft:
            return left && top;
        case Corner::TopRight:
            return right && top;
        case Corner::BottomLeft:
            return left && bottom;
        case Corner::BottomRight:
            return right && bottom;
    }
    return false;
}

bool CornerGesture::tap(float x, float y, double now) {
    if (!in_region(x, y)) {
        count_ = 0;
        return false;
    }
    // Forget taps that fell out of the time window (oldest first).
    int keep_from = 0;
    while (keep_from < count_ && now - times_[keep_from] > window_s_) ++keep_from;
    for (int i = keep_from; i < count_; ++i) times_[i - keep_from] = times_[i];
    count_ -= keep_from;
    times_[count_++] = now;
    if (count_ >= taps_needed_) {
        count_ = 0;
        return true;
    }
    return false;
}

void CornerGesture::drag() {
    count_ = 0;
}

}  // namespace kiosk::staff
