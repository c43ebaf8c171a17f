// The replay command interpreter; see replay_interpreter.h.
#include "kiosk/engine/replay_interpreter.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <utility>

namespace kiosk::engine {

ReplayInterpreter::ReplayInterpreter(const std::string& source, MainThreadQueue& queue,
                                     ReplayHost& host, platform::InputInjector& injector,
                                     std::string shot_prefix)
    : host_(host), injector_(injector), shot_prefix_(std::move(shot_prefix)) {
    reader_ = std::make_unique<ReplayReader>(
        source, queue, [this](std::string line) { lines_.push_back(std::move(line)); },
        [this] { input_ended_ = true; });
}

double ReplayInterpreter::seconds_until_due(double now) const {
    if (!cmd_ || cmd_->kind != ReplayCommand::Kind::Wait) return -1;
    return std::max(0.0, started_ + cmd_->ms / 1000.0 - now);
}

// Takes the next valid command; false when none has arrived (or the input ended: quit).
bool ReplayInterpreter::start_next_command(double now) {
    while (!lines_.empty()) {
        const std::string line = std::move(lines_.front());
        lines_.pop_front();
        line_ = ++lines_taken_;
        std::string error;
        cmd_ = parse_replay_line(line, &error);
        if (!cmd_) {
            if (!error.empty()) {
                std::fprintf(stderr, "error %d: %s\n", line_, error.c_str());
                std::fflush(stderr);
            }
            continue;
        }
        step_ = 0;
        step_frame_ = host_.frames_drawn();
        started_ = now;
        return true;
    }
    if (input_ended_) quit_ = true;
    return false;
}

void ReplayInterpreter::finish_command() {
    std::printf("ok %s\n", cmd_->text.c_str());
    std::fflush(stdout);
    cmd_.reset();
}

void ReplayInterpreter::next_step() {
    ++step_;
    step_frame_ = host_.frames_drawn();
    injector_.sync();
}

bool ReplayInterpreter::advance(double now) {
    for (;;) {
        if (!cmd_ && !start_next_command(now)) return false;
        const bool framed = host_.frames_drawn() > step_frame_;  // drawn since the last step
        using K = ReplayCommand::Kind;
        const ReplayCommand& c = *cmd_;
        switch (c.kind) {
            case K::Quit:
                finish_command();
                quit_ = true;
                return false;
            case K::Wait:
                if ((now - started_) * 1000.0 < c.ms) return false;
                finish_command();
                continue;
            case K::Idle:
                if (step_ == 0) {
                    host_.advance_idle(c.seconds);
                    next_step();
                    return true;
                }
                if (!framed) return true;
                finish_command();
                continue;
            case K::Shot:
                if (step_ == 0) {
                    const bool relative = !c.path.empty() && c.path[0] != '/';
                    host_.capture_next_frame(relative ? shot_prefix_ + c.path : c.path);
                    next_step();
                    return true;
                }
                if (!framed) return true;
                finish_command();
                continue;
            case K::State:
                if (step_ == 0) {  // a fresh frame, so the targets are today's
                    next_step();
                    return true;
                }
                if (!framed) return true;
                try {
                    host_.write_state(c.path);
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "error %d: %s\n", line_, e.what());
                }
                finish_command();
                continue;
            case K::Tap:  // move, frame, press, frame, release, frame
                if (step_ > 0 && !framed) return true;
                if (step_ == 0) injector_.move(c.x1, c.y1);
                if (step_ == 1) injector_.button(true);
                if (step_ == 2) injector_.button(false);
                if (step_ == 3) {
                    finish_command();
                    continue;
                }
                next_step();
                return true;
            case K::Drag: {  // move, press, then one step per frame over MS, release
                if (step_ > 0 && !framed) return true;
                if (step_ == 0) {
                    injector_.move(c.x1, c.y1);
                } else if (step_ == 1) {
                    injector_.button(true);
                    started_ = now;
                } else if (step_ == 2) {
                    const double t =
                        c.ms <= 0 ? 1.0 : std::clamp((now - started_) * 1000.0 / c.ms, 0.0, 1.0);
                    const auto f = static_cast<float>(t);
                    injector_.move(c.x1 + (c.x2 - c.x1) * f, c.y1 + (c.y2 - c.y1) * f);
                    if (t < 1.0) {
                        step_frame_ = host_.frames_drawn();
                        injector_.sync();
                        return true;
                    }
                } else if (step_ == 3) {
                    injector_.button(false);
                } else {
                    finish_command();
                    continue;
                }
                next_step();
                return true;
            }
        }
    }
}

}  // namespace kiosk::engine
