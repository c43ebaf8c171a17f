// Cell validation helpers for the content CSV files.
#include "kiosk/pack/row_reader.h"

#include <algorithm>

namespace kiosk::pack {

size_t count_code_points(const std::string& utf8) {
    return static_cast<size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

bool check_columns(const CsvTable& table, const std::vector<std::string>& wanted,
                   const std::vector<std::string>& optional, Diagnostics& diag) {
    bool ok = true;
    for (const auto& w : wanted) {
        if (table.column(w) < 0) {
            diag.error(table.file, 1, "missing column \"" + w + "\" in the header row");
            ok = false;
        }
    }
    for (const auto& h : table.header) {
        if (std::find(wanted.begin(), wanted.end(), h) == wanted.end() &&
            std::find(optional.begin(), optional.end(), h) == optional.end()) {
            std::string list;
            for (const auto& w : wanted) list += (list.empty() ? "" : ", ") + w;
            for (const auto& o : optional) list += ", " + o + " (optional)";
            diag.error(table.file, 1,
                       "unknown column \"" + h + "\" (the columns are: " + list + ")");
        }
    }
    return ok;
}

void RowReader::error(const std::string& column, const std::string& what) const {
    diag_.error(table_.file, row_.line, column + ": " + what);
}

const std::string& RowReader::raw(const std::string& column) const {
    static const std::string empty;
    const int c = table_.column(column);
    return c < 0 ? empty : row_.cells[static_cast<size_t>(c)];
}

static bool valid_id(const std::string& s) {
    return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

std::string RowReader::id(const std::string& column) const {
    const std::string& v = raw(column);
    if (v.empty()) {
        error(column, "is empty; every row needs an id");
    } else if (!valid_id(v)) {
        error(column, "\"" + v +
                          "\" is not a valid id; use lower-case letters a-z, digits, - and _ "
                          "(at most 64)");
    }
    return v;
}

std::string RowReader::text(const std::string& column, size_t max_chars) const {
    const std::string& v = raw(column);
    if (v.empty()) {
        const bool zh = column.ends_with("_zh");
        error(column, zh                        ? "the Chinese text is empty (中文内容为空)"
                      : column.ends_with("_en") ? "the English text is empty (英文内容为空)"
                                                : "is empty");
        return v;
    }
    return optional_text(column, max_chars);
}

std::string RowReader::optional_text(const std::string& column, size_t max_chars) const {
    const std::string& v = raw(column);
    const size_t n = count_code_points(v);
    if (n > max_chars) {
        error(column, "the text is too long: " + std::to_string(n) + " characters, at most " +
                          std::to_string(max_chars) + " (文字过长)");
    }
    return v;
}

bool RowReader::flag(const std::string& column) const {
    const std::string& v = raw(column);
    if (v.empty() || v == "0") return false;
    if (v == "1") return true;
    error(column, "\"" + v + "\" must be 1 (yes) or 0 (no)");
    return false;
}

int RowReader::integer(const std::string& column, int min, int max) const {
    const std::string& v = raw(column);
    const bool digits = !v.empty() && v.size() < 9 && std::all_of(v.begin(), v.end(), [](char c) {
        return c >= '0' && c <= '9';
    });
    const int n = digits ? std::stoi(v) : min - 1;
    if (n < min || n > max) {
        error(column, "\"" + v + "\" must be a whole number from " + std::to_string(min) + " to " +
                          std::to_string(max));
        return min;
    }
    return n;
}

std::string RowReader::one_of(const std::string& column,
                              const std::set<std::string>& allowed) const {
    const std::string& v = raw(column);
    if (!allowed.contains(v)) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        error(column, "\"" + v + "\" is not one of: " + list);
    }
    return v;
}

std::vector<std::string> RowReader::id_list(const std::string& column) const {
    std::string v = raw(column);
    // Full-width semicolons and commas, as Chinese keyboards type them, count as separators.
    for (const char* wide : {"\xEF\xBC\x9B", "\xEF\xBC\x8C"}) {
        for (size_t p; (p = v.find(wide)) != std::string::npos;) v.replace(p, 3, ";");
    }
    std::replace(v.begin(), v.end(), ',', ';');
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= v.size()) {
        const size_t end = std::min(v.find(';', start), v.size());
        std::string item = v.substr(start, end - start);
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        if (!item.empty()) {
            if (!valid_id(item)) {
                error(column, "\"" + item + "\" is not a valid id");
            } else if (std::find(out.begin(), out.end(), item) != out.end()) {
                error(column, "\"" + item + "\" is listed twice");
            } else {
                out.push_back(item);
            }
        }
        start = end + 1;
    }
    return out;
}

std::string RowReader::pinyin(const std::string& column) const {
    const std::string& v = raw(column);
    const bool ok =
        std::all_of(v.begin(), v.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == ' '; });
    if (!ok) error(column, "\"" + v + "\" must be pinyin syllables without tones, e.g. du you wei");
    return ok ? v : std::string();
}

}  // namespace kiosk::pack
