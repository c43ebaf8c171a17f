// The sub-benchmarks of kiosk-bench. Each returns its figures as one JSON object and throws
// std::runtime_error with a plain reason when it cannot run.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace kiosk::bench {

// Per key press latency of ContentDb::search while typing realistic queries letter by letter.
nlohmann::json bench_search(const std::string& pack, int rounds);

// Atlas size and build time of engine::build_fonts for the pack's characters (no window needed).
nlohmann::json bench_fonts(const std::string& pack, int runs);

// Seconds and MB/s of update::import_pack from a file to installed, signed with a fresh key.
// work_dir holds the key, the signature's data dir and is cleaned between runs.
nlohmann::json bench_import(const std::string& pack, const std::string& work_dir, int runs);

struct KioskBenchOptions {
    int start_runs = 5;        // warm runs for the start median (one more is run first, unrecorded)
    double idle_seconds = 10;  // sampling window for idle CPU%
    std::string window = "1920x1080";
};

// Runs the real kiosk (this build tree's bin/kiosk) under the current X display: start to
// `ready`, idle CPU% on home and in the attract loop, then a tour and its memory and textures.
nlohmann::json bench_kiosk(const std::string& pack, const KioskBenchOptions& options);

}  // namespace kiosk::bench
