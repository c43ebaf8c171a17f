// Root-window reads and a covering window through Xlib.
#include "tests/gui_flows/x_screen.h"

#include <X11/Xlib.h>
#include <X11/Xutil.h>

#include <chrono>
#include <stdexcept>
#include <thread>

namespace kiosk::testing {

namespace {
Display* open_display() {
    Display* d = XOpenDisplay(nullptr);
    if (!d) throw std::runtime_error("cannot open the X display");
    return d;
}
}  // namespace

std::vector<unsigned char> screen_rgb(int x, int y, int w, int h) {
    Display* d = open_display();
    XImage* img = XGetImage(d, DefaultRootWindow(d), x, y, static_cast<unsigned>(w),
                            static_cast<unsigned>(h), AllPlanes, ZPixmap);
    if (!img) {
        XCloseDisplay(d);
        throw std::runtime_error("XGetImage failed");
    }
    std::vector<unsigned char> rgb(static_cast<std::size_t>(w) * h * 3);
    for (int row = 0; row < h; ++row)
        for (int col = 0; col < w; ++col) {
            const unsigned long p = XGetPixel(img, col, row);
            unsigned char* out = &rgb[(static_cast<std::size_t>(row) * w + col) * 3];
            out[0] = static_cast<unsigned char>((p >> 16) & 0xFF);
            out[1] = static_cast<unsigned char>((p >> 8) & 0xFF);
            out[2] = static_cast<unsigned char>(p & 0xFF);
        }
    XDestroyImage(img);
    XCloseDisplay(d);
    return rgb;
}

void cover_for(int x, int y, int w, int h, int hold_ms) {
    Display* d = open_display();
    XSetWindowAttributes attributes{};
    attributes.override_redirect = True;  // placed exactly, no window manager involved
    attributes.background_pixel = 0xFF00FF;
    const Window cover = XCreateWindow(
        d, DefaultRootWindow(d), x, y, static_cast<unsigned>(w), static_cast<unsigned>(h), 0,
        CopyFromParent, InputOutput, CopyFromParent, CWOverrideRedirect | CWBackPixel, &attributes);
    XMapRaised(d, cover);
    XSync(d, False);
    std::this_thread::sleep_for(std::chrono::milliseconds(hold_ms));
    XDestroyWindow(d, cover);
    XSync(d, False);
    XCloseDisplay(d);
}

}  // namespace kiosk::testing
