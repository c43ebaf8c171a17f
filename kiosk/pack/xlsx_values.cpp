#include "kiosk/pack/xlsx_values.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace kiosk::pack::xlsx {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms).
long long days_from_civil(long long y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

void civil_from_days(long long z, long long& y, unsigned& m, unsigned& d) {
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<long long>(yoe) + era * 400 + (m <= 2);
}

// The first section of a format code without quoted text, escapes, [colour]/[h]/[$-804]
// brackets and padding characters: what is left says which parts of a date it shows.
std::string format_letters(const std::string& code) {
    std::string out;
    for (size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (c == ';') break;
        if (c == '"') {
            const auto close = code.find('"', i + 1);
            if (close == std::string::npos) break;
            i = close;
        } else if (c == '[') {
            const auto close = code.find(']', i + 1);
            if (close == std::string::npos) break;
            i = close;
        } else if (c == '\\' || c == '_' || c == '*') {
            ++i;
        } else {
            out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
    }
    return out;
}

bool has(const std::string& s, char c) {
    return s.find(c) != std::string::npos;
}

}  // namespace

std::string builtin_format_code(int id) {
    switch (id) {
        case 1:
            return "0";
        case 2:
            return "0.00";
        case 3:
            return "#,##0";
        case 4:
            return "#,##0.00";
        case 9:
            return "0%";
        case 10:
            return "0.00%";
        case 11:
            return "0.00E+00";
        case 12:
            return "# ?/?";
        case 13:
            return "# ?\?/?\?";
        case 14:
            return "yyyy-mm-dd";  // Excel shows it in the system's short date form
        case 15:
            return "d-mmm-yy";
        case 16:
            return "d-mmm";
        case 17:
            return "mmm-yy";
        case 18:
            return "h:mm AM/PM";
        case 19:
            return "h:mm:ss AM/PM";
        case 20:
            return "h:mm";
        case 21:
            return "h:mm:ss";
        case 22:
            return "yyyy-mm-dd h:mm";
        case 45:
            return "mm:ss";
        case 46:
            return "[h]:mm:ss";
        case 47:
            return "mmss.0";
        case 49:
            return "@";
        default:
            return "General";
    }
}

FormatKind format_kind(int id, const std::string& code, bool builtin) {
    if (builtin) {
        // 27-31, 36 and 50-58 are the Chinese/Japanese/Korean built-in dates (年月日).
        if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 58))
            return FormatKind::Date;
        if (id == 22) return FormatKind::DateTime;
        return FormatKind::Number;  // incl. the time-only 18-21, 32-35, 45-47
    }
    const std::string letters = format_letters(code);
    const bool time = has(letters, 'h') || has(letters, 's');
    const bool date = has(letters, 'y') || has(letters, 'd') || (has(letters, 'm') && !time);
    if (!date) return FormatKind::Number;
    return time ? FormatKind::DateTime : FormatKind::Date;
}

std::string date_text(double serial, bool date1904, FormatKind kind, const std::string& code) {
    if (!(serial >= 0 && serial < 2958466)) return {};
    const long long seconds = std::llround(serial * 86400.0);
    long long day = seconds / 86400;
    const long long second_of_day = seconds % 86400;
    long long y = 1900;
    unsigned m = 2, d = 29;  // serial 60 in the 1900 system: Lotus's leap day, kept by Excel
    if (date1904) {
        civil_from_days(days_from_civil(1904, 1, 1) + day, y, m, d);
    } else if (day != 60) {
        // Serials before the fake leap day count from 1899-12-31, later ones from 1899-12-30.
        civil_from_days(days_from_civil(1899, 12, day < 60 ? 31 : 30) + day, y, m, d);
    }
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", y, m, d);
    std::string text = buf;
    if (kind == FormatKind::DateTime) {
        const bool with_seconds = has(format_letters(code), 's');
        const long long h = second_of_day / 3600, min = second_of_day / 60 % 60,
                        s = second_of_day % 60;
        std::snprintf(buf, sizeof buf, with_seconds ? " %02lld:%02lld:%02lld" : " %02lld:%02lld", h,
                      min, s);
        text += buf;
    }
    return text;
}

std::string number_text(double value, const std::string& code, bool* zero_padded) {
    *zero_padded = false;
    char buf[64];
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15) {
        std::string text = std::to_string(static_cast<long long>(value));
        const bool only_zeros = !code.empty() && code.find_first_not_of('0') == std::string::npos;
        if (only_zeros && value >= 0 && code.size() > text.size()) {
            text.insert(0, code.size() - text.size(), '0');
            *zero_padded = true;
        }
        return text;
    }
    const auto result = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::general, 15);
    return std::string(buf, result.ptr);
}

}  // namespace kiosk::pack::xlsx
