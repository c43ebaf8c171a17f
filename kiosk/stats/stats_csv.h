// The CSVs of the exported statistics, for staff who want the numbers in Excel or WPS: UTF-8 with
// a BOM (so Excel reads Chinese right), CRLF line ends, RFC 4180 quoting, and text cells that
// cannot run as formulas (visitors typed the search queries).
#pragma once

#include <string>
#include <string_view>

#include "kiosk/stats/stats_summary.h"

namespace kiosk::stats {

inline constexpr const char* kDailyCsv = "daily.csv";
inline constexpr const char* kHourlyCsv = "hourly.csv";
inline constexpr const char* kItemsCsv = "items.csv";
inline constexpr const char* kMissedSearchesCsv = "missed-searches.csv";
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string daily_csv(const StatsSummary& summary);   // one row per day of the range
std::string hourly_csv(const StatsSummary& summary);  // one row per hour with sessions
std::string items_csv(const StatsSummary& summary);   // content items, then list screens
std::string missed_searches_csv(const StatsSummary& summary);

// One text cell: made safe (safe_text.h, line breaks kept), a leading apostrophe when it would
// start a formula (= + - @ tab CR), quoted when it holds a comma, a quote or a line break.
std::string csv_text_cell(std::string_view text);

}  // namespace kiosk::stats
