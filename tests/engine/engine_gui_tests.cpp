// GUI tests of the engine: the test app and the real kiosk under X, driven through replay.
#define CATCH_CONFIG_MAIN
#include <stb_image.h>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "tests/engine/test_pack.h"
#include "tests/gui_support/kiosk_driver.h"

using kiosk::testing::KioskDriver;

namespace {

std::string test_pack() {
    static const std::string path = [] {
        const auto p = std::filesystem::temp_directory_path() /
                       ("engine-test-pack-" + std::to_string(::getpid()) + ".db");
        kiosk::testing::write_test_pack(p.string());
        return p.string();
    }();
    return path;
}

struct Png {
    int w = 0, h = 0;
    std::vector<unsigned char> rgb;
    std::size_t distinct_colours() const {
        std::set<unsigned> colours;
        for (std::size_t i = 0; i + 2 < rgb.size(); i += 3)
            colours.insert(unsigned(rgb[i]) << 16 | unsigned(rgb[i + 1]) << 8 | rgb[i + 2]);
        return colours.size();
    }
};

Png load_png(const std::string& path) {
    Png png;
    int n = 0;
    unsigned char* px = stbi_load(path.c_str(), &png.w, &png.h, &n, 3);
    REQUIRE(px);
    png.rgb.assign(px, px + static_cast<std::size_t>(png.w) * png.h * 3);
    stbi_image_free(px);
    return png;
}

KioskDriver start_test_app(const std::string& size = "1280x800") {
    return KioskDriver({"--pack", test_pack(), "--window", size}, ENGINE_TEST_APP);
}

std::string label_of(const nlohmann::json& state, const std::string& id) {
    const auto t = KioskDriver::find_target(state, id);
    REQUIRE(t);
    return t->at("label");
}

}  // namespace

TEST_CASE("the engine prints ready, writes a state and a non-blank screenshot", "[gui]") {
    KioskDriver kiosk = start_test_app();
    CHECK(kiosk.ready_ms() > 0);
    const nlohmann::json s = kiosk.state();
    CHECK(s["screen"] == "test");
    CHECK(s["window"]["w"] == 1280);
    CHECK(s["window"]["h"] == 800);
    CHECK(KioskDriver::find_target(s, "test.button"));
    CHECK(KioskDriver::find_target(s, "计数 Count"));  // found by label too
    CHECK(s["fonts"]["missing"] == 0);

    const std::string shot = kiosk.work_dir() + "/shot.png";
    kiosk.shot(shot);
    const Png png = load_png(shot);
    CHECK(png.w == 1280);
    CHECK(png.h == 800);
    CHECK(png.distinct_colours() > 8);  // background, bar, button, text edges...
    CHECK(png.rgb[0] == 255);           // the red bar is on top: not upside down
    CHECK(png.rgb[1] == 0);
    CHECK(kiosk.quit() == 0);
}

TEST_CASE("a tap counts once and a drag never taps", "[gui]") {
    KioskDriver kiosk = start_test_app();
    kiosk.tap_target("test.button");
    nlohmann::json s = kiosk.state();
    CHECK(s["detail_id"] == "taps=1");
    const auto button = KioskDriver::find_target(s, "test.button");
    const float x = button->at("x").get<float>() + 20, y = button->at("y").get<float>() + 20;
    kiosk.drag(x, y, x + 200, y + 150, 200);  // starts and ends on targets
    s = kiosk.state();
    CHECK(s["detail_id"] == "taps=1");
    CHECK(s["search_text"] == "drags=1");
    kiosk.tap_target("test.list");
    CHECK(kiosk.state()["detail_id"] == "taps=2");
}

TEST_CASE("an unknown replay command reports an error and the replay continues", "[gui]") {
    KioskDriver kiosk = start_test_app();
    const std::string reply = kiosk.send_raw("jump 10 10");
    CHECK(reply.rfind("error 1: unknown command \"jump\"", 0) == 0);
    CHECK(kiosk.send_raw("tap 1 2 3").find("tap X Y") != std::string::npos);
    kiosk.tap_target("test.button");
    CHECK(kiosk.state()["detail_id"] == "taps=1");
}

TEST_CASE("a bad image shows a placeholder and the good one loads", "[gui]") {
    KioskDriver kiosk = start_test_app();
    nlohmann::json s;
    for (int i = 0; i < 50; ++i) {  // decoding is asynchronous: poll the state
        s = kiosk.state();
        if (label_of(s, "test.image.good") != "loading" &&
            label_of(s, "test.image.bad") != "loading")
            break;
        kiosk.wait(100);
    }
    CHECK(label_of(s, "test.image.good") == "loaded");
    CHECK(label_of(s, "test.image.bad") == "failed");
    CHECK(s["textures"]["failures"] == 1);
    CHECK(s["textures"]["count"] == 1);
    CHECK(s["textures"]["bytes"] == 64 * 48 * 4);
}

