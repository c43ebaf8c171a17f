// Several kiosks: the sync inbox takes a pack only when it is whole and settled, once per form;
// status files from other kiosks are parsed as hostile; the fleet table marks who lags behind.
// Sections: helpers · inbox · status files · fleet table · starts
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "kiosk/update/fleet_status.h"
#include "kiosk/update/inbox.h"
#include "tests/support/temp_dir.h"

namespace fs = std::filesystem;
using kiosk::testing::TempDir;
using namespace kiosk::update;

// --- helpers ---
namespace {

void put(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
}

KioskStatus status(const std::string& host, long long version, long long written_at) {
    KioskStatus s;
    s.host = host;
    s.app_version = "1.0.0";
    s.pack_version = version;
    s.pack_sha256 = std::string(64, 'a');
    s.last_import = "2026-12-03 10:00:00 sync content.pack: installed version 7";
    s.uptime_s = 7200;
    s.starts_24h = 2;
    s.crashes_24h = 1;
    s.free_disk_bytes = 12'000'000'000;
    s.written_at = written_at;
    return s;
}

}  // namespace

// --- inbox ---
TEST_CASE("the inbox offers a pack only with its signature and no transfer under way") {
    TempDir d;
    put(d.path / "content.pack", "pack");
    CHECK(list_inbox(d.path.string()).empty());  // no signature yet
    put(d.path / ".syncthing.content.pack.minisig.tmp", "half a signature");
    CHECK(list_inbox(d.path.string()).empty());
    put(d.path / "content.pack.minisig", "sig");
    CHECK(list_inbox(d.path.string()).empty());  // the signature's temporary is still there
    fs::remove(d.path / ".syncthing.content.pack.minisig.tmp");
    put(d.path / "~syncthing~content.pack.tmp", "a newer pack arriving from Windows");
    CHECK(list_inbox(d.path.string()).empty());
    fs::remove(d.path / "~syncthing~content.pack.tmp");
    const auto packs = list_inbox(d.path.string());
    REQUIRE(packs.size() == 1);
    CHECK(packs[0].path == (d.path / "content.pack").string());
    CHECK(packs[0].size == 4);
    CHECK(is_sync_temporary(".syncthing.x.pack.tmp"));
    CHECK_FALSE(is_sync_temporary("syncthing.pack"));
}

TEST_CASE("the inbox refuses links, folders and FIFOs named like packs") {
    TempDir d;
    TempDir outside;
    put(outside.path / "elsewhere.pack", "pack");
    put(outside.path / "elsewhere.pack.minisig", "sig");
    fs::create_symlink(outside.path / "elsewhere.pack", d.path / "linked.pack");
    put(d.path / "linked.pack.minisig", "sig");
    fs::create_directory(d.path / "folder.pack");
    put(d.path / "folder.pack.minisig", "sig");
    REQUIRE(mkfifo((d.path / "fifo.pack").c_str(), 0600) == 0);
    put(d.path / "fifo.pack.minisig", "sig");
    put(d.path / "real.pack", "pack");
    fs::create_symlink(outside.path / "elsewhere.pack.minisig", d.path / "real.pack.minisig");
    CHECK(list_inbox(d.path.string()).empty());
    CHECK(list_inbox((d.path / "missing").string()).empty());
}

TEST_CASE("a pack is ready once it stopped changing, and is tried once per form") {
    TempDir d;
    put(d.path / "content.pack", "pack v1");
    put(d.path / "content.pack.minisig", "sig v1");
    InboxSettle settle(10);
    const std::string dir = d.path.string();
    CHECK(settle.ready(list_inbox(dir), 0).empty());
    CHECK(settle.ready(list_inbox(dir), 9.9).empty());
    put(d.path / "content.pack", "pack v1 growing");  // still arriving: the clock starts again
    CHECK(settle.ready(list_inbox(dir), 12).empty());
    CHECK(settle.ready(list_inbox(dir), 21).empty());
    const auto ready = settle.ready(list_inbox(dir), 22.1);
    REQUIRE(ready.size() == 1);
    CHECK(ready[0].settled);
    settle.tried({ready[0].path});
    CHECK(settle.ready(list_inbox(dir), 100).empty());  // refused once: not every 2 s
    put(d.path / "content.pack.minisig", "sig v2, a new signature");
    CHECK(settle.ready(list_inbox(dir), 101).empty());
    CHECK(settle.ready(list_inbox(dir), 111.5).size() == 1);  // a new form is tried again
}

