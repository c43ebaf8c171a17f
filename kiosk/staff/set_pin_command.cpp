// `kiosk-pack set-pin`: reads the PIN twice and stores its libsodium hash (see staff_pin.h).
#include "kiosk/staff/set_pin_command.h"

#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "kiosk/core/config.h"
#include "kiosk/staff/staff_pin.h"

namespace kiosk::staff {
namespace {

// Reads one line from stdin; hides the typing when stdin is a terminal.
std::string read_secret_line(const char* prompt) {
    std::cerr << prompt << std::flush;
    termios saved{};
    const bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
    if (tty) {
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    std::getline(std::cin, line);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::cerr << "\n";
    }
    return line;
}

}  // namespace

int cmd_set_pin(const std::vector<std::string>& args) {
    std::string path = Config{}.staff_pin_file;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--file" && i + 1 < args.size()) {
            path = args[++i];
        } else {
            std::cerr << "usage: kiosk-pack " << kSetPinHelp << "\n";
            return 2;
        }
    }
    const std::string first = read_secret_line("新的员工密码 / New staff PIN (6-12 digits): ");
    const std::string second = read_secret_line("再输入一次 / The same PIN again: ");
    if (first != second) {
        std::cerr << "两次输入的密码不同，未作修改；请重新运行 set-pin。/ The two PINs differ; "
                     "nothing was changed. Run set-pin again.\n";
        return 1;
    }
    try {
        set_pin_file(path, first);
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
    std::cout << "员工密码已保存 / Staff PIN saved to " << path << "\n";
    return 0;
}

}  // namespace kiosk::staff
