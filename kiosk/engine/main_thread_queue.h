// The one way results reach the main thread: any thread post()s a callback; the main loop drain()s
// them once per loop turn, in the order posted, and the wake hook (glfwPostEmptyEvent in the
// runner) stops a loop that is waiting for events, so an idle kiosk sees a result at once.
// GL and ImGui stay on the main thread: workers hand over data, never draw.
#pragma once

#include <functional>
#include <mutex>
#include <vector>

namespace kiosk::engine {

class MainThreadQueue {
  public:
    using Task = std::function<void()>;

    // wake: thread-safe, called after every post (may be set later, before other threads post).
    explicit MainThreadQueue(std::function<void()> wake = {});
    MainThreadQueue(const MainThreadQueue&) = delete;
    MainThreadQueue& operator=(const MainThreadQueue&) = delete;

    void set_wake(std::function<void()> wake);

    // Any thread. The task runs later on the thread that drains.
    void post(Task task);

    // Main thread: runs every task posted before this call, oldest first; a task posted while
    // draining waits for the next drain (so a task that posts again cannot starve the frame).
    // Returns how many ran.
    int drain();

  private:
    std::mutex mutex_;
    std::vector<Task> tasks_;
    std::vector<Task> running_;  // drain's batch, kept to reuse its capacity
    std::function<void()> wake_;
};

}  // namespace kiosk::engine
