// What is installed in the data dir, the crash-recovery trial of a newly imported pack, the
// version high-water mark, and the lock that lets one change at a time into the data dir.
// The runner calls: installed_pack_path() to pick the pack, note_start() once at start (before
// opening the pack), note_ran_well() after the kiosk has run well for a while.
#pragma once

#include <cerrno>
#include <cstdint>
#include <string>

#include "kiosk/core/content_model.h"
#include "kiosk/update/durable.h"
#include "kiosk/update/refusal.h"

namespace kiosk::update {

// data_dir/current.db when it is a regular file, else "" (then show the built-in pack).
std::string installed_pack_path(const std::string& data_dir);

inline constexpr const char* kLockName = "import.lock";
inline constexpr const char* kHighWaterName = "version-high-water";

// One import, rollback or start-up revert at a time per data dir (the kiosk and the CLI may both
// try): an flock on data_dir/import.lock, taken without waiting and held while this lives.
class ImportLock {
  public:
    explicit ImportLock(const std::string& data_dir);
    ~ImportLock();
    ImportLock(const ImportLock&) = delete;
    ImportLock& operator=(const ImportLock&) = delete;
    bool held() const { return fd_ >= 0; }
    bool busy() const { return error_ == EWOULDBLOCK; }  // someone else holds it
    // Why the lock is not held (WriteFailed: busy, or the errno), and the same thrown.
    Refusal refusal() const;
    void require() const;

  private:
    int fd_ = -1;
    int error_ = 0;
};

// Starts in a row a new pack may fail to run well before the kiosk goes back to the previous one.
inline constexpr int kMaxTrialStarts = 3;

enum class StartVerdict {
    Normal,      // no pack on trial
    OnTrial,     // a new pack is on trial; this start is counted
    RolledBack,  // the new pack failed kMaxTrialStarts starts: previous pack (or built-in) restored
    // This start of the pack on trial could not be recorded, so a crash loop would never be
    // noticed: went back to the previous pack (or built-in) as after a failed trial.
    NotCounted,
    RevertFailed,  // going back (RolledBack or NotCounted) failed: the pack on trial stays
    Busy,          // an import holds import.lock: nothing checked or counted this start
};
// Also removes a staging file left by an import cut short. `hook`: for tests, as in importer.h.
StartVerdict note_start(const std::string& data_dir, const StepHook& hook = {});
// Ends the trial: the installed pack is now known to run well. Returns 0 or an errno value.
int note_ran_well(const std::string& data_dir);

// Puts previous.db back as current.db (the newer one is dropped), under import.lock. The version
// floor stays: the high-water mark is first raised to the dropped pack's version, so the pack
// rolled back from is still refused (only a forced import lowers the mark). Throws RefusedError:
// NothingToRollBack when there is no previous pack, WriteFailed when busy or a write failed.
void rollback_pack(const std::string& data_dir, DurableSteps& steps);

// The newest pack version ever installed here, kept in data_dir/version-high-water; 0 when none.
int64_t read_version_high_water(const std::string& data_dir);
// Writes the mark durably (temp file, fsync, rename, fsync dir). Returns 0 or an errno value.
int write_version_high_water(const std::string& data_dir, int64_t version, DurableSteps& steps);
// What an import must exceed unless forced: max(high-water mark, installed version), so neither
// a missing or damaged current.db nor a rollback opens the door to an older pack.
int64_t version_floor(const std::string& data_dir);

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
