// DPMS through Xlib; see display_power.h.
#include "platform/glfw/display_power.h"

#define GLFW_EXPOSE_NATIVE_X11
#include <GLFW/glfw3.h>
#include <GLFW/glfw3native.h>
#include <X11/Xlib.h>
#include <X11/extensions/dpms.h>

namespace kiosk::platform {

bool set_display_power(GLFWwindow* window, bool on) {
    Display* display = window ? glfwGetX11Display() : nullptr;
    int event_base = 0, error_base = 0;
    if (!display || !DPMSQueryExtension(display, &event_base, &error_base) || !DPMSCapable(display))
        return false;
    if (on) {
        DPMSForceLevel(display, DPMSModeOn);
        DPMSDisable(display);
    } else {
        DPMSEnable(display);
        DPMSForceLevel(display, DPMSModeOff);
    }
    XFlush(display);
    return true;
}

}  // namespace kiosk::platform
