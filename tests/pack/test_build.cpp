// Full builds: the real content/ folder, the kiosk-pack tool, and synthetic packs.
#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "kiosk/core/content_db.h"
#include "kiosk/core/content_tables.h"
#include "kiosk/core/pack_charset.h"
#include "kiosk/core/utf8.h"
#include "kiosk/pack/content_source.h"
#include "kiosk/pack/csv_table.h"
#include "kiosk/pack/pack_writer.h"
#include "kiosk/pack/synth.h"
#include "mini_content.h"

using namespace kiosk::pack;
namespace fs = std::filesystem;

namespace {

// The real content folder built once for all tests here.
const std::string& builtin_db() {
    static const std::string path = [] {
        const fs::path out = test::temp_dir("builtin") / "builtin.db";
        Diagnostics diag;
        const auto content = load_content_dir(test::kContent, diag);
        for (const auto& e : diag.errors()) UNSCOPED_INFO(e);
        REQUIRE(content);
        write_pack(*content, PackMeta{42, "built-in", true}, test::dict(), out.string());
        return out.string();
    }();
    return path;
}

size_t csv_rows(const std::string& file) {
    Diagnostics diag;
    const auto t = read_csv_file(test::kContent + "/" + file, file, diag);
    REQUIRE(t);
    return t->rows.size();
}

long long count(SQLite::Database& db, const std::string& sql) {
    return db.execAndGet(sql).getInt64();
}

}  // namespace

TEST_CASE("the built-in content builds and its counts match the CSV files") {
    SQLite::Database db(builtin_db(), SQLite::OPEN_READONLY);
    CHECK(count(db, "SELECT COUNT(*) FROM member") == (long long)csv_rows("members.csv"));
    CHECK(count(db, "SELECT COUNT(*) FROM person") == (long long)csv_rows("people.csv"));
    CHECK(count(db, "SELECT COUNT(*) FROM highlight") == (long long)csv_rows("highlights.csv"));
    CHECK(count(db, "SELECT COUNT(*) FROM highlight_media") ==
          (long long)csv_rows("highlight_images.csv"));
    CHECK(count(db, "SELECT COUNT(*) FROM project") == (long long)csv_rows("projects.csv"));
    CHECK(count(db, "SELECT COUNT(*) FROM base") == (long long)csv_rows("bases.csv"));
    CHECK(count(db, "SELECT COUNT(*) FROM batch") == (long long)csv_rows("batches.csv"));
    CHECK(count(db, "SELECT COUNT(*) FROM event") == (long long)csv_rows("events.csv"));
    CHECK(count(db, "SELECT COUNT(*) FROM event_media") == (long long)csv_rows("event_images.csv"));
    CHECK(count(db, "SELECT COUNT(*) FROM focus_area") == 5);
    CHECK(count(db, "SELECT COUNT(*) FROM vision") == 3);
    CHECK(count(db, "SELECT COUNT(*) FROM base WHERE is_sample = 0") == 4);
    CHECK(count(db, "SELECT COUNT(*) FROM project") == 12);
    CHECK(count(db, "SELECT COUNT(DISTINCT kind) FROM member") == 6);
    CHECK(count(db, "SELECT COUNT(*) FROM search_index") ==
          count(db,
                "SELECT (SELECT COUNT(*) FROM member) + (SELECT COUNT(*) FROM person) + "
                "(SELECT COUNT(*) FROM highlight) + (SELECT COUNT(*) FROM project) + "
                "(SELECT COUNT(*) FROM base) + (SELECT COUNT(*) FROM event)"));
    CHECK(count(db, "PRAGMA user_version") == kiosk::content::kSchemaVersion);
    CHECK(db.execAndGet("SELECT value FROM meta WHERE key = 'pack_version'").getString() == "42");
    CHECK(count(db, "SELECT COUNT(*) FROM meta WHERE key = 'built_at'") == 1);
    CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "delete");
    CHECK(count(db, "SELECT COUNT(*) FROM pragma_foreign_key_check") == 0);
    CHECK_FALSE(fs::exists(builtin_db() + "-journal"));
}

