// Workbook writer (workbook_writer.h). Sections: files · labels · cells · sheets · help sheet ·
// write_workbook
#include "kiosk/pack/workbook_writer.h"

#include <fcntl.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>
#include <vector>

#include "kiosk/pack/pack_reader.h"
#include "kiosk/pack/photo_files.h"

namespace kiosk::pack {

namespace fs = std::filesystem;

namespace {

using content::Column;
using content::Field;
using content::FieldKind;
using content::Table;

// --- files

[[noreturn]] void fail(const std::string& zh, const std::string& en) {
    throw std::runtime_error(zh + " / " + en);
}

void sync_path(const fs::path& path, int flags) {
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

// Renames a fully written temporary file to its real name, its bytes on the disk first.
void commit_file(const fs::path& tmp, const fs::path& out) {
    sync_path(tmp, O_RDONLY);
    std::error_code ec;
    fs::rename(tmp, out, ec);
    if (ec) {
        fs::remove(tmp, ec);
        fail("无法写入 " + out.string() + "；请检查U盘是否已满或只读",
             "cannot write " + out.string() + "; check that the stick is not full or read-only");
    }
    sync_path(out.parent_path(), O_RDONLY | O_DIRECTORY);
}

fs::path temp_beside(const fs::path& out) {
    return out.parent_path() /
           ("." + out.filename().string() + ".tmp-" + std::to_string(::getpid()));
}

// A name taken from a pack becomes a file name only when it cannot leave images/.
bool safe_file_name(const std::string& name) {
    return !name.empty() && name.size() <= 200 && name[0] != '.' &&
           std::none_of(name.begin(), name.end(), [](char c) {
               return c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
           });
}

void write_images(const PackContent& content, const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    // The picture files already there, by stem, listed once: another file with an image's stem
    // (x.PNG or x.heic beside x.jpg) would make the image's name ambiguous to the loader.
    std::map<std::string, std::vector<fs::path>> pictures;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (is_picture_file_name(e.path().filename().string()))
            pictures[e.path().stem().string()].push_back(e.path());
    for (const MediaRow& m : content.media) {
        const std::string name = media_file_name(m);
        if (!safe_file_name(name))
            fail("图片编号 \"" + m.id + "\" 不能用作文件名；请在内容里改名",
                 "the image id \"" + m.id + "\" cannot be a file name; rename it in the content");
        if (const auto same_stem = pictures.find(m.id); same_stem != pictures.end())
            for (const fs::path& other : same_stem->second)
                if (other.filename() != name) fs::remove(other, ec);
        const fs::path out = dir / name;
        const fs::path tmp = temp_beside(out);
        {
            std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
            f.write(reinterpret_cast<const char*>(m.image->bytes.data()),
                    static_cast<std::streamsize>(m.image->bytes.size()));
            f.close();
            if (!f) {
                fs::remove(tmp, ec);
                fail("无法写入图片 " + out.string() + "；请检查U盘是否已满或只读",
                     "cannot write the image " + out.string() +
                         "; check that the stick is not full or read-only");
            }
        }
        commit_file(tmp, out);
    }
}

// --- labels

// A column's short label: its help text up to the first separator, without a leading
// "1 = " (flags) or "可选：" / "optional: ".
std::string short_label(std::string help, bool zh) {
    for (const char* prefix : {"1 = ", "可选：", "optional: "})
        if (help.rfind(prefix, 0) == 0) help.erase(0, std::string(prefix).size());
    const auto stops = zh ? std::vector<std::string>{"：", "，", "（", " "}
                          : std::vector<std::string>{":", ",", " (", ";", " e.g.", " 1"};
    size_t end = help.size();
    for (const std::string& s : stops) end = std::min(end, help.find(s));
    return help.substr(0, end);
}

struct Labels {
    std::string zh, en;
};

Labels field_labels(const Field& f) {
    // The Bilingual field without a name is the row's own text (alliance: zh, en).
    if (f.kind == FieldKind::Bilingual && !f.name[0]) return {"内容", "text"};
    return {short_label(f.help_zh, true), short_label(f.help_en, false)};
}

// The language of a Bilingual field's column (name_zh → 0), or -1.
int column_lang(const Field& f, const std::string& column) {
    if (f.kind != FieldKind::Bilingual) return -1;
    return column == content::bilingual_column(f, 0) ? 0 : 1;
}

// --- cells

// A file column of a table's sheet and where its cells come from.
struct SheetColumn {
    const Field* field;
    std::string name;
    int lang = -1;
    size_t stored = 0;  // its index in content::columns(), for stored fields
    std::map<std::string, std::vector<std::string>> links;  // Links: owner → targets
    std::string list;  // the defined name of its dropdown source, or empty
};

// A Ref shown by its target's Chinese name: a target with a Bilingual `name` field.
const Field* target_name_field(const Field& f) {
    if (f.kind != FieldKind::Ref) return nullptr;
    const Field* name = content::find_field(*content::find_table(f.target), "name");
    return name && name->kind == FieldKind::Bilingual ? name : nullptr;
}

// The Chinese names Ref cells show, for the keys whose name is set and unique; names in the
// target's row order (its dropdown).
struct Names {
    std::map<std::string, std::string> of;  // key → name
    std::vector<std::string> in_order;
};

Names names_of(const PackContent& c, const Table& target) {
    const auto cols = content::columns(target);
    const std::string key = target.key[0];
    const std::string name = content::bilingual_column(*content::find_field(target, "name"), 0);
    size_t k = 0, n = 0;
    for (size_t i = 0; i < cols.size(); ++i) {
        if (cols[i].name == key) k = i;
        if (cols[i].name == name) n = i;
    }
    Names out;
    std::map<std::string, int> uses;
    for (const Row& r : c.of(target.name)) ++uses[value_text(r.values[n])];
    for (const Row& r : c.of(target.name)) {
        const std::string text = value_text(r.values[n]);
        if (text.empty() || uses[text] != 1) continue;
        out.of[value_text(r.values[k])] = text;
        out.in_order.push_back(text);
    }
    return out;
}

class Sheets {
  public:
    Sheets(const PackContent& c, lxw_workbook* wb) : c_(c), wb_(wb) {
        text_ = workbook_add_format(wb);
        format_set_num_format(text_, "@");
        format_set_align(text_, LXW_ALIGN_VERTICAL_TOP);
        wrapped_ = workbook_add_format(wb);
        format_set_num_format(wrapped_, "@");
        format_set_align(wrapped_, LXW_ALIGN_VERTICAL_TOP);
        format_set_text_wrap(wrapped_);
        number_ = workbook_add_format(wb);
        format_set_align(number_, LXW_ALIGN_VERTICAL_TOP);
        header_ = workbook_add_format(wb);
        format_set_bold(header_);
        format_set_text_wrap(header_);
        format_set_align(header_, LXW_ALIGN_VERTICAL_TOP);
        format_set_bg_color(header_, 0xDDEBF7);
        format_set_bottom(header_, LXW_BORDER_THIN);
        for (const MediaRow& m : c.media) media_files_[m.id] = media_file_name(m);
    }

    void add_table(const Table& table);
    void add_lists();  // last: the hidden sheet of every dropdown source the tables used

  private:
    std::string cell_text(const Table& table, const SheetColumn& col, const Row& row,
                          const std::string& key);
    std::string list_for(const Table& table, const Field& f);
    void check(lxw_error err, const std::string& sheet, int row, int col);

    const PackContent& c_;
    lxw_workbook* wb_;
    lxw_format *text_, *wrapped_, *number_, *header_;
    std::map<std::string, std::string> media_files_;  // id → file name
    std::map<std::string, Names> names_;              // by table
    struct List {
        std::string name, heading;
        std::vector<std::string> items;
    };
    std::vector<List> lists_;
};

void Sheets::check(lxw_error err, const std::string& sheet, int row, int col) {
    if (err == LXW_NO_ERROR) return;
    char cell[16];
    lxw_rowcol_to_cell(cell, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col));
    fail("无法写入 " + sheet + "!" + cell + "（" + lxw_strerror(err) + "）；请缩短该内容",
         "cannot write " + sheet + "!" + cell + " (" + lxw_strerror(err) + "); shorten it");
}

// The defined name of a field's dropdown source, its items added to the lists sheet once.
std::string Sheets::list_for(const Table& table, const Field& f) {
    std::string name;
    List list;
    if (f.kind == FieldKind::Flag) {
        name = "list_yes_no";
        list = {name, "是/否 yes/no", {kYes, kNo}};
    } else if (f.kind == FieldKind::Enum) {
        name = std::string("list_") + table.name + "_" + f.name;
        list = {name, sheet_name(table) + ": " + f.name, {}};
        for (const auto& v : f.values) list.items.emplace_back(v.zh);
    } else if (target_name_field(f)) {
        const Table& target = *content::find_table(f.target);
        name = std::string("list_") + target.name + "_names";
        list = {name, sheet_name(target) + ": name_zh", {}};
        list.items = names_[target.name].in_order;
    } else {
        return {};
    }
    if (list.items.empty()) return {};
    if (std::none_of(lists_.begin(), lists_.end(), [&](const List& l) { return l.name == name; }))
        lists_.push_back(std::move(list));
    return name;
}

std::string Sheets::cell_text(const Table& table, const SheetColumn& col, const Row& row,
                              const std::string& key) {
    const Field& f = *col.field;
    switch (f.kind) {
        case FieldKind::Links: {
            const auto it = col.links.find(key);
            std::string out;
            if (it != col.links.end())
                for (const std::string& t : it->second) out += (out.empty() ? "" : ";") + t;
            return out;
        }
        case FieldKind::Pinyin: {
            const auto it = c_.pinyin.find(PackContent::pinyin_key(table.name, key));
            return it == c_.pinyin.end() ? "" : it->second;
        }
        default:
            break;
    }
    const Value& v = row.values[col.stored];
    const std::string text = value_text(v);
    if (std::holds_alternative<std::monostate>(v)) return {};
    switch (f.kind) {
        case FieldKind::Flag:
            return text == "0" ? kNo : kYes;
        case FieldKind::Enum: {
            const content::EnumValue* e = content::enum_value(f, text);
            return e ? e->zh : text;
        }
        case FieldKind::Ref: {
            if (!target_name_field(f)) return text;
            const auto& names = names_[f.target].of;
            const auto it = names.find(text);
            return it == names.end() ? text : it->second;
        }
        case FieldKind::Image: {
            const auto it = media_files_.find(text);
            return it == media_files_.end() ? text : it->second;
        }
        default:
            return text;
    }
}

// --- sheets

double column_width(const Field& f) {
    switch (f.kind) {
        case FieldKind::Text:
        case FieldKind::Bilingual:
            return f.max_chars >= 600 ? 50 : f.max_chars >= 300 ? 36 : f.max_chars > 64 ? 24 : 14;
        case FieldKind::Links:
            return 30;
        case FieldKind::Ref:
        case FieldKind::Image:
        case FieldKind::Pinyin:
            return 24;
        case FieldKind::Id:
            return 18;
        case FieldKind::Enum:
        case FieldKind::Icon:
        case FieldKind::Date:
            return 14;
        default:
            return 10;
    }
}

bool wraps(const Field& f) {
    return (f.kind == FieldKind::Text || f.kind == FieldKind::Bilingual) && f.max_chars > 64;
}

// Display width in Excel's units: a CJK character takes two.
double text_width(const std::string& s) {
    double w = 0;
    for (unsigned char ch : s)
        if ((ch & 0xC0) != 0x80) w += ch >= 0xE0 ? 2 : 1;
    return w;
}

void Sheets::add_table(const Table& table) {
    const std::string name = sheet_name(table);
    lxw_worksheet* ws = workbook_add_worksheet(wb_, name.c_str());
    if (!ws) throw std::logic_error("the sheet name \"" + name + "\" is not valid in Excel");
    const auto stored = content::columns(table);
    std::vector<SheetColumn> cols;
    for (const Field& f : table.fields) {
        for (const std::string& file_col : content::file_columns(f)) {
            SheetColumn col{&f, file_col, column_lang(f, file_col), 0, {}, {}};
            for (size_t i = 0; i < stored.size(); ++i)
                if (stored[i].field == &f && stored[i].lang == col.lang) col.stored = i;
            if (f.kind == FieldKind::Links) col.links = linked_ids(c_, f);
            if (const Field* n = target_name_field(f); n && !names_.contains(f.target))
                names_[f.target] = names_of(c_, *content::find_table(f.target));
            col.list = list_for(table, f);
            cols.push_back(std::move(col));
        }
    }
    size_t key_col = 0;
    for (size_t i = 0; i < stored.size(); ++i)
        if (stored[i].name == table.key[0]) key_col = i;

    worksheet_set_row(ws, 0, 45, header_);
    worksheet_freeze_panes(ws, 1, 0);
    for (size_t i = 0; i < cols.size(); ++i) {
        const auto c = static_cast<lxw_col_t>(i);
        const Field& f = *cols[i].field;
        lxw_format* format = f.kind == FieldKind::Integer ? number_ : wraps(f) ? wrapped_ : text_;
        worksheet_set_column(ws, c, c, column_width(f), format);
        check(worksheet_write_string(ws, 0, c, header_cell(f, cols[i].name).c_str(), header_), name,
              0, static_cast<int>(i));
        if (cols[i].list.empty()) continue;
        lxw_data_validation dv{};
        dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
        const std::string source = "=" + cols[i].list;
        dv.value_formula = const_cast<char*>(source.c_str());
        // A Ref may name a row added in this workbook: warn, but let staff keep it.
        const bool ref = f.kind == FieldKind::Ref;
        dv.error_type = ref ? LXW_VALIDATION_ERROR_TYPE_WARNING : LXW_VALIDATION_ERROR_TYPE_STOP;
        std::string error_title = "请从列表中选择";
        std::string error_message =
            ref ? "不在列表中；若是本工作簿新加的行，可以保留。/ Not in the list; keep it if it "
                  "names a row added in this workbook."
                : "请从下拉列表中选择。/ Pick a value from the list.";
        dv.error_title = error_title.data();
        dv.error_message = error_message.data();
        check(worksheet_data_validation_range(ws, 1, c, LXW_ROW_MAX - 1, c, &dv), name, 1,
              static_cast<int>(i));
    }
    const auto& rows = c_.of(table.name);
    for (size_t r = 0; r < rows.size(); ++r) {
        const auto excel_row = static_cast<lxw_row_t>(r + 1);
        const std::string key = value_text(rows[r].values[key_col]);
        double lines = 1;
        for (size_t i = 0; i < cols.size(); ++i) {
            const Field& f = *cols[i].field;
            const auto c = static_cast<lxw_col_t>(i);
            const int at = static_cast<int>(i);
            if (f.kind == FieldKind::Integer) {
                if (const auto* n = std::get_if<long long>(&rows[r].values[cols[i].stored])) {
                    check(
                        worksheet_write_number(ws, excel_row, c, static_cast<double>(*n), number_),
                        name, static_cast<int>(excel_row), at);
                    continue;
                }
            }
            const std::string text = cell_text(table, cols[i], rows[r], key);
            if (text.empty()) continue;
            const bool wrap = wraps(f);
            check(worksheet_write_string(ws, excel_row, c, text.c_str(), wrap ? wrapped_ : text_),
                  name, static_cast<int>(excel_row), at);
            if (wrap) lines = std::max(lines, text_width(text) / column_width(f) + 1);
        }
        // Long texts show their start; the whole text is in the cell.
        if (lines > 1.5)
            worksheet_set_row(ws, excel_row, 15 * std::min(static_cast<int>(lines), 6), nullptr);
    }
}

void Sheets::add_lists() {
    lxw_worksheet* ws = workbook_add_worksheet(wb_, kListsSheet);
    worksheet_hide(ws);
    for (size_t i = 0; i < lists_.size(); ++i) {
        const List& l = lists_[i];
        const auto c = static_cast<lxw_col_t>(i);
        worksheet_set_column(ws, c, c, 24, text_);
        check(worksheet_write_string(ws, 0, c, l.heading.c_str(), header_), kListsSheet, 0,
              static_cast<int>(i));
        for (size_t r = 0; r < l.items.size(); ++r)
            check(worksheet_write_string(ws, static_cast<lxw_row_t>(r + 1), c, l.items[r].c_str(),
                                         text_),
                  kListsSheet, static_cast<int>(r + 1), static_cast<int>(i));
        char first[16], last[16];
        lxw_rowcol_to_cell_abs(first, 1, c, 1, 1);
        lxw_rowcol_to_cell_abs(last, static_cast<lxw_row_t>(l.items.size()), c, 1, 1);
        const std::string range = std::string("=") + kListsSheet + "!" + first + ":" + last;
        check(workbook_define_name(wb_, l.name.c_str(), range.c_str()), kListsSheet, 0,
              static_cast<int>(i));
    }
}

// --- help sheet

// What a column takes beyond its help text: the choices of a dropdown, the form of a cell.
Labels column_notes(const Field& f) {
    switch (f.kind) {
        case FieldKind::Flag:
            return {"填 是 或 否", "是 (yes) or 否 (no)"};
        case FieldKind::Enum: {
            Labels out{"可选：", "one of: "};
            for (size_t i = 0; i < f.values.size(); ++i) {
                out.zh += (i ? "、" : "") + std::string(f.values[i].zh);
                out.en += (i ? ", " : "") + std::string(f.values[i].en);
            }
            return out;
        }
        case FieldKind::Ref: {
            const Table& target = *content::find_table(f.target);
            const std::string sheet = sheet_name(target);
            if (target_name_field(f))
                return {"从下拉列表选“" + sheet + "”中的名称，或填编号",
                        "pick a name from the list (rows of \"" + sheet + "\"), or write its id"};
            return {"填“" + sheet + "”中的编号", "an id from \"" + sheet + "\""};
        }
        case FieldKind::Links:
            if (std::string(f.help_zh).find(';') != std::string::npos) return {};
            return {
                "“" + sheet_name(*content::find_table(f.target)) + "”中的编号，多个用 ; 分隔",
                "ids from \"" + sheet_name(*content::find_table(f.target)) + "\", separated by ;"};
        case FieldKind::Image:
            return {"图片放在 images 文件夹，这里写文件名，如 logo.jpg",
                    "put the picture in images/ and write its file name here, e.g. logo.jpg"};
        case FieldKind::Date:
            return {"写成 2024-04-28", "write as 2024-04-28"};
        default:
            return {};
    }
}

void add_help_sheet(lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, kHelpSheet);
    lxw_format* title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    format_set_text_wrap(bold);
    format_set_align(bold, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(bold, 0xDDEBF7);
    lxw_format* wrap = workbook_add_format(wb);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    worksheet_set_column(ws, 0, 0, 26, wrap);
    worksheet_set_column(ws, 1, 1, 18, wrap);
    worksheet_set_column(ws, 2, 3, 60, wrap);
    lxw_row_t row = 0;
    const auto put = [&](const std::string& a, const std::string& b, const std::string& zh,
                         const std::string& en, lxw_format* f) {
        worksheet_write_string(ws, row, 0, a.c_str(), f);
        worksheet_write_string(ws, row, 1, b.c_str(), f);
        worksheet_write_string(ws, row, 2, zh.c_str(), f);
        worksheet_write_string(ws, row, 3, en.c_str(), f);
        ++row;
    };
    worksheet_write_string(ws, row++, 0, "内容工作簿说明 · How to use this workbook", title);
    const std::pair<const char*, const char*> notes[] = {
        {"每个工作表是一张内容表，每行一条，行的先后就是屏幕上的顺序。",
         "Each sheet is one table, one row per entry; the order of the rows is the order on "
         "screen."},
        {"第 1 行是表头。表头第二行的列名和工作表名最后的英文词用于识别，请勿修改。",
         "Row 1 is the header. The column name on its second line and the last word of each "
         "sheet's name identify them: do not change them."},
        {"图片放在本文件旁的 images 文件夹里，单元格里写文件名（JPEG 或 PNG）。",
         "Pictures go in the images folder next to this file; cells hold the file name (JPEG or "
         "PNG)."},
        {"有下拉箭头的列请从列表中选择；是/否 列填 是 或 否。",
         "Columns with a dropdown arrow: pick from the list; yes/no columns take 是 or 否."},
        {"多个编号用英文分号 ; 分隔，如 nju;seu。日期写成 2024-04-28。",
         "Several ids are separated by ;, e.g. nju;seu. Dates are written 2024-04-28."},
        {"改完后保存为 .xlsx，连同 images 文件夹放进U盘的 kiosk 文件夹。",
         "Save as .xlsx and put it with the images folder into the stick's kiosk folder."},
    };
    for (const auto& [zh, en] : notes) put("", "", zh, en, wrap);
    ++row;
    put("工作表 Sheet", "列 Column", "中文说明", "English", bold);
    for (const Table& table : content::tables()) {
        if (table.source != content::Source::File) continue;
        put(sheet_name(table), "", std::string(table.label_zh) + "：每行一条",
            std::string(table.label_en) + ": one row each", bold);
        for (const Field& f : table.fields) {
            const Labels extra = column_notes(f);
            for (const std::string& col : content::file_columns(f)) {
                const int lang = column_lang(f, col);
                std::string zh = f.help_zh, en = f.help_en;
                if (lang >= 0) {
                    zh += lang == 0 ? "（中文）" : "（英文）";
                    en += lang == 0 ? " (Chinese)" : " (English)";
                }
                if (!extra.zh.empty()) zh += "。" + extra.zh;
                if (!extra.en.empty()) en += ". " + extra.en;
                put(sheet_name(table), col, zh, en, wrap);
            }
        }
    }
}

}  // namespace

std::string sheet_name(const Table& table) {
    return std::string(table.label_zh) + " " + table.file;
}

std::string header_cell(const Field& field, const std::string& column) {
    const Labels l = field_labels(field);
    std::string line = l.zh;
    switch (column_lang(field, column)) {
        case 0:
            line += "（中文） " + l.en + " (Chinese)";
            break;
        case 1:
            line += "（英文） " + l.en + " (English)";
            break;
        default:
            line += " " + l.en;
    }
    return line + "\n" + column;
}

// --- write_workbook

void write_workbook(const PackContent& content, const std::string& out_dir,
                    const WorkbookOptions& options) {
    const fs::path dir(out_dir.empty() ? "." : out_dir);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (!fs::is_directory(dir, ec))
        fail("无法创建文件夹 " + dir.string() + "；请检查U盘是否已满或只读",
             "cannot make the folder " + dir.string() +
                 "; check that the stick is not full or read-only");
    write_images(content, dir / "images");

    const fs::path out = dir / options.file_name;
    const fs::path tmp = temp_beside(out);
    fs::remove(tmp, ec);
    lxw_workbook_options wo{};
    lxw_workbook* wb = workbook_new_opt(tmp.c_str(), &wo);
    if (!wb) throw std::bad_alloc();
    try {
        add_help_sheet(wb);
        Sheets sheets(content, wb);
        for (const Table& table : content::tables())
            if (table.source == content::Source::File) sheets.add_table(table);
        sheets.add_lists();
    } catch (...) {
        workbook_close(wb);
        fs::remove(tmp, ec);
        throw;
    }
    const lxw_error closed = workbook_close(wb);
    if (closed != LXW_NO_ERROR) {
        fs::remove(tmp, ec);
        fail("无法写入 " + out.string() + "（" + lxw_strerror(closed) +
                 "）；请检查U盘是否已满或只读",
             "cannot write " + out.string() + " (" + lxw_strerror(closed) +
                 "); check that the stick is not full or read-only");
    }
    commit_file(tmp, out);
}

}  // namespace kiosk::pack
