// LocalLog: a bounded, rotating log file in DIR (kiosk.log + kiosk.log.1, each at most
// max_file_bytes), so a kiosk that runs for years never fills its disk, and staff can export the
// recent history to a USB stick from the panel.
#pragma once

#include <cstddef>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>

namespace kiosk::logging {

enum class Level { Info, Warn, Error };

struct LocalLogLimits {
    std::size_t max_file_bytes = 1u << 20;  // per file; two files are kept
    std::size_t max_line_bytes = 4096;      // longer messages are cut (and marked "…")
};

class LocalLog {
  public:
    // Creates DIR if needed. Throws std::runtime_error naming DIR when it cannot be used.
    explicit LocalLog(std::filesystem::path dir, LocalLogLimits limits = {});
    ~LocalLog();
    LocalLog(const LocalLog&) = delete;
    LocalLog& operator=(const LocalLog&) = delete;

    // Appends one line "2026-11-26 14:07:00.123 WARN message"; newlines in the message become
    // spaces so every entry stays one line. Thread-safe. Never throws (a full disk must not stop
    // the kiosk): a failed write is dropped.
    void write(Level level, std::string_view message);

    // Copies the log (older part first) into FOLDER as one file jbnm-kiosk-log-YYYYMMDD-HHMMSS.txt
    // through stick_io: FOLDER is opened without following links, the file is written to an
    // O_EXCL|O_NOFOLLOW temporary name, flushed and renamed, so a stick pulled out mid-export
    // never holds a half file under the final name. Returns the file written.
    // Throws std::runtime_error "cannot write the log to FOLDER: reason" on failure.
    std::filesystem::path export_to(const std::filesystem::path& folder) const;
    // The same into the open folder `dir_fd` (`shown` names it in errors); returns the file name.
    std::string export_to(int dir_fd, const std::string& shown) const;

    const std::filesystem::path& current_file() const { return current_; }
    const std::filesystem::path& previous_file() const { return previous_; }

  private:
    void open_current();
    void rotate();

    std::filesystem::path dir_, current_, previous_;
    LocalLogLimits limits_;
    mutable std::mutex mutex_;
    int fd_ = -1;
    std::size_t size_ = 0;
};

// "2026-11-26 14:07:00.123" in local time, for log lines.
std::string timestamp_now();
const char* level_name(Level level);

}  // namespace kiosk::logging
