// Executes replay commands (replay.h) against the running kiosk: each command advances in steps,
// one per loop turn, and some steps wait for a drawn frame (a tap is move, frame, press, frame,
// release, frame). Prints `ok <command>` when one completes, `error <line>: ...` for a bad line.
// Main thread only; the lines arrive through the main-thread queue.
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "kiosk/engine/main_thread_queue.h"
#include "kiosk/engine/replay.h"
#include "platform/glfw/input_injector.h"

namespace kiosk::engine {

// What the commands act on: the loop that draws, the app, the files they write.
class ReplayHost {
  public:
    virtual ~ReplayHost() = default;
    virtual long long frames_drawn() const = 0;
    virtual void advance_idle(double seconds) = 0;          // `idle S`
    virtual void capture_next_frame(std::string path) = 0;  // `shot PATH`: the next drawn frame
    virtual void write_state(const std::string& path) = 0;  // `state PATH`; throws on failure
};

class ReplayInterpreter {
  public:
    // source: as ReplayReader. shot_prefix goes before relative `shot` paths.
    ReplayInterpreter(const std::string& source, MainThreadQueue& queue, ReplayHost& host,
                      platform::InputInjector& injector, std::string shot_prefix);

    // One loop turn. True when the loop must draw a frame now (input was injected or a frame is
    // awaited).
    bool advance(double now);
    // `quit` ran, or the input ended and every command completed.
    bool quit_requested() const { return quit_; }
    // Seconds until a running `wait` is over (negative: nothing waits on the clock).
    double seconds_until_due(double now) const;
    // The line of the command in progress, for error messages.
    int line() const { return line_; }

  private:
    bool start_next_command(double now);
    void finish_command();
    void next_step();

    ReplayHost& host_;
    platform::InputInjector& injector_;
    std::string shot_prefix_;
    std::deque<std::string> lines_;  // arrived, not started yet
    int lines_taken_ = 0;
    bool input_ended_ = false, quit_ = false;

    std::optional<ReplayCommand> cmd_;
    int line_ = 0, step_ = 0;
    long long step_frame_ = 0;  // the step waits for a frame after this one
    double started_ = 0;
    std::unique_ptr<ReplayReader> reader_;  // last: stopped before the rest goes
};

}  // namespace kiosk::engine
