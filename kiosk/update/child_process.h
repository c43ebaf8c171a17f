// Runs a helper program (the pack builder) in a separate process with limits, so a hostile or
// huge input can cost it time and memory but never the kiosk: wall time (the process group is
// killed), address space, size of any file it writes, CPU seconds, and a lower priority. What it
// prints on stdout and stderr is captured together, up to a bound. Blocks: call it on a worker.
#pragma once

#include <atomic>
#include <string>
#include <vector>

namespace kiosk::update {

struct ChildLimits {
    double wall_s = 120;                       // then SIGKILL to its whole process group
    long long memory_bytes = 2ll << 30;        // RLIMIT_AS
    long long file_bytes = 1ll << 30;          // RLIMIT_FSIZE: a bigger write gets SIGXFSZ
    long long cpu_s = 120;                     // RLIMIT_CPU: then SIGXCPU
    int nice = 10;                             // added to the kiosk's own
    std::size_t max_output_bytes = 256 << 10;  // captured; the rest is read and dropped
};

struct ChildOutcome {
    enum class End { Exited, TimedOut, Signaled, NotStarted } end = End::NotStarted;
    int exit_code = -1;  // Exited
    int signal = 0;      // Signaled (SIGXFSZ: file limit, SIGXCPU: CPU limit)
    std::string output;  // stdout and stderr interleaved, at most max_output_bytes
    bool output_cut = false;
    std::string error;  // NotStarted: why (English, for the log)
    bool ok() const { return end == End::Exited && exit_code == 0; }
};

// argv[0] is the program's path (not searched in PATH). `cancel` set: killed as on a timeout.
ChildOutcome run_limited(const std::vector<std::string>& argv, const ChildLimits& limits,
                         const std::atomic<bool>* cancel = nullptr);

}  // namespace kiosk::update
