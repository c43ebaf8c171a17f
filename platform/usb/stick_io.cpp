// Safe opens, bounded reads and atomic writes on a stick; see stick_io.h.
#include "platform/usb/stick_io.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace kiosk::platform {
namespace {

thread_local std::shared_ptr<StickWatch> t_watch;
thread_local int t_depth = 0;

long long steady_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::string base_name(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

[[noreturn]] void fail(StickIoError::Kind kind, int err, const std::string& what) {
    throw StickIoError(kind, err, err ? what + ": " + std::strerror(err) : what);
}

[[noreturn]] void open_failed(int err, const std::string& name) {
    if (err == ENOENT) fail(StickIoError::Kind::Missing, err, name + " is missing");
    if (err == ELOOP) fail(StickIoError::Kind::Link, 0, name + " is a link");
    fail(StickIoError::Kind::Failed, err, name + " cannot be opened");
}

// O_NONBLOCK so a FIFO or device cannot hold the open; cleared again once it is known to be a
// regular file (for which it means nothing anyway).
UniqueFd open_regular_at(int dir_fd, const std::string& path, struct stat& st) {
    StickCall call;
    const std::string name = base_name(path);
    UniqueFd fd(
        ::openat(dir_fd, path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0) open_failed(errno, name);
    if (::fstat(fd.get(), &st) != 0) fail(StickIoError::Kind::Failed, errno, name);
    if (!S_ISREG(st.st_mode))
        fail(StickIoError::Kind::NotRegular, 0, name + " is not an ordinary file");
    ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
    return fd;
}

UniqueFd open_dir_at(int dir_fd, const std::string& path) {
    StickCall call;
    UniqueFd fd(::openat(dir_fd, path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (fd.get() < 0) {
        const int err = errno;
        // O_NOFOLLOW|O_DIRECTORY on a link gives ENOTDIR (or ELOOP): say "link" when it is one.
        struct stat st {};
        if ((err == ENOTDIR || err == ELOOP) &&
            ::fstatat(dir_fd, path.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
            fail(StickIoError::Kind::Link, 0, base_name(path) + " is a link, not a folder");
        if (err == ENOTDIR)
            fail(StickIoError::Kind::NotRegular, 0, base_name(path) + " is not a folder");
        open_failed(err, base_name(path));
    }
    return fd;
}

}  // namespace

UniqueFd::~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
}

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = other.release();
    }
    return *this;
}

UniqueFd open_stick_file(const std::string& path, struct stat& st) {
    return open_regular_at(AT_FDCWD, path, st);
}

long read_stick(int fd, void* buffer, std::size_t size) {
    StickCall call;
    for (;;) {
        const ssize_t n = ::read(fd, buffer, size);
        if (n < 0 && errno == EINTR) continue;
        return static_cast<long>(n);
    }
}

std::string read_stick_file(const std::string& path, std::size_t max_bytes) {
    struct stat st {};
    const UniqueFd fd = open_stick_file(path, st);
    if (st.st_size < 0 || static_cast<unsigned long long>(st.st_size) > max_bytes)
        fail(StickIoError::Kind::TooBig, 0, base_name(path) + " is too big");
    // Read one byte past the size seen: a file that grows meanwhile is still cut at max_bytes.
    std::string text(std::min<std::size_t>(static_cast<std::size_t>(st.st_size) + 1, max_bytes),
                     '\0');
    std::size_t got = 0;
    while (got < text.size()) {
        const long n = read_stick(fd.get(), text.data() + got, text.size() - got);
        if (n < 0) fail(StickIoError::Kind::Failed, errno, base_name(path) + " cannot be read");
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    text.resize(got);
    return text;
}

UniqueFd open_stick_root(const std::string& mount) {
    return open_dir_at(AT_FDCWD, mount);
}

UniqueFd open_stick_folder(int dir_fd, const std::string& name, bool create) {
    if (create) {
        StickCall call;
        if (::mkdirat(dir_fd, name.c_str(), 0755) != 0 && errno != EEXIST)
            fail(StickIoError::Kind::Failed, errno, "the " + name + " folder cannot be made");
    }
    return open_dir_at(dir_fd, name);
}

UniqueFd open_stick_file_at(int dir_fd, const std::string& name, struct stat& st) {
    return open_regular_at(dir_fd, name, st);
}

std::vector<std::string> list_stick_folder(int dir_fd, std::size_t max) {
    StickCall call;
    const int own = ::dup(dir_fd);  // closedir closes it; the caller keeps dir_fd
    if (own < 0) fail(StickIoError::Kind::Failed, errno, "the folder cannot be read");
    DIR* dir = ::fdopendir(own);
    if (dir == nullptr) {
        ::close(own);
        fail(StickIoError::Kind::Failed, errno, "the folder cannot be read");
    }
    ::rewinddir(dir);
    std::vector<std::string> names;
    int err = 0;
    for (;;) {
        errno = 0;
        const dirent* e = ::readdir(dir);
        if (e == nullptr) {
            err = errno;
            break;
        }
        if (e->d_name[0] == '.') continue;
        if (names.size() == max) {
            ::closedir(dir);
            fail(StickIoError::Kind::TooBig, 0, "the folder holds too many files");
        }
        names.emplace_back(e->d_name);
    }
    ::closedir(dir);
    if (err != 0) fail(StickIoError::Kind::Failed, err, "the folder cannot be read");
    std::sort(names.begin(), names.end());
    return names;
}

bool is_stick_folder(int dir_fd, const std::string& name) {
    StickCall call;
    struct stat st {};
    return ::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
}

UniqueFd open_kiosk_folder(int root_fd, bool create) {
    return open_stick_folder(root_fd, "kiosk", create);
}

bool stick_entry_exists(int dir_fd, const std::string& name) {
    StickCall call;
    struct stat st {};
    return ::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
}

void write_stick_file(int dir_fd, const std::string& name, std::string_view data) {
    StickCall call;
    struct stat st {};
    if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode))
        fail(StickIoError::Kind::NotRegular, 0, name + " on the stick is not an ordinary file");
    const std::string temporary = "." + name + ".part";
    ::unlinkat(dir_fd, temporary.c_str(), 0);  // a leftover of a stick pulled mid-write
    UniqueFd out(::openat(dir_fd, temporary.c_str(),
                          O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0644));
    if (out.get() < 0) fail(StickIoError::Kind::Failed, errno, "cannot create " + temporary);
    int err = 0;
    while (!data.empty() && !err) {
        const ssize_t n = ::write(out.get(), data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) err = n < 0 ? errno : EIO;
        if (n > 0) data.remove_prefix(static_cast<std::size_t>(n));
    }
    if (!err && ::fsync(out.get()) != 0) err = errno;
    if (!err && ::close(out.release()) != 0) err = errno;
    if (!err && ::renameat(dir_fd, temporary.c_str(), dir_fd, name.c_str()) != 0) err = errno;
    if (err) {
        ::unlinkat(dir_fd, temporary.c_str(), 0);
        fail(StickIoError::Kind::Failed, err, "cannot write " + name);
    }
    (void)::fsync(dir_fd);
}

double StickWatch::busy_for_s() const {
    const long long since = since_ns_.load();
    return since == 0 ? 0.0 : double(steady_ns() - since) / 1e9;
}

void watch_stick_calls_on_this_thread(std::shared_ptr<StickWatch> watch) {
    t_watch = std::move(watch);
}

StickCall::StickCall() {
    outermost_ = t_depth++ == 0;
    if (outermost_ && t_watch) t_watch->since_ns_.store(steady_ns());
}

StickCall::~StickCall() {
    --t_depth;
    if (outermost_ && t_watch) t_watch->since_ns_.store(0);
}

}  // namespace kiosk::platform
