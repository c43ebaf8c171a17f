// Loads and validates a content folder (one CSV per table plus images/) into a PackContent.
// Every problem is reported as "file:line: what is wrong", all of them, not only the first.
#pragma once

#include <optional>
#include <string>

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

// nullopt when any error was found (diag holds them all).
std::optional<PackContent> load_content_dir(const std::string& dir, Diagnostics& diag,
                                            const LoadOptions& options = {});

}  // namespace kiosk::pack
