// Loads and validates content into a PackContent: from a content folder (one CSV per table plus
// images/) or, through the same loader, from a workbook (workbook_source.h). Every problem is
// reported in Chinese and English as "where: what is wrong, what to do", all of them, not only
// the first.
#pragma once

#include <optional>
#include <string>

#include "kiosk/core/content_tables.h"
#include "kiosk/pack/csv_table.h"
#include "kiosk/pack/diagnostics.h"
#include "kiosk/pack/pack_content.h"

namespace kiosk::pack {

// Where the Material Icons names come from (Debian fonts-material-design-icons-iconfont). When
// the file is missing, icon names are only checked for their form.
inline constexpr const char* kMaterialIconNames =
    "/usr/share/fonts-material-design-icons-iconfont/scss/_variables.scss";

struct LoadOptions {
    std::string icon_names_file = kMaterialIconNames;
    unsigned image_threads = 0;  // 0: one per CPU core
};

// Where the loader gets each table's rows: a folder's CSV files, or a workbook's sheets.
class TableSource {
  public:
    virtual ~TableSource() = default;
    // How messages name the table's file or sheet: "members.csv", "成员 members".
    virtual std::string name_of(const content::Table& table) const = 0;
    // The table's rows with their header, or nullopt after an error saying what to do (a missing
    // file or sheet; `columns` are the ones it must have, for that message).
    virtual std::optional<CsvTable> read(const content::Table& table,
                                         const std::vector<std::string>& columns,
                                         Diagnostics& diag) const = 0;
};

// Content from `tables`, with the pictures of `dir`/images. nullopt when any error was found
// (diag holds them all).
std::optional<PackContent> load_content(const TableSource& tables, const std::string& dir,
                                        Diagnostics& diag, const LoadOptions& options = {});

// A content folder: one CSV file per table and images/.
std::optional<PackContent> load_content_dir(const std::string& dir, Diagnostics& diag,
                                            const LoadOptions& options = {});

}  // namespace kiosk::pack
