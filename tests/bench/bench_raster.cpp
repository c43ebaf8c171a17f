// kiosk-bench raster: the CPU renderer (kiosk/render) on synthetic members-grid frames, dragged
// by a fractional amount every frame as a finger does. Figures only, no budget.
// Sections: scene · measuring
#include <imgui.h>
#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "benchmarks.h"
#include "kiosk/render/cpu_renderer.h"

namespace kiosk::bench {
namespace {

using render::CpuFrameStats;
using render::CpuRenderer;

// --- scene ---
constexpr const char* kCjkFont = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
constexpr int kRadius = 16;  // the cards' corner mask, in texels
constexpr const char* kLines[3] = {"江苏新材料科技有限公司 Jiangsu New Materials Co.",
                                   "会员编号 Member No. 0247 · 理事单位",
                                   "高性能纤维、复合材料 Advanced fibres & composites"};

// A quarter disc in a custom atlas rect, as kiosk/engine/corner_masks.cpp paints one: the
// top-left corner, one empty texel outside, the disc's centre at (radius, radius).
struct CornerMask {
    ImVec2 outer, centre;
};

CornerMask paint_mask(ImFontAtlas* atlas, int rect_id) {
    const ImFontAtlasCustomRect* r = atlas->GetCustomRectByIndex(rect_id);
    unsigned char* px = atlas->TexPixelsAlpha8;
    for (int y = -1; y <= kRadius; ++y)
        for (int x = -1; x <= kRadius; ++x) {
            const float dx = static_cast<float>(kRadius - x) - 0.5f;
            const float dy = static_cast<float>(kRadius - y) - 0.5f;
            const float c = std::clamp(
                static_cast<float>(kRadius) + 0.5f - std::sqrt(dx * dx + dy * dy), 0.f, 1.f);
            px[(r->Y + 1 + y) * atlas->TexWidth + r->X + 1 + x] =
                static_cast<unsigned char>(std::lround(c * 255));
        }
    const float tw = static_cast<float>(atlas->TexWidth), th = static_cast<float>(atlas->TexHeight);
    const float x0 = static_cast<float>(r->X + 1), y0 = static_cast<float>(r->Y + 1);
    return {ImVec2(x0 / tw, y0 / th), ImVec2((x0 + kRadius) / tw, (y0 + kRadius) / th)};
}

// A rounded rect from four mirrored corner quads and three flat ones (kiosk/ui/shapes.cpp's
// layout), at whole pixels as the kiosk snaps them.
void rounded(ImDrawList* dl, const CornerMask& m, ImVec2 a, ImVec2 b, ImU32 col) {
    a = ImVec2(std::floor(a.x + 0.5f), std::floor(a.y + 0.5f));
    b = ImVec2(std::floor(b.x + 0.5f), std::floor(b.y + 0.5f));
    const auto r = static_cast<float>(kRadius);
    const ImVec2 o = m.outer, c = m.centre, w = ImGui::GetIO().Fonts->TexUvWhitePixel;
    dl->PrimReserve(7 * 6, 7 * 4);
    dl->PrimRectUV(a, ImVec2(a.x + r, a.y + r), o, c, col);
    dl->PrimRectUV(ImVec2(b.x - r, a.y), ImVec2(b.x, a.y + r), ImVec2(c.x, o.y), ImVec2(o.x, c.y),
                   col);
    dl->PrimRectUV(ImVec2(a.x + r, a.y), ImVec2(b.x - r, a.y + r), w, w, col);
    dl->PrimRectUV(ImVec2(a.x, a.y + r), ImVec2(b.x, b.y - r), w, w, col);
    dl->PrimRectUV(ImVec2(a.x, b.y - r), ImVec2(a.x + r, b.y), ImVec2(o.x, c.y), ImVec2(c.x, o.y),
                   col);
    dl->PrimRectUV(ImVec2(b.x - r, b.y - r), b, c, o, col);
    dl->PrimRectUV(ImVec2(a.x + r, b.y - r), ImVec2(b.x - r, b.y), w, w, col);
}

struct Scene {
    ImGuiContext* context = nullptr;
    ImFont* font = nullptr;
    CornerMask mask;
    std::vector<ImTextureID> photos;
    int width, height;
    bool cjk = false;

