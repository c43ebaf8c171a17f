// CpuRenderer against GL's formulas: exact pixels of each fast path and of the triangle path,
// damage tiles, and hostile draw data.
// Sections: harness · solid rects and clipping · masks · images · gradients and triangles ·
// order · damage · hostile input
#include <imgui.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "kiosk/render/cpu_renderer.h"

using kiosk::render::Canvas;
using kiosk::render::CpuFrameStats;
using kiosk::render::CpuRenderer;
using kiosk::render::PixelRect;

namespace {

// --- harness ---
struct Rgb {
    int r = 0, g = 0, b = 0;
};

Rgb rgb(std::uint32_t p) {
    return {static_cast<int>((p >> 16) & 0xFF), static_cast<int>((p >> 8) & 0xFF),
            static_cast<int>(p & 0xFF)};
}

std::uint32_t xrgb(int r, int g, int b) {
    return static_cast<std::uint32_t>((r << 16) | (g << 8) | b);
}

// GL's blend on an 8-bit framebuffer: src*a + dst*(1-a), rounded.
int gl_blend(double src, double a, double dst) {
    return static_cast<int>(std::lround(src * a + dst * (1.0 - a)));
}

int max_diff(Rgb a, Rgb b) {
    return std::max({std::abs(a.r - b.r), std::abs(a.g - b.g), std::abs(a.b - b.b)});
}

// An ImGui context with its font atlas in `renderer`, draw lists built by hand on it, and a
// canvas. No GL, no window.
struct Scene {
    CpuRenderer renderer;
    ImGuiContext* context;
    ImTextureID atlas = nullptr;
    int width, height;
    std::vector<std::uint32_t> pixels;
    std::vector<std::unique_ptr<ImDrawList>> lists;

    Scene(int w, int h) : width(w), height(h), pixels(static_cast<std::size_t>(w * h), 0) {
        context = ImGui::CreateContext();
        ImGui::SetCurrentContext(context);  // CreateContext keeps an older one current
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
        io.DeltaTime = 1.f / 60.f;
        unsigned char* a8 = nullptr;
        int tw = 0, th = 0;
        io.Fonts->GetTexDataAsAlpha8(&a8, &tw, &th);
        atlas = renderer.add_alpha8(tw, th, a8);
        io.Fonts->SetTexID(atlas);
        ImGui::NewFrame();
    }
    ~Scene() {
        lists.clear();
        ImGui::SetCurrentContext(context);
        ImGui::EndFrame();
        ImGui::DestroyContext(context);
    }

    ImDrawList* list() {
        lists.push_back(std::make_unique<ImDrawList>(ImGui::GetDrawListSharedData()));
        ImDrawList* dl = lists.back().get();
        dl->_ResetForNewFrame();
        dl->PushTextureID(atlas);
        dl->PushClipRectFullScreen();
        return dl;
    }
    void reset() { lists.clear(); }

    CpuFrameStats draw(std::uint32_t clear = 0) { return draw_with(renderer, clear); }
    CpuFrameStats draw_with(CpuRenderer& r, std::uint32_t clear) {
        std::vector<ImDrawList*> raw;
        for (auto& l : lists) raw.push_back(l.get());
        ImDrawData data;
        data.Valid = true;
        data.CmdLists = raw.data();
        data.CmdListsCount = static_cast<int>(raw.size());
        data.DisplayPos = ImVec2(0, 0);
        data.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
        data.FramebufferScale = ImVec2(1, 1);
        Canvas c{pixels.data(), width, height, width * 4};
        return r.render(data, c, clear);
    }
    std::uint32_t at(int x, int y) const {
        return pixels[static_cast<std::size_t>(y * width + x)] & 0xFFFFFFu;
    }
    Rgb rgb_at(int x, int y) const { return rgb(at(x, y)); }
    // Pixels in [x0,x1)x[y0,y1) equal `inside`, all others `outside`.
    bool only_rect(int x0, int y0, int x1, int y1, std::uint32_t inside,
                   std::uint32_t outside) const {
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x) {
                const bool in = x >= x0 && x < x1 && y >= y0 && y < y1;
                if (at(x, y) != (in ? inside : outside)) return false;
            }
        return true;
    }
};

// A texture of straight RGBA bytes.
struct Image {
    int w, h;
    std::vector<unsigned char> rgba;
    Image(int width, int height)
        : w(width), h(height), rgba(static_cast<std::size_t>(width * height * 4)) {}
    unsigned char* at(int x, int y) { return &rgba[static_cast<std::size_t>((y * w + x) * 4)]; }
    void set(int x, int y, int r, int g, int b, int a) {
        unsigned char* p = at(x, y);
        p[0] = static_cast<unsigned char>(r);
        p[1] = static_cast<unsigned char>(g);
        p[2] = static_cast<unsigned char>(b);
        p[3] = static_cast<unsigned char>(a);
    }
    // GL_LINEAR with GL_CLAMP_TO_EDGE at texel coordinates (s, t), channel c, straight.
    double sample(double s, double t, int c) {
        s -= 0.5;
        t -= 0.5;
        const int x0 = static_cast<int>(std::floor(s)), y0 = static_cast<int>(std::floor(t));
        const double fx = s - x0, fy = t - y0;
        auto v = [&](int x, int y) {
            return static_cast<double>(at(std::clamp(x, 0, w - 1), std::clamp(y, 0, h - 1))[c]);
        };
        const double top = v(x0, y0) * (1 - fx) + v(x0 + 1, y0) * fx;
        const double bottom = v(x0, y0 + 1) * (1 - fx) + v(x0 + 1, y0 + 1) * fx;
        return top * (1 - fy) + bottom * fy;
    }
};

