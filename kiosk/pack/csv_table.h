// Reads one spreadsheet-exported CSV file into rows of named fields, remembering the line each
// row starts on. A workbook sheet is read into the same table (workbook_source.h), remembering the
// sheet column of each field, so every problem names its cell ("成员 members!C14"). Accepts UTF-8
// (with or without BOM); converts GB18030/GBK (what Chinese spreadsheet programs save by default)
// with a notice; refuses anything else naming the file.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/pack/diagnostics.h"

namespace kiosk::pack {

struct CsvRow {
    int line = 0;                    // line of the file where the row starts (1 = header)
    std::vector<std::string> cells;  // trimmed, in header order (missing cells are empty)
};

struct CsvTable {
    std::string file;                 // name used in messages: "members.csv", "成员 members"
    std::vector<std::string> header;  // column names, trimmed and lower-case
    std::vector<CsvRow> rows;         // data rows only; rows whose cells are all empty are dropped
    // A sheet's table: the sheet column (1 = A) each header entry came from. Empty for a CSV file.
    std::vector<int> sheet_columns;

    // Column position by name, or -1.
    int column(std::string_view name) const;
    // Where a cell is, for messages: "members.csv:14", or "成员 members!C14" for a sheet (line
    // is then the sheet's row). column < 0: the line or row as a whole.
    std::string where(int line, int column) const;
};

// Decodes raw file bytes to UTF-8: strips a UTF-8 BOM; converts GB18030 with a notice; returns
// nullopt after an error naming `file` and the encoding when neither works.
std::optional<std::string> decode_text(const std::string& bytes, const std::string& file,
                                       Diagnostics& diag);

// Parses decoded CSV text (first row = header). Errors go to diag with file:line.
std::optional<CsvTable> parse_csv(const std::string& utf8_text, const std::string& file,
                                  Diagnostics& diag);

// Reads, decodes and parses `path`; `file` is the name used in messages.
std::optional<CsvTable> read_csv_file(const std::string& path, const std::string& file,
                                      Diagnostics& diag);

bool is_valid_utf8_text(std::string_view s);

}  // namespace kiosk::pack
