// Font atlas cache. Sections: where and what · file format · save · load.
#include "kiosk/engine/font_cache.h"

#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>
#include <vector>

namespace kiosk::engine {

namespace fs = std::filesystem;

namespace {

constexpr char kMagic[8] = {'J', 'B', 'N', 'M', 'F', 'A', 'T', '2'};
constexpr int kKeepFiles = 4;                        // other packs or screen sizes seen lately
constexpr std::uintmax_t kMaxFileBytes = 80u << 20;  // 4096² coverage plus glyph tables
constexpr uint32_t kMaxFonts = 32;
constexpr uint32_t kMaxGlyphsPerFont = 0x10000;
constexpr uint32_t kMaxCornerMasks = 256;
constexpr size_t kHashBytes = crypto_generichash_BYTES;  // 32

// The roles of ui::Fonts, in file order.
ImFont* ui::Fonts::*const kRoles[] = {&ui::Fonts::display, &ui::Fonts::h1,      &ui::Fonts::h2,
                                      &ui::Fonts::body,    &ui::Fonts::caption, &ui::Fonts::icons};
constexpr int kRoleCount = static_cast<int>(sizeof(kRoles) / sizeof(kRoles[0]));

std::string hex(const unsigned char* bytes, size_t n) {
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), bytes, n);
    out.pop_back();
    return out;
}

// Identity of a file that changes when the file does: path, size, modification time.
std::string file_identity(const char* path) {
    struct stat st {};
    if (::stat(path, &st) != 0) return std::string(path) + ":missing";
    std::ostringstream id;
    id << path << ':' << st.st_size << ':' << st.st_mtim.tv_sec << '.' << st.st_mtim.tv_nsec;
    return id.str();
}

// --- file format: POD fields in native byte order (the cache never leaves this machine),
// followed by a BLAKE2b hash of everything before it ---
struct Writer {
    std::string out;
    template <class T>
    void put(const T& value) {
        out.append(reinterpret_cast<const char*>(&value), sizeof value);
    }
    void bytes(const void* data, size_t n) { out.append(static_cast<const char*>(data), n); }
};

struct Reader {
    const std::string& in;
    size_t at = 0;
    bool ok = true;
    template <class T>
    T get() {
        T value{};
        if (!ok || in.size() - at < sizeof value) {
            ok = false;
            return value;
        }
        std::memcpy(&value, in.data() + at, sizeof value);
        at += sizeof value;
        return value;
    }
    const unsigned char* bytes(size_t n) {
        if (!ok || in.size() - at < n) {
            ok = false;
            return nullptr;
        }
        const auto* p = reinterpret_cast<const unsigned char*>(in.data() + at);
        at += n;
        return p;
    }
};

bool finite_in(float v, float lo, float hi) {
    return v >= lo && v <= hi;
}  // false for NaN

void prune_old_files(const fs::path& dir) {
    std::error_code ec;
    std::vector<std::pair<fs::file_time_type, fs::path>> files;
    for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (name.rfind("fonts-", 0) == 0 && e.path().extension() == ".atlas")
            files.emplace_back(e.last_write_time(ec), e.path());
    }
    if (static_cast<int>(files.size()) <= kKeepFiles) return;
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a > b; });
    for (size_t i = kKeepFiles; i < files.size(); ++i) fs::remove(files[i].second, ec);
}

}  // namespace

// --- where and what ---
std::string font_cache_dir(const std::string& configured) {
    if (!configured.empty()) return configured;
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        return std::string(xdg) + "/jbnm-kiosk";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::string(home) + "/.cache/jbnm-kiosk";
    return "";
}

std::string font_cache_key(const std::u32string& codepoints, float scale) {
    if (sodium_init() < 0) return "";
    std::ostringstream recipe;
    recipe << "format 2; imgui " << IMGUI_VERSION_NUM << "; scale " << scale << "; program "
           << file_identity("/proc/self/exe");  // a new kiosk build may lay fonts out anew
    for (const char* font : {kCjkRegular, kCjkBold, kIconFont})
        recipe << "; " << file_identity(font);
    const std::string text = recipe.str();
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, 16);
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(text.data()),
                              text.size());
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(codepoints.data()),
                              codepoints.size() * sizeof(char32_t));
    unsigned char digest[16];
    crypto_generichash_final(&state, digest, sizeof digest);
    return hex(digest, sizeof digest);
}

