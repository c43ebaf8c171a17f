// Unattended operation glue; see operations.h.
#include "kiosk/engine/operations.h"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <ctime>
#include <exception>
#include <filesystem>
#include <fstream>

#include "kiosk/logging/log.h"
#include "platform/glfw/display_power.h"

namespace kiosk::engine {
namespace {
constexpr double kBusyCheckS = 0.1;  // while a stick job runs: progress and stalls
constexpr double kHoursCheckS = 20;  // with opening hours: is the display due on or off

// Present while a kiosk runs; found at start, the last run did not end cleanly (a crash, the
// watchdog, a power cut).
std::string running_marker(const Config& config) {
    return config.data_dir + "/kiosk-running";
}

bool previous_run_crashed(const Config& config) {
    std::error_code ec;
    return std::filesystem::exists(running_marker(config), ec);
}

std::unique_ptr<stats::StatsRecorder> make_recorder(const Config& config, bool after_crash) {
    if (!config.visitor_statistics) return nullptr;
    stats::StatsRecorder::Options o;
    o.path = config.data_dir + "/stats.db";
    auto recorder = std::make_unique<stats::StatsRecorder>(o);
    if (after_crash) recorder->health("crash");
    recorder->health("start");
    return recorder;
}
}  // namespace

Operations::LogSession::LogSession(const std::string& data_dir) {
    log_open(data_dir);
    log_info(std::string("kiosk ") + kAppVersion + " starting");
}

Operations::LogSession::~LogSession() {
    log_info("kiosk stopping");
    log_close();
}

Operations::Operations(const Config& config)
    : config_(config),
      log_(config.data_dir),
      after_crash_(previous_run_crashed(config)),
      stats_(make_recorder(config, after_crash_)),
      health_(config),
      sticks_(config, main_thread_, installed_),
      workbooks_(config, main_thread_, installed_),
      staff_(config, main_thread_, installed_, sticks_, health_, workbooks_, stats_.get()),
      sync_(config, main_thread_, installed_) {
    update::record_start(config_.data_dir, std::time(nullptr), after_crash_);
    std::ofstream(running_marker(config_)) << "the kiosk runs\n";
    if (stats_) installed_.on_event = [this](const std::string& e) { stats_->health(e); };
    sticks_.on_workbook = [this](const platform::StickFound& s) { workbooks_.stick_found(s); };
    sticks_.on_gone = [this](const std::string& mount) { workbooks_.stick_gone(mount); };
    try {
        staff::OpeningHours hours(config_.open_from, config_.open_until);
        if (!hours.always_open()) wake_.emplace(hours, config_.after_hours_wake_min);
    } catch (const std::exception& e) {
        log_error(std::string("opening hours ignored, the display stays on: ") + e.what());
    }
}

Operations::~Operations() {
    std::error_code ec;
    std::filesystem::remove(running_marker(config_), ec);
}

std::string Operations::startup_pack_path() {
    const std::string installed = health_.note_start();
    if (health_.went_back()) installed_.note("rollback");
    installed_.read_version(config_.data_dir);
    return installed.empty() ? config_.builtin_pack : installed;
}

void Operations::attach(RunOptions* options) {
    options->main_thread = main_thread_;
    options->hooks.on_ready = [this] { health_.first_frame_shown(); };
    options->hooks.on_frame = [this](double) { health_.frame_drawn(); };
    options->hooks.on_loop = [this](double now) { loop_turn(now); };
    options->hooks.next_wakeup_s = [this](double now) { return seconds_until_due(now); };
    options->hooks.take_new_content = [this] { return std::move(installed_.to_show); };
    options->hooks.on_input = [this](double now) {
        if (wake_) wake_->touch(now);
    };
    options->hooks.display_asleep = [this] { return !display_on_; };
    options->hooks.configure_services = [this](ui::AppServices& services) {
        services.staff = &staff_;
        staff_.set_render_path(services.render_path);
        if (stats_)
            services.record_visits = [this](stats::StatsBatch b) { stats_->add(std::move(b)); };
        services.import_overlay = [this] {
            ui::ImportOverlay o = sticks_.overlay();
            return o.visible ? o : workbooks_.overlay();
        };
    };
    sticks_.start_watching();
}

void Operations::loop_turn(double now) {
    health_.loop_turn(now);
    follow_opening_hours(now);
    log_statistics_opened();
    count_display_time(now);
    sync_.loop_turn(glfwGetTime(), display_on_);
    staff_.loop_turn();
    sticks_.loop_turn(now);
    workbooks_.loop_turn(now);
}

// The earliest of what the parts wait for (negative: nothing).
double Operations::seconds_until_due(double now) const {
    double due = health_.seconds_until_due(now);
    const auto consider = [&due](double seconds) {
        due = due < 0 ? seconds : std::min(due, seconds);
    };
    if (sticks_.importing() || staff_.exporting() || workbooks_.busy()) consider(kBusyCheckS);
    if (wake_) consider(kHoursCheckS);
    return due;
}

void Operations::follow_opening_hours(double now) {
    if (!wake_) return;
    const bool on = wake_->display_on(staff::local_minute_of_day(std::time(nullptr)), now);
    if (on == display_on_) return;
    display_on_ = on;
    platform::set_display_power(glfwGetCurrentContext(), on);
    log_info(on ? "display on (opening hours or a touch)" : "display off: outside opening hours");
}

// Once the recorder's worker has opened stats.db: whether it records, set a file aside, or is off.
void Operations::log_statistics_opened() {
    if (!stats_ || stats_opening_logged_ || !stats_->opened()) return;
    stats_opening_logged_ = true;
    const std::string note = stats_->note();
    if (note.empty())
        log_info("visitor statistics: recording");
    else
        log_warn("visitor statistics: " + note);
}

// Whole minutes with the display on go to the statistics, in the hour they end in.
void Operations::count_display_time(double now) {
    if (!stats_) return;
    if (display_counted_at_ >= 0 && display_on_) display_on_s_ += now - display_counted_at_;
    display_counted_at_ = now;
    if (display_on_s_ < 60) return;
    const int minutes = static_cast<int>(display_on_s_ / 60);
    stats_->health("display_on_minutes", minutes);
    display_on_s_ -= minutes * 60.0;
}

}  // namespace kiosk::engine
