// Building from a content workbook: what the kiosk exports comes back as the same rows, and every
// problem names its sheet and cell, Chinese first.
#include <xlsxwriter.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "kiosk/pack/content_source.h"
#include "kiosk/pack/pack_reader.h"
#include "kiosk/pack/pack_writer.h"
#include "kiosk/pack/row_reader.h"
#include "kiosk/pack/workbook_source.h"
#include "kiosk/pack/workbook_writer.h"
#include "mini_content.h"

using namespace kiosk::pack;
namespace content = kiosk::content;
namespace fs = std::filesystem;

namespace {

PackContent builtin() {
    Diagnostics diag;
    auto loaded = load_content_dir(test::kContent, diag);
    REQUIRE(loaded);
    return std::move(*loaded);
}

// The column of `name` in `table`'s rows.
size_t column(const std::string& table, const std::string& name) {
    const auto cols = content::columns(*content::find_table(table));
    for (size_t i = 0; i < cols.size(); ++i)
        if (cols[i].name == name) return i;
    FAIL("no column " << name << " in " << table);
    return 0;
}

std::string dump(const Diagnostics& diag) {
    std::string s;
    for (const auto& e : diag.errors()) s += e + "\n";
    return s;
}

bool has_error(const Diagnostics& diag, const std::string& start, const std::string& what) {
    for (const auto& e : diag.errors())
        if (e.starts_with(start) && e.find(what) != std::string::npos) return true;
    return false;
}

// `content` written as the kiosk exports it, then read back as a workbook.
std::optional<PackContent> through_workbook(const PackContent& content, Diagnostics& diag,
                                            const std::string& tag) {
    const fs::path dir = test::temp_dir(tag);
    write_workbook(content, dir.string());
    return load_workbook((dir / kWorkbookFile).string(), diag);
}

}  // namespace

TEST_CASE("a workbook exported from a pack builds the same rows again") {
    const std::string pack = (test::temp_dir("wb-round") / "installed.db").string();
    write_pack(builtin(), PackMeta{7, "built-in", true}, test::dict(), pack);
    const PackContent exported = read_pack(pack, &test::dict());

    Diagnostics diag;
    const auto imported = through_workbook(exported, diag, "wb-round-out");
    INFO(dump(diag));
    REQUIRE(imported);
    for (const content::Table& t : content::tables()) {
        if (t.source == content::Source::Builder) continue;
        INFO("table " << t.name);
        CHECK(!exported.of(t.name).empty());
        CHECK(test::comparable(t, imported->of(t.name)) ==
              test::comparable(t, exported.of(t.name)));
    }
    CHECK(imported->pinyin == exported.pinyin);
    REQUIRE(imported->media.size() == exported.media.size());
    for (size_t i = 0; i < exported.media.size(); ++i) {
        bool found = false;
        for (const MediaRow& m : imported->media)
            if (m.id == exported.media[i].id) {
                found = true;
                CHECK(m.image->width == exported.media[i].image->width);
                CHECK(m.image->height == exported.media[i].image->height);
                // Not encoded again: the kiosk would otherwise show staff every picture as
                // changed, and each round trip would lose a little of each photo.
                CHECK(m.image->bytes == exported.media[i].image->bytes);
            }
        CHECK(found);
    }
    // Nothing but the workbook's own sheets was noted (help and lists are not content).
    CHECK(diag.notices().empty());
}

TEST_CASE("a workbook's problems name the sheet and cell, Chinese first, then English") {
    PackContent c = builtin();
    auto& members = c.rows["member"];
    REQUIRE(members.size() > 3);
    members[2].values[column("member", "kind")] = std::string("大学");
    members[3].values[column("member", "name_zh")] = std::string();
    auto& projects = c.rows["project"];
    projects[0].values[column("project", "batch")] = 9LL;  // a batch the workbook lacks

    Diagnostics diag;
    CHECK_FALSE(through_workbook(c, diag, "wb-bad"));
    INFO(dump(diag));
    // Row 1 is the header: the third member is on row 4; kind is the second column.
    CHECK(has_error(diag, "成员 members!B4: kind：“大学”无效，可选：高校、科研院所",
                    "/ kind: \"大学\" is not one of: university (University)"));
    CHECK(
        has_error(diag, "成员 members!C5: name_zh：中文内容为空，请填写", "Chinese text is empty"));
    CHECK(has_error(diag, "签约项目 projects!B2: batch：在 签约批次 batches 中找不到“9”",
                    "add that row there first"));
    CHECK(diag.errors().size() == 3);
}