// --- status files ---
TEST_CASE("a kiosk's status survives the trip through its file") {
    const KioskStatus s = status("hall-1", 7, 1796000000);
    std::string why;
    const auto back = parse_status(status_json(s), &why);
    REQUIRE(back);
    CHECK(back->host == "hall-1");
    CHECK(back->pack_version == 7);
    CHECK(back->crashes_24h == 1);
    CHECK(back->free_disk_bytes == 12'000'000'000);
    CHECK(back->last_import == s.last_import);
    CHECK(back->written_at == 1796000000);
}

TEST_CASE("a status file from another machine is checked before it is shown") {
    std::string why;
    CHECK_FALSE(parse_status("not json", &why));
    CHECK(why == "not JSON");
    CHECK_FALSE(parse_status(R"({"format":"something else"})", &why));
    CHECK_FALSE(parse_status(std::string(kMaxStatusBytes + 1, ' '), &why));
    auto s = status("hall-1", 7, 1);
    std::string text = status_json(s);
    text.replace(text.find("\"pack_version\": 7"), 17, "\"pack_version\": \"7\"");
    CHECK_FALSE(parse_status(text, &why));
    CHECK(why.find("wrong type") != std::string::npos);
    s.pack_sha256 = "not a hash";
    CHECK_FALSE(parse_status(status_json(s), &why));
    s = status("hall-1", -3, 1);
    CHECK_FALSE(parse_status(status_json(s), &why));
    // Terminal escape sequences and bidi overrides in the texts are dropped, lengths bounded.
    s = status("evil\x1b[2J\xe2\x80\xaehost", 7, 1);
    s.last_import = std::string(1000, 'x') + "\x1b]0;pwned\x07";
    const auto cleaned = parse_status(status_json(s), &why);
    REQUIRE(cleaned);
    CHECK(cleaned->host == "evil[2Jhost");
    CHECK(cleaned->last_import.size() == 300);
    CHECK(cleaned->last_import.find('\x1b') == std::string::npos);
}

TEST_CASE("the status folder is read without following links and skips what is not a status") {
    TempDir d;
    TempDir outside;
    put(d.path / "hall-1.json", status_json(status("hall-1", 7, 1)));
    put(d.path / "lobby.json", "{broken");
    put(outside.path / "secret.json", status_json(status("secret", 9, 1)));
    fs::create_symlink(outside.path / "secret.json", d.path / "link.json");
    REQUIRE(mkfifo((d.path / "fifo.json").c_str(), 0600) == 0);  // would block a plain read
    put(d.path / "notes.txt", "ignored");
    std::vector<std::string> skipped;
    const auto kiosks = read_status_dir(d.path.string(), &skipped);
    REQUIRE(kiosks.size() == 1);
    CHECK(kiosks[0].host == "hall-1");
    CHECK(skipped.size() == 3);
    CHECK_THROWS_WITH(read_status_dir((d.path / "missing").string()),
                      Catch::Contains("无法读取状态文件夹"));
}

// --- fleet table ---
TEST_CASE("the fleet table marks kiosks behind the newest pack or silent for an hour") {
    const long long now = 1796000000;
    const auto rows = fleet_rows({status("meeting", 7, now - 100), status("hall", 8, now - 30),
                                  status("lobby", 8, now - 7200)},
                                 now);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].status.host == "hall");
    CHECK_FALSE(rows[0].behind);
    CHECK_FALSE(rows[0].silent);
    CHECK(rows[1].status.host == "lobby");
    CHECK(rows[1].silent);
    CHECK(rows[2].status.host == "meeting");
    CHECK(rows[2].behind);
    const std::string table = fleet_table(rows, now);
    CHECK(table.find("BEHIND") != std::string::npos);
    CHECK(table.find("SILENT") != std::string::npos);
    CHECK(table.find("3 kiosks; 1 behind the newest pack, 1 silent") != std::string::npos);
}

// --- starts ---
TEST_CASE("starts and crashes of the last 24 hours are counted from the kiosk's own record") {
    TempDir d;
    const std::string dir = d.path.string();
    const long long day = 86400, t = 1796000000;
    record_start(dir, t - 2 * day, true);  // too old to count
    record_start(dir, t - 3600, false);
    record_start(dir, t - 60, true);
    const StartCounts c = record_start(dir, t, false);
    CHECK(c.starts == 3);
    CHECK(c.crashes == 1);
    CHECK(start_counts(dir, t + day).starts == 0);
    for (int i = 0; i < 300; ++i) record_start(dir, t + i, false);
    int lines = 0;
    std::ifstream in(d.path / "starts.txt");
    for (std::string l; std::getline(in, l);) ++lines;
    CHECK(lines == 200);  // bounded
}
