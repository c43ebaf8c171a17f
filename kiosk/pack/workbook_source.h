// A content workbook (content.xlsx, with the pictures in images/ beside it) read through the same
// loader as a content folder: each table's sheet becomes the loader's table, so the workbook gets
// every check, limit and message a CSV folder gets, with problems named by cell ("成员
// members!C14"). The layout (sheet names, two-line headers, dropdowns) is the one workbook_writer.h
// writes.
#pragma once

#include <optional>
#include <string>

#include "kiosk/pack/content_source.h"

namespace kiosk::pack {

// True for a path the builder should read as a workbook: .xlsx, and the .xls and .et files staff
// save by mistake (the reader then says to save as .xlsx), in any letter case.
bool is_workbook_path(const std::string& path);

// nullopt when any error was found (diag holds them all, Chinese first).
std::optional<PackContent> load_workbook(const std::string& xlsx_path, Diagnostics& diag,
                                         const LoadOptions& options = {});

}  // namespace kiosk::pack