TEST_CASE("a reference may be written as the name a workbook's dropdown shows") {
    PackContent c = builtin();
    const auto& batches = c.of("batch");
    REQUIRE(batches.size() >= 2);
    const std::string second = value_text(batches[1].values[column("batch", "name_zh")]);
    // The writer shows a project's batch by its name; the loader maps it back to the number.
    Diagnostics diag;
    const auto back = through_workbook(c, diag, "wb-names");
    INFO(dump(diag));
    REQUIRE(back);
    const content::Table& projects = *content::find_table("project");
    CHECK(test::comparable(projects, back->of("project")) ==
          test::comparable(projects, c.of("project")));
    bool any_second = false;
    for (const Row& p : back->of("project"))
        any_second |= value_text(p.values[column("project", "batch")]) ==
                      value_text(batches[1].values[column("batch", "number")]);
    CHECK(any_second);
    CHECK(!second.empty());
}

TEST_CASE("a column named twice in a sheet's header is reported at its second cell") {
    // The table a sheet becomes (workbook_source.cpp): header names with their sheet columns.
    CsvTable t;
    t.file = "成员 members";
    t.header = {"id", "kind", "name_zh", "id"};
    t.sheet_columns = {1, 2, 3, 6};
    Diagnostics diag;
    check_columns(t, {"id", "kind", "name_zh"}, {}, diag);
    INFO(dump(diag));
    CHECK(has_error(diag, "成员 members!F1: 表头中的列“id”重复（成员 members!A1已有同名的列）",
                    "/ column \"id\" appears twice in the header row (also 成员 members!A1); "
                    "remove or rename one of them"));
    CHECK(diag.errors().size() == 1);
}

TEST_CASE("a workbook missing a table's sheet says which sheet to keep") {
    const fs::path dir = test::temp_dir("wb-sheets");
    const std::string path = (dir / "content.xlsx").string();
    lxw_workbook* wb = workbook_new(path.c_str());
    lxw_worksheet* ws = workbook_add_worksheet(wb, "说明 help");
    worksheet_write_string(ws, 0, 0, "只有说明", nullptr);
    REQUIRE(workbook_close(wb) == LXW_NO_ERROR);

    Diagnostics diag;
    CHECK_FALSE(load_workbook(path, diag));
    INFO(dump(diag));
    CHECK(has_error(diag, "成员 members: 缺少工作表“成员 members”",
                    "missing sheet \"成员 members\"; start from the workbook the kiosk exports"));
}

TEST_CASE("kiosk-pack build takes a workbook, and refuses an .xls saved by mistake") {
    const fs::path dir = test::temp_dir("wb-cli");
    const std::string tool = KIOSK_PACK_TOOL;
    write_workbook(builtin(), (dir / "ok").string());
    CHECK(std::system((tool + " build " + (dir / "ok" / kWorkbookFile).string() + " -o " +
                       (dir / "from-workbook.db").string() + " --version 9 > /dev/null")
                          .c_str()) == 0);
    CHECK(fs::file_size(dir / "from-workbook.db") > 0);

    // An old-format Excel file: the OLE2 signature, then nothing useful.
    std::ofstream(dir / "content.xls", std::ios::binary)
        << std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) << std::string(504, '\0');
    const std::string err = (dir / "err.txt").string();
    CHECK(std::system((tool + " build " + (dir / "content.xls").string() + " -o " +
                       (dir / "no.db").string() + " --version 9 2> " + err)
                          .c_str()) != 0);
    const std::string said = test::read_file(err);
    CHECK(said.find(".xlsx") != std::string::npos);
    CHECK(said.find("另存为") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "no.db"));
}
