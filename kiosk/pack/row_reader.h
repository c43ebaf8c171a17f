// Typed, validated access to the cells of one CSV row. Every problem is recorded as
// "file:line: column: what is wrong" and a usable default is returned, so loading goes on and
// all errors of a folder are reported in one run.
#pragma once

#include <set>
#include <string>
#include <vector>

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
// `optional`. Reports missing and unknown columns on line 1; false when a wanted one is missing.
bool check_columns(const CsvTable& table, const std::vector<std::string>& wanted,
                   const std::vector<std::string>& optional, Diagnostics& diag);

class RowReader {
  public:
    RowReader(const CsvTable& table, const CsvRow& row, Diagnostics& diag)
        : table_(table), row_(row), diag_(diag) {}

    int line() const { return row_.line; }
    const std::string& file() const { return table_.file; }
    void error(const std::string& column, const std::string& what) const;

    const std::string& raw(const std::string& column) const;
    // Lower-case letters, digits, '-' and '_' (ids are written in other files, keep them simple).
    std::string id(const std::string& column) const;
    // Non-empty text of at most max_chars characters.
    std::string text(const std::string& column, size_t max_chars) const;
    std::string optional_text(const std::string& column, size_t max_chars) const;
    // 0 or 1; empty = 0.
    bool flag(const std::string& column) const;
    int integer(const std::string& column, int min, int max) const;
    std::string one_of(const std::string& column, const std::set<std::string>& allowed) const;
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