    Scene(CpuRenderer& renderer, int w, int h) : width(w), height(h) {
        context = ImGui::CreateContext();
        ImGui::SetCurrentContext(context);
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
        io.DeltaTime = 1.f / 60.f;
        ImFontAtlas* atlas = io.Fonts;
        if (std::filesystem::exists(kCjkFont)) {
            ImFontGlyphRangesBuilder b;
            for (const char* line : kLines) b.AddText(line);
            static ImVector<ImWchar> ranges;
            b.BuildRanges(&ranges);
            ImFontConfig cfg;
            cfg.FontNo = 2;  // Simplified Chinese in Noto's collection
            cfg.OversampleH = cfg.OversampleV = 1;
            cfg.PixelSnapH = true;
            font = atlas->AddFontFromFileTTF(kCjkFont, 22.f, &cfg, ranges.Data);
            cjk = font != nullptr;
        }
        if (font == nullptr) font = atlas->AddFontDefault();
        const int rect = atlas->AddCustomRectRegular(kRadius + 2, kRadius + 2);
        unsigned char* a8 = nullptr;
        int tw = 0, th = 0;
        atlas->GetTexDataAsAlpha8(&a8, &tw, &th);
        mask = paint_mask(atlas, rect);
        atlas->SetTexID(renderer.add_alpha8(tw, th, a8));
        // Member photos, decoded at the size they are drawn.
        for (int i = 0; i < 16; ++i) {
            std::vector<unsigned char> rgba(200 * 200 * 4);
            for (int y = 0; y < 200; ++y)
                for (int x = 0; x < 200; ++x) {
                    unsigned char* p = &rgba[static_cast<std::size_t>((y * 200 + x) * 4)];
                    p[0] = static_cast<unsigned char>((x + i * 37) & 0xFF);
                    p[1] = static_cast<unsigned char>((y * 2 + i * 11) & 0xFF);
                    p[2] = static_cast<unsigned char>((x ^ y) & 0xFF);
                    p[3] = 255;
                }
            photos.push_back(renderer.add_rgba(200, 200, rgba.data()));
        }
    }
    ~Scene() { ImGui::DestroyContext(context); }

    // One frame of the members grid scrolled by `scroll` pixels.
    const ImDrawData& frame(float scroll) {
        ImGui::NewFrame();
        ImDrawList* dl = ImGui::GetBackgroundDrawList();
        const auto W = static_cast<float>(width), H = static_cast<float>(height);
        const float header = 120;
        dl->AddRectFilledMultiColor(ImVec2(0, 0), ImVec2(W, header), IM_COL32(12, 60, 140, 255),
                                    IM_COL32(20, 120, 190, 255), IM_COL32(40, 160, 200, 255),
                                    IM_COL32(10, 40, 100, 255));
        dl->AddText(font, 34.f, ImVec2(48, 40), IM_COL32_WHITE, "会员单位 Members");
        dl->AddCircleFilled(ImVec2(W - 80, header / 2), 30, IM_COL32(255, 255, 255, 60));
        // The grid: 4 columns, rows of cards scrolling under the header.
        dl->PushClipRect(ImVec2(0, header), ImVec2(W, H), false);
        const float gap = 32, card_w = (W - 5 * gap) / 4, card_h = 300, pitch = card_h + gap;
        const float first = std::floor(scroll / pitch);
        for (int row = static_cast<int>(first);; ++row) {
            const float y = header + gap + static_cast<float>(row) * pitch - scroll;
            if (y > H) break;
            if (y + card_h < header) continue;
            for (int col = 0; col < 4; ++col) {
                const float x = gap + static_cast<float>(col) * (card_w + gap);
                rounded(dl, mask, ImVec2(x, y), ImVec2(x + card_w, y + card_h),
                        IM_COL32(250, 250, 252, 255));
                const int member = (row * 4 + col) & 0x7fffffff;
                // The photo at the drag's fractional position, 1:1.
                dl->AddImage(photos[static_cast<std::size_t>(member % 16)], ImVec2(x + 20, y + 20),
                             ImVec2(x + 220, y + 220));
                for (int l = 0; l < 3; ++l)
                    dl->AddText(font, 22.f, ImVec2(x + 20, y + 230 + 22.f * static_cast<float>(l)),
                                IM_COL32(30, 30, 40, 255), kLines[l]);
                dl->AddCircleFilled(ImVec2(x + card_w - 40, y + 40), 14,
                                    IM_COL32(220, 60 + (member % 5) * 30, 60, 255));
                dl->AddLine(ImVec2(x + 240, y + 60), ImVec2(x + card_w - 20, y + 60),
                            IM_COL32(200, 200, 210, 255), 2.f);
            }
        }
        dl->PopClipRect();
        // The attract screen's large translucent circle, over everything.
        dl->AddCircleFilled(ImVec2(W * 0.7f, H * 0.6f), 260, IM_COL32(255, 200, 80, 40), 96);
        ImGui::Render();
        return *ImGui::GetDrawData();
    }
};

// --- measuring ---
double thread_ms() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(std::min<double>(
        static_cast<double>(v.size() - 1), std::floor(p * static_cast<double>(v.size()))))];
}

