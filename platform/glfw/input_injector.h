// Real X pointer events through XTest, so replayed taps reach GLFW exactly like a touch panel's.
#pragma once

struct GLFWwindow;

namespace kiosk::platform {

class InputInjector {
  public:
    explicit InputInjector(GLFWwindow* window);
    // True when the X server offers the XTest extension.
    bool available() const { return available_; }
    // Moves the pointer to window coordinates (pixels of the framebuffer).
    void move(float x, float y);
    void button(bool down);
    // Waits until the X server has processed the injected events and queued them back to us.
    void sync();

  private:
    GLFWwindow* window_;
    bool available_ = false;
};

}  // namespace kiosk::platform
