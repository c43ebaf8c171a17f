// What the statistics database says over a range of days, in the shape the staff panel's charts,
// the exported report (report.html) and its CSVs draw from. Counts only: nothing here is about a
// person, and nothing is finer than an hour. Made by StatsStore::summary (stats_store.h).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "kiosk/core/content_model.h"  // Bilingual

namespace kiosk::stats {

// Bucket edges in seconds; bucket i holds [edge[i-1], edge[i]), the last one everything above.
inline constexpr std::array<int, 6> kSessionSecondsEdges{10, 30, 60, 120, 300, 600};  // 7 buckets
inline constexpr std::array<int, 5> kDwellSecondsEdges{3, 10, 30, 60, 120};           // 6 buckets
inline constexpr std::array<int, 5> kScreensEdges{2, 4, 7, 11, 21};                   // 6 buckets
inline constexpr int kSessionBuckets = kSessionSecondsEdges.size() + 1;
inline constexpr int kDwellBuckets = kDwellSecondsEdges.size() + 1;
inline constexpr int kScreensBuckets = kScreensEdges.size() + 1;

// The bucket of value v for the given edges.
template <size_t N>
constexpr int bucket_of(const std::array<int, N>& edges, double v) {
    int b = 0;
    while (b < static_cast<int>(N) && v >= edges[static_cast<size_t>(b)]) ++b;
    return b;
}

// One calendar day (local time), every day of the range present, zeros included.
struct DaySummary {
    std::string day;  // "2026-12-02"
    int sessions = 0;
    long long session_seconds = 0;  // summed over the day's sessions
    int views = 0;                  // screens and items opened
    int searches = 0;
    int searches_empty = 0;  // found nothing
    // Health: the kiosk's own life that day.
    int starts = 0;
    int crashes = 0;  // restarts after an unclean end (watchdog, crash, power cut)
    int imports = 0;  // content installed (stick, workbook, sync)
    int imports_refused = 0;
    int rollbacks = 0;
    double display_on_hours = 0;
};

// One hour of one day with any sessions (for the hourly CSV); rolled-up days have none.
struct HourSummary {
    std::string day;
    int hour = 0;  // 0..23, local
    int sessions = 0;
    long long session_seconds = 0;
    int views = 0;
    int searches = 0;
    int searches_empty = 0;
};

// A screen or an item visitors opened, with the name it had when last seen in the content.
struct ItemSummary {
    std::string screen;  // route name: "member", "highlight", "members", "search", …
    std::string kind;    // content table ("member", "event", …); empty for a list screen
    std::string id;      // item id; empty for a list screen
    Bilingual name;      // the item's title when last seen; the screen's label for a list screen
    bool gone = false;   // the item is no longer in the installed content
    int views = 0;
    long long seconds = 0;                   // dwell summed
    std::array<int, kDwellBuckets> dwell{};  // views per dwell bucket
};

struct QueryCount {
    std::string query;  // as typed, trimmed, lower case; at most 40 characters
    int count = 0;
};

struct StatsSummary {
    std::string from_day, to_day;  // inclusive, local dates
    std::string made_at;           // "2026-12-02 20:31", local
    std::string kiosk_name;        // the host name, so reports of several kiosks differ
    std::vector<DaySummary> days;  // from_day .. to_day, in order
    std::vector<HourSummary> hours;
    // Sessions by weekday (0 = Monday) and hour, from the hourly rows in range (days older than
    // the roll-up have no hours and do not count here; `heat_from_day` says from when it counts).
    std::array<std::array<int, 24>, 7> heat{};
    std::string heat_from_day;
    std::vector<ItemSummary> items;    // content items, most viewed first
    std::vector<ItemSummary> screens;  // list screens (home, members, search, …), most viewed first
    int sessions_zh = 0, sessions_en = 0;                // by the language the session ended in
    std::array<int, kSessionBuckets> session_length{};   // sessions per duration bucket
    std::array<int, kScreensBuckets> session_screens{};  // sessions per screens-seen bucket
    std::vector<QueryCount> missed_queries;  // searches that found nothing, most frequent first
    // Totals over the range.
    int sessions = 0;
    int searches = 0, searches_empty = 0;
};

}  // namespace kiosk::stats
