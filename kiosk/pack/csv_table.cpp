// CSV reading for the content folder: encoding detection (UTF-8, BOM, GB18030) and libcsv parsing
// with line tracking. Sections: encodings · parsing · file reading
#include "kiosk/pack/csv_table.h"

#include <csv.h>
#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <sstream>

#include "kiosk/pack/text.h"
#include "kiosk/pack/xlsx_reader.h"

namespace kiosk::pack {

// --- encodings ---

bool is_valid_utf8_text(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        size_t n = 0;
        char32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 1, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3, cp = c & 0x07;
        } else {
            return false;
        }
        for (size_t k = 1; k <= n; ++k) {
            if (i + k >= s.size()) return false;
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return false;
        i += n + 1;
    }
    return true;
}

static std::optional<std::string> convert_gb18030(const std::string& bytes) {
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
    std::string out(bytes.size() * 2 + 16, '\0');
    char* in_ptr = const_cast<char*>(bytes.data());
    size_t in_left = bytes.size();
    size_t done = 0;
    bool ok = true;
    while (in_left > 0) {
        char* out_ptr = out.data() + done;
        size_t out_left = out.size() - done;
        const size_t r = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
        done = out.size() - out_left;
        if (r == static_cast<size_t>(-1)) {
            if (errno == E2BIG) {
                out.resize(out.size() * 2);
                continue;
            }
            ok = false;  // EILSEQ or EINVAL: not GB18030 either
            break;
        }
    }
    iconv_close(cd);
    if (!ok) return std::nullopt;
    out.resize(done);
    return out;
}

std::optional<std::string> decode_text(const std::string& bytes, const std::string& file,
                                       Diagnostics& diag) {
    const std::string_view view(bytes);
    if (view.starts_with("\xEF\xBB\xBF")) {
        std::string rest(view.substr(3));
        if (is_valid_utf8_text(rest)) return rest;
    } else if (view.starts_with("\xFF\xFE") || view.starts_with("\xFE\xFF")) {
        diag.error(file, "文件保存为 UTF-16（“Unicode 文本”），请另存为“CSV UTF-8”",
                   "the file is saved as UTF-16 (\"Unicode text\"); save it as \"CSV UTF-8\"");
        return std::nullopt;
    } else if (bytes.find('\0') == std::string::npos && is_valid_utf8_text(view)) {
        return bytes;
    }
    if (bytes.find('\0') == std::string::npos) {
        if (auto converted = convert_gb18030(bytes)) {
            diag.notice(file,
                        "不是 UTF-8，已按 GB18030/GBK 编码读取并转换；另存为“CSV UTF-8”可免此提示",
                        "not UTF-8; read as GB18030/GBK and converted. Saving it as \"CSV UTF-8\" "
                        "avoids this notice");
            return converted;
        }
    }
    diag.error(file, "无法识别文件编码（不是 UTF-8 或 GB18030 文本），请另存为“CSV UTF-8”",
               "the file is neither UTF-8 nor GB18030 text (unknown encoding or binary data); "
               "save it as \"CSV UTF-8\"");
    return std::nullopt;
}

// --- parsing ---

int CsvTable::column(std::string_view name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
}

namespace {

struct ParseState {
    std::vector<std::string> cells;
    std::vector<std::pair<int, std::vector<std::string>>> rows;  // (end line, cells)
    int current_line = 0;
};

void on_field(void* data, size_t len, void* state) {
    auto* st = static_cast<ParseState*>(state);
    st->cells.push_back(trim(std::string_view(static_cast<const char*>(data), len)));
}

void on_row(int, void* state) {
    auto* st = static_cast<ParseState*>(state);
    st->rows.emplace_back(st->current_line, std::move(st->cells));
    st->cells.clear();
}

bool blank_line(std::string_view line) {
    return line.empty() || line == "\r" || line == "\n" || line == "\r\n";
}

}  // namespace

