// Keeps an unattended kiosk healthy: tells systemd it is up and alive (readiness, watchdog pings
// from the render loop only), counts the frame rate the staff panel shows, and runs the
// crash-recovery trial of a new pack (every start of a pack on trial is counted; three failed
// starts go back to the previous pack; two minutes of running keeps it). Main thread only.
#pragma once

#include <string>

#include "kiosk/core/config.h"
#include "platform/systemd/systemd_notifier.h"

namespace kiosk::engine {

class HealthMonitor {
  public:
    explicit HealthMonitor(const Config& config);
    ~HealthMonitor();  // tells systemd the kiosk is stopping

    // Counts this start of a pack on trial (going back when it failed too often) and returns the
    // installed pack's path, empty when none is installed. Call once, before opening content.
    std::string note_start();
    void first_frame_shown();
    void frame_drawn() { ++frames_; }
    void loop_turn(double now);  // watchdog ping, frame rate, the end of the trial
    // Seconds until loop_turn has something to do (negative: nothing).
    double seconds_until_due(double now) const;
    double fps() const { return fps_; }
    // note_start went back to the previous pack (a failed trial).
    bool went_back() const { return went_back_; }
    void stopping();  // before a power-off, so systemd does not see a hang

  private:
    std::string data_dir_;
    platform::SystemdNotifier notifier_;
    double started_ = 0, frames_window_start_ = 0;
    long long frames_ = 0, frames_at_window_ = 0;
    double fps_ = 0;
    bool ran_well_noted_ = false;
    bool went_back_ = false;
};

}  // namespace kiosk::engine
