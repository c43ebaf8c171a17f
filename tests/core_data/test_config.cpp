// load_config: JSON over the defaults; unknown keys, wrong types and bad values name file and key.
#include <catch2/catch.hpp>

#include "kiosk/core/config.h"
#include "tests/core_data/fixtures.h"

using namespace kiosk;
using Catch::Matchers::Contains;

namespace {
std::string config_file(const std::string& json) {
    static int n = 0;
    const std::string path = fixtures::scratch_file("config" + std::to_string(++n) + ".json");
    fixtures::write_file(path, json);
    return path;
}
}  // namespace

TEST_CASE("load_config sets the given keys and keeps the other defaults") {
    const Config c = load_config(config_file(R"({"idle_timeout_s": 45, "default_language": "en",
        "min_target_mm": 12.5, "mount_roots": ["/mnt/usb"], "texture_budget_bytes": 1073741824,
        "screen_width_mm": 527})"));
    CHECK(c.idle_timeout_s == 45);
    CHECK(c.default_language == "en");
    CHECK(c.min_target_mm == 12.5);
    CHECK(c.mount_roots == std::vector<std::string>{"/mnt/usb"});
    CHECK(c.texture_budget_bytes == 1073741824ll);
    CHECK(c.screen_width_mm == 527.0);  // a whole number is fine where a decimal is expected
    CHECK(c.data_dir == Config{}.data_dir);
    CHECK(c.tap_slop_mm == Config{}.tap_slop_mm);
}

TEST_CASE("load_config reads over the given base, so flags and files combine") {
    Config base;
    base.data_dir = "/tmp/kiosk-data";
    const Config c =
        load_config(config_file(R"({"window_width": 1280, "window_height": 800})"), base);
    CHECK(c.data_dir == "/tmp/kiosk-data");
    CHECK(c.window_width == 1280);
    CHECK(c.window_height == 800);
}

TEST_CASE("an empty JSON object gives the defaults") {
    const Config c = load_config(config_file("{}"));
    CHECK(c.idle_timeout_s == 90);
    CHECK(c.default_language == "zh");
}

TEST_CASE("load_config refuses an unknown key, naming file and key") {
    const std::string path = config_file(R"({"idle_timout_s": 30})");
    CHECK_THROWS_WITH(load_config(path),
                      Contains(path) && Contains("idle_timout_s") && Contains("unknown"));
}

TEST_CASE("load_config refuses wrong types, naming file and key") {
    const std::string p1 = config_file(R"({"idle_timeout_s": "90"})");
    CHECK_THROWS_WITH(load_config(p1),
                      Contains(p1) && Contains("idle_timeout_s") && Contains("whole number"));
    const std::string p2 = config_file(R"({"idle_timeout_s": 1.5})");
    CHECK_THROWS_WITH(load_config(p2), Contains("idle_timeout_s") && Contains("whole number"));
    const std::string p3 = config_file(R"({"data_dir": 5})");
    CHECK_THROWS_WITH(load_config(p3), Contains("data_dir") && Contains("text"));
    const std::string p4 = config_file(R"({"mount_roots": ["/media", 3]})");
    CHECK_THROWS_WITH(load_config(p4), Contains("mount_roots") && Contains("list of texts"));
    const std::string p5 = config_file(R"({"min_target_mm": true})");
    CHECK_THROWS_WITH(load_config(p5), Contains("min_target_mm") && Contains("number"));
    const std::string p6 = config_file(R"({"window_width": 99999999999})");
    CHECK_THROWS_WITH(load_config(p6), Contains("window_width") && Contains("range"));
}

TEST_CASE("load_config refuses values the kiosk cannot use") {
    const std::string p1 = config_file(R"({"default_language": "fr"})");
    CHECK_THROWS_WITH(load_config(p1), Contains("default_language") && Contains("\"zh\""));
    const std::string p2 = config_file(R"({"idle_timeout_s": 0})");
    CHECK_THROWS_WITH(load_config(p2), Contains("idle_timeout_s"));
    const std::string p3 = config_file(R"({"attract_max_cpu_percent": 0})");
    CHECK_THROWS_WITH(load_config(p3), Contains("attract_max_cpu_percent") && Contains("above 0"));
    const std::string p4 = config_file(R"({"attract_max_fps": 1000})");
    CHECK_THROWS_WITH(load_config(p4), Contains("attract_max_fps") && Contains("240"));
    const std::string p5 = config_file(R"({"renderer": "vulkan"})");
    CHECK_THROWS_WITH(load_config(p5), Contains("renderer") && Contains("\"software\""));
}

