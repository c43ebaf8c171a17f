// run_limited: the builder's process limits hold, and its output is captured within a bound.
#include <pthread.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>

#include "kiosk/update/child_process.h"

namespace fs = std::filesystem;
using kiosk::update::ChildLimits;
using kiosk::update::ChildOutcome;
using kiosk::update::run_limited;

TEST_CASE("a child's output and exit code come back", "[child]") {
    const ChildOutcome c = run_limited({"/bin/sh", "-c", "echo one; echo two >&2; exit 3"}, {});
    CHECK(c.end == ChildOutcome::End::Exited);
    CHECK(c.exit_code == 3);
    CHECK(c.output == "one\ntwo\n");
    CHECK_FALSE(c.ok());
}

TEST_CASE("a child over the time limit is killed with what it started", "[child]") {
    ChildLimits l;
    l.wall_s = 1;
    const auto t0 = std::chrono::steady_clock::now();
    // The shell starts sleep and waits: the whole group must go, or the pipe stays open.
    const ChildOutcome c = run_limited({"/bin/sh", "-c", "echo started; sleep 30; echo late"}, l);
    const double took =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(c.end == ChildOutcome::End::TimedOut);
    CHECK(took < 5);
    CHECK(c.output == "started\n");
}

TEST_CASE("a child writing a file over the size limit is stopped", "[child]") {
    const fs::path out = fs::temp_directory_path() / ("child-fsize-" + std::to_string(::getpid()));
    ChildLimits l;
    l.file_bytes = 1 << 20;
    const ChildOutcome c = run_limited(
        {"/bin/sh", "-c", "head -c 10000000 /dev/zero > " + out.string() + "; echo $?"}, l);
    // head is killed by SIGXFSZ; the shell reports it (128 + 25) and the file stays at the cap.
    const std::string status = std::to_string(128 + SIGXFSZ) + "\n";
    REQUIRE(c.output.size() >= status.size());
    CHECK(c.output.substr(c.output.size() - status.size()) == status);
    CHECK(fs::file_size(out) <= (1u << 20));
    fs::remove(out);
}

TEST_CASE("a child's output beyond the bound is dropped, and it still finishes", "[child]") {
    ChildLimits l;
    l.max_output_bytes = 1000;
    const ChildOutcome c = run_limited({"/bin/sh", "-c", "head -c 5000000 /dev/zero"}, l);
    CHECK(c.ok());
    CHECK(c.output.size() == 1000);
    CHECK(c.output_cut);
}

TEST_CASE("a child over its CPU seconds is stopped", "[child]") {
    ChildLimits l;
    l.cpu_s = 1;
    l.wall_s = 300;  // one CPU second can take long on a busy machine (30 s was not enough once)
    const ChildOutcome c = run_limited({"/bin/sh", "-c", "while :; do :; done"}, l);
    CHECK(c.end == ChildOutcome::End::Signaled);
    CHECK((c.signal == SIGXCPU || c.signal == SIGKILL));
}

TEST_CASE("a program that does not exist is reported, not run", "[child]") {
    const ChildOutcome c = run_limited({"/nonexistent/kiosk-pack", "build"}, {});
    CHECK(c.end == ChildOutcome::End::NotStarted);
    CHECK(c.error.find("/nonexistent/kiosk-pack") != std::string::npos);
}

TEST_CASE(
    "a child does not inherit the kiosk's blocked signals, and goes first when memory is short",
    "[child]") {
    // The kiosk blocks SIGTERM and SIGINT on every thread for its signal thread.
    sigset_t blocked, old;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGTERM);
    sigaddset(&blocked, SIGINT);
    REQUIRE(pthread_sigmask(SIG_BLOCK, &blocked, &old) == 0);
    // Run directly (a shell may clear its mask itself).
    const ChildOutcome mask = run_limited({"/bin/grep", "SigBlk", "/proc/self/status"}, {});
    const ChildOutcome oom = run_limited({"/bin/cat", "/proc/self/oom_score_adj"}, {});
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    REQUIRE(mask.ok());
    CHECK(mask.output == "SigBlk:\t0000000000000000\n");  // systemd's SIGTERM stops it
    REQUIRE(oom.ok());
    CHECK(oom.output == "1000\n");
}
