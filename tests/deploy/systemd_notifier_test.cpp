// SystemdNotifier as systemd sees it: messages read from a NOTIFY_SOCKET of our own.
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include "platform/systemd/systemd_notifier.h"
#include "tests/deploy/fake_systemd.h"

namespace {

using kiosk::platform::SystemdNotifier;
using kiosk::test::FakeSystemd;

int count(const std::vector<std::string>& messages, const std::string& wanted) {
    int n = 0;
    for (const auto& m : messages) n += m == wanted ? 1 : 0;
    return n;
}

}  // namespace

TEST_CASE("READY=1 is sent exactly once, however often ready() is called") {
    FakeSystemd systemd("10000000");
    SystemdNotifier notifier;
    REQUIRE(notifier.active());
    notifier.ready();
    notifier.ready();
    notifier.ready();
    const auto messages = systemd.take();
    CHECK(count(messages, "READY=1") == 1);
    CHECK(messages.size() == 1);
}

TEST_CASE("watchdog pings come at half of WATCHDOG_USEC as the frame clock advances") {
    FakeSystemd systemd("10000000");  // WatchdogSec=10 → a ping every 5 s
    SystemdNotifier notifier;
    CHECK(notifier.ping_interval_s() == Approx(5.0));

    notifier.watchdog_tick(100.0);  // first frame: ping at once
    CHECK(count(systemd.take(), "WATCHDOG=1") == 1);

    // Frames at 60 Hz for 4.9 s: no ping yet.
    for (double t = 100.0; t < 104.9; t += 1.0 / 60) notifier.watchdog_tick(t);
    CHECK(systemd.take().empty());
    CHECK(notifier.seconds_until_next_ping(104.0) == Approx(1.0));

    notifier.watchdog_tick(105.0);
    CHECK(count(systemd.take(), "WATCHDOG=1") == 1);

    // 60 s of frames: one ping per 5 s, never two within the same half period.
    int pings = 0;
    for (int frame = 1; frame <= 60 * 60; ++frame) {
        notifier.watchdog_tick(105.0 + frame / 60.0);
        pings += count(systemd.take(), "WATCHDOG=1");
    }
    CHECK(pings == 12);
}

TEST_CASE("a frozen render loop sends no pings, so systemd's watchdog fires") {
    FakeSystemd systemd("4000000");
    SystemdNotifier notifier;
    notifier.watchdog_tick(0.0);
    notifier.watchdog_tick(2.0);
    CHECK(count(systemd.take(), "WATCHDOG=1") == 2);
    // The loop hangs: nobody calls watchdog_tick. Nothing may ping on its behalf.
    usleep(50 * 1000);
    CHECK(systemd.take().empty());
    // The loop comes back long after the deadline: it pings once, not a backlog of pings.
    notifier.watchdog_tick(30.0);
    CHECK(count(systemd.take(), "WATCHDOG=1") == 1);
    CHECK(notifier.seconds_until_next_ping(30.5) == Approx(1.5));
}

TEST_CASE("a sleeping event loop can ask how long it may wait before the next ping") {
    FakeSystemd systemd("2000000");
    SystemdNotifier notifier;
    CHECK(notifier.seconds_until_next_ping(7.0) == 0);  // nothing sent yet: due now
    notifier.watchdog_tick(7.0);
    CHECK(notifier.seconds_until_next_ping(7.25) == Approx(0.75));
    CHECK(notifier.seconds_until_next_ping(9.0) == 0);  // overdue: do not sleep
}

TEST_CASE("status and stopping reach systemd, and status stays on one line") {
    FakeSystemd systemd(nullptr);
    SystemdNotifier notifier;
    notifier.status("showing pack 2026.3\nREADY=1");
    notifier.stopping();
    const auto messages = systemd.take();
    REQUIRE(messages.size() == 2);
    CHECK(messages[0] == "STATUS=showing pack 2026.3 READY=1");
    CHECK(messages[1] == "STOPPING=1");
}

TEST_CASE("without WATCHDOG_USEC there are no pings and the loop may sleep as long as it likes") {
    FakeSystemd systemd(nullptr);
    SystemdNotifier notifier;
    CHECK(notifier.ping_interval_s() == 0);
    for (double t = 0; t < 100; t += 1) notifier.watchdog_tick(t);
    CHECK(systemd.take().empty());
    CHECK(notifier.seconds_until_next_ping(0) < 0);  // no wish to wake up
}

TEST_CASE("a watchdog meant for another process (WATCHDOG_PID) is not ours to ping") {
    FakeSystemd systemd("10000000");
    setenv("WATCHDOG_PID", std::to_string(getpid() + 1).c_str(), 1);
    SystemdNotifier notifier;
    notifier.watchdog_tick(0);
    CHECK(systemd.take().empty());
}

TEST_CASE("without NOTIFY_SOCKET every call is a harmless no-op") {
    unsetenv("NOTIFY_SOCKET");
    setenv("WATCHDOG_USEC", "10000000", 1);
    SystemdNotifier notifier;
    CHECK_FALSE(notifier.active());
    notifier.ready();
    notifier.watchdog_tick(0);
    notifier.status("x");
    notifier.stopping();
    CHECK(notifier.seconds_until_next_ping(0) < 0);  // no wish to wake up
    unsetenv("WATCHDOG_USEC");
}