// A test pattern that tells every texel apart.
Image pattern(int w, int h) {
    Image im(w, h);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            im.set(x, y, 30 + x * 40 % 200, 20 + y * 50 % 220, (x * 7 + y * 13) * 5 % 256, 255);
    return im;
}

}  // namespace

// --- solid rects and clipping ---
TEST_CASE("ImDrawIdx is 16 bits in Debian's ImGui, as the renderer is tested with", "[render]") {
    CHECK(sizeof(ImDrawIdx) == 2);
}

TEST_CASE("an opaque rect at whole pixels fills exactly its pixels", "[render]") {
    Scene s(40, 30);
    s.list()->AddRectFilled(ImVec2(10, 10), ImVec2(20, 15), IM_COL32(255, 0, 0, 255));
    const CpuFrameStats st = s.draw(xrgb(0, 0, 40));
    CHECK(s.only_rect(10, 10, 20, 15, xrgb(255, 0, 0), xrgb(0, 0, 40)));
    CHECK(st.solid_rects == 1);
    CHECK(st.general_triangles == 0);
}

TEST_CASE("a rect at fractional coordinates covers the pixels whose centres it covers (GL)",
          "[render]") {
    // Pixel centres at x + 0.5: [10.4, 20.5) holds centres 10.5 .. 19.5; [10.6, 15.5) in y holds
    // 11.5 .. 14.5. A centre on the right or bottom edge is outside, on the left or top inside.
    Scene s(40, 30);
    s.list()->AddRectFilled(ImVec2(10.4f, 10.6f), ImVec2(20.5f, 15.5f), IM_COL32(0, 255, 0, 255));
    s.draw();
    CHECK(s.only_rect(10, 11, 20, 15, xrgb(0, 255, 0), 0));
    s.reset();
    s.list()->AddRectFilled(ImVec2(10.5f, 10.5f), ImVec2(20.6f, 15.4f), IM_COL32(0, 255, 0, 255));
    s.draw();
    CHECK(s.only_rect(10, 10, 21, 15, xrgb(0, 255, 0), 0));
}

TEST_CASE("an edge a float's rounding put just past a pixel centre is on it, as GL snaps it",
          "[render]") {
    // GL snaps vertices to 1/256 pixel: a left edge at 10.50001 is at 10.5, on the centre of
    // column 10, which it then covers (left edge). Seen on a photo card's inner rect, whose left
    // edge came out of ImGui's anti-aliasing at 48.5 plus a rounding error: the column was lost.
    const float past = std::nextafter(10.5f, 11.f) + 0.00001f;
    REQUIRE(past > 10.5f);
    Scene s(40, 30);
    s.list()->AddRectFilled(ImVec2(past, past), ImVec2(20, 15), IM_COL32(0, 255, 0, 255));
    s.draw();
    CHECK(s.only_rect(10, 10, 20, 15, xrgb(0, 255, 0), 0));
    s.reset();
    Image im = pattern(10, 5);
    const ImTextureID id = s.renderer.add_rgba(im.w, im.h, im.rgba.data());
    s.list()->AddImage(id, ImVec2(past, 10.f), ImVec2(past + 10.f, 15.f));
    const CpuFrameStats st = s.draw(xrgb(9, 9, 9));
    CHECK(st.image_blits == 1);
    CHECK(s.at(10, 12) != xrgb(9, 9, 9));  // column 10 holds the photo's first texel column
    CHECK(s.at(9, 12) == xrgb(9, 9, 9));
}

TEST_CASE("a translucent rect blends as GL's src-alpha, one-minus-src-alpha within 1", "[render]") {
    Scene s(32, 32);
    ImDrawList* dl = s.list();
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(32, 32), IM_COL32(200, 100, 50, 255));
    dl->AddRectFilled(ImVec2(8, 8), ImVec2(24, 24), IM_COL32(10, 200, 255, 128));
    s.draw();
    const double a = 128 / 255.0;
    const Rgb want{gl_blend(10, a, 200), gl_blend(200, a, 100), gl_blend(255, a, 50)};
    int worst = 0;
    for (int y = 8; y < 24; ++y)
        for (int x = 8; x < 24; ++x) worst = std::max(worst, max_diff(s.rgb_at(x, y), want));
    CHECK(worst <= 1);
    CHECK(s.at(7, 7) == xrgb(200, 100, 50));
}

TEST_CASE("a command's clip rect is honoured: nothing is drawn outside it", "[render]") {
    Scene s(40, 40);
    ImDrawList* dl = s.list();
    dl->PushClipRect(ImVec2(5, 6), ImVec2(15, 17));
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(40, 40), IM_COL32(255, 255, 255, 255));
    dl->AddCircleFilled(ImVec2(10, 10), 30, IM_COL32(255, 0, 0, 255));
    dl->PopClipRect();
    s.draw();
    CHECK(s.only_rect(5, 6, 15, 17, xrgb(255, 0, 0), 0));
}