std::string font_cache_path(const std::string& dir, const std::string& key) {
    return dir + "/fonts-" + key + ".atlas";
}

// --- save ---
bool save_font_atlas(const std::string& path, const std::string& key, const ImFontAtlas& atlas,
                     const ui::Fonts& fonts, const FontBuildStats& stats) {
    if (key.empty() || !atlas.TexPixelsAlpha8 || atlas.TexWidth <= 0 || atlas.TexHeight <= 0)
        return false;
    Writer w;
    w.bytes(kMagic, sizeof kMagic);
    w.put(static_cast<uint32_t>(key.size()));
    w.bytes(key.data(), key.size());
    w.put(static_cast<int32_t>(atlas.TexWidth));
    w.put(static_cast<int32_t>(atlas.TexHeight));
    w.put(atlas.TexUvWhitePixel);
    for (const ImVec4& uv : atlas.TexUvLines) w.put(uv);
    for (ImFont* ui::Fonts::*role : kRoles) {
        int32_t index = -1;
        for (int i = 0; i < atlas.Fonts.Size; ++i)
            if (atlas.Fonts[i] == fonts.*role) index = i;
        if (index < 0) return false;  // not this atlas's fonts
        w.put(index);
    }
    w.put(stats.raster_factor);
    w.put(static_cast<int32_t>(stats.attempts));
    w.put(static_cast<uint8_t>(stats.bold_headings));
    w.put(static_cast<uint32_t>(atlas.Fonts.Size));
    for (const ImFont* font : atlas.Fonts) {
        w.put(font->FontSize);
        w.put(font->Scale);
        w.put(font->Ascent);
        w.put(font->Descent);
        w.put(font->FallbackChar);
        w.put(font->EllipsisChar);
        w.put(font->DotChar);
        w.put(static_cast<uint32_t>(font->Glyphs.Size));
        for (const ImFontGlyph& g : font->Glyphs) {
            w.put(static_cast<uint32_t>(g.Codepoint));
            w.put(static_cast<uint8_t>(g.Colored));
            w.put(static_cast<uint8_t>(g.Visible));
            for (float v : {g.AdvanceX, g.X0, g.Y0, g.X1, g.Y1, g.U0, g.V0, g.U1, g.V1}) w.put(v);
        }
    }
    w.put(static_cast<uint32_t>(fonts.corners.masks.size()));
    for (const ui::CornerMask& m : fonts.corners.masks) {
        w.put(static_cast<int32_t>(m.radius));
        w.put(m.uv_outer);
        w.put(m.uv_centre);
    }
    w.bytes(atlas.TexPixelsAlpha8, static_cast<size_t>(atlas.TexWidth) * atlas.TexHeight);
    unsigned char digest[kHashBytes];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(w.out.data()),
                       w.out.size(), nullptr, 0);
    w.bytes(digest, sizeof digest);

    std::error_code ec;
    const fs::path target(path);
    fs::create_directories(target.parent_path(), ec);
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) return false;
        out.write(w.out.data(), static_cast<std::streamsize>(w.out.size()));
        if (!out.flush()) {
            out.close();
            fs::remove(tmp, ec);
            return false;
        }
    }
    // No fsync: a file torn by a power cut fails its hash and is rebuilt, which is all a cache
    // needs.
    fs::rename(tmp, target, ec);
    if (ec) {
        fs::remove(tmp, ec);
        return false;
    }
    prune_old_files(target.parent_path());
    return true;
}

