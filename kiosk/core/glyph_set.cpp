// collect_codepoints: a forgiving UTF-8 decoder feeding the font atlas's character list.
#include "kiosk/core/glyph_set.h"

#include <algorithm>

namespace kiosk {

namespace {

bool is_control_or_bom(char32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xFEFF;
}

// Decodes one well-formed sequence at s[i]; on malformed input returns false and the caller skips
// one byte, so the next valid character is still found.
bool decode_one(const std::string& s, size_t i, char32_t* out, size_t* len) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    char32_t c = 0, min = 0;
    if (b0 < 0x80) {
        *out = b0;
        *len = 1;
        return true;
    } else if ((b0 & 0xE0) == 0xC0) {
        n = 2, c = b0 & 0x1F, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        n = 3, c = b0 & 0x0F, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        n = 4, c = b0 & 0x07, min = 0x10000;
    } else {
        return false;  // continuation byte or 0xF8..0xFF without a lead
    }
    if (i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) return false;
        c = (c << 6) | (b & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return false;  // overlong etc.
    *out = c;
    *len = n;
    return true;
}

}  // namespace

std::u32string collect_codepoints(const std::vector<std::string>& utf8_texts) {
    std::u32string out;
    for (char32_t c = 0x20; c <= 0x7E; ++c) out.push_back(c);
    for (const std::string& text : utf8_texts) {
        size_t i = 0;
        while (i < text.size()) {
            char32_t c = 0;
            size_t len = 1;
            if (decode_one(text, i, &c, &len) && !is_control_or_bom(c)) out.push_back(c);
            i += len;
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace kiosk
