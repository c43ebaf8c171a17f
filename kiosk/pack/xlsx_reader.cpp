#include "kiosk/pack/xlsx_reader.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>

#include "kiosk/pack/xlsx_sheet.h"
#include "kiosk/pack/xlsx_values.h"
#include "kiosk/pack/xlsx_xml.h"
#include "kiosk/pack/xlsx_zip.h"

namespace kiosk::pack::xlsx {
namespace {

int to_int(const char* s, int fallback) {
    int value = fallback;
    if (s) std::from_chars(s, s + std::char_traits<char>::length(s), value);
    return value;
}

bool is_true(const char* s) {
    return s && (std::string_view(s) == "1" || std::string_view(s) == "true");
}

// A relationship target as a zip entry name: relative to xl/, or absolute from the zip's root.
// Empty when ".." climbs out. Entry names are only looked up in the zip, never opened as files.
std::string resolve(const std::string& target) {
    std::vector<std::string> parts;
    if (target.empty() || target[0] != '/') parts.push_back("xl");
    size_t start = 0;
    while (start <= target.size()) {
        const size_t slash = std::min(target.find('/', start), target.size());
        const std::string part = target.substr(start, slash - start);
        if (part == "..") {
            if (parts.empty()) return {};
            parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        start = slash + 1;
    }
    std::string path;
    for (const auto& p : parts) path += (path.empty() ? "" : "/") + p;
    return path;
}

struct SheetEntry {
    std::string name, rel_id;
    bool hidden = false;
};

// A number format code as Excel allows it: at most 255 characters (the rest is left out).
std::string format_code(std::string_view code) {
    constexpr size_t kMaxFormatChars = 255;
    size_t chars = 0;
    for (size_t i = 0; i < code.size(); ++i)
        if ((static_cast<unsigned char>(code[i]) & 0xC0) != 0x80 && ++chars > kMaxFormatChars)
            return std::string(code.substr(0, i));
    return std::string(code);
}

// Lists longer than any workbook has are not collected further: the caller sees "too many".
constexpr size_t kMaxListed = 10'000;

struct WorkbookXml : XmlHandler {
    std::vector<SheetEntry> sheets;
    bool date1904 = false;
    void start(std::string_view name, const char** attrs) override {
        if (name == "sheet" && sheets.size() < kMaxListed) {
            const char* sheet_name = attribute(attrs, "name");
            const char* id = attribute(attrs, "id");
            const char* state = attribute(attrs, "state");
            sheets.push_back({sheet_name ? sheet_name : "", id ? id : "",
                              state && std::string_view(state) != "visible"});
        } else if (name == "workbookPr") {
            date1904 = is_true(attribute(attrs, "date1904"));
        }
    }
    void end(std::string_view) override {}
};

struct RelsXml : XmlHandler {
    std::map<std::string, std::string> targets;  // Id -> entry name
    std::string shared_strings, styles;
    void start(std::string_view name, const char** attrs) override {
        if (name != "Relationship") return;
        const char* id = attribute(attrs, "Id");
        const char* target = attribute(attrs, "Target");
        const char* mode = attribute(attrs, "TargetMode");
        if (!id || !target || (mode && std::string_view(mode) == "External") ||
            targets.size() >= kMaxListed)
            return;
        const std::string entry = resolve(target);
        targets[id] = entry;
        const std::string_view type = attribute(attrs, "Type") ? attribute(attrs, "Type") : "";
        if (type.ends_with("/sharedStrings")) shared_strings = entry;
        if (type.ends_with("/styles")) styles = entry;
    }
    void end(std::string_view) override {}
};

struct StylesXml : XmlHandler {
    std::map<int, std::string> custom;  // numFmtId -> formatCode
    std::vector<int> xf_format;         // cellXfs index -> numFmtId
    bool in_cell_xfs = false;
    void start(std::string_view name, const char** attrs) override {
        if (name == "numFmt" && custom.size() < kMaxListed) {
            const char* code = attribute(attrs, "formatCode");
            custom[to_int(attribute(attrs, "numFmtId"), -1)] = format_code(code ? code : "");
        } else if (name == "cellXfs") {
            in_cell_xfs = true;
        } else if (name == "xf" && in_cell_xfs && xf_format.size() < kMaxListed * 10) {
            xf_format.push_back(to_int(attribute(attrs, "numFmtId"), 0));
        }
    }
    void end(std::string_view name) override {
        if (name == "cellXfs") in_cell_xfs = false;
    }
};

}  // namespace

std::string cell_address(int row, int col) {
    std::string letters;
    for (int c = col; c > 0; c = (c - 1) / 26)
        letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
    return letters + std::to_string(row);
}

std::optional<Workbook> read_xlsx(const std::string& path, Diagnostics& diag,
                                  const XlsxLimits& limits) {
    const std::string file = std::filesystem::path(path).filename().string();
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec || !std::filesystem::is_regular_file(path, ec)) {
        diag.error(
            file, 0,
            "找不到或打不开此文件；请检查文件名 / cannot find or open the file; check its name");
        return std::nullopt;
    }
    if (size > limits.max_file_bytes) {
        diag.error(
            file, 0,
            "文件太大（" + std::to_string(size >> 20) + " MB，上限 " +
                std::to_string(limits.max_file_bytes >> 20) +
                " MB）；图片请放在 images/ 文件夹里，不要插入工作簿 / the file is too large (" +
                std::to_string(size >> 20) + " MB, at most " +
                std::to_string(limits.max_file_bytes >> 20) +
                " MB); put pictures in the images/ folder, not in the workbook");
        return std::nullopt;
    }
    std::string bytes(size, '\0');
    std::ifstream in(path, std::ios::binary);
    if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) {
        diag.error(file, 0, "读取文件失败；请重新复制 / could not read the file; copy it again");
        return std::nullopt;
    }
    auto zip = ZipArchive::open(std::move(bytes), file, limits, diag);
    if (!zip) return std::nullopt;

