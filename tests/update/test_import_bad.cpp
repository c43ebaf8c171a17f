// Every bad input of the issue is refused with a plain message and the installed pack unchanged.
// Sections: helpers · stick files · signatures · databases · images · copying and disk
#include <catch2/catch.hpp>

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "kiosk/update/digests.h"
#include "kiosk/update/importer.h"
#include "tests/update/pack_fixture.h"

using namespace kiosk::update;
using kiosk::test::exec_sql;
using kiosk::test::KioskBench;
using kiosk::test::read_bytes;
using kiosk::test::write_bytes;

namespace {

// A bench with version 5 installed, so "unchanged" means something.
struct Installed : KioskBench {
    std::string old_hash;
    Installed() {
        const auto r = import(signed_pack(5, "old.pack"));
        REQUIRE(r.ok);
        old_hash = installed_hash();
    }
    // Imports and checks the refusal: expected code, plain messages, nothing changed.
    ImportResult expect_refused(const std::string& pack, RefusalCode code,
                                const ImportOptions* o = nullptr) {
        const ImportResult r = o ? import_pack(pack, *o) : import(pack);
        INFO("refusal: " << r.refusal.en);
        CHECK_FALSE(r.ok);
        CHECK(r.refusal.code == code);
        CHECK_FALSE(r.refusal.en.empty());
        CHECK_FALSE(r.refusal.zh.empty());
        CHECK_FALSE(r.refusal.todo_en.empty());
        CHECK(r.refusal.en.find('\n') == std::string::npos);
        CHECK(installed_hash() == old_hash);
        CHECK_FALSE(std::filesystem::exists(data_dir + "/" + kStagingName));
        return r;
    }
};

// A PNG header claiming w×h pixels (IHDR only; stb does not check CRCs).
std::vector<unsigned char> png_header(uint32_t w, uint32_t h) {
    std::vector<unsigned char> b = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
                                    0,    0,   0,   13,  'I',  'H',  'D',  'R'};
    for (uint32_t v : {w, h})
        for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<unsigned char>(v >> s));
    for (int c : {8, 6, 0, 0, 0, 0, 0, 0, 0})
        b.push_back(static_cast<unsigned char>(c));  // depth, RGBA, crc
    return b;
}

}  // namespace

// --- stick files ---
TEST_CASE("unsigned, empty, directory, FIFO and symlink packs are refused", "[import][bad]") {
    Installed k;
    const std::string unsigned_pack = k.make_pack(6);
    k.expect_refused(unsigned_pack, RefusalCode::NoSignature);

    const std::string empty = k.stick_kiosk + "/empty.pack";
    write_bytes(empty, {});
    k.sign(empty, 6);
    k.expect_refused(empty, RefusalCode::Empty);

    const std::string dir = k.stick_kiosk + "/dir.pack";
    std::filesystem::create_directory(dir);
    k.expect_refused(dir, RefusalCode::NotAFile);

    const std::string fifo = k.stick_kiosk + "/fifo.pack";
    REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
    k.expect_refused(fifo, RefusalCode::NotAFile);  // must not hang waiting for a writer

    const std::string link = k.stick_kiosk + "/link.pack";
    std::filesystem::create_symlink(k.signed_pack(6, "real.pack"), link);
    std::filesystem::copy_file(k.stick_kiosk + "/real.pack.minisig", link + ".minisig");
    k.expect_refused(link, RefusalCode::NotAFile);

    const std::string sig_dir_pack = k.make_pack(6, "sigdir.pack");
    std::filesystem::create_directory(sig_dir_pack + ".minisig");
    k.expect_refused(sig_dir_pack, RefusalCode::NotAFile);
}

// --- signatures ---
TEST_CASE("a pack signed with an untrusted key is refused", "[import][bad]") {
    Installed k;
    PublicKey other_pub;
    SecretKey other;
    generate_keypair(other_pub, other);
    const std::string pack = k.make_pack(6);
    k.sign(pack, 6, other);
    k.expect_refused(pack, RefusalCode::UnknownKey);
}

