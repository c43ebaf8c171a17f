// ContentDb refuses files that are not content packs of this version, with a plain message.
#include <catch2/catch.hpp>

#include "kiosk/core/content_db.h"
#include "kiosk/core/content_tables.h"
#include "kiosk/core/pack_connection.h"
#include "tests/core_data/fixtures.h"

using namespace kiosk;
using Catch::Matchers::Contains;

TEST_CASE("a missing file is reported with its name") {
    const std::string path = fixtures::scratch_file("missing.db");
    CHECK_THROWS_MATCHES(ContentDb(path), ContentError,
                         Catch::Matchers::Predicate<ContentError>([&](const ContentError& e) {
                             const std::string m = e.what();
                             return m.find(path) != std::string::npos &&
                                    m.find("not found") != std::string::npos;
                         }));
}

TEST_CASE("a folder is not taken for a pack") {
    CHECK_THROWS_WITH(ContentDb(fixtures::scratch_dir().string()), Contains("not a file"));
}

TEST_CASE("a file that is not SQLite is refused as not a content pack") {
    const std::string path = fixtures::scratch_file("notes.db");
    fixtures::write_file(
        path, std::string("These are meeting notes, not a database.\n") + std::string(2000, 'x'));
    CHECK_THROWS_AS(ContentDb(path), ContentError);
    CHECK_THROWS_WITH(ContentDb(path), Contains("notes.db") && Contains("not an SQLite database"));
}

TEST_CASE("a pack of another schema version is refused, naming both versions") {
    const std::string path = fixtures::sample_copy("v99.db", "PRAGMA user_version = 99");
    CHECK_THROWS_AS(ContentDb(path), ContentError);
    CHECK_THROWS_WITH(ContentDb(path),
                      Contains("v99.db") && Contains("version 99") &&
                          Contains("versions 1 to " + std::to_string(content::kSchemaVersion)));
}

TEST_CASE("an empty file is refused (it has no schema version)") {
    const std::string path = fixtures::scratch_file("empty.db");
    fixtures::write_file(path, "");
    CHECK_THROWS_WITH(ContentDb(path), Contains("empty.db") && Contains("version 0"));
}

TEST_CASE("a pack missing a table is refused, naming the table") {
    const std::string path = fixtures::sample_copy("no-parties.db", "DROP TABLE project_party");
    CHECK_THROWS_AS(ContentDb(path), ContentError);
    CHECK_THROWS_WITH(ContentDb(path), Contains("no-parties.db") && Contains("missing table") &&
                                           Contains("project_party"));
}

TEST_CASE("a pack whose tables lack a column is refused as not matching the schema") {
    const std::string path =
        fixtures::sample_copy("no-body.db", "ALTER TABLE highlight DROP COLUMN body_en");
    CHECK_THROWS_AS(ContentDb(path), ContentError);
    CHECK_THROWS_WITH(ContentDb(path), Contains("no-body.db") && Contains("does not match"));
}

TEST_CASE("the pack is opened read-only and is never changed") {
    const std::string path = fixtures::sample_copy("readonly.db", "PRAGMA user_version = 1");
    const auto before = std::filesystem::last_write_time(path);
    const auto size = std::filesystem::file_size(path);
    {
        ContentDb db(path);
        CHECK(db.path() == path);
        CHECK(db.search("njdx", 5).size() == 1);
    }
    CHECK(std::filesystem::last_write_time(path) == before);
    CHECK(std::filesystem::file_size(path) == size);
}

TEST_CASE("the viewer opens a pack immutable: a WAL-mode pack leaves no -wal or -shm beside it") {
    const std::string path = fixtures::sample_copy("wal.db", "PRAGMA journal_mode = WAL");
    REQUIRE_FALSE(std::filesystem::exists(path + "-wal"));
    {
        ContentDb db(path);
        CHECK(db.search("njdx", 5).size() == 1);
        CHECK_FALSE(db.focus_areas().empty());
        CHECK_FALSE(std::filesystem::exists(path + "-wal"));
        CHECK_FALSE(std::filesystem::exists(path + "-shm"));
    }
    CHECK_FALSE(std::filesystem::exists(path + "-wal"));
    CHECK_FALSE(std::filesystem::exists(path + "-shm"));
}

TEST_CASE("a pack connection refuses writes and runs no view a pack brings") {
    const std::string path = fixtures::sample_copy(
        "view.db",
        "CREATE VIEW every_member AS SELECT id FROM member; CREATE TABLE log (x);"
        "CREATE TRIGGER spy AFTER INSERT ON base BEGIN INSERT INTO log VALUES (1); END;");
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(kiosk::immutable_file_uri(path).c_str(), &db,
                            SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) == SQLITE_OK);
    CHECK(kiosk::defend_pack_connection(db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "SELECT * FROM every_member", nullptr, nullptr, nullptr) != SQLITE_OK);
    int defensive = -1, triggers = -1, views = -1, trusted_schema = -1;
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, -1, &defensive);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, -1, &triggers);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, -1, &views);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, -1, &trusted_schema);
    CHECK(defensive == 1);
    CHECK(triggers == 0);
    CHECK(views == 0);
    CHECK(trusted_schema == 0);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "PRAGMA query_only", -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    CHECK(sqlite3_column_int(st, 0) == 1);
    sqlite3_finalize(st);
    sqlite3_close(db);
}