TEST_CASE("every real member, person and base of the report is in the built-in pack") {
    SQLite::Database db(builtin_db(), SQLite::OPEN_READONLY);
    for (const char* name :
         {"清华大学", "南京大学", "东南大学", "南京工业大学", "中国科学院上海有机化学研究所"}) {
        INFO(name);
        SQLite::Statement st(db, "SELECT is_sample FROM member WHERE name_zh = ?");
        st.bind(1, name);
        REQUIRE(st.executeStep());
        CHECK(st.getColumn(0).getInt() == 0);
    }
    CHECK(count(db, "SELECT COUNT(*) FROM person WHERE is_academician = 1") == 6);
    CHECK(count(db, "SELECT COUNT(*) FROM person WHERE is_sample = 1") == 0);
    CHECK(count(db, "SELECT COUNT(*) FROM highlight WHERE is_sample = 0") == 0);
}

TEST_CASE("the search index finds pinyin initials, full pinyin and English") {
    SQLite::Database db(builtin_db(), SQLite::OPEN_READONLY);
    const auto refs = [&](const std::string& match) {
        std::vector<std::string> out;
        SQLite::Statement st(db, "SELECT ref FROM search_index WHERE search_index MATCH ?");
        st.bind(1, match);
        while (st.executeStep()) out.push_back(st.getColumn(0).getString());
        return out;
    };
    const auto has = [](const std::vector<std::string>& v, const std::string& x) {
        return std::find(v.begin(), v.end(), x) != v.end();
    };
    CHECK(has(refs("njdx"), "nju"));
    CHECK(has(refs("qinghuadaxue"), "tsinghua"));
    CHECK(has(refs("\"Southeast\""), "seu"));
    CHECK(has(refs("madawei"), "ma-dawei"));
    CHECK(has(refs("duyouwei"), "du-youwei"));  // pinyin column override for 都 (du)
}