TEST_CASE("with no trusted key installed, no pack is accepted", "[import][bad]") {
    Installed k;
    std::filesystem::remove(k.keys_dir + "/alliance.pub");
    k.expect_refused(k.signed_pack(6), RefusalCode::NoTrustedKeys);
}

TEST_CASE("one flipped byte anywhere in the pack is refused", "[import][bad]") {
    Installed k;
    const std::string pack = k.signed_pack(6);
    const auto good = read_bytes(pack);
    const size_t n = good.size();
    std::vector<size_t> positions = {0, 1, 15, 16, 17, 28, 60, 99, 100, n / 2, n - 2, n - 1};
    for (size_t i = 1; i < 40; ++i) positions.push_back(i * n / 40 + i);
    for (size_t pos : positions) {
        if (pos >= n) continue;
        INFO("byte " << pos);
        auto bad = good;
        bad[pos] ^= 0x5a;
        write_bytes(pack, bad);
        k.expect_refused(pack, RefusalCode::BadSignature);
    }
    write_bytes(pack, good);
    CHECK(k.import(pack).ok);  // the untouched pack is fine
}

TEST_CASE("one flipped byte in the signed part of the signature file is refused", "[import][bad]") {
    Installed k;
    const std::string pack = k.signed_pack(6);
    const auto good = read_bytes(pack + ".minisig");
    // Line 1 is minisign's *untrusted* comment: by design no signature covers its text, so only
    // its "untrusted comment:" prefix matters. Everything from line 2 on is covered.
    const size_t line2 =
        static_cast<size_t>(std::find(good.begin(), good.end(), '\n') - good.begin() + 1);
    std::vector<size_t> positions = {0, 5, 17};
    for (size_t p = line2; p < good.size(); ++p) positions.push_back(p);
    for (size_t pos : positions) {
        INFO("signature byte " << pos << " of " << good.size());
        for (int mask : {0x01, 0x20}) {
            auto bad = good;
            bad[pos] = static_cast<unsigned char>(bad[pos] ^ mask);
            write_bytes(pack + ".minisig", bad);
            const ImportResult r = k.import(pack);
            CHECK_FALSE(r.ok);
            CHECK_FALSE(r.refusal.en.empty());
            CHECK(k.installed_hash() == k.old_hash);
        }
    }
    write_bytes(pack + ".minisig", good);
    CHECK(k.import(pack).ok);
}

TEST_CASE("truncated packs and signatures are refused", "[import][bad]") {
    Installed k;
    const std::string pack = k.signed_pack(6);
    const auto good = read_bytes(pack);
    for (size_t keep : {size_t{1}, size_t{100}, size_t{4096}, good.size() / 2, good.size() - 1}) {
        INFO("kept " << keep << " bytes");
        write_bytes(
            pack, std::vector<unsigned char>(good.begin(), good.begin() + static_cast<long>(keep)));
        k.expect_refused(pack, RefusalCode::BadSignature);
    }
    write_bytes(pack, good);
    auto sig = read_bytes(pack + ".minisig");
    sig.resize(sig.size() / 2);
    write_bytes(pack + ".minisig", sig);
    k.expect_refused(pack, RefusalCode::BadSignatureFile);
}

TEST_CASE("a signature comment without a version, or with another version, is refused",
          "[import][bad]") {
    Installed k;
    const std::string pack = k.make_pack(6);
    k.sign(pack, 9);  // comment claims 9, pack says 6
    k.expect_refused(pack, RefusalCode::BadSignatureFile);
}

TEST_CASE("a version not newer than the installed one is refused unless forced", "[import][bad]") {
    Installed k;
    k.expect_refused(k.signed_pack(5, "same.pack"), RefusalCode::NotNewer);
    k.expect_refused(k.signed_pack(4, "older.pack"), RefusalCode::NotNewer);
    const ImportResult forced = k.import(k.stick_kiosk + "/older.pack", true);
    REQUIRE(forced.ok);
    CHECK(forced.info.pack_version == 4);
    CHECK(forced.previous_version == 5);
}