TEST_CASE("the renderer is auto unless the config names gl or software") {
    CHECK(Config{}.renderer == "auto");
    for (const char* value : {"auto", "gl", "software"})
        CHECK(load_config(config_file(std::string(R"({"renderer": ")") + value + "\"}")).renderer ==
              value);
    CHECK_THROWS_WITH(load_config(config_file(R"({"renderer": ""})")), Contains("renderer"));
    CHECK_THROWS_WITH(load_config(config_file(R"({"renderer": 1})")), Contains("renderer"));
}

TEST_CASE("load_config explains a missing file, bad JSON and a non-object") {
    const std::string missing = fixtures::scratch_file("no-such-config.json");
    CHECK_THROWS_WITH(load_config(missing), Contains(missing) && Contains("cannot open"));
    const std::string broken = config_file(R"({"idle_timeout_s": 90,)");
    CHECK_THROWS_WITH(load_config(broken), Contains(broken) && Contains("not valid JSON"));
    const std::string list = config_file("[1, 2]");
    CHECK_THROWS_WITH(load_config(list), Contains(list) && Contains("JSON object"));
}

TEST_CASE("the sync inbox asks Syncthing only when its REST socket is configured") {
    const Config d = load_config(config_file("{}"));
    CHECK(d.sync_rest_socket.empty());
    CHECK(d.sync_rest_key_file == "/etc/jbnm-kiosk/syncthing.env");
    CHECK(d.sync_folder_id == "jbnm-packs");
    const Config c = load_config(config_file(
        R"({"sync_rest_socket": "/run/jbnm-kiosk-sync/gui.sock", "sync_rest_key_file": "/k.env",
            "sync_folder_id": "packs", "sync_stable_s": 30})"));
    CHECK(c.sync_rest_socket == "/run/jbnm-kiosk-sync/gui.sock");
    CHECK(c.sync_rest_key_file == "/k.env");
    CHECK(c.sync_folder_id == "packs");
    CHECK(c.sync_stable_s == 30);
    CHECK_THROWS_WITH(load_config(config_file(R"({"sync_folder_id": ""})")),
                      Contains("sync_folder_id"));
    CHECK_THROWS_WITH(load_config(config_file(R"({"sync_stable_s": 0})")),
                      Contains("sync_stable_s"));
    CHECK_THROWS_WITH(load_config(config_file(R"({"sync_rest_socket": 8384})")),
                      Contains("sync_rest_socket"));
}

TEST_CASE("workbook imports are on unless the config switches them off") {
    CHECK(load_config(config_file("{}")).workbook_import);
    const Config off =
        load_config(config_file(R"({"workbook_import": false, "pack_tool": "/opt/kiosk-pack",
            "workbook_build_s": 30})"));
    CHECK_FALSE(off.workbook_import);
    CHECK(off.pack_tool == "/opt/kiosk-pack");
    CHECK(off.workbook_build_s == 30);
    const std::string p1 = config_file(R"({"workbook_import": "no"})");
    CHECK_THROWS_WITH(load_config(p1), Contains("workbook_import") && Contains("true or false"));
    const std::string p2 = config_file(R"({"workbook_build_s": 0})");
    CHECK_THROWS_WITH(load_config(p2), Contains("workbook_build_s"));
}

TEST_CASE("a kiosk publishes only when the config names its publishing key") {
    CHECK(load_config(config_file("{}")).publish_key.empty());
    const Config publisher =
        load_config(config_file(R"({"publish_key": "/etc/jbnm-kiosk/publish.key"})"));
    CHECK(publisher.publish_key == "/etc/jbnm-kiosk/publish.key");
    CHECK_THROWS_WITH(load_config(config_file(R"({"publish_key": 1})")), Contains("publish_key"));
}
