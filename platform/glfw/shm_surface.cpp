// XShm image of the window's size: made, attached (errors caught), presented by rectangles.
// Sections: the X error trap · making the image · presenting.
#include "platform/glfw/shm_surface.h"

#include <GLFW/glfw3.h>
#define GLFW_EXPOSE_NATIVE_X11
#include <GLFW/glfw3native.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

namespace kiosk::platform {

// --- the X error trap: XShmAttach fails asynchronously (BadAccess on a remote server) ---
namespace {
int g_trapped_error = 0;
int trap_error(Display*, XErrorEvent* e) {
    g_trapped_error = e->error_code;
    return 0;
}
}  // namespace

struct ShmSurface::State {
    Display* display = nullptr;
    ::Window window = 0;
    Visual* visual = nullptr;
    int depth = 0;
    GC gc = nullptr;
    bool can_share = false;
    XImage* image = nullptr;
    XShmSegmentInfo shm{};
    bool attached = false;
    std::uint32_t* heap = nullptr;  // the fallback's pixels

    void release() {
        if (attached) {
            XShmDetach(display, &shm);
            XSync(display, False);
            attached = false;
        }
        if (image) {
            image->data = nullptr;  // ours, freed below
            XDestroyImage(image);
            image = nullptr;
        }
        if (shm.shmaddr && shm.shmaddr != reinterpret_cast<char*>(-1)) shmdt(shm.shmaddr);
        shm = {};
        std::free(heap);
        heap = nullptr;
    }

    // --- making the image ---
    bool make_shared(int width, int height) {
        image = XShmCreateImage(display, visual, static_cast<unsigned>(depth), ZPixmap, nullptr,
                                &shm, static_cast<unsigned>(width), static_cast<unsigned>(height));
        if (!image) return false;
        const std::size_t bytes = static_cast<std::size_t>(image->bytes_per_line) * height;
        shm.shmid = shmget(IPC_PRIVATE, bytes, IPC_CREAT | 0600);
        if (shm.shmid < 0) return false;
        shm.shmaddr = static_cast<char*>(shmat(shm.shmid, nullptr, 0));
        // Marked for removal at once: the segment goes when both sides detach, even after a crash.
        shmctl(shm.shmid, IPC_RMID, nullptr);
        if (shm.shmaddr == reinterpret_cast<char*>(-1)) return false;
        image->data = shm.shmaddr;
        shm.readOnly = False;
        XSync(display, False);
        g_trapped_error = 0;
        XErrorHandler previous = XSetErrorHandler(trap_error);
        const bool sent = XShmAttach(display, &shm);
        XSync(display, False);
        XSetErrorHandler(previous);
        attached = sent && g_trapped_error == 0;
        return attached;
    }

    void make_plain(int width, int height) {
        const std::size_t stride = static_cast<std::size_t>(width) * 4;
        heap = static_cast<std::uint32_t*>(std::calloc(stride * height, 1));
        if (!heap) throw std::runtime_error("no memory for the frame");
        image = XCreateImage(display, visual, static_cast<unsigned>(depth), ZPixmap, 0,
                             reinterpret_cast<char*>(heap), static_cast<unsigned>(width),
                             static_cast<unsigned>(height), 32, static_cast<int>(stride));
        if (!image) throw std::runtime_error("cannot make an X image for the frame");
    }
};

namespace {
bool rgb_visual(const Visual* visual, int depth) {
    return visual && (depth == 24 || depth == 32) && visual->red_mask == 0xFF0000 &&
           visual->green_mask == 0xFF00 && visual->blue_mask == 0xFF;
}
}  // namespace

bool ShmSurface::supported() {
    Display* display = glfwGetX11Display();
    if (!display) return false;
    const int screen = DefaultScreen(display);
    return rgb_visual(DefaultVisual(display, screen), DefaultDepth(display, screen));
}

ShmSurface::ShmSurface(GLFWwindow* window) : state_(std::make_unique<State>()) {
    State& s = *state_;
    s.display = glfwGetX11Display();
    s.window = window ? glfwGetX11Window(window) : 0;
    if (!s.display || !s.window) throw std::runtime_error("the window is not an X11 window");
    XWindowAttributes attributes{};
    if (!XGetWindowAttributes(s.display, s.window, &attributes))
        throw std::runtime_error("cannot read the window's attributes");
    s.visual = attributes.visual;
    s.depth = attributes.depth;
    if (!rgb_visual(s.visual, s.depth))
        throw std::runtime_error("the screen is not 24-bit RGB (depth " + std::to_string(s.depth) +
                                 ")");
    int major = 0, minor = 0;
    Bool pixmaps = False;
    s.can_share = XShmQueryVersion(s.display, &major, &minor, &pixmaps);
    s.gc = XCreateGC(s.display, s.window, 0, nullptr);
}

ShmSurface::~ShmSurface() {
    state_->release();
    if (state_->gc) XFreeGC(state_->display, state_->gc);
}

bool ShmSurface::ensure_size(int width, int height) {
    State& s = *state_;
    if (s.image && s.image->width == width && s.image->height == height) return false;
    s.release();
    if (width <= 0 || height <= 0) return true;
    if (s.can_share && !s.make_shared(width, height)) {
        s.release();
        s.can_share = false;  // once refused, always: no retry per frame
    }
    if (!s.can_share) s.make_plain(width, height);
    if (s.image->bits_per_pixel != 32)
        throw std::runtime_error("the X server's image format is not 32 bits per pixel");
    return true;
}

std::uint32_t* ShmSurface::pixels() const {
    return state_->image ? reinterpret_cast<std::uint32_t*>(state_->image->data) : nullptr;
}
int ShmSurface::stride_bytes() const {
    return state_->image ? state_->image->bytes_per_line : 0;
}
int ShmSurface::width() const {
    return state_->image ? state_->image->width : 0;
}
int ShmSurface::height() const {
    return state_->image ? state_->image->height : 0;
}
bool ShmSurface::shared_memory() const {
    return state_->attached;
}

// --- presenting ---
void ShmSurface::present(const std::vector<SurfaceRect>& rects) {
    State& s = *state_;
    if (!s.image || rects.empty()) return;
    for (const SurfaceRect& r : rects) {
        const int x0 = std::max(0, r.x0), y0 = std::max(0, r.y0);
        const int x1 = std::min(s.image->width, r.x1), y1 = std::min(s.image->height, r.y1);
        if (x1 <= x0 || y1 <= y0) continue;
        const auto w = static_cast<unsigned>(x1 - x0), h = static_cast<unsigned>(y1 - y0);
        if (s.attached)
            XShmPutImage(s.display, s.window, s.gc, s.image, x0, y0, x0, y0, w, h, False);
        else
            XPutImage(s.display, s.window, s.gc, s.image, x0, y0, x0, y0, w, h);
    }
    XSync(s.display, False);  // the server has read the memory before we draw into it again
}

}  // namespace kiosk::platform
