// Small text helpers shared by the CSV, workbook and picture-file code.
#pragma once

#include <string>
#include <string_view>

namespace kiosk::pack {

// A-Z to a-z; every other byte (digits, UTF-8 of Chinese and other letters) is left alone.
std::string ascii_lower(std::string_view s);

// Without leading and trailing spaces, tabs, CR and LF.
std::string trim(std::string_view s);

}  // namespace kiosk::pack
