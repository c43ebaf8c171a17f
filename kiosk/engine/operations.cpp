// Unattended operation glue; see operations.h.
#include "kiosk/engine/operations.h"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <ctime>
#include <exception>

#include "kiosk/logging/log.h"
#include "platform/glfw/display_power.h"

namespace kiosk::engine {
namespace {
constexpr double kBusyCheckS = 0.1;  // while a stick job runs: progress and stalls
constexpr double kHoursCheckS = 20;  // with opening hours: is the display due on or off
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
      health_(config),
      sticks_(config, main_thread_, installed_),
      workbooks_(config, main_thread_, installed_),
      staff_(config, main_thread_, installed_, sticks_, health_, workbooks_) {
    sticks_.on_workbook = [this](const platform::StickFound& s) { workbooks_.stick_found(s); };
    sticks_.on_gone = [this](const std::string& mount) { workbooks_.stick_gone(mount); };
    try {
        staff::OpeningHours hours(config_.open_from, config_.open_until);
        if (!hours.always_open()) wake_.emplace(hours, config_.after_hours_wake_min);
    } catch (const std::exception& e) {
        log_error(std::string("opening hours ignored, the display stays on: ") + e.what());
    }
}

std::string Operations::startup_pack_path() {
    const std::string installed = health_.note_start();
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

}  // namespace kiosk::engine