// --- masks ---
TEST_CASE("a glyph-like A8 mask composites the colour by coverage per pixel", "[render]") {
    Scene s(32, 32);
    std::vector<unsigned char> cov(8 * 8);
    for (int i = 0; i < 64; ++i)
        cov[static_cast<std::size_t>(i)] = static_cast<unsigned char>(i * 4);
    const ImTextureID mask = s.renderer.add_alpha8(8, 8, cov.data());
    // The 4x4 texels at (2,3) of the mask, at 1:1.
    s.list()->AddImage(mask, ImVec2(10, 12), ImVec2(14, 16), ImVec2(2 / 8.f, 3 / 8.f),
                       ImVec2(6 / 8.f, 7 / 8.f), IM_COL32(255, 128, 0, 255));
    const CpuFrameStats st = s.draw(xrgb(0, 0, 255));
    CHECK(st.mask_blits == 1);
    int worst = 0;
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 4; ++x) {
            const double a = cov[static_cast<std::size_t>((y + 3) * 8 + x + 2)] / 255.0;
            const Rgb want{gl_blend(255, a, 0), gl_blend(128, a, 0), gl_blend(0, a, 255)};
            worst = std::max(worst, max_diff(s.rgb_at(10 + x, 12 + y), want));
        }
    CHECK(worst <= 1);
    CHECK(s.at(9, 12) == xrgb(0, 0, 255));
    CHECK(s.at(14, 15) == xrgb(0, 0, 255));
}

TEST_CASE("a corner mask mirrored each of the four ways lands the right way round", "[render]") {
    Scene s(64, 64);
    // 6x6 texels, the mask in [1,5)x[1,5) with a one-texel border, every texel different.
    std::vector<unsigned char> cov(6 * 6, 0);
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 4; ++x)
            cov[static_cast<std::size_t>((y + 1) * 6 + x + 1)] =
                static_cast<unsigned char>(15 + 16 * (y * 4 + x));
    const ImTextureID mask = s.renderer.add_alpha8(6, 6, cov.data());
    const float o = 1 / 6.f, c = 5 / 6.f;  // outer and inner corner of the mask
    ImDrawList* dl = s.list();
    dl->PushTextureID(mask);
    dl->PrimReserve(24, 16);
    // Top-left as painted, top-right mirrored in x, bottom-left in y, bottom-right in both.
    dl->PrimRectUV(ImVec2(10, 10), ImVec2(14, 14), ImVec2(o, o), ImVec2(c, c), IM_COL32_WHITE);
    dl->PrimRectUV(ImVec2(30, 10), ImVec2(34, 14), ImVec2(c, o), ImVec2(o, c), IM_COL32_WHITE);
    dl->PrimRectUV(ImVec2(10, 30), ImVec2(14, 34), ImVec2(o, c), ImVec2(c, o), IM_COL32_WHITE);
    dl->PrimRectUV(ImVec2(30, 30), ImVec2(34, 34), ImVec2(c, c), ImVec2(o, o), IM_COL32_WHITE);
    const CpuFrameStats st = s.draw();
    CHECK(st.mask_blits == 4);
    auto texel = [&](int x, int y) {
        return static_cast<int>(cov[static_cast<std::size_t>((y + 1) * 6 + x + 1)]);
    };
    int worst = 0;
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 4; ++x) {
            worst = std::max(worst, std::abs(s.rgb_at(10 + x, 10 + y).g - texel(x, y)));
            worst = std::max(worst, std::abs(s.rgb_at(30 + x, 10 + y).g - texel(3 - x, y)));
            worst = std::max(worst, std::abs(s.rgb_at(10 + x, 30 + y).g - texel(x, 3 - y)));
            worst = std::max(worst, std::abs(s.rgb_at(30 + x, 30 + y).g - texel(3 - x, 3 - y)));
        }
    CHECK(worst == 0);
}

// --- images ---
TEST_CASE("an RGBA image at 1:1 is copied texel for texel", "[render]") {
    Scene s(32, 32);
    Image im = pattern(8, 6);
    const ImTextureID id = s.renderer.add_rgba(im.w, im.h, im.rgba.data());
    s.list()->AddImage(id, ImVec2(5, 7), ImVec2(13, 13));
    const CpuFrameStats st = s.draw(xrgb(9, 9, 9));
    CHECK(st.image_blits == 1);
    for (int y = 0; y < 6; ++y)
        for (int x = 0; x < 8; ++x) {
            const unsigned char* p = im.at(x, y);
            CHECK(s.at(5 + x, 7 + y) == xrgb(p[0], p[1], p[2]));
        }
    CHECK(s.at(4, 7) == xrgb(9, 9, 9));
    CHECK(s.at(13, 12) == xrgb(9, 9, 9));
}

