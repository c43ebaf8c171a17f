// Cell validation helpers for the content CSV files.
#include "kiosk/pack/row_reader.h"

#include <algorithm>

#include "kiosk/pack/text.h"
#include "kiosk/pack/workbook_layout.h"

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
            diag.error(
                table.where(1, -1), "表头缺少列“" + w + "”，请按模板补上这一列",
                "missing column \"" + w + "\" in the header row; add it as the template has it");
            ok = false;
        }
    }
    std::string list;
    for (const auto& w : wanted) list += (list.empty() ? "" : ", ") + w;
    for (const auto& o : optional) list += ", " + o + " (optional)";
    for (size_t i = 0; i < table.header.size(); ++i) {
        const std::string& h = table.header[i];
        const auto first = std::find(table.header.begin(), table.header.end(), h);
        if (!h.empty() && first != table.header.begin() + static_cast<long>(i)) {
            // Only the first column of that name is ever read: the other's cells would be lost.
            const int at = static_cast<int>(first - table.header.begin());
            const std::string n = std::to_string(at + 1);
            const bool csv = table.sheet_columns.empty();
            diag.error(
                table.where(1, static_cast<int>(i)),
                "表头中的列“" + h + "”重复（" + (csv ? "第 " + n + " 列" : table.where(1, at)) +
                    "已有同名的列）；请删除或改名其中一列",
                "column \"" + h + "\" appears twice in the header row (also " +
                    (csv ? "column " + n : table.where(1, at)) + "); remove or rename one of them");
        } else if (std::find(wanted.begin(), wanted.end(), h) == wanted.end() &&
                   std::find(optional.begin(), optional.end(), h) == optional.end()) {
            diag.error(table.where(1, static_cast<int>(i)),
                       "未知的列“" + h + "”，请删除或改名；可用的列：" + list,
                       "unknown column \"" + h +
                           "\"; remove or rename it (the columns are: " + list + ")");
        }
    }
    return ok;
}

std::string RowReader::where(const std::string& column) const {
    return table_.where(row_.line, table_.column(column));
}

void RowReader::error(const std::string& column, const std::string& zh,
                      const std::string& en) const {
    diag_.error(where(column), column + "：" + zh, column + ": " + en);
}

const std::string& RowReader::raw(const std::string& column) const {
    static const std::string empty;
    const int c = table_.column(column);
    return c < 0 ? empty : row_.cells[static_cast<size_t>(c)];
}

namespace {

std::string quoted_zh(const std::string& v) {
    return "“" + v + "”";
}

std::string quoted(const std::string& v) {
    return "\"" + v + "\"";
}

}  // namespace

static bool valid_id(const std::string& s) {
    return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

std::string RowReader::id(const std::string& column) const {
    const std::string& v = raw(column);
    if (v.empty()) {
        error(column, "为空；每一行都需要编号", "is empty; every row needs an id");
    } else if (!valid_id(v)) {
        error(column,
              quoted_zh(v) + "不是有效的编号；请只用小写字母 a-z、数字、- 和 _（最多 64 个）",
              quoted(v) +
                  " is not a valid id; use lower-case letters a-z, digits, - and _ (at most 64)");
    }
    return v;
}

std::string RowReader::text(const std::string& column, size_t max_chars) const {
    const std::string& v = raw(column);
    if (v.empty()) {
        if (column.ends_with("_zh"))
            error(column, "中文内容为空，请填写", "the Chinese text is empty; fill it in");
        else if (column.ends_with("_en"))
            error(column, "英文内容为空，请填写", "the English text is empty; fill it in");
        else
            error(column, "为空，请填写", "is empty; fill it in");
        return v;
    }
    return optional_text(column, max_chars);
}

std::string RowReader::optional_text(const std::string& column, size_t max_chars) const {
    const std::string& v = raw(column);
    const size_t n = count_code_points(v);
    if (n > max_chars) {
        error(column,
              "文字过长：" + std::to_string(n) + " 个字，最多 " + std::to_string(max_chars) +
                  " 个，请缩短",
              "the text is too long: " + std::to_string(n) + " characters, at most " +
                  std::to_string(max_chars) + "; shorten it");
    }
    return v;
}

bool RowReader::flag(const std::string& column) const {
    const std::string v = ascii_lower(raw(column));
    if (v.empty() || v == "0" || v == kNo || v == "no" || v == "false") return false;
    if (v == "1" || v == kYes || v == "yes" || v == "true") return true;
    error(
        column,
        quoted_zh(raw(column)) + "无效，请填" + quoted_zh(kYes) + "或" + quoted_zh(kNo) +
            "（或 1、0）",
        quoted(raw(column)) + " must be 1 (yes) or 0 (no); " + kYes + " and " + kNo + " work too");
    return false;
}

int RowReader::integer(const std::string& column, int min, int max) const {
    const std::string& v = raw(column);
    const bool digits = !v.empty() && v.size() < 9 && std::all_of(v.begin(), v.end(), [](char c) {
        return c >= '0' && c <= '9';
    });
    const int n = digits ? std::stoi(v) : min - 1;
    if (n < min || n > max) {
        error(column,
              quoted_zh(v) + "应为 " + std::to_string(min) + " 到 " + std::to_string(max) +
                  " 之间的整数",
              quoted(v) + " must be a whole number from " + std::to_string(min) + " to " +
                  std::to_string(max));
        return min;
    }
    return n;
}

std::string RowReader::one_of(const std::string& column,
                              std::span<const content::EnumValue> values) const {
    const std::string& v = raw(column);
    const std::string v_lower = ascii_lower(v);
    for (const content::EnumValue& e : values)
        if (v == e.id || v == e.zh || v_lower == ascii_lower(e.en)) return e.id;
    std::string zh_list, en_list;
    for (const content::EnumValue& e : values) {
        zh_list += (zh_list.empty() ? "" : "、") + std::string(e.zh);
        en_list += (en_list.empty() ? "" : ", ") + std::string(e.id) + " (" + e.en + ")";
    }
    error(column, quoted_zh(v) + "无效，可选：" + zh_list,
          quoted(v) + " is not one of: " + en_list);
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
                error(column, quoted_zh(item) + "不是有效的编号",
                      quoted(item) + " is not a valid id");
            } else if (std::find(out.begin(), out.end(), item) != out.end()) {
                error(column, quoted_zh(item) + "重复列出，请删去一个",
                      quoted(item) + " is listed twice; remove one");
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
    if (!ok)
        error(column, quoted_zh(v) + "应为不带声调的小写拼音音节，用空格分开，如 du you wei",
              quoted(v) + " must be pinyin syllables without tones, e.g. du you wei");
    return ok ? v : std::string();
}

}  // namespace kiosk::pack