// --- load ---
std::optional<ui::Fonts> load_font_atlas(const std::string& path, const std::string& key,
                                         ImFontAtlas* atlas, FontBuildStats* stats) {
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(path, ec);
    if (key.empty() || ec || size < sizeof kMagic + kHashBytes || size > kMaxFileBytes)
        return std::nullopt;
    std::string data(static_cast<size_t>(size), '\0');
    {
        std::ifstream in(path, std::ios::binary);
        if (!in.read(data.data(), static_cast<std::streamsize>(size))) return std::nullopt;
    }
    unsigned char digest[kHashBytes];
    const size_t body = data.size() - kHashBytes;
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(data.data()),
                       body, nullptr, 0);
    if (sodium_memcmp(digest, data.data() + body, kHashBytes) != 0) return std::nullopt;
    data.resize(body);

    Reader r{data};
    const unsigned char* magic = r.bytes(sizeof kMagic);
    if (!magic || std::memcmp(magic, kMagic, sizeof kMagic) != 0) return std::nullopt;
    const auto key_size = r.get<uint32_t>();
    const unsigned char* stored_key = r.bytes(key_size);
    if (!stored_key || key_size != key.size() || std::memcmp(stored_key, key.data(), key_size) != 0)
        return std::nullopt;
    const auto width = r.get<int32_t>();
    const auto height = r.get<int32_t>();
    if (width <= 0 || height <= 0 || width > kMaxAtlasSide || height > kMaxAtlasSide)
        return std::nullopt;
    const auto white = r.get<ImVec2>();
    ImVec4 lines[IM_ARRAYSIZE(atlas->TexUvLines)];
    for (ImVec4& uv : lines) uv = r.get<ImVec4>();
    int32_t roles[kRoleCount];
    for (int32_t& role : roles) role = r.get<int32_t>();
    const auto raster_factor = r.get<float>();
    const auto attempts = r.get<int32_t>();
    const auto bold = r.get<uint8_t>();
    const auto font_count = r.get<uint32_t>();
    if (!r.ok || font_count == 0 || font_count > kMaxFonts || !finite_in(raster_factor, 0.1f, 1.f))
        return std::nullopt;
    for (int32_t role : roles)
        if (role < 0 || role >= static_cast<int32_t>(font_count)) return std::nullopt;

    struct LoadedFont {
        float size, scale, ascent, descent;
        ImWchar fallback, ellipsis, dot;
        std::vector<ImFontGlyph> glyphs;
    };
    std::vector<LoadedFont> loaded(font_count);
    for (LoadedFont& f : loaded) {
        f.size = r.get<float>();
        f.scale = r.get<float>();
        f.ascent = r.get<float>();
        f.descent = r.get<float>();
        f.fallback = r.get<ImWchar>();
        f.ellipsis = r.get<ImWchar>();
        f.dot = r.get<ImWchar>();
        const auto glyph_count = r.get<uint32_t>();
        if (!r.ok || glyph_count > kMaxGlyphsPerFont || !finite_in(f.size, 1.f, 1000.f) ||
            !finite_in(f.scale, 0.1f, 10.f))
            return std::nullopt;
        f.glyphs.resize(glyph_count);
        for (ImFontGlyph& g : f.glyphs) {
            const auto codepoint = r.get<uint32_t>();
            const auto colored = r.get<uint8_t>();
            const auto visible = r.get<uint8_t>();
            float v[9];
            for (float& x : v) x = r.get<float>();
            if (!r.ok || codepoint > 0xFFFF) return std::nullopt;
            for (int i = 5; i < 9; ++i)
                if (!finite_in(v[i], 0.f, 1.f)) return std::nullopt;  // UVs stay in the texture
            for (int i = 0; i < 5; ++i)
                if (!finite_in(v[i], -4096.f, 4096.f)) return std::nullopt;
            g.Codepoint = codepoint & 0xFFFFu;  // checked above; the field is 30 bits
            g.Colored = colored ? 1 : 0;
            g.Visible = visible ? 1 : 0;
            g.AdvanceX = v[0];
            g.X0 = v[1], g.Y0 = v[2], g.X1 = v[3], g.Y1 = v[4];
            g.U0 = v[5], g.V0 = v[6], g.U1 = v[7], g.V1 = v[8];
        }
    }
    ui::CornerMasks corners;
    const auto mask_count = r.get<uint32_t>();
    if (!r.ok || mask_count > kMaxCornerMasks) return std::nullopt;
    for (uint32_t i = 0; i < mask_count; ++i) {
        ui::CornerMask m;
        m.radius = r.get<int32_t>();
        m.uv_outer = r.get<ImVec2>();
        m.uv_centre = r.get<ImVec2>();
        const bool sorted = corners.masks.empty() || corners.masks.back().radius < m.radius;
        if (!r.ok || !sorted || m.radius < 1 || m.radius > kMaxAtlasSide ||
            !finite_in(m.uv_outer.x, 0.f, 1.f) || !finite_in(m.uv_outer.y, 0.f, 1.f) ||
            !finite_in(m.uv_centre.x, 0.f, 1.f) || !finite_in(m.uv_centre.y, 0.f, 1.f))
            return std::nullopt;
        corners.masks.push_back(m);
    }
    const size_t pixel_bytes = static_cast<size_t>(width) * static_cast<size_t>(height);
    const unsigned char* pixels = r.bytes(pixel_bytes);
    if (!r.ok || !pixels || r.at != data.size()) return std::nullopt;

    // Everything checked: replace the atlas.
    atlas->Clear();
    atlas->TexWidth = width;
    atlas->TexHeight = height;
    atlas->TexUvScale = ImVec2(1.f / static_cast<float>(width), 1.f / static_cast<float>(height));
    atlas->TexUvWhitePixel = white;
    std::copy(std::begin(lines), std::end(lines), std::begin(atlas->TexUvLines));
    atlas->TexPixelsAlpha8 = static_cast<unsigned char*>(IM_ALLOC(pixel_bytes));
    std::memcpy(atlas->TexPixelsAlpha8, pixels, pixel_bytes);
    for (const LoadedFont& f : loaded) {
        ImFont* font = IM_NEW(ImFont);
        font->ContainerAtlas = atlas;
        font->FontSize = f.size;
        font->Scale = f.scale;
        font->Ascent = f.ascent;
        font->Descent = f.descent;
        font->FallbackChar = f.fallback;
        font->EllipsisChar = f.ellipsis;
        font->DotChar = f.dot;
        for (const ImFontGlyph& g : f.glyphs) font->Glyphs.push_back(g);
        font->BuildLookupTable();
        atlas->Fonts.push_back(font);
    }
    atlas->TexReady = true;

    ui::Fonts fonts;
    for (int i = 0; i < kRoleCount; ++i) fonts.*kRoles[i] = atlas->Fonts[roles[i]];
    fonts.corners = std::move(corners);
    if (stats) {
        stats->atlas_width = width;
        stats->atlas_height = height;
        stats->raster_factor = raster_factor;
        stats->attempts = attempts;
        stats->bold_headings = bold != 0;
        stats->atlas_checksum = coverage_checksum(atlas->TexPixelsAlpha8, pixel_bytes, 1);
    }
    return fonts;
}

}  // namespace kiosk::engine

