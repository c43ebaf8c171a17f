// Staff at a running kiosk: gesture + PIN, export logs to a stick, roll back the content.
#define CATCH_CONFIG_MAIN
#include <SQLiteCpp/SQLiteCpp.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "kiosk/staff/staff_pin.h"
#include "tests/gui_support/kiosk_driver.h"
#include "tests/support/sample_content_db.h"

namespace fs = std::filesystem;
using kiosk::testing::KioskDriver;
using nlohmann::json;

namespace {

void run(const std::string& cmd) {
    REQUIRE(std::system((cmd + " >/dev/null 2>&1").c_str()) == 0);
}

// A signed sample pack claiming `version`.
fs::path signed_pack(const fs::path& path, int version, const fs::path& key) {
    kiosk::make_sample_content_db(path.string());
    {
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
        db.exec("UPDATE meta SET value = '" + std::to_string(version) +
                "' WHERE key = 'pack_version'");
    }
    run(std::string(KIOSK_PACK_TOOL) + " sign " + path.string() + " -s " + key.string());
    return path;
}

std::string installed_version(const fs::path& data) {
    SQLite::Database db((data / "current.db").string(), SQLite::OPEN_READONLY);
    return db.execAndGet("SELECT value FROM meta WHERE key = 'pack_version'").getString();
}

json settle(KioskDriver& k) {
    k.wait(400);
    return k.state();
}

// Five taps in the top-left corner within 3 s; retried when a loaded machine was too slow.
json open_keypad(KioskDriver& k) {
    json s;
    for (int attempt = 0; attempt < 4; ++attempt) {
        for (int i = 0; i < 5; ++i) k.tap(30, 30);
        s = settle(k);
        if (s["screen"] == "staff_pin") break;
        k.wait(3100);
    }
    return s;
}

}  // namespace

TEST_CASE("staff open the panel, export a report to a stick and roll back", "[staff][gui]") {
    std::string tmpl = (fs::temp_directory_path() / "staff-e2e-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    const fs::path root = tmpl, data = root / "data", keys = root / "keys", media = root / "media";
    for (const fs::path& d : {data, keys, media}) fs::create_directories(d);
    const fs::path key = root / "staff.key";
    run(std::string(KIOSK_PACK_TOOL) + " keygen -p " + (keys / "staff.pub").string() + " -s " +
        key.string());
    // Installed as the service would have it: version 7, then 8 (7 kept for rollback).
    for (int version : {7, 8})
        run(std::string(KIOSK_PACK_TOOL) + " import " +
            signed_pack(root / ("v" + std::to_string(version) + ".pack"), version, key).string() +
            " --data-dir " + data.string() + " --keys " + keys.string());
    REQUIRE(installed_version(data) == "8");
    kiosk::staff::set_pin_file((root / "staff-pin").string(), "246813");
    kiosk::make_sample_content_db((root / "builtin.db").string());
    std::ofstream(root / "config.json") << json{
        {"data_dir", data.string()},
        {"keys_dir", keys.string()},
        {"mount_roots", {media.string()}},
        {"builtin_pack", (root / "builtin.db").string()},
        {"staff_pin_file",
         (root / "staff-pin").string()}}.dump();

    KioskDriver k({"--config", (root / "config.json").string(), "--window", "1920x1080"});
    CHECK(k.state()["pack"] == (data / "current.db").string());

    // A stick with an older pack: refused (not newer), which tells the kiosk where the stick is.
    fs::create_directories(root / "stick.building" / "kiosk");
    signed_pack(root / "stick.building" / "kiosk" / "content.pack", 7, key);
    fs::rename(root / "stick.building", media / "stick");
    json s = k.wait_for_state(
        [](const json& st) { return KioskDriver::find_target(st, "import.close").has_value(); });
    REQUIRE(KioskDriver::find_target(s, "import.close"));
    k.tap_target("import.close");
    settle(k);

    REQUIRE(open_keypad(k)["screen"] == "staff_pin");
    for (char c : std::string("246813")) k.tap_target(std::string("staff.pin.") + c);
    k.tap_target("staff.pin.ok");
    s = k.wait_for_state([](const json& st) { return st["screen"] == "staff"; });
    REQUIRE(s["screen"] == "staff");

    k.tap_target("staff.export");
    settle(k);
    CHECK(fs::exists(media / "stick" / "kiosk" / "health-report.txt"));
    bool log_exported = false;
    for (const auto& e : fs::directory_iterator(media / "stick" / "kiosk"))
        log_exported |= e.path().filename().string().rfind("jbnm-kiosk-log-", 0) == 0;
    CHECK(log_exported);

    k.tap_target("staff.rollback");
    settle(k);
    k.tap_target("staff.rollback.confirm");
    settle(k);
    CHECK(installed_version(data) == "7");
    CHECK(k.state()["pack"] == (data / "current.db").string());

    std::ifstream log(data / "logs" / "kiosk.log");
    const std::string text((std::istreambuf_iterator<char>(log)), {});
    CHECK(text.find("staff: content rolled back") != std::string::npos);
    CHECK(text.find("logs exported") != std::string::npos);
    k.quit();
    fs::remove_all(root);
}
