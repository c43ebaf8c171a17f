// collect_codepoints: what the font atlas is built from.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <string_view>

#include "kiosk/core/glyph_set.h"

using kiosk::collect_codepoints;

namespace {
bool has(const std::u32string& s, char32_t c) {
    return std::binary_search(s.begin(), s.end(), c);
}
}  // namespace

TEST_CASE("every character of the texts is collected, sorted and unique", "[glyphs]") {
    const auto cps = collect_codepoints({"南京大学", "南京 · 新材料", "Café №1 😀"});
    CHECK(std::is_sorted(cps.begin(), cps.end()));
    CHECK(std::adjacent_find(cps.begin(), cps.end()) == cps.end());
    for (char32_t c : std::u32string_view(U"南京大学新材料·é№😀")) CHECK(has(cps, c));
    CHECK(std::count(cps.begin(), cps.end(), U'南') == 1);
}

TEST_CASE("printable ASCII is always there and controls never are", "[glyphs]") {
    const auto cps = collect_codepoints({"line\nbreak\ttab\r\x7f", "\xc2\x85",
                                         "\xef\xbb\xbf"
                                         "BOM"});
    for (char32_t c = 0x20; c <= 0x7E; ++c) CHECK(has(cps, c));
    CHECK_FALSE(has(cps, U'\n'));
    CHECK_FALSE(has(cps, U'\t'));
    CHECK_FALSE(has(cps, 0x7F));
    CHECK_FALSE(has(cps, 0x85));
    CHECK_FALSE(has(cps, 0xFEFF));
    CHECK(collect_codepoints({}).size() == 0x7F - 0x20);
}

TEST_CASE("invalid UTF-8 is skipped without losing the valid text around it", "[glyphs]") {
    const std::string bad =
        "\xff"      // never valid
        "\x80"      // lone continuation
        "\xe5\x8d"  // truncated 南 followed by ASCII
        "A"
        "\xc0\xaf"          // overlong '/'
        "\xed\xa0\x80"      // surrogate
        "\xf4\x90\x80\x80"  // above U+10FFFF
        "材"
        "\xe6";  // truncated at the very end
    const auto cps = collect_codepoints({bad});
    CHECK(has(cps, U'材'));
    CHECK_FALSE(has(cps, U'南'));
    CHECK(cps.back() == U'材');  // nothing bogus above it
    CHECK_FALSE(has(cps, 0xD800));
    CHECK(cps.size() == 0x7F - 0x20 + 1);
}
