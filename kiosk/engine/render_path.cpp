// The two render paths and the choice between them.
// Sections: OpenGL · software (CPU renderer + XShm) · choosing.
#include "kiosk/engine/render_path.h"

#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "kiosk/engine/writers.h"
#include "kiosk/logging/log.h"
#include "kiosk/render/cpu_renderer.h"
#include "platform/glfw/shm_surface.h"
#include "platform/glfw/window.h"
#include "platform/usb/stick_io.h"

namespace kiosk::engine {

namespace {

// --- OpenGL ---
class GlPath final : public RenderPath {
  public:
    explicit GlPath(GLFWwindow* window) {
        ImGui_ImplGlfw_InitForOpenGL(window, false);  // the runner's callbacks chain to it
        ImGui_ImplOpenGL3_Init("#version 330 core");
        const auto* name = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
        description_ = std::string("OpenGL · ") + (name ? name : "unknown renderer");
    }
    ~GlPath() override {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
    }
    GlPath(const GlPath&) = delete;
    GlPath& operator=(const GlPath&) = delete;

    ImTextureID create(int width, int height, const unsigned char* rgba) override {
        return textures_.create(width, height, rgba);
    }
    void destroy(ImTextureID id) override { textures_.destroy(id); }
    bool software() const override { return false; }
    const std::string& description() const override { return description_; }
    bool vsync() const override { return true; }
    void new_frame() override {
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
    }
    void upload_fonts(const FontBuildStats& stats) override { upload_font_atlas(stats); }
    int font_texture_matches(const FontBuildStats& stats) override {
        return engine::font_texture_matches(stats);
    }
    void draw(ImDrawData* draw, int width_px, int height_px) override {
        glViewport(0, 0, width_px, height_px);
        glClearColor(float((kBackgroundRgb >> 16) & 0xFF) / 255.f,
                     float((kBackgroundRgb >> 8) & 0xFF) / 255.f,
                     float(kBackgroundRgb & 0xFF) / 255.f, 1.f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(draw);
    }
    void present() override {}  // the runner swaps the window's buffers
    void window_exposed() override {}
    std::vector<unsigned char> read_rgb(int width_px, int height_px) override {
        std::vector<unsigned char> rgb(static_cast<std::size_t>(width_px) * height_px * 3);
        glReadBuffer(GL_BACK);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadPixels(0, 0, width_px, height_px, GL_RGB, GL_UNSIGNED_BYTE, rgb.data());
        return rgb;
    }
    nlohmann::json frame_facts() const override { return nlohmann::json::object(); }

  private:
    GlTextureUploader textures_;
    std::string description_;
};

// --- software: the CPU renderer into an XShm image, only changed rectangles presented ---
class SoftwarePath final : public RenderPath {
  public:
    SoftwarePath(GLFWwindow* window, const std::string& why) : surface_(window) {
        ImGui_ImplGlfw_InitForOther(window, false);
        int width = 0, height = 0;
        glfwGetFramebufferSize(window, &width, &height);
        surface_.ensure_size(width, height);  // now, so the log can say how frames are presented
        description_ = std::string("software (CPU renderer, ") +
                       (surface_.shared_memory() ? "XShm" : "XPutImage") + ")" +
                       (why.empty() ? "" : " · " + why);
    }
    ~SoftwarePath() override { ImGui_ImplGlfw_Shutdown(); }
    SoftwarePath(const SoftwarePath&) = delete;
    SoftwarePath& operator=(const SoftwarePath&) = delete;

    ImTextureID create(int width, int height, const unsigned char* rgba) override {
        return renderer_.add_rgba(width, height, rgba);
    }
    void destroy(ImTextureID id) override { renderer_.remove(id); }
    bool software() const override { return true; }
    const std::string& description() const override { return description_; }
    bool vsync() const override { return false; }
    void new_frame() override { ImGui_ImplGlfw_NewFrame(); }

