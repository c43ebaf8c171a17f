// The sub-benchmarks of kiosk-bench. Each returns its figures as one JSON object and throws
// std::runtime_error with a plain reason when it cannot run.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kiosk/update/minisign.h"

namespace kiosk::bench {

// Per key press latency of ContentDb::search while typing realistic queries letter by letter.
nlohmann::json bench_search(const std::string& pack, int rounds);

// Atlas size and build time of engine::build_fonts for the pack's characters (no window needed).
nlohmann::json bench_fonts(const std::string& pack, int runs);

// Seconds and MB/s of update::import_pack from a file to installed, signed with a fresh key.
// work_dir holds the key, the signature's data dir and is cleaned between runs.
nlohmann::json bench_import(const std::string& pack, const std::string& work_dir, int runs);

// Issue 18: a changed pack derived from `pack` (1 % of its JPEGs' bytes, 5 % of the rows of the
// large text tables, version + 1); a full import into an empty data dir and the changed pack as
// an update over it, in turns, `runs` times; seconds, MB/s of the full import, and the ratio.
nlohmann::json bench_update(const std::string& pack, const std::string& work_dir, int runs);

// Writes PACK.minisig signed with sec for the pack's own version and build time; `kiosk-pack
// sign` would first validate the whole pack, which is the import's work, not the signer's.
void sign_pack(const std::string& pack, const update::SecretKey& sec);
// Writes a whole file; throws with the path when it cannot.
void write_file(const std::string& path, const std::string& text);

// Seconds to build a pack from the content workbook (written once from content_dir into
// work_dir) and from the CSV folder itself, interleaved, median of `runs` each.
nlohmann::json bench_workbook(const std::string& content_dir, const std::string& work_dir,
                              int runs);

struct KioskBenchOptions {
    int start_runs = 5;        // warm runs for the start median (one more is run first, unrecorded)
    double idle_seconds = 10;  // sampling window for idle CPU%
    std::string window = "1920x1080";
};

// Runs the real kiosk (this build tree's bin/kiosk) under the current X display: start to
// `ready`, idle CPU% on home and in the attract loop, then a tour and its memory and textures.
nlohmann::json bench_kiosk(const std::string& pack, const KioskBenchOptions& options);
// Only the tour of bench_kiosk, with more kiosk arguments (a --config).
nlohmann::json bench_tour(const std::string& pack, const std::vector<std::string>& extra_args,
                          const KioskBenchOptions& options);

// Visitor statistics (issue 16): the tour with recording off and on, alternately, `runs` times
// each (frame p99, main-thread CPU per frame), and the statistics file after a simulated year of
// `sessions_per_day` sessions a day (size, write time).
nlohmann::json bench_recording(const std::string& pack, const std::string& work_dir, int runs,
                               int sessions_per_day, const KioskBenchOptions& options);

struct RasterBenchOptions {
    int frames = 120;  // recorded frames per figure
    std::string window = "1920x1080";
    int tile = 64;  // damage tile side in pixels
};

// Issue 18 part 2: the CPU renderer (kiosk/render) on synthetic members-grid frames with a real
// ImGui context, dragged by a fractional amount every frame; thread CPU ms per frame (p50, p90),
// pixels shaded, damage, primitive counts, for dragging, an unchanged frame and a full redraw.
nlohmann::json bench_raster(const RasterBenchOptions& options);

}  // namespace kiosk::bench

namespace kiosk::bench {

struct SoakOptions {
    // Taps and drags in all. Issue 13 asks for 200,000; at the ~22 a second this shared 2-core VM
    // manages (docs/performance.md, Soak) the default is what fits in about half an hour.
    long actions = 40000;
    long warmup_actions = 0;  // 0: a fifth of the actions, at least 5,000, at most half
    std::string window = "640x360";
    int batch = 8;               // most actions sent in one round trip
    double stick_every_s = 180;  // a stick plugged in and pulled this often after warm-up
    double sample_every_s = 60;  // process figures this often
    double max_minutes = 60;     // stop the walk here even if fewer actions were done
    unsigned seed = 1;
    std::string out;  // also write the JSON line here (empty: only print it)
};

// Long random walk over every screen of the real kiosk (this build tree's bin/kiosk, current X
// display) with sticks plugged and pulled; RSS, fds, threads and texture bytes at the start,
// after warm-up and at the end, and whether growth after warm-up stayed within the budgets.
nlohmann::json bench_soak(const std::string& builtin_pack, const SoakOptions& options);

}  // namespace kiosk::bench
