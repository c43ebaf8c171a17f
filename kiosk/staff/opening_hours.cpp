// Opening hours and the after-hours wake: pure functions of the local minute of the day.
#include "kiosk/staff/opening_hours.h"

#include <cmath>
#include <string>

namespace kiosk::staff {

namespace {
constexpr int kMinutesPerDay = 24 * 60;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
}  // namespace

int parse_hhmm(std::string_view text, std::string_view what) {
    auto fail = [&]() -> int {
        throw OpeningHoursError(std::string(what) + ": \"" + std::string(text) +
                                "\" is not a time of day; write HH:MM from 00:00 to 23:59, "
                                "e.g. \"09:30\"");
    };
    const auto colon = text.find(':');
    if (colon == std::string_view::npos || colon < 1 || colon > 2 || text.size() != colon + 3)
        return fail();
    for (size_t i = 0; i < text.size(); ++i)
        if (i != colon && !is_digit(text[i])) return fail();
    const int hours = std::stoi(std::string(text.substr(0, colon)));
    const int minutes = std::stoi(std::string(text.substr(colon + 1)));
    if (minutes > 59) return fail();
    if (hours == 24 && minutes == 0) return 0;  // "until 24:00" means until midnight
    if (hours > 23) return fail();
    return hours * 60 + minutes;
}

int local_minute_of_day(std::time_t when) {
    std::tm local{};
    localtime_r(&when, &local);
    return local.tm_hour * 60 + local.tm_min;
}

OpeningHours::OpeningHours(std::string_view from, std::string_view until)
    : from_(parse_hhmm(from, "open_from")), until_(parse_hhmm(until, "open_until")) {}

bool OpeningHours::is_open(int minute_of_day) const {
    if (always_open()) return true;
    const int m = ((minute_of_day % kMinutesPerDay) + kMinutesPerDay) % kMinutesPerDay;
    if (from_ < until_) return m >= from_ && m < until_;
    return m >= from_ || m < until_;  // overnight, e.g. 18:00–02:00
}

WakeState::WakeState(OpeningHours hours, double wake_minutes)
    : hours_(hours), wake_s_(wake_minutes * 60.0) {
    if (!(wake_minutes >= 0) || !std::isfinite(wake_minutes))
        throw std::invalid_argument("after-hours wake must be zero or more minutes");
}

void WakeState::touch(double now_s) {
    awake_until_ = now_s + wake_s_;
}

double WakeState::awake_remaining(double now_s) const {
    return now_s < awake_until_ ? awake_until_ - now_s : 0.0;
}

bool WakeState::display_on(int minute_of_day, double now_s) const {
    return hours_.is_open(minute_of_day) || awake_remaining(now_s) > 0;
}

}  // namespace kiosk::staff
