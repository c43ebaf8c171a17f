// DurableSteps: every step that changes what survives a power cut is counted and hookable.
#include "kiosk/update/durable.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <filesystem>

namespace kiosk::update {

const char* step_kind_name(StepKind kind) {
    switch (kind) {
        case StepKind::Write:
            return "write";
        case StepKind::Fsync:
            return "fsync";
        case StepKind::Rename:
            return "rename";
        case StepKind::Link:
            return "link";
        case StepKind::Unlink:
            return "unlink";
    }
    return "?";
}

DurableSteps::DurableSteps(StepHook hook) : hook_(std::move(hook)) {
    if (const char* env = std::getenv("KIOSK_CRASH_AT_STEP")) crash_at_ = std::atoi(env);
}

int DurableSteps::begin(StepKind kind, const std::string& what) {
    ++count_;
    if (crash_at_ > 0 && count_ == crash_at_) std::raise(SIGKILL);
    return hook_ ? hook_(count_, kind, what) : 0;
}

int DurableSteps::write_all(int fd, const void* data, size_t size, const std::string& what) {
    if (const int err = begin(StepKind::Write, what)) return err;
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd, p, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        p += n;
        size -= static_cast<size_t>(n);
    }
    return 0;
}

int DurableSteps::fsync_file(int fd, const std::string& what) {
    if (const int err = begin(StepKind::Fsync, what)) return err;
    return ::fsync(fd) == 0 ? 0 : errno;
}

int DurableSteps::fsync_dir(const std::string& dir) {
    if (const int err = begin(StepKind::Fsync, dir)) return err;
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return errno;
    const int rc = ::fsync(fd) == 0 ? 0 : errno;
    ::close(fd);
    return rc;
}

int DurableSteps::rename(const std::string& from, const std::string& to) {
    if (const int err = begin(StepKind::Rename, from + " -> " + to)) return err;
    return ::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
}

int DurableSteps::link(const std::string& from, const std::string& to) {
    if (const int err = begin(StepKind::Link, from + " -> " + to)) return err;
    return ::link(from.c_str(), to.c_str()) == 0 ? 0 : errno;
}

int DurableSteps::unlink(const std::string& path) {
    if (const int err = begin(StepKind::Unlink, path)) return err;
    return ::unlink(path.c_str()) == 0 || errno == ENOENT ? 0 : errno;
}

int DurableSteps::replace_file(const std::string& path, const std::string& content) {
    const std::string tmp = path + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return errno;
    int err = write_all(fd, content.data(), content.size(), tmp);
    if (!err) err = fsync_file(fd, tmp);
    ::close(fd);
    if (!err) err = rename(tmp, path);
    if (!err) err = fsync_dir(std::filesystem::path(path).parent_path().string());
    if (err) ::unlink(tmp.c_str());
    return err;
}

}  // namespace kiosk::update