TEST_CASE("idle S advances the idle clock of the app", "[gui]") {
    KioskDriver kiosk = start_test_app();
    CHECK(kiosk.state()["screen"] == "test");
    kiosk.send("idle 100");
    CHECK(kiosk.state()["screen"] == "attract");
}

TEST_CASE("the kiosk starts and renders at all four screen sizes", "[gui]") {
    for (const auto& [w, h] : {std::pair{1920, 1080}, {1080, 1920}, {3840, 2160}, {1280, 800}}) {
        const std::string size = std::to_string(w) + "x" + std::to_string(h);
        INFO(size);
        KioskDriver kiosk({"--pack", test_pack(), "--window", size});
        CHECK(kiosk.ready_ms() > 0);
        const nlohmann::json s = kiosk.state();
        CHECK(s["window"]["w"] == w);
        CHECK(s["window"]["h"] == h);
        CHECK_FALSE(s["screen"].get<std::string>().empty());
        CHECK(s["fonts"]["atlas_w"].get<int>() <= 4096);
        CHECK(s["fonts"]["atlas_h"].get<int>() <= 4096);
        const std::string shot = kiosk.work_dir() + "/" + size + ".png";
        kiosk.shot(shot);
        const Png png = load_png(shot);
        CHECK(png.w == w);
        CHECK(png.h == h);
        CHECK(png.distinct_colours() > 8);
        CHECK(kiosk.quit() == 0);
    }
}

TEST_CASE("a missing pack file stops with exit 2 and says what to do", "[gui]") {
    const auto r =
        kiosk::testing::run_to_exit({"--pack", "/nonexistent/pack.db", "--window", "640x480"});
    CHECK(r.status == 2);
    CHECK(r.err.find("/nonexistent/pack.db") != std::string::npos);
    CHECK(r.err.find("does not exist") != std::string::npos);
    CHECK(r.err.find("--pack") != std::string::npos);
}

TEST_CASE("a file that is not a content pack stops with exit 2 naming it", "[gui]") {
    const auto bad = std::filesystem::temp_directory_path() / "engine-not-a-pack.db";
    std::ofstream(bad) << "hello";
    const auto r = kiosk::testing::run_to_exit({"--pack", bad.string()});
    CHECK(r.status == 2);
    CHECK(r.err.find(bad.string()) != std::string::npos);
}

TEST_CASE("bad flags stop with exit 2 and point to --help", "[gui]") {
    auto r = kiosk::testing::run_to_exit({"--window", "big"});
    CHECK(r.status == 2);
    CHECK(r.err.find("WIDTHxHEIGHT") != std::string::npos);
    r = kiosk::testing::run_to_exit({"--frobnicate"});
    CHECK(r.status == 2);
    CHECK(r.err.find("unknown option --frobnicate") != std::string::npos);
    r = kiosk::testing::run_to_exit({"--help"});
    CHECK(r.status == 0);
    CHECK(r.out.find("--replay") != std::string::npos);
}

TEST_CASE("without a display the kiosk says how to take screenshots instead", "[gui]") {
    const std::string display = std::getenv("DISPLAY") ? std::getenv("DISPLAY") : "";
    ::unsetenv("DISPLAY");
    const auto r = kiosk::testing::run_to_exit({"--pack", test_pack()});
    if (!display.empty()) ::setenv("DISPLAY", display.c_str(), 1);
    CHECK(r.status == 2);
    CHECK(r.err.find("no display") != std::string::npos);
    CHECK(r.err.find("./dev.sh screenshots") != std::string::npos);
}

TEST_CASE("a replay file runs to its end and the kiosk exits 0", "[gui]") {
    const auto file = std::filesystem::temp_directory_path() / "engine-replay-eof.txt";
    std::ofstream(file) << "wait 10\ntap 5 5\n";  // EOF ends it: no quit
    const auto r = kiosk::testing::run_to_exit(
        {"--pack", test_pack(), "--window", "640x480", "--replay", file.string()}, 60,
        ENGINE_TEST_APP);
    CHECK(r.status == 0);
    CHECK(r.out.find("ready ") != std::string::npos);
    CHECK(r.out.find("ok wait 10\nok tap 5 5\n") != std::string::npos);
    CHECK(r.out.find("ready ") < r.out.find("ok wait 10"));  // commands only act on content
}
