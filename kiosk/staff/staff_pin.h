// The staff PIN: stored only as a libsodium password hash; five wrong PINs lock the panel, for
// five minutes the first time and twice as long each time it happens again (up to four hours).
// The wrong tries and the lockout are kept in a small state file in the data dir, so a restart
// gives no fresh tries. A missing or empty hash file means the panel cannot open at all.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kiosk::staff {

class PinError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

inline constexpr std::size_t kMinPinDigits = 6;
inline constexpr std::size_t kMaxPinDigits = 12;

// A PIN is 6 to 12 digits (the on-screen keypad has digits only). Throws PinError otherwise.
void check_pin_format(std::string_view pin);
// crypto_pwhash_str with the interactive limits. Throws PinError for a bad PIN or out of memory.
std::string hash_pin(std::string_view pin);
// False for a wrong PIN and for anything that is not a valid hash; never throws.
bool verify_pin(const std::string& hash, std::string_view pin);

// The hash stored in `path`, trimmed; "" when the file is missing, unreadable or empty.
std::string load_pin_hash(const std::string& path);
// Writes the hash to `path` atomically (temporary file, fsync, rename, fsync folder), mode 0640,
// so that the kiosk user reads it through the group: the group of the file it replaces, else the
// `kiosk` group when there is one, else the folder's. Throws PinError naming the file and reason.
void store_pin_hash(const std::string& path, const std::string& hash);
// hash_pin + store_pin_hash: what an admin runs to set or change the PIN.
void set_pin_file(const std::string& path, std::string_view pin);

enum class PinResult {
    Accepted,   // open the panel
    Wrong,      // wrong PIN, attempts_left() more tries before the lockout
    LockedOut,  // too many wrong PINs: wait lockout_remaining() seconds
    NoPinSet,   // no hash configured: the panel cannot open
};

// What survives a restart (the state file): wrong tries since the last lockout or right PIN,
// lockouts in a row since the last right PIN, and the wall-clock end of the current lockout.
struct PinLockState {
    int failures = 0;
    int lockouts = 0;
    int64_t locked_until = 0;  // seconds since the epoch; 0 = not locked
};
PinLockState load_pin_lock_state(const std::string& path);  // zeros when missing or unreadable
// Atomic like store_pin_hash; returns "" or the reason it could not be written.
std::string store_pin_lock_state(const std::string& path, const PinLockState& state);

class PinGate {
  public:
    static constexpr int kMaxFailures = 5;
    static constexpr double kLockoutSeconds = 300.0;          // the first lockout
    static constexpr double kMaxLockoutSeconds = 4 * 3600.0;  // doubling stops here
    // Seconds since the epoch; only for the state file (the running lockout uses `now`).
    using WallClock = std::function<double()>;

    // hash "" = no PIN set. now: monotonic seconds. state_path "" = kept in memory only.
    // A lockout read from the state file lasts what is left of it by the wall clock, but never
    // more than its full length: a clock set back cannot lock the panel for good, and the tries
    // and lockouts counted do not depend on the clock at all.
    explicit PinGate(std::string hash, double now = 0, std::string state_path = "",
                     WallClock wall_clock = {});
    static PinGate from_file(const std::string& path) { return PinGate(load_pin_hash(path)); }

    bool can_open() const { return !hash_.empty(); }
    PinResult try_pin(std::string_view pin, double now);  // now: monotonic seconds
    double lockout_remaining(double now) const;           // 0 when not locked
    bool locked(double now) const { return lockout_remaining(now) > 0; }
    int attempts_left(double now) const;
    // How long the lockout lasts after `lockouts` lockouts in a row (1 = the first).
    static double lockout_seconds(int lockouts);
    // The reason the last change could not be saved to the state file ("" = saved or no file).
    const std::string& save_error() const { return save_error_; }
    // Plain bilingual message for the keypad, saying what to do next ("" after Accepted).
    static std::string message_zh(PinResult r, int attempts_left, double lockout_s);
    static std::string message_en(PinResult r, int attempts_left, double lockout_s);

  private:
    void expire_lockout(double now);
    void save(double locked_for);

    std::string hash_;
    std::string state_path_;
    WallClock wall_clock_;
    int failures_ = 0;
    int lockouts_ = 0;
    double locked_until_ = 0;  // monotonic
    bool locked_ = false;
    std::string save_error_;
};

}  // namespace kiosk::staff
