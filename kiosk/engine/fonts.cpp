// Atlas builder: glyph ranges from the codepoints, size step-down until it fits 4096×4096.
#include "kiosk/engine/fonts.h"

#include <GLFW/glfw3.h>  // the GL declarations, as the runner uses them
#include <backends/imgui_impl_opengl3.h>
#include <fcntl.h>
#include <imgui.h>
#include <imgui_freetype.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "kiosk/engine/corner_masks.h"
#include "kiosk/engine/icons.h"

namespace kiosk::engine {

namespace {

constexpr float kDisplay = 72, kH1 = 48, kH2 = 36, kBody = 28, kCaption = 22;

// ImGui keeps pointers to glyph ranges until the next build, so they live here.
std::vector<ImWchar> g_text_ranges;
std::vector<ImWchar> g_icon_ranges;

std::vector<ImWchar> ranges_of(const std::u32string& codepoints, int* outside_bmp) {
    std::vector<ImWchar> ranges;
    for (char32_t c : codepoints) {
        if (c == 0) continue;
        if (c > 0xFFFF) {
            if (outside_bmp) ++*outside_bmp;
            continue;
        }
        const auto w = static_cast<ImWchar>(c);
        if (ranges.size() >= 2 && ranges.back() + 1 == w) {
            ranges.back() = w;  // extend the current run
        } else {
            ranges.push_back(w);
            ranges.push_back(w);
        }
    }
    ranges.push_back(0);
    return ranges;
}

void require_file(const char* path) {
    if (!std::filesystem::exists(path))
        throw std::runtime_error(std::string("font file missing: ") + path +
                                 " (install the Debian packages fonts-noto-cjk and "
                                 "fonts-material-design-icons-iconfont)");
}

// Rough pixel area the atlas needs: CJK glyph bitmaps are about 0.9×size square (Latin ones
// narrower), plus padding. Measured atlases come out near this; the build loop below still steps
// down when a guess was too optimistic.
double estimated_area(std::size_t glyphs, float scale, float factor) {
    double sum = 0;
    for (float size : {kDisplay, kH1, kH2, kBody, kCaption}) {
        const double px = size * scale * factor * 0.9 + 2;
        sum += px * px;
    }
    return sum * static_cast<double>(glyphs) / 0.9;  // packing is never perfect
}

// Font files mapped read-only for one atlas build: ImGui would otherwise read the 20 MB .ttc
// again for every size it adds (about 120 MB of reads and allocations per build). Unmapped once
// the atlas is built, so the files do not stay in the kiosk's memory.
struct MappedFont {
    std::string path;
    void* data = nullptr;
    size_t size = 0;
};
std::vector<MappedFont> g_mapped;  // main thread only, during build_fonts

void unmap_fonts() {
    for (const MappedFont& f : g_mapped) ::munmap(f.data, f.size);
    g_mapped.clear();
}

const MappedFont& mapped_font(const char* path) {
    for (const MappedFont& f : g_mapped)
        if (f.path == path) return f;
    MappedFont font{path};
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd >= 0 && ::fstat(fd, &st) == 0 && st.st_size > 0 && st.st_size < (1ll << 31)) {
        void* data =
            ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
        if (data != MAP_FAILED) {
            font.data = data;
            font.size = static_cast<size_t>(st.st_size);
        }
    }
    if (fd >= 0) ::close(fd);
    if (!font.data) throw std::runtime_error(std::string("cannot read font ") + path);
    g_mapped.push_back(font);
    return g_mapped.back();
}

ImFont* add_font_file(ImFontAtlas* atlas, const char* path, float size_px, ImFontConfig* config,
                      const ImWchar* ranges) {
    const MappedFont& font = mapped_font(path);
    config->FontDataOwnedByAtlas = false;  // the mapping outlives every atlas; ImGui only reads it
    return atlas->AddFontFromMemoryTTF(font.data, static_cast<int>(font.size), size_px, config,
                                       ranges);
}

ImFont* add_text_font(ImFontAtlas* atlas, const char* file, float size_px, float factor) {
    ImFontConfig config;
    config.FontNo = kCjkFaceSc;
    config.OversampleH = config.OversampleV = 1;  // FreeType hints; no oversampling needed
    config.PixelSnapH = true;
    ImFont* font = add_font_file(atlas, file, size_px * factor, &config, g_text_ranges.data());
    if (!font) throw std::runtime_error(std::string("cannot load font ") + file);
    return font;
}

void merge_icons(ImFontAtlas* atlas, float size_px, float factor, bool merge) {
    ImFontConfig config;
    config.MergeMode = merge;
    config.PixelSnapH = true;
    const float icon_px = size_px * factor * 1.1f;
    config.GlyphMinAdvanceX = icon_px;  // icons line up in columns
    config.GlyphOffset.y = merge ? std::round(size_px * factor * 0.18f) : 0.f;  // centre on CJK
    if (!add_font_file(atlas, kIconFont, icon_px, &config, g_icon_ranges.data()))
        throw std::runtime_error(std::string("cannot load font ") + kIconFont);
}

ui::Fonts add_all(ImFontAtlas* atlas, float scale, float factor, bool bold) {
    ui::Fonts fonts;
    const char* heading = bold ? kCjkBold : kCjkRegular;
    fonts.display = add_text_font(atlas, heading, kDisplay * scale, factor);
    fonts.h1 = add_text_font(atlas, heading, kH1 * scale, factor);
    merge_icons(atlas, kH1 * scale, factor, true);
    fonts.h2 = add_text_font(atlas, kCjkRegular, kH2 * scale, factor);
    merge_icons(atlas, kH2 * scale, factor, true);
    fonts.body = add_text_font(atlas, kCjkRegular, kBody * scale, factor);
    merge_icons(atlas, kBody * scale, factor, true);
    fonts.caption = add_text_font(atlas, kCjkRegular, kCaption * scale, factor);
    merge_icons(atlas, kBody * scale, factor, false);
    fonts.icons = atlas->Fonts.back();
    if (factor < 1.f)  // drawn at the intended size although rasterised smaller
        for (ImFont* font : atlas->Fonts) font->Scale = 1.f / factor;
    return fonts;
}

}  // namespace

