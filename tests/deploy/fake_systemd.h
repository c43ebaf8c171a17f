// FakeSystemd: an AF_UNIX datagram socket in a temp folder standing for systemd's notify socket,
// announced to this process (and its children) through NOTIFY_SOCKET and WATCHDOG_USEC.
#pragma once

#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace kiosk::test {

class FakeSystemd {
  public:
    explicit FakeSystemd(const char* watchdog_usec) {
        char pattern[] = "/tmp/kiosk-notify-XXXXXX";
        dir_ = mkdtemp(pattern);
        path_ = dir_ + "/notify";
        fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        path_.copy(addr.sun_path, sizeof addr.sun_path - 1);
        REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        setenv("NOTIFY_SOCKET", path_.c_str(), 1);
        if (watchdog_usec) {
            setenv("WATCHDOG_USEC", watchdog_usec, 1);
            setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
        } else {
            unsetenv("WATCHDOG_USEC");
            unsetenv("WATCHDOG_PID");
        }
    }
    ~FakeSystemd() {
        close(fd_);
        unsetenv("NOTIFY_SOCKET");
        unsetenv("WATCHDOG_USEC");
        unsetenv("WATCHDOG_PID");
        std::filesystem::remove_all(dir_);
    }
    FakeSystemd(const FakeSystemd&) = delete;
    FakeSystemd& operator=(const FakeSystemd&) = delete;

    // Every message queued so far (sd_notify's send completes before it returns).
    std::vector<std::string> take() {
        std::vector<std::string> out;
        std::string message;
        while (receive(0, &message)) out.push_back(message);
        return out;
    }
    // Waits up to timeout_ms for one message; false when none came.
    bool receive(int timeout_ms, std::string* message) {
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, timeout_ms) <= 0) return false;
        char buffer[4096];
        const ssize_t n = recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n < 0) return false;
        message->assign(buffer, static_cast<std::size_t>(n));
        return true;
    }
    const std::string& path() const { return path_; }

  private:
    std::string dir_, path_;
    int fd_ = -1;
};

}  // namespace kiosk::test
