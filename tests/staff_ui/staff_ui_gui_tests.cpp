// The staff screens in the real kiosk under X: five taps in the top-left corner open the PIN
// keypad (and tap nothing underneath), a wrong PIN is refused, the right one opens the panel, the
// touch test opens and closes, Close returns to the visitor screen, the idle timeout closes it.
// The kiosk reads the PIN hash from the file named by staff_pin_file in a --config JSON.
#define CATCH_CONFIG_MAIN
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "kiosk/staff/staff_pin.h"
#include "tests/gui_support/kiosk_driver.h"
#include "tests/support/sample_content_db.h"

using kiosk::testing::KioskDriver;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path& scratch() {
    static const fs::path dir = [] {
        const fs::path d =
            fs::temp_directory_path() / ("staff-ui-gui-" + std::to_string(::getpid()));
        fs::create_directories(d);
        return d;
    }();
    return dir;
}

std::string pack() {
    static const std::string path = make_sample_content_db((scratch() / "content.db").string());
    return path;
}

// A config whose staff_pin_file holds the hash of 246813 (or names a missing file).
std::string config(bool with_pin) {
    const fs::path pin = scratch() / (with_pin ? "staff-pin" : "no-staff-pin");
    if (with_pin && !fs::exists(pin)) kiosk::staff::set_pin_file(pin.string(), "246813");
    const fs::path cfg = scratch() / (with_pin ? "config.json" : "config-nopin.json");
    std::ofstream(cfg) << json{{"staff_pin_file", pin.string()},
                               {"data_dir", (scratch() / "data").string()}}
                              .dump();
    return cfg.string();
}

KioskDriver start(bool with_pin = true, const std::string& size = "1920x1080") {
    return KioskDriver({"--config", config(with_pin), "--pack", pack(), "--window", size});
}

json go(KioskDriver& d, const std::string& id) {
    d.tap_target(id);
    d.wait(350);
    return d.state();
}

json to_home(KioskDriver& d) {
    d.wait(200);
    json s = d.state();
    if (s["screen"] == "attract") s = go(d, "attract.touch");
    REQUIRE(s["screen"] == "home");
    return s;
}

void corner_taps(KioskDriver& d, int n, float x = 30, float y = 30) {
    for (int i = 0; i < n; ++i) d.tap(x, y);
    d.wait(200);
}

// The gesture wants its five taps within 3 s of real time; on a loaded machine the replayed taps
// can be slower than a hand, so a miss is retried after the window has passed.
json open_keypad(KioskDriver& d) {
    json s;
    for (int attempt = 0; attempt < 4; ++attempt) {
        corner_taps(d, 5);
        s = d.state();
        if (s["screen"] == "staff_pin") break;
        d.wait(3100);
    }
    return s;
}

std::string text_of(const json& s, const std::string& id) {
    const auto t = KioskDriver::find_target(s, id);
    return t ? (*t)["label"].get<std::string>() : std::string();
}

void enter_pin(KioskDriver& d, const std::string& pin) {
    for (char c : pin) d.tap_target(std::string("staff.pin.") + c);
    go(d, "staff.pin.ok");
    d.wait(300);  // the PIN hash check takes a moment
}

}  // namespace

TEST_CASE("five corner taps open the keypad and tap nothing underneath", "[gui]") {
    KioskDriver d = start();
    to_home(d);
    json s = go(d, "home.members");
    REQUIRE(s["screen"] == "members");
    REQUIRE(KioskDriver::find_target(s, "nav.back"));
    corner_taps(d, 4);
    s = d.state();
    CHECK(s["screen"] == "members");  // four taps: nothing happened, Back was not pressed
    d.wait(3100);                     // those four expire
    s = open_keypad(d);
    REQUIRE(s["screen"] == "staff_pin");
    for (const char* id :
         {"staff.pin.0", "staff.pin.9", "staff.pin.ok", "staff.pin.delete", "staff.pin.cancel"})
        CHECK(KioskDriver::find_target(s, id));
    CHECK_FALSE(KioskDriver::find_target(s, "nav.home"));  // visitor targets are gone
    const float min_target = s["min_target_px"].get<float>();
    for (const json& t : s["targets"])
        if (t["kind"] == "key" || t["kind"] == "button")
            CHECK(t["h"].get<float>() >= min_target - 0.5f);
    s = go(d, "staff.pin.cancel");
    CHECK(s["screen"] == "members");  // back where the visitor was
}

TEST_CASE("five taps elsewhere do not open the keypad", "[gui]") {
    KioskDriver d = start();
    to_home(d);
    corner_taps(d, 5, 600, 40);  // on the title in the top bar
    CHECK(d.state()["screen"] == "home");
    corner_taps(d, 3);
    corner_taps(d, 1, 600, 40);  // a tap outside breaks the sequence
    corner_taps(d, 2);
    CHECK(d.state()["screen"] == "home");
}

TEST_CASE("a wrong PIN is refused with the tries left, the right PIN opens the panel", "[gui]") {
    KioskDriver d = start();
    to_home(d);
    REQUIRE(open_keypad(d)["screen"] == "staff_pin");
    enter_pin(d, "135792");
    json s = d.state();
    CHECK(s["screen"] == "staff_pin");
    CHECK(text_of(s, "staff.pin.message").find("4 tries left") != std::string::npos);
    enter_pin(d, "246813");
    s = d.state();
    REQUIRE(s["screen"] == "staff");
    for (const char* id : {"staff.rollback", "staff.export", "staff.touchtest", "staff.restart",
                           "staff.poweroff", "staff.close"})
        CHECK(KioskDriver::find_target(s, id));

    // Export answers in both languages: the runner's result, or "Not available" without one.
    s = go(d, "staff.export");
    const std::string answer = text_of(s, "staff.message");
    CHECK(answer.find(" / ") != std::string::npos);
    CHECK(answer.size() > 6);
    s = go(d, "staff.restart");
    CHECK(KioskDriver::find_target(s, "staff.restart.confirm"));
    CHECK_FALSE(KioskDriver::find_target(s, "staff.export"));  // the question is modal
    s = go(d, "staff.confirm.cancel");
    CHECK_FALSE(KioskDriver::find_target(s, "staff.restart.confirm"));

    s = go(d, "staff.touchtest");
    CHECK(s["screen"] == "staff_touchtest");
    d.tap(100, 900);
    d.drag(300, 300, 900, 320, 300);
    s = d.state();
    CHECK(s["screen"] == "staff_touchtest");  // touches light cells, they close nothing
    s = go(d, "staff.touchtest.close");
    CHECK(s["screen"] == "staff");
    s = go(d, "staff.close");
    CHECK(s["screen"] == "home");
}

TEST_CASE("without a PIN file the keypad says how to set one and never opens the panel", "[gui]") {
    KioskDriver d = start(false);
    to_home(d);
    json s = open_keypad(d);
    REQUIRE(s["screen"] == "staff_pin");
    CHECK(text_of(s, "staff.pin.message").find("kiosk-pack set-pin") != std::string::npos);
    CHECK_FALSE(KioskDriver::find_target(s, "staff.pin.1"));
    s = go(d, "staff.pin.cancel");
    CHECK(s["screen"] == "home");
}

TEST_CASE("the idle timeout closes the staff panel and resets to attract", "[gui]") {
    KioskDriver d = start(true, "1080x1920");
    to_home(d);
    REQUIRE(open_keypad(d)["screen"] == "staff_pin");
    enter_pin(d, "246813");
    REQUIRE(d.state()["screen"] == "staff");
    d.send("idle 200");
    d.wait(1200);
    CHECK(d.state()["screen"] == "attract");
}
