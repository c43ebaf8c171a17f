// GLFW window: fullscreen borderless (or WxH), GL 3.3 core or no API, hidden cursor, monitor
// geometry; the GL environment key and the GL_RENDERER probe.
#include "platform/glfw/window.h"

#include <GLFW/glfw3.h>
#define GLFW_EXPOSE_NATIVE_X11
#include <GL/gl.h>
#include <GLFW/glfw3native.h>
#include <X11/Xlib.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>
#include <vector>

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

void hint_gl_context() {
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_DOUBLEBUFFER, GLFW_TRUE);
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

std::string gl_environment_key() {
    std::string key;
    utsname u{};
    if (uname(&u) == 0) key += std::string(u.release) + " " + u.machine;
    if (Display* display = glfwGetX11Display()) {
        int op = 0, event = 0, error = 0;
        key += std::string(" | ") + ServerVendor(display) + " " +
               std::to_string(VendorRelease(display));
        for (const char* ext : {"DRI2", "DRI3", "GLX"})
            if (XQueryExtension(display, ext, &op, &event, &error)) key += std::string(" ") + ext;
    }
    key += " |";
    std::vector<std::string> nodes;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/dev/dri", ec))
        nodes.push_back(entry.path().filename().string());
    std::sort(nodes.begin(), nodes.end());
    for (const std::string& n : nodes) key += " " + n;
    key += " |";
    for (const char* dir : {"/usr/lib/x86_64-linux-gnu/dri", "/usr/lib/aarch64-linux-gnu/dri",
                            "/usr/lib/arm-linux-gnueabihf/dri", "/usr/lib/dri"}) {
        struct stat st {};
        if (stat(dir, &st) == 0) key += " " + std::string(dir) + "@" + std::to_string(st.st_mtime);
    }
    return key;
}

std::string probe_gl_renderer() {
    if (!init_glfw_patiently()) return "";
    glfwDefaultWindowHints();
    hint_gl_context();
    glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    GLFWwindow* probe = glfwCreateWindow(1, 1, "probe", nullptr, nullptr);
    glfwDefaultWindowHints();
    if (!probe) return "";
    glfwMakeContextCurrent(probe);
    const auto* name = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    std::string renderer = name ? name : "";
    glfwMakeContextCurrent(nullptr);
    glfwDestroyWindow(probe);
    return renderer;
}

Window::Window(const WindowOptions& options) : options_(options) {
    if (!init_glfw_patiently()) throw std::runtime_error("cannot start GLFW: " + last_glfw_error());
    if (options.opengl)
        hint_gl_context();
    else
        glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
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
        throw std::runtime_error(std::string(options.opengl ? "cannot open an OpenGL 3.3 window: "
                                                            : "cannot open a window: ") +
                                 why);
    }
    if (options.opengl) {
        glfwMakeContextCurrent(window_);
        glfwSwapInterval(1);
    }
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

int Window::refresh_hz() const {
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    return mode && mode->refreshRate >= 20 && mode->refreshRate <= 500 ? mode->refreshRate : 60;
}

bool Window::should_close() const {
    return glfwWindowShouldClose(window_);
}
void Window::swap() {
    if (options_.opengl) glfwSwapBuffers(window_);
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
