// Opening hours: when the display is on, plus waking for a few minutes after a touch at night.
#pragma once

#include <ctime>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kiosk::staff {

class OpeningHoursError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// "HH:MM" or "H:MM", 00:00–23:59 (24:00 is accepted as midnight) → minutes since midnight.
// Throws OpeningHoursError naming `what` (e.g. "open_from") and the bad text.
int parse_hhmm(std::string_view text, std::string_view what = "time");
// Minutes since local midnight of a wall-clock time.
int local_minute_of_day(std::time_t when);

class OpeningHours {
  public:
    // Equal times = always open; until before from = open overnight (e.g. 18:00–02:00).
    OpeningHours(std::string_view from, std::string_view until);  // throws OpeningHoursError
    bool always_open() const { return from_ == until_; }
    bool is_open(int minute_of_day) const;
    int from() const { return from_; }
    int until() const { return until_; }

  private:
    int from_;
    int until_;
};

// Outside opening hours the display sleeps; a touch wakes it for `wake_minutes`.
class WakeState {
  public:
    WakeState(OpeningHours hours, double wake_minutes);  // throws std::invalid_argument if < 0
    void touch(double now_s);                            // now_s: monotonic seconds
    // Whether the display should be on: open hours, or within the wake time after a touch.
    bool display_on(int minute_of_day, double now_s) const;
    double awake_remaining(double now_s) const;  // seconds left of a wake, 0 if none
    const OpeningHours& hours() const { return hours_; }

  private:
    OpeningHours hours_;
    double wake_s_;
    double awake_until_ = -1e300;
};

}  // namespace kiosk::staff
