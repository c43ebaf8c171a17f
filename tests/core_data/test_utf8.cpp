// UTF-8 conversion: round trips, bad bytes become U+FFFD, validation refuses malformed input.
#include <catch2/catch.hpp>

#include "kiosk/core/utf8.h"

using namespace kiosk;

TEST_CASE("utf8 round-trips ASCII, Chinese and emoji") {
    const std::string text = "Nano 纳米材料 🧪";
    const std::u32string cps = utf8_to_u32(text);
    CHECK(cps == U"Nano 纳米材料 🧪");
    CHECK(u32_to_utf8(cps) == text);
    CHECK(is_valid_utf8(text));
}

TEST_CASE("utf8 turns each bad byte into one replacement character") {
    CHECK(utf8_to_u32("a\xff"
                      "b") == U"a\uFFFDb");
    CHECK(utf8_to_u32("\xe7\xba") == U"\uFFFD\uFFFD");            // truncated 纳
    CHECK(utf8_to_u32("\xc0\xaf") == U"\uFFFD\uFFFD");            // overlong '/'
    CHECK(utf8_to_u32("\xed\xa0\x80") == U"\uFFFD\uFFFD\uFFFD");  // surrogate
}

TEST_CASE("is_valid_utf8 refuses malformed text") {
    CHECK(is_valid_utf8(""));
    CHECK_FALSE(is_valid_utf8("\xff"));
    CHECK_FALSE(is_valid_utf8("\xe7\xba"));
    CHECK_FALSE(is_valid_utf8("\xc0\xaf"));
    CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
}

TEST_CASE("u32_to_utf8 replaces code points that cannot be encoded") {
    CHECK(u32_to_utf8(std::u32string(1, char32_t{0xD800})) == "\xef\xbf\xbd");
    CHECK(u32_to_utf8(std::u32string(1, char32_t{0x110000})) == "\xef\xbf\xbd");
}
