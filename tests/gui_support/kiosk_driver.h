// Drives the real kiosk binary for GUI tests: spawns it with `--replay -`, waits for `ready`,
// sends replay commands and waits for their `ok`, reads the state JSON, taps targets by id/label.
// Every wait has a timeout; failures throw std::runtime_error saying what was expected and what the
// kiosk printed. The child is killed when the driver goes away.
#pragma once

#include <sys/types.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::testing {

// build/bin/kiosk of this build tree.
std::string default_kiosk_binary();

// What a finished process printed.
struct ExitResult {
    int status = -1;  // exit code, or 128+signal
    std::string out, err;
};
// Runs the binary with args to completion (stdin closed); kills it after timeout_s.
ExitResult run_to_exit(const std::vector<std::string>& args, double timeout_s = 60,
                       const std::string& binary = default_kiosk_binary());

class KioskDriver {
  public:
    // Starts binary with args plus `--replay -` and waits for `ready <ms>`.
    explicit KioskDriver(std::vector<std::string> args,
                         const std::string& binary = default_kiosk_binary(),
                         double ready_timeout_s = 90);
    ~KioskDriver();
    KioskDriver(const KioskDriver&) = delete;
    KioskDriver& operator=(const KioskDriver&) = delete;

    double ready_ms() const { return ready_ms_; }
    pid_t pid() const { return pid_; }

    // Sends one command; returns the reply line (`ok ...` or `error ...`). Throws on timeout/exit.
    std::string send_raw(const std::string& command, double timeout_s = 60);
    // Sends one command and requires `ok <command>`; throws with the error text otherwise.
    void send(const std::string& command, double timeout_s = 60);
    // Sends several commands in one write (the kiosk runs them in order) and waits for the `ok`
    // of the last one, which must be unlike the others; returns the `error` lines printed
    // meanwhile. One round trip for many commands: long runs such as the soak.
    std::vector<std::string> send_batch(const std::vector<std::string>& commands,
                                        double timeout_s = 60);

    nlohmann::json state();
    void shot(const std::string& path) { send("shot " + path); }
    void tap(float x, float y) { send("tap " + std::to_string(x) + " " + std::to_string(y)); }
    void drag(float x1, float y1, float x2, float y2, int ms);
    void wait(int ms) { send("wait " + std::to_string(ms)); }

    // The target whose id equals key, else whose label equals key; nullopt when none.
    static std::optional<nlohmann::json> find_target(const nlohmann::json& state,
                                                     const std::string& key);
    // Taps the centre of that target on the current screen; throws listing the ids on screen.
    void tap_target(const std::string& id_or_label);

    // Reads the state until `pred` holds, waiting `step_ms` between reads, at most `tries` times
    // (things driven by other threads: a stick import, a slow machine). Returns the last state.
    nlohmann::json wait_for_state(const std::function<bool(const nlohmann::json&)>& pred,
                                  int tries = 80, int step_ms = 500);

    // Reads the state until two reads 150 ms apart show the same targets in the same places: a
    // fling has come to rest. A tap on a moving page only stops it, as on a phone.
    nlohmann::json settled_state(int tries = 30);

    // Sends quit and waits for the exit status.
    int quit(double timeout_s = 30);
    // Everything the kiosk wrote to stderr so far.
    const std::string& stderr_text() const { return err_; }
    // A private folder for this driver's files (removed at the end).
    const std::string& work_dir() const { return dir_; }

  private:
    bool read_some(double timeout_s);  // false when the child closed both pipes
    std::string describe() const;

    pid_t pid_ = -1;
    int in_ = -1, out_ = -1, errfd_ = -1;
    std::string out_buf_, err_, err_pending_;
    std::vector<std::string> out_lines_, err_lines_;
    double ready_ms_ = -1;
    int exit_status_ = -1;
    std::string dir_;
    int state_count_ = 0;
};

}  // namespace kiosk::testing
