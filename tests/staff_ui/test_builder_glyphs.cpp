// The font atlas has every glyph of the messages a workbook build shows staff: a message that
// gains a character missing from kBuilderGlyphs would show it as "?" (seen: 可选 drawn as 可?).
#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "kiosk/ui/builder_glyphs.h"

TEST_CASE("the builder's messages have all their glyphs in the staff screen's font") {
    const std::string command =
        std::string("cd '") + KIOSK_SOURCE_DIR + "' && /usr/bin/python3 tools/builder_glyphs.py";
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string wanted;
    char buffer[4096];
    while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) wanted.append(buffer, n);
    REQUIRE(pclose(pipe) == 0);
    while (!wanted.empty() && wanted.back() == '\n') wanted.pop_back();
    INFO("run tools/builder_glyphs.py and put its line into kiosk/ui/builder_glyphs.h");
    REQUIRE(!wanted.empty());
    CHECK(wanted == kiosk::ui::kBuilderGlyphs);
}
