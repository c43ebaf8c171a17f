// What the X server shows, for tests that check what reached the screen (not what was drawn):
// kept apart from the tests because Xlib's macros (None, Always, ...) break Catch2's header.
#pragma once

#include <vector>

namespace kiosk::testing {

// The root window's pixels in [x, x+w) x [y, y+h) of DISPLAY, as RGB rows top first.
std::vector<unsigned char> screen_rgb(int x, int y, int w, int h);

// Maps a plain window over [x, x+w) x [y, y+h) for hold_ms, then destroys it: whatever was
// under it must be drawn again (an Expose).
void cover_for(int x, int y, int w, int h, int hold_ms);

}  // namespace kiosk::testing
