// Readiness, watchdog, frame rate and the trial of a new pack; see health_monitor.h.
#include "kiosk/engine/health_monitor.h"

#include <algorithm>
#include <cstring>
#include <exception>

#include "kiosk/logging/log.h"
#include "kiosk/update/install_state.h"

namespace kiosk::engine {
namespace {
constexpr double kRanWellAfterS = 120;  // a pack that ran this long is no longer on trial
}  // namespace

HealthMonitor::HealthMonitor(const Config& config) : data_dir_(config.data_dir) {}

HealthMonitor::~HealthMonitor() {
    notifier_.stopping();
}

std::string HealthMonitor::note_start() {
    try {
        switch (update::note_start(data_dir_)) {
            case update::StartVerdict::RolledBack:
                went_back_ = true;
                log_warn(
                    "the new content pack failed 3 starts in a row: went back to the "
                    "previous one");
                break;
            case update::StartVerdict::NotCounted:
                log_error(
                    "this start of the new content pack could not be recorded (disk full "
                    "or failing?), so a crash loop would go unnoticed: went back to the "
                    "previous pack");
                went_back_ = true;
                break;
            case update::StartVerdict::RevertFailed:
                log_error("going back from the new content pack failed: it stays installed");
                break;
            case update::StartVerdict::Busy:
                log_warn(
                    "an import is running on the data folder: the trial start is not "
                    "counted this time");
                break;
            case update::StartVerdict::Normal:
            case update::StartVerdict::OnTrial:
                break;
        }
        return update::installed_pack_path(data_dir_);
    } catch (const std::exception& e) {
        log_error(std::string("install state: ") + e.what());
        return {};
    }
}

void HealthMonitor::first_frame_shown() {
    notifier_.ready();
    log_info("first frame shown");
}

void HealthMonitor::loop_turn(double now) {
    if (started_ == 0) started_ = frames_window_start_ = now;
    notifier_.watchdog_tick(now);
    if (now - frames_window_start_ >= 2.0) {
        fps_ = double(frames_ - frames_at_window_) / (now - frames_window_start_);
        frames_at_window_ = frames_;
        frames_window_start_ = now;
    }
    if (!ran_well_noted_ && now - started_ >= kRanWellAfterS) {
        ran_well_noted_ = true;
        try {
            if (const int err = update::note_ran_well(data_dir_))
                log_error(std::string("the new content pack ran well, but recording that "
                                      "failed (later restarts may roll it back): ") +
                          std::strerror(err));
        } catch (const std::exception& e) {
            log_error(std::string("install state: ") + e.what());
        }
    }
}

double HealthMonitor::seconds_until_due(double now) const {
    const double ping = notifier_.seconds_until_next_ping(now);
    if (ran_well_noted_) return ping;
    const double trial = std::max(0.0, started_ + kRanWellAfterS - now);
    return ping < 0 ? trial : std::min(ping, trial);
}

void HealthMonitor::stopping() {
    notifier_.stopping();
}

}  // namespace kiosk::engine
