// Text from elsewhere made safe to show, print or put in a report or a CSV: names and search
// queries typed by staff and visitors, status files from other kiosks; they may hold anything.
#pragma once

#include <string>
#include <string_view>

namespace kiosk {

enum class LineBreaks { Drop, Keep };

// Valid UTF-8 with every invalid byte replaced by U+FFFD, control characters dropped (C0 but tab,
// LF and CR when `breaks` is Keep; DEL; C1) and so are the bidirectional overrides that could make
// a name read backwards in the report.
std::string safe_text(std::string_view text, LineBreaks breaks = LineBreaks::Drop);

}  // namespace kiosk
