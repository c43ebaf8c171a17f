// Reading an installed pack back into rows (for exporting it as a workbook): what was built comes
// back, for every table, from format-2 and format-1 packs.
#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "kiosk/core/content_tables.h"
#include "kiosk/pack/content_source.h"
#include "kiosk/pack/pack_reader.h"
#include "kiosk/pack/pack_writer.h"
#include "mini_content.h"

using namespace kiosk::pack;
namespace content = kiosk::content;
namespace fs = std::filesystem;

namespace {

const std::string kPackV1 = std::string(KIOSK_SOURCE_DIR) + "/tests/fixtures/pack-v1.db";

long long count(SQLite::Database& db, const std::string& sql) {
    return db.execAndGet(sql).getInt64();
}

}  // namespace

TEST_CASE("a pack built from the built-in content reads back as the rows it was built from") {
    Diagnostics diag;
    auto built = load_content_dir(test::kContent, diag);
    REQUIRE(built);
    // An override whose letters split several ways ("nannin g", "nan ning", "xia n", "xi an").
    built->pinyin[PackContent::pinyin_key("member", "nju")] = "nan ning xi an";
    const std::string path = (test::temp_dir("reader") / "builtin.db").string();
    write_pack(*built, PackMeta{42, "built-in", true}, test::dict(), path);

    const PackContent read = read_pack(path, &test::dict());
    for (const content::Table& t : content::tables()) {
        if (t.source == content::Source::Builder) continue;
        INFO("table " << t.name);
        CHECK(!built->of(t.name).empty());
        CHECK(test::comparable(t, read.of(t.name)) == test::comparable(t, built->of(t.name)));
    }
    REQUIRE(read.media.size() == built->media.size());
    auto media = built->media;
    std::sort(media.begin(), media.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    for (size_t i = 0; i < media.size(); ++i) {
        INFO("media " << media[i].id);
        CHECK(read.media[i].id == media[i].id);
        CHECK(read.media[i].image->format == media[i].image->format);
        CHECK(read.media[i].image->bytes == media[i].image->bytes);
        CHECK(read.media[i].image->thumb == media[i].image->thumb);
        CHECK(read.media[i].image->width == media[i].image->width);
    }
    // Staff pinyin overrides come back spaced into syllables (sioc's skips 中国科学院).
    CHECK(read.pinyin == built->pinyin);
    CHECK(read.pinyin.at("member/sioc") == "shang hai you ji hua xue yan jiu suo");
    // Without the dictionary nothing tells an override from the computed pinyin.
    CHECK(read_pack(path, nullptr).pinyin.empty());
}

TEST_CASE("a pack's link lists come back in the order the kiosk shows their targets") {
    Diagnostics diag;
    auto built = load_content_dir(test::kContent, diag);
    REQUIRE(built);
    // The member's cell lists two focus areas against their display order, which is not the
    // order of their ids either.
    const auto& areas = built->of("focus_area");
    std::string first, later;
    for (size_t i = 0; i < areas.size() && first.empty(); ++i)
        for (size_t j = i + 1; j < areas.size() && first.empty(); ++j)
            if (value_text(areas[i].values[0]) > value_text(areas[j].values[0]))
                first = value_text(areas[i].values[0]), later = value_text(areas[j].values[0]);
    REQUIRE(!first.empty());
    auto& links = built->rows["member_focus"];
    const std::string member = value_text(built->of("member")[0].values[0]);
    std::erase_if(links, [&](const Row& r) { return value_text(r.values[0]) == member; });
    links.push_back(Row{{member, later}});
    links.push_back(Row{{member, first}});
    const std::string path = (test::temp_dir("reader-links") / "pack.db").string();
    write_pack(*built, PackMeta{1, "links", true}, test::dict(), path);

    const PackContent read = read_pack(path, &test::dict());
    const auto lists =
        linked_ids(read, *content::find_field(*content::find_table("member"), "focus_ids"));
    CHECK(lists.at(member) == std::vector<std::string>{first, later});
    // Project parties: each list holds only its own role.
    const auto enterprise =
        linked_ids(read, *content::find_field(*content::find_table("project"), "enterprise_ids"));
    const auto academic =
        linked_ids(read, *content::find_field(*content::find_table("project"), "academic_ids"));
    CHECK(enterprise.at("sample-project-01") == std::vector<std::string>{"sample-energy-co"});
    CHECK(academic.at("sample-project-01") == std::vector<std::string>{"sample-materials-inst"});
}

TEST_CASE("a format-1 pack reads back, its batches made from its projects") {
    SQLite::Database db(kPackV1, SQLite::OPEN_READONLY);
    REQUIRE(db.execAndGet("PRAGMA user_version").getInt() == 1);
    const PackContent read = read_pack(kPackV1, &test::dict());
    for (const content::Table& t : content::tables()) {
        if (t.source == content::Source::Builder || t.since_version > 1) continue;
        INFO("table " << t.name);
        CHECK((long long)read.count(t.name) ==
              count(db, std::string("SELECT COUNT(*) FROM ") + t.name));
    }
    CHECK((long long)read.media.size() == count(db, "SELECT COUNT(*) FROM media"));
    CHECK(read.count("event") == 0);
    const auto& batches = read.of("batch");
    REQUIRE((long long)batches.size() == count(db, "SELECT COUNT(DISTINCT batch) FROM project"));
    const auto cols = content::columns(*content::find_table("batch"));
    for (size_t i = 0; i < batches.size(); ++i) {
        for (size_t c = 0; c < cols.size(); ++c) {
            const std::string v = value_text(batches[i].values[c]);
            if (cols[c].name == "number") CHECK(v == std::to_string(i + 1));
            if (cols[c].name == "name_zh") CHECK(v == "第" + std::to_string(i + 1) + "批");
            if (cols[c].name == "name_en") CHECK(v == "Batch " + std::to_string(i + 1));
        }
    }
    // Rows in display order: the first member is the one with the lowest sort.
    const std::string first =
        db.execAndGet("SELECT id FROM member ORDER BY sort LIMIT 1").getString();
    CHECK(value_text(read.of("member")[0].values[0]) == first);
}

TEST_CASE("a file that is not a pack is refused with what to do, in Chinese first") {
    const fs::path dir = test::temp_dir("reader-bad");
    const std::string bad = (dir / "not-a-pack.db").string();
    { std::ofstream(bad) << "hello, this is text"; }
    for (const std::string& path : {bad, (dir / "missing.db").string()}) {
        INFO(path);
        try {
            read_pack(path, nullptr);
            FAIL("read");
        } catch (const std::runtime_error& e) {
            const std::string what = e.what();
            CHECK(what.rfind("内容包", 0) == 0);
            CHECK(what.find(" / Content pack") != std::string::npos);
        }
    }
}
