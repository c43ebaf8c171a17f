// Pack import: a fresh key signs the pack, then update::import_pack installs it into an empty data
// dir, as a stick import does; seconds from the file to installed, and the time of each phase.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <vector>

#include "kiosk/update/importer.h"
#include "kiosk/update/minisign.h"
#include "kiosk/update/pack_validator.h"
#include "tests/bench/bench_stats.h"
#include "tests/bench/benchmarks.h"

namespace kiosk::bench {

namespace fs = std::filesystem;

namespace {

update::Digest512 blake2b_of(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("import: cannot read " + path);
    update::Blake2b512 hash;
    std::vector<char> buf(4 << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        hash.update(buf.data(), static_cast<size_t>(in.gcount()));
    }
    return hash.finish();
}

}  // namespace

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!(out << text) || !out.flush()) throw std::runtime_error("cannot write " + path);
}

void sign_pack(const std::string& pack, const update::SecretKey& sec) {
    const PackInfo info = update::read_pack_info(pack);
    const std::string comment = update::make_version_comment(info.pack_version, info.built_at);
    write_file(pack + ".minisig",
               update::format_signature(update::sign_digest(sec, blake2b_of(pack), comment)));
}

nlohmann::json bench_import(const std::string& pack, const std::string& work_dir, int runs) {
    const fs::path work(work_dir), keys = work / "keys", data = work / "data";
    fs::remove_all(work);
    fs::create_directories(keys);
    // A fresh key signs the pack here; `kiosk-pack sign` would first validate the whole pack,
    // which is as slow as the import's own check and not part of the figure.
    update::PublicKey pub;
    update::SecretKey sec;
    update::generate_keypair(pub, sec);
    write_file((keys / "bench.pub").string(), update::format_public_key(pub));
    Stopwatch sign_clock;
    sign_pack(pack, sec);
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
