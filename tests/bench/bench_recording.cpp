// Visitor statistics (issue 16): what recording costs a frame, and how big a year of it gets.
// The tour runs with recording off and on alternately, so both see the same machine load.
#include <chrono>
#include <filesystem>
#include <fstream>

#include "kiosk/stats/stats_store.h"
#include "kiosk/stats/stats_synth.h"
#include "tests/bench/bench_stats.h"
#include "tests/bench/benchmarks.h"

namespace kiosk::bench {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// A config whose data dir is `dir` (empty before the run), recording on or off.
std::string config_for(const fs::path& dir, bool recording) {
    fs::remove_all(dir);
    fs::create_directories(dir / "data");
    const fs::path config = dir / "config.json";
    write_file(
        config.string(),
        json{{"data_dir", (dir / "data").string()}, {"visitor_statistics", recording}}.dump());
    return config.string();
}

json year_of_statistics(const fs::path& dir, int sessions_per_day) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string path = (dir / "stats.db").string();
    const std::string today = stats::local_day(std::time(nullptr));
    const auto t0 = std::chrono::steady_clock::now();
    auto store = stats::StatsStore::open(path);
    stats::StatsSynthOptions o;
    o.last_day = today;
    o.days = 365;
    o.sessions_per_day = sessions_per_day;
    long long views = 0, days = 0;
    stats::synthesize_stats(o, [&](const stats::StatsBatch& b) {
        store->write(b);
        views += static_cast<long long>(b.views.size());
        // The kiosk rolls up once an hour; here once a simulated day, as the days go by.
        store->maintain(b.sessions.empty() ? today : b.sessions.front().day);
        ++days;
    });
    store->maintain(today);
    const double write_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto t1 = std::chrono::steady_clock::now();
    const stats::StatsSummary s = store->summary(stats::add_days(today, -89), today);
    const double summary_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count();
    store.reset();
    return {{"days", days},
            {"sessions_per_day", sessions_per_day},
            {"views", views},
            {"file_mb", round3(static_cast<double>(fs::file_size(path)) / 1e6)},
            {"write_s", round3(write_s)},
            {"summary_90_days_ms", round3(summary_ms)},
            {"sessions_last_90_days", s.sessions}};
}

}  // namespace

json bench_recording(const std::string& pack, const std::string& work_dir, int runs,
                     int sessions_per_day, const KioskBenchOptions& options) {
    json off = json::array(), on = json::array();
    for (int i = 0; i < runs; ++i)
        for (bool recording : {false, true}) {
            const fs::path dir = fs::path(work_dir) / (recording ? "on" : "off");
            const json tour = bench_tour(pack, {"--config", config_for(dir, recording)}, options);
            json figures = {{"frame", tour["frame"]},
                            {"main_thread_cpu_ms_per_frame", tour["main_thread_cpu_ms_per_frame"]},
                            {"frames", tour["frames"]}};
            if (recording) {
                const fs::path db = dir / "data" / "stats.db";
                figures["stats_db_kb"] =
                    fs::exists(db) ? round3(static_cast<double>(fs::file_size(db)) / 1024) : 0.0;
            }
            (recording ? on : off).push_back(figures);
        }
    const auto median_of = [](const json& list, const char* a, const char* b) {
        std::vector<double> v;
        for (const json& x : list)
            if (b == nullptr ? x[a].is_number() : x[a].is_object() && x[a][b].is_number())
                v.push_back(b == nullptr ? x[a].get<double>() : x[a][b].get<double>());
        return v.empty() ? json(nullptr) : json(round3(percentile(v, 50)));
    };
    json out;
    out["off"] = off;
    out["on"] = on;
    out["frame_p99_ms"] = {{"off", median_of(off, "frame", "p99")},
                           {"on", median_of(on, "frame", "p99")}};
    out["main_thread_cpu_ms_per_frame"] = {
        {"off", median_of(off, "main_thread_cpu_ms_per_frame", nullptr)},
        {"on", median_of(on, "main_thread_cpu_ms_per_frame", nullptr)}};
    out["year"] = year_of_statistics(fs::path(work_dir) / "year", sessions_per_day);
    fs::remove_all(work_dir);
    return out;
}

}  // namespace kiosk::bench
