// Installed pack, trial state, rollback, the version high-water mark and import.lock. The trial
// names the pack by inode, so a trial written just before a crash that never switched to the new
// pack is recognised as stale and ignored.
#include "kiosk/update/install_state.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "kiosk/update/digests.h"
#include "kiosk/update/importer.h"
#include "kiosk/update/pack_validator.h"
#include "kiosk/update/refusal.h"

namespace kiosk::update {
namespace {

std::string in_dir(const std::string& dir, const char* name) {
    return dir + "/" + name;
}

bool regular_file(const std::string& path, struct stat* st = nullptr) {
    struct stat local {};
    struct stat* s = st ? st : &local;
    return ::lstat(path.c_str(), s) == 0 && S_ISREG(s->st_mode);
}

}  // namespace

std::string installed_pack_path(const std::string& data_dir) {
    const std::string path = in_dir(data_dir, kCurrentPackName);
    return regular_file(path) ? path : std::string();
}

TrialState read_trial_state(const std::string& data_dir) {
    TrialState state;
    std::ifstream in(in_dir(data_dir, kStateName));
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string key;
        if (!std::getline(words, key, '=')) continue;
        if (key == "trial_inode") words >> state.trial_inode;
        if (key == "starts") words >> state.starts;
    }
    if (state.starts < 0) state.starts = 0;
    return state;
}

int write_trial_state(const std::string& data_dir, const TrialState& state, DurableSteps& steps) {
    std::ostringstream text;
    text << "trial_inode=" << state.trial_inode << "\nstarts=" << state.starts << "\n";
    return steps.replace_file(in_dir(data_dir, kStateName), text.str());
}

// --- import.lock ---

ImportLock::ImportLock(const std::string& data_dir) {
    const std::string path = in_dir(data_dir, kLockName);
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd_ < 0) fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd_ < 0) {
        error_ = errno;
        return;
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        error_ = errno;
        ::close(fd_);
        fd_ = -1;
    }
}

ImportLock::~ImportLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

Refusal ImportLock::refusal() const {
    if (busy())
        return make_refusal(RefusalCode::WriteFailed,
                            "another import or rollback is running on this data folder",
                            "另一个导入或回滚正在进行");
    return make_refusal(RefusalCode::WriteFailed,
                        std::string("the data folder cannot be locked: ") + std::strerror(error_),
                        std::string("无法锁定数据文件夹：") + std::strerror(error_));
}

void ImportLock::require() const {
    if (!held()) throw RefusedError(refusal());
}

// --- version high-water mark ---

int64_t read_version_high_water(const std::string& data_dir) {
    std::ifstream in(in_dir(data_dir, kHighWaterName));
    long long version = 0;
    if (!(in >> version) || version < 0) return 0;
    return version;
}

int write_version_high_water(const std::string& data_dir, int64_t version, DurableSteps& steps) {
    return steps.replace_file(in_dir(data_dir, kHighWaterName), std::to_string(version) + "\n");
}

int64_t version_floor(const std::string& data_dir) {
    int64_t installed = 0;
    const std::string current = installed_pack_path(data_dir);
    if (!current.empty()) {
        try {
            installed = read_pack_info(current).pack_version;
        } catch (const RefusedError&) {
            installed = 0;  // unreadable: the high-water mark still holds the floor
        }
    }
    return std::max(installed, read_version_high_water(data_dir));
}