TEST_CASE("an image with rounded corners (AddImageRounded) is drawn and counted", "[render]") {
    Scene s(64, 64);
    Image im = pattern(40, 40);
    const ImTextureID id = s.renderer.add_rgba(im.w, im.h, im.rgba.data());
    s.list()->AddImageRounded(id, ImVec2(10, 10), ImVec2(50, 50), ImVec2(0, 0), ImVec2(1, 1),
                              IM_COL32_WHITE, 8.f);
    const CpuFrameStats st = s.draw(xrgb(9, 9, 9));
    CHECK(st.general_triangles + st.image_blits > 0);
    CHECK(s.at(10, 10) == xrgb(9, 9, 9));  // the corner is cut away
    // Away from the rounded corners every pixel is its texel (1:1 at whole pixels).
    int worst = 0;
    for (int y = 12; y < 48; ++y)
        for (int x = 18; x < 42; ++x) {
            const unsigned char* t = im.at(x - 10, y - 10);
            worst = std::max(worst, max_diff(s.rgb_at(x, y), rgb(xrgb(t[0], t[1], t[2]))));
        }
    CHECK(worst <= 1);
}

TEST_CASE("a rounded image at a fractional position is filtered like GL_LINEAR", "[render]") {
    Scene s(64, 64);
    Image im = pattern(40, 40);
    const ImTextureID id = s.renderer.add_rgba(im.w, im.h, im.rgba.data());
    const float x0 = 10.3f, y0 = 10.6f;
    s.list()->AddImageRounded(id, ImVec2(x0, y0), ImVec2(x0 + 40, y0 + 40), ImVec2(0, 0),
                              ImVec2(1, 1), IM_COL32_WHITE, 8.f);
    s.draw(xrgb(9, 9, 9));
    int worst = 0;
    for (int y = 13; y < 48; ++y)
        for (int x = 20; x < 42; ++x) {
            const double sx = x + 0.5 - x0, ty = y + 0.5 - y0;  // texel coordinates at 1:1
            const Rgb want{static_cast<int>(std::lround(im.sample(sx, ty, 0))),
                           static_cast<int>(std::lround(im.sample(sx, ty, 1))),
                           static_cast<int>(std::lround(im.sample(sx, ty, 2)))};
            worst = std::max(worst, max_diff(s.rgb_at(x, y), want));
        }
    CHECK(worst <= 2);
}

TEST_CASE("a rounded image drawn smaller than its texture is filtered like GL_LINEAR", "[render]") {
    Scene s(64, 64);
    // A size step larger than drawn, as the texture cache decodes; smooth like a photo (the
    // renderer draws it from a copy at the drawn scale, which a 1-texel checkerboard would blur).
    Image im(52, 46);
    for (int y = 0; y < im.h; ++y)
        for (int x = 0; x < im.w; ++x) im.set(x, y, 40 + 3 * x, 60 + 2 * y, 120 + x + y, 255);
    const ImTextureID id = s.renderer.add_rgba(im.w, im.h, im.rgba.data());
    const float x0 = 10.3f, y0 = 10.6f, w = 40.f, h = 40.f;
    s.list()->AddImageRounded(id, ImVec2(x0, y0), ImVec2(x0 + w, y0 + h), ImVec2(0, 0),
                              ImVec2(1, 1), IM_COL32_WHITE, 8.f);
    s.draw(xrgb(9, 9, 9));
    int worst = 0;
    for (int y = 20; y < 40;
         ++y)  // between the rounded corners, to the photo's left and right edges
        for (int x = 11; x < 50; ++x) {
            const double sx = (x + 0.5 - x0) / w * im.w, ty = (y + 0.5 - y0) / h * im.h;
            const Rgb want{static_cast<int>(std::lround(im.sample(sx, ty, 0))),
                           static_cast<int>(std::lround(im.sample(sx, ty, 1))),
                           static_cast<int>(std::lround(im.sample(sx, ty, 2)))};
            worst = std::max(worst, max_diff(s.rgb_at(x, y), want));
        }
    CHECK(worst <= 2);
}

namespace {
// The worst channel difference between the canvas and GL's bilinear reference for an opaque
// image drawn at [x0,x1)x[y0,y1) with uv 0..1.
int image_error(const Scene& s, Image& im, float x0, float y0, float x1, float y1) {
    int worst = 0;
    const int px0 = static_cast<int>(std::ceil(x0 - 0.5f)),
              px1 = static_cast<int>(std::ceil(x1 - 0.5f));
    const int py0 = static_cast<int>(std::ceil(y0 - 0.5f)),
              py1 = static_cast<int>(std::ceil(y1 - 0.5f));
    for (int y = py0; y < py1; ++y)
        for (int x = px0; x < px1; ++x) {
            const double sx = (x + 0.5 - x0) / (x1 - x0) * im.w,
                         ty = (y + 0.5 - y0) / (y1 - y0) * im.h;
            const Rgb want{static_cast<int>(std::lround(im.sample(sx, ty, 0))),
                           static_cast<int>(std::lround(im.sample(sx, ty, 1))),
                           static_cast<int>(std::lround(im.sample(sx, ty, 2)))};
            worst = std::max(worst, max_diff(s.rgb_at(x, y), want));
        }
    return worst;
}
}  // namespace

