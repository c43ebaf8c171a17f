// The config the package installs (/etc/jbnm-kiosk/config.json) loads, and its paths match where
// the package puts things, so a fresh install finds its built-in pack, keys and state folder.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "kiosk/core/config.h"

namespace {
std::string read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}
}  // namespace

TEST_CASE("the shipped config loads and points at the installed layout") {
    const kiosk::Config config = kiosk::load_config(KIOSK_DEPLOY_DIR "/config/config.json");
    CHECK(config.data_dir == "/var/lib/jbnm-kiosk");  // StateDirectory=jbnm-kiosk
    CHECK(config.builtin_pack == "/usr/share/jbnm-kiosk/builtin.db");
    CHECK(config.keys_dir == "/etc/jbnm-kiosk/keys");
    CHECK(config.staff_pin_file == "/etc/jbnm-kiosk/staff-pin");
    // Sticks are mounted by kiosk-usb-mount at /media/usb-<name>: /media must be watched.
    CHECK(std::find(config.mount_roots.begin(), config.mount_roots.end(), "/media") !=
          config.mount_roots.end());
    CHECK(config.window_width == 0);    // fullscreen
    CHECK(config.publish_key.empty());  // a publisher only by install.sh --sync --publisher
}

TEST_CASE("the unit runs the kiosk with the shipped config file") {
    const std::string unit = read(KIOSK_DEPLOY_DIR "/systemd/jbnm-kiosk.service");
    CHECK(unit.find("KIOSK_ARGS=--config /etc/jbnm-kiosk/config.json") != std::string::npos);
    CHECK(unit.find("StateDirectory=jbnm-kiosk") != std::string::npos);
}
