// Staff bring a content folder on a stick (what a workbook becomes once the builder reads
// content.xlsx): the kiosk offers it, asks for the PIN, builds it in a child process, shows what
// changes, previews it under a banner, and installs it only when staff accept.
#define CATCH_CONFIG_MAIN
#include <SQLiteCpp/SQLiteCpp.h>
#include <stb_image.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>

#include "kiosk/pack/content_source.h"
#include "kiosk/pack/workbook_writer.h"
#include "kiosk/staff/staff_pin.h"
#include "tests/gui_support/kiosk_driver.h"

namespace fs = std::filesystem;
using kiosk::testing::KioskDriver;
using nlohmann::json;

namespace {

const std::string kPin = "246813";

std::string read_text(const fs::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void replace_once(const fs::path& file, const std::string& from, const std::string& to) {
    std::string text = read_text(file);
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    std::ofstream(file, std::ios::trunc) << text;
}

std::string label_of(const json& s, const std::string& id) {
    const auto t = KioskDriver::find_target(s, id);
    return t ? std::string((*t)["label"]) : std::string();
}

bool has(const json& s, const std::string& id) {
    return KioskDriver::find_target(s, id).has_value();
}

// A kiosk laid out as the service runs it: the built-in pack built from the repository's content
// (version 1), an empty data dir, a mount root, the staff PIN.
struct Hall {
    fs::path root, data, media, builtin;
    explicit Hall(bool workbook_import = true) {
        std::string tmpl = (fs::temp_directory_path() / "workbook-e2e-XXXXXX").string();
        REQUIRE(mkdtemp(tmpl.data()) != nullptr);
        root = tmpl;
        data = root / "data";
        media = root / "media";
        builtin = root / "builtin.db";
        fs::create_directories(data);
        fs::create_directories(media);
        fs::create_directories(root / "keys");
        REQUIRE(std::system((std::string(KIOSK_PACK_TOOL) + " build " + KIOSK_CONTENT_DIR + " -o " +
                             builtin.string() + " --version 1 >/dev/null")
                                .c_str()) == 0);
        kiosk::staff::set_pin_file((root / "staff-pin").string(), kPin);
        std::ofstream(root / "config.json") << json{
            {"data_dir", data.string()},
            {"keys_dir", (root / "keys").string()},
            {"mount_roots", {media.string()}},
            {"builtin_pack", builtin.string()},
            {"staff_pin_file", (root / "staff-pin").string()},
            {"workbook_import", workbook_import}}.dump();
    }
    ~Hall() { fs::remove_all(root); }
    std::vector<std::string> args(const std::string& window) const {
        return {"--config", (root / "config.json").string(), "--window", window};
    }
    // A stick with kiosk/content/ (the repository's content, changed by `edit`), made aside and
    // then "mounted" by renaming it into the mount root.
    fs::path plug(const std::string& name, const std::function<void(const fs::path&)>& edit = {}) {
        const fs::path building = root / (name + ".building");
        fs::create_directories(building / "kiosk");
        fs::copy(KIOSK_CONTENT_DIR, building / "kiosk" / "content", fs::copy_options::recursive);
        if (edit) edit(building / "kiosk" / "content");
        fs::rename(building, media / name);
        return media / name;
    }
    // A stick with kiosk/content.xlsx and kiosk/images/, as the kiosk's export writes them, from
    // the repository's content changed by `edit`; or with `bytes` saved as content.xlsx.
    fs::path plug_workbook(const std::string& name,
                           const std::function<void(kiosk::pack::PackContent&)>& edit,
                           const std::string& bytes = {}) {
        const fs::path building = root / (name + ".building");
        fs::create_directories(building / "kiosk");
        if (bytes.empty()) {
            kiosk::pack::Diagnostics diag;
            auto content = kiosk::pack::load_content_dir(KIOSK_CONTENT_DIR, diag);
            REQUIRE(content);
            if (edit) edit(*content);
            kiosk::pack::write_workbook(*content, (building / "kiosk").string());
        } else {
            std::ofstream(building / "kiosk" / "content.xlsx", std::ios::binary) << bytes;
        }
        fs::rename(building, media / name);
        return media / name;
    }
    void pull(const std::string& name) { fs::rename(media / name, root / (name + ".away")); }
    std::string log() const { return read_text(data / "logs" / "kiosk.log"); }
};

// Tsinghua gets a new Chinese name: one changed member.
void rename_tsinghua(const fs::path& content) {
    replace_once(content / "members.csv", ",清华大学,Tsinghua University,",
                 ",清华大学（北京）,Tsinghua University,");
}

// A screenshot; an empty screen (a few colours at most) fails: after a content swap the
// kiosk once drew nothing at all.
std::string shot(KioskDriver& k, const std::string& name) {
    fs::create_directories(KIOSK_SHOTS_DIR);
    const std::string path = (fs::path(KIOSK_SHOTS_DIR) / (name + ".png")).string();
    k.shot(path);
    int w = 0, h = 0, n = 0;
    unsigned char* px = stbi_load(path.c_str(), &w, &h, &n, 3);
    REQUIRE(px != nullptr);
    std::set<int> colours;  // sampled on a grid
    for (int y = 0; y < h; y += 20)
        for (int x = 0; x < w; x += 20) {
            const unsigned char* p = px + (static_cast<size_t>(y) * w + x) * 3;
            colours.insert(p[0] << 16 | p[1] << 8 | p[2]);
        }
    stbi_image_free(px);
    INFO(path);
    CHECK(colours.size() > 20);
    return path;
}

// Types the staff PIN on the keypad `opener` (the offer's "import.pin", the banner's
// "preview.accept") opens.
void enter_pin(KioskDriver& k, const std::string& opener = "import.pin") {
    k.tap_target(opener);
    REQUIRE(k.wait_for_state([](const json& s) { return s["screen"] == "staff_pin"; })["screen"] ==
            "staff_pin");
    for (char c : kPin) k.tap_target(std::string("staff.pin.") + c);
    k.tap_target("staff.pin.ok");
}

json wait_for(KioskDriver& k, const std::string& id, int tries = 120) {
    json s = k.wait_for_state([&](const json& st) { return has(st, id); }, tries, 500);
    INFO("waiting for " << id << " in " << s.dump().substr(0, 3000));
    REQUIRE(has(s, id));
    return s;
}

// The summary of a good build, then the preview: the banner is up and the candidate is shown.
void build_and_preview(KioskDriver& k, const Hall& h, const std::string& shots) {
    json s = wait_for(k, "import.pin");
    CHECK(label_of(s, "import.title").find("Content workbook found") != std::string::npos);
    if (!shots.empty()) shot(k, shots + "-1-offer");
    enter_pin(k);
    s = wait_for(k, "workbook.preview");
    CHECK(s["screen"] == "staff_workbook");
    CHECK(label_of(s, "workbook.line.0") ==
          "成员 21 → 21：新增 0，删除 0，修改 1 / members 21 → 21: 0 added, 0 removed, 1 changed");
    CHECK(label_of(s, "workbook.detail").find("version 1") != std::string::npos);
    if (!shots.empty()) shot(k, shots + "-2-summary");
    k.tap_target("workbook.preview");
    s = wait_for(k, "preview.banner");
    CHECK(s["pack"] == (h.data / "workbook-candidate.db").string());
    // Visitors' screens under the banner, with the new content.
    if (s["screen"] == "attract")
        k.tap(540, 700);
    else if (s["screen"] != "home")
        k.tap_target("nav.home");
    s = k.wait_for_state([](const json& st) { return st["screen"] == "home"; });
    k.tap_target("home.members");
    s = k.wait_for_state([](const json& st) {
        return label_of(st, "member.tsinghua").find("清华大学（北京）") != std::string::npos;
    });
    CHECK(label_of(s, "member.tsinghua").find("清华大学（北京）") != std::string::npos);
    CHECK(has(s, "preview.banner"));
    if (!shots.empty()) shot(k, shots + "-3-preview");
}

}  // namespace

TEST_CASE("a workbook is offered, previewed and accepted with the staff PIN", "[workbook][gui]") {
    Hall h;
    KioskDriver k(h.args("1920x1080"));
    CHECK(k.state()["pack"] == h.builtin.string());

    // Without the PIN nothing happens: the card is tapped away, nothing is built.
    h.plug("A", rename_tsinghua);
    wait_for(k, "import.pin");
    k.tap_target("import.close");
    json s = k.settled_state();
    CHECK_FALSE(has(s, "import.pin"));
    CHECK_FALSE(fs::exists(h.data / "workbook-source"));
    CHECK_FALSE(fs::exists(h.media / "A" / "kiosk" / "import-report.txt"));
    h.pull("A");

    h.plug("B", rename_tsinghua);
    build_and_preview(k, h, "landscape");
    // Visitors see the banner too: their Accept meets the keypad, and a guess installs nothing.
    k.tap_target("preview.accept");
    REQUIRE(k.wait_for_state([](const json& st) {
        return st["screen"] == "staff_pin";
    })["screen"] == "staff_pin");
    for (char c : std::string("111111")) k.tap_target(std::string("staff.pin.") + c);
    k.tap_target("staff.pin.ok");
    k.tap_target("staff.pin.cancel");
    s = k.settled_state();
    CHECK(has(s, "preview.banner"));  // still the preview, nothing installed
    CHECK(s["pack"] == (h.data / "workbook-candidate.db").string());
    CHECK_FALSE(fs::exists(h.data / "current.db"));
    enter_pin(k, "preview.accept");
    s = k.wait_for_state([](const json& st) {
        return label_of(st, "import.title").find("Accepted") != std::string::npos;
    });
    CHECK(label_of(s, "import.title").find("Accepted and installed") != std::string::npos);
    k.settled_state();
    shot(k, "landscape-4-accepted");
    CHECK_FALSE(has(s, "preview.banner"));
    CHECK(s["pack"] == (h.data / "current.db").string());
    {
        SQLite::Database db((h.data / "current.db").string(), SQLite::OPEN_READONLY);
        CHECK(db.execAndGet("SELECT name_zh FROM member WHERE id = 'tsinghua'").getString() ==
              "清华大学（北京）");
        CHECK(db.execAndGet("SELECT value FROM meta WHERE key = 'pack_version'").getString() ==
              "1");
    }
    CHECK(read_text(h.data / "version-high-water").find('1') != std::string::npos);
    const std::string report = read_text(h.media / "B" / "kiosk" / "import-report.txt");
    CHECK(report.find("Accepted by staff (with the staff PIN)") != std::string::npos);
    CHECK(report.find("members 21 → 21: 0 added, 0 removed, 1 changed") != std::string::npos);
    CHECK(report.find("已由员工") != std::string::npos);
    CHECK(h.log().find("version 1 accepted by staff PIN") != std::string::npos);
    CHECK_FALSE(fs::exists(h.data / "workbook-source"));
    k.quit();
}

TEST_CASE("a discarded or idle preview leaves the content as it was", "[workbook][gui]") {
    Hall h;
    KioskDriver k(h.args("1080x1920"));
    h.plug("B", rename_tsinghua);
    build_and_preview(k, h, "portrait");
    k.tap_target("preview.discard");
    json s = k.wait_for_state([](const json& st) { return !has(st, "preview.banner"); });
    CHECK_FALSE(has(s, "preview.banner"));
    s = k.wait_for_state([&](const json& st) { return st["pack"] == h.builtin.string(); });
    CHECK(s["pack"] == h.builtin.string());
    k.settled_state();
    shot(k, "portrait-4-discarded");
    CHECK_FALSE(fs::exists(h.data / "current.db"));
    CHECK(read_text(h.media / "B" / "kiosk" / "import-report.txt").find("Discarded by staff") !=
          std::string::npos);
    k.wait_for_state([&](const json&) { return !fs::exists(h.data / "workbook-candidate.db"); });
    CHECK_FALSE(fs::exists(h.data / "workbook-candidate.db"));
    // The card counts down and closes by itself: ask now, not with the state read before the
    // waits above (on a busy machine it had closed meanwhile and the tap found nothing).
    if (has(k.state(), "import.close")) k.tap_target("import.close");
    h.pull("B");

    // Left idle during the preview: discarded as the attract screen comes back.
    h.plug("C", rename_tsinghua);
    build_and_preview(k, h, "portrait-again");
    k.send("idle 600");
    s = k.wait_for_state([&](const json& st) {
        return st["pack"] == h.builtin.string() && !has(st, "preview.banner");
    });
    CHECK(s["pack"] == h.builtin.string());
    CHECK(s["screen"] == "attract");
    CHECK_FALSE(has(s, "preview.banner"));
    CHECK_FALSE(fs::exists(h.data / "current.db"));
    CHECK(read_text(h.media / "C" / "kiosk" / "import-report.txt").find("left idle") !=
          std::string::npos);
    k.quit();
}

TEST_CASE("a workbook with errors lists them and installs nothing", "[workbook][gui]") {
    Hall h;
    KioskDriver k(h.args("1080x1920"));
    h.plug("B", [](const fs::path& content) {
        replace_once(content / "members.csv", "tsinghua,university,", "tsinghua,大学,");
    });
    wait_for(k, "import.pin");
    enter_pin(k);
    json s = wait_for(k, "workbook.close");
    CHECK_FALSE(has(s, "workbook.preview"));
    CHECK(label_of(s, "workbook.title").find("The content has problems") != std::string::npos);
    const std::string first = label_of(s, "workbook.line.0");
    CHECK(first.find("members.csv:2") != std::string::npos);
    CHECK(first.find("大学") != std::string::npos);
    shot(k, "portrait-errors");
    k.tap_target("workbook.close");
    s = k.wait_for_state([](const json& st) { return st["screen"] != "staff_workbook"; });
    CHECK(s["pack"] == h.builtin.string());
    CHECK_FALSE(fs::exists(h.data / "current.db"));
    const std::string report = read_text(h.media / "B" / "kiosk" / "import-report.txt");
    CHECK(report.find("Not imported") != std::string::npos);
    CHECK(report.find("members.csv:2") != std::string::npos);
    k.quit();
}

TEST_CASE("a real content.xlsx is accepted, and an .xls saved under its name is refused",
          "[workbook][gui]") {
    Hall h;
    KioskDriver k(h.args("1920x1080"));
    h.plug_workbook("X", [](kiosk::pack::PackContent& c) {
        const auto cols = kiosk::content::columns(*kiosk::content::find_table("member"));
        size_t name = 0;
        while (cols[name].name != "name_zh") ++name;
        for (auto& row : c.rows["member"])
            if (kiosk::pack::value_text(row.values[0]) == "tsinghua")
                row.values[name] = std::string("清华大学（北京）");
    });
    CHECK(label_of(wait_for(k, "import.pin"), "import.detail").find("kiosk/content.xlsx") !=
          std::string::npos);
    build_and_preview(k, h, "");     // the same summary and preview as from a folder
    enter_pin(k, "preview.accept");  // visitors see the banner: installing takes the PIN
    json s = k.wait_for_state(
        [&](const json& st) { return st["pack"] == (h.data / "current.db").string(); });
    CHECK(s["pack"] == (h.data / "current.db").string());
    {
        SQLite::Database db((h.data / "current.db").string(), SQLite::OPEN_READONLY);
        CHECK(db.execAndGet("SELECT name_zh FROM member WHERE id = 'tsinghua'").getString() ==
              "清华大学（北京）");
    }
    if (has(k.state(), "import.close")) k.tap_target("import.close");
    h.pull("X");

    // An old-format .xls (OLE2) saved under the workbook's name: refused, saying what to do.
    h.plug_workbook("Y", {},
                    std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0'));
    wait_for(k, "import.pin");
    enter_pin(k);
    s = wait_for(k, "workbook.close");
    CHECK_FALSE(has(s, "workbook.preview"));
    CHECK(label_of(s, "workbook.line.0").find("另存为") != std::string::npos);
    CHECK(label_of(s, "workbook.line.0").find(".xlsx") != std::string::npos);
    shot(k, "landscape-xls-refused");
    k.tap_target("workbook.close");
    k.settled_state();
    {
        SQLite::Database db((h.data / "current.db").string(), SQLite::OPEN_READONLY);
        CHECK(db.execAndGet("SELECT name_zh FROM member WHERE id = 'tsinghua'").getString() ==
              "清华大学（北京）");  // the accepted content stays
    }
    k.quit();
}

TEST_CASE("with workbook_import false a workbook on a stick is ignored", "[workbook][gui]") {
    Hall h(false);
    KioskDriver k(h.args("1920x1080"));
    h.plug("B", rename_tsinghua);
    // The watcher looks once a second; an absence can only be waited for.
    k.wait(3500);
    const json s = k.state();
    CHECK_FALSE(has(s, "import.pin"));
    CHECK_FALSE(has(s, "import.title"));
    CHECK(h.log().find("USB stick found at " + (h.media / "B").string()) != std::string::npos);
    CHECK(h.log().find("workbook found") == std::string::npos);
    k.quit();
}
