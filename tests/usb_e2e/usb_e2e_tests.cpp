// A staff member plugs in a stick while visitors use the kiosk (folders stand for the mounts).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/gui_support/kiosk_driver.h"
#include "tests/support/sample_content_db.h"

namespace fs = std::filesystem;
using kiosk::testing::KioskDriver;

namespace {

struct Setup {
    fs::path root, data, keys, media, builtin;
    Setup() {
        std::string tmpl = (fs::temp_directory_path() / "usb-e2e-XXXXXX").string();
        REQUIRE(mkdtemp(tmpl.data()) != nullptr);
        root = tmpl;
        data = root / "data";
        keys = root / "keys";
        media = root / "media";
        builtin = root / "builtin.db";
        fs::create_directories(data);
        fs::create_directories(keys);
        fs::create_directories(media);
        kiosk::make_sample_content_db(builtin.string());
        run(std::string(KIOSK_PACK_TOOL) + " keygen -p " + (keys / "staff.pub").string() + " -s " +
            (root / "staff.key").string());
        std::ofstream(root / "config.json")
            << "{\"data_dir\": \"" << data.string() << "\", \"keys_dir\": \"" << keys.string()
            << "\", \"mount_roots\": [\"" << media.string() << "\"], \"builtin_pack\": \""
            << builtin.string() << "\"}\n";
    }
    ~Setup() { fs::remove_all(root); }
    static void run(const std::string& cmd) {
        REQUIRE(std::system((cmd + " >/dev/null").c_str()) == 0);
    }

    // Makes a stick folder fully, then "mounts" it by renaming it into the mount root.
    fs::path plug_stick(const std::string& name, bool signed_pack) {
        const fs::path staging = root / (name + ".building");
        fs::create_directories(staging / "kiosk");
        const fs::path pack = staging / "kiosk" / "content.pack";
        kiosk::make_sample_content_db(pack.string());
        if (signed_pack)
            run(std::string(KIOSK_PACK_TOOL) + " sign " + pack.string() + " -s " +
                (root / "staff.key").string());
        const fs::path mount = media / name;
        fs::rename(staging, mount);
        return mount;
    }
};

bool has_target(const nlohmann::json& s, const std::string& id) {
    return KioskDriver::find_target(s, id).has_value();
}

}  // namespace

TEST_CASE("a signed pack on a stick is imported while the kiosk runs and shown at once",
          "[usb][gui]") {
    Setup setup;
    KioskDriver k({"--config", (setup.root / "config.json").string(), "--window", "1280x800"});
    const std::string before = k.state()["pack"];
    CHECK(before == setup.builtin.string());

    const fs::path mount = setup.plug_stick("stick1", true);
    const nlohmann::json after = k.wait_for_state(
        [&](const nlohmann::json& s) { return s["pack"] == (setup.data / "current.db").string(); });
    CHECK(after["pack"] == (setup.data / "current.db").string());
    CHECK(fs::exists(setup.data / "current.db"));
    CHECK(k.state()["fonts"]["gpu_texture_matches"] == true);  // the atlas rebuilt for new text
    // The overlay tells staff it is done and offers to close; a report went back to the stick.
    const nlohmann::json done =
        k.wait_for_state([](const nlohmann::json& s) { return has_target(s, "import.close"); });
    CHECK(has_target(done, "import.close"));
    std::ifstream report(mount / "kiosk" / "import-report.txt");
    REQUIRE(report.good());
    const std::string text((std::istreambuf_iterator<char>(report)), {});
    CHECK(text.find("7") != std::string::npos);  // the new pack's version
    k.tap_target("import.close");
    k.wait(300);
    CHECK_FALSE(has_target(k.state(), "import.close"));
}

TEST_CASE("an unsigned pack on a stick is refused and the content stays", "[usb][gui]") {
    Setup setup;
    KioskDriver k({"--config", (setup.root / "config.json").string(), "--window", "1280x800"});
    const fs::path mount = setup.plug_stick("stick2", false);
    const nlohmann::json s =
        k.wait_for_state([](const nlohmann::json& st) { return has_target(st, "import.close"); });
    CHECK(has_target(s, "import.close"));
    CHECK(s["pack"] == setup.builtin.string());
    CHECK_FALSE(fs::exists(setup.data / "current.db"));
    CHECK(fs::exists(mount / "kiosk" / "import-report.txt"));
}