TEST_CASE("an RGBA image scaled 2x or at a fractional position is filtered like GL_LINEAR",
          "[render]") {
    Scene s(64, 64);
    Image im = pattern(8, 6);
    const ImTextureID id = s.renderer.add_rgba(im.w, im.h, im.rgba.data());
    ImDrawList* dl = s.list();
    dl->AddImage(id, ImVec2(2, 2), ImVec2(18, 14));                  // 2x
    dl->AddImage(id, ImVec2(30.25f, 20.4f), ImVec2(38.25f, 26.4f));  // 1:1, fractional
    const CpuFrameStats st = s.draw();
    CHECK(st.image_blits == 2);
    const int e2x = image_error(s, im, 2, 2, 18, 14);
    const int efrac = image_error(s, im, 30.25f, 20.4f, 38.25f, 26.4f);
    INFO("2x: " << e2x << ", fractional: " << efrac);
    CHECK(e2x <= 2);
    CHECK(efrac <= 2);
}

TEST_CASE("an image tinted with half alpha blends at half its alpha", "[render]") {
    Scene s(32, 32);
    Image im = pattern(4, 4);
    const ImTextureID id = s.renderer.add_rgba(im.w, im.h, im.rgba.data());
    s.list()->AddImage(id, ImVec2(4, 4), ImVec2(8, 8), ImVec2(0, 0), ImVec2(1, 1),
                       IM_COL32(255, 255, 255, 128));
    s.draw(xrgb(100, 50, 200));
    const double a = 128 / 255.0;
    int worst = 0;
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 4; ++x) {
            const unsigned char* p = im.at(x, y);
            const Rgb want{gl_blend(p[0], a, 100), gl_blend(p[1], a, 50), gl_blend(p[2], a, 200)};
            worst = std::max(worst, max_diff(s.rgb_at(4 + x, 4 + y), want));
        }
    CHECK(worst <= 1);
}

// --- gradients and triangles ---
namespace {
// GL's colour at pixel centre (px, py) of AddRectFilledMultiColor's two triangles (0,1,2) and
// (0,2,3) over [x0,x1)x[y0,y1), corners UL, UR, BR, BL.
double gradient_ref(double px, double py, double x0, double y0, double x1, double y1,
                    const double c[4]) {
    const double u = (px - x0) / (x1 - x0), v = (py - y0) / (y1 - y0);
    if (u >= v) return c[0] + (c[1] - c[0]) * u + (c[2] - c[1]) * v;  // triangle UL, UR, BR
    return c[0] + (c[2] - c[3]) * u + (c[3] - c[0]) * v;              // triangle UL, BR, BL
}
}  // namespace

TEST_CASE("a multicolour gradient rect matches GL's interpolation over its two triangles",
          "[render]") {
    const std::uint32_t ul = IM_COL32(255, 0, 0, 255), ur = IM_COL32(0, 255, 0, 255);
    const std::uint32_t br = IM_COL32(0, 0, 255, 255), bl = IM_COL32(255, 255, 255, 255);
    for (bool vertical : {false, true}) {
        Scene s(80, 80);
        const std::uint32_t c1 = vertical ? ul : ur, c2 = vertical ? bl : br;
        s.list()->AddRectFilledMultiColor(ImVec2(8, 8), ImVec2(72, 72), ul, c1, c2, bl);
        const CpuFrameStats st = s.draw();
        CHECK(st.gradient_rects == 1);
        const std::uint32_t corners[4] = {ul, c1, c2, bl};
        int worst = 0;
        for (int y = 8; y < 72; ++y)
            for (int x = 8; x < 72; ++x) {
                int got[3] = {s.rgb_at(x, y).r, s.rgb_at(x, y).g, s.rgb_at(x, y).b};
                for (int ch = 0; ch < 3; ++ch) {
                    double c[4];
                    for (int k = 0; k < 4; ++k)
                        c[k] = static_cast<double>((corners[k] >> (8 * ch)) & 0xFF);
                    const double want = gradient_ref(x + 0.5, y + 0.5, 8, 8, 72, 72, c);
                    worst =
                        std::max(worst, std::abs(got[ch] - static_cast<int>(std::lround(want))));
                }
            }
        INFO("vertical " << vertical);
        CHECK(worst <= 1);
        // Corners and centre.
        CHECK(max_diff(s.rgb_at(8, 8), {255, 0, 0}) <= 8);  // near the upper-left colour
        CHECK(s.at(7, 7) == 0);
        CHECK(s.at(72, 72) == 0);
    }
}

TEST_CASE("two translucent triangles sharing a diagonal blend once everywhere: no seam, no gap",
          "[render]") {
    Scene s(64, 64);
    ImDrawList* dl = s.list();
    dl->Flags = ImDrawListFlags_None;  // no AA fringe: the bare triangles
    // A rotated square (not axis-aligned: the triangle path) whose shared diagonal x = 32.5
    // runs through the centres of column 32: each of them must be blended exactly once.
    dl->AddQuadFilled(ImVec2(32.5f, 4.5f), ImVec2(60.5f, 32.5f), ImVec2(32.5f, 60.5f),
                      ImVec2(4.5f, 32.5f), IM_COL32(255, 255, 255, 100));
    s.draw(xrgb(0, 0, 0));
    const int want = gl_blend(255, 100 / 255.0, 0);
    int bad = 0;
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x) {
            const int v = s.rgb_at(x, y).r;
            const double d = std::abs(x - 32) + std::abs(y - 32);
            if (d < 27)
                bad += std::abs(v - want) > 1;  // inside: exactly one blend
            else if (d > 29)
                bad += v != 0;  // outside: untouched
            else
                bad += v != 0 && std::abs(v - want) > 1;  // edge: one or the other
        }
    CHECK(bad == 0);
}

