// The replay harness's input side: parsing one command per line, and a reader that takes lines
// from a file or stdin as they arrive (a test driver may choose its next tap from the last state).
// Executing them: replay_interpreter.h.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "kiosk/engine/main_thread_queue.h"

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

// Reads lines on a thread so the render loop never blocks on a pipe. Each complete line, and then
// the end of input, reaches the main thread through `queue` as a call of on_line / on_end.
class ReplayReader {
  public:
    // source: a file path, or "-" for stdin. Throws std::runtime_error if the file cannot be read.
    ReplayReader(const std::string& source, MainThreadQueue& queue,
                 std::function<void(std::string line)> on_line, std::function<void()> on_end);
    ~ReplayReader();  // stops and joins the reader: nothing is posted after it returns
    ReplayReader(const ReplayReader&) = delete;
    ReplayReader& operator=(const ReplayReader&) = delete;

  private:
    void read_loop();

    int fd_ = -1;
    bool owns_fd_ = false;
    MainThreadQueue& queue_;
    std::function<void(std::string)> on_line_;
    std::function<void()> on_end_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace kiosk::engine
