// KioskDriver: posix_spawn with three pipes, a poll()-based line reader, and replay helpers.
#include "tests/gui_support/kiosk_driver.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

extern char** environ;

namespace kiosk::testing {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

int decode_status(int raw) {
    if (WIFEXITED(raw)) return WEXITSTATUS(raw);
    if (WIFSIGNALED(raw)) return 128 + WTERMSIG(raw);
    return -1;
}

// Spawns binary args... with fresh pipes on 0/1/2; returns the pid and our pipe ends.
pid_t spawn(const std::string& binary, const std::vector<std::string>& args, int* in, int* out,
            int* err) {
    int pin[2], pout[2], perr[2];
    if (pipe2(pin, O_CLOEXEC) || pipe2(pout, O_CLOEXEC) || pipe2(perr, O_CLOEXEC))
        throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pin[0], 0);
    posix_spawn_file_actions_adddup2(&actions, pout[1], 1);
    posix_spawn_file_actions_adddup2(&actions, perr[1], 2);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(binary.c_str()));
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pin[0]);
    ::close(pout[1]);
    ::close(perr[1]);
    if (rc != 0) {
        ::close(pin[1]);
        ::close(pout[0]);
        ::close(perr[0]);
        throw std::runtime_error("cannot start " + binary + ": " + std::strerror(rc) +
                                 " (is the kiosk target built?)");
    }
    signal(SIGPIPE, SIG_IGN);  // a dead child must give a clear error, not kill the test
    *in = pin[1];
    *out = pout[0];
    *err = perr[0];
    return pid;
}

// Reads what is available on fd into buf; false at EOF.
bool drain(int fd, std::string* buf) {
    char chunk[8192];
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n <= 0) return false;
    buf->append(chunk, static_cast<std::size_t>(n));
    return true;
}

void split_lines(std::string* buf, std::vector<std::string>* lines) {
    for (auto nl = buf->find('\n'); nl != std::string::npos; nl = buf->find('\n')) {
        lines->push_back(buf->substr(0, nl));
        buf->erase(0, nl + 1);
    }
}

}  // namespace

std::string default_kiosk_binary() {
    if (const char* env = std::getenv("KIOSK_BINARY")) return env;
    return KIOSK_BINARY;
}

ExitResult run_to_exit(const std::vector<std::string>& args, double timeout_s,
                       const std::string& binary) {
    int in = -1, out = -1, err = -1;
    const pid_t pid = spawn(binary, args, &in, &out, &err);
    ::close(in);
    ExitResult result;
    const auto start = Clock::now();
    bool out_open = true, err_open = true;
    while ((out_open || err_open) && seconds_since(start) < timeout_s) {
        pollfd fds[2] = {{out_open ? out : -1, POLLIN, 0}, {err_open ? err : -1, POLLIN, 0}};
        if (::poll(fds, 2, 200) <= 0) continue;
        if (fds[0].revents && !drain(out, &result.out)) out_open = false;
        if (fds[1].revents && !drain(err, &result.err)) err_open = false;
    }
    if (out_open || err_open) ::kill(pid, SIGKILL);
    int raw = 0;
    waitpid(pid, &raw, 0);
    result.status = decode_status(raw);
    ::close(out);
    ::close(err);
    return result;
}

KioskDriver::KioskDriver(std::vector<std::string> args, const std::string& binary,
                         double ready_timeout_s) {
    char tmpl[] = "/tmp/kiosk-driver-XXXXXX";
    if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
    if (!std::getenv("DISPLAY"))
        throw std::runtime_error(
            "DISPLAY is not set: GUI tests need an X server (./dev.sh test "
            "starts Xvfb)");
    args.push_back("--replay");
    args.push_back("-");
    pid_ = spawn(binary, args, &in_, &out_, &errfd_);
    const auto start = Clock::now();
    while (seconds_since(start) < ready_timeout_s) {
        for (std::size_t i = 0; i < out_lines_.size(); ++i)
            if (out_lines_[i].rfind("ready ", 0) == 0) {
                ready_ms_ = std::stod(out_lines_[i].substr(6));
                out_lines_.erase(out_lines_.begin(), out_lines_.begin() + long(i) + 1);
                return;
            }
        if (!read_some(0.2)) break;
    }
    throw std::runtime_error("kiosk did not print `ready` within " +
                             std::to_string(int(ready_timeout_s)) + " s. " + describe());
}

