#include "kiosk/stats/stats_recorder.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <utility>

namespace kiosk::stats {
namespace {

template <class T>
void append(std::vector<T>& to, std::vector<T>& from) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

}  // namespace

StatsRecorder::StatsRecorder(Options options) : options_(std::move(options)) {
    worker_ = std::thread([this] { run(); });
}

StatsRecorder::~StatsRecorder() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    worker_.join();
}

long long StatsRecorder::now_s() const {
    return options_.wall_clock ? options_.wall_clock() : static_cast<long long>(std::time(nullptr));
}

void StatsRecorder::add(StatsBatch batch) {
    if (batch.empty()) return;
    std::lock_guard lock(mutex_);
    append(pending_.sessions, batch.sessions);
    append(pending_.views, batch.views);
    append(pending_.searches, batch.searches);
    append(pending_.health, batch.health);
    ++added_;
}

void StatsRecorder::health(const std::string& event, int count) {
    const long long t = now_s();
    StatsBatch b;
    b.health.push_back({local_day(t), local_hour(t), event, count});
    add(std::move(b));
}

void StatsRecorder::request_summary(int days, ItemExists exists,
                                    std::function<void(StatsSummary)> done) {
    {
        std::lock_guard lock(mutex_);
        requests_.push_back({days, std::move(exists), std::move(done)});
    }
    wake_.notify_all();
}

void StatsRecorder::flush() {
    std::unique_lock lock(mutex_);
    const long long want = added_;
    flush_now_ = true;
    wake_.notify_all();
    written_.wait(lock, [&] { return opened_ && (flushed_ >= want || store_ == nullptr); });
}

bool StatsRecorder::opened() const {
    std::lock_guard lock(mutex_);
    return opened_;
}

std::string StatsRecorder::note() const {
    std::lock_guard lock(mutex_);
    return note_;
}

// Called with the lock held; writes without it, so add() never waits for the disk.
void StatsRecorder::write_pending(std::unique_lock<std::mutex>& lock) {
    StatsBatch batch = std::exchange(pending_, StatsBatch{});
    const long long upto = added_;
    lock.unlock();
    std::string failed;
    try {
        if (store_) store_->write(batch);
    } catch (const std::exception& e) {
        failed = std::string("statistics not written: ") + e.what();
    }
    lock.lock();
    if (!failed.empty()) note_ = failed;
    flushed_ = upto;
    written_.notify_all();
}

void StatsRecorder::run() {
    std::string set_aside;
    std::unique_ptr<StatsStore> store;
    std::string opened_note;
    try {
        store = StatsStore::open(options_.path, &set_aside);
        store->maintain(local_day(now_s()), options_.cap_bytes);
        if (!set_aside.empty()) opened_note = "statistics set aside as " + set_aside;
    } catch (const std::exception& e) {
        store.reset();
        opened_note = std::string("statistics off: ") + e.what();
    }
    std::unique_lock lock(mutex_);
    store_ = std::move(store);
    opened_ = true;
    note_ = opened_note;
    written_.notify_all();
    auto last_flush = std::chrono::steady_clock::now();
    auto last_maintain = last_flush;
    const auto every = std::chrono::duration<double>(options_.flush_s);
    for (;;) {
        wake_.wait_for(lock, every, [&] { return stop_ || flush_now_ || !requests_.empty(); });
        const auto now = std::chrono::steady_clock::now();
        if (stop_ || flush_now_ || now - last_flush >= every || !requests_.empty()) {
            flush_now_ = false;
            write_pending(lock);
            last_flush = now;
        }
        if (store_ && now - last_maintain >= std::chrono::hours(1)) {
            last_maintain = now;
            lock.unlock();
            try {
                store_->maintain(local_day(now_s()), options_.cap_bytes);
            } catch (const std::exception&) {
                // Next hour again; counts keep being written meanwhile.
            }
            lock.lock();
        }
        while (!requests_.empty()) {
            SummaryRequest r = std::move(requests_.front());
            requests_.erase(requests_.begin());
            lock.unlock();
            StatsSummary s;
            try {
                const std::string today = local_day(now_s());
                if (store_)
                    s = store_->summary(add_days(today, -(std::max(1, r.days) - 1)), today,
                                        r.exists);
            } catch (const std::exception&) {
                s = StatsSummary{};
            }
            r.done(std::move(s));
            lock.lock();
        }
        if (stop_) break;
    }
}

}  // namespace kiosk::stats
