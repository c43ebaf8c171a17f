// Turns the monitor on or off through X's DPMS extension (opening hours). The X session starts
// with DPMS disabled so the screen never blanks by itself during opening hours.
#pragma once

struct GLFWwindow;

namespace kiosk::platform {

// on=false: enable DPMS and force the monitor off; on=true: force it on and disable DPMS again.
// Returns false when the X server has no DPMS (e.g. Xvfb): nothing changed then.
bool set_display_power(GLFWwindow* window, bool on);

}  // namespace kiosk::platform
