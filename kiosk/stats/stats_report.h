// The exported visitor statistics staff take away on a stick or from `kiosk-pack stats`: one
// self-contained report.html (inline SVG charts drawn here, no scripts, nothing fetched, prints on
// A4) and the CSVs of stats_csv.h beside it.
#pragma once

#include <string>

#include "kiosk/stats/stats_summary.h"

namespace kiosk::stats {

inline constexpr const char* kReportFile = "report.html";

// The whole page, Chinese first with English beside or under every heading and label. Every text
// from the summary is made safe and escaped.
std::string report_html(const StatsSummary& summary);

// Writes report.html and the four CSVs into `dir` (made when missing), each through a temporary
// file, fsync and rename, so a reader never sees half a file. Throws std::runtime_error (zh / en).
void write_stats_folder(const StatsSummary& summary, const std::string& dir);

}  // namespace kiosk::stats
