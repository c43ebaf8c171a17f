// The two render paths of issue 18 through the real kiosk: the CPU renderer draws what OpenGL
// draws (screens compared pixel by pixel, the largest difference printed), `auto` picks it where
// OpenGL is a software rasteriser and then keeps Mesa out of the process, and what it presents in
// the X window is what it drew, also after a drag (only changed tiles sent) and after the window
// was covered and uncovered.
#define CATCH_CONFIG_MAIN
#include <stb_image.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/gui_flows/x_screen.h"
#include "tests/gui_support/kiosk_driver.h"

using kiosk::testing::KioskDriver;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct Image {
    int w = 0, h = 0;
    std::vector<unsigned char> rgb;
};

Image load_png(const std::string& path) {
    Image img;
    int n = 0;
    unsigned char* p = stbi_load(path.c_str(), &img.w, &img.h, &n, 3);
    REQUIRE(p != nullptr);
    img.rgb.assign(p, p + static_cast<std::size_t>(img.w) * img.h * 3);
    stbi_image_free(p);
    return img;
}

struct Difference {
    int largest = 0;          // per channel, 0..255
    double share_over_8 = 0;  // pixels whose largest channel difference exceeds 8
    double share_over_32 = 0;
};

Difference compare(const Image& a, const Image& b) {
    REQUIRE(a.w == b.w);
    REQUIRE(a.h == b.h);
    Difference d;
    long long over8 = 0, over32 = 0;
    for (std::size_t i = 0; i < a.rgb.size(); i += 3) {
        int m = 0;
        for (int c = 0; c < 3; ++c)
            m = std::max(m, std::abs(int(a.rgb[i + c]) - int(b.rgb[i + c])));
        d.largest = std::max(d.largest, m);
        over8 += m > 8;
        over32 += m > 32;
    }
    const double pixels = double(a.w) * a.h;
    d.share_over_8 = double(over8) / pixels;
    d.share_over_32 = double(over32) / pixels;
    return d;
}

std::string builtin_pack() {
    return KIOSK_BUILTIN_DB;
}

// A config with its own cache folder (the renderer probe's answer is kept there).
std::string config_with_cache(const fs::path& dir) {
    fs::create_directories(dir / "cache");
    fs::create_directories(dir / "data");
    const fs::path config = dir / "config.json";
    std::ofstream(config) << json{
        {"font_cache_dir", (dir / "cache").string()},
        {"data_dir", (dir / "data").string()},
        {"visitor_statistics",
         false}}.dump();
    return config.string();
}

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() /
               ("render-paths-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

// The same journey on one path: a shot of each screen, with the screen's name.
std::vector<std::pair<std::string, Image>> journey(const std::string& renderer,
                                                   const std::string& size, const fs::path& dir) {
    KioskDriver d({"--pack", builtin_pack(), "--window", size, "--renderer", renderer});
    std::vector<std::pair<std::string, Image>> shots;
    auto shoot = [&](const std::string& name) {
        d.wait(400);  // transitions finished
        const std::string path = (dir / (renderer + "-" + name + ".png")).string();
        d.shot(path);
        shots.emplace_back(name, load_png(path));
    };
    CHECK(d.state()["render"]["path"] == renderer);
    d.tap_target("attract.touch");
    shoot("home");
    d.tap_target("home.members");
    shoot("members");
    // (Not after a fling: where it comes to rest follows the frame times, which differ.)
    d.tap_target("chip.focus.energy");
    shoot("members-energy");
    d.tap_target("member.sample-energy-co");
    shoot("member");
    d.tap_target("nav.home");
    d.wait(300);
    d.tap_target("home.highlights");  // photos on every card, drawn smaller than decoded
    shoot("highlights");
    d.tap_target("nav.home");
    d.wait(300);
    d.tap_target("home.about");
    shoot("about");
    d.tap_target("nav.lang");
    shoot("about-en");
    d.tap_target("nav.search");
    shoot("search");
    return shots;
}

}  // namespace

TEST_CASE("the CPU renderer draws the screens as OpenGL does", "[gui][render]") {
    TempDir dir;
    for (const std::string size : {"1920x1080", "1080x1920"}) {
        const auto gl = journey("gl", size, dir.path);
        const auto sw = journey("software", size, dir.path);
        REQUIRE(gl.size() == sw.size());
        for (std::size_t i = 0; i < gl.size(); ++i) {
            const Difference d = compare(gl[i].second, sw[i].second);
            // The figure the issue asks for: the largest difference, and how many pixels differ.
            WARN(size << " " << gl[i].first << ": largest channel difference " << d.largest
                      << ", pixels off by more than 8: " << d.share_over_8 * 100
                      << " %, by more than 32: " << d.share_over_32 * 100 << " %");
            // Measured without photos: at most 7 of 255 on any channel (rounding of blends and
            // filtering). Photos drawn smaller than decoded come from a copy at the drawn scale
            // (kiosk/render/scaled_copies.h), a little softer than GL's one bilinear step: at
            // most 37. (A photo's first column once differed by 195, an edge not snapped as GL
            // snaps it; see decode.cpp.)
            const bool photos = gl[i].first == "highlights" || gl[i].first == "member";
            CHECK(d.largest <= (photos ? 48 : 12));
            CHECK(d.share_over_8 < 0.02);
            CHECK(d.share_over_32 < 0.0005);
        }
    }
}

