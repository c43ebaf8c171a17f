// Installed pack, trial state and rollback. The trial names the pack by inode, so a trial written
// just before a crash that never switched to the new pack is recognised as stale and ignored.
#include "kiosk/update/install_state.h"

#include <sys/stat.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "kiosk/update/digests.h"
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
    const std::string path = in_dir(data_dir, "current.db");
    return regular_file(path) ? path : std::string();
}

TrialState read_trial_state(const std::string& data_dir) {
    TrialState state;
    std::ifstream in(in_dir(data_dir, "pack-state"));
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
    return steps.replace_file(in_dir(data_dir, "pack-state"), text.str());
}

StartVerdict note_start(const std::string& data_dir) {
    TrialState state = read_trial_state(data_dir);
    if (state.trial_inode == 0) return StartVerdict::Normal;
    DurableSteps steps;
    struct stat st {};
    if (!regular_file(in_dir(data_dir, "current.db"), &st) || st.st_ino != state.trial_inode) {
        write_trial_state(data_dir, {}, steps);  // stale: the switch never happened
        return StartVerdict::Normal;
    }
    if (state.starts >= kMaxTrialStarts) {
        try {
            rollback_pack(data_dir, steps);
        } catch (const RefusedError&) {
            // No previous pack: drop the failing one so the built-in content shows.
            steps.unlink(in_dir(data_dir, "current.db"));
            steps.fsync_dir(data_dir);
        }
        write_trial_state(data_dir, {}, steps);
        return StartVerdict::RolledBack;
    }
    ++state.starts;
    write_trial_state(data_dir, state, steps);
    return StartVerdict::OnTrial;
}

void note_ran_well(const std::string& data_dir) {
    if (read_trial_state(data_dir).trial_inode == 0) return;
    DurableSteps steps;
    write_trial_state(data_dir, {}, steps);
}

void rollback_pack(const std::string& data_dir, DurableSteps& steps) {
    const std::string previous = in_dir(data_dir, "previous.db");
    if (!regular_file(previous))
        refuse(RefusalCode::NothingToRollBack, "there is no previous pack to go back to",
               "没有可以恢复的上一个内容包");
    int err = steps.rename(previous, in_dir(data_dir, "current.db"));
    if (!err) err = steps.fsync_dir(data_dir);
    if (err)
        refuse(RefusalCode::WriteFailed, std::string("going back failed: ") + std::strerror(err),
               std::string("恢复失败：") + std::strerror(err));
    write_trial_state(data_dir, {}, steps);
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
    const std::string previous = in_dir(data_dir, "previous.db");
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
