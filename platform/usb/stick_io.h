// Stick I/O: the one place that says how the kiosk touches a USB stick. Every open refuses links
// (O_NOFOLLOW) and never blocks on a FIFO or device (O_NONBLOCK, then S_ISREG, then blocking
// again); reads are bounded; writes go through a directory fd into an O_EXCL|O_NOFOLLOW temporary
// file that is fsynced and renamed into place. Callers run these on a worker thread, never the
// render thread: a dead stick can block a read in the kernel for as long as it likes, so each
// blocking call is timed (StickWatch) and the owner gives up on a worker that stalls.
#pragma once

#include <sys/stat.h>

#include <atomic>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::platform {

// Owns a file descriptor.
class UniqueFd {
  public:
    explicit UniqueFd(int fd = -1) : fd_(fd) {}
    ~UniqueFd();
    UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    int get() const { return fd_; }
    int release() {
        const int fd = fd_;
        fd_ = -1;
        return fd;
    }

  private:
    int fd_;
};

// Why a stick file could not be used. `what` names the file and the reason (English, for logs).
struct StickIoError : std::runtime_error {
    enum class Kind { Missing, Link, NotRegular, TooBig, Failed };
    StickIoError(Kind why, int error, const std::string& what)
        : std::runtime_error(what), kind(why), err(error) {}
    Kind kind;
    int err;  // errno, 0 when none
};

// Opens a regular file for reading: no links, no FIFOs, sockets or devices. `st` receives its
// fstat. Throws StickIoError.
UniqueFd open_stick_file(const std::string& path, struct stat& st);
// The whole of a small regular file (at most max_bytes, else TooBig). Throws StickIoError.
std::string read_stick_file(const std::string& path, std::size_t max_bytes);
// One read(2), timed by the thread's StickWatch; EINTR is retried.
long read_stick(int fd, void* buffer, std::size_t size);

// The stick's root folder (not a link), then its `kiosk` folder inside it (not a link; made when
// missing). Throws StickIoError.
UniqueFd open_stick_root(const std::string& mount);
UniqueFd open_kiosk_folder(int root_fd, bool create);
// A folder `name` inside `dir_fd` (not a link; made when missing and `create`). Throws
// StickIoError.
UniqueFd open_stick_folder(int dir_fd, const std::string& name, bool create);
// A regular file `name` inside the folder `dir_fd`, as open_stick_file. Throws StickIoError.
UniqueFd open_stick_file_at(int dir_fd, const std::string& name, struct stat& st);
// The names in the folder `dir_fd`, sorted, hidden ones (".x") left out. More than `max`: TooBig
// (a stick can hold millions). A read error: Failed. Throws StickIoError.
std::vector<std::string> list_stick_folder(int dir_fd, std::size_t max);
// Whether `name` in `dir_fd` is a folder itself (a link to one is not).
bool is_stick_folder(int dir_fd, const std::string& name);

// Writes `data` as `name` inside the folder `dir_fd`: a fresh ".name.part" (O_EXCL|O_NOFOLLOW),
// fsync, renameat over `name` (a link or folder planted under that name is refused, never
// followed), fsync of the folder. Throws StickIoError.
void write_stick_file(int dir_fd, const std::string& name, std::string_view data);
// Whether `name` exists in `dir_fd` (as anything, links included; not followed).
bool stick_entry_exists(int dir_fd, const std::string& name);

// How long the blocking stick call running on a worker has been waiting. A worker calls
// watch_stick_calls_on_this_thread(watch) once; every stick call above (and any StickCall scope)
// then marks its start and end, and the owner polls busy_for_s() from another thread.
class StickWatch {
  public:
    double busy_for_s() const;  // 0 when no stick call is in flight

  private:
    friend class StickCall;
    std::atomic<long long> since_ns_{0};  // steady clock; 0: idle
};
void watch_stick_calls_on_this_thread(std::shared_ptr<StickWatch> watch);

// Marks a blocking stick call on this thread's watch (nested scopes count once).
class StickCall {
  public:
    StickCall();
    ~StickCall();
    StickCall(const StickCall&) = delete;
    StickCall& operator=(const StickCall&) = delete;

  private:
    bool outermost_ = false;
};

}  // namespace kiosk::platform
