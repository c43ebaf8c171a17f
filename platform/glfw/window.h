// The kiosk's one window, with an OpenGL 3.3 core context or none (the CPU renderer then presents
// through platform/glfw/shm_surface.h), behind a small interface (GLFW inside). Fullscreen
// borderless on the primary monitor in its current video mode unless a size is asked.
#pragma once

#include <memory>
#include <string>

struct GLFWwindow;

namespace kiosk::platform {

struct WindowOptions {
    int width = 0, height = 0;   // 0×0 = fullscreen on the primary monitor
    double screen_width_mm = 0;  // physical size override; 0 = ask the monitor
    double screen_height_mm = 0;
    std::string title = "Jiangbei New Materials Alliance";
    bool opengl = true;  // false: no GL context at all (no Mesa driver loaded)
};

// What the layout needs to know about the glass the visitor touches.
struct ScreenGeometry {
    int width_px = 0, height_px = 0;  // framebuffer
    double width_mm = 0, height_mm = 0;
    bool size_from_config = false;  // the mm came from Config, not from the monitor
    bool size_guessed = false;      // the monitor reported nothing usable: 96 dpi assumed
    float content_scale = 1.0f;
    double px_per_mm() const { return width_mm > 0 ? width_px / width_mm : 96.0 / 25.4; }
};

// True when an X display can be opened (DISPLAY set and reachable). GLFW stays initialised for
// the Window that follows, so the display is opened once per start, not twice (~40 ms).
bool display_available();

// The size in pixels the next Window will have, known before it is opened (so fonts can be
// prepared meanwhile): the requested size, else the primary monitor's mode. {0, 0} when GLFW is not
// initialised yet or there is no monitor (then nothing is prepared early).
struct PixelSize {
    int width = 0, height = 0;
};
PixelSize expected_window_pixels(const WindowOptions& options);

// What decides whether OpenGL here is a GPU or a software rasteriser, short of creating a
// context: the kernel, the X server (release, DRI2/DRI3), the /dev/dri nodes and Mesa's driver
// folder. Two starts with the same key get the same GL_RENDERER. Needs GLFW initialised.
std::string gl_environment_key();
// GL_RENDERER of a hidden 1x1 OpenGL 3.3 window, made and destroyed here ("" when none opens).
// Costs one context creation (~100 ms under llvmpipe); the caller caches the answer by the key.
std::string probe_gl_renderer();

class Window {
  public:
    // Initialises GLFW and opens the window, with a current GL context when options.opengl.
    // Throws std::runtime_error with a plain message when that is impossible.
    explicit Window(const WindowOptions& options);
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    GLFWwindow* handle() const { return window_; }
    ScreenGeometry geometry() const;
    bool opengl() const { return options_.opengl; }
    // The monitor's refresh rate (Hz), 60 when unknown: frames without vsync are paced to it.
    int refresh_hz() const;
    bool should_close() const;
    void swap();  // GL only
    void poll_events();
    // Sleeps until an event arrives, or at most timeout_s (negative: no limit).
    void wait_events(double timeout_s);
    // Wakes wait_events from another thread.
    static void wake();
    // Seconds since GLFW was initialised (monotonic).
    double now() const;

  private:
    GLFWwindow* window_ = nullptr;
    WindowOptions options_;
};

}  // namespace kiosk::platform
