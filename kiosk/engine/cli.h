// The kiosk's command line: flags, config, choice of content, clear messages and exit codes.
// kiosk/app/main.cpp is just kiosk_main with the real screens; tests use it with a tiny app.
#pragma once

#include <string>
#include <vector>

#include "kiosk/engine/runner.h"

namespace kiosk::engine {

// Exit status: 0 done, 1 the window or GL failed, 2 bad flags / no content / no display.
int kiosk_main(int argc, char** argv, const AppFactory& make_app,
               const std::vector<std::string>& ui_strings);

}  // namespace kiosk::engine