namespace kiosk::engine {

// --- the one entry point the runner uses ---
ui::Fonts load_or_build_fonts(const std::u32string& codepoints, float scale,
                              const std::string& cache_dir, FontBuildStats* stats,
                              ImFontAtlas* atlas) {
    if (!atlas) atlas = ImGui::GetIO().Fonts;
    const auto start = std::chrono::steady_clock::now();
    FontBuildStats local;
    FontBuildStats& s = stats ? *stats : local;
    const std::string key = cache_dir.empty() ? "" : font_cache_key(codepoints, scale);
    const std::string path = key.empty() ? "" : font_cache_path(cache_dir, key);
    if (!path.empty()) {
        s = {};
        if (std::optional<ui::Fonts> fonts = load_font_atlas(path, key, atlas, &s)) {
            s.codepoints = static_cast<int>(codepoints.size());
            for (char32_t c : codepoints) {
                if (c > 0xFFFF)
                    ++s.outside_bmp;
                else if (c >= 0x20 && !fonts->body->FindGlyphNoFallback(static_cast<ImWchar>(c)))
                    ++s.missing;
            }
            s.from_cache = true;
            s.build_ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
            return *fonts;
        }
    }
    const ui::Fonts fonts = build_fonts(codepoints, scale, &s, atlas);
    if (!path.empty() && !save_font_atlas(path, key, *atlas, fonts, s))
        std::fprintf(stderr, "kiosk: cannot write the font cache %s (the next start rebuilds it)\n",
                     path.c_str());
    return fonts;
}

}  // namespace kiosk::engine
