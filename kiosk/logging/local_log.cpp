// LocalLog: append-only file with one-step rotation (kiosk.log → kiosk.log.1) and safe export.
#include "kiosk/logging/local_log.h"

#include "platform/usb/stick_io.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>

namespace kiosk::logging {
namespace fs = std::filesystem;

namespace {

// Writes all of DATA to FD; false on any error.
bool write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

std::string stamp(const char* format) {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char text[32];
    std::strftime(text, sizeof text, format, &local);
    return text;
}

}  // namespace

std::string timestamp_now() {
    using namespace std::chrono;
    const auto now = system_clock::now();
    const std::time_t seconds = system_clock::to_time_t(now);
    const auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm local{};
    localtime_r(&seconds, &local);
    char text[40];
    const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
    std::snprintf(text + n, sizeof text - n, ".%03d", static_cast<int>(millis));
    return text;
}

const char* level_name(Level level) {
    switch (level) {
        case Level::Info:
            return "INFO";
        case Level::Warn:
            return "WARN";
        case Level::Error:
            return "ERROR";
    }
    return "INFO";
}

LocalLog::LocalLog(fs::path dir, LocalLogLimits limits)
    : dir_(std::move(dir)),
      current_(dir_ / "kiosk.log"),
      previous_(dir_ / "kiosk.log.1"),
      limits_(limits) {
    if (limits_.max_file_bytes < 64) limits_.max_file_bytes = 64;
    if (limits_.max_line_bytes > limits_.max_file_bytes)
        limits_.max_line_bytes = limits_.max_file_bytes;
    std::error_code error;
    fs::create_directories(dir_, error);
    if (error)
        throw std::runtime_error("cannot use the log folder " + dir_.string() + ": " +
                                 error.message());
    open_current();
    if (fd_ < 0)
        throw std::runtime_error("cannot open the log file " + current_.string() + ": " +
                                 std::strerror(errno));
    if (size_ > limits_.max_file_bytes) rotate();  // left over from a build with a bigger bound
}

LocalLog::~LocalLog() {
    if (fd_ >= 0) ::close(fd_);
}

void LocalLog::open_current() {
    fd_ = ::open(current_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    size_ = 0;
    if (fd_ < 0) return;
    const off_t end = ::lseek(fd_, 0, SEEK_END);
    size_ = end > 0 ? static_cast<std::size_t>(end) : 0;
}

void LocalLog::rotate() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    std::error_code ignored;
    fs::rename(current_, previous_, ignored);  // replaces the older part: two files at most
    open_current();
}

void LocalLog::write(Level level, std::string_view message) {
    std::string line = timestamp_now() + " " + level_name(level) + " ";
    const std::size_t room =
        limits_.max_line_bytes > line.size() + 4 ? limits_.max_line_bytes - line.size() - 4 : 0;
    if (message.size() > room) {
        // Cut at a UTF-8 character boundary so the file stays valid text.
        std::size_t cut = room;
        while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;
        line.append(message.substr(0, cut));
        line.append("\xE2\x80\xA6");  // …
    } else {
        line.append(message);
    }
    for (char& c : line)
        if (c == '\n' || c == '\r') c = ' ';
    line.push_back('\n');

    const std::lock_guard lock(mutex_);
    if (size_ > 0 && size_ + line.size() > limits_.max_file_bytes) rotate();
    if (fd_ < 0) open_current();  // e.g. the folder was unavailable for a while
    if (fd_ < 0) return;
    if (write_all(fd_, line.data(), line.size())) size_ += line.size();
}

fs::path LocalLog::export_to(const fs::path& folder) const {
    platform::UniqueFd dir;
    try {
        dir = platform::open_stick_root(folder.string());
    } catch (const platform::StickIoError& e) {
        throw std::runtime_error("cannot write the log to " + folder.string() + ": " +
                                 (e.kind == platform::StickIoError::Kind::Missing
                                      ? std::string("no such folder")
                                      : std::string(e.what())));
    }
    return folder / export_to(dir.get(), folder.string());
}

std::string LocalLog::export_to(int dir_fd, const std::string& shown) const {
    std::string text;
    {
        const std::lock_guard lock(mutex_);
        for (const fs::path& part : {previous_, current_}) {
            std::ifstream in(part, std::ios::binary);
            if (in) text.append(std::istreambuf_iterator<char>(in), {});  // no older part yet
        }
    }
    const std::string base = "jbnm-kiosk-log-" + stamp("%Y%m%d-%H%M%S");
    std::string name = base + ".txt";
    for (int n = 2; platform::stick_entry_exists(dir_fd, name); ++n)
        name = base + "-" + std::to_string(n) + ".txt";
    try {
        platform::write_stick_file(dir_fd, name, text);
    } catch (const platform::StickIoError& e) {
        throw std::runtime_error("cannot write the log to " + shown + ": " + e.what());
    }
    return name;
}

}  // namespace kiosk::logging
