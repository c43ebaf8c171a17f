// The kiosk-pack subcommand table: each command is {name, function, one-line help}.
#pragma once

#include <string>
#include <vector>

namespace kiosk::tools {

// args excludes the program and command names. Returns the process exit status.
using CommandFn = int (*)(const std::vector<std::string>& args);

struct Command {
    const char* name;
    CommandFn run;
    const char* help;  // one line: usage and what it does
};

}  // namespace kiosk::tools
