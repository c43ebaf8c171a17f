// XTest injection: the X server generates genuine pointer events that GLFW then reads.
#include "platform/glfw/input_injector.h"

#define GLFW_EXPOSE_NATIVE_X11
#include <GLFW/glfw3.h>
#include <GLFW/glfw3native.h>
#include <X11/extensions/XTest.h>

#include <cmath>

namespace kiosk::platform {

InputInjector::InputInjector(GLFWwindow* window) : window_(window) {
    Display* display = glfwGetX11Display();
    int event_base = 0, error_base = 0, major = 0, minor = 0;
    available_ = display && XTestQueryExtension(display, &event_base, &error_base, &major, &minor);
}

void InputInjector::move(float x, float y) {
    if (!available_) return;
    Display* display = glfwGetX11Display();
    const ::Window root = DefaultRootWindow(display);
    int root_x = 0, root_y = 0;
    ::Window child = 0;
    // Window → screen coordinates without trusting a window manager's idea of the position.
    XTranslateCoordinates(display, glfwGetX11Window(window_), root,
                          static_cast<int>(std::lround(x)), static_cast<int>(std::lround(y)),
                          &root_x, &root_y, &child);
    XTestFakeMotionEvent(display, -1, root_x, root_y, CurrentTime);
    XFlush(display);
}

void InputInjector::button(bool down) {
    if (!available_) return;
    Display* display = glfwGetX11Display();
    XTestFakeButtonEvent(display, 1, down ? True : False, CurrentTime);
    XFlush(display);
}

void InputInjector::sync() {
    if (!available_) return;
    XSync(glfwGetX11Display(), False);
}

}  // namespace kiosk::platform
