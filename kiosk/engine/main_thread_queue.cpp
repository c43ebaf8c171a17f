#include "kiosk/engine/main_thread_queue.h"

#include <utility>

namespace kiosk::engine {

MainThreadQueue::MainThreadQueue(std::function<void()> wake) : wake_(std::move(wake)) {}

void MainThreadQueue::set_wake(std::function<void()> wake) {
    std::lock_guard lock(mutex_);
    wake_ = std::move(wake);
}

void MainThreadQueue::post(Task task) {
    std::function<void()> wake;
    {
        std::lock_guard lock(mutex_);
        tasks_.push_back(std::move(task));
        wake = wake_;
    }
    if (wake) wake();  // outside the lock: the hook may take locks of its own
}

int MainThreadQueue::drain() {
    {
        std::lock_guard lock(mutex_);
        running_.swap(tasks_);
    }
    const int count = static_cast<int>(running_.size());
    for (Task& task : running_) task();
    running_.clear();
    return count;
}

}  // namespace kiosk::engine
