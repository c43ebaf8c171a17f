// Staff at a running kiosk: gesture + PIN, export logs to a stick, roll back the content.
#define CATCH_CONFIG_MAIN
#include <SQLiteCpp/SQLiteCpp.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>

#include "kiosk/staff/staff_pin.h"
#include "kiosk/stats/stats_store.h"
#include "tests/gui_support/kiosk_driver.h"
#include "tests/support/sample_content_db.h"
#include "tests/support/temp_dir.h"

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

// The staff PIN 246813, the sample built-in pack and ROOT/config.json pointing at them (and any
// `more` settings).
void write_kiosk_config(const fs::path& root, const fs::path& data, const fs::path& keys,
                        const fs::path& media, const json& more = json::object()) {
    kiosk::staff::set_pin_file((root / "staff-pin").string(), "246813");
    kiosk::make_sample_content_db((root / "builtin.db").string());
    json config{{"data_dir", data.string()},
                {"keys_dir", keys.string()},
                {"mount_roots", {media.string()}},
                {"builtin_pack", (root / "builtin.db").string()},
                {"staff_pin_file", (root / "staff-pin").string()}};
    config.update(more);
    std::ofstream(root / "config.json") << config.dump();
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

std::string label_of(const json& s, const std::string& id) {
    const auto t = KioskDriver::find_target(s, id);
    return t ? std::string((*t)["label"]) : std::string();
}

// The pack version in the panel's facts ("8 / 8").
std::string shown_pack_version(const json& s) {
    const std::string label = label_of(s, "staff.fact.pack_version");
    return label.substr(0, label.find(" / "));
}

// Taps Export and waits for its outcome (it runs on a worker); returns the message (zh / en).
std::string export_message(KioskDriver& k) {
    k.tap_target("staff.export");
    return label_of(k.wait_for_state(
                        [](const json& st) {
                            const std::string m = label_of(st, "staff.message");
                            return !m.empty() && m.find("Exporting") == std::string::npos;
                        },
                        40, 250),
                    "staff.message");
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// The gesture, the staff PIN 246813, and the panel up.
void open_panel(KioskDriver& k) {
    REQUIRE(open_keypad(k)["screen"] == "staff_pin");
    for (char c : std::string("246813")) k.tap_target(std::string("staff.pin.") + c);
    k.tap_target("staff.pin.ok");
    REQUIRE(k.wait_for_state([](const json& st) { return st["screen"] == "staff"; })["screen"] ==
            "staff");
}

// A kiosk laid out as the service runs it (write_kiosk_config) in a temp folder of its own.
struct World {
    kiosk::testing::TempDir root{"staff-e2e"};
    fs::path data = root.path / "data", keys = root.path / "keys", media = root.path / "media";
    World() {
        for (const fs::path& d : {data, keys, media}) fs::create_directories(d);
        write_kiosk_config(root.path, data, keys, media);
    }
    std::vector<std::string> args(const std::string& window) const {
        return {"--config", (root.path / "config.json").string(), "--window", window};
    }
};

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
    write_kiosk_config(root, data, keys, media);

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

    open_panel(k);
    // Not a publisher (no publish_key): nothing offers to publish.
    CHECK_FALSE(KioskDriver::find_target(k.state(), "staff.publish"));

    CHECK(export_message(k).find("kiosk folder of the stick") != std::string::npos);
    CHECK(fs::exists(media / "stick" / "kiosk" / "health-report.txt"));
    bool log_exported = false;
    for (const auto& e : fs::directory_iterator(media / "stick" / "kiosk"))
        log_exported |= e.path().filename().string().rfind("jbnm-kiosk-log-", 0) == 0;
    CHECK(log_exported);
    // The installed content, as the workbook staff edit, with its pictures beside it.
    CHECK(fs::file_size(media / "stick" / "kiosk" / "content.xlsx") > 10000);
    CHECK(fs::exists(media / "stick" / "kiosk" / "images"));
    CHECK(std::distance(fs::directory_iterator(media / "stick" / "kiosk" / "images"),
                        fs::directory_iterator{}) > 5);
    CHECK_FALSE(fs::exists(data / "content-export"));  // the staging folder is cleaned up

    CHECK(shown_pack_version(k.state()) == "8");
    k.tap_target("staff.rollback");
    settle(k);
    k.tap_target("staff.rollback.confirm");
    settle(k);
    CHECK(installed_version(data) == "7");
    // What staff see changes with it (the facts refresh about once a second).
    CHECK(shown_pack_version(k.wait_for_state(
              [](const json& st) { return shown_pack_version(st) == "7"; })) == "7");

    std::ifstream log(data / "logs" / "kiosk.log");
    const std::string text((std::istreambuf_iterator<char>(log)), {});
    CHECK(text.find("staff: content rolled back") != std::string::npos);
    CHECK(text.find("logs and content exported") != std::string::npos);
    k.quit();
    fs::remove_all(root);
}

TEST_CASE("staff export goes to the stick plugged in now and follows no link on it",
          "[staff][gui]") {
    std::string tmpl = (fs::temp_directory_path() / "staff-e2e-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    const fs::path root = tmpl, data = root / "data", keys = root / "keys", media = root / "media";
    const fs::path outside = root / "outside", away = root / "away";
    for (const fs::path& d : {data, keys, media, outside, away}) fs::create_directories(d);
    std::ofstream(outside / "victim.txt") << "victim";
    write_kiosk_config(root, data, keys, media);
    // A stick appears in the mount root complete (made aside, then renamed in).
    const auto plug = [&](const std::string& name,
                          const std::function<void(const fs::path&)>& make) {
        const fs::path building = root / (name + ".building");
        fs::create_directories(building / "kiosk");
        if (make) make(building / "kiosk");
        fs::rename(building, media / name);
    };
    const auto pull = [&](const std::string& name) { fs::rename(media / name, away / name); };

    KioskDriver k({"--config", (root / "config.json").string(), "--window", "1920x1080"});
    const auto with_pack = [](const fs::path& kiosk) {
        kiosk::make_sample_content_db((kiosk / "content.pack").string());  // unsigned: refused
    };
    const auto close_import_card = [&] {
        const json st = k.wait_for_state(
            [](const json& x) { return KioskDriver::find_target(x, "import.close").has_value(); });
        REQUIRE(KioskDriver::find_target(st, "import.close"));
        k.tap_target("import.close");
        settle(k);
    };
    // Stick A carries a pack, so the kiosk surely knew it.
    plug("A", with_pack);
    close_import_card();
    // A is pulled out, B (a kiosk folder, no pack) plugged in: exports go to B.
    pull("A");
    plug("B", {});
    k.wait(2500);  // the watcher looks once a second
    REQUIRE(open_keypad(k)["screen"] == "staff_pin");
    for (char c : std::string("246813")) k.tap_target(std::string("staff.pin.") + c);
    k.tap_target("staff.pin.ok");
    REQUIRE(k.wait_for_state([](const json& st) { return st["screen"] == "staff"; })["screen"] ==
            "staff");
    CHECK(export_message(k).find("kiosk folder of the stick") != std::string::npos);
    CHECK(fs::exists(media / "B" / "kiosk" / "health-report.txt"));
    CHECK_FALSE(fs::exists(away / "A" / "kiosk" / "health-report.txt"));

    // Nothing plugged in: nothing written anywhere, and staff are told to plug a stick in.
    pull("B");
    k.wait(2500);
    CHECK(export_message(k).find("Plug in a USB stick first") != std::string::npos);

    // C carries a link named health-report.txt to a file elsewhere: not written through. (C and
    // D carry a pack too, refused, so that any build of the kiosk surely knows them.)
    plug("C", [&](const fs::path& kiosk) {
        with_pack(kiosk);
        fs::create_symlink(outside / "victim.txt", kiosk / "health-report.txt");
    });
    close_import_card();
    CHECK(export_message(k).find("Export failed") != std::string::npos);
    CHECK(read_file(outside / "victim.txt") == "victim");
    CHECK(fs::is_symlink(media / "C" / "kiosk" / "health-report.txt"));
    pull("C");

    // E's kiosk/images is a link to elsewhere: the pictures are not written through it.
    plug("E", [&](const fs::path& kiosk) {
        with_pack(kiosk);
        fs::create_directory_symlink(outside, kiosk / "images");
    });
    close_import_card();
    CHECK(export_message(k).find("the content workbook was not") != std::string::npos);
    CHECK(std::distance(fs::directory_iterator(outside), fs::directory_iterator{}) == 1);
    CHECK_FALSE(fs::exists(media / "E" / "kiosk" / "content.xlsx"));
    CHECK_FALSE(fs::exists(data / "content-export"));  // a failed export leaves nothing behind
    pull("E");

    // D's kiosk folder turns into a link to elsewhere after the kiosk saw it: nothing is written
    // there (the export fails, or finds no stick once the watcher noticed).
    plug("D", with_pack);
    close_import_card();
    fs::remove_all(media / "D" / "kiosk");
    fs::create_directory_symlink(outside, media / "D" / "kiosk");
    const std::string message = export_message(k);
    CHECK(message.find("are in the kiosk folder") == std::string::npos);
    CHECK(std::distance(fs::directory_iterator(outside), fs::directory_iterator{}) == 1);
    k.quit();
    fs::remove_all(root);
}

// --- visitor statistics (issue 16) ---

TEST_CASE("a visit is counted, staff see it on the panel and export it to a stick",
          "[staff][gui][stats]") {
    const World w;
    const fs::path &root = w.root.path, &data = w.data, &media = w.media;
    KioskDriver k(w.args("1920x1080"));
    REQUIRE(settle(k)["screen"] == "attract");
    // One visitor: wakes the kiosk, opens the members, one member, goes back, walks away.
    k.tap(960, 540);
    settle(k);
    k.tap_target("home.members");
    settle(k);
    k.tap_target("member.nju");
    REQUIRE(settle(k)["screen"] == "member");
    k.wait(1500);
    k.tap_target("nav.back");
    settle(k);
    k.send("idle 600");
    REQUIRE(settle(k)["screen"] == "attract");

    // A stick (with an unsigned pack: refused, so the kiosk surely saw the stick).
    fs::create_directories(root / "stick.building" / "kiosk");
    kiosk::make_sample_content_db((root / "stick.building" / "kiosk" / "content.pack").string());
    fs::rename(root / "stick.building", media / "stick");
    json s = k.wait_for_state(
        [](const json& st) { return KioskDriver::find_target(st, "import.close").has_value(); });
    k.tap_target("import.close");
    settle(k);

    open_panel(k);
    k.tap_target("staff.statistics");
    s = k.wait_for_state(
        [](const json& st) { return !label_of(st, "staff.statistics.visits").empty(); });
    CHECK(s["screen"] == "staff_statistics");
    CHECK(label_of(s, "staff.statistics.visits") == "1 / 1");
    k.shot((root / "statistics.png").string());

    const auto export_stats = [&k] {
        k.tap_target("staff.statistics.export");
        return label_of(k.wait_for_state(
                            [](const json& st) {
                                const std::string m = label_of(st, "staff.message");
                                return !m.empty() && m.find("Exporting") == std::string::npos;
                            },
                            60, 250),
                        "staff.message");
    };
    const fs::path out = media / "stick" / "kiosk" / "stats";
    // A stick whose kiosk/stats is a link to elsewhere: refused, nothing written there.
    const fs::path elsewhere = root / "elsewhere";
    fs::create_directories(elsewhere);
    fs::create_directory_symlink(elsewhere, out);
    CHECK(export_stats().find("failed") != std::string::npos);
    CHECK(fs::is_empty(elsewhere));
    fs::remove(out);
    CHECK(export_stats().find("kiosk/stats") != std::string::npos);
    CHECK(read_file(out / "report.html").find("<svg") != std::string::npos);
    CHECK(read_file(out / "daily.csv").rfind("\xEF\xBB\xBF", 0) == 0);  // Excel reads UTF-8
    CHECK_FALSE(fs::exists(data / "stats-export"));
    k.quit();

    // What the database holds: exactly that visit, and the kiosk's own day beside it.
    const std::string today = kiosk::stats::local_day(std::time(nullptr));
    const kiosk::stats::StatsSummary sum =
        kiosk::stats::read_summary((data / "stats.db").string(), today, 1);
    CHECK(sum.sessions == 1);
    CHECK(sum.session_screens[2] == 1);  // home, members, member, members: 4 screens (4–6)
    REQUIRE(sum.items.size() == 1);
    CHECK(sum.items[0].id == "nju");
    CHECK(sum.items[0].views == 1);
    CHECK(sum.items[0].seconds >= 1);
    CHECK(sum.items[0].name.zh == "南京大学");
    CHECK(sum.days[0].starts == 1);
    CHECK(sum.days[0].crashes == 0);
    CHECK(sum.days[0].imports_refused == 1);
    CHECK_FALSE(fs::exists(data / "kiosk-running"));  // a clean end
}

TEST_CASE("a damaged statistics file is set aside and the kiosk starts and records afresh",
          "[staff][gui][stats]") {
    const World w;
    const fs::path& data = w.data;
    std::ofstream(data / "stats.db") << std::string(10000, '\x13');
    std::ofstream(data / "kiosk-running") << "left by a run that crashed\n";

    KioskDriver k(w.args("1280x800"));
    REQUIRE(settle(k)["screen"] == "attract");
    k.tap(640, 400);
    CHECK(settle(k)["screen"] == "home");
    k.quit();

    bool set_aside = false;
    for (const auto& e : fs::directory_iterator(data))
        set_aside |= e.path().filename().string().rfind("stats.db.broken-", 0) == 0 &&
                     fs::file_size(e.path()) == 10000;
    CHECK(set_aside);
    const std::string log = read_file(data / "logs" / "kiosk.log");
    CHECK(log.find("visitor statistics: statistics set aside") != std::string::npos);
    const kiosk::stats::StatsSummary sum = kiosk::stats::read_summary(
        (data / "stats.db").string(), kiosk::stats::local_day(std::time(nullptr)), 1);
    CHECK(sum.days[0].starts == 1);
    CHECK(sum.days[0].crashes == 1);  // the marker of the run before
}

// Taps Publish, confirms, and waits for the outcome (it runs on a worker); returns the message.
std::string publish_message(KioskDriver& k, const char* shots, const std::string& name) {
    k.tap_target("staff.publish");
    settle(k);
    if (shots) k.shot(std::string(shots) + "-confirm.png");
    k.tap_target("staff.publish.confirm");
    const json s = k.wait_for_state([](const json& st) {
        const std::string m = label_of(st, "staff.message");
        return !m.empty() && m.find("Publishing") == std::string::npos;
    });
    if (shots) k.shot(std::string(shots) + "-" + name + ".png");
    return label_of(s, "staff.message");
}

TEST_CASE(
    "the publisher kiosk's staff publish its content, signed with its own key, into the inbox",
    "[staff][gui][publish]") {
    const World w;
    const fs::path inbox = w.root.path / "inbox", office_key = w.root.path / "office.key";
    const fs::path publish_key = w.root.path / "publish.key", good_key = w.root.path / "good.key";
    fs::create_directories(inbox);
    run(std::string(KIOSK_PACK_TOOL) + " keygen -p " + (w.keys / "office.pub").string() + " -s " +
        office_key.string());
    run(std::string(KIOSK_PACK_TOOL) + " keygen -p " + (w.root.path / "publish.pub").string() +
        " -s " + good_key.string());
    // At first the publishing key is one a person made with minisign: it has a password.
    run("printf 'horse battery\\nhorse battery\\n' | minisign -G -p " +
        (w.root.path / "locked.pub").string() + " -s " + publish_key.string());
    run(std::string(KIOSK_PACK_TOOL) + " import " +
        signed_pack(w.root.path / "v8.pack", 8, office_key).string() + " --data-dir " +
        w.data.string() + " --keys " + w.keys.string());
    write_kiosk_config(w.root.path, w.data, w.keys, w.media,
                       {{"publish_key", publish_key.string()}, {"sync_inbox", inbox.string()}});
    // KIOSK_PUBLISH_SHOTS=PREFIX and KIOSK_PUBLISH_WINDOW=WxH: screenshots to look at.
    const char* shots = std::getenv("KIOSK_PUBLISH_SHOTS");
    const char* window = std::getenv("KIOSK_PUBLISH_WINDOW");
    KioskDriver k(w.args(window ? window : "1920x1080"));
    open_panel(k);

    json s = k.wait_for_state([](const json& st) {
        return label_of(st, "staff.publish.version").find("version 8") != std::string::npos;
    });
    CHECK(label_of(s, "staff.publish.version").find("第 8 版") != std::string::npos);
    REQUIRE(KioskDriver::find_target(s, "staff.publish"));
    if (shots) k.shot(std::string(shots) + "-panel.png");

    // The locked key is refused with what to do; nothing reaches the inbox.
    const std::string refused = publish_message(k, shots, "refused");
    CHECK(refused.find("设有密码") != std::string::npos);
    CHECK(refused.find("password-protected") != std::string::npos);
    CHECK(refused.find("kiosk-sync-setup --publisher") != std::string::npos);
    CHECK(fs::is_empty(inbox));

    // The admin puts a key the kiosk made in its place: the next tap publishes.
    fs::copy_file(good_key, publish_key, fs::copy_options::overwrite_existing);
    const std::string published = publish_message(k, shots, "done");
    CHECK(published.find("已发布第 8 版") != std::string::npos);
    CHECK(published.find("Published version 8") != std::string::npos);

    // <host>.pack and its signature, which verifies with the publisher's public key.
    char host[256] = {};
    REQUIRE(::gethostname(host, sizeof host - 1) == 0);
    const fs::path pack = inbox / (std::string(host) + ".pack");
    REQUIRE(fs::exists(pack));
    REQUIRE(fs::exists(pack.string() + ".minisig"));
    run(std::string(KIOSK_PACK_TOOL) + " verify " + pack.string() + " -p " +
        (w.root.path / "publish.pub").string());
    k.quit();
    const std::string log = read_file(w.data / "logs" / "kiosk.log");
    CHECK(log.find("staff: publish the installed content to the other kiosks") !=
          std::string::npos);
    CHECK(log.find("staff: publishing refused: publishing key") != std::string::npos);
    CHECK(log.find("staff: published version 8") != std::string::npos);
}
