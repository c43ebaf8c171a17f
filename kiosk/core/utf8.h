// UTF-8 <-> UTF-32 conversion and validation, strict (no overlongs, no surrogates).
#pragma once

#include <string>
#include <string_view>

namespace kiosk {

// Decodes UTF-8; each invalid byte becomes U+FFFD so a bad text never stops the kiosk.
std::u32string utf8_to_u32(std::string_view text);
// Encodes UTF-32; invalid code points (surrogates, > U+10FFFF) become U+FFFD.
std::string u32_to_utf8(std::u32string_view text);
// True when text is well-formed UTF-8.
bool is_valid_utf8(std::string_view text);
// Decodes the code point starting at text[at] into *out; returns the bytes it used, or 0 when
// the bytes there are not valid UTF-8 (callers skip one byte). For hot loops without allocation.
size_t decode_utf8_at(std::string_view text, size_t at, char32_t* out);

}  // namespace kiosk
