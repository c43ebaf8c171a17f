// The hidden gesture that opens the staff panel: N taps within a few seconds in one corner.
// Feed it taps only (TapDetector's), so a drag never counts; report drags to break a sequence.
#pragma once

namespace kiosk::staff {

enum class Corner { TopLeft, TopRight, BottomLeft, BottomRight };

class CornerGesture {
  public:
    static constexpr int kDefaultTaps = 5;
    static constexpr double kDefaultWindowSeconds = 3.0;
    static constexpr float kDefaultRegionPx = 120.f;  // at UI scale 1.0

    // region_px: edge of the square corner region (already scaled). Throws std::invalid_argument
    // for a region that is not positive, fewer than 2 taps or a window that is not positive.
    explicit CornerGesture(Corner corner = Corner::TopLeft, float region_px = kDefaultRegionPx,
                           int taps = kDefaultTaps, double window_s = kDefaultWindowSeconds);
    void set_viewport(float width_px, float height_px);  // needed for the right/bottom corners
    void set_region(float region_px);                    // e.g. 120 × UI scale
    // A tap anywhere. True when it completes the gesture (the count starts over afterwards);
    // a tap outside the corner region resets the count.
    bool tap(float x, float y, double now);
    void drag();  // a drag anywhere breaks the sequence
    bool in_region(float x, float y) const;
    int count() const { return count_; }

  private:
    Corner corner_;
    float region_px_;
    int taps_needed_;
    double window_s_;
    float width_ = 0, height_ = 0;
    double times_[16] = {};  // times of the taps counted so far, oldest first
    int count_ = 0;
};

}  // namespace kiosk::staff
