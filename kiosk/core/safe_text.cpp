#include "kiosk/core/safe_text.h"

#include "kiosk/core/utf8.h"

namespace kiosk {
namespace {

bool dropped(char32_t c, LineBreaks breaks) {
    if (c == U'\t' || c == U'\n' || c == U'\r') return breaks == LineBreaks::Drop;
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) return true;
    // LRE…RLO and LRI…PDI: they reorder the text around them.
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

std::string safe_text(std::string_view text, LineBreaks breaks) {
    std::u32string out;
    for (char32_t c : utf8_to_u32(text))
        if (!dropped(c, breaks)) out.push_back(c);
    return u32_to_utf8(out);
}

}  // namespace kiosk