std::optional<CsvTable> parse_csv(const std::string& text, const std::string& file,
                                  Diagnostics& diag) {
    csv_parser parser{};
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        diag.error(file, "读取时内存不足，文件可能过大", "out of memory while reading");
        return std::nullopt;
    }
    ParseState st;
    // Feed one physical line at a time so each finished row knows the line it ended on.
    std::vector<std::string_view> lines;
    for (size_t pos = 0; pos < text.size();) {
        const size_t nl = text.find('\n', pos);
        const size_t end = nl == std::string::npos ? text.size() : nl + 1;
        lines.push_back(std::string_view(text).substr(pos, end - pos));
        pos = end;
    }
    bool failed = false;
    for (size_t i = 0; i < lines.size() && !failed; ++i) {
        st.current_line = static_cast<int>(i) + 1;
        if (csv_parse(&parser, lines[i].data(), lines[i].size(), on_field, on_row, &st) !=
            lines[i].size()) {
            diag.error(
                at_line(file, st.current_line), "这一行无法按 CSV 读取，请检查是否有多余的引号 \"",
                std::string("cannot read this line as CSV (") + csv_strerror(csv_error(&parser)) +
                    "); check for a stray quote character \"");
            failed = true;
        }
    }
    if (!failed && csv_fini(&parser, on_field, on_row, &st) != 0) {
        diag.error(at_line(file, st.current_line), "引号没有闭合，请检查是否缺少引号 \"",
                   "a quoted field is never closed; check for a missing quote character \"");
        failed = true;
    }
    csv_free(&parser);
    if (failed) return std::nullopt;

    CsvTable table;
    table.file = file;
    int prev_end = 0;
    bool have_header = false;
    for (auto& [end_line, cells] : st.rows) {
        int start = prev_end + 1;
        while (start < end_line && blank_line(lines[static_cast<size_t>(start - 1)])) ++start;
        prev_end = end_line;
        if (!have_header) {
            for (const auto& c : cells) table.header.push_back(ascii_lower(c));
            have_header = true;
            continue;
        }
        if (std::all_of(cells.begin(), cells.end(), [](auto& c) { return c.empty(); })) continue;
        if (cells.size() > table.header.size()) {
            const bool extra_empty = std::all_of(cells.begin() + table.header.size(), cells.end(),
                                                 [](auto& c) { return c.empty(); });
            if (!extra_empty) {
                diag.error(at_line(file, start),
                           "这一行有 " + std::to_string(cells.size()) + " 格，表头只有 " +
                               std::to_string(table.header.size()) + " 格；含逗号的文字须加引号",
                           "this row has " + std::to_string(cells.size()) +
                               " cells but the header has " + std::to_string(table.header.size()) +
                               "; a text with a comma must be in quotes");
            }
            cells.resize(table.header.size());
        }
        cells.resize(table.header.size());
        table.rows.push_back(CsvRow{start, std::move(cells)});
    }
    if (!have_header) {
        diag.error(file, "文件是空的，至少需要表头一行",
                   "the file is empty; it needs at least the header row");
        return std::nullopt;
    }
    return table;
}

// --- locations ---

std::string CsvTable::where(int line, int col) const {
    if (sheet_columns.empty()) return at_line(file, line);
    if (col < 0 || static_cast<size_t>(col) >= sheet_columns.size())
        return file + "!" + std::to_string(line);  // Excel's name of a whole row is "14:14"
    return file + "!" + xlsx::cell_address(line, sheet_columns[static_cast<size_t>(col)]);
}

// --- file reading ---

std::optional<CsvTable> read_csv_file(const std::string& path, const std::string& file,
                                      Diagnostics& diag) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        diag.error(file, "无法打开文件（不存在或无法读取）",
                   "cannot open the file (missing or not readable)");
        return std::nullopt;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    const auto text = decode_text(buf.str(), file, diag);
    if (!text) return std::nullopt;
    return parse_csv(*text, file, diag);
}

}  // namespace kiosk::pack
