// What is installed in the data dir, and the crash-recovery trial of a newly imported pack.
// The runner calls: installed_pack_path() to pick the pack, note_start() once at start (before
// opening the pack), note_ran_well() after the kiosk has run well for a while.
#pragma once

#include <cstdint>
#include <string>

#include "kiosk/core/content_model.h"
#include "kiosk/update/durable.h"

namespace kiosk::update {

// data_dir/current.db when it is a regular file, else "" (then show the built-in pack).
std::string installed_pack_path(const std::string& data_dir);

// Starts in a row a new pack may fail to run well before the kiosk goes back to the previous one.
inline constexpr int kMaxTrialStarts = 3;

enum class StartVerdict {
    Normal,      // no pack on trial
    OnTrial,     // a new pack is on trial; this start is counted
    RolledBack,  // the new pack failed kMaxTrialStarts starts: previous pack (or built-in) restored
};
StartVerdict note_start(const std::string& data_dir);
// Ends the trial: the installed pack is now known to run well.
void note_ran_well(const std::string& data_dir);

// Puts previous.db back as current.db (the newer one is dropped). Throws RefusedError
// (NothingToRollBack) when there is no previous pack.
void rollback_pack(const std::string& data_dir, DurableSteps& steps);

// Trial record, kept in data_dir/pack-state: the inode of the pack on trial and starts counted.
struct TrialState {
    uint64_t trial_inode = 0;  // 0: no trial
    int starts = 0;
};
TrialState read_trial_state(const std::string& data_dir);
int write_trial_state(const std::string& data_dir, const TrialState& state, DurableSteps& steps);

struct InstalledStatus {
    bool installed = false;
    PackInfo info;
    std::string sha256;  // hex
    long long size = 0;
    bool on_trial = false;
    int trial_starts = 0;
    bool has_previous = false;
    int64_t previous_version = 0;
};
// Throws RefusedError when current.db exists but cannot be read.
InstalledStatus installed_status(const std::string& data_dir);

// Lowercase hex SHA-256 of a file; "" when it cannot be read.
std::string sha256_file(const std::string& path);

}  // namespace kiosk::update
