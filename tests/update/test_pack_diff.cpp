// diff_packs: rows added, removed and changed per table, child rows counted with their owner.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "kiosk/update/pack_diff.h"
#include "tests/support/sample_content_db.h"

namespace fs = std::filesystem;
using kiosk::update::diff_packs;
using kiosk::update::PackDiff;
using kiosk::update::TableDiff;

namespace {

void exec(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    INFO((err ? err : ""));
    sqlite3_free(err);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

const TableDiff& of(const PackDiff& d, const std::string& table) {
    for (const TableDiff& t : d.tables)
        if (table == t.table->name) return t;
    FAIL("no table " << table << " in the diff");
    throw;
}

struct TwoPacks {
    fs::path dir = fs::temp_directory_path() / ("pack-diff-" + std::to_string(::getpid()));
    std::string installed = (dir / "installed.db").string();
    std::string candidate = (dir / "candidate.db").string();
    TwoPacks() {
        fs::create_directories(dir);
        kiosk::make_sample_content_db(installed);
        fs::copy_file(installed, candidate, fs::copy_options::overwrite_existing);
    }
    ~TwoPacks() { fs::remove_all(dir); }
};

}  // namespace

TEST_CASE("the same pack twice: nothing changed", "[diff]") {
    TwoPacks p;
    const PackDiff d = diff_packs(p.installed, p.candidate);
    CHECK_FALSE(d.any());
    CHECK(of(d, "member").installed_rows == 15);
    CHECK(of(d, "member").candidate_rows == 15);
    CHECK(kiosk::update::diff_lines(d, 1).empty());
}

TEST_CASE("added, removed and changed rows are counted per table by key", "[diff]") {
    TwoPacks p;
    exec(p.candidate,
         "CREATE TEMP TABLE t AS SELECT * FROM member WHERE id = 'nju';"
         "UPDATE t SET id = 'new_member'; INSERT INTO member SELECT * FROM t;"
         "UPDATE member SET name_en = 'Southeast University (SEU)' WHERE id = 'seu';"
         "DELETE FROM project_party WHERE project_id = 'proj_01';"
         "DELETE FROM project WHERE id = 'proj_01';"
         "UPDATE person SET role_zh = role_zh || '。' WHERE id = 'du_youwei';");
    const PackDiff d = diff_packs(p.installed, p.candidate);
    const TableDiff& members = of(d, "member");
    CHECK(members.added == 1);
    CHECK(members.removed == 0);
    CHECK(members.changed == 1);
    CHECK(members.candidate_rows == 16);
    const TableDiff& projects = of(d, "project");
    CHECK(projects.removed == 1);
    CHECK(projects.changed == 0);  // its parties went with it: not a change of its own
    CHECK(of(d, "person").changed == 1);
    CHECK(of(d, "highlight").any() == false);
    const auto en = kiosk::update::diff_lines(d, 1);
    REQUIRE(en.size() == 3);
    CHECK(en[0] == "members 15 → 16: 1 added, 0 removed, 1 changed");
    CHECK(kiosk::update::diff_lines(d, 0)[0] == "成员 15 → 16：新增 1，删除 0，修改 1");
}

TEST_CASE("a changed gallery or link list counts as a change of its owner", "[diff]") {
    TwoPacks p;
    exec(p.candidate,
         "DELETE FROM highlight_media WHERE highlight_id = 'hl_battery' AND sort = 2;"
         "UPDATE project_party SET role = CASE role WHEN 'enterprise' THEN 'academic' ELSE "
         "'enterprise' END WHERE project_id = 'proj_05';");
    const PackDiff d = diff_packs(p.installed, p.candidate);
    CHECK(of(d, "highlight").changed == 1);
    CHECK(of(d, "highlight").added == 0);
    CHECK(of(d, "project").changed == 1);
    CHECK(of(d, "member").any() == false);
}