uint64_t coverage_checksum(const unsigned char* bytes, size_t size, size_t stride) {
    uint64_t hash = 1469598103934665603ull;
    for (size_t i = 0; i < size; i += stride) {
        hash ^= bytes[i];
        hash *= 1099511628211ull;
    }
    return hash;
}

ui::Fonts build_fonts(const std::u32string& codepoints, float scale, FontBuildStats* stats,
                      ImFontAtlas* atlas) {
    const auto start = std::chrono::steady_clock::now();
    for (const char* file : {kCjkRegular, kCjkBold, kIconFont}) require_file(file);
    FontBuildStats local;
    FontBuildStats& s = stats ? *stats : local;
    s = {};

    std::u32string wanted = codepoints;
    wanted.push_back(0xFFFD);  // ImGui's fallback glyph for anything missing
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
    s.codepoints = static_cast<int>(codepoints.size());
    g_text_ranges = ranges_of(wanted, &s.outside_bmp);
    std::u32string icons(std::begin(icons::kAllIcons), std::end(icons::kAllIcons));
    std::sort(icons.begin(), icons.end());
    icons.erase(std::unique(icons.begin(), icons.end()), icons.end());
    g_icon_ranges = ranges_of(icons, nullptr);

    // Start from the largest factor the estimate allows, then step down while it does not fit.
    const double budget = double(kMaxAtlasSide) * kMaxAtlasSide;
    float factor = 1.0f;
    while (factor > 0.3f && estimated_area(wanted.size(), scale, factor) > budget) factor -= 0.05f;

    if (!atlas) atlas = ImGui::GetIO().Fonts;
    ui::Fonts fonts;
    int desired_width = 0;  // 0: ImGui picks the width from the glyph area (smaller atlases)
    for (;;) {
        ++s.attempts;
        atlas->Clear();
        atlas->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
        atlas->FontBuilderFlags = 0;
        atlas->TexDesiredWidth = desired_width;
        atlas->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
        s.bold_headings = true;
        fonts = add_all(atlas, scale, factor, s.bold_headings);
        const std::vector<int> mask_radii = corner_mask_radii(scale);
        const std::vector<int> mask_rects = reserve_corner_masks(atlas, mask_radii);
        const bool built = atlas->Build();
        // Before ClearInputData, which forgets where the reserved rectangles went.
        if (built) fonts.corners = paint_corner_masks(atlas, mask_radii, mask_rects);
        atlas->ClearInputData();  // glyphs are rasterised: drop the references to the font files
        unmap_fonts();
        if (built && atlas->TexHeight <= kMaxAtlasSide) break;
        if (built && atlas->TexWidth < kMaxAtlasSide) {  // wider first, then smaller glyphs
            desired_width = kMaxAtlasSide;
            continue;
        }
        if (factor <= 0.3f) {
            atlas->Clear();
            throw std::runtime_error("the font atlas does not fit in 4096x4096 even at 30% size; " +
                                     std::to_string(wanted.size()) + " characters requested");
        }
        factor = std::max(0.3f, factor - 0.1f);
    }
    s.raster_factor = factor;
    s.atlas_width = atlas->TexWidth;
    s.atlas_height = atlas->TexHeight;
    if (atlas->TexPixelsAlpha8)
        s.atlas_checksum = coverage_checksum(
            atlas->TexPixelsAlpha8, static_cast<size_t>(atlas->TexWidth) * atlas->TexHeight, 1);
    for (char32_t c : codepoints)
        if (c >= 0x20 && c <= 0xFFFF && !fonts.body->FindGlyphNoFallback(static_cast<ImWchar>(c)))
            ++s.missing;
    s.build_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return fonts;
}

