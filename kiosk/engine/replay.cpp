// Replay command parsing and the line reader thread (poll() so shutdown never hangs on a pipe).
#include "kiosk/engine/replay.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace kiosk::engine {

namespace {

std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(first, last - first + 1));
}

bool to_number(const std::string& word, double* out) {
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(word.c_str(), &end);
    if (word.empty() || *end != '\0' || errno != 0 || !std::isfinite(v)) return false;
    *out = v;
    return true;
}

}  // namespace

std::optional<ReplayCommand> parse_replay_line(std::string_view raw, std::string* error) {
    error->clear();
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#') return std::nullopt;
    std::istringstream in(line);
    std::string verb;
    in >> verb;
    std::vector<std::string> args;
    for (std::string word; in >> word;) args.push_back(word);

    ReplayCommand cmd;
    cmd.text = line;
    auto fail = [&](std::string what) {
        *error = std::move(what);
        return std::optional<ReplayCommand>{};
    };
    auto numbers = [&](std::size_t count, const char* usage, double* out) {
        if (args.size() != count) {
            *error = std::string("expected `") + usage + "`";
            return false;
        }
        for (std::size_t i = 0; i < count; ++i)
            if (!to_number(args[i], &out[i])) {
                *error = "not a number: \"" + args[i] + "\" in `" + usage + "`";
                return false;
            }
        return true;
    };
    double v[5] = {};
    if (verb == "tap") {
        if (!numbers(2, "tap X Y", v)) return std::nullopt;
        cmd.kind = ReplayCommand::Kind::Tap;
    } else if (verb == "drag") {
        if (!numbers(5, "drag X1 Y1 X2 Y2 MS", v)) return std::nullopt;
        if (v[4] < 0) return fail("drag duration must not be negative");
        cmd.kind = ReplayCommand::Kind::Drag;
        cmd.ms = v[4];
    } else if (verb == "wait") {
        if (!numbers(1, "wait MS", v)) return std::nullopt;
        if (v[0] < 0) return fail("wait must not be negative");
        cmd.kind = ReplayCommand::Kind::Wait;
        cmd.ms = v[0];
    } else if (verb == "idle") {
        if (!numbers(1, "idle S", v)) return std::nullopt;
        if (v[0] < 0) return fail("idle seconds must not be negative");
        cmd.kind = ReplayCommand::Kind::Idle;
        cmd.seconds = v[0];
    } else if (verb == "shot" || verb == "state") {
        if (args.size() != 1) return fail("expected `" + verb + " PATH`");
        cmd.kind = verb == "shot" ? ReplayCommand::Kind::Shot : ReplayCommand::Kind::State;
        cmd.path = args[0];
    } else if (verb == "quit") {
        if (!args.empty()) return fail("quit takes no arguments");
        cmd.kind = ReplayCommand::Kind::Quit;
    } else {
        *error =
            "unknown command \"" + verb + "\" (known: tap, drag, wait, idle, shot, state, quit)";
        return std::nullopt;
    }
    cmd.x1 = static_cast<float>(v[0]);
    cmd.y1 = static_cast<float>(v[1]);
    cmd.x2 = static_cast<float>(v[2]);
    cmd.y2 = static_cast<float>(v[3]);
    return cmd;
}

ReplayReader::ReplayReader(const std::string& source, MainThreadQueue& queue,
                           std::function<void(std::string)> on_line, std::function<void()> on_end)
    : queue_(queue), on_line_(std::move(on_line)), on_end_(std::move(on_end)) {
    if (source == "-") {
        fd_ = STDIN_FILENO;
    } else {
        fd_ = ::open(source.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0)
            throw std::runtime_error("cannot read replay file " + source + ": " +
                                     std::strerror(errno));
        owns_fd_ = true;
    }
    thread_ = std::thread([this] { read_loop(); });
}

ReplayReader::~ReplayReader() {
    stop_ = true;
    thread_.join();
    if (owns_fd_) ::close(fd_);
}

void ReplayReader::read_loop() {
    std::string partial;
    char buffer[4096];
    while (!stop_) {
        pollfd p{fd_, POLLIN, 0};
        const int ready = ::poll(&p, 1, 100);
        if (ready < 0 && errno == EINTR) continue;
        if (ready == 0) continue;
        const ssize_t n = ready < 0 ? -1 : ::read(fd_, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (!partial.empty())
                queue_.post([on_line = on_line_, line = partial] { on_line(line); });
            queue_.post(on_end_);
            return;
        }
        partial.append(buffer, static_cast<std::size_t>(n));
        for (auto nl = partial.find('\n'); nl != std::string::npos; nl = partial.find('\n')) {
            queue_.post([on_line = on_line_, line = partial.substr(0, nl)] { on_line(line); });
            partial.erase(0, nl + 1);
        }
    }
}

}  // namespace kiosk::engine
