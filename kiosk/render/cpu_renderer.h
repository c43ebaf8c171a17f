// Draws ImGui's draw data on the CPU, for machines whose GL is a software rasteriser (llvmpipe,
// softpipe: no usable GPU driver, a VM, Xvfb). Issue 18 part 2.
//
// Why: under llvmpipe every pixel of every rectangle runs the general GL pipeline (JIT-compiled
// fragment code sampling a texture and blending), ~87 % of the kiosk's CPU while dragging. Almost
// all of the kiosk's geometry is axis-aligned quads: flat fills, glyphs and corner masks at 1:1
// from the font atlas, and images decoded at the size they are drawn. Those become row fills and
// alpha blits at memory speed on Debian's pixman (the X server's and cairo's compositor, with SIMD
// paths); only the rest (circles, lines, gradients) goes through a general triangle path. Tiles
// whose drawing did not change since the last frame are neither drawn nor presented again.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace kiosk::render {

// Where a frame is drawn: 32-bit pixels x8r8g8b8 in native byte order (X11's 24-bit TrueColor
// visual, as XShm images use it). The renderer never changes the top byte's meaning.
struct Canvas {
    std::uint32_t* pixels = nullptr;
    int width = 0, height = 0;
    int stride_bytes = 0;
};

// A rectangle of pixels, half-open: [x0, x1) x [y0, y1).
struct PixelRect {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    long long area() const { return (long long)(x1 - x0) * (y1 - y0); }
};

// What one frame cost, for the benchmark and the tests.
struct CpuFrameStats {
    int solid_rects = 0;        // axis-aligned quads of one colour: row fills
    int gradient_rects = 0;     // axis-aligned quads with per-corner colours
    int mask_blits = 0;         // glyphs and corner masks: solid colour through A8 coverage
    int image_blits = 0;        // RGBA textures, 1:1 or scaled
    int general_triangles = 0;  // everything else
    // The counts above are of primitives drawn this frame (touching a damaged tile); this one
    // is of all the frame's primitives that cover at least one pixel.
    int primitives = 0;
    long long pixels_shaded = 0;  // pixels written by primitives, after clipping (overdraw =
                                  // pixels_shaded / damaged pixels)
    // Pixels a full redraw of this frame would write, estimated from the draw data: the sum of
    // every primitive's clipped bounding box (overdraw = this / the canvas area).
    long long frame_box_pixels = 0;
    std::vector<PixelRect> damage;  // what changed since the previous frame: what to present
    long long damaged_pixels() const {
        long long n = 0;
        for (const PixelRect& r : damage) n += r.area();
        return n;
    }
};

class CpuRenderer {
  public:
    CpuRenderer();
    ~CpuRenderer();
    CpuRenderer(const CpuRenderer&) = delete;
    CpuRenderer& operator=(const CpuRenderer&) = delete;

    // Textures. RGBA8 with straight alpha (decoded images), kept premultiplied.
    ImTextureID add_rgba(int width, int height, const unsigned char* rgba);
    // One channel of coverage (the font atlas with the corner masks), sampled as (1,1,1,coverage).
    ImTextureID add_alpha8(int width, int height, const unsigned char* coverage);
    // The id must not be drawn again; a later texture may get the same id value.
    void remove(ImTextureID id);
    int texture_count() const;

    // Draws one frame into `canvas`: `clear_xrgb` (0x00RRGGBB), then the draw lists in order,
    // each command clipped to its clip rect, as ImGui's OpenGL3 backend would (colour = vertex
    // colour x texture sample, blended src-alpha / one-minus-src-alpha). Only tiles whose drawing
    // changed since the previous render() are drawn; the canvas must therefore still hold the
    // previous frame, unless forget_previous() was called (new canvas, resize, lost contents).
    CpuFrameStats render(const ImDrawData& draw, Canvas canvas, std::uint32_t clear_xrgb);
    void forget_previous();

    // Side of the square damage tiles in pixels (default 64); forgets the previous frame.
    void set_tile_size(int pixels);

  private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace kiosk::render
