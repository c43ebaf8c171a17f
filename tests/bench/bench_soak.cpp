// The soak of issue 13: a long, seeded random walk of taps and drags over every screen of the
// real kiosk (language switches, searches typed on its keyboard, trips to the attract loop), with
// a USB stick plugged in and pulled every few minutes (good packs and refused ones), and the
// process's RSS, fds, threads and texture bytes at the start, after warm-up and at the end.
// Sections: temp world · sticks · walk · figures · bench_soak
#include <signal.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>

#include "kiosk/update/pack_validator.h"
#include "tests/bench/bench_stats.h"
#include "tests/bench/benchmarks.h"
#include "tests/bench/proc_stats.h"
#include "tests/gui_support/kiosk_driver.h"

namespace kiosk::bench {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::KioskDriver;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

// SIGINT/SIGTERM end the walk early; the figures, the cleanup and the JSON line still happen.
std::atomic<bool> g_stop{false};
void on_stop_signal(int) {
    g_stop = true;
}

// --- temp world: a data dir, a trusted key, a folder standing for /media, the config ---
class SoakWorld {
  public:
    explicit SoakWorld(const std::string& builtin_pack) : builtin(fs::absolute(builtin_pack)) {
        std::string tmpl = (fs::temp_directory_path() / "kiosk-soak-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) throw std::runtime_error("soak: mkdtemp failed");
        root = tmpl;
        data = root / "data";
        keys = root / "keys";
        media = root / "media";
        for (const fs::path& p : {data, keys, media}) fs::create_directories(p);
        update::PublicKey pub;
        update::generate_keypair(pub, sec);
        write_file((keys / "soak.pub").string(), update::format_public_key(pub));
        base_version = update::read_pack_info(builtin.string()).pack_version;
        config = root / "config.json";
        const json c = {{"data_dir", data.string()},
                        {"keys_dir", keys.string()},
                        {"mount_roots", {media.string()}},
                        {"builtin_pack", builtin.string()},
                        {"staff_pin_file", (root / "no-staff-pin").string()}};
        write_file(config.string(), c.dump() + "\n");
    }
    ~SoakWorld() {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
    SoakWorld(const SoakWorld&) = delete;
    SoakWorld& operator=(const SoakWorld&) = delete;

    fs::path builtin, root, data, keys, media, config;
    update::SecretKey sec;
    int64_t base_version = 0;
};

// --- sticks ---
enum class StickKind { Good, Unsigned, Tampered };

const char* kind_name(StickKind k) {
    return k == StickKind::Good ? "good" : k == StickKind::Unsigned ? "unsigned" : "tampered";
}

bool has_target(const json& s, const std::string& id) {
    return KioskDriver::find_target(s, id).has_value();
}

// The built-in pack as version V at kiosk/content.pack, signed or not, or signed then changed
// by one byte; made aside, then renamed under the mount root as a mount appears at once.
fs::path plug_stick(const SoakWorld& w, StickKind kind, int n, int64_t version) {
    const fs::path staging = w.root / ("stick-" + std::to_string(n) + ".building");
    fs::create_directories(staging / "kiosk");
    const fs::path pack = staging / "kiosk" / "content.pack";
    fs::copy_file(w.builtin, pack);
    {
        SQLite::Database db(pack.string(), SQLite::OPEN_READWRITE);
        db.exec("UPDATE meta SET value = '" + std::to_string(version) +
                "' WHERE key = 'pack_version'");
    }
    if (kind != StickKind::Unsigned) sign_pack(pack.string(), w.sec);
    if (kind == StickKind::Tampered) {
        std::fstream f(pack, std::ios::in | std::ios::out | std::ios::binary);
        const auto at = static_cast<std::streamoff>(fs::file_size(pack) / 2);
        char byte = 0;
        f.seekg(at);
        f.get(byte);
        f.seekp(at);
        f.put(static_cast<char>(byte ^ 0x5a));
        if (!f.flush()) throw std::runtime_error("soak: cannot change " + pack.string());
    }
    const fs::path mount = w.media / ("stick-" + std::to_string(n));
    fs::rename(staging, mount);
    return mount;
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// --- walk ---
struct Rect {
    float w = 0, h = 0;
};

class Walker {
  public:
    Walker(KioskDriver& d, std::string state_path, Rect window, unsigned seed, int batch)
        : d_(d), state_path_(std::move(state_path)), win_(window), rng_(seed), batch_(batch) {}

    // One round trip: up to `batch` actions chosen from the last state, then a fresh state.
    // Returns the actions sent.
    int round(bool attract_trip) {
        std::vector<std::string> cmds;
        int actions = 0;
        const std::string screen = state_.value("screen", "");
        if (attract_trip) {
            cmds = {"idle 100000", "wait 1500"};
        } else if (screen.rfind("staff", 0) == 0) {  // never meant to open; leave it
            for (const char* id : {"staff.pin.cancel", "staff.confirm.cancel",
                                   "staff.touchtest.close", "staff.close"})
                if (tap_id(id, &cmds)) break;
            actions = static_cast<int>(cmds.size());
        } else if (screen == "attract") {
            cmds.push_back(tap_at(win_.w * 0.5f, win_.h * 0.5f));
            actions = 1;
        } else {
            actions = plan(&cmds);
        }
        cmds.push_back("state " + state_path_);
        const std::vector<std::string> errors = d_.send_batch(cmds, 120);
        errors_ += static_cast<long>(errors.size());
        if (!errors.empty() && first_error_.empty()) first_error_ = errors.front();
        refresh();
        return actions;
    }

    void refresh() {
        std::ifstream in(state_path_);
        if (!in) throw std::runtime_error("soak: the kiosk wrote no state at " + state_path_);
        state_ = json::parse(in);
        ++screens_[state_.value("screen", "?")];
        if (state_.value("search_text", "") != "") ++search_states_;
    }

    // Reads a fresh state after `wait_ms` (no actions).
    const json& look(int wait_ms) {
        d_.send_batch({"wait " + std::to_string(wait_ms), "state " + state_path_}, 60);
        refresh();
        return state_;
    }

    // Taps a target of the last state, if it is there; counted by the caller.
    bool tap_now(const std::string& id) {
        std::vector<std::string> cmds;
        if (!tap_id(id, &cmds)) return false;
        cmds.push_back("state " + state_path_);
        d_.send_batch(cmds, 60);
        refresh();
        return true;
    }

    const json& state() const { return state_; }
    json summary() const {
        return {{"rounds_by_screen", screens_},
                {"taps", taps_},
                {"drags", drags_},
                {"language_switches", lang_switches_},
                {"search_words_typed", words_},
                {"states_with_search_text", search_states_},
                {"attract_trips", attract_trips_},
                {"replay_errors", errors_},
                {"first_replay_error", first_error_}};
    }
    void count_attract_trip() { ++attract_trips_; }

  private:
    std::string tap_at(float x, float y) {
        ++taps_;
        return "tap " + std::to_string(std::lround(x)) + " " + std::to_string(std::lround(y));
    }

    bool tap_id(const std::string& id, std::vector<std::string>* cmds) {
        const std::optional<json> t = KioskDriver::find_target(state_, id);
        if (!t) return false;
        cmds->push_back(centre_tap(*t));
        return true;
    }

    std::string centre_tap(const json& t) {
        return tap_at(t["x"].get<float>() + t["w"].get<float>() * 0.5f,
                      t["y"].get<float>() + t["h"].get<float>() * 0.5f);
    }

    float uniform(float a, float b) { return std::uniform_real_distribution<float>(a, b)(rng_); }
    int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

    // Targets a visitor could tap: on screen, not the import card, not the staff panel.
    std::vector<json> visitor_targets() const {
        std::vector<json> out;
        for (const json& t : state_["targets"]) {
            const std::string id = t["id"];
            const float cx = t["x"].get<float>() + t["w"].get<float>() * 0.5f;
            const float cy = t["y"].get<float>() + t["h"].get<float>() * 0.5f;
            if (id.rfind("staff.", 0) == 0 || id.rfind("import.", 0) == 0) continue;
            if (cx < 1 || cy < 1 || cx > win_.w - 1 || cy > win_.h - 1) continue;
            out.push_back(t);
        }
        return out;
    }

    // Taps on keys, chips and the language button leave the screen (and so the other targets of
    // the last state) where they were; any other tap may navigate and ends the batch.
    static bool stays(const std::string& id) {
        return id.rfind("key.", 0) == 0 || id.rfind("chip.", 0) == 0 || id == "nav.lang";
    }

    // A fling up or down the content, or a swipe left or right (galleries, strips). Short
    // durations: each frame of a drag costs a frame of software rendering.
    std::string drag() {
        ++drags_;
        const int ms = 30 * below(2);
        float x1, y1, x2, y2;
        if (below(3) < 2) {
            x1 = x2 = uniform(0.2f, 0.8f) * win_.w;
            const float a = uniform(0.3f, 0.45f) * win_.h, b = uniform(0.7f, 0.9f) * win_.h;
            const bool up = below(2) == 0;
            y1 = up ? b : a;
            y2 = up ? a : b;
        } else {
            y1 = y2 = uniform(0.35f, 0.85f) * win_.h;
            const float a = uniform(0.15f, 0.35f) * win_.w, b = uniform(0.65f, 0.85f) * win_.w;
            const bool left = below(2) == 0;
            x1 = left ? b : a;
            x2 = left ? a : b;
        }
        return "drag " + std::to_string(std::lround(x1)) + " " + std::to_string(std::lround(y1)) +
               " " + std::to_string(std::lround(x2)) + " " + std::to_string(std::lround(y2)) + " " +
               std::to_string(ms);
    }

    // Types a word letter by letter on the search screen's keyboard, sometimes clearing first.
    void type_word(std::vector<std::string>* cmds) {
        static const char* const kWords[] = {"nanjing", "zhang",  "wang",  "li",  "chen",
                                             "jiaoyu",  "wenhua", "yishu", "min", "art"};
        if (below(3) == 0) tap_id("key.clear", cmds);
        for (const char c : std::string(kWords[below(std::size(kWords))]))
            tap_id(std::string("key.") + c, cmds);
        if (below(2) == 0) tap_id("key.backspace", cmds);
        ++words_;
    }

    int plan(std::vector<std::string>* cmds) {
        const std::vector<json> targets = visitor_targets();
        std::vector<json> not_keys;
        for (const json& t : targets)
            if (t["id"].get<std::string>().rfind("key.", 0) != 0) not_keys.push_back(t);
        const bool on_search = state_.value("screen", "") == "search" && !not_keys.empty();
        while (static_cast<int>(cmds->size()) < batch_) {
            const int roll = below(100);
            if (roll < 52 && !targets.empty()) {
                // The keyboard's 30-odd keys would keep the walk on the search screen; its
                // results and the top bar get half the taps there.
                const std::vector<json>& pool = on_search && below(2) ? not_keys : targets;
                const json& t = pool[static_cast<std::size_t>(below(int(pool.size())))];
                cmds->push_back(centre_tap(t));
                if (!stays(t["id"])) break;
            } else if (roll < 77) {
                cmds->push_back(drag());
            } else if (roll < 83) {
                if (tap_id("nav.lang", cmds)) ++lang_switches_;
            } else if (roll < 90) {
                if (tap_id(below(2) ? "nav.back" : "nav.home", cmds)) break;
            } else if (roll < 95) {
                if (on_search) {
                    type_word(cmds);
                } else if (tap_id("nav.search", cmds)) {
                    break;
                }
            } else {  // anywhere below the top bar: empty space, text, an edge
                cmds->push_back(
                    tap_at(uniform(0.02f, 0.98f) * win_.w, uniform(0.2f, 0.98f) * win_.h));
                break;
            }
        }
        return static_cast<int>(cmds->size());
    }

    KioskDriver& d_;
    std::string state_path_;
    Rect win_;
    std::mt19937 rng_;
    int batch_;
    json state_;
    std::map<std::string, long> screens_;
    long taps_ = 0, drags_ = 0, lang_switches_ = 0, words_ = 0, search_states_ = 0;
    long attract_trips_ = 0, errors_ = 0;
    std::string first_error_;
};

// --- figures ---
struct Figures {
    double rss_mb = 0, hwm_mb = 0, anon_mb = 0, file_mb = 0;
    int fds = 0, threads = 0;
    long long texture_bytes = 0;
    std::map<std::string, int> fd_kinds, thread_names;
    json to_json(double t_s, long actions) const {
        return {{"t_s", round3(t_s)},
                {"actions", actions},
                {"rss_mb", round3(rss_mb)},
                {"peak_rss_mb", round3(hwm_mb)},
                {"rss_anon_mb", round3(anon_mb)},  // heap, llvmpipe's textures and JIT code
                {"rss_file_mb", round3(file_mb)},  // mapped files: libraries, fonts, the pack
                {"fds", fds},
                {"threads", threads},
                {"texture_bytes", texture_bytes}};
    }
};

Figures measure(pid_t pid, const json& state) {
    Figures f;
    f.rss_mb = status_mib(pid, "VmRSS");
    f.hwm_mb = status_mib(pid, "VmHWM");
    f.anon_mb = status_mib(pid, "RssAnon");
    f.file_mb = status_mib(pid, "RssFile");
    f.fd_kinds = fd_kinds(pid);
    f.thread_names = thread_names(pid);
    for (const auto& [k, n] : f.fd_kinds) f.fds += n;
    for (const auto& [k, n] : f.thread_names) f.threads += n;
    f.texture_bytes = state["textures"].value("bytes", 0ll);
    return f;
}

// The same quiet state each time a figure counts: home, no import, 2 s settled, and pictures shown
// since the last content swap (the image worker opens its own connection to the pack on its
// first picture, one more fd).
Figures settled(Walker& w, pid_t pid) {
    auto go_home = [&] {
        for (int i = 0; i < 6 && w.state().value("screen", "") != "home"; ++i) {
            for (const char* id : {"import.close", "attract.touch", "staff.pin.cancel",
                                   "staff.confirm.cancel", "staff.close", "nav.home"})
                if (w.tap_now(id)) break;
            w.look(400);
        }
    };
    auto images_loaded = [&] {
        for (int i = 0; i < 40 && w.look(250)["textures"].value("pending", 0) > 0; ++i) {
        }
    };
    go_home();
    if (w.tap_now("home.highlights")) {
        w.look(400);
        images_loaded();
        w.tap_now("nav.home");
        w.look(400);
    }
    go_home();
    images_loaded();
    w.look(2000);
    return measure(pid, w.state());
}

// Map difference b - a, only the keys that changed.
json map_growth(const std::map<std::string, int>& a, const std::map<std::string, int>& b) {
    json out = json::object();
    std::set<std::string> keys;
    for (const auto& [k, v] : a) keys.insert(k);
    for (const auto& [k, v] : b) keys.insert(k);
    for (const std::string& k : keys) {
        const int before = a.contains(k) ? a.at(k) : 0, after = b.contains(k) ? b.at(k) : 0;
        if (before != after) out[k] = after - before;
    }
    return out;
}

// Least-squares slope of a figure over actions, MB per 100,000 actions.
double slope(const std::vector<json>& samples, const char* figure) {
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (const json& s : samples) {
        const double x = s["actions"].get<double>() / 1e5, y = s[figure].get<double>();
        n += 1;
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
    }
    const double d = n * sxx - sx * sx;
    return n >= 2 && d > 0 ? (n * sxy - sx * sy) / d : 0;
}

}  // namespace

// --- bench_soak ---
json bench_soak(const std::string& builtin_pack, const SoakOptions& o) {
    signal(SIGINT, on_stop_signal);
    signal(SIGTERM, on_stop_signal);
    // Warm-up holds the first stick of each kind (the first import's one-time costs) and time for
    // the caches to fill; a short check keeps half its actions for the measured part.
    const long warmup = o.warmup_actions > 0
                            ? o.warmup_actions
                            : std::min(std::max(5000L, o.actions / 5), o.actions / 2);
    const auto x = o.window.find('x');
    if (x == std::string::npos) throw std::runtime_error("--window must be WxH: " + o.window);
    const Rect win{std::stof(o.window.substr(0, x)), std::stof(o.window.substr(x + 1))};

    SoakWorld world(builtin_pack);
    json out;
    out["window"] = o.window;
    out["seed"] = o.seed;
    out["actions_asked"] = o.actions;
    out["warmup_actions"] = warmup;
    out["batch"] = o.batch;
    out["stick_every_s"] = o.stick_every_s;

    KioskDriver d({"--config", world.config.string(), "--window", o.window});
    const std::optional<pid_t> found = child_named("kiosk");
    if (!found) throw std::runtime_error("soak: cannot find the kiosk process");
    const pid_t pid = *found;
    Walker walk(d, (world.root / "state.json").string(), win, o.seed, std::max(1, o.batch));

    const auto t0 = Clock::now();
    auto elapsed = [&] { return seconds_since(t0); };
    long actions = 0;
    std::vector<json> samples, sticks;
    int stick_n = 0;
    int64_t version = world.base_version;
    bool ok = true;
    std::string error;
    Figures start, warm, end;
    bool warmed = false;

    // One stick: plug, wait for the card (the import ran and the report is written), read the
    // report, close the card, pull the stick. The walk pauses meanwhile: the card takes every
    // touch.
    auto stick_cycle = [&](StickKind kind) {
        const int n = ++stick_n;
        const int64_t v = kind == StickKind::Good ? ++version : version + 1;
        const double rss_before = status_mib(pid, "VmRSS");
        const auto plugged_at = Clock::now();
        const fs::path mount = plug_stick(world, kind, n, v);
        json s = walk.look(250);
        while (!has_target(s, "import.close") && seconds_since(plugged_at) < 120 && !g_stop)
            s = walk.look(250);
        const double card_s = seconds_since(plugged_at);
        const std::string report = read_text(mount / "kiosk" / "import-report.txt");
        const bool card = has_target(s, "import.close");
        const bool installed = report.find("SHA-256:") != std::string::npos;
        const bool as_expected = card && installed == (kind == StickKind::Good);
        if (card) {
            walk.tap_now("import.close");
            actions += 1;
            s = walk.look(400);
        }
        fs::remove_all(mount);
        const json entry = {{"n", n},
                            {"kind", kind_name(kind)},
                            {"version", v},
                            {"at_action", actions},
                            {"card_after_s", round3(card_s)},
                            {"rss_before_mb", round3(rss_before)},
                            {"rss_after_mb", round3(status_mib(pid, "VmRSS"))},
                            {"installed", installed},
                            {"card_closed", card && !has_target(s, "import.close")},
                            {"as_expected", as_expected}};
        sticks.push_back(entry);
        std::cerr << "soak: stick " << entry.dump() << "\n";
    };
    auto sample = [&] {
        json s = measure(pid, walk.state()).to_json(elapsed(), actions);
        s["screen"] = walk.state().value("screen", "");
        samples.push_back(s);
        std::cerr << "soak: " << s.dump() << "\n";
    };

    try {
        walk.look(500);
        start = settled(walk, pid);
        out["start"] = start.to_json(elapsed(), actions);
        std::cerr << "soak: start " << out["start"].dump() << "\n";
        // Warm-up holds one stick of each kind and two good ones: the first swaps from one pack
        // to another raise the heap's high-water mark once (docs/performance.md, Soak).
        const std::vector<std::pair<long, StickKind>> warm_sticks = {
            {warmup / 5, StickKind::Good},
            {2 * warmup / 5, StickKind::Unsigned},
            {3 * warmup / 5, StickKind::Good},
            {4 * warmup / 5, StickKind::Tampered}};
        std::size_t next_warm_stick = 0;
        const StickKind rotation[] = {StickKind::Good, StickKind::Unsigned, StickKind::Good,
                                      StickKind::Tampered};
        int rotation_at = 0;
        double next_stick_at = 0, next_sample_at = o.sample_every_s;
        long next_attract_at = 2500;
        const double limit_s = o.max_minutes * 60;
        while (actions < o.actions && !g_stop && elapsed() < limit_s) {
            if (!warmed && next_warm_stick < warm_sticks.size() &&
                actions >= warm_sticks[next_warm_stick].first)
                stick_cycle(warm_sticks[next_warm_stick++].second);
            if (!warmed && actions >= warmup) {
                warm = settled(walk, pid);
                out["warm"] = warm.to_json(elapsed(), actions);
                std::cerr << "soak: warm " << out["warm"].dump() << "\n";
                warmed = true;
                samples.clear();  // the slope counts from here
                sample();
                next_stick_at = elapsed() + o.stick_every_s;
            }
            if (warmed && elapsed() >= next_stick_at) {
                stick_cycle(rotation[rotation_at++ % 4]);
                next_stick_at = elapsed() + o.stick_every_s;
            }
            if (elapsed() >= next_sample_at) {
                sample();
                next_sample_at = elapsed() + o.sample_every_s;
            }
            const bool trip = actions >= next_attract_at;
            if (trip) {
                next_attract_at += 2500;
                walk.count_attract_trip();
            }
            actions += walk.round(trip);
        }
        end = settled(walk, pid);
        out["end"] = end.to_json(elapsed(), actions);
        std::cerr << "soak: end " << out["end"].dump() << "\n";
        d.quit();
    } catch (const std::exception& e) {
        ok = false;
        error = e.what();
        std::cerr << "soak: stopped: " << error << "\n";
    }

    const double wall = elapsed();
    out["actions"] = actions;
    out["complete"] = ok && actions >= o.actions;
    out["stopped_early_by"] = g_stop                ? "signal"
                              : !ok                 ? "error"
                              : actions < o.actions ? "max_minutes"
                                                    : "";
    if (!error.empty()) out["error"] = error;
    out["wall_s"] = round3(wall);
    out["actions_per_s"] = round3(wall > 0 ? double(actions) / wall : 0);
    out["walk"] = walk.summary();
    out["sticks"] = sticks;
    out["samples"] = samples;

    const bool measured = ok && warmed;
    json verdict;
    if (measured) {
        const double rss_growth = end.rss_mb - warm.rss_mb;
        verdict["rss_growth_mb"] = {
            {"value", round3(rss_growth)}, {"limit", 2}, {"met", rss_growth <= 2}};
        verdict["fd_growth"] = {
            {"value", end.fds - warm.fds}, {"limit", 0}, {"met", end.fds <= warm.fds}};
        verdict["thread_growth"] = {{"value", end.threads - warm.threads},
                                    {"limit", 0},
                                    {"met", end.threads <= warm.threads}};
        verdict["texture_growth_bytes"] = end.texture_bytes - warm.texture_bytes;
        verdict["rss_slope_mb_per_100k_actions"] = round3(slope(samples, "rss_mb"));
        verdict["fds_added"] = map_growth(warm.fd_kinds, end.fd_kinds);
        verdict["threads_added"] = map_growth(warm.thread_names, end.thread_names);
    }
    bool screens_all = true;
    json missing = json::array();
    for (const char* screen : {"attract", "home", "members", "member", "highlights", "highlight",
                               "projects", "project", "experts", "person", "about", "search"})
        if (!out["walk"]["rounds_by_screen"].contains(screen)) {
            screens_all = false;
            missing.push_back(screen);
        }
    bool sticks_ok = !sticks.empty();
    for (const json& s : sticks) sticks_ok = sticks_ok && s["as_expected"].get<bool>();
    verdict["screens_not_visited"] = missing;
    verdict["sticks_as_expected"] = sticks_ok;
    verdict["pass"] = measured && verdict["rss_growth_mb"]["met"].get<bool>() &&
                      verdict["fd_growth"]["met"].get<bool>() &&
                      verdict["thread_growth"]["met"].get<bool>() && screens_all && sticks_ok;
    out["verdict"] = verdict;
    if (!o.out.empty()) {
        const fs::path parent = fs::path(o.out).parent_path();
        if (!parent.empty()) fs::create_directories(parent);
        write_file(o.out, out.dump() + "\n");
    }
    return out;
}

}  // namespace kiosk::bench
