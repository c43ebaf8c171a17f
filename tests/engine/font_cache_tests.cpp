// Font atlas cache: a cached atlas draws exactly what a fresh build draws; any stale, foreign or
// damaged file is ignored (and the atlas rebuilt), never shown as wrong text.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "kiosk/core/glyph_set.h"
#include "kiosk/engine/font_cache.h"

using namespace kiosk;
namespace fs = std::filesystem;

namespace {

struct ImGuiContextGuard {
    ImGuiContextGuard() { ImGui::CreateContext(); }
    ~ImGuiContextGuard() { ImGui::DestroyContext(); }
};

fs::path fresh_dir(const std::string& name) {
    const fs::path dir =
        fs::temp_directory_path() / ("font-cache-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

const std::u32string& texts() {
    static const std::u32string cps =
        collect_codepoints({"南京江北新材料产业创新联盟", "Members 联盟成员 · 示例 Sample"});
    return cps;
}

struct Snapshot {  // what drawing text and rounded shapes depend on
    std::vector<std::vector<float>> glyphs;
    std::vector<std::vector<float>> corner_masks;
    std::vector<float> metrics;
    std::vector<unsigned char> pixels;
    int width = 0, height = 0;
};

Snapshot snapshot(const ui::Fonts& fonts) {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    Snapshot s;
    s.width = atlas->TexWidth;
    s.height = atlas->TexHeight;
    s.pixels.assign(atlas->TexPixelsAlpha8,
                    atlas->TexPixelsAlpha8 + static_cast<size_t>(s.width) * s.height);
    for (ImFont* f : {fonts.display, fonts.h1, fonts.h2, fonts.body, fonts.caption, fonts.icons}) {
        s.metrics.insert(s.metrics.end(),
                         {f->FontSize, f->Scale, f->Ascent, f->Descent, f->FallbackAdvanceX,
                          float(f->FallbackChar), float(f->Glyphs.Size)});
        for (const ImFontGlyph& g : f->Glyphs)
            s.glyphs.push_back({float(g.Codepoint), float(g.Visible), g.AdvanceX, g.X0, g.Y0, g.X1,
                                g.Y1, g.U0, g.V0, g.U1, g.V1});
        s.metrics.push_back(f->CalcTextSizeA(f->FontSize, 1e9f, 0, "联盟 Members").x);
    }
    for (const ui::CornerMask& m : fonts.corners.masks)
        s.corner_masks.push_back(
            {float(m.radius), m.uv_outer.x, m.uv_outer.y, m.uv_centre.x, m.uv_centre.y});
    return s;
}

std::string only_cache_file(const fs::path& dir) {
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path().string());
    REQUIRE(files.size() == 1);
    return files[0];
}

}  // namespace

TEST_CASE("a cached font atlas lays out and draws text exactly like a fresh build", "[fonts]") {
    ImGuiContextGuard imgui;
    const fs::path dir = fresh_dir("same");
    engine::FontBuildStats built_stats, cached_stats;
    const ui::Fonts built = engine::load_or_build_fonts(texts(), 1.0f, dir, &built_stats);
    CHECK_FALSE(built_stats.from_cache);
    const Snapshot fresh = snapshot(built);

    const ui::Fonts cached = engine::load_or_build_fonts(texts(), 1.0f, dir, &cached_stats);
    CHECK(cached_stats.from_cache);
    const Snapshot again = snapshot(cached);
    CHECK(again.width == fresh.width);
    CHECK(again.height == fresh.height);
    CHECK(again.pixels == fresh.pixels);
    CHECK(again.glyphs == fresh.glyphs);
    CHECK(again.metrics == fresh.metrics);
    CHECK_FALSE(fresh.corner_masks.empty());
    CHECK(again.corner_masks == fresh.corner_masks);
    CHECK(cached_stats.atlas_checksum == built_stats.atlas_checksum);
    CHECK(cached_stats.missing == 0);
    CHECK(cached.body->FindGlyphNoFallback(0xE88A) != nullptr);  // merged icons survive
    fs::remove_all(dir);
}

TEST_CASE("other characters or another scale never use a cached atlas", "[fonts]") {
    ImGuiContextGuard imgui;
    const fs::path dir = fresh_dir("key");
    engine::FontBuildStats stats;
    engine::load_or_build_fonts(texts(), 1.0f, dir, &stats);
    engine::load_or_build_fonts(texts() + U"新", 1.0f, dir, &stats);
    CHECK_FALSE(stats.from_cache);
    engine::load_or_build_fonts(texts(), 1.5f, dir, &stats);
    CHECK_FALSE(stats.from_cache);
    CHECK(engine::font_cache_key(texts(), 1.0f) != engine::font_cache_key(texts(), 1.5f));
    fs::remove_all(dir);
}

TEST_CASE("a damaged, truncated or foreign cache file is rebuilt, not shown", "[fonts]") {
    ImGuiContextGuard imgui;
    const fs::path dir = fresh_dir("bad");
    engine::FontBuildStats stats;
    engine::load_or_build_fonts(texts(), 1.0f, dir, &stats);
    const uint64_t good_checksum = stats.atlas_checksum;
    const std::string file = only_cache_file(dir);
    std::string bytes;
    {
        std::ifstream in(file, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    auto write = [&](const std::string& content) {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out << content;
    };
    auto check_rebuilt = [&] {
        engine::FontBuildStats s;
        const ui::Fonts fonts = engine::load_or_build_fonts(texts(), 1.0f, dir, &s);
        CHECK_FALSE(s.from_cache);
        CHECK(s.atlas_checksum == good_checksum);
        CHECK(fonts.body->FindGlyphNoFallback(U'盟') != nullptr);
    };
    SECTION("one flipped byte in the pixels") {
        std::string flipped = bytes;
        flipped[flipped.size() / 2] ^= 0x40;
        write(flipped);
        check_rebuilt();
    }
    SECTION("cut short") {
        write(bytes.substr(0, bytes.size() / 3));
        check_rebuilt();
    }
    SECTION("empty") {
        write("");
        check_rebuilt();
    }
    SECTION("not a cache file at all") {
        write(std::string(bytes.size(), 'x'));
        check_rebuilt();
    }
    // After a rebuild the file is good again.
    engine::FontBuildStats s;
    engine::load_or_build_fonts(texts(), 1.0f, dir, &s);
    CHECK(s.from_cache);
    fs::remove_all(dir);
}

TEST_CASE("the cache folder keeps only the newest few atlases", "[fonts]") {
    ImGuiContextGuard imgui;
    const fs::path dir = fresh_dir("prune");
    engine::FontBuildStats stats;
    const std::u32string extra = U"一二三四五六";
    for (char32_t c : extra) engine::load_or_build_fonts(texts() + c, 1.0f, dir, &stats);
    int files = 0;
    for (const auto& e : fs::directory_iterator(dir)) files += e.path().extension() == ".atlas";
    CHECK(files == 4);
    fs::remove_all(dir);
}

TEST_CASE("an unwritable cache folder only costs the rebuild", "[fonts]") {
    ImGuiContextGuard imgui;
    engine::FontBuildStats stats;
    const ui::Fonts fonts =
        engine::load_or_build_fonts(texts(), 1.0f, "/proc/no-such-dir/cache", &stats);
    CHECK_FALSE(stats.from_cache);
    CHECK(fonts.body->FindGlyphNoFallback(U'盟') != nullptr);
}