// --- databases ---
TEST_CASE("signed files that are not a sound content database are refused", "[import][bad]") {
    Installed k;
    SECTION("not SQLite") {
        const std::string pack = k.stick_kiosk + "/text.pack";
        write_bytes(pack, std::vector<unsigned char>(5000, 'x'));
        k.sign(pack, 6);
        k.expect_refused(pack, RefusalCode::NotSqlite);
    }
    SECTION("corrupt SQLite") {
        const std::string pack = k.make_pack(6);
        auto bytes = read_bytes(pack);
        const size_t page = 4096;
        REQUIRE(bytes.size() > 8 * page);
        for (size_t i = 2 * page; i < 4 * page; ++i) bytes[i] = static_cast<unsigned char>(i * 7);
        write_bytes(pack, bytes);
        k.sign(pack, 6);
        k.expect_refused(pack, RefusalCode::Corrupt);
    }
    SECTION("wrong schema version") {
        const std::string pack = k.make_pack(6);
        exec_sql(pack, "PRAGMA user_version = 99");
        k.sign(pack, 6);
        k.expect_refused(pack, RefusalCode::WrongSchema);
    }
    SECTION("extra table, trigger, view or index") {
        for (const char* sql :
             {"CREATE TABLE extra(x)", "CREATE TRIGGER t AFTER INSERT ON meta BEGIN SELECT 1; END",
              "CREATE VIEW v AS SELECT * FROM member", "CREATE INDEX i ON member(name_en)"}) {
            INFO(sql);
            const std::string pack = k.make_pack(6);
            exec_sql(pack, sql);
            k.sign(pack, 6);
            k.expect_refused(pack, RefusalCode::WrongSchema);
        }
    }
    SECTION("a pack of format 1, made by the kiosk-pack before the timeline") {
        const std::string pack = k.stick_kiosk + "/format1.pack";
        std::filesystem::copy_file(KIOSK_V1_PACK, pack);
        k.sign(pack, 6);
        const ImportResult r = k.expect_refused(pack, RefusalCode::WrongSchema);
        CHECK(r.refusal.en.find("format 1") != std::string::npos);
        CHECK(r.refusal.en.find("build the pack again") != std::string::npos);
        CHECK(r.refusal.zh.find("重新制作") != std::string::npos);
    }
    SECTION("missing table") {
        const std::string pack = k.make_pack(6);
        exec_sql(pack, "DROP TABLE base");
        k.sign(pack, 6);
        k.expect_refused(pack, RefusalCode::WrongSchema);
    }
}

// quick_check runs beside the row and image checks, so it may finish after they found something;
// the refusal must still name the damage, as when quick_check ran first.
TEST_CASE("a damaged database is refused as damaged even when its rows are bad too",
          "[import][bad]") {
    Installed k;
    const std::string pack = k.make_pack(6);
    SECTION("rows fine: only quick_check finds anything") {}
    SECTION("a row bad too: the damage is named, not the row") {
        exec_sql(pack,
                 "PRAGMA ignore_check_constraints = ON; "
                 "UPDATE member SET name_en = '' WHERE id = 'nju'");
    }
    // Damage a page that only quick_check reads: the row checks skip the search index.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(pack.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db,
                               "SELECT rootpage, (SELECT page_size FROM pragma_page_size) "
                               "FROM sqlite_schema WHERE name = 'search_index_data'",
                               -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    const auto root = static_cast<size_t>(sqlite3_column_int64(st, 0));
    const auto page_size = static_cast<size_t>(sqlite3_column_int64(st, 1));
    sqlite3_finalize(st);
    sqlite3_close(db);
    auto bytes = read_bytes(pack);
    REQUIRE(root >= 2);
    REQUIRE(bytes.size() >= root * page_size);
    bytes[(root - 1) * page_size] = 0x42;  // the b-tree page's type byte: no such type
    write_bytes(pack, bytes);
    k.sign(pack, 6);

    const ImportResult r = k.expect_refused(pack, RefusalCode::Corrupt);
    CHECK(r.refusal.en.find("quick_check") != std::string::npos);
}

