#include "kiosk/core/local_time.h"

#include <ctime>

namespace kiosk {

std::string local_time_text() {
    char buf[32];
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return buf;
}

}  // namespace kiosk
