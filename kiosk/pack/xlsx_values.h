// How the xlsx reader turns a stored number into the text a person sees: number formats, dates
// (1900 system with Excel's 1900-02-29, and the 1904 system), integers without ".0".
#pragma once

#include <string>

namespace kiosk::pack::xlsx {

// The format code of a built-in number format id ("General" when it has none we know).
std::string builtin_format_code(int id);

enum class FormatKind { Number, Date, DateTime };
// `builtin` is true when the id is one of Excel's built-ins not redefined in styles.xml.
FormatKind format_kind(int id, const std::string& code, bool builtin);

// "2024-05-01", or "2024-05-01 08:30" for DateTime; an empty string when the serial
// is not a date (negative or past 9999-12-31).
std::string date_text(double serial, bool date1904, FormatKind kind, const std::string& code);

// "7", "007" for the code "000", "3.25", "1E+20".
std::string number_text(double value, const std::string& code, bool* zero_padded);

}  // namespace kiosk::pack::xlsx