TEST_CASE("the character set stored in meta is exactly what a scan of the built-in pack finds") {
    SQLite::Database db(builtin_db(), SQLite::OPEN_READONLY);
    const std::optional<std::u32string> stored = kiosk::read_stored_charset(db);
    REQUIRE(stored);
    const std::u32string scanned = kiosk::scan_text_codepoints(db);
    CHECK(stored->size() == scanned.size());
    CHECK(*stored == scanned);
    CHECK(kiosk::ContentDb(builtin_db()).all_text_codepoints() == scanned);
    // Split into parts the importer accepts (at most 8 KiB per meta value).
    CHECK(count(db, "SELECT COUNT(*) FROM meta WHERE key LIKE 'charset.%'") ==
          count(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'charset_parts'"));
    CHECK(count(db, "SELECT max(length(CAST(value AS BLOB))) FROM meta") <= 8 * 1024);
}

TEST_CASE("every character of the timeline and the batches is in the stored character set") {
    // The set is what the font atlas is built from: a character missing from it shows as "?".
    SQLite::Database db(builtin_db(), SQLite::OPEN_READONLY);
    const std::optional<std::u32string> stored = kiosk::read_stored_charset(db);
    REQUIRE(stored);
    SQLite::Statement texts(db,
                            "SELECT title_zh || summary_zh || body_zh FROM event UNION ALL "
                            "SELECT caption_zh FROM event_media UNION ALL "
                            "SELECT name_zh || place_zh FROM batch");
    int rows = 0;
    while (texts.executeStep()) {
        ++rows;
        for (char32_t c : kiosk::utf8_to_u32(texts.getColumn(0).getString())) {
            if (c < 0x20) continue;  // line breaks are not drawn as glyphs
            INFO("U+" << std::hex << static_cast<uint32_t>(c));
            CHECK(stored->find(c) != std::u32string::npos);
        }
    }
    CHECK(rows >= 6);
}

TEST_CASE("stored images respect the display and thumbnail bounds") {
    SQLite::Database db(builtin_db(), SQLite::OPEN_READONLY);
    CHECK(count(db, "SELECT COUNT(*) FROM media") > 10);
    CHECK(count(db,
                "SELECT COUNT(*) FROM media WHERE max(width, height) > 1600 OR "
                "max(thumb_width, thumb_height) > 480") == 0);
    CHECK(count(db, "SELECT COUNT(*) FROM media WHERE format = 'png'") > 0);
}

TEST_CASE("kiosk-pack build exits 1 listing every error and writes nothing") {
    test::MiniContent mc;
    mc.append("members.csv", "nju,university,重复,Dup,短,Short,长,Long,,,0\n");
    mc.append("projects.csv", "p9,7,energy,项目,Project,摘要,Summary,acme,nju,1\n");
    const fs::path out = mc.dir() / "out.db";
    const std::string log = (mc.dir() / "log.txt").string();
    const std::string cmd = std::string(KIOSK_PACK_TOOL) + " build " + mc.dir().string() + " -o " +
                            out.string() + " --version 20261201 > " + log + " 2>&1";
    const int status = std::system(cmd.c_str());
    CHECK(WEXITSTATUS(status) == 1);
    const std::string text = test::read_file(log);
    CHECK(text.find("members.csv:4: ") != std::string::npos);
    CHECK(text.find("projects.csv:3: ") != std::string::npos);
    CHECK_FALSE(fs::exists(out));

    // Fixed, the same folder builds and the tool prints a one-line summary.
    mc.write("members.csv",
             "id,kind,name_zh,name_en,short_zh,short_en,long_zh,long_en,focus_ids,logo,is_sample\n"
             "nju,university,南京大学,Nanjing University,短,Short,长,Long,energy,,0\n"
             "acme,enterprise,示例企业,Sample Co.,短,Short,长,Long,energy,,1\n");
    mc.write("projects.csv",
             "id,batch,focus_id,title_zh,title_en,summary_zh,summary_en,enterprise_ids,"
             "academic_ids,is_sample\np1,1,energy,项目,Project,摘要,Summary,acme,nju,1\n");
    CHECK(WEXITSTATUS(std::system(cmd.c_str())) == 0);
    CHECK(test::read_file(log).find("2 members") != std::string::npos);
    CHECK(fs::exists(out));
}

TEST_CASE("kiosk-pack build without --version writes nothing and says to give one") {
    test::MiniContent mc;
    const fs::path out = mc.dir() / "out.db";
    const std::string log = (mc.dir() / "log.txt").string();
    const std::string build =
        std::string(KIOSK_PACK_TOOL) + " build " + mc.dir().string() + " -o " + out.string();
    CHECK(WEXITSTATUS(std::system((build + " > " + log + " 2>&1").c_str())) == 2);
    CHECK(test::read_file(log).find("--version 20261201") != std::string::npos);
    CHECK(test::read_file(log).find("版本号") != std::string::npos);
    CHECK_FALSE(fs::exists(out));
    CHECK(WEXITSTATUS(std::system((build + " --version 0 > " + log + " 2>&1").c_str())) == 2);
    CHECK_FALSE(fs::exists(out));
    CHECK(WEXITSTATUS(std::system((build + " --version 20261201 > " + log + " 2>&1").c_str())) ==
          0);
    CHECK(test::read_file(log).find("pack version 20261201") != std::string::npos);
}

TEST_CASE("a synthetic pack has valid references and the requested counts") {
    SynthOptions o;
    o.members = 120, o.highlights = 20, o.projects = 15, o.images = 60, o.distinct_images = 3;
    const auto content = synthesize(o);
    const fs::path out = test::temp_dir("synth") / "synth.db";
    write_pack(content, PackMeta{7, "synthetic", false}, test::dict(), out.string());
    SQLite::Database db(out.string(), SQLite::OPEN_READONLY);
    CHECK(count(db, "SELECT COUNT(*) FROM member") == 120);
    CHECK(count(db, "SELECT COUNT(*) FROM highlight") == 20);
    CHECK(count(db, "SELECT COUNT(*) FROM project") == 15);
    CHECK(count(db, "SELECT COUNT(*) FROM media") == 60);
    CHECK(count(db, "SELECT COUNT(*) FROM pragma_foreign_key_check") == 0);
    CHECK(count(db,
                "SELECT COUNT(*) FROM project p WHERE (SELECT COUNT(*) FROM project_party "
                "q WHERE q.project_id = p.id) != 2") == 0);
    CHECK(count(db, "SELECT COUNT(*) FROM media WHERE format = 'png'") > 0);
    CHECK(count(db, "SELECT COUNT(*) FROM media WHERE format = 'jpeg'") > 0);
    fs::remove_all(out.parent_path());
}
