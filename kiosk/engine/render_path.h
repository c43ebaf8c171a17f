// How frames reach the glass: OpenGL (ImGui's OpenGL3 backend: a GPU) or the CPU renderer
// (kiosk/render) presented through XShm, chosen once at start (config `renderer`). The runner
// calls the same steps on either; only here does it matter which one it is.
// Sections: the path · choosing it.
#pragma once

#include <imgui.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kiosk/engine/fonts.h"
#include "kiosk/engine/texture_cache.h"

struct GLFWwindow;

namespace kiosk::engine {

// --- the path ---
// Textures go through it too (TextureUploader), so images land where the frames are drawn.
// Main thread only; made after the ImGui context, gone before it.
class RenderPath : public TextureUploader {
  public:
    ~RenderPath() override = default;
    virtual bool software() const = 0;  // the CPU renderer
    // One line for the log and the staff panel, e.g. "OpenGL · AMD Radeon Vega 8" or
    // "software (CPU renderer, XShm) · OpenGL here is llvmpipe".
    virtual const std::string& description() const = 0;
    // Frames are paced by the display (vsync); false: the runner paces them to the refresh rate.
    virtual bool vsync() const = 0;

    virtual void new_frame() = 0;  // the backends' NewFrame, before ImGui::NewFrame
    // The built atlas (ImGui::GetIO().Fonts) to where text is drawn from; frees the CPU copy.
    virtual void upload_fonts(const FontBuildStats& stats) = 0;
    // 1: the font texture drawn from is the atlas the glyph table was built with; 0: not.
    virtual int font_texture_matches(const FontBuildStats& stats) = 0;
    virtual void draw(ImDrawData* draw, int width_px, int height_px) = 0;
    virtual void present() = 0;
    // The window's contents were lost (exposed): the next present sends the whole frame.
    virtual void window_exposed() = 0;
    // The last drawn frame, width*height*3 bytes, bottom row first (write_png_bottom_up).
    virtual std::vector<unsigned char> read_rgb(int width_px, int height_px) = 0;
    // What the last frame cost in pixels (software only; {} for GL): for the state JSON.
    virtual nlohmann::json frame_facts() const = 0;
};

// The background both paths clear to: navy (visual guide).
constexpr unsigned kBackgroundRgb = 0x0B1F33;

std::unique_ptr<RenderPath> make_gl_path(GLFWwindow* window);
// Throws std::runtime_error when the window cannot be drawn without GL (not X11, not 24-bit).
std::unique_ptr<RenderPath> make_software_path(GLFWwindow* window, std::string why);

// --- choosing it ---
// True for GL_RENDERER strings of software rasterisers (llvmpipe, softpipe, swrast, SWR, ...).
bool is_software_gl(const std::string& gl_renderer);

struct RenderChoice {
    bool software = false;
    std::string why;  // e.g. "OpenGL here is llvmpipe (LLVM 15.0.6, 256 bits)" or "configured"
};
// `renderer` is the config's value. For "auto", GL_RENDERER for this machine's environment key
// is read from the cache file (cache_dir/renderer) or, when unknown or stale, probed once with a
// hidden GL window and written there. Needs GLFW initialised.
RenderChoice choose_render_path(const std::string& renderer, const std::string& cache_dir);

}  // namespace kiosk::engine