TEST_CASE("an anti-aliased translucent circle is uniform inside and fades out at its fringe",
          "[render]") {
    Scene s(96, 96);
    s.list()->AddCircleFilled(ImVec2(48.3f, 47.6f), 40, IM_COL32(0, 200, 0, 120), 48);
    const CpuFrameStats st = s.draw(xrgb(0, 0, 0));
    CHECK(st.general_triangles > 48);
    const int want = gl_blend(200, 120 / 255.0, 0);
    int inside_bad = 0, outside_bad = 0, fringe_over = 0;
    for (int y = 0; y < 96; ++y)
        for (int x = 0; x < 96; ++x) {
            const int g = s.rgb_at(x, y).g;
            const double d = std::hypot(x + 0.5 - 48.3, y + 0.5 - 47.6);
            if (d < 38) inside_bad += std::abs(g - want) > 1;
            if (d > 41.5) outside_bad += g != 0;
            fringe_over += g > want + 1;  // a double blend anywhere would be brighter
        }
    CHECK(inside_bad == 0);
    CHECK(outside_bad == 0);
    CHECK(fringe_over == 0);
}

// --- order ---
TEST_CASE("draw order holds across commands, textures and lists", "[render]") {
    Scene s(32, 32);
    Image white(2, 2);
    for (int i = 0; i < 4; ++i) white.set(i % 2, i / 2, 0, 0, 255, 255);
    const ImTextureID blue = s.renderer.add_rgba(2, 2, white.rgba.data());
    ImDrawList* a = s.list();
    a->AddRectFilled(ImVec2(0, 0), ImVec2(20, 20), IM_COL32(255, 0, 0, 255));
    a->AddImage(blue, ImVec2(10, 10), ImVec2(12, 12));  // a second command: another texture
    a->AddRectFilled(ImVec2(11, 11), ImVec2(13, 13), IM_COL32(0, 255, 0, 255));  // a third
    ImDrawList* b = s.list();
    b->AddRectFilled(ImVec2(12, 12), ImVec2(14, 14), IM_COL32(255, 255, 0, 255));
    s.draw();
    CHECK(a->CmdBuffer.Size >= 3);
    CHECK(s.at(10, 10) == xrgb(0, 0, 255));
    CHECK(s.at(11, 11) == xrgb(0, 255, 0));
    CHECK(s.at(12, 12) == xrgb(255, 255, 0));
    CHECK(s.at(13, 13) == xrgb(255, 255, 0));
    CHECK(s.at(5, 5) == xrgb(255, 0, 0));
}

// --- damage ---
namespace {
void busy_scene(Scene& s, ImVec2 small_at) {
    ImDrawList* dl = s.list();
    dl->AddRectFilledMultiColor(ImVec2(0, 0), ImVec2(400, 40), IM_COL32(20, 40, 200, 255),
                                IM_COL32(200, 40, 20, 255), IM_COL32(10, 10, 10, 255),
                                IM_COL32(90, 90, 90, 255));
    dl->AddText(ImVec2(20, 60), IM_COL32(255, 255, 255, 255), "Damage tiles 0123456789");
    dl->AddCircleFilled(ImVec2(200, 150), 50, IM_COL32(255, 200, 0, 150));
    dl->AddRectFilled(small_at, ImVec2(small_at.x + 10, small_at.y + 10),
                      IM_COL32(0, 255, 255, 255));
}
}  // namespace

TEST_CASE("an unchanged frame has no damage and leaves the canvas untouched", "[render]") {
    Scene s(400, 300);
    busy_scene(s, ImVec2(100, 100));
    const CpuFrameStats first = s.draw(xrgb(30, 30, 30));
    CHECK(first.damaged_pixels() == 400LL * 300);
    s.pixels[5] = 0x123456;  // a pixel the renderer would restore if it drew
    const CpuFrameStats second = s.draw(xrgb(30, 30, 30));
    CHECK(second.damage.empty());
    CHECK(second.pixels_shaded == 0);
    CHECK(s.at(5, 0) == 0x123456);
}

TEST_CASE("each frame estimates what a full redraw would write, also when nothing changed",
          "[render]") {
    Scene s(400, 300);
    ImDrawList* dl = s.list();
    dl->AddRectFilled(ImVec2(10, 10), ImVec2(110, 110), IM_COL32(200, 0, 0, 255));
    dl->AddRectFilled(ImVec2(50, 50), ImVec2(100, 100), IM_COL32(0, 200, 0, 128));
    dl->AddRectFilled(ImVec2(380, 280), ImVec2(480, 380), IM_COL32(0, 0, 200, 255));  // 20x20 in
    const long long expected = 100 * 100 + 50 * 50 + 20 * 20;
    CHECK(s.draw(xrgb(30, 30, 30)).frame_box_pixels == expected);
    const CpuFrameStats again = s.draw(xrgb(30, 30, 30));
    CHECK(again.damage.empty());
    CHECK(again.frame_box_pixels == expected);  // overdraw of the screen, not of the damage
}

