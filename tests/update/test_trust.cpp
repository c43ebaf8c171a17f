// Trust comes before work, and nothing derived comes from the stick: the signature file is
// checked before any pack byte is read, the search index is built here from the pack's rows, a
// WAL-mode pack is refused, and the installed pack is opened with the importer's defences.
#include <catch2/catch.hpp>

#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "kiosk/core/content_db.h"
#include "kiosk/update/install_state.h"
#include "tests/update/pack_fixture.h"

using namespace kiosk::update;
using kiosk::test::exec_sql;
using kiosk::test::KioskBench;
using kiosk::test::read_bytes;
using kiosk::test::write_bytes;

namespace {

// Imports with a read_source that counts the pack bytes it hands out.
ImportResult import_counting(const KioskBench& k, const std::string& pack, uint64_t& bytes_read) {
    ImportOptions o = k.options();
    o.read_source = [&bytes_read](int fd, void* buf, size_t size) {
        const long n = static_cast<long>(::read(fd, buf, size));
        if (n > 0) bytes_read += static_cast<uint64_t>(n);
        return n;
    };
    return import_pack(pack, o);
}

// The first column of the first row of `sql` on the database at `path`.
std::string text_of(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

std::vector<std::string> hit_ids(const std::vector<kiosk::SearchHit>& hits) {
    std::vector<std::string> ids;
    for (const auto& h : hits) ids.push_back(h.id);
    return ids;
}

}  // namespace

TEST_CASE("a pack is not read before its signature file names a trusted key and a newer version",
          "[import][trust]") {
    KioskBench k;
    REQUIRE(k.import(k.signed_pack(5, "installed.pack")).ok);
    const std::string staging = k.data_dir + "/" + kStagingName;
    uint64_t bytes_read = 0;

    SECTION("unknown key") {
        PublicKey other_pub;
        SecretKey other;
        generate_keypair(other_pub, other);
        const std::string pack = k.make_pack(6);
        k.sign(pack, 6, other);
        CHECK(import_counting(k, pack, bytes_read).refusal.code == RefusalCode::UnknownKey);
    }
    SECTION("a trusted key's id on a signature it did not make") {
        const std::string pack = k.signed_pack(6);
        auto sig = read_bytes(pack + ".minisig");
        const std::string text(sig.begin(), sig.end());
        const size_t at = text.find("version=6");
        REQUIRE(at != std::string::npos);
        sig[at + 8] = '9';  // the comment now claims version 9
        write_bytes(pack + ".minisig", sig);
        CHECK(import_counting(k, pack, bytes_read).refusal.code == RefusalCode::BadSignature);
    }
    SECTION("older version") {
        CHECK(import_counting(k, k.signed_pack(4), bytes_read).refusal.code ==
              RefusalCode::NotNewer);
    }
    SECTION("missing signature") {
        CHECK(import_counting(k, k.make_pack(6), bytes_read).refusal.code ==
              RefusalCode::NoSignature);
    }
    CHECK(bytes_read == 0);
    CHECK_FALSE(std::filesystem::exists(staging));
    CHECK(installed_status(k.data_dir).info.pack_version == 5);
}

TEST_CASE("two trusted keys with the same id: the one that signed verifies", "[minisign][trust]") {
    KioskBench k;
    PublicKey impostor_pub;
    SecretKey impostor;
    generate_keypair(impostor_pub, impostor);
    impostor_pub.id = k.pub.id;  // same 8-byte id, another key
    // Listed first either way the directory is read: a name before and a name after the real one.
    std::ofstream(k.keys_dir + "/0-same-id.pub") << format_public_key(impostor_pub);
    std::ofstream(k.keys_dir + "/z-same-id.pub") << format_public_key(impostor_pub);
    const ImportResult r = k.import(k.signed_pack(6));
    INFO(r.refusal.en);
    REQUIRE(r.ok);
    CHECK(r.key_id == key_id_hex(k.pub.id));
    // And the other way round: a pack the impostor key signed verifies with it.
    const std::string pack = k.make_pack(7, "by-impostor.pack");
    impostor.id = k.pub.id;
    k.sign(pack, 7, impostor);
    REQUIRE(k.import(pack).ok);
    Digest512 d{};
    const Signature sig = sign_digest(impostor, d, "version=1");
    CHECK(verify_digest(sig, {k.pub, impostor_pub}, d).pk == impostor_pub.pk);
    CHECK(verify_digest(sig, {impostor_pub, k.pub}, d).pk == impostor_pub.pk);
}

TEST_CASE("a tampered search index in a signed pack does not reach visitor search",
          "[import][trust][search]") {
    KioskBench k;
    const std::string pack = k.make_pack(6);
    // With a leaked key, the index can say anything: "zzplanted" is indexed for the first row
    // but no row's text holds it, and "qqgenuine" is in the last row's text but not indexed.
    exec_sql(pack,
             "CREATE TEMP TABLE first AS SELECT rowid AS id, body FROM search_index ORDER BY rowid "
             "LIMIT 1;"
             "UPDATE search_index SET body = body || ' zzplanted' "
             "WHERE rowid = (SELECT id FROM temp.first);"
             "UPDATE search_index_content SET c6 = (SELECT body FROM temp.first) "
             "WHERE id = (SELECT id FROM temp.first);"
             "UPDATE search_index_content SET c6 = c6 || ' qqgenuine' "
             "WHERE id = (SELECT max(id) FROM search_index_content);");
    const std::string last_ref =
        text_of(pack, "SELECT c1 FROM search_index_content ORDER BY id DESC LIMIT 1");
    k.sign(pack, 6);
    const ImportResult r = k.import(pack);
    INFO(r.refusal.en);
    REQUIRE(r.ok);
    const kiosk::ContentDb db(installed_pack_path(k.data_dir));
    CHECK(db.search("zzplanted", 10).empty());
    CHECK(hit_ids(db.search("qqgenuine", 10)) == std::vector<std::string>{last_ref});
    CHECK(kiosk::test::integrity_of(installed_pack_path(k.data_dir)) == "ok");
}

TEST_CASE("a pack with garbage in its index's data table installs with a sound index",
          "[import][trust][search]") {
    KioskBench k;
    const std::string pack = k.make_pack(6);
    // A word only a body holds (names are matched in memory, bodies through the index).
    exec_sql(pack,
             "UPDATE search_index SET body = body || ' qqbodyonly' "
             "WHERE rowid = (SELECT max(rowid) FROM search_index)");
    const std::string last_ref =
        text_of(pack, "SELECT c1 FROM search_index_content ORDER BY id DESC LIMIT 1");
    // The index's leaf pages (ids above the structure record) replaced by noise.
    exec_sql(pack, "UPDATE search_index_data SET block = randomblob(length(block)) WHERE id > 10");
    k.sign(pack, 6);
    const ImportResult r = k.import(pack);
    INFO(r.refusal.en);
    REQUIRE(r.ok);
    const kiosk::ContentDb db(installed_pack_path(k.data_dir));
    CHECK(hit_ids(db.search("qqbodyonly", 10)) == std::vector<std::string>{last_ref});
}

TEST_CASE("a pack whose header says WAL is refused", "[import][trust]") {
    KioskBench k;
    const std::string pack = k.make_pack(6);
    exec_sql(pack, "PRAGMA journal_mode=WAL");
    REQUIRE(read_bytes(pack)[18] == 2);
    k.sign(pack, 6);
    const ImportResult r = k.import(pack);
    CHECK_FALSE(r.ok);
    CHECK(r.refusal.code == RefusalCode::WrongSchema);
    CHECK(r.refusal.en.find("WAL") != std::string::npos);
    CHECK(r.refusal.zh.find("WAL") != std::string::npos);
    CHECK(installed_pack_path(k.data_dir).empty());
}

TEST_CASE("a pack that sets its own search index settings is refused", "[import][trust][search]") {
    KioskBench k;
    for (const char* setting : {"'pgsz', 64", "'rank', 'bm25(100.0)'", "'automerge', 2"}) {
        INFO(setting);
        const std::string pack = k.make_pack(6);
        exec_sql(pack, std::string("INSERT INTO search_index (search_index, rank) VALUES (") +
                           setting + ")");
        k.sign(pack, 6);
        const ImportResult r = k.import(pack);
        CHECK_FALSE(r.ok);
        CHECK(r.refusal.code == RefusalCode::WrongSchema);
        CHECK(r.refusal.en.find("search index") != std::string::npos);
        CHECK(installed_pack_path(k.data_dir).empty());
    }
}
