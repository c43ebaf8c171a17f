// What /proc says about a process: CPU time, peak RSS, PSS; and the kiosk child of this process.
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>

namespace kiosk::bench {

// utime + stime of the process in seconds (/proc/PID/stat fields 14 and 15); with tid, of that
// thread only (/proc/PID/task/TID/stat; the main thread's tid is the pid).
double cpu_seconds(pid_t pid, pid_t tid = -1);
// A "Name:   value kB" line of /proc/PID/status (e.g. VmHWM, VmRSS) in MiB; -1 if absent.
double status_mib(pid_t pid, const std::string& field);
// Pss of /proc/PID/smaps_rollup in MiB; -1 if absent.
double pss_mib(pid_t pid);
// Open file descriptors (entries of /proc/PID/fd) and threads (entries of /proc/PID/task).
int fd_count(pid_t pid);
int thread_count(pid_t pid);
// What the fds point at, counted by kind ("socket", "pipe", "anon_inode:[eventfd]", a path), and
// the threads counted by name: to say which ones a run added.
std::map<std::string, int> fd_kinds(pid_t pid);
std::map<std::string, int> thread_names(pid_t pid);
// The newest child of this process whose command name is `comm` (the kiosk the driver spawned).
std::optional<pid_t> child_named(const std::string& comm);

}  // namespace kiosk::bench