TEST_CASE("moving one small rect damages only its old and new tiles and equals a full redraw",
          "[render]") {
    Scene s(400, 300);
    busy_scene(s, ImVec2(100, 100));
    s.draw(xrgb(30, 30, 30));
    s.reset();
    busy_scene(s, ImVec2(300, 200));
    const CpuFrameStats moved = s.draw(xrgb(30, 30, 30));
    // 64-pixel tiles: [100,110)^2 is in tile (1,1), [300,310)x[200,210) in tile (4,3).
    REQUIRE(moved.damage.size() == 2);
    std::vector<PixelRect> d = moved.damage;
    std::sort(d.begin(), d.end(),
              [](const PixelRect& a, const PixelRect& b) { return a.y0 < b.y0; });
    CHECK((d[0].x0 == 64 && d[0].y0 == 64 && d[0].x1 == 128 && d[0].y1 == 128));
    CHECK((d[1].x0 == 256 && d[1].y0 == 192 && d[1].x1 == 320 && d[1].y1 == 256));
    const std::vector<std::uint32_t> incremental = s.pixels;
    CpuRenderer fresh;
    // The fresh renderer needs the same textures at the same ids: the atlas only here.
    unsigned char* a8 = nullptr;
    int tw = 0, th = 0;
    ImGui::GetIO().Fonts->GetTexDataAsAlpha8(&a8, &tw, &th);
    REQUIRE(fresh.add_alpha8(tw, th, a8) == s.atlas);
    std::fill(s.pixels.begin(), s.pixels.end(), 0xDEADBEEF);
    s.draw_with(fresh, xrgb(30, 30, 30));
    int differ = 0;
    for (std::size_t i = 0; i < incremental.size(); ++i)
        differ += (incremental[i] & 0xFFFFFF) != (s.pixels[i] & 0xFFFFFF);
    CHECK(differ == 0);
}

TEST_CASE("a texture removed and replaced by one with the same id value is drawn again",
          "[render]") {
    Scene s(64, 64);
    Image red(2, 2), green(2, 2);
    for (int i = 0; i < 4; ++i) {
        red.set(i % 2, i / 2, 255, 0, 0, 255);
        green.set(i % 2, i / 2, 0, 255, 0, 255);
    }
    const ImTextureID first = s.renderer.add_rgba(2, 2, red.rgba.data());
    s.list()->AddImage(first, ImVec2(10, 10), ImVec2(12, 12));
    s.draw();
    CHECK(s.at(10, 10) == xrgb(255, 0, 0));
    s.renderer.remove(first);
    const ImTextureID second = s.renderer.add_rgba(2, 2, green.rgba.data());
    REQUIRE(second == first);  // the same id value, a different texture
    const CpuFrameStats st = s.draw();
    CHECK_FALSE(st.damage.empty());
    CHECK(s.at(10, 10) == xrgb(0, 255, 0));
    CHECK(s.renderer.texture_count() == 2);
}

TEST_CASE("forget_previous redraws the whole canvas", "[render]") {
    Scene s(200, 100);
    busy_scene(s, ImVec2(10, 10));
    s.draw();
    s.pixels[95 * 200 + 5] = 0x123456;  // a pixel nothing draws on: cleared again
    s.renderer.forget_previous();
    const CpuFrameStats st = s.draw();
    CHECK(st.damaged_pixels() == 200LL * 100);
    CHECK(st.damage.size() == 1);
    CHECK(s.at(5, 95) == 0);
}

// --- hostile input ---
namespace {
// A canvas inside guard bands: rows of sentinels above and below and a padded stride.
struct Guarded {
    static constexpr std::uint32_t kSentinel = 0xA5A5A5A5;
    int w, h, stride_px, pad = 64 * 8;
    std::vector<std::uint32_t> mem;
    Guarded(int width, int height)
        : w(width),
          h(height),
          stride_px(width + 7),
          mem(static_cast<std::size_t>(stride_px * height + 2 * pad), kSentinel) {}
    Canvas canvas() { return {mem.data() + pad, w, h, stride_px * 4}; }
    bool guards_intact() const {
        for (int i = 0; i < static_cast<int>(mem.size()); ++i) {
            const int j = i - pad;
            const bool inside = j >= 0 && j < stride_px * h && j % stride_px < w;
            if (!inside && mem[static_cast<std::size_t>(i)] != kSentinel) return false;
        }
        return true;
    }
};

ImDrawData data_of(std::vector<ImDrawList*>& lists, ImVec2 size) {
    ImDrawData d;
    d.Valid = true;
    d.CmdLists = lists.data();
    d.CmdListsCount = static_cast<int>(lists.size());
    d.DisplaySize = size;
    d.FramebufferScale = ImVec2(1, 1);
    return d;
}
}  // namespace

