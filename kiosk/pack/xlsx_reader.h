// Reads an Excel/WPS/LibreOffice workbook (.xlsx) into plain sheets of cell texts, for the
// workbook content loader.
//
// Hand-written because Debian 12 packages no xlsx reader for C/C++ (freexl reads only the old
// .xls). It is built on libminizip (unzip, from memory) and libexpat. A workbook comes from a
// USB stick and is hostile until checked: the file size, every zip entry's inflated size (counted
// while inflating, never trusted from the header), the inflate ratio, the total, the rows, cells,
// sheets, shared strings and the text of all cells are capped, and any DTD is refused (no entity
// expansion). Every refusal goes into Diagnostics in Chinese then English, saying what to do.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/pack/diagnostics.h"

namespace kiosk::pack::xlsx {

struct XlsxLimits {
    std::uint64_t max_file_bytes = 64u << 20;
    std::uint64_t max_entry_bytes = 64u << 20;   // inflated, per zip entry
    std::uint64_t max_total_bytes = 256u << 20;  // inflated, all entries read
    std::uint64_t max_ratio = 200;               // inflated : compressed, once past 1 MiB
    int max_zip_entries = 10'000;
    int max_sheets = 64;
    int max_rows = 20'000;  // per sheet, counting row numbers of rows that hold a value
    int max_columns = 1'000;
    std::size_t max_cells = 1'000'000;  // whole workbook
    std::size_t max_shared_strings = 1'000'000;
    std::size_t max_cell_chars = 32'767;  // Unicode characters, as Excel
    // Bytes of all cell texts of the workbook: every cell that refers to a shared string holds
    // its own copy, so a million cells of one long string would otherwise be tens of GB.
    std::uint64_t max_text_bytes = 64u << 20;
};

struct Cell {
    enum class Kind { Text, Number, Bool, Date, Error };
    int col = 0;  // 1-based
    Kind kind = Kind::Text;
    // As a person sees it: integers without ".0" (zero-padded when the format is only zeros,
    // like "000"), other numbers in up to 15 significant digits, dates as YYYY-MM-DD (plus
    // " HH:MM[:SS]" when the format shows a time), booleans as TRUE/FALSE, errors as "#N/A" etc.
    std::string text;
    double number = 0;  // Number, Date (the serial), Bool (0 or 1)
    // A Number cell whose text starts with a zero only because its format pads it: someone
    // typed an id like 007 as a number. Without such a format the zero is already gone; the
    // loader warns about any Number cell in an id column.
    bool zero_padded = false;
};

struct Row {
    int row = 0;              // 1-based
    std::vector<Cell> cells;  // ascending col; empty and whitespace-only cells left out
};

struct Sheet {
    enum class State { Visible, Hidden };  // "veryHidden" reads as Hidden
    std::string name;
    State state = State::Visible;
    std::vector<Row> rows;            // ascending row; rows without a value left out
    std::vector<std::string> merged;  // "A1:B2"; any merged range is also an error in diag
};

struct Workbook {
    std::vector<Sheet> sheets;  // in workbook (tab) order
    bool date1904 = false;
};

// Errors name the workbook file, or "sheet!C14" for a cell. Returns nullopt when the file cannot
// be read at all; a workbook is returned with errors in diag for problems inside sheets (formula
// without a cached value, over-long cell, merged cells, too many rows), so staff see all of them.
std::optional<Workbook> read_xlsx(const std::string& path, Diagnostics& diag,
                                  const XlsxLimits& limits = {});

// "C14" for row 14, column 3.
std::string cell_address(int row, int col);

}  // namespace kiosk::pack::xlsx
