// GLFW window: fullscreen borderless (or WxH), GL 3.3 core, hidden cursor, monitor geometry.
#include "platform/glfw/window.h"

#include <GLFW/glfw3.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace kiosk::platform {

namespace {

std::string last_glfw_error() {
    const char* what = nullptr;
    glfwGetError(&what);
    return what ? what : "unknown GLFW error";
}

// Touch panels often report 0 mm, or a size that makes a pixel absurdly large or small.
bool plausible_mm(double mm_w, double mm_h, int px_w) {
    if (mm_w < 50 || mm_h < 30) return false;
    const double dpi = px_w / (mm_w / 25.4);
    return dpi > 40 && dpi < 600;
}

// An X server that is starting, or regenerating after its last client left, refuses connections
// for a moment: retry for a few seconds before giving up (boot order, back-to-back tests).
bool init_glfw_patiently() {
    for (int attempt = 0; attempt < 30; ++attempt) {
        if (glfwInit()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

}  // namespace

bool display_available() {
    const char* display = std::getenv("DISPLAY");
    if (!display || !*display) return false;
    return init_glfw_patiently();
}

PixelSize expected_window_pixels(const WindowOptions& options) {
    if (options.width > 0 && options.height > 0) return {options.width, options.height};
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();  // null (no error) before glfwInit
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    return mode ? PixelSize{mode->width, mode->height} : PixelSize{};
}

Window::Window(const WindowOptions& options) : options_(options) {
    if (!init_glfw_patiently()) throw std::runtime_error("cannot start GLFW: " + last_glfw_error());
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_DOUBLEBUFFER, GLFW_TRUE);
    glfwWindowHint(GLFW_AUTO_ICONIFY, GLFW_FALSE);
    glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
    glfwWindowHint(GLFW_FOCUS_ON_SHOW, GLFW_TRUE);

    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    if (options.width > 0 && options.height > 0) {
        glfwWindowHint(GLFW_RESIZABLE, GLFW_FALSE);
        window_ = glfwCreateWindow(options.width, options.height, options.title.c_str(), nullptr,
                                   nullptr);
        if (window_) glfwSetWindowPos(window_, 0, 0);
    } else {
        if (!monitor) {
            glfwTerminate();
            throw std::runtime_error("no monitor found: connect a screen, or use --window WxH");
        }
        // Borderless at the monitor's current mode: no mode switch, no flicker at start.
        const GLFWvidmode* mode = glfwGetVideoMode(monitor);
        glfwWindowHint(GLFW_RED_BITS, mode->redBits);
        glfwWindowHint(GLFW_GREEN_BITS, mode->greenBits);
        glfwWindowHint(GLFW_BLUE_BITS, mode->blueBits);
        glfwWindowHint(GLFW_REFRESH_RATE, mode->refreshRate);
        glfwWindowHint(GLFW_FLOATING, GLFW_TRUE);
        window_ =
            glfwCreateWindow(mode->width, mode->height, options.title.c_str(), monitor, nullptr);
    }
    if (!window_) {
        const std::string why = last_glfw_error();
        glfwTerminate();
        throw std::runtime_error("cannot open an OpenGL 3.3 window: " + why);
    }
    glfwMakeContextCurrent(window_);
    glfwSwapInterval(1);
    glfwSetInputMode(window_, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
}

Window::~Window() {
    if (window_) glfwDestroyWindow(window_);
    glfwTerminate();
}

ScreenGeometry Window::geometry() const {
    ScreenGeometry g;
    glfwGetFramebufferSize(window_, &g.width_px, &g.height_px);
    float sx = 1, sy = 1;
    glfwGetWindowContentScale(window_, &sx, &sy);
    g.content_scale = sx;
    if (options_.screen_width_mm > 0 && options_.screen_height_mm > 0) {
        g.width_mm = options_.screen_width_mm;
        g.height_mm = options_.screen_height_mm;
        g.size_from_config = true;
        return g;
    }
    int mm_w = 0, mm_h = 0, mode_w = g.width_px;
    if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) {
        glfwGetMonitorPhysicalSize(monitor, &mm_w, &mm_h);
        if (const GLFWvidmode* mode = glfwGetVideoMode(monitor)) mode_w = mode->width;
    }
    if (plausible_mm(mm_w, mm_h, mode_w)) {
        // The monitor's pixel pitch applies to our framebuffer too (a window is part of it).
        const double mm_per_px = mm_w / static_cast<double>(mode_w);
        g.width_mm = g.width_px * mm_per_px;
        g.height_mm = g.height_px * mm_per_px;
    } else {
        g.size_guessed = true;
        g.width_mm = g.width_px * 25.4 / 96.0;
        g.height_mm = g.height_px * 25.4 / 96.0;
    }
    return g;
}

bool Window::should_close() const {
    return glfwWindowShouldClose(window_);
}
void Window::swap() {
    glfwSwapBuffers(window_);
}
void Window::poll_events() {
    glfwPollEvents();
}

void Window::wait_events(double timeout_s) {
    if (timeout_s < 0)
        glfwWaitEvents();
    else
        glfwWaitEventsTimeout(timeout_s);
}

void Window::wake() {
    glfwPostEmptyEvent();
}
double Window::now() const {
    return glfwGetTime();
}

}  // namespace kiosk::platform
