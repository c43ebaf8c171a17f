// The runner: owns the window, GL, the ImGui context, the main loop and its idle policy; turns
// pointer events into ui::Touch; drains the main-thread queue once per loop turn; drives the replay
// interpreter; prints `ready <ms>` after the first frame with content. GL only on this (the main)
// thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/core/config.h"
#include "kiosk/core/content_db.h"
#include "kiosk/engine/main_thread_queue.h"
#include "kiosk/ui/services.h"

namespace kiosk::engine {

using AppFactory = std::function<std::unique_ptr<ui::KioskApp>(ui::AppServices&)>;

// Extension points for later work (sd_notify, benchmark, USB packs). All optional; main thread.
struct RunHooks {
    std::function<void()> on_ready;              // after the first frame with content is shown
    std::function<void(double now_s)> on_frame;  // after every frame swapped (watchdog pings)
    std::function<void(double now_s)> on_loop;   // every loop turn, drawn or not
    // Polled every loop turn: a newly installed pack to switch to, else nullptr.
    std::function<std::shared_ptr<ContentDb>()> take_new_content;
    // Seconds until on_loop wants to run again while idle (negative: no wish).
    std::function<double(double now_s)> next_wakeup_s;
    // Once, before the screens are created: lets the caller fill staff and overlay services.
    std::function<void(ui::AppServices&)> configure_services;
    // Any touch (before it reaches the screens), e.g. to wake the display after hours.
    std::function<void(double now_s)> on_input;
    // True while the display is off (outside opening hours): nothing is drawn, the loop sleeps.
    std::function<bool()> display_asleep;
};

struct RunOptions {
    Config config;
    std::shared_ptr<ContentDb> content;   // opened and checked by the caller
    std::string replay;                   // "" none, "-" stdin, else a file
    std::string shot_prefix;              // prepended to relative `shot` paths
    std::vector<std::string> ui_strings;  // for the glyph set (ui::all_ui_strings())
    // Where workers hand results to the main thread (null: the runner makes its own). Drained
    // once per loop turn; a post wakes the loop while the runner runs.
    std::shared_ptr<MainThreadQueue> main_thread;
    RunHooks hooks;
};

// Runs until quit (replay `quit` or end of input, SIGTERM/SIGINT, window closed). Returns the exit
// status: 0 normally, 1 when the window or GL could not start (message on stderr).
int run_kiosk(const RunOptions& options, const AppFactory& make_app);

// Milliseconds since this process started (kernel start time in /proc/self/stat, 10 ms steps).
double ms_since_process_start();

}  // namespace kiosk::engine