KioskDriver::~KioskDriver() {
    if (in_ >= 0) ::close(in_);  // end of input: the kiosk quits by itself
    if (pid_ > 0 && exit_status_ < 0) {
        int raw = 0;
        const auto start = Clock::now();
        while (waitpid(pid_, &raw, WNOHANG) == 0) {
            if (seconds_since(start) > 5) {
                ::kill(pid_, SIGKILL);
                waitpid(pid_, &raw, 0);
                break;
            }
            ::usleep(20000);
        }
    }
    if (out_ >= 0) ::close(out_);
    if (errfd_ >= 0) ::close(errfd_);
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

bool KioskDriver::read_some(double timeout_s) {
    pollfd fds[2] = {{out_, POLLIN, 0}, {errfd_, POLLIN, 0}};
    const int ready = ::poll(fds, 2, static_cast<int>(timeout_s * 1000));
    if (ready <= 0) return true;
    bool alive = true;
    if (fds[0].revents) {
        if (drain(out_, &out_buf_))
            split_lines(&out_buf_, &out_lines_);
        else
            alive = false;
    }
    if (fds[1].revents) {
        const std::size_t before = err_pending_.size();
        if (drain(errfd_, &err_pending_)) {
            err_ += err_pending_.substr(before);
            split_lines(&err_pending_, &err_lines_);
        } else {
            alive = false;
        }
    }
    return alive;
}

std::string KioskDriver::describe() const {
    std::string text = "stderr of the kiosk:\n" + (err_.empty() ? "(empty)\n" : err_);
    int raw = 0;
    if (pid_ > 0 && waitpid(pid_, &raw, WNOHANG) == pid_)
        text += "the kiosk exited with status " + std::to_string(decode_status(raw)) + "\n";
    return text;
}

std::string KioskDriver::send_raw(const std::string& command, double timeout_s) {
    const std::string line = command + "\n";
    if (::write(in_, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
        throw std::runtime_error("cannot send `" + command + "`: the kiosk is gone. " + describe());
    const std::string expect = "ok " + command;
    const auto start = Clock::now();
    while (seconds_since(start) < timeout_s) {
        for (std::size_t i = 0; i < out_lines_.size(); ++i)
            if (out_lines_[i] == expect) {
                out_lines_.erase(out_lines_.begin(), out_lines_.begin() + long(i) + 1);
                return expect;
            }
        for (std::size_t i = 0; i < err_lines_.size(); ++i)
            if (err_lines_[i].rfind("error ", 0) == 0) {
                std::string reply = err_lines_[i];
                err_lines_.erase(err_lines_.begin(), err_lines_.begin() + long(i) + 1);
                return reply;
            }
        if (!read_some(0.2))
            throw std::runtime_error("the kiosk closed its output while waiting for `" + expect +
                                     "`. " + describe());
    }
    throw std::runtime_error("no `" + expect + "` within " + std::to_string(int(timeout_s)) +
                             " s. " + describe());
}

void KioskDriver::send(const std::string& command, double timeout_s) {
    const std::string reply = send_raw(command, timeout_s);
    if (reply.rfind("ok ", 0) != 0) throw std::runtime_error("`" + command + "` failed: " + reply);
}

std::vector<std::string> KioskDriver::send_batch(const std::vector<std::string>& commands,
                                                 double timeout_s) {
    if (commands.empty()) return {};
    std::string text;
    for (const std::string& c : commands) text += c + "\n";
    if (::write(in_, text.data(), text.size()) != static_cast<ssize_t>(text.size()))
        throw std::runtime_error("cannot send a batch of " + std::to_string(commands.size()) +
                                 " commands: the kiosk is gone. " + describe());
    const std::string expect = "ok " + commands.back();
    std::vector<std::string> errors;
    const auto start = Clock::now();
    while (seconds_since(start) < timeout_s) {
        for (std::string& line : err_lines_)
            if (line.rfind("error ", 0) == 0) errors.push_back(std::move(line));
        err_lines_.clear();
        for (std::size_t i = 0; i < out_lines_.size(); ++i)
            if (out_lines_[i] == expect) {
                out_lines_.erase(out_lines_.begin(), out_lines_.begin() + long(i) + 1);
                return errors;
            }
        if (!read_some(0.2))
            throw std::runtime_error("the kiosk closed its output while waiting for `" + expect +
                                     "`. " + describe());
    }
    throw std::runtime_error("no `" + expect + "` within " + std::to_string(int(timeout_s)) +
                             " s. " + describe());
}

nlohmann::json KioskDriver::state() {
    const std::string path = dir_ + "/state-" + std::to_string(++state_count_) + ".json";
    send("state " + path);
    std::ifstream in(path);
    if (!in) throw std::runtime_error("the kiosk wrote no state file at " + path);
    return nlohmann::json::parse(in);  // throws with the position when the JSON is invalid
}

void KioskDriver::drag(float x1, float y1, float x2, float y2, int ms) {
    send("drag " + std::to_string(x1) + " " + std::to_string(y1) + " " + std::to_string(x2) + " " +
         std::to_string(y2) + " " + std::to_string(ms));
}

std::optional<nlohmann::json> KioskDriver::find_target(const nlohmann::json& state,
                                                       const std::string& key) {
    for (const auto& t : state.at("targets"))
        if (t.at("id") == key) return t;
    for (const auto& t : state.at("targets"))
        if (t.at("label") == key) return t;
    return std::nullopt;
}

void KioskDriver::tap_target(const std::string& id_or_label) {
    const nlohmann::json s = state();
    const std::optional<nlohmann::json> t = find_target(s, id_or_label);
    if (!t) {
        std::string ids;
        for (const auto& each : s.at("targets")) ids += " " + each.at("id").get<std::string>();
        throw std::runtime_error("no target \"" + id_or_label + "\" on screen \"" +
                                 s.value("screen", "") + "\"; targets:" + ids);
    }
    const float x = t->at("x").get<float>() + t->at("w").get<float>() / 2;
    const float y = t->at("y").get<float>() + t->at("h").get<float>() / 2;
    tap(std::round(x), std::round(y));
}

nlohmann::json KioskDriver::wait_for_state(const std::function<bool(const nlohmann::json&)>& pred,
                                           int tries, int step_ms) {
    nlohmann::json s = state();
    for (int i = 0; i < tries && !pred(s); ++i) {
        wait(step_ms);
        s = state();
    }
    return s;
}

nlohmann::json KioskDriver::settled_state(int tries) {
    nlohmann::json s = state();
    for (int i = 0; i < tries; ++i) {
        wait(150);
        nlohmann::json next = state();
        const bool still = next["screen"] == s["screen"] && next["targets"] == s["targets"];
        s = std::move(next);
        if (still) break;
    }
    return s;
}

int KioskDriver::quit(double timeout_s) {
    send("quit", timeout_s);
    const auto start = Clock::now();
    int raw = 0;
    while (waitpid(pid_, &raw, WNOHANG) == 0) {
        if (seconds_since(start) > timeout_s)
            throw std::runtime_error("the kiosk did not exit after quit. " + describe());
        ::usleep(20000);
    }
    exit_status_ = decode_status(raw);
    return exit_status_;
}

}  // namespace kiosk::testing