namespace {
std::string read_file(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}
bool maps_mesa(pid_t pid) {  // the GL driver or LLVM mapped into the process
    const std::string maps = read_file("/proc/" + std::to_string(pid) + "/maps");
    return maps.find("libLLVM") != std::string::npos || maps.find("_dri.so") != std::string::npos;
}
}  // namespace

TEST_CASE("auto draws on the CPU where OpenGL is llvmpipe, remembers it and loads no Mesa",
          "[gui][render]") {
    TempDir dir;
    const std::string config = config_with_cache(dir.path);
    const fs::path cache = dir.path / "cache" / "renderer";
    std::string key;
    {
        KioskDriver d({"--pack", builtin_pack(), "--window", "1280x800", "--config", config});
        const json s = d.state();
        CHECK(s["render"]["path"] == "software");
        CHECK(s["render"]["description"].get<std::string>().find("llvmpipe") != std::string::npos);
        std::istringstream lines(read_file(cache));  // key line, then GL_RENDERER
        std::string renderer;
        REQUIRE(std::getline(lines, key));
        REQUIRE(std::getline(lines, renderer));
        CHECK(renderer.find("llvmpipe") != std::string::npos);
    }
    SECTION("the next start trusts the answer: no probe, no Mesa in the process") {
        KioskDriver d({"--pack", builtin_pack(), "--window", "1280x800", "--config", config});
        CHECK(d.state()["render"]["path"] == "software");
        CHECK_FALSE(maps_mesa(d.pid()));
    }
    SECTION("an answer for this machine naming a GPU gives OpenGL") {
        std::ofstream(cache) << key << "\nAMD Radeon Vega 8 Graphics (raven)\n";
        KioskDriver d({"--pack", builtin_pack(), "--window", "1280x800", "--config", config});
        const json s = d.state();
        CHECK(s["render"]["path"] == "gl");
        CHECK(s["fonts"]["gpu_texture_matches"] == true);
    }
    SECTION("an answer for another machine (new kernel, driver or X server) is probed again") {
        std::ofstream(cache) << "another kernel | another X\nAMD Radeon Vega 8 Graphics\n";
        KioskDriver d({"--pack", builtin_pack(), "--window", "1280x800", "--config", config});
        CHECK(d.state()["render"]["path"] == "software");
        CHECK(read_file(cache).find("llvmpipe") != std::string::npos);
    }
    SECTION("a FIFO or a link in the answer's place does not hold up the start") {
        // Reading either would block the start (a FIFO without a writer) or read /dev/zero.
        fs::remove(cache);
        SECTION("a FIFO") {
            REQUIRE(::mkfifo(cache.c_str(), 0600) == 0);
        }
        SECTION("a link") {
            fs::create_symlink("/dev/zero", cache);
        }
        KioskDriver d({"--pack", builtin_pack(), "--window", "1280x800", "--config", config},
                      kiosk::testing::default_kiosk_binary(), 30);
        CHECK(d.state()["render"]["path"] == "software");
        CHECK(fs::is_regular_file(fs::symlink_status(cache)));  // the probe's answer replaced it
        CHECK(read_file(cache).rfind(key + "\n", 0) == 0);
    }
    SECTION("a damaged answer file is probed again") {
        std::ofstream(cache, std::ios::binary) << std::string(100000, '\0') << "\xff\xfe";
        KioskDriver d({"--pack", builtin_pack(), "--window", "1280x800", "--config", config});
        CHECK(d.state()["render"]["path"] == "software");
        CHECK(read_file(cache).rfind(key + "\n", 0) == 0);
    }
}

TEST_CASE("the software path shows in the X window what it drew, after drags and when uncovered",
          "[gui][render]") {
    TempDir dir;
    KioskDriver d({"--pack", builtin_pack(), "--window", "1280x800", "--renderer", "software"});
    auto on_screen_matches_shot = [&](const std::string& name) {
        d.wait(300);
        const std::string path = (dir.path / (name + ".png")).string();
        d.shot(path);
        const Image drawn = load_png(path);
        Image shown{drawn.w, drawn.h, kiosk::testing::screen_rgb(0, 0, drawn.w, drawn.h)};
        const Difference diff = compare(drawn, shown);
        INFO(name << ": largest difference " << diff.largest);
        CHECK(diff.largest == 0);
    };
    d.tap_target("attract.touch");
    d.wait(400);
    on_screen_matches_shot("home");
    d.tap_target("home.members");
    d.wait(400);
    for (int i = 0; i < 3; ++i) {  // only the changed tiles are sent while the grid moves
        d.drag(640, 700, 640, 420, 250);
        d.settled_state();
    }
    on_screen_matches_shot("members-dragged");
    kiosk::testing::cover_for(100, 100, 600, 400, 300);  // its pixels are gone from the window
    on_screen_matches_shot("members-uncovered");
    d.drag(640, 420, 640, 700, 250);
    d.settled_state();
    on_screen_matches_shot("members-dragged-back");
}
