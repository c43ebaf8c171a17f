#include "kiosk/pack/xlsx_sheet.h"

#include <algorithm>
#include <charconv>

namespace kiosk::pack::xlsx {
namespace {

constexpr int kMaxExcelRow = 1'048'576;
constexpr int kMaxExcelCol = 16'384;

// Appends at most `max_chars` characters in all; false once it had to cut.
bool append_limited(std::string& out, size_t& chars, size_t max_chars, std::string_view s) {
    for (const char c : s) {
        const bool starts_char = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        if (starts_char && chars == max_chars) return false;
        chars += starts_char;
        out += c;
    }
    return true;
}

bool blank(const std::string& s) {
    std::string_view v(s);
    for (;;) {
        if (v.empty()) return true;
        if (v[0] == ' ' || v[0] == '\t' || v[0] == '\r' || v[0] == '\n')
            v.remove_prefix(1);
        else if (v.starts_with("\xC2\xA0"))
            v.remove_prefix(2);  // no-break space
        else if (v.starts_with("\xE3\x80\x80"))
            v.remove_prefix(3);  // ideographic space
        else
            return false;
    }
}

// "C14" -> column 3, row 14; false when it is not a cell reference within Excel's grid.
bool parse_ref(std::string_view ref, int& row, int& col) {
    size_t i = 0;
    col = 0;
    while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z' && col <= kMaxExcelCol)
        col = col * 26 + (ref[i++] - 'A' + 1);
    if (i == 0 || col > kMaxExcelCol) return false;
    const auto [end, ec] = std::from_chars(ref.data() + i, ref.data() + ref.size(), row);
    return ec == std::errc() && end == ref.data() + ref.size() && row >= 1 && row <= kMaxExcelRow;
}

std::string too_many_cells_zh(size_t n) {
    return "工作簿的单元格超过 " + std::to_string(n) + " 个";
}

}  // namespace

void TextCapture::start(std::string_view name) {
    if (name == "rPh") ++in_phonetic_;
    if (name == "t") in_t_ = true;
}
void TextCapture::end(std::string_view name) {
    if (name == "rPh") --in_phonetic_;
    if (name == "t") in_t_ = false;
}
void TextCapture::text(std::string_view s) {
    if (!in_t_ || in_phonetic_ > 0 || too_long_) return;
    too_long_ = !append_limited(text_, chars_, max_chars_, s);
}
void TextCapture::clear() {
    text_.clear();
    chars_ = 0;
    too_long_ = false;
    in_t_ = false;
    in_phonetic_ = 0;
}

void SharedStrings::start(std::string_view name, const char**) {
    if (name == "si") capture_.clear();
    capture_.start(name);
}

void SharedStrings::end(std::string_view name) {
    capture_.end(name);
    if (name != "si") return;
    if (strings.size() == limits_.max_shared_strings) {
        diag_.error(file_, 0,
                    "共享文本超过 " + std::to_string(limits_.max_shared_strings) +
                        " 条，不像内容工作簿；请检查文件 / more than " +
                        std::to_string(limits_.max_shared_strings) +
                        " shared strings, too many for a content workbook; check the file");
        stop = true;
        return;
    }
    const bool too_long = capture_.too_long();
    strings.push_back({capture_.take(), too_long});
}

void SheetXml::start(std::string_view name, const char** attrs) {
    if (name == "sheetData") {
        in_data_ = true;
    } else if (name == "mergeCell") {
        const char* ref = attribute(attrs, "ref");
        if (ref && sheet_.merged.size() < 1000) sheet_.merged.emplace_back(ref);
    } else if (!in_data_) {
        return;
    } else if (name == "row") {
        int r = 0;
        const char* ref = attribute(attrs, "r");
        if (!ref ||
            std::from_chars(ref, ref + std::char_traits<char>::length(ref), r).ec != std::errc())
            r = last_row_ + 1;
        row_ = Row{std::clamp(r, 1, kMaxExcelRow), {}};
        last_row_ = row_.row;
        last_col_ = 0;
    } else if (name == "c") {
        int r = 0;
        const char* ref = attribute(attrs, "r");
        bad_ref_ = ref && !parse_ref(ref, r, col_);
        if (!ref || bad_ref_) col_ = last_col_ + 1;
        last_col_ = col_;
        const char* t = attribute(attrs, "t");
        type_ = t ? t : "n";
        const char* s = attribute(attrs, "s");
        style_ = 0;
        if (s) std::from_chars(s, s + std::char_traits<char>::length(s), style_);
        has_formula_ = has_value_ = in_value_ = in_inline_ = false;
        value_.clear();
        capture_.clear();
    } else if (name == "f") {
        has_formula_ = true;
    } else if (name == "v") {
        has_value_ = in_value_ = true;
    } else if (name == "is") {
        in_inline_ = has_value_ = true;
    } else if (in_inline_) {
        capture_.start(name);
    }
}

void SheetXml::text(std::string_view s) {
    if (in_value_) {
        if (value_.size() < limits_.max_cell_chars * 4 + 4)
            value_.append(s);  // checked in finish_cell
    } else if (in_inline_) {
        capture_.text(s);
    }
}

void SheetXml::end(std::string_view name) {
    if (!in_data_) return;
    if (name == "sheetData") {
        in_data_ = false;
    } else if (name == "v") {
        in_value_ = false;
    } else if (name == "is") {
        in_inline_ = false;
    } else if (in_inline_) {
        capture_.end(name);
    } else if (name == "c") {
        finish_cell();
    } else if (name == "row") {
        if (!row_.cells.empty()) sheet_.rows.push_back(std::move(row_));
        row_ = Row{};
    }
}

void SheetXml::cell_error(const std::string& zh, const std::string& en) {
    diag_.error(sheet_.name + "!" + cell_address(row_.row, col_), 0, zh + " / " + en);
}

void SheetXml::finish_cell() {
    if (bad_ref_ || col_ > limits_.max_columns) {
        cell_error("单元格位置超出范围（第 " + std::to_string(col_) + " 列）；请删除多余的列",
                   "the cell is out of range (column " + std::to_string(col_) +
                       "); delete the extra columns");
        stop = true;
        return;
    }
    Cell cell;
    cell.col = col_;
    // openpyxl saves an uncalculated formula with an empty <v/>; only a text result is "".
    if (type_ != "str" && type_ != "inlineStr" && value_.empty()) has_value_ = false;
    if (has_formula_ && !has_value_) {
        cell_error("公式没有保存计算结果；请在 Excel/WPS 中打开并保存此文件",
                   "the formula has no saved result; open and save the file in Excel/WPS");
        return;
    }
    if (!has_value_) return;  // formatting only
    bool too_long = false;
    if (type_ == "s") {
        size_t index = 0;
        const auto [end, ec] = std::from_chars(value_.data(), value_.data() + value_.size(), index);
        if (ec != std::errc() || index >= shared_.strings.size()) {
            cell_error(
                "单元格引用的文本不存在；请在 Excel/WPS 中重新保存",
                "the cell refers to a missing shared string; save the file again in Excel/WPS");
            return;
        }
        cell.text = shared_.strings[index].text;
        too_long = shared_.strings[index].too_long;
    } else if (type_ == "inlineStr") {
        too_long = capture_.too_long();
        cell.text = capture_.take();
    } else if (type_ == "str") {
        cell.text = value_;
    } else if (type_ == "b") {
        cell.kind = Cell::Kind::Bool;
        const bool yes = value_ == "1" || value_ == "true" || value_ == "TRUE";
        cell.number = yes ? 1 : 0;
        cell.text = yes ? "TRUE" : "FALSE";
    } else if (type_ == "e") {
        cell.kind = Cell::Kind::Error;
        cell.text = value_;
    } else if (type_ == "d") {  // strict OOXML and some writers: an ISO 8601 date as text
        cell.kind = Cell::Kind::Date;
        cell.text = value_.size() >= 19 && value_.compare(10, 9, "T00:00:00") == 0
                        ? value_.substr(0, 10)
                        : value_;
    } else {
        double number = 0;
        const auto [end, ec] =
            std::from_chars(value_.data(), value_.data() + value_.size(), number);
        if (ec != std::errc() || end != value_.data() + value_.size()) {
            cell.text = value_;  // not a number after all: keep what is there
        } else {
            const NumberFormat format = style_ >= 0 && static_cast<size_t>(style_) < formats_.size()
                                            ? formats_[style_]
                                            : NumberFormat{"General", FormatKind::Number};
            cell.number = number;
            cell.kind = Cell::Kind::Number;
            if (format.kind != FormatKind::Number) {
                cell.text = date_text(number, date1904_, format.kind, format.code);
                if (!cell.text.empty()) cell.kind = Cell::Kind::Date;
            }
            if (cell.kind == Cell::Kind::Number)
                cell.text = number_text(number, format.code, &cell.zero_padded);
        }
    }
    if (!too_long) {
        size_t chars = 0;
        std::string ignored;
        too_long = !append_limited(ignored, chars, limits_.max_cell_chars, cell.text);
    }
    if (too_long) {
        cell_error("单元格文字超过 " + std::to_string(limits_.max_cell_chars) + " 个字；请缩短",
                   "the cell holds more than " + std::to_string(limits_.max_cell_chars) +
                       " characters; shorten it");
        return;
    }
    if (cell.kind == Cell::Kind::Text && blank(cell.text)) return;
    if (row_.row > limits_.max_rows) {
        diag_.error(sheet_.name, 0,
                    "工作表超过 " + std::to_string(limits_.max_rows) + " 行（第 " +
                        std::to_string(row_.row) +
                        " 行仍有内容）；请删除多余的行 / the sheet has more than " +
                        std::to_string(limits_.max_rows) + " rows (row " +
                        std::to_string(row_.row) + " holds a value); delete the extra rows");
        stop = true;
        return;
    }
    totals_.text_bytes += cell.text.size();
    if (totals_.text_bytes > limits_.max_text_bytes) {
        const std::string mb = std::to_string(limits_.max_text_bytes >> 20);
        diag_.error(sheet_.name, 0,
                    "工作簿中的文字太多（超过 " + mb +
                        " MB）；请把工作簿拆成几个，或缩短文字 / the workbook holds too much "
                        "text (more than " +
                        mb + " MB); split it into several workbooks or shorten the texts");
        stop = fatal = true;
        return;
    }
    if (++totals_.cells > limits_.max_cells) {
        diag_.error(sheet_.name, 0,
                    too_many_cells_zh(limits_.max_cells) +
                        "；请删除多余的内容 / the workbook has more than " +
                        std::to_string(limits_.max_cells) + " cells; delete what is not content");
        stop = fatal = true;
        return;
    }
    row_.cells.push_back(std::move(cell));
}

void SheetXml::finish() {
    std::stable_sort(sheet_.rows.begin(), sheet_.rows.end(),
                     [](const Row& a, const Row& b) { return a.row < b.row; });
    for (auto& row : sheet_.rows)
        std::stable_sort(row.cells.begin(), row.cells.end(),
                         [](const Cell& a, const Cell& b) { return a.col < b.col; });
    if (sheet_.merged.empty()) return;
    std::string ranges;
    for (size_t i = 0; i < sheet_.merged.size() && i < 20; ++i)
        ranges += (i ? ", " : "") + sheet_.merged[i];
    if (sheet_.merged.size() > 20) ranges += ", …";
    diag_.error(sheet_.name, 0,
                "有合并单元格 " + ranges +
                    "；请取消合并（每个格子填自己的值）后保存 / merged cells " + ranges +
                    "; unmerge them (each cell holds its own value) and save");
}

}  // namespace kiosk::pack::xlsx
