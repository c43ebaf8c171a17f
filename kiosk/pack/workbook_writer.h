// Writes a PackContent as the staff content workbook (content.xlsx, with libxlsxwriter) and its
// pictures as files in images/ beside it, in the shared layout every workbook slice follows:
// - sheet 1 `说明 help` explains every sheet and column (zh, en beside); a hidden sheet `lists`
//   holds the dropdown sources; the loader ignores both;
// - one sheet per file-backed table, named sheet_name(table), in description order;
// - row 1: header_cell() per content-file column; frozen; data from row 2;
// - cells: ids and texts as strings (text format '@'), integers as numbers, enums as the Chinese
//   label (dropdown), flags 是/否 (dropdown), a Ref to a table with a `name` field as that row's
//   Chinese name (dropdown; the key when the name is empty or not unique), other Refs as the key,
//   images as their file name in images/, id lists "a;b", dates as text YYYY-MM-DD.
#pragma once

#include <string>

#include "kiosk/core/content_tables.h"
#include "kiosk/pack/pack_content.h"
#include "kiosk/pack/workbook_layout.h"

namespace kiosk::pack {

inline constexpr const char* kWorkbookFile = "content.xlsx";

struct WorkbookOptions {
    std::string file_name = kWorkbookFile;
};

// "<label_zh> <file>", e.g. "成员 members".
std::string sheet_name(const content::Table& table);
// "名称（中文） name (Chinese)\nname_zh": labels from the field's help texts, then the column.
std::string header_cell(const content::Field& field, const std::string& column);

// Writes out_dir/images/<media_file_name()> for every media row, then out_dir/<file_name>. Each
// file is written under a temporary name and renamed, so a pulled stick or a full disk never
// leaves a half file under the real name. Creates out_dir when missing. Throws
// std::runtime_error (zh, then en, and what to do) on failure.
void write_workbook(const PackContent& content, const std::string& out_dir,
                    const WorkbookOptions& options = {});

}  // namespace kiosk::pack
