// Several kiosks kept in step by Syncthing (docs in deploy/README.md, "Several kiosks"): what each
// kiosk reports about itself in the shared status folder (status/<host>.json), and the fleet
// table `kiosk-pack fleet --status DIR` prints from those files. The files arrive from other
// machines: they are parsed as untrusted (size cap, types checked, text cleaned).
// Sections: one kiosk's status · the fleet table
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace kiosk::update {

// --- one kiosk's status ---
struct KioskStatus {
    std::string host;
    std::string app_version;
    long long pack_version = 0;  // 0: the built-in content
    std::string pack_sha256;     // of the installed pack; empty for the built-in content
    std::string last_import;     // one line: when, what, installed or why refused; empty: none
    double uptime_s = 0;
    int starts_24h = 0;   // starts of the kiosk program in the last 24 hours
    int crashes_24h = 0;  // of those, after an unclean end (a crash, the watchdog, a power cut)
    long long free_disk_bytes = 0;
    bool display_on = true;
    long long written_at = 0;  // unix seconds
};

inline constexpr size_t kMaxStatusBytes = 64 * 1024;

std::string status_json(const KioskStatus& status);
// nullopt, with the reason in `error`, for anything that is not a status this program wrote.
std::optional<KioskStatus> parse_status(const std::string& text, std::string* error = nullptr);

// --- the fleet table ---
struct FleetRow {
    KioskStatus status;
    bool behind = false;  // its pack is older than the newest pack any kiosk reports
    bool silent = false;  // no report for an hour
};
// The name this kiosk goes by in the park: its status file (<host>.json) and the pack it publishes
// (<host>.pack). gethostname, or "kiosk" when it is empty or could not name a file.
std::string this_host_name();

// Sorted by host; `now` in unix seconds.
std::vector<FleetRow> fleet_rows(std::vector<KioskStatus> kiosks, long long now);
// A plain-text table with a line per kiosk and the marks spelled out (zh / en).
std::string fleet_table(const std::vector<FleetRow>& rows, long long now);

// Every *.json of `dir` (not following links, at most kMaxStatusBytes each); files that are not a
// status are listed in `skipped` with the reason. Throws std::runtime_error when `dir` cannot be
// read.
std::vector<KioskStatus> read_status_dir(const std::string& dir,
                                         std::vector<std::string>* skipped = nullptr);

// Starts of the kiosk program, kept in data_dir/starts.txt (one "unix_seconds clean|crash" line
// a start, the newest 200 kept): records this start and returns {starts, crashes} in the 24 h up
// to `now`. A start is a crash when the previous run left its marker behind.
struct StartCounts {
    int starts = 0, crashes = 0;
};
StartCounts record_start(const std::string& data_dir, long long now, bool after_crash);
StartCounts start_counts(const std::string& data_dir, long long now);

}  // namespace kiosk::update
