// Pack import: a fresh key signs the pack, then update::import_pack installs it into an empty data
// dir, as a stick import does; seconds from the file to installed, and the time of each phase.
// `update` (issue 18) also derives a changed pack (1 % of the images, 5 % of the rows) and times
// a full import beside an update over it, in turns, in one run.
// Sections: helpers · one timed import · import · update
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

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

namespace {

// --- one timed import ---
struct TimedImport {
    double seconds = 0;
    std::map<std::string, double> phase_s;
    update::ImportResult result;
};

TimedImport timed_import(const std::string& pack, const fs::path& data, const fs::path& keys) {
    update::ImportOptions options;
    options.data_dir = data.string();
    options.keys_dir = keys.string();
    std::string phase;
    Stopwatch phase_clock;
    TimedImport out;
    options.progress = [&](update::ImportPhase p, uint64_t, uint64_t) {
        const std::string name = update::phase_name(p);
        if (name == phase) return;
        if (!phase.empty()) out.phase_s[phase] += phase_clock.ms() / 1000.0;
        phase = name;
        phase_clock = Stopwatch();
    };
    // As from a stick: nothing of the pack is in the page cache yet.
    if (const int fd = ::open(pack.c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
        ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        ::close(fd);
    }
    Stopwatch clock;
    out.result = update::import_pack(pack, options);
    out.seconds = clock.ms() / 1000.0;
    if (!phase.empty()) out.phase_s[phase] += phase_clock.ms() / 1000.0;
    if (!out.result.ok) throw std::runtime_error("import refused: " + out.result.refusal.en);
    return out;
}

// A fresh key in work/keys; returns its secret half.
update::SecretKey fresh_key(const fs::path& keys) {
    fs::create_directories(keys);
    update::PublicKey pub;
    update::SecretKey sec;
    update::generate_keypair(pub, sec);
    write_file((keys / "bench.pub").string(), update::format_public_key(pub));
    return sec;
}

// Medians of each phase over the runs.
nlohmann::json phase_medians(const std::vector<TimedImport>& runs) {
    std::map<std::string, std::vector<double>> by_phase;
    for (const auto& r : runs)
        for (const auto& [name, v] : r.phase_s) by_phase[name].push_back(v);
    nlohmann::json out;
    for (const auto& [name, v] : by_phase) out[name] = round3(median(v));
    return out;
}

std::vector<double> seconds_of(const std::vector<TimedImport>& runs) {
    std::vector<double> out;
    for (const auto& r : runs) out.push_back(round3(r.seconds));
    return out;
}

}  // namespace

// --- import ---
nlohmann::json bench_import(const std::string& pack, const std::string& work_dir, int runs) {
    const fs::path work(work_dir), keys = work / "keys", data = work / "data";
    fs::remove_all(work);
    // A fresh key signs the pack here; `kiosk-pack sign` would first validate the whole pack,
    // which is as slow as the import's own check and not part of the figure.
    const update::SecretKey sec = fresh_key(keys);
    Stopwatch sign_clock;
    sign_pack(pack, sec);
    const double sign_ms = sign_clock.ms();
    const double mb = static_cast<double>(fs::file_size(pack)) / 1e6;

    std::vector<TimedImport> done;
    for (int r = 0; r < runs; ++r) {
        fs::remove_all(data);
        fs::create_directories(data);
        done.push_back(timed_import(pack, data, keys));
    }
    fs::remove_all(data);
    const double med = median(seconds_of(done));
    return {{"pack_mb", round3(mb)},
            {"runs", runs},
            {"seconds", round3(med)},
            {"mb_per_s", round3(med > 0 ? mb / med : 0)},
            {"phase_seconds", phase_medians(done)},
            {"all_seconds", seconds_of(done)},
            {"sign_ms_not_counted", round3(sign_ms)}};
}

// --- update ---
namespace {

void exec(sqlite3* db, const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        const std::string message = err ? err : "?";
        sqlite3_free(err);
        throw std::runtime_error("update: " + message + " in " + sql);
    }
}

// A JPEG with a comment segment (COM) after its start marker: the same picture, new bytes, so
// the import must decode it again, as it would a re-edited photo.
std::vector<unsigned char> with_comment(const unsigned char* jpeg, int size, const std::string& c) {
    std::vector<unsigned char> out(jpeg, jpeg + 2);  // SOI
    const size_t length = c.size() + 2;
    out.insert(out.end(), {0xFF, 0xFE, static_cast<unsigned char>(length >> 8),
                           static_cast<unsigned char>(length & 0xFF)});
    out.insert(out.end(), c.begin(), c.end());
    out.insert(out.end(), jpeg + 2, jpeg + size);
    return out;
}

struct Changes {
    long long images = 0, rows = 0, all_rows = 0;
};

// The pack as staff would send it next: every 100th JPEG image's bytes changed, every 20th row
// of the large text tables edited (a long English text gets " v2"), version + 1.
Changes derive_changed_pack(const std::string& from, const std::string& to) {
    fs::copy_file(from, to, fs::copy_options::overwrite_existing);
    sqlite3* db = nullptr;
    if (sqlite3_open(to.c_str(), &db) != SQLITE_OK) throw std::runtime_error("update: open " + to);
    Changes changes;
    try {
        exec(db, "BEGIN");
        std::vector<std::string> ids;
        {
            sqlite3_stmt* st = nullptr;
            sqlite3_prepare_v2(db, "SELECT id FROM media WHERE format = 'jpeg' ORDER BY id", -1,
                               &st, nullptr);
            for (long long i = 0; sqlite3_step(st) == SQLITE_ROW; ++i)
                if (i % 100 == 0)
                    ids.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
            sqlite3_finalize(st);
        }
        sqlite3_stmt* read = nullptr;
        sqlite3_stmt* write = nullptr;
        sqlite3_prepare_v2(db, "SELECT bytes, thumb FROM media WHERE id = ?", -1, &read, nullptr);
        sqlite3_prepare_v2(db, "UPDATE media SET bytes = ?, thumb = ? WHERE id = ?", -1, &write,
                           nullptr);
        for (const std::string& id : ids) {
            sqlite3_bind_text(read, 1, id.c_str(), -1, SQLITE_TRANSIENT);
            if (sqlite3_step(read) != SQLITE_ROW) throw std::runtime_error("update: no " + id);
            const auto blob = [&](int col) {
                return with_comment(
                    static_cast<const unsigned char*>(sqlite3_column_blob(read, col)),
                    sqlite3_column_bytes(read, col), "changed " + id);
            };
            const auto display = blob(0), thumb = blob(1);
            sqlite3_reset(read);
            sqlite3_bind_blob(write, 1, display.data(), static_cast<int>(display.size()),
                              SQLITE_TRANSIENT);
            sqlite3_bind_blob(write, 2, thumb.data(), static_cast<int>(thumb.size()),
                              SQLITE_TRANSIENT);
            sqlite3_bind_text(write, 3, id.c_str(), -1, SQLITE_TRANSIENT);
            if (sqlite3_step(write) != SQLITE_DONE) throw std::runtime_error("update: write");
            sqlite3_reset(write);
            ++changes.images;
        }
        sqlite3_finalize(read);
        sqlite3_finalize(write);
        const std::pair<const char*, const char*> edited[] = {{"member", "long_en"},
                                                              {"highlight", "summary_en"},
                                                              {"project", "summary_en"},
                                                              {"person", "bio_en"}};
        for (const auto& [table, column] : edited) {
            const std::string t = table, c = column;
            exec(db, "UPDATE " + t + " SET " + c + " = " + c +
                         " || ' v2' WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER "
                         "(ORDER BY id) AS n FROM " +
                         t + ") WHERE n % 20 = 0)");
            changes.rows += sqlite3_changes(db);
            sqlite3_stmt* st = nullptr;
            sqlite3_prepare_v2(db, ("SELECT count(*) FROM " + t).c_str(), -1, &st, nullptr);
            sqlite3_step(st);
            changes.all_rows += sqlite3_column_int64(st, 0);
            sqlite3_finalize(st);
        }
        exec(db,
             "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = "
             "'pack_version'");
        exec(db, "COMMIT");
    } catch (...) {
        sqlite3_close(db);
        throw;
    }
    sqlite3_close(db);
    return changes;
}

}  // namespace

