// The sheet layer of the xlsx reader: shared strings and worksheets, read as expat streams into
// xlsx::Sheet rows, with every limit checked as the cells arrive.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/pack/diagnostics.h"
#include "kiosk/pack/xlsx_reader.h"
#include "kiosk/pack/xlsx_values.h"
#include "kiosk/pack/xlsx_xml.h"

namespace kiosk::pack::xlsx {

// The text of <t> elements (plain, or the runs <r><t> of rich text), skipping the phonetic
// guides <rPh>, counted in characters and cut at the limit.
class TextCapture {
  public:
    explicit TextCapture(size_t max_chars) : max_chars_(max_chars) {}
    void start(std::string_view name);
    void end(std::string_view name);
    void text(std::string_view s);
    void clear();
    std::string take() { return std::move(text_); }
    bool too_long() const { return too_long_; }

  private:
    size_t max_chars_;
    std::string text_;
    size_t chars_ = 0;
    bool too_long_ = false;
    bool in_t_ = false;
    int in_phonetic_ = 0;
};

struct SharedString {
    std::string text;
    bool too_long = false;
};

class SharedStrings : public XmlHandler {
  public:
    SharedStrings(const XlsxLimits& limits, const std::string& file, Diagnostics& diag)
        : limits_(limits), file_(file), diag_(diag), capture_(limits.max_cell_chars) {}
    void start(std::string_view name, const char** attrs) override;
    void end(std::string_view name) override;
    void text(std::string_view s) override { capture_.text(s); }
    std::vector<SharedString> strings;

  private:
    const XlsxLimits& limits_;
    std::string file_;
    Diagnostics& diag_;
    TextCapture capture_;
};

struct NumberFormat {
    std::string code;
    FormatKind kind = FormatKind::Number;
};
using NumberFormats = std::vector<NumberFormat>;  // by cell style (the s= attribute)

// What the sheets read so far hold, against the limits of the whole workbook.
struct WorkbookTotals {
    size_t cells = 0;
    uint64_t text_bytes = 0;
};

class SheetXml : public XmlHandler {
  public:
    SheetXml(Sheet& sheet, const SharedStrings& shared, const NumberFormats& formats, bool date1904,
             const XlsxLimits& limits, WorkbookTotals& totals, Diagnostics& diag)
        : sheet_(sheet),
          shared_(shared),
          formats_(formats),
          date1904_(date1904),
          limits_(limits),
          totals_(totals),
          diag_(diag),
          capture_(limits.max_cell_chars) {}
    void start(std::string_view name, const char** attrs) override;
    void end(std::string_view name) override;
    void text(std::string_view s) override;
    // Orders rows and cells and reports merged ranges.
    void finish();
    bool fatal = false;  // a limit of the whole workbook: refuse it

  private:
    void finish_cell();
    void cell_error(const std::string& zh, const std::string& en);
    Sheet& sheet_;
    const SharedStrings& shared_;
    const NumberFormats& formats_;
    bool date1904_;
    const XlsxLimits& limits_;
    WorkbookTotals& totals_;
    Diagnostics& diag_;
    TextCapture capture_;  // <is> inline strings
    bool in_data_ = false;
    Row row_;
    int last_row_ = 0;
    int last_col_ = 0;
    // The cell being read.
    int col_ = 0;
    std::string type_;
    int style_ = 0;
    bool has_formula_ = false, has_value_ = false, in_value_ = false, in_inline_ = false;
    bool bad_ref_ = false;
    std::string value_;
};

}  // namespace kiosk::pack::xlsx