    void upload_fonts(const FontBuildStats&) override {
        ImFontAtlas* atlas = ImGui::GetIO().Fonts;
        unsigned char* coverage = nullptr;
        int width = 0, height = 0;
        atlas->GetTexDataAsAlpha8(&coverage, &width, &height);
        if (atlas->TexID) renderer_.remove(atlas->TexID);
        font_checksum_ =
            coverage ? coverage_checksum(coverage, static_cast<std::size_t>(width) * height, 1) : 0;
        atlas->SetTexID(renderer_.add_alpha8(width, height, coverage));
        atlas->ClearTexData();        // the renderer holds its own copy
        renderer_.forget_previous();  // every glyph may have moved in the atlas
    }
    int font_texture_matches(const FontBuildStats& stats) override {
        return font_checksum_ == stats.atlas_checksum ? 1 : 0;
    }
    void draw(ImDrawData* draw, int width_px, int height_px) override {
        if (surface_.ensure_size(width_px, height_px)) {
            renderer_.forget_previous();
            present_all_ = true;
        }
        last_ = renderer_.render(*draw,
                                 render::Canvas{surface_.pixels(), surface_.width(),
                                                surface_.height(), surface_.stride_bytes()},
                                 kBackgroundRgb);
    }
    void present() override {
        std::vector<platform::SurfaceRect> rects;
        if (present_all_) {
            rects.push_back({0, 0, surface_.width(), surface_.height()});
            present_all_ = false;
        } else {
            for (const render::PixelRect& r : last_.damage)
                rects.push_back({r.x0, r.y0, r.x1, r.y1});
        }
        surface_.present(rects);
    }
    void window_exposed() override { present_all_ = true; }
    std::vector<unsigned char> read_rgb(int width_px, int height_px) override {
        std::vector<unsigned char> rgb(static_cast<std::size_t>(width_px) * height_px * 3);
        const int w = std::min(width_px, surface_.width()),
                  h = std::min(height_px, surface_.height());
        const auto* base = reinterpret_cast<const unsigned char*>(surface_.pixels());
        for (int y = 0; y < h && base; ++y) {
            const auto* row = reinterpret_cast<const std::uint32_t*>(
                base + static_cast<std::size_t>(y) * surface_.stride_bytes());
            unsigned char* out =
                rgb.data() + static_cast<std::size_t>(height_px - 1 - y) * width_px * 3;
            for (int x = 0; x < w; ++x) {
                out[x * 3 + 0] = static_cast<unsigned char>(row[x] >> 16);
                out[x * 3 + 1] = static_cast<unsigned char>(row[x] >> 8);
                out[x * 3 + 2] = static_cast<unsigned char>(row[x]);
            }
        }
        return rgb;
    }
    nlohmann::json frame_facts() const override {
        return {{"pixels_shaded", last_.pixels_shaded},
                {"frame_box_pixels", last_.frame_box_pixels},
                {"damaged_pixels", last_.damaged_pixels()},
                {"damage_rects", last_.damage.size()},
                {"solid_rects", last_.solid_rects},
                {"gradient_rects", last_.gradient_rects},
                {"mask_blits", last_.mask_blits},
                {"image_blits", last_.image_blits},
                {"general_triangles", last_.general_triangles}};
    }

  private:
    platform::ShmSurface surface_;
    render::CpuRenderer renderer_;
    render::CpuFrameStats last_;
    std::string description_;
    std::uint64_t font_checksum_ = 0;
    bool present_all_ = true;
};

}  // namespace

std::unique_ptr<RenderPath> make_gl_path(GLFWwindow* window) {
    return std::make_unique<GlPath>(window);
}

std::unique_ptr<RenderPath> make_software_path(GLFWwindow* window, std::string why) {
    return std::make_unique<SoftwarePath>(window, std::move(why));
}

// --- choosing ---
bool is_software_gl(const std::string& gl_renderer) {
    std::string lower = gl_renderer;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char* name : {"llvmpipe", "softpipe", "swrast", "software rasterizer", "swr ",
                             "lavapipe", "swiftshader", "microsoft basic render"})
        if (lower.find(name) != std::string::npos) return true;
    return lower.rfind("swr", 0) == 0;
}

RenderChoice choose_render_path(const std::string& renderer, const std::string& cache_dir) {
    if (renderer == "software") return {true, "configured"};
    if (renderer == "gl") return {false, "configured"};
    const std::string key = platform::gl_environment_key();
    const std::string cache = cache_dir.empty() ? "" : cache_dir + "/renderer";
    std::string gl_renderer;
    bool known = false;
    if (!cache.empty()) {  // "key\nGL_RENDERER\n", ours; anything else is probed again
        try {  // a regular file only: a FIFO or link put there must not hold up the start
            std::istringstream lines(platform::read_stick_file(cache, 4096));
            std::string cached_key;
            known = std::getline(lines, cached_key) && cached_key == key &&
                    std::getline(lines, gl_renderer) && !gl_renderer.empty() &&
                    gl_renderer.size() < 256;
        } catch (const platform::StickIoError&) {
            known = false;  // missing, not a regular file, too large: probe again
        }
    }
    if (!known) {
        gl_renderer = platform::probe_gl_renderer();
        if (!cache.empty() && !gl_renderer.empty()) {
            try {
                std::filesystem::create_directories(cache_dir);
                write_text_file(cache, key + "\n" + gl_renderer + "\n");
            } catch (const std::exception& e) {
                log_warn(std::string("renderer: cannot remember the GL probe: ") + e.what());
            }
        }
    }
    // No GL context opens at all (a broken driver): the CPU renderer needs none.
    if (gl_renderer.empty()) return {true, "no OpenGL context could be made here"};
    const bool software = is_software_gl(gl_renderer);
    return {software, "OpenGL here is " + gl_renderer};
}

}  // namespace kiosk::engine
