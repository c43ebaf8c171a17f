// Search latency per key press: the queries a visitor types on the on-screen keyboard, one more
// character each time, through the same ContentDb::search call and limit the search screen uses.
#include <string>
#include <vector>

#include "kiosk/core/content_db.h"
#include "kiosk/core/utf8.h"
#include "tests/bench/bench_stats.h"
#include "tests/bench/benchmarks.h"

namespace kiosk::bench {

namespace {

constexpr int kUiLimit = 40;  // kiosk/ui/cache.cpp asks for 40 hits

// Pinyin, pinyin initials, English words and Chinese characters, as typed.
const char* const kQueries[] = {"nanjing",   "njdx",   "huake", "hzxc",   "battery",
                                "materials", "新材料", "南京",  "研究院", "university"};

}  // namespace

nlohmann::json bench_search(const std::string& pack, int rounds) {
    Stopwatch open_clock;
    ContentDb db(pack);
    const double open_ms = open_clock.ms();
    Stopwatch first_clock;
    db.search("n", kUiLimit);  // the first search may load the in-memory name table
    const double first_ms = first_clock.ms();

    std::vector<double> per_key, per_key_cpu;
    std::vector<double> by_kind[4];  // pinyin, initials, English, Chinese
    long long hits = 0;
    for (int r = 0; r < rounds; ++r) {
        int q = 0;
        for (const char* query : kQueries) {
            const std::u32string typed = utf8_to_u32(query);
            for (size_t n = 1; n <= typed.size(); ++n) {
                const std::string prefix = u32_to_utf8(typed.substr(0, n));
                const double cpu0 = thread_cpu_ms();
                Stopwatch clock;
                hits += static_cast<long long>(db.search(prefix, kUiLimit).size());
                const double ms = clock.ms();
                per_key.push_back(ms);
                per_key_cpu.push_back(thread_cpu_ms() - cpu0);
                const int kind = q == 6 || q == 7 || q == 8   ? 3
                                 : q == 1 || q == 3           ? 1
                                 : q == 4 || q == 5 || q == 9 ? 2
                                                              : 0;
                by_kind[kind].push_back(ms);
            }
            ++q;
        }
    }
    nlohmann::json j = summary(per_key);
    j["unit"] = "ms per key press (wall)";
    j["cpu"] = summary(per_key_cpu);
    j["open_ms"] = round3(open_ms);
    j["first_search_ms"] = round3(first_ms);
    j["pinyin"] = summary(by_kind[0]);
    j["initials"] = summary(by_kind[1]);
    j["english"] = summary(by_kind[2]);
    j["chinese"] = summary(by_kind[3]);
    j["hits_per_key"] = per_key.empty() ? 0.0 : round3(double(hits) / double(per_key.size()));
    return j;
}

}  // namespace kiosk::bench
