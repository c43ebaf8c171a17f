// The font atlas: Noto Sans CJK SC through FreeType, only the characters in use, at the five UI
// sizes, with the Material Icons of icons.h merged in. One function builds it (call it again when
// the content changes); two more put it on the GPU and check it there.
#pragma once

#include <cstddef>
#include <cstdint>

#include <string>

#include "kiosk/ui/services.h"

namespace kiosk::engine {

inline constexpr const char* kCjkRegular = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
inline constexpr const char* kCjkBold = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";
inline constexpr int kCjkFaceSc = 2;  // face index of Simplified Chinese in the .ttc
inline constexpr const char* kIconFont =
    "/usr/share/fonts/truetype/material-design-icons-iconfont/MaterialIcons-Regular.ttf";
inline constexpr int kMaxAtlasSide = 4096;

struct FontBuildStats {
    int atlas_width = 0, atlas_height = 0;
    double build_ms = 0;
    int codepoints = 0;           // distinct characters asked for
    int missing = 0;              // characters the font does not have (drawn as a box)
    int outside_bmp = 0;          // beyond U+FFFF: ImGui 1.86 here uses 16-bit ImWchar
    float raster_factor = 1.0f;   // < 1: glyphs rasterised smaller and scaled up to fit the atlas
    int attempts = 0;             // builds needed to fit within kMaxAtlasSide
    bool bold_headings = false;   // display and h1 use the Bold face
    bool from_cache = false;      // loaded from the font cache instead of rasterised
    uint64_t atlas_checksum = 0;  // FNV-1a of the glyph coverage (alpha) the glyph table refers to
    // Read back from the GPU on request: 1 = the font texture holds exactly this atlas, 0 = it
    // does not (text would show as fragments of other glyphs), -1 = not checked yet.
    int gpu_texture_matches = -1;
};

// FNV-1a over `size` bytes with `stride`: the atlas checksum, on the CPU copy or a GPU readback.
uint64_t coverage_checksum(const unsigned char* bytes, size_t size, size_t stride);

// Builds the atlas of the current ImGui context (clearing the old one) and returns its fonts.
// The GL texture must be (re)created by the caller afterwards. Throws std::runtime_error naming
// the font file when a font is missing, or when even the smallest step does not fit.
// `atlas`: null = the current ImGui context's. Needs no ImGui context when an atlas is given, so
// it may run on a worker thread while the window opens.
ui::Fonts build_fonts(const std::u32string& codepoints, float scale, FontBuildStats* stats,
                      ImFontAtlas* atlas = nullptr);

// Main thread, GL: puts the current ImGui context's atlas (just built) on the GPU as the
// backend's font texture, one channel swizzled to white with coverage as alpha, and frees the
// CPU copy. Says on stderr when the atlas had to be squeezed or misses characters.
void upload_font_atlas(const FontBuildStats& stats);

// Main thread, GL: reads the font texture back and compares it with the atlas the glyph table
// was built with. 1: the same, 0: not (text would show fragments of other glyphs).
int font_texture_matches(const FontBuildStats& stats);

}  // namespace kiosk::engine
