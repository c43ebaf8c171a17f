// The statistics database (stats.db in the data dir, beside the packs, never inside one, so it
// survives content updates and rollbacks): counts per local hour, rolled up to days after 90 days,
// under a hard size cap. WAL mode; written only by the recorder's worker (stats_recorder.h).
// A file that is not a readable statistics database is set aside and a new one started: the
// statistics can never stop the kiosk.
// Sections: what is written · the store · reading it back
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/stats/stats_summary.h"

namespace SQLite {
class Database;
}

namespace kiosk::stats {

// Whether an item of a content table is still in the installed content (content_lookup.h).
using ItemExists = std::function<bool(const std::string& kind, const std::string& id)>;

// --- what is written: one flush of the recorder, already bucketed ---
// `day` is a local date "YYYY-MM-DD", `hour` 0..23 local.
struct SessionRecord {
    std::string day;
    int hour = 0;
    std::string lang;  // "zh" | "en": the language the session ended in
    double seconds = 0;
    int screens = 0;  // screens seen, the attract screen not counted
};
struct ViewRecord {
    std::string day;
    int hour = 0;
    std::string screen;  // route name
    std::string kind;    // content table of the item; empty for a list screen
    std::string id;      // empty for a list screen
    Bilingual name;      // the item's title now (kept as its last known name)
    double seconds = 0;  // dwell
};
struct SearchRecord {
    std::string day;
    int hour = 0;
    std::string query;  // normalised (trimmed, lower case, ≤ 40 characters)
    int hits = 0;
};
// start | crash | import | import_refused | rollback | display_on_minutes (count = minutes)
struct HealthRecord {
    std::string day;
    int hour = 0;
    std::string event;
    int count = 1;
};
struct StatsBatch {
    std::vector<SessionRecord> sessions;
    std::vector<ViewRecord> views;
    std::vector<SearchRecord> searches;
    std::vector<HealthRecord> health;
    bool empty() const {
        return sessions.empty() && views.empty() && searches.empty() && health.empty();
    }
};

inline constexpr int kKeepHourlyDays = 90;                       // then rolled up to days
inline constexpr long long kStatsCapBytes = 16LL * 1024 * 1024;  // oldest days go first
inline constexpr int kMissedQueriesPerDay = 200;                 // rarest dropped beyond this

// --- the store ---
class StatsStore {
  public:
    // Opens or creates `path`. A file that cannot be opened as a statistics database of this
    // version (not SQLite, damaged, another schema) is renamed to `path.broken-YYYYmmdd-HHMMSS`
    // and a new one is made; `set_aside` then names the moved file. Throws std::runtime_error
    // only when no database can be made at all (the data dir is not writable).
    static std::unique_ptr<StatsStore> open(const std::string& path,
                                            std::string* set_aside = nullptr);
    // Opens an existing statistics database read-only (reports); throws std::runtime_error when
    // it is missing, not SQLite or not ours. Never sets anything aside.
    static std::unique_ptr<StatsStore> open_read_only(const std::string& path);
    ~StatsStore();
    StatsStore(const StatsStore&) = delete;
    StatsStore& operator=(const StatsStore&) = delete;

    // Adds one batch in one transaction.
    void write(const StatsBatch& batch);
    // Rolls hours older than kKeepHourlyDays before `today` up into whole days, keeps the most
    // frequent missed queries per day, and drops the oldest days while the file is over cap_bytes.
    void maintain(const std::string& today, long long cap_bytes = kStatsCapBytes);
    long long size_bytes() const;

    // The summary over from_day..to_day (inclusive). `exists(kind, id)` says whether an item is
    // in the installed content (nullptr: all are); the others are marked gone.
    StatsSummary summary(const std::string& from_day, const std::string& to_day,
                         const ItemExists& exists = nullptr) const;
    // The first and last day with any row, or nullopt when the database is empty.
    std::optional<std::pair<std::string, std::string>> day_range() const;

  private:
    explicit StatsStore(std::unique_ptr<SQLite::Database> db);
    std::unique_ptr<SQLite::Database> db_;
};

// --- reading it back (kiosk-pack stats, the staff export): read-only, never sets aside ---
// The summary of the last `days` days up to `today` of the database at `path`, with this host's
// name and the time now as its kiosk name and making time. Throws
// std::runtime_error with a zh / en message when the file is missing or unreadable.
StatsSummary read_summary(const std::string& path, const std::string& today, int days,
                          const ItemExists& exists = nullptr);

// Local dates: "YYYY-MM-DD" of a time_t, the day `n` days after `day` (n may be negative), and the
// weekday of a day (0 = Monday).
std::string local_day(long long unix_s);
int local_hour(long long unix_s);
std::string add_days(const std::string& day, int n);
int weekday_of(const std::string& day);

}  // namespace kiosk::stats
