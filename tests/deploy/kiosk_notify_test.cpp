// The real kiosk under Xvfb, as jbnm-kiosk.service runs it: READY=1 once after the first frame,
// WATCHDOG=1 pings while it runs (idle too), none while its loop is frozen (SIGSTOP), pings again
// once it thaws, STOPPING=1 on quit.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "tests/deploy/fake_systemd.h"

namespace {

using kiosk::test::FakeSystemd;
using Clock = std::chrono::steady_clock;

// The kiosk as a child process reading replay commands from a pipe we hold.
class KioskProcess {
  public:
    explicit KioskProcess(const std::string& data_dir) {
        int fds[2];
        REQUIRE(pipe(fds) == 0);
        pid_ = fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            dup2(fds[0], 0);
            close(fds[0]);
            close(fds[1]);
            const int null = open("/dev/null", O_WRONLY);
            dup2(null, 1);
            // As kiosk-xclient does: the watchdog belongs to the kiosk's own pid.
            setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
            execl(KIOSK_BIN, "kiosk", "--window", "800x600", "--pack", KIOSK_BUILTIN_DB,
                  "--data-dir", data_dir.c_str(), "--replay", "-", static_cast<char*>(nullptr));
            _exit(127);
        }
        close(fds[0]);
        commands_ = fds[1];
    }
    ~KioskProcess() {
        if (commands_ >= 0) close(commands_);
        if (pid_ > 0 && !exited_) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }
    KioskProcess(const KioskProcess&) = delete;
    KioskProcess& operator=(const KioskProcess&) = delete;

    void send(const std::string& command) {
        const std::string line = command + "\n";
        REQUIRE(write(commands_, line.data(), line.size()) == static_cast<ssize_t>(line.size()));
    }
    void signal(int sig) { REQUIRE(kill(pid_, sig) == 0); }
    // Exit status, or -1 if it has not exited within timeout_s.
    int wait_exit(double timeout_s) {
        const auto end = Clock::now() + std::chrono::duration<double>(timeout_s);
        while (Clock::now() < end) {
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                exited_ = true;
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return -1;
    }

  private:
    pid_t pid_ = -1;
    int commands_ = -1;
    bool exited_ = false;
};

// Counts WATCHDOG=1 messages arriving within seconds_s; any READY=1 is counted in *ready.
int pings_within(FakeSystemd& systemd, double seconds_s, int* ready) {
    const auto end = Clock::now() + std::chrono::duration<double>(seconds_s);
    int pings = 0;
    std::string message;
    while (Clock::now() < end) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now()).count();
        if (!systemd.receive(static_cast<int>(left > 0 ? left : 0), &message)) continue;
        if (message == "WATCHDOG=1") ++pings;
        if (message == "READY=1") ++*ready;
    }
    return pings;
}

}  // namespace

TEST_CASE("the kiosk tells systemd it is ready and alive, and goes quiet when frozen") {
    REQUIRE(std::getenv("DISPLAY") != nullptr);  // run under Xvfb (./dev.sh test starts one)
    char pattern[] = "/tmp/kiosk-notify-data-XXXXXX";
    const std::filesystem::path data_dir = mkdtemp(pattern);
    FakeSystemd systemd("1000000");  // WatchdogSec=1 s: a ping every 0.5 s
    KioskProcess kiosk(data_dir);

    // READY=1 after the first frame (start-up may be slow on a loaded machine: wait long).
    int ready = 0;
    std::string message;
    const auto give_up = Clock::now() + std::chrono::seconds(60);
    while (ready == 0 && Clock::now() < give_up)
        if (systemd.receive(500, &message) && message == "READY=1") ready = 1;
    REQUIRE(ready == 1);

    // Nobody touches it: the loop sleeps, yet wakes to ping (6 expected in 3 s; 2 is plenty).
    CHECK(pings_within(systemd, 3.0, &ready) >= 2);

    // Frozen loop: not a single ping, so systemd's watchdog would fire and restart it.
    kiosk.signal(SIGSTOP);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    systemd.take();  // sent just before the stop took hold
    CHECK(pings_within(systemd, 2.0, &ready) == 0);

    kiosk.signal(SIGCONT);
    CHECK(pings_within(systemd, 5.0, &ready) >= 1);
    CHECK(ready == 1);  // READY=1 exactly once

    kiosk.send("quit");
    CHECK(kiosk.wait_exit(30) == 0);
    bool stopping = false;
    for (const auto& m : systemd.take()) stopping = stopping || m == "STOPPING=1";
    CHECK(stopping);
    std::filesystem::remove_all(data_dir);
}