nlohmann::json figures(const std::vector<double>& ms, const CpuFrameStats& s, int vertices,
                       double build_ms) {
    const long long damaged = s.damaged_pixels();
    return {
        {"ms_p50", percentile(ms, 0.5)},
        {"ms_p90", percentile(ms, 0.9)},
        {"imgui_build_ms_p50", build_ms},
        {"vertices", vertices},
        {"primitives", s.primitives},
        {"pixels_shaded", s.pixels_shaded},
        {"damaged_pixels", damaged},
        {"damage_rects", s.damage.size()},
        {"overdraw",
         damaged > 0 ? static_cast<double>(s.pixels_shaded) / static_cast<double>(damaged) : 0.0},
        {"solid_rects", s.solid_rects},
        {"gradient_rects", s.gradient_rects},
        {"mask_blits", s.mask_blits},
        {"image_blits", s.image_blits},
        {"general_triangles", s.general_triangles}};
}

}  // namespace

nlohmann::json bench_raster(const RasterBenchOptions& o) {
    int w = 0, h = 0;
    if (std::sscanf(o.window.c_str(), "%dx%d", &w, &h) != 2 || w <= 0 || h <= 0 || w > 8192 ||
        h > 8192)
        throw std::runtime_error("--window must be WIDTHxHEIGHT, not " + o.window);
    CpuRenderer renderer;
    renderer.set_tile_size(o.tile);
    Scene scene(renderer, w, h);
    std::vector<std::uint32_t> pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
    const render::Canvas canvas{pixels.data(), w, h, w * 4};
    const std::uint32_t clear = 0xEEF0F4;

    // Dragging: every frame moves the grid by a fractional amount.
    std::vector<double> drag_ms, build_ms, still_ms;
    CpuFrameStats drag_stats, still_stats;
    int vertices = 0;
    for (int i = 0; i < o.frames + 5; ++i) {  // the first frames warm caches, unrecorded
        const double t0 = thread_ms();
        const ImDrawData& d = scene.frame(static_cast<float>(i) * 7.37f);
        const double t1 = thread_ms();
        CpuFrameStats s = renderer.render(d, canvas, clear);
        const double t2 = thread_ms();
        if (i < 5) continue;
        build_ms.push_back(t1 - t0);
        drag_ms.push_back(t2 - t1);
        drag_stats = std::move(s);
        vertices = d.TotalVtxCount;
    }
    // Standing still: the same frame again.
    for (int i = 0; i < o.frames; ++i) {
        const ImDrawData& d = scene.frame(static_cast<float>(o.frames + 4) * 7.37f);
        const double t1 = thread_ms();
        still_stats = renderer.render(d, canvas, clear);
        still_ms.push_back(thread_ms() - t1);
    }
    // Everything redrawn (a new canvas): the cost when damage saves nothing.
    std::vector<double> full_ms;
    CpuFrameStats full_stats;
    for (int i = 0; i < std::max(1, o.frames / 4); ++i) {
        const ImDrawData& d = scene.frame(static_cast<float>(i) * 7.37f);
        renderer.forget_previous();
        const double t1 = thread_ms();
        full_stats = renderer.render(d, canvas, clear);
        full_ms.push_back(thread_ms() - t1);
    }
    const double build = percentile(build_ms, 0.5);
    return {{"window", o.window},
            {"frames", o.frames},
            {"tile", o.tile},
            {"cjk_font", scene.cjk},
            {"drag", figures(drag_ms, drag_stats, vertices, build)},
            {"unchanged", figures(still_ms, still_stats, vertices, build)},
            {"full_redraw", figures(full_ms, full_stats, vertices, build)}};
}

}  // namespace kiosk::bench
