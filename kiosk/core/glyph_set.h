// The characters the font atlas must hold: every codepoint the content and UI texts use.
#pragma once

#include <string>
#include <vector>

namespace kiosk {

// Decodes every text as UTF-8 (invalid bytes are skipped, never a crash) and returns the sorted,
// unique codepoints without control characters or BOMs, always including printable ASCII 0x20–0x7E.
std::u32string collect_codepoints(const std::vector<std::string>& utf8_texts);

}  // namespace kiosk
