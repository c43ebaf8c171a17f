// Workbook sheets as the loader's tables (workbook_source.h).
#include "kiosk/pack/workbook_source.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "kiosk/pack/text.h"
#include "kiosk/pack/workbook_layout.h"
#include "kiosk/pack/xlsx_reader.h"

namespace kiosk::pack {

namespace fs = std::filesystem;

namespace {

using content::FieldKind;
using content::Table;

// A header cell is "类型 Kind\nkind": the machine name is its last non-empty line.
std::string column_name(const std::string& header_cell) {
    std::string last;
    size_t start = 0;
    while (start <= header_cell.size()) {
        const size_t end = std::min(header_cell.find('\n', start), header_cell.size());
        if (std::string line = trim(header_cell.substr(start, end - start)); !line.empty())
            last = std::move(line);
        start = end + 1;
    }
    return ascii_lower(last);
}

// The table a sheet holds: the last word of its name ("成员 members" → members).
std::string table_file_of(const std::string& sheet_name) {
    const std::string name = trim(sheet_name);
    const size_t space = name.find_last_of(" ");
    return ascii_lower(space == std::string::npos ? name : name.substr(space + 1));
}

// Columns whose cells are ids: a number typed there may have lost its leading zeros.
std::set<std::string> id_columns(const Table& table) {
    std::set<std::string> out;
    for (const content::Field& f : table.fields)
        if (f.kind == FieldKind::Id || f.kind == FieldKind::Ref || f.kind == FieldKind::Links)
            for (const std::string& col : content::file_columns(f)) out.insert(col);
    return out;
}

class WorkbookTables : public TableSource {
  public:
    explicit WorkbookTables(const xlsx::Workbook& book) : book_(book) {}

    const xlsx::Sheet* sheet_of(const Table& table) const {
        for (const xlsx::Sheet& s : book_.sheets)
            if (table_file_of(s.name) == table.file) return &s;
        return nullptr;
    }

    std::string name_of(const Table& table) const override {
        if (const xlsx::Sheet* s = sheet_of(table)) return s->name;
        return std::string(table.label_zh) + " " + table.file;
    }

    std::optional<CsvTable> read(const Table& table, const std::vector<std::string>& columns,
                                 Diagnostics& diag) const override {
        const xlsx::Sheet* sheet = sheet_of(table);
        const std::string name = name_of(table);
        if (sheet == nullptr) {
            diag.error(
                name,
                "缺少工作表“" + name + "”；请从展示机导出的工作簿开始修改，不要删除或改名工作表",
                "missing sheet \"" + name +
                    "\"; start from the workbook the kiosk exports, and keep its sheets "
                    "and their names");
            return std::nullopt;
        }
        if (sheet->rows.empty() || sheet->rows.front().row != 1) {
            std::string list;
            for (const auto& c : columns) list += (list.empty() ? "" : ", ") + c;
            diag.error(name + "!1", "第 1 行应为表头，请从导出的工作簿复制表头：" + list,
                       "row 1 must be the header row; copy it from the exported workbook: " + list);
            return std::nullopt;
        }
        CsvTable t;
        t.file = name;
        std::vector<int> position_of_column;  // sheet column → header position, or -1
        for (const xlsx::Cell& c : sheet->rows.front().cells) {
            if (position_of_column.size() <= static_cast<size_t>(c.col))
                position_of_column.resize(static_cast<size_t>(c.col) + 1, -1);
            position_of_column[static_cast<size_t>(c.col)] = static_cast<int>(t.header.size());
            t.header.push_back(column_name(c.text));
            t.sheet_columns.push_back(c.col);
        }
        const std::set<std::string> ids = id_columns(table);
        for (size_t r = 1; r < sheet->rows.size(); ++r) {
            const xlsx::Row& row = sheet->rows[r];
            CsvRow out{row.row, std::vector<std::string>(t.header.size())};
            bool any = false;
            for (const xlsx::Cell& c : row.cells) {
                const size_t col = static_cast<size_t>(c.col);
                const int at = col < position_of_column.size() ? position_of_column[col] : -1;
                if (at < 0) {
                    diag.error(name + "!" + xlsx::cell_address(row.row, c.col),
                               "这一格在没有表头的列里；请把内容移到有表头的列，或删除它",
                               "this cell is in a column without a header; move it under a "
                               "header or delete it");
                    continue;
                }
                const std::string& column = t.header[static_cast<size_t>(at)];
                if (c.kind == xlsx::Cell::Kind::Number && ids.contains(column) && !c.zero_padded)
                    diag.notice(name + "!" + xlsx::cell_address(row.row, c.col),
                                column + "：编号“" + c.text +
                                    "”是以数字输入的；如果原来开头有 0（如 007），0 "
                                    "已被去掉：请把这一列设为文本后重新输入",
                                column + ": the id \"" + c.text +
                                    "\" was typed as a number; if it had leading zeros (007), "
                                    "they are gone: format the column as text and type it again");
                out.cells[static_cast<size_t>(at)] = trim(c.text);
                any = true;
            }
            if (any) t.rows.push_back(std::move(out));
        }
        return t;
    }

  private:
    const xlsx::Workbook& book_;
};

}  // namespace

bool is_workbook_path(const std::string& path) {
    const std::string ext = ascii_lower(fs::path(path).extension().string());
    return ext == ".xlsx" || ext == ".xls" || ext == ".et";
}

std::optional<PackContent> load_workbook(const std::string& xlsx_path, Diagnostics& diag,
                                         const LoadOptions& options) {
    const std::optional<xlsx::Workbook> book = xlsx::read_xlsx(xlsx_path, diag);
    if (!book) return std::nullopt;
    const WorkbookTables tables(*book);
    // The sheets the loader does not read, said once, so a renamed sheet is not silently skipped.
    std::set<std::string> read;
    for (const Table& t : content::tables())
        if (t.source == content::Source::File) read.insert(t.file);
    for (const xlsx::Sheet& s : book->sheets)
        if (s.state == xlsx::Sheet::State::Visible && !read.contains(table_file_of(s.name)) &&
            table_file_of(s.name) != table_file_of(kHelpSheet))
            diag.notice(s.name, "这个工作表不是内容表，未读取",
                        "this sheet holds no content table; it was not read");
    const fs::path dir = fs::path(xlsx_path).parent_path();
    std::optional<PackContent> content =
        load_content(tables, dir.empty() ? "." : dir.string(), diag, options);
    if (!diag.ok()) return std::nullopt;  // the reader's problems inside sheets count too
    return content;
}

}  // namespace kiosk::pack
