// Rounded shapes drawn from the atlas's corner masks must look like the shapes they stand for.
// The draw list's triangles are rasterised here in software, sampling the atlas as the GPU does
// (bilinear, texel centres at half texels), and every pixel's coverage is compared with the
// exact shape's. Sections: helpers · masks · shapes
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <vector>

#include "kiosk/core/glyph_set.h"
#include "kiosk/engine/corner_masks.h"
#include "kiosk/engine/fonts.h"
#include "kiosk/ui/shapes.h"

using namespace kiosk;

namespace {

// --- helpers ---
// An ImGui frame over an atlas built by the kiosk's font builder (masks included).
struct Frame {
    ui::Fonts fonts;
    ImDrawList* dl = nullptr;
    Frame() {
        ImGui::CreateContext();
        fonts = engine::build_fonts(collect_codepoints({"Sample"}), 1.0f, nullptr);
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;  // no imgui.ini in the working folder
        io.DisplaySize = ImVec2(1024, 768);
        io.DeltaTime = 1.f / 60.f;
        ImGui::NewFrame();
        dl = ImGui::GetBackgroundDrawList();
    }
    ~Frame() {
        ImGui::EndFrame();
        ImGui::DestroyContext();
    }
    Frame(const Frame&) = delete;
    Frame& operator=(const Frame&) = delete;
};

float atlas_alpha(float u, float v) {  // bilinear, clamped to the edge, as GL_LINEAR samples it
    const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    const int w = atlas->TexWidth, h = atlas->TexHeight;
    const float x = u * static_cast<float>(w) - 0.5f, y = v * static_cast<float>(h) - 0.5f;
    const int x0 = static_cast<int>(std::floor(x)), y0 = static_cast<int>(std::floor(y));
    const float fx = x - static_cast<float>(x0), fy = y - static_cast<float>(y0);
    auto at = [&](int i, int j) {
        i = std::clamp(i, 0, w - 1);
        j = std::clamp(j, 0, h - 1);
        return static_cast<float>(atlas->TexPixelsAlpha8[static_cast<size_t>(j) * w + i]) / 255.f;
    };
    return (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) +
           (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
}

// Coverage of pixel (px, py) by the triangles from index `first` on: vertex alpha x texture.
float drawn_coverage(const ImDrawList* dl, int first, int px, int py) {
    const ImVec2 p(static_cast<float>(px) + 0.5f, static_cast<float>(py) + 0.5f);
    for (int i = first; i + 2 < dl->IdxBuffer.Size; i += 3) {
        const ImDrawVert& a = dl->VtxBuffer[dl->IdxBuffer[i]];
        const ImDrawVert& b = dl->VtxBuffer[dl->IdxBuffer[i + 1]];
        const ImDrawVert& c = dl->VtxBuffer[dl->IdxBuffer[i + 2]];
        const float area =
            (b.pos.x - a.pos.x) * (c.pos.y - a.pos.y) - (c.pos.x - a.pos.x) * (b.pos.y - a.pos.y);
        if (std::fabs(area) < 1e-6f) continue;
        const float wa =
            ((b.pos.x - p.x) * (c.pos.y - p.y) - (c.pos.x - p.x) * (b.pos.y - p.y)) / area;
        const float wb =
            ((c.pos.x - p.x) * (a.pos.y - p.y) - (a.pos.x - p.x) * (c.pos.y - p.y)) / area;
        const float wc = 1 - wa - wb;
        if (wa < -1e-5f || wb < -1e-5f || wc < -1e-5f) continue;
        auto alpha = [](const ImDrawVert& v) {
            return static_cast<float>((v.col >> IM_COL32_A_SHIFT) & 0xFF) / 255.f;
        };
        const float u = wa * a.uv.x + wb * b.uv.x + wc * c.uv.x;
        const float v = wa * a.uv.y + wb * b.uv.y + wc * c.uv.y;
        return (wa * alpha(a) + wb * alpha(b) + wc * alpha(c)) * atlas_alpha(u, v);
    }
    return 0;
}

// Coverage of pixel (px, py) by `inside`, 16 x 16 samples.
float exact_coverage(const std::function<bool(float, float)>& inside, int px, int py) {
    int hits = 0;
    for (int j = 0; j < 16; ++j)
        for (int i = 0; i < 16; ++i)
            hits += inside(static_cast<float>(px) + (static_cast<float>(i) + 0.5f) / 16.f,
                           static_cast<float>(py) + (static_cast<float>(j) + 0.5f) / 16.f);
    return static_cast<float>(hits) / 256.f;
}

// A rectangle [x0, x1] x [y0, y1] with the given corners rounded by r.
std::function<bool(float, float)> rounded_rect(float x0, float y0, float x1, float y1, float r,
                                               bool tl, bool tr, bool bl, bool br) {
    return [=](float x, float y) {
        if (x < x0 || x > x1 || y < y0 || y > y1) return false;
        const bool left = x<x0 + r, right = x> x1 - r, top = y<y0 + r, bottom = y> y1 - r;
        float cx = 0, cy = 0;
        if (left && top && tl)
            cx = x0 + r, cy = y0 + r;
        else if (right && top && tr)
            cx = x1 - r, cy = y0 + r;
        else if (left && bottom && bl)
            cx = x0 + r, cy = y1 - r;
        else if (right && bottom && br)
            cx = x1 - r, cy = y1 - r;
        else
            return true;
        return (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;
    };
}

struct Difference {
    float worst = 0, mean = 0;
};

// Compares what the draw list drew from index `first` with `inside` over [x0, x1) x [y0, y1).
Difference compare(const ImDrawList* dl, int first, const std::function<bool(float, float)>& inside,
                   int x0, int y0, int x1, int y1) {
    Difference d;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
            const float diff =
                std::fabs(drawn_coverage(dl, first, x, y) - exact_coverage(inside, x, y));
            d.worst = std::max(d.worst, diff);
            d.mean += diff;
        }
    d.mean /= static_cast<float>((x1 - x0) * (y1 - y0));
    return d;
}

}  // namespace

// --- masks ---
TEST_CASE("a corner mask is a quarter disc with a soft one-pixel edge", "[shapes]") {
    const int r = 20;
    CHECK(engine::corner_coverage(r, 0, 0) == 0.f);          // the corner itself: outside
    CHECK(engine::corner_coverage(r, r - 1, r - 1) == 1.f);  // next to the centre: inside
    CHECK(engine::corner_coverage(r, r - 1, 0) == Approx(1.f).margin(0.05));  // top tangent
    CHECK(engine::corner_coverage(r, -1, r - 1) == 0.f);  // padding outside: empty
    float area = 0;
    for (int y = 0; y < r; ++y)
        for (int x = 0; x < r; ++x) area += engine::corner_coverage(r, x, y);
    CHECK(area == Approx(3.14159265f * r * r / 4).epsilon(0.02));
    // Along the diagonal, coverage only falls going outwards.
    for (int i = 1; i < r; ++i)
        CHECK(engine::corner_coverage(r, i - 1, i - 1) <= engine::corner_coverage(r, i, i));
}

TEST_CASE("the mask ladder covers every radius the screens use, each step at most ~15 %",
          "[shapes]") {
    for (float scale : {0.75f, 1.0f, 2.0f}) {
        const std::vector<int> radii = engine::corner_mask_radii(scale);
        REQUIRE(radii.front() <= 2);
        CHECK(static_cast<float>(radii.back()) >= 64.f * scale);
        for (size_t i = 1; i < radii.size(); ++i) {
            CHECK(radii[i] > radii[i - 1]);
            CHECK(radii[i] <= std::max(radii[i - 1] + 1,
                                       static_cast<int>(std::lround(radii[i - 1] * 1.15)) + 1));
        }
    }
}

// --- shapes ---
TEST_CASE("rounded rectangles from the masks look like rounded rectangles", "[shapes]") {
    Frame frame;
    REQUIRE_FALSE(frame.fonts.corners.masks.empty());
    struct Case {
        const char* what;
        ImVec2 a, b;
        float r;
        ImDrawFlags corners;
    };
    const Case cases[] = {
        {"card, all corners", {40, 30}, {240, 150}, 16, ImDrawFlags_RoundCornersAll},
        {"cover, top corners only", {300, 30}, {480, 130}, 16, ImDrawFlags_RoundCornersTop},
        {"pill", {40, 200}, {200, 240}, 20, ImDrawFlags_RoundCornersAll},
        {"radius between two masks", {300, 200}, {420, 300}, 13, ImDrawFlags_RoundCornersAll},
        {"left corners", {40, 300}, {140, 380}, 24, ImDrawFlags_RoundCornersLeft},
        {"no corners", {200, 300}, {260, 340}, 0, ImDrawFlags_RoundCornersAll},
        {"larger than any mask: ImGui draws it",
         {500, 200},
         {900, 600},
         150,
         ImDrawFlags_RoundCornersAll},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        const int first = frame.dl->IdxBuffer.Size;
        ui::fill_rounded(frame.dl, frame.fonts.corners, c.a, c.b, IM_COL32_WHITE, c.r, c.corners);
        const bool tl = c.corners & ImDrawFlags_RoundCornersTopLeft;
        const bool tr = c.corners & ImDrawFlags_RoundCornersTopRight;
        const bool bl = c.corners & ImDrawFlags_RoundCornersBottomLeft;
        const bool br = c.corners & ImDrawFlags_RoundCornersBottomRight;
        const Difference d =
            compare(frame.dl, first, rounded_rect(c.a.x, c.a.y, c.b.x, c.b.y, c.r, tl, tr, bl, br),
                    static_cast<int>(c.a.x) - 3, static_cast<int>(c.a.y) - 3,
                    static_cast<int>(c.b.x) + 3, static_cast<int>(c.b.y) + 3);
        // ImGui's own fringe is a pixel wide, half outside the edge: it differs more at the
        // straight edges than the masks do.
        const bool imgui = c.r > 100;
        CHECK(d.worst <= (imgui ? 0.55f : 0.35f));
        CHECK(d.mean <= (imgui ? 0.02f : 0.01f));
        if (!imgui) CHECK(frame.dl->IdxBuffer.Size - first <= 7 * 6);  // ~60 triangles in ImGui
    }
}

TEST_CASE("a disc from the masks is round and costs 8 triangles", "[shapes]") {
    Frame frame;
    for (float r : {6.f, 8.f, 30.f}) {
        INFO("radius " << r);
        const int first = frame.dl->IdxBuffer.Size;
        const ImVec2 c(100, 100);
        ui::fill_disc(frame.dl, frame.fonts.corners, c, r, IM_COL32_WHITE);
        const Difference d = compare(
            frame.dl, first,
            [&](float x, float y) {
                return (x - c.x) * (x - c.x) + (y - c.y) * (y - c.y) <= r * r;
            },
            static_cast<int>(c.x - r) - 3, static_cast<int>(c.y - r) - 3,
            static_cast<int>(c.x + r) + 3, static_cast<int>(c.y + r) + 3);
        CHECK(d.worst <= 0.35f);
        CHECK(d.mean <= 0.02f);
        CHECK(frame.dl->IdxBuffer.Size - first == 4 * 6);
    }
}

TEST_CASE("part of a rounded rectangle follows the shape's own corners", "[shapes]") {
    // A card's coloured left edge: the card's shape, cut at 8 px from its left side.
    Frame frame;
    const int first = frame.dl->IdxBuffer.Size;
    ui::fill_rounded(frame.dl, frame.fonts.corners, ImVec2(40, 40), ImVec2(240, 160),
                     IM_COL32_WHITE, 16, ImDrawFlags_RoundCornersAll, 40, 48);
    const auto card = rounded_rect(40, 40, 240, 160, 16, true, true, true, true);
    const Difference d = compare(
        frame.dl, first, [&](float x, float y) { return x <= 48 && card(x, y); }, 35, 35, 60, 165);
    CHECK(d.worst <= 0.35f);
    CHECK(d.mean <= 0.01f);
    // Nothing right of the cut.
    for (int y = 35; y < 165; ++y) CHECK(drawn_coverage(frame.dl, first, 49, y) == 0.f);
}

TEST_CASE("an outline on a known ground is the shape in the line colour around the inside",
          "[shapes]") {
    Frame frame;
    const int first = frame.dl->IdxBuffer.Size;
    const ImU32 line = IM_COL32(255, 0, 0, 255), inside = IM_COL32(0, 0, 255, 255);
    ui::outline_rounded(frame.dl, frame.fonts.corners, ImVec2(40, 40), ImVec2(200, 80), line,
                        inside, 20, 2);
    // The middle of the pill is the inside colour, its top edge the line colour: the last
    // triangle drawn over a pixel is what shows.
    auto colour_at = [&](float x, float y) {
        ImU32 seen = 0;
        for (int i = first; i + 2 < frame.dl->IdxBuffer.Size; i += 3) {
            const ImDrawVert& a = frame.dl->VtxBuffer[frame.dl->IdxBuffer[i]];
            const ImDrawVert& c = frame.dl->VtxBuffer[frame.dl->IdxBuffer[i + 2]];
            const ImDrawVert& b = frame.dl->VtxBuffer[frame.dl->IdxBuffer[i + 1]];
            const float minx = std::min({a.pos.x, b.pos.x, c.pos.x});
            const float maxx = std::max({a.pos.x, b.pos.x, c.pos.x});
            const float miny = std::min({a.pos.y, b.pos.y, c.pos.y});
            const float maxy = std::max({a.pos.y, b.pos.y, c.pos.y});
            if (x >= minx && x <= maxx && y >= miny && y <= maxy) seen = a.col;
        }
        return seen;
    };
    CHECK(colour_at(120.5f, 60.5f) == inside);
    CHECK(colour_at(120.5f, 40.5f) == line);
    CHECK(colour_at(120.5f, 41.5f) == line);
    CHECK(colour_at(120.5f, 42.5f) == inside);
}