// --- trial and rollback ---
namespace {

void rollback_locked(const std::string& data_dir, DurableSteps& steps) {
    const std::string previous = in_dir(data_dir, kPreviousPackName);
    const std::string current = in_dir(data_dir, kCurrentPackName);
    if (!regular_file(previous))
        refuse(RefusalCode::NothingToRollBack, "there is no previous pack to go back to",
               "没有可以恢复的上一个内容包");
    int err = 0;
    // Keep the floor: the pack dropped here must not come back without --force.
    int64_t dropped = 0;
    try {
        if (regular_file(current)) dropped = read_pack_info(current).pack_version;
    } catch (const RefusedError&) {
        dropped = 0;
    }
    if (dropped > read_version_high_water(data_dir))
        err = write_version_high_water(data_dir, dropped, steps);
    if (!err) err = steps.rename(previous, current);
    if (!err) err = steps.fsync_dir(data_dir);
    if (err)
        refuse(RefusalCode::WriteFailed, std::string("going back failed: ") + std::strerror(err),
               std::string("恢复失败：") + std::strerror(err));
    write_trial_state(data_dir, {}, steps);  // a stale trial is ignored anyway (other inode)
}

// After a failed trial: the previous pack, or none (built-in content) when there is none.
bool revert_trial(const std::string& data_dir, DurableSteps& steps) {
    try {
        rollback_locked(data_dir, steps);
        return true;
    } catch (const RefusedError& e) {
        if (e.refusal.code != RefusalCode::NothingToRollBack) return false;
    }
    int err = steps.unlink(in_dir(data_dir, kCurrentPackName));
    if (!err) err = steps.fsync_dir(data_dir);
    write_trial_state(data_dir, {}, steps);
    return err == 0;
}

}  // namespace

StartVerdict note_start(const std::string& data_dir, const StepHook& hook) {
    struct stat dir {};
    if (::stat(data_dir.c_str(), &dir) != 0) return StartVerdict::Normal;  // nothing imported yet
    const ImportLock lock(data_dir);
    if (lock.busy()) return StartVerdict::Busy;
    DurableSteps steps(hook);
    steps.unlink(in_dir(data_dir, kStagingName));  // an import cut short: only takes room
    TrialState state = read_trial_state(data_dir);
    if (state.trial_inode == 0) return StartVerdict::Normal;
    struct stat st {};
    if (!regular_file(in_dir(data_dir, kCurrentPackName), &st) || st.st_ino != state.trial_inode) {
        write_trial_state(data_dir, {}, steps);  // stale: the switch never happened
        return StartVerdict::Normal;
    }
    if (state.starts >= kMaxTrialStarts)
        return revert_trial(data_dir, steps) ? StartVerdict::RolledBack
                                             : StartVerdict::RevertFailed;
    ++state.starts;
    if (write_trial_state(data_dir, state, steps) != 0)
        return revert_trial(data_dir, steps) ? StartVerdict::NotCounted
                                             : StartVerdict::RevertFailed;
    return StartVerdict::OnTrial;
}

int note_ran_well(const std::string& data_dir) {
    if (read_trial_state(data_dir).trial_inode == 0) return 0;
    DurableSteps steps;
    return write_trial_state(data_dir, {}, steps);
}

void rollback_pack(const std::string& data_dir, DurableSteps& steps) {
    const ImportLock lock(data_dir);
    lock.require();
    rollback_locked(data_dir, steps);
}

InstalledStatus installed_status(const std::string& data_dir) {
    InstalledStatus status;
    const std::string current = installed_pack_path(data_dir);
    if (!current.empty()) {
        status.installed = true;
        status.info = read_pack_info(current);
        status.sha256 = sha256_file(current);
        struct stat st {};
        ::stat(current.c_str(), &st);
        status.size = st.st_size;
        const TrialState trial = read_trial_state(data_dir);
        status.on_trial = trial.trial_inode != 0 && trial.trial_inode == st.st_ino;
        status.trial_starts = status.on_trial ? trial.starts : 0;
    }
    const std::string previous = in_dir(data_dir, kPreviousPackName);
    if (regular_file(previous)) {
        status.has_previous = true;
        try {
            status.previous_version = read_pack_info(previous).pack_version;
        } catch (const RefusedError&) {
            status.previous_version = 0;
        }
    }
    return status;
}

std::string sha256_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return "";
    Sha256 sha;
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        sha.update(buf.data(), static_cast<size_t>(in.gcount()));
    }
    return sha.finish_hex();
}

}  // namespace kiosk::update
