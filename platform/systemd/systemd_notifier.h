// SystemdNotifier: tells systemd the kiosk is up (READY=1) and alive (WATCHDOG=1) via sd_notify.
// Without NOTIFY_SOCKET (started by hand, in tests, under a debugger) every call does nothing.
//
// The service (deploy/systemd/jbnm-kiosk.service) has WatchdogSec=10: a frame loop that stops
// calling watchdog_tick() for 10 s gets the kiosk killed and restarted. Pings therefore come only
// from the render loop, never from a helper thread, so a hung frame really does stop them.
#pragma once

#include <string>
#include <string_view>

namespace kiosk::platform {

class SystemdNotifier {
  public:
    // Reads NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID once, now.
    SystemdNotifier();

    // After the first frame with content is on screen. Sends READY=1 once; later calls do nothing.
    void ready();
    // Every frame, with a monotonic clock in seconds (e.g. glfwGetTime()). Sends WATCHDOG=1 on the
    // first call and then whenever half of WATCHDOG_USEC has passed since the last ping.
    void watchdog_tick(double now);
    // One line shown by `systemctl status jbnm-kiosk` (e.g. "showing pack 2026.3").
    void status(std::string_view text);
    // Before a clean exit, so systemd does not mistake the shutdown for a hang.
    void stopping();

    // True when a NOTIFY_SOCKET was given (i.e. running under systemd with Type=notify).
    bool active() const { return active_; }
    // Seconds between pings (half of WATCHDOG_USEC); 0 when no watchdog is configured.
    double ping_interval_s() const { return interval_s_; }
    // How long the loop may sleep (glfwWaitEventsTimeout) before the next ping is due: 0 when a
    // ping is due now, -1 without a watchdog (no wish: the loop may sleep as long as it likes).
    // Fits RunHooks::next_wakeup_s as is.
    double seconds_until_next_ping(double now) const;

  private:
    void send(const std::string& message);

    bool active_ = false;
    bool ready_sent_ = false;
    double interval_s_ = 0;
    bool pinged_ = false;
    double last_ping_ = 0;
};

}  // namespace kiosk::platform
