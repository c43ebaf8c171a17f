// Font atlas tests: the characters asked for are there, icons are merged, 4K stays within 4096².
#include <ft2build.h>
#include FT_FREETYPE_H

#include <catch2/catch.hpp>

#include "kiosk/core/glyph_set.h"
#include "kiosk/engine/fonts.h"
#include "kiosk/engine/icons.h"
#include "kiosk/ui/text.h"

using namespace kiosk;

namespace {

struct ImGuiContextGuard {
    ImGuiContextGuard() { ImGui::CreateContext(); }
    ~ImGuiContextGuard() { ImGui::DestroyContext(); }
};

}  // namespace

TEST_CASE("fonts hold every character of the texts and the icons, at the five sizes", "[fonts]") {
    ImGuiContextGuard imgui;
    const std::u32string cps = collect_codepoints(
        {"南京江北新材料产业创新联盟", "Members 联盟成员 · 示例 Sample", "产+学+研+金+介+用"});
    engine::FontBuildStats stats;
    const ui::Fonts fonts = engine::build_fonts(cps, 1.0f, &stats);
    REQUIRE(fonts.display);
    REQUIRE(fonts.caption);
    REQUIRE(fonts.icons);
    CHECK(fonts.display->FontSize > fonts.h1->FontSize);
    CHECK(fonts.body->FontSize == Approx(28));
    CHECK(stats.missing == 0);
    CHECK(stats.codepoints == static_cast<int>(cps.size()));
    CHECK(stats.atlas_width <= 4096);
    CHECK(stats.atlas_height <= 4096);
    CHECK(stats.raster_factor == 1.0f);
    for (char32_t c : cps) {
        INFO("U+" << std::hex << static_cast<unsigned>(c));
        CHECK(fonts.caption->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr);
    }
    for (ImFont* f : {fonts.body, fonts.h1, fonts.h2, fonts.icons})
        CHECK(f->FindGlyphNoFallback(0xE88A) != nullptr);          // home
    CHECK(fonts.caption->FindGlyphNoFallback(0xE88A) == nullptr);  // only where merged
}

TEST_CASE("a 4K screen with thousands of characters still fits within 4096x4096", "[fonts]") {
    ImGuiContextGuard imgui;
    std::u32string cps;
    for (char32_t c = 0x4E00; c < 0x4E00 + 2500; ++c) cps.push_back(c);
    engine::FontBuildStats stats;
    const ui::Fonts fonts = engine::build_fonts(cps, 2.0f, &stats);
    CHECK(stats.atlas_width <= 4096);
    CHECK(stats.atlas_height <= 4096);
    CHECK(stats.raster_factor < 1.0f);  // had to step down, and says so
    // Drawn at the intended size even when rasterised smaller.
    CHECK(fonts.body->FontSize * fonts.body->Scale == Approx(56).margin(0.5));
    CHECK(fonts.body->FindGlyphNoFallback(0x4E00 + 2499) != nullptr);
}

TEST_CASE("every icon of icons.h exists in the Material Icons font", "[fonts]") {
    FT_Library ft = nullptr;
    REQUIRE(FT_Init_FreeType(&ft) == 0);
    FT_Face face = nullptr;
    REQUIRE(FT_New_Face(ft, engine::kIconFont, 0, &face) == 0);
    for (char32_t c : icons::kAllIcons) {
        INFO("U+" << std::hex << static_cast<unsigned>(c));
        CHECK(FT_Get_Char_Index(face, c) != 0);
    }
    FT_Done_Face(face);
    FT_Done_FreeType(ft);
    CHECK(std::string(icons::icon_by_name("bolt")) == icons::kEnergy);
    CHECK(std::string(icons::icon_by_name("no-such-icon")) == icons::kStar);
}

TEST_CASE("a wrapped line that fits without the space before its break is drawn whole", "[fonts]") {
    // "…were unveiled at | the founding conference": the line fits exactly; with the space after
    // "at" counted it did not, and draw_line cut "at" into an ellipsis.
    ImGuiContextGuard imgui;
    const std::string text = "bases were unveiled at the founding conference";
    const ui::Fonts fonts = engine::build_fonts(collect_codepoints({text}), 1.0f, nullptr);
    const float fits = ui::text_width(fonts.body, "bases were unveiled at");
    std::vector<ui::TextLine> lines;
    ui::wrap_text(fonts.body, text, fits + 0.5f, lines);
    REQUIRE(lines.size() >= 2);
    const std::string_view first(lines[0].begin,
                                 static_cast<size_t>(lines[0].end - lines[0].begin));
    CHECK(first == "bases were unveiled at");
    // Drawn, the line is as wide as it was measured: no ellipsis.
    CHECK(ui::draw_line(nullptr, fonts.body, ImVec2(0, 0), 0, first, fits + 0.5f) == Approx(fits));
}
