// Percentiles for the benchmark figures.
#include "tests/bench/bench_stats.h"

#include <algorithm>
#include <cmath>
#include <ctime>

namespace kiosk::bench {

double percentile(std::vector<double> samples, double p) {
    if (samples.empty()) return 0;
    std::sort(samples.begin(), samples.end());
    const double rank = std::ceil(p / 100.0 * static_cast<double>(samples.size()));
    const auto index = static_cast<size_t>(std::clamp(rank, 1.0, double(samples.size()))) - 1;
    return samples[index];
}

double thread_cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) * 1e-6;
}

double median(const std::vector<double>& samples) {
    return percentile(samples, 50);
}

double round3(double v) {
    return std::round(v * 1000.0) / 1000.0;
}

nlohmann::json summary(const std::vector<double>& samples) {
    const double max = samples.empty() ? 0 : *std::max_element(samples.begin(), samples.end());
    return {{"n", samples.size()},
            {"p50", round3(percentile(samples, 50))},
            {"p99", round3(percentile(samples, 99))},
            {"max", round3(max)}};
}

}  // namespace kiosk::bench
