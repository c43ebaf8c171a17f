// Staff PIN: libsodium password hashing, the hash file, and the lockout after wrong PINs.
// Sections: hashing · the hash file · the lockout state file · the gate · messages
#include "kiosk/staff/staff_pin.h"

#include <fcntl.h>
#include <grp.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

namespace kiosk::staff {

namespace {
constexpr std::string_view kHashPrefix = "$argon2";  // what crypto_pwhash_str writes

void ensure_sodium() {
    if (sodium_init() < 0) throw PinError("libsodium could not start; the PIN cannot be checked");
}

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return "";
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

std::string file_error(const std::string& path, const std::string& what, int err) {
    return path + ": " + what + ": " + std::strerror(err);
}

std::string folder_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? "." : path.substr(0, std::max<size_t>(slash, 1));
}

// The whole file at once: temporary file, write, fsync, rename, fsync folder. `group` (when
// >= 0) is given to the file; failing to, when `group_required`, fails the write. Returns "" or
// the reason.
std::string write_file_atomically(const std::string& path, const std::string& text, mode_t mode,
                                  gid_t group = static_cast<gid_t>(-1),
                                  bool group_required = false) {
    const std::string tmp = path + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0) return file_error(tmp, "cannot create", errno);
    struct stat st {};
    bool ok = ::fstat(fd, &st) == 0;
    if (ok && group != static_cast<gid_t>(-1) && st.st_gid != group &&
        ::fchown(fd, static_cast<uid_t>(-1), group) != 0 && group_required)
        ok = false;
    ok = ok && ::fchmod(fd, mode) == 0 &&
         ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
         ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    if (!ok) {
        ::unlink(tmp.c_str());
        return file_error(tmp, "cannot write", saved);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return file_error(path, "cannot replace", err);
    }
    const int dfd = ::open(folder_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {  // the rename survives a power cut only once the folder is synced
        ::fsync(dfd);
        ::close(dfd);
    }
    return "";
}

// The kiosk user reads the hash through the group: keep the replaced file's group (required),
// else take the `kiosk` group, else the folder's.
gid_t pin_file_group(const std::string& path, bool* required) {
    struct stat st {};
    *required = ::stat(path.c_str(), &st) == 0;
    if (*required) return st.st_gid;
    if (const group* kiosk = ::getgrnam("kiosk")) return kiosk->gr_gid;
    if (::stat(folder_of(path).c_str(), &st) == 0) return st.st_gid;
    return static_cast<gid_t>(-1);
}

double system_seconds() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}
}  // namespace

// --- hashing ---

void check_pin_format(std::string_view pin) {
    const bool digits =
        std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || pin.size() < kMinPinDigits || pin.size() > kMaxPinDigits)
        throw PinError(
            "员工密码必须是 6 到 12 位数字（0-9）。/ A staff PIN must be 6 to 12 digits "
            "(0-9).");
}

std::string hash_pin(std::string_view pin) {
    check_pin_format(pin);
    ensure_sodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw PinError("could not hash the PIN: not enough memory");
    return out;
}

bool verify_pin(const std::string& hash, std::string_view pin) {
    if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES || pin.empty()) return false;
    if (sodium_init() < 0) return false;
    return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

// --- the hash file ---

std::string load_pin_hash(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return "";
    std::ostringstream text;
    text << in.rdbuf();
    std::string hash = trimmed(text.str());
    // Anything but a password hash would make every PIN "wrong" forever: treat it as no PIN.
    if (hash.rfind(kHashPrefix, 0) != 0 || hash.size() >= crypto_pwhash_STRBYTES) return "";
    return hash;
}

void store_pin_hash(const std::string& path, const std::string& hash) {
    if (hash.rfind(kHashPrefix, 0) != 0) throw PinError(path + ": refusing to store a non-hash");
    bool group_required = false;
    const gid_t group = pin_file_group(path, &group_required);
    const std::string error = write_file_atomically(path, hash + "\n", 0640, group, group_required);
    if (!error.empty()) throw PinError(error);
}

void set_pin_file(const std::string& path, std::string_view pin) {
    store_pin_hash(path, hash_pin(pin));
}

// --- the lockout state file ---

PinLockState load_pin_lock_state(const std::string& path) {
    PinLockState state;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        const auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        const std::string key = line.substr(0, eq);
        long long value = 0;
        try {
            value = std::stoll(line.substr(eq + 1));
        } catch (const std::exception&) {
            continue;
        }
        if (key == "failures") state.failures = static_cast<int>(std::clamp(value, 0LL, 99LL));
        if (key == "lockouts") state.lockouts = static_cast<int>(std::clamp(value, 0LL, 99LL));
        if (key == "locked_until") state.locked_until = std::max(value, 0LL);
    }
    return state;
}

