// SystemdNotifier over libsystemd's sd_notify; the clock is passed in so tests can drive it.
#include "platform/systemd/systemd_notifier.h"

#include <systemd/sd-daemon.h>

#include <cstdint>
#include <cstdlib>

namespace kiosk::platform {

SystemdNotifier::SystemdNotifier() {
    const char* socket = std::getenv("NOTIFY_SOCKET");
    active_ = socket != nullptr && *socket != '\0';
    if (!active_) return;
    // sd_watchdog_enabled honours WATCHDOG_PID: the session script sets it to the kiosk's own pid,
    // because systemd sets it to the main process (xinit), which would disable our pings.
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0)
        interval_s_ = static_cast<double>(usec) / 2e6;
}

void SystemdNotifier::send(const std::string& message) {
    if (!active_) return;
    // A failed notify must never take the kiosk down; systemd's watchdog covers real trouble.
    (void)sd_notify(0, message.c_str());
}

void SystemdNotifier::ready() {
    if (ready_sent_) return;
    ready_sent_ = true;
    send("READY=1");
}

void SystemdNotifier::watchdog_tick(double now) {
    if (!active_ || interval_s_ <= 0) return;
    if (pinged_ && now - last_ping_ < interval_s_) return;
    pinged_ = true;
    last_ping_ = now;
    send("WATCHDOG=1");
}

void SystemdNotifier::status(std::string_view text) {
    std::string line(text);
    // One line only: a newline would start a new (unintended) assignment in the protocol.
    for (char& c : line)
        if (c == '\n' || c == '\r') c = ' ';
    send("STATUS=" + line);
}

void SystemdNotifier::stopping() {
    send("STOPPING=1");
}

double SystemdNotifier::seconds_until_next_ping(double now) const {
    if (!active_ || interval_s_ <= 0) return -1;
    if (!pinged_) return 0;
    const double left = last_ping_ + interval_s_ - now;
    return left > 0 ? left : 0;
}

}  // namespace kiosk::platform
