// The replay harness's input side: parsing one command per line, and a reader that takes lines
// from a file or stdin as they arrive (a test driver may choose its next tap from the last state).
#pragma once

#include <atomic>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace kiosk::engine {

struct ReplayCommand {
    enum class Kind { Tap, Drag, Wait, Idle, Shot, State, Quit };
    Kind kind = Kind::Quit;
    float x1 = 0, y1 = 0, x2 = 0, y2 = 0;  // tap: x1,y1; drag: from x1,y1 to x2,y2
    double ms = 0;                         // drag duration, wait
    double seconds = 0;                    // idle
    std::string path;                      // shot, state
    std::string text;                      // the line as written, echoed in `ok <text>`
};

// nullopt with empty *error: blank line or # comment. nullopt with *error: what is wrong.
std::optional<ReplayCommand> parse_replay_line(std::string_view line, std::string* error);

// Reads lines on a thread so the render loop never blocks on a pipe. wake() runs per new line.
class ReplayReader {
  public:
    // source: a file path, or "-" for stdin. Throws std::runtime_error if the file cannot be read.
    ReplayReader(const std::string& source, std::function<void()> wake);
    ~ReplayReader();
    ReplayReader(const ReplayReader&) = delete;
    ReplayReader& operator=(const ReplayReader&) = delete;

    // The next complete line, if one has arrived; *line_no counts from 1.
    bool take(std::string* line, int* line_no);
    // End of input reached and every line taken.
    bool finished() const;

  private:
    void read_loop();

    int fd_ = -1;
    bool owns_fd_ = false;
    std::function<void()> wake_;
    mutable std::mutex mutex_;
    std::deque<std::string> lines_;
    int taken_ = 0;
    bool eof_ = false;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace kiosk::engine
