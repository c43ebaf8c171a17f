// Pack import: a fresh key signs the pack, then update::import_pack installs it into an empty data
// dir, as a stick import does; seconds from the file to installed, and the time of each phase.
#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <stdexcept>
#include <vector>

#include "kiosk/update/importer.h"
#include "kiosk/update/pack_commands.h"
#include "tests/bench/bench_stats.h"
#include "tests/bench/benchmarks.h"

namespace kiosk::bench {

namespace fs = std::filesystem;

nlohmann::json bench_import(const std::string& pack, const std::string& work_dir, int runs) {
    const fs::path work(work_dir), keys = work / "keys", data = work / "data";
    fs::remove_all(work);
    fs::create_directories(keys);
    const std::string pub = (keys / "bench.pub").string();
    const std::string key = (work / "bench.key").string();
    if (update::cmd_keygen({"-p", pub, "-s", key}) != 0)
        throw std::runtime_error("import: could not make a signing key in " + work.string());
    Stopwatch sign_clock;
    if (update::cmd_sign({pack, "-s", key}) != 0)
        throw std::runtime_error("import: could not sign " + pack);
    const double sign_ms = sign_clock.ms();
    const double mb = static_cast<double>(fs::file_size(pack)) / 1e6;

    std::vector<double> seconds;
    std::map<std::string, std::vector<double>> phase_s;
    for (int r = 0; r < runs; ++r) {
        fs::remove_all(data);
        fs::create_directories(data);
        update::ImportOptions options;
        options.data_dir = data.string();
        options.keys_dir = keys.string();
        std::string phase;
        Stopwatch phase_clock;
        std::map<std::string, double> this_run;
        options.progress = [&](update::ImportPhase p, uint64_t, uint64_t) {
            const std::string name = update::phase_name(p);
            if (name == phase) return;
            if (!phase.empty()) this_run[phase] += phase_clock.ms() / 1000.0;
            phase = name;
            phase_clock = Stopwatch();
        };
        Stopwatch clock;
        const update::ImportResult result = update::import_pack(pack, options);
        const double s = clock.ms() / 1000.0;
        if (!phase.empty()) this_run[phase] += phase_clock.ms() / 1000.0;
        if (!result.ok) throw std::runtime_error("import refused: " + result.refusal.en);
        seconds.push_back(s);
        for (const auto& [name, v] : this_run) phase_s[name].push_back(v);
    }
    fs::remove_all(data);
    const double med = median(seconds);
    nlohmann::json phases;
    for (const auto& [name, v] : phase_s) phases[name] = round3(median(v));
    return {{"pack_mb", round3(mb)},
            {"runs", runs},
            {"seconds", round3(med)},
            {"mb_per_s", round3(med > 0 ? mb / med : 0)},
            {"phase_seconds", phases},
            {"all_seconds", seconds},
            {"sign_ms_not_counted", round3(sign_ms)}};
}

}  // namespace kiosk::bench
