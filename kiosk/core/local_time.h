// The local wall-clock time as people read it in reports and the staff panel.
#pragma once

#include <string>

namespace kiosk {

// "2026-12-02 20:31:05", local time.
std::string local_time_text();

}  // namespace kiosk
