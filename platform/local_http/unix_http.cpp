// A bounded HTTP GET over a Unix socket; see unix_http.h.
// Sections: request · exchange · reply
#include "platform/local_http/unix_http.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string_view>

#include "platform/usb/stick_io.h"

namespace kiosk::platform {
namespace {

using Clock = std::chrono::steady_clock;

bool printable(std::string_view s) {
    for (const char c : s)
        if (c < 0x20 || c > 0x7e) return false;
    return true;
}

// --- request ---
// HTTP/1.0: the server closes the connection after the reply and never sends it chunked.
bool make_request(const std::string& target,
                  const std::vector<std::pair<std::string, std::string>>& headers,
                  std::string& request) {
    if (target.empty() || target[0] != '/' || !printable(target) ||
        target.find(' ') != std::string::npos)
        return false;
    request = "GET " + target + " HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n";
    for (const auto& [name, value] : headers) {
        if (name.empty() || !printable(name) || !printable(value) ||
            name.find(':') != std::string::npos)
            return false;
        request += name + ": " + value + "\r\n";
    }
    request += "\r\n";
    return true;
}

// --- exchange ---
// Waits for `events` on fd until the deadline: false on timeout or error.
bool wait_for(int fd, short events, Clock::time_point deadline) {
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return false;
        pollfd p{fd, events, 0};
        const int n = ::poll(&p, 1, static_cast<int>(left));
        if (n > 0) return true;
        if (n == 0 || errno != EINTR) return false;
    }
}

std::string errno_text(const char* what) {
    return std::string(what) + ": " + std::strerror(errno);
}

// --- reply ---
// "HTTP/1.x NNN ...\r\n" headers "\r\n\r\n" body; Content-Length, when given, must hold.
HttpReply parse_reply(const std::string& raw) {
    HttpReply r;
    const size_t head_end = raw.find("\r\n\r\n");
    if (head_end == std::string::npos || !raw.starts_with("HTTP/1.") || raw.size() < 12 ||
        raw[8] != ' ') {
        r.error = "not an HTTP reply";
        return r;
    }
    int status = 0;
    for (size_t i = 9; i < 12; ++i) {
        if (raw[i] < '0' || raw[i] > '9') {
            r.error = "not an HTTP status";
            return r;
        }
        status = status * 10 + (raw[i] - '0');
    }
    std::string body = raw.substr(head_end + 4);
    long long length = -1;
    size_t line = raw.find("\r\n") + 2;
    while (line < head_end) {
        const size_t next = raw.find("\r\n", line);
        std::string header = raw.substr(line, next - line);
        for (char& c : header)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (header.starts_with("transfer-encoding:")) {
            r.error = "a chunked reply to an HTTP/1.0 request";
            return r;
        }
        if (header.starts_with("content-length:")) {
            const std::string digits = header.substr(15);
            length = 0;
            bool any = false;
            for (const char c : digits) {
                if (c == ' ' || c == '\t') continue;
                if (c < '0' || c > '9' || length > (1LL << 40)) {
                    r.error = "a bad Content-Length";
                    return r;
                }
                length = length * 10 + (c - '0');
                any = true;
            }
            if (!any) {
                r.error = "a bad Content-Length";
                return r;
            }
        }
        line = next + 2;
    }
    if (length >= 0) {
        if (static_cast<unsigned long long>(length) > body.size()) {
            r.error = "the reply ended early";
            return r;
        }
        body.resize(static_cast<size_t>(length));
    }
    r.status = status;
    r.body = std::move(body);
    return r;
}

}  // namespace

HttpReply unix_http_get(const std::string& socket_path, const std::string& target,
                        const std::vector<std::pair<std::string, std::string>>& headers,
                        const UnixHttpLimits& limits) {
    HttpReply fail;
    std::string request;
    if (!make_request(target, headers, request)) {
        fail.error = "a request with characters HTTP cannot carry";
        return fail;
    }
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (socket_path.empty() || socket_path.size() >= sizeof addr.sun_path ||
        socket_path.find('\0') != std::string::npos) {
        fail.error = "no usable socket path";
        return fail;
    }
    std::memcpy(addr.sun_path, socket_path.data(), socket_path.size());
    const auto deadline = Clock::now() + std::chrono::milliseconds(limits.timeout_ms);

    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (fd.get() < 0) {
        fail.error = errno_text("socket");
        return fail;
    }
    // A Unix socket connects at once or not at all (EAGAIN: the server's backlog is full).
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        fail.error = errno_text("connect");
        return fail;
    }
    for (size_t sent = 0; sent < request.size();) {
        if (!wait_for(fd.get(), POLLOUT, deadline)) {
            fail.error = "timed out sending the request";
            return fail;
        }
        const ssize_t n =
            ::send(fd.get(), request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno != EAGAIN && errno != EINTR) {
            fail.error = errno_text("send");
            return fail;
        }
        if (n > 0) sent += static_cast<size_t>(n);
    }
    std::string raw;
    char buf[4096];
    for (;;) {
        if (!wait_for(fd.get(), POLLIN, deadline)) {
            fail.error = "timed out waiting for the reply";
            return fail;
        }
        const ssize_t n = ::recv(fd.get(), buf, sizeof buf, 0);
        if (n == 0) break;  // the server closed: the reply is whole
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) continue;
            fail.error = errno_text("recv");
            return fail;
        }
        if (raw.size() + static_cast<size_t>(n) > limits.max_reply_bytes) {
            fail.error =
                "the reply is larger than " + std::to_string(limits.max_reply_bytes) + " bytes";
            return fail;
        }
        raw.append(buf, static_cast<size_t>(n));
    }
    return parse_reply(raw);
}

}  // namespace kiosk::platform