std::string store_pin_lock_state(const std::string& path, const PinLockState& state) {
    std::ostringstream text;
    text << "failures=" << state.failures << "\nlockouts=" << state.lockouts
         << "\nlocked_until=" << state.locked_until << "\n";
    return write_file_atomically(path, text.str(), 0600);
}

// --- the gate ---

PinGate::PinGate(std::string hash, double now, std::string state_path, WallClock wall_clock)
    : hash_(std::move(hash)),
      state_path_(std::move(state_path)),
      wall_clock_(wall_clock ? std::move(wall_clock) : WallClock(system_seconds)) {
    if (state_path_.empty()) return;
    const PinLockState saved = load_pin_lock_state(state_path_);
    failures_ = std::min(saved.failures, kMaxFailures);
    lockouts_ = saved.lockouts;
    if (saved.locked_until > 0) {
        const double full = lockout_seconds(std::max(lockouts_, 1));
        const double left = static_cast<double>(saved.locked_until) - wall_clock_();
        locked_ = true;
        locked_until_ = now + std::clamp(left, 0.0, full);
        expire_lockout(now);
    }
}

double PinGate::lockout_seconds(int lockouts) {
    double seconds = kLockoutSeconds;
    for (int i = 1; i < lockouts && seconds < kMaxLockoutSeconds; ++i) seconds *= 2;
    return std::min(seconds, kMaxLockoutSeconds);
}

void PinGate::save(double locked_for) {
    if (state_path_.empty()) return;
    PinLockState state;
    state.failures = failures_;
    state.lockouts = lockouts_;
    if (locked_for > 0)
        state.locked_until = static_cast<int64_t>(std::ceil(wall_clock_() + locked_for));
    save_error_ = store_pin_lock_state(state_path_, state);
}

void PinGate::expire_lockout(double now) {
    if (locked_ && now >= locked_until_) {
        locked_ = false;
        failures_ = 0;  // a fresh set of tries after waiting
        save(0);
    }
}

PinResult PinGate::try_pin(std::string_view pin, double now) {
    if (!can_open()) return PinResult::NoPinSet;
    expire_lockout(now);
    if (locked_) return PinResult::LockedOut;  // not even checked: no guessing during lockout
    if (verify_pin(hash_, pin)) {
        const bool had_failures = failures_ > 0 || lockouts_ > 0;
        failures_ = 0;
        lockouts_ = 0;
        if (had_failures) save(0);
        return PinResult::Accepted;
    }
    if (++failures_ >= kMaxFailures) {
        ++lockouts_;
        const double length = lockout_seconds(lockouts_);
        locked_ = true;
        locked_until_ = now + length;
        save(length);
        return PinResult::LockedOut;
    }
    save(0);
    return PinResult::Wrong;
}

double PinGate::lockout_remaining(double now) const {
    if (!locked_ || now >= locked_until_) return 0;
    return std::min(lockout_seconds(std::max(lockouts_, 1)), locked_until_ - now);
}

int PinGate::attempts_left(double now) const {
    if (locked(now)) return 0;
    if (locked_) return kMaxFailures;  // the lockout has run out: full set on the next try
    return kMaxFailures - failures_;
}

// --- messages ---

namespace {
void minutes_seconds(double lockout_s, int* minutes, int* seconds) {
    const int total = static_cast<int>(std::ceil(std::max(0.0, lockout_s)));
    *minutes = total / 60;
    *seconds = total % 60;
}
}  // namespace

std::string PinGate::message_zh(PinResult r, int attempts_left, double lockout_s) {
    int m = 0, s = 0;
    switch (r) {
        case PinResult::Accepted:
            return "";
        case PinResult::Wrong:
            return "密码错误，还可以再试 " + std::to_string(attempts_left) + " 次。";
        case PinResult::LockedOut:
            minutes_seconds(lockout_s, &m, &s);
            return "密码错误次数过多，面板已锁定。请 " + std::to_string(m) + " 分 " +
                   std::to_string(s) + " 秒后再试。";
        case PinResult::NoPinSet:
            return "尚未设置管理员密码，管理面板无法打开。请联系系统管理员设置密码文件。";
    }
    return "";
}

std::string PinGate::message_en(PinResult r, int attempts_left, double lockout_s) {
    int m = 0, s = 0;
    switch (r) {
        case PinResult::Accepted:
            return "";
        case PinResult::Wrong:
            return "Wrong PIN. " + std::to_string(attempts_left) +
                   (attempts_left == 1 ? " try left." : " tries left.");
        case PinResult::LockedOut:
            minutes_seconds(lockout_s, &m, &s);
            return "Too many wrong PINs: the panel is locked. Try again in " + std::to_string(m) +
                   " min " + std::to_string(s) + " s.";
        case PinResult::NoPinSet:
            return "No staff PIN is set, so the panel cannot open. Ask the administrator to set "
                   "the PIN file.";
    }
    return "";
}

}  // namespace kiosk::staff
