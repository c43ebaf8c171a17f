// Staff PIN: libsodium password hashing, the hash file, and the lockout after wrong PINs.
// Sections: hashing · the hash file · the gate · messages
#include "kiosk/staff/staff_pin.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

namespace kiosk::staff {

namespace {
constexpr size_t kMinPinDigits = 4;
constexpr size_t kMaxPinDigits = 12;
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

[[noreturn]] void fail_file(const std::string& path, const std::string& what) {
    throw PinError(path + ": " + what + ": " + std::strerror(errno));
}
}  // namespace

// --- hashing ---

void check_pin_format(std::string_view pin) {
    const bool digits =
        std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || pin.size() < kMinPinDigits || pin.size() > kMaxPinDigits)
        throw PinError("a staff PIN must be 4 to 12 digits (0-9)");
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
    const std::string tmp = path + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) fail_file(tmp, "cannot create");
    const std::string line = hash + "\n";
    const bool ok = ::fchmod(fd, 0600) == 0 &&
                    ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                    ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    if (!ok) {
        ::unlink(tmp.c_str());
        errno = saved;
        fail_file(tmp, "cannot write");
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        errno = err;
        fail_file(path, "cannot replace");
    }
    const auto slash = path.find_last_of('/');
    const std::string dir =
        slash == std::string::npos ? "." : path.substr(0, std::max<size_t>(slash, 1));
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {  // the rename survives a power cut only once the directory is synced
        ::fsync(dfd);
        ::close(dfd);
    }
}

void set_pin_file(const std::string& path, std::string_view pin) {
    store_pin_hash(path, hash_pin(pin));
}

// --- the gate ---

PinGate::PinGate(std::string hash) : hash_(std::move(hash)) {}

void PinGate::expire_lockout(double now) {
    if (locked_ && now >= locked_until_) {
        locked_ = false;
        failures_ = 0;  // a fresh set of tries after waiting
    }
}

PinResult PinGate::try_pin(std::string_view pin, double now) {
    if (!can_open()) return PinResult::NoPinSet;
    expire_lockout(now);
    if (locked_) return PinResult::LockedOut;  // not even checked: no guessing during lockout
    if (verify_pin(hash_, pin)) {
        failures_ = 0;
        return PinResult::Accepted;
    }
    if (++failures_ >= kMaxFailures) {
        locked_ = true;
        locked_until_ = now + kLockoutSeconds;
        return PinResult::LockedOut;
    }
    return PinResult::Wrong;
}

double PinGate::lockout_remaining(double now) const {
    if (!locked_ || now >= locked_until_) return 0;
    return std::min(kLockoutSeconds, locked_until_ - now);
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
