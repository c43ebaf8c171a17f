// run_limited: fork, limits and exec in the child; a poll loop reading its output in the parent.
#include "kiosk/update/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>

extern char** environ;

namespace kiosk::update {
namespace {

void set_limit(int resource, long long value) {
    const auto v = static_cast<rlim_t>(value);
    const struct rlimit limit { v, v };
    ::setrlimit(resource, &limit);
}

// In the child, between fork and exec: only async-signal-safe calls (the kiosk has threads).
[[noreturn]] void exec_child(char* const* argv, int out_fd, const ChildLimits& l, pid_t parent) {
    // The kiosk blocks SIGTERM and SIGINT for its signal thread, and a blocked mask survives exec:
    // the builder must die when systemd stops the kiosk, and with the kiosk if it crashes (or it
    // would write a candidate after the next start cleaned up).
    sigset_t none;
    ::sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    struct sigaction default_action {};
    default_action.sa_handler = SIG_DFL;
    ::sigaction(SIGPIPE, &default_action, nullptr);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the kiosk died before prctl
    // Under memory pressure the builder goes first, never the kiosk.
    const int adj = ::open("/proc/self/oom_score_adj", O_WRONLY);
    if (adj >= 0) {
        [[maybe_unused]] const ssize_t w = ::write(adj, "1000", 4);
        ::close(adj);
    }
    ::setpgid(0, 0);  // its own group: a timeout kills whatever it started too
    ::dup2(out_fd, STDOUT_FILENO);
    ::dup2(out_fd, STDERR_FILENO);
    const int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    ::syscall(SYS_close_range, 3u, ~0u, 0u);  // no kiosk file, socket or pack reaches it
    set_limit(RLIMIT_AS, l.memory_bytes);
    set_limit(RLIMIT_FSIZE, l.file_bytes);
    set_limit(RLIMIT_CPU, l.cpu_s);
    set_limit(RLIMIT_CORE, 0);
    ::setpriority(PRIO_PROCESS, 0, ::getpriority(PRIO_PROCESS, 0) + l.nice);
    ::execve(argv[0], argv, environ);
    ::_exit(127);
}

// Keeps what fits under the bound; the rest is read (so the child never blocks) and dropped.
void keep(ChildOutcome& out, const char* data, std::size_t n, std::size_t max) {
    const std::size_t room = max - std::min(max, out.output.size());
    out.output.append(data, std::min(room, n));
    out.output_cut |= n > room;
}

}  // namespace

ChildOutcome run_limited(const std::vector<std::string>& args, const ChildLimits& limits,
                         const std::atomic<bool>* cancel) {
    ChildOutcome out;
    if (args.empty()) {
        out.error = "no program given";
        return out;
    }
    if (::access(args[0].c_str(), X_OK) != 0) {
        out.error = args[0] + ": " + std::strerror(errno);
        return out;
    }
    std::vector<std::string> copy = args;  // argv built before fork: no allocation after it
    std::vector<char*> argv;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
        out.error = std::string("pipe: ") + std::strerror(errno);
        return out;
    }
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0) exec_child(argv.data(), pipe_fds[1], limits, parent);
    ::close(pipe_fds[1]);
    if (pid < 0) {
        ::close(pipe_fds[0]);
        out.error = std::string("fork: ") + std::strerror(errno);
        return out;
    }
    ::setpgid(pid, pid);  // also here, so the kill below cannot race the child's own call

    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                              std::chrono::duration<double>(limits.wall_s));
    bool timed_out = false, pipe_open = true;
    int status = 0;
    pid_t reaped = 0;
    char buf[8192];
    while (reaped == 0) {
        if (std::chrono::steady_clock::now() >= deadline || (cancel && cancel->load())) {
            timed_out = true;
            break;
        }
        if (pipe_open) {
            struct pollfd p {
                pipe_fds[0], POLLIN, 0
            };
            if (::poll(&p, 1, 100) > 0) {
                const ssize_t n = ::read(pipe_fds[0], buf, sizeof buf);
                if (n > 0) {
                    keep(out, buf, std::size_t(n), limits.max_output_bytes);
                } else if (n == 0) {
                    pipe_open = false;
                }
            }
        } else {
            ::usleep(50 * 1000);
        }
        reaped = ::waitpid(pid, &status, WNOHANG);
    }
    ::kill(-pid, SIGKILL);  // the group: on a timeout, or leftovers of a child that exited
    if (reaped == 0) ::waitpid(pid, &status, 0);
    // What the child wrote just before it exited; bounded, in case something outside its group
    // still holds the pipe and writes on.
    for (std::size_t drained = 0; drained < limits.max_output_bytes + sizeof buf;) {
        struct pollfd p {
            pipe_fds[0], POLLIN, 0
        };
        if (::poll(&p, 1, 0) <= 0) break;
        const ssize_t n = ::read(pipe_fds[0], buf, sizeof buf);
        if (n <= 0) break;
        drained += std::size_t(n);
        keep(out, buf, std::size_t(n), limits.max_output_bytes);
    }
    ::close(pipe_fds[0]);
    if (timed_out) {
        out.end = ChildOutcome::End::TimedOut;
    } else if (WIFEXITED(status)) {
        out.end = ChildOutcome::End::Exited;
        out.exit_code = WEXITSTATUS(status);
    } else {
        out.end = ChildOutcome::End::Signaled;
        out.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    }
    return out;
}

}  // namespace kiosk::update
