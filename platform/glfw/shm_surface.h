// Pixels shown in the window without OpenGL: the frame lives in memory shared with the X server
// (MIT-SHM), so presenting a changed rectangle is one request and no copy through the socket.
// Falls back to plain XPutImage when the server cannot share memory (a remote display).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

struct GLFWwindow;

namespace kiosk::platform {

struct SurfaceRect {  // half-open pixel rectangle
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

class ShmSurface {
  public:
    // Whether the X screen can show these frames: X11 with a 24-bit RGB default visual (GLFW
    // initialised). When not, the kiosk draws with OpenGL.
    static bool supported();
    // Throws std::runtime_error when the window is not an X11 window of 24 or 32 bit depth.
    explicit ShmSurface(GLFWwindow* window);
    ~ShmSurface();
    ShmSurface(const ShmSurface&) = delete;
    ShmSurface& operator=(const ShmSurface&) = delete;

    // Makes the frame width x height; true when it was (re)made, so its pixels are undefined.
    bool ensure_size(int width, int height);
    std::uint32_t* pixels() const;  // x8r8g8b8, row after row
    int stride_bytes() const;
    int width() const;
    int height() const;
    bool shared_memory() const;  // false: the XPutImage fallback

    // Sends these rectangles of the frame to the window and waits until the server has them, so
    // the next frame may be drawn into the same memory.
    void present(const std::vector<SurfaceRect>& rects);

  private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace kiosk::platform