TEST_CASE("rows that break the content rules are refused", "[import][bad]") {
    Installed k;
    for (const char* sql : {
             "UPDATE member SET long_en = hex(zeroblob(1500000)) WHERE id = 'nju'",  // huge row
             "UPDATE member SET name_en = '' WHERE id = 'nju'",                      // one language
             "UPDATE member SET kind = 'pirate' WHERE id = 'nju'",                   // unknown kind
             "UPDATE member SET logo = 'nowhere' WHERE id = 'nju'",                  // reference
             "UPDATE member SET sort = 'first' WHERE id = 'nju'",                    // type
             "UPDATE member SET name_zh = CAST(x'ff00fe' AS TEXT) WHERE id = 'nju'",  // not UTF-8
             "DELETE FROM meta WHERE key = 'pack_version'",                           // required
             // Rules the content description gives the tables of format 2:
             "UPDATE event SET date = '2024-02-30' WHERE id = 'ev_founding'",        // no such day
             "UPDATE event SET title_en = '' WHERE id = 'ev_founding'",              // one language
             "UPDATE base SET name_zh = hex(zeroblob(100)) WHERE id = 'base_buct'",  // 200 chars
             "UPDATE batch SET number = 0 WHERE number = 3",                         // out of range
             "UPDATE search_index SET kind = 'pirate' WHERE rowid = 1",              // unknown kind
         }) {
        INFO(sql);
        const std::string pack = k.make_pack(6);
        exec_sql(
            pack,
            std::string("PRAGMA ignore_check_constraints = ON; PRAGMA foreign_keys = OFF; ") + sql);
        k.sign(pack, 6);
        k.expect_refused(pack, RefusalCode::BadContent);
    }
}

TEST_CASE("a reference to a missing entry is refused, naming both tables", "[import][bad]") {
    Installed k;
    const struct {
        const char* sql;
        const char* child;
        const char* parent;
    } cases[] = {
        {"UPDATE member SET logo = 'nowhere' WHERE id = 'nju'", "member", "media"},
        {"UPDATE highlight_media SET media_id = 'nowhere' WHERE media_id IN "
         "(SELECT media_id FROM highlight_media LIMIT 1)",
         "highlight_media", "media"},
        {"UPDATE person SET member_id = 'ghost' WHERE member_id IS NOT NULL AND id IN "
         "(SELECT id FROM person WHERE member_id IS NOT NULL LIMIT 1)",
         "person", "member"},
        {"UPDATE member_focus SET focus_id = 'nowhere' WHERE member_id = 'nju' AND focus_id = "
         "'nano'",
         "member_focus", "focus_area"},
        {"UPDATE project SET batch = 9 WHERE id = 'proj_01'", "project", "batch"},
        {"UPDATE event_project SET project_id = 'ghost' WHERE project_id = 'proj_05'",
         "event_project", "project"},
    };
    for (const auto& c : cases) {
        INFO(c.sql);
        const std::string pack = k.make_pack(6);
        exec_sql(pack, std::string("PRAGMA foreign_keys = OFF; ") + c.sql);
        k.sign(pack, 6);
        const ImportResult r = k.expect_refused(pack, RefusalCode::BadContent);
        CHECK(r.refusal.en ==
              std::string("table ") + c.child + " refers to a missing entry in table " + c.parent);
    }
}

