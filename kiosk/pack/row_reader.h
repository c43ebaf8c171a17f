// Typed, validated access to the cells of one row of a CSV file or a workbook sheet. Every
// problem is recorded in Chinese and English as "where: column: what is wrong, what to do" and a
// usable default is returned, so loading goes on and all errors of a source are reported in one
// run.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "kiosk/core/content_tables.h"
#include "kiosk/pack/csv_table.h"
#include "kiosk/pack/diagnostics.h"

namespace kiosk::pack {

// Length limits in characters (code points), generous for real texts, catching pasted chapters.
inline constexpr size_t kMaxName = 120;
inline constexpr size_t kMaxShort = 300;
inline constexpr size_t kMaxSummary = 600;
inline constexpr size_t kMaxLong = 6000;

size_t count_code_points(const std::string& utf8);

// Checks that `table` has all the columns of `wanted` (any order) and no others than those and
// `optional`. Reports missing, unknown and duplicated columns on line 1 (a duplicated one at its
// second cell); false when a wanted one is missing.
bool check_columns(const CsvTable& table, const std::vector<std::string>& wanted,
                   const std::vector<std::string>& optional, Diagnostics& diag);

class RowReader {
  public:
    RowReader(const CsvTable& table, const CsvRow& row, Diagnostics& diag)
        : table_(table), row_(row), diag_(diag) {}

    // Where the cell of `column` is, for messages ("members.csv:14", "成员 members!C14").
    std::string where(const std::string& column) const;
    int line() const { return row_.line; }
    // What is wrong with the cell of `column` and what to do, in Chinese and English.
    void error(const std::string& column, const std::string& zh, const std::string& en) const;

    const std::string& raw(const std::string& column) const;
    // Lower-case letters, digits, '-' and '_' (ids are written in other files, keep them simple).
    std::string id(const std::string& column) const;
    // Non-empty text of at most max_chars characters.
    std::string text(const std::string& column, size_t max_chars) const;
    std::string optional_text(const std::string& column, size_t max_chars) const;
    // 1, 是, yes, true (a workbook's TRUE) or 0, 否, no, false; empty = no.
    bool flag(const std::string& column) const;
    int integer(const std::string& column, int min, int max) const;
    // The id of one of `values`, written as the id or as its Chinese or English label (a
    // workbook's dropdown shows the Chinese label).
    std::string one_of(const std::string& column, std::span<const content::EnumValue> values) const;
    // Ids separated by ';' (also the full-width '；' and ','), each checked like id().
    std::vector<std::string> id_list(const std::string& column) const;
    // Optional pinyin override: lower-case syllables a-z (ü as v) separated by spaces.
    std::string pinyin(const std::string& column) const;

  private:
    const CsvTable& table_;
    const CsvRow& row_;
    Diagnostics& diag_;
};

}  // namespace kiosk::pack
