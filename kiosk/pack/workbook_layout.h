// Names both sides of the staff workbook agree on: the writer (workbook_writer.h) puts them in,
// the loader (workbook_source.h, row_reader.h) reads them back.
#pragma once

namespace kiosk::pack {

// Sheet 1, explaining every sheet and column; the loader ignores it (by its last word, "help").
inline constexpr const char* kHelpSheet = "说明 help";
// The hidden sheet of dropdown sources; the loader ignores it.
inline constexpr const char* kListsSheet = "lists";
// A flag cell as the writer's dropdown offers it (RowReader::flag also takes 1/0, yes/no).
inline constexpr const char* kYes = "是";
inline constexpr const char* kNo = "否";

}  // namespace kiosk::pack
