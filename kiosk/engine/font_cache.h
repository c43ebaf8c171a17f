// Font atlas cache: FreeType rasterising ~1,000 characters at five sizes is most of the kiosk's
// start time, and its result depends only on the characters, the UI scale and the font files.
// So the built atlas (coverage pixels + glyph tables) is kept in a cache file and loaded at the
// next start. Any doubt — another key, a short, damaged or foreign file — means "not cached":
// the atlas is built as before and the file rewritten, so the cache can never show wrong text.
#pragma once

#include <imgui.h>

#include <optional>
#include <string>

#include "kiosk/engine/fonts.h"
#include "kiosk/ui/services.h"

namespace kiosk::engine {

// Folder for cache files: `configured` when not empty, else $XDG_CACHE_HOME/jbnm-kiosk, else
// $HOME/.cache/jbnm-kiosk; empty when none can be named (then nothing is cached).
std::string font_cache_dir(const std::string& configured);

// Names what the atlas is built from: characters, scale, the font files (path, size, mtime), the
// cache format and ImGui's version. Different input, different key, different file.
std::string font_cache_key(const std::u32string& codepoints, float scale);

// DIR/fonts-KEY.atlas
std::string font_cache_path(const std::string& dir, const std::string& key);

// Writes the atlas just built by build_fonts (its CPU pixels must still be there) atomically, then
// keeps only the newest few cache files in the folder. false (and nothing written) on any error.
bool save_font_atlas(const std::string& path, const std::string& key, const ImFontAtlas& atlas,
                     const ui::Fonts& fonts, const FontBuildStats& stats);

// What the runner calls: the cached atlas for these characters and scale when there is a valid
// one in cache_dir (empty: no cache), else build_fonts and write the cache for the next start.
// `atlas`: null = the current ImGui context's (see build_fonts).
ui::Fonts load_or_build_fonts(const std::u32string& codepoints, float scale,
                              const std::string& cache_dir, FontBuildStats* stats,
                              ImFontAtlas* atlas = nullptr);

// Replaces the atlas of `atlas` with the cached one and returns its fonts, or nullopt (atlas
// untouched) when the file is missing, for another key, or fails any check.
std::optional<ui::Fonts> load_font_atlas(const std::string& path, const std::string& key,
                                         ImFontAtlas* atlas, FontBuildStats* stats);

}  // namespace kiosk::engine
