// StickJob: one piece of stick work (say, an export) on its own thread; the render thread starts
// it, hears when it is done, and polls for a stall. The worker is detached, never joined: a read
// from a dead stick can stay blocked in the kernel for good, so the poller calls the job stalled
// once one stick call has waited longer than the limit, and the abandoned worker keeps only its
// shared state alive.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "platform/usb/stick_io.h"

namespace kiosk::platform {

// One open, read or write on a stick, at most. Generous: a slow stick reads a 4 MiB chunk in a few
// seconds; a stick that takes this long for one call is not coming back.
inline constexpr double kStickCallLimitS = 15;

template <typename T>
class StickJob {
  public:
    enum class State { Idle, Running, Done, Stalled };

    // Starts `work` unless an earlier worker still runs (even a stalled one: it still holds the
    // stick). `work` must not touch anything its caller may destroy: it can outlive the caller.
    // on_done runs on the worker once the value can be taken (e.g. posts to the main thread);
    // the same rule holds for it.
    bool start(std::function<T()> work, double limit_s = kStickCallLimitS,
               std::function<void()> on_done = {}) {
        if (shared_ && !shared_->finished()) return false;  // running or stalled
        shared_ = std::make_shared<Shared>();
        limit_s_ = limit_s;
        std::thread([shared = shared_, work = std::move(work), on_done = std::move(on_done)] {
            watch_stick_calls_on_this_thread(shared->watch);
            T value = work();
            {
                std::lock_guard lock(shared->mutex);
                shared->value = std::move(value);
            }
            if (on_done) on_done();
        }).detach();
        return true;
    }

    // Done: take() the value (once); the job is Idle after that.
    State poll() const {
        if (!shared_) return State::Idle;
        std::lock_guard lock(shared_->mutex);
        if (shared_->taken) return State::Idle;
        if (shared_->value) return State::Done;
        return shared_->watch->busy_for_s() > limit_s_ ? State::Stalled : State::Running;
    }

    T take() {
        std::lock_guard lock(shared_->mutex);
        T value = std::move(*shared_->value);
        shared_->value.reset();
        shared_->taken = true;
        return value;
    }

  private:
    struct Shared {
        std::mutex mutex;
        std::optional<T> value;
        bool taken = false;
        std::shared_ptr<StickWatch> watch = std::make_shared<StickWatch>();
        bool finished() {
            std::lock_guard lock(mutex);
            return value.has_value() || taken;
        }
    };
    std::shared_ptr<Shared> shared_;
    double limit_s_ = kStickCallLimitS;
};

}  // namespace kiosk::platform
