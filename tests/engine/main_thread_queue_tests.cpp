// The main-thread queue: workers' results reach the main loop in order, on the loop's thread, and
// a post wakes a loop that waits for events.
#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "kiosk/engine/main_thread_queue.h"

using namespace kiosk::engine;
using namespace std::chrono_literals;

TEST_CASE("posted tasks run at the next drain, in the order posted, on the draining thread",
          "[main_thread_queue]") {
    MainThreadQueue queue;
    std::vector<int> ran;
    std::vector<std::thread::id> ran_on;
    std::thread poster([&] {
        for (int i = 1; i <= 3; ++i)
            queue.post([&, i] {
                ran.push_back(i);
                ran_on.push_back(std::this_thread::get_id());
            });
    });
    poster.join();
    CHECK(ran.empty());  // nothing runs on the posting thread or before the loop drains
    CHECK(queue.drain() == 3);
    CHECK(ran == std::vector<int>{1, 2, 3});
    CHECK(ran_on == std::vector<std::thread::id>(3, std::this_thread::get_id()));
    CHECK(queue.drain() == 0);  // each task runs once
    CHECK(ran.size() == 3);
}

TEST_CASE("a task posted while draining waits for the next drain", "[main_thread_queue]") {
    MainThreadQueue queue;
    int runs = 0;
    std::function<void()> again = [&] {
        // e.g. a result that asks for more work: the frame between still gets drawn
        if (++runs < 5) queue.post(again);
    };
    queue.post(again);
    CHECK(queue.drain() == 1);
    CHECK(runs == 1);
    CHECK(queue.drain() == 1);
    CHECK(runs == 2);
}

TEST_CASE("posts from many threads all arrive, each thread's in its own order",
          "[main_thread_queue]") {
    constexpr int kThreads = 8, kPosts = 2000;
    MainThreadQueue queue;
    std::vector<std::vector<int>> seen(kThreads);  // touched by the draining thread only
    std::vector<std::thread> posters;
    for (int t = 0; t < kThreads; ++t)
        posters.emplace_back([&, t] {
            for (int i = 0; i < kPosts; ++i) queue.post([&, t, i] { seen[t].push_back(i); });
        });
    int drained = 0;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (drained < kThreads * kPosts && std::chrono::steady_clock::now() < deadline)
        drained += queue.drain();  // drains while the posters post
    for (std::thread& p : posters) p.join();
    drained += queue.drain();
    CHECK(drained == kThreads * kPosts);
    for (int t = 0; t < kThreads; ++t) {
        INFO("thread " << t);
        REQUIRE(seen[t].size() == kPosts);
        for (int i = 0; i < kPosts; ++i) REQUIRE(seen[t][i] == i);
    }
}

TEST_CASE("a post wakes a loop that waits for events, which then runs the task",
          "[main_thread_queue]") {
    // A stand-in for glfwWaitEvents / glfwPostEmptyEvent: the loop sleeps until woken or 30 s.
    std::mutex mutex;
    std::condition_variable cv;
    bool woken = false;
    MainThreadQueue queue([&] {
        {
            std::lock_guard lock(mutex);
            woken = true;
        }
        cv.notify_all();
    });
    std::thread::id ran_on;
    bool loop_waiting = false;
    std::condition_variable waiting_cv;
    double slept_s = 0;
    int drained = 0;
    std::thread loop([&] {
        const auto start = std::chrono::steady_clock::now();
        {
            std::unique_lock lock(mutex);
            loop_waiting = true;
            waiting_cv.notify_all();
            cv.wait_for(lock, 30s, [&] { return woken; });
        }
        slept_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        drained = queue.drain();
    });
    {
        std::unique_lock lock(mutex);
        waiting_cv.wait(lock, [&] { return loop_waiting; });
    }
    std::this_thread::sleep_for(50ms);  // the loop is asleep now
    queue.post([&] { ran_on = std::this_thread::get_id(); });
    const std::thread::id loop_id = loop.get_id();
    loop.join();
    CHECK(slept_s < 5.0);  // woken by the post, not by its 30 s timeout
    CHECK(drained == 1);
    CHECK(ran_on == loop_id);
}