void upload_font_atlas(const FontBuildStats& stats) {
    // The backend creates its font texture together with its shaders, on its first NewFrame if
    // not done before, and then rebuilds the atlas from the (already released) sources: text
    // would sample a different atlas than its glyph table. So the first time both are created
    // here, now. Later (new content) only the font texture is: the backend (imgui 1.86) keeps its
    // vertex and index buffer sizes across DestroyDeviceObjects, so recreated buffers stayed
    // empty and every frame after a second content swap drew nothing.
    if (ImGui::GetIO().Fonts->TexID) {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    } else {
        ImGui_ImplOpenGL3_DestroyDeviceObjects();
        ImGui_ImplOpenGL3_CreateDeviceObjects();
    }
    // The backend uploads the atlas as RGBA, white with coverage in alpha. The same texture
    // holds it as one channel, swizzled to (1, 1, 1, coverage) when sampled: a quarter of the
    // memory (8 MB less at 1080p, held by the driver for the whole run) and of the upload.
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    unsigned char* coverage = nullptr;
    int width = 0, height = 0;
    atlas->GetTexDataAsAlpha8(&coverage, &width, &height);
    GLint previous = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<intptr_t>(atlas->TexID)));
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, coverage);
    const GLint swizzle[] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
    glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
    atlas->ClearTexData();  // the GPU has it; free the CPU copies
    if (stats.raster_factor < 1.f || stats.missing > 0 || stats.outside_bmp > 0)
        std::fprintf(stderr,
                     "fonts: atlas %dx%d, %d characters, %d missing, %d beyond U+FFFF, glyphs "
                     "rasterised at %.0f%% to fit 4096x4096\n",
                     stats.atlas_width, stats.atlas_height, stats.codepoints, stats.missing,
                     stats.outside_bmp, double(stats.raster_factor) * 100.0);
}

int font_texture_matches(const FontBuildStats& stats) {
    GLint previous = 0, width = 0, height = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    glBindTexture(GL_TEXTURE_2D,
                  static_cast<GLuint>(reinterpret_cast<intptr_t>(ImGui::GetIO().Fonts->TexID)));
    glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, GL_TEXTURE_WIDTH, &width);
    glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, GL_TEXTURE_HEIGHT, &height);
    bool same = width == stats.atlas_width && height == stats.atlas_height;
    if (same) {
        std::vector<unsigned char> coverage(static_cast<size_t>(width) * height);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glGetTexImage(GL_TEXTURE_2D, 0, GL_RED, GL_UNSIGNED_BYTE, coverage.data());
        GLint swizzle_alpha = 0;  // text samples coverage as alpha only through the swizzle
        glGetTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_A, &swizzle_alpha);
        same = swizzle_alpha == GL_RED &&
               coverage_checksum(coverage.data(), coverage.size(), 1) == stats.atlas_checksum;
    }
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
    return same ? 1 : 0;
}

}  // namespace kiosk::engine
