// Small helpers shared by the sub-benchmarks: a stopwatch and percentiles of samples.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <vector>

namespace kiosk::bench {

class Stopwatch {
  public:
    Stopwatch() : start_(std::chrono::steady_clock::now()) {}
    double ms() const {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_)
            .count();
    }

  private:
    std::chrono::steady_clock::time_point start_;
};

// CPU time of the calling thread in ms: unlike the wall clock, not inflated when the shared
// machine preempts us (both are reported where it matters).
double thread_cpu_ms();

// Nearest-rank percentile (p in 0..100) of the samples; 0 for none.
double percentile(std::vector<double> samples, double p);
double median(const std::vector<double>& samples);

// {"n", "p50", "p99", "max"} of the samples, rounded to 3 decimals.
nlohmann::json summary(const std::vector<double>& samples);

// Rounds for the JSON line (figures, not noise).
double round3(double v);

}  // namespace kiosk::bench