TEST_CASE("hostile geometry and clip rects neither crash nor write outside the canvas",
          "[render]") {
    Scene s(50, 40);  // for the context and atlas; drawn into a guarded canvas
    Guarded g(50, 40);
    ImDrawList* dl = s.list();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    dl->PushClipRect(ImVec2(-1e9f, -1e9f), ImVec2(1e9f, 1e9f), false);  // far beyond the canvas
    dl->AddRectFilled(ImVec2(-1e9f, -1e9f), ImVec2(1e9f, 1e9f), IM_COL32(255, 0, 0, 255));
    dl->AddTriangleFilled(ImVec2(-1e9f, 5), ImVec2(1e9f, 6), ImVec2(3, 1e9f),
                          IM_COL32(0, 255, 0, 255));
    dl->AddTriangleFilled(ImVec2(nan, 5), ImVec2(10, nan), ImVec2(3, 30), IM_COL32(0, 0, 255, 255));
    dl->AddRectFilled(ImVec2(nan, nan), ImVec2(nan, nan), IM_COL32(0, 0, 255, 255));
    dl->AddCircleFilled(ImVec2(49.7f, 39.5f), 30, IM_COL32(255, 0, 255, 200));
    dl->AddText(ImVec2(40, 35), IM_COL32_WHITE, "edge text");
    // Commands over one rect with clip rects outside, inverted, huge and NaN, set on the commands
    // directly (ImGui's PushClipRect asserts on inverted ones).
    dl->PushClipRect(ImVec2(0, 0), ImVec2(50, 40), false);
    dl->AddRectFilled(ImVec2(-10, -10), ImVec2(60, 60), IM_COL32(0, 255, 255, 255));
    const ImDrawCmd rect_cmd = dl->CmdBuffer.back();
    for (const ImVec4 clip :
         {ImVec4(100, 100, 200, 200), ImVec4(30, 30, 10, 10), ImVec4(-1e9f, -1e9f, 1e9f, 1e9f),
          ImVec4(nan, 0, 10, 10), ImVec4(-5, -5, 3, 3), ImVec4(1e30f, -1e30f, -1e30f, 1e30f)}) {
        ImDrawCmd c = rect_cmd;
        c.ClipRect = clip;
        dl->CmdBuffer.push_back(c);
    }
    std::vector<ImDrawList*> lists{dl};
    ImDrawData d = data_of(lists, ImVec2(50, 40));
    s.renderer.render(d, g.canvas(), xrgb(1, 2, 3));
    CHECK(g.guards_intact());
    // Zero-size and broken canvases draw nothing and report no damage.
    CHECK(s.renderer.render(d, Canvas{nullptr, 50, 40, 200}, 0).damage.empty());
    CHECK(s.renderer.render(d, Canvas{g.mem.data(), 0, 0, 0}, 0).damage.empty());
    CHECK(s.renderer.render(d, Canvas{g.mem.data(), 50, 40, 100}, 0)
              .damage.empty());  // stride < width
    CHECK(g.guards_intact());
}

TEST_CASE("broken buffers and offsets are bounds-checked, and unknown textures draw nothing",
          "[render]") {
    Scene s(8, 8);
    Guarded g(40, 30);
    ImDrawList dl(ImGui::GetDrawListSharedData());
    // Four vertices of a white-pixel rect filling the canvas, then commands pointing everywhere.
    const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
    const ImVec2 corners[4] = {{0, 0}, {40, 0}, {40, 30}, {0, 30}};
    for (const ImVec2& p : corners)
        dl.VtxBuffer.push_back(ImDrawVert{p, white, IM_COL32(255, 0, 0, 255)});
    for (int i : {0, 1, 2, 0, 2, 3, 0, 1, 9000, 3, 2})
        dl.IdxBuffer.push_back(static_cast<ImDrawIdx>(i));
    ImDrawCmd cmd;
    cmd.ClipRect = ImVec4(0, 0, 40, 30);
    cmd.TextureId = reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(0xBAD));  // unknown
    cmd.ElemCount = 6;
    dl.CmdBuffer.push_back(cmd);
    cmd.TextureId = s.atlas;
    cmd.IdxOffset = 6;
    cmd.ElemCount = 1000;  // past the index buffer; index 9000 past the vertices
    dl.CmdBuffer.push_back(cmd);
    cmd.IdxOffset = 4000;  // past the index buffer entirely
    cmd.ElemCount = 6;
    dl.CmdBuffer.push_back(cmd);
    cmd.IdxOffset = 0;
    cmd.VtxOffset = 65530;  // past the vertices
    dl.CmdBuffer.push_back(cmd);
    cmd.VtxOffset = 0;
    cmd.ElemCount = 5;  // not a multiple of 3: the first triangle only
    dl.CmdBuffer.push_back(cmd);
    std::vector<ImDrawList*> lists{&dl};
    ImDrawData d = data_of(lists, ImVec2(40, 30));
    s.renderer.render(d, g.canvas(), xrgb(0, 0, 0));
    CHECK(g.guards_intact());
    const Canvas c = g.canvas();
    auto px = [&](int x, int y) { return c.pixels[y * g.stride_px + x] & 0xFFFFFF; };
    CHECK(px(30, 2) == xrgb(255, 0, 0));  // the last command's first triangle (0,1,2)
    CHECK(px(2, 28) == 0);  // its second, incomplete, not drawn; nor the unknown texture's
}