// --- images ---
TEST_CASE("images with absurd dimensions or a corrupt body are refused", "[import][bad]") {
    Installed k;
    const std::string absurd = to_hex(png_header(100000, 100000));
    for (const std::string& sql : std::vector<std::string>{
             "UPDATE media SET bytes = x'" + absurd + "' WHERE id = 'logo_nju'",
             "UPDATE media SET bytes = substr(bytes, 1, 60) WHERE id = 'logo_nju'",     // cut body
             "UPDATE media SET thumb = x'ffd8ffe000104a464946' WHERE id = 'logo_nju'",  // not png
             "UPDATE media SET width = width + 1 WHERE id = 'logo_nju'",  // differs from table
         }) {
        INFO(sql);
        const std::string pack = k.make_pack(6);
        exec_sql(pack, "PRAGMA ignore_check_constraints = ON; " + sql);
        k.sign(pack, 6);
        k.expect_refused(pack, RefusalCode::BadImage);
    }
}

// --- copying and disk ---
TEST_CASE("a stick pulled out mid-copy is refused", "[import][bad]") {
    Installed k;
    const std::string pack = k.signed_pack(6);
    ImportOptions o = k.options();
    size_t served = 0;
    o.read_source = [&](int fd, void* buf, size_t size) -> long {
        if (served > 0) {
            errno = EIO;  // the device went away
            return -1;
        }
        const long n = static_cast<long>(::read(fd, buf, std::min<size_t>(size, 3000)));
        served += static_cast<size_t>(n);
        return n;
    };
    k.expect_refused(pack, RefusalCode::ReadFailed, &o);
    served = 0;
    o.read_source = [&](int fd, void* buf, size_t size) -> long {  // stick ends early
        if (served > 0) return 0;
        const long n = static_cast<long>(::read(fd, buf, std::min<size_t>(size, 3000)));
        served += static_cast<size_t>(n);
        return n;
    };
    k.expect_refused(pack, RefusalCode::ReadFailed, &o);
}

TEST_CASE("a pack that grows while it is copied is refused, and nothing is installed",
          "[import][bad]") {
    Installed k;
    const std::string pack = k.signed_pack(6);
    ImportOptions o = k.options();
    bool grown = false;
    o.read_source = [&](int fd, void* buf, size_t size) -> long {
        if (!grown) {  // someone appends to the file on the stick after it was opened
            grown = true;
            std::ofstream(pack, std::ios::binary | std::ios::app) << std::string(100, 'x');
        }
        return static_cast<long>(::read(fd, buf, size));
    };
    const ImportResult r = k.expect_refused(pack, RefusalCode::ReadFailed, &o);
    CHECK(r.refusal.en.find("changed while") != std::string::npos);
}

TEST_CASE("a full disk is refused, whether known beforehand or found while writing",
          "[import][bad]") {
    Installed k;
    const std::string pack = k.signed_pack(6);
    ImportOptions o = k.options();
    o.free_bytes = [](const std::string&) -> uint64_t { return 1 << 20; };
    k.expect_refused(pack, RefusalCode::NoRoom, &o);

    for (StepKind failing : {StepKind::Write, StepKind::Fsync, StepKind::Rename}) {
        INFO(step_kind_name(failing));
        ImportOptions w = k.options();
        w.step_hook = [failing](int, StepKind kind, const std::string&) {
            return kind == failing ? ENOSPC : 0;
        };
        k.expect_refused(pack, RefusalCode::NoRoom, &w);
    }
    ImportOptions io = k.options();
    io.step_hook = [](int, StepKind kind, const std::string&) {
        return kind == StepKind::Link ? EIO : 0;
    };
    k.expect_refused(pack, RefusalCode::WriteFailed, &io);
}

TEST_CASE("packs over the size limit are refused before copying", "[import][bad]") {
    Installed k;
    ImportOptions o = k.options();
    o.max_pack_bytes = 10000;
    k.expect_refused(k.signed_pack(6), RefusalCode::TooBig, &o);
}

TEST_CASE("a cancelled import leaves everything as it was", "[import][bad]") {
    Installed k;
    ImportOptions o = k.options();
    std::atomic<bool> cancel{false};
    o.cancel = &cancel;
    o.progress = [&](ImportPhase phase, uint64_t, uint64_t) {
        if (phase == ImportPhase::Checking) cancel.store(true);
    };
    k.expect_refused(k.signed_pack(6), RefusalCode::Cancelled, &o);
}
