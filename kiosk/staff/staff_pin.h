// The staff PIN: stored only as a libsodium password hash; five wrong PINs lock the panel for five
// minutes. A missing or empty hash file means the panel cannot open at all.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace kiosk::staff {

class PinError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// A PIN is 4 to 12 digits (the on-screen keypad has digits only). Throws PinError otherwise.
void check_pin_format(std::string_view pin);
// crypto_pwhash_str with the interactive limits. Throws PinError for a bad PIN or out of memory.
std::string hash_pin(std::string_view pin);
// False for a wrong PIN and for anything that is not a valid hash; never throws.
bool verify_pin(const std::string& hash, std::string_view pin);

// The hash stored in `path`, trimmed; "" when the file is missing, unreadable or empty.
std::string load_pin_hash(const std::string& path);
// Writes the hash to `path` with mode 0600, atomically (temporary file, fsync, rename).
// Throws PinError naming the file and the reason.
void store_pin_hash(const std::string& path, const std::string& hash);
// hash_pin + store_pin_hash: what an admin runs to set or change the PIN.
void set_pin_file(const std::string& path, std::string_view pin);

enum class PinResult {
    Accepted,   // open the panel
    Wrong,      // wrong PIN, attempts_left() more tries before the lockout
    LockedOut,  // too many wrong PINs: wait lockout_remaining() seconds
    NoPinSet,   // no hash configured: the panel cannot open
};

class PinGate {
  public:
    static constexpr int kMaxFailures = 5;
    static constexpr double kLockoutSeconds = 300.0;

    explicit PinGate(std::string hash);  // "" = no PIN set
    static PinGate from_file(const std::string& path) { return PinGate(load_pin_hash(path)); }

    bool can_open() const { return !hash_.empty(); }
    PinResult try_pin(std::string_view pin, double now);  // now: monotonic seconds
    double lockout_remaining(double now) const;           // 0 when not locked
    bool locked(double now) const { return lockout_remaining(now) > 0; }
    int attempts_left(double now) const;
    // Plain bilingual message for the keypad, saying what to do next ("" after Accepted).
    static std::string message_zh(PinResult r, int attempts_left, double lockout_s);
    static std::string message_en(PinResult r, int attempts_left, double lockout_s);

  private:
    void expire_lockout(double now);

    std::string hash_;
    int failures_ = 0;
    double locked_until_ = 0;
    bool locked_ = false;
};

}  // namespace kiosk::staff
