// The statistics recorder: the render thread hands it finished records (cheap: a lock and a move);
// its own worker writes them to the statistics database in one transaction at most every
// `flush_s` seconds (so a power cut loses at most that much), rolls old hours up once an hour,
// and answers summary requests for the staff panel. Nothing here can stop the kiosk: a database
// that cannot be opened is set aside, and one that cannot be made turns recording off, noted.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/stats/stats_store.h"

namespace kiosk::stats {

class StatsRecorder {
  public:
    struct Options {
        std::string path;     // the statistics database
        double flush_s = 30;  // the most a power cut can lose
        long long cap_bytes = kStatsCapBytes;
        std::function<long long()> wall_clock;  // unix seconds; nullptr: the system clock
    };
    explicit StatsRecorder(Options options);
    ~StatsRecorder();  // writes what is pending, then stops the worker
    StatsRecorder(const StatsRecorder&) = delete;
    StatsRecorder& operator=(const StatsRecorder&) = delete;

    // Any thread. Records are written by the next flush.
    void add(StatsBatch batch);
    // One health event now ("start", "crash", "import", "import_refused", "rollback",
    // "display_on_minutes" with count = minutes).
    void health(const std::string& event, int count = 1);
    // Asks the worker for the summary of the last `days` days up to today; `done` runs on the
    // worker with it (post it to the main thread from there). `exists` marks removed items.
    void request_summary(int days, ItemExists exists, std::function<void(StatsSummary)> done);
    // Blocks until everything added so far is written (the export, tests, shutdown).
    void flush();
    // One line for the log and the staff panel: empty while all is well, else what happened
    // (a file set aside, recording off).
    std::string note() const;
    // Whether the worker has opened (or failed to open) the database: note() is meaningful.
    bool opened() const;

  private:
    struct SummaryRequest {
        int days = 0;
        ItemExists exists;
        std::function<void(StatsSummary)> done;
    };
    void run();
    void write_pending(std::unique_lock<std::mutex>& lock);
    long long now_s() const;

    Options options_;
    std::unique_ptr<StatsStore> store_;  // worker only
    mutable std::mutex mutex_;
    std::condition_variable wake_, written_;
    StatsBatch pending_;
    std::vector<SummaryRequest> requests_;
    long long added_ = 0, flushed_ = 0;  // batches: flush() waits for flushed_ >= its added_
    bool opened_ = false;                // the worker has tried to open the store
    bool flush_now_ = false, stop_ = false;
    std::string note_;
    std::thread worker_;
};

}  // namespace kiosk::stats