    const char* const workbook_entry = "xl/workbook.xml";
    WorkbookXml workbook_xml;
    const XmlResult wb = parse_xml(*zip, workbook_entry, workbook_xml, file, diag);
    if (wb == XmlResult::Missing) {
        const bool ods = zip->has("content.xml") && zip->has("mimetype");
        diag.error(file, 0,
                   std::string(ods ? "这是 LibreOffice/OpenDocument 表格（.ods）"
                                   : "压缩包里没有 Excel 工作簿内容") +
                       "；请在 Excel/WPS 中另存为 .xlsx / " +
                       (ods ? "this is an OpenDocument spreadsheet (.ods)"
                            : "not an Excel workbook (the zip has no xl/workbook.xml)") +
                       "; save it as .xlsx in Excel/WPS");
        return std::nullopt;
    }
    if (wb != XmlResult::Ok) return std::nullopt;
    if (workbook_xml.sheets.empty() ||
        workbook_xml.sheets.size() > static_cast<size_t>(limits.max_sheets)) {
        diag.error(file, 0,
                   "工作表数量不对（" + std::to_string(workbook_xml.sheets.size()) +
                       " 个，应为 1 到 " + std::to_string(limits.max_sheets) +
                       " 个）；请检查工作簿 / the workbook has " +
                       std::to_string(workbook_xml.sheets.size()) + " sheets (1 to " +
                       std::to_string(limits.max_sheets) + " expected); check the workbook");
        return std::nullopt;
    }

    RelsXml rels;
    if (parse_xml(*zip, "xl/_rels/workbook.xml.rels", rels, file, diag) == XmlResult::Failed)
        return std::nullopt;
    StylesXml styles;
    if (parse_xml(*zip, rels.styles.empty() ? "xl/styles.xml" : rels.styles, styles, file, diag) ==
        XmlResult::Failed)
        return std::nullopt;
    SharedStrings shared(limits, file, diag);
    const XmlResult ss =
        parse_xml(*zip, rels.shared_strings.empty() ? "xl/sharedStrings.xml" : rels.shared_strings,
                  shared, file, diag);
    if (ss == XmlResult::Failed || ss == XmlResult::Stopped) return std::nullopt;

    NumberFormats formats;
    for (const int id : styles.xf_format) {
        const auto custom = styles.custom.find(id);
        const bool builtin = custom == styles.custom.end();
        const std::string code = builtin ? builtin_format_code(id) : custom->second;
        formats.push_back({code, format_kind(id, code, builtin)});
    }

    Workbook book;
    book.date1904 = workbook_xml.date1904;
    WorkbookTotals totals;
    for (const auto& entry : workbook_xml.sheets) {
        Sheet sheet;
        sheet.name = entry.name;
        sheet.state = entry.hidden ? Sheet::State::Hidden : Sheet::State::Visible;
        const auto target = rels.targets.find(entry.rel_id);
        if (target == rels.targets.end() || target->second.empty()) {
            diag.error(file, 0,
                       "找不到工作表「" + entry.name +
                           "」的内容；请在 Excel/WPS 中重新保存 / the sheet \"" + entry.name +
                           "\" has no content part; save the workbook again in Excel/WPS");
            return std::nullopt;
        }
        SheetXml sheet_xml(sheet, shared, formats, book.date1904, limits, totals, diag);
        const XmlResult r = parse_xml(*zip, target->second, sheet_xml, file, diag);
        if (r == XmlResult::Failed) return std::nullopt;
        if (r == XmlResult::Missing) {
            diag.error(file, 0,
                       "工作表「" + entry.name + "」的内容缺失（" + target->second +
                           "）；请在 Excel/WPS 中重新保存 / the sheet \"" + entry.name +
                           "\" is missing (" + target->second +
                           "); save the workbook again in Excel/WPS");
            return std::nullopt;
        }
        if (r == XmlResult::Stopped && sheet_xml.fatal) return std::nullopt;
        sheet_xml.finish();
        book.sheets.push_back(std::move(sheet));
    }
    return book;
}

}  // namespace kiosk::pack::xlsx
