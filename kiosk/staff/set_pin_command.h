// `kiosk-pack set-pin`: the admin's way to set or change the staff PIN.
#pragma once

#include <string>
#include <vector>

namespace kiosk::staff {

inline constexpr const char* kSetPinHelp =
    "set-pin [--file PATH]   set the staff PIN (asked twice on the terminal; 6-12 digits)";

// Reads the PIN twice from standard input (echo off on a terminal) and stores its hash at PATH
// (default: the kiosk's config default, /etc/jbnm-kiosk/staff-pin). 0 on success.
int cmd_set_pin(const std::vector<std::string>& args);

}  // namespace kiosk::staff