nlohmann::json bench_update(const std::string& pack, const std::string& work_dir, int runs) {
    const fs::path work(work_dir), keys = work / "keys", data = work / "data";
    fs::remove_all(work);
    fs::create_directories(work);
    const update::SecretKey sec = fresh_key(keys);
    const std::string changed = (work / "changed.pack").string();
    Stopwatch prepare_clock;
    const Changes changes = derive_changed_pack(pack, changed);
    sign_pack(pack, sec);
    sign_pack(changed, sec);
    const double prepare_ms = prepare_clock.ms();

    // In turns, so both see the same state of this shared machine: the full import into an empty
    // data dir, then the changed pack as an update over it.
    std::vector<TimedImport> full, updated;
    for (int r = 0; r < runs; ++r) {
        fs::remove_all(data);
        fs::create_directories(data);
        full.push_back(timed_import(pack, data, keys));
        updated.push_back(timed_import(changed, data, keys));
    }
    fs::remove_all(data);
    const double mb = static_cast<double>(fs::file_size(pack)) / 1e6;
    const double full_s = median(seconds_of(full)), update_s = median(seconds_of(updated));
    const update::ImportResult& last = updated.back().result;
    return {{"pack_mb", round3(mb)},
            {"runs", runs},
            {"changed_images", changes.images},
            {"changed_rows", changes.rows},
            {"of_rows", changes.all_rows},
            {"full",
             {{"seconds", round3(full_s)},
              {"mb_per_s", round3(full_s > 0 ? mb / full_s : 0)},
              {"all_seconds", seconds_of(full)},
              {"phase_seconds", phase_medians(full)},
              {"images_checked", full.back().result.images_checked}}},
            {"update",
             {{"seconds", round3(update_s)},
              {"all_seconds", seconds_of(updated)},
              {"phase_seconds", phase_medians(updated)},
              {"images", last.images},
              {"images_checked", last.images_checked},
              {"summary", update::images_summary(last)}}},
            {"update_over_full", round3(full_s > 0 ? update_s / full_s : 0)},
            {"prepare_ms_not_counted", round3(prepare_ms)}};
}

}  // namespace kiosk::bench
