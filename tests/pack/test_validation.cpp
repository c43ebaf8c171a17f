// Validation of a content folder: every error reported as file:line, all of them at once.
#include <catch2/catch.hpp>

#include "kiosk/pack/content_source.h"
#include "mini_content.h"

using namespace kiosk::pack;
using kiosk::pack::test::MiniContent;

namespace {

std::vector<std::string> errors_of(const MiniContent& mc) {
    Diagnostics diag;
    const auto content = load_content_dir(mc.dir().string(), diag);
    CHECK_FALSE(content);
    return diag.errors();
}

// True when some error starts with `where` ("members.csv:3: ") and mentions `what`.
bool has_error(const std::vector<std::string>& errors, const std::string& where,
               const std::string& what) {
    for (const auto& e : errors)
        if (e.starts_with(where) && e.find(what) != std::string::npos) return true;
    return false;
}

std::string dump(const std::vector<std::string>& errors) {
    std::string s;
    for (const auto& e : errors) s += e + "\n";
    return s;
}

}  // namespace

TEST_CASE("the minimal folder is valid and loads completely") {
    MiniContent mc;
    Diagnostics diag;
    const auto content = load_content_dir(mc.dir().string(), diag);
    INFO(dump(diag.errors()));
    REQUIRE(content);
    CHECK(content->count("member") == 2);
    CHECK(content->count("highlight_media") == 1);
    CHECK(content->count("batch") == 2);
    CHECK(content->count("event") == 1);
    CHECK(content->count("event_media") == 1);
    CHECK(content->count("event_person") == 1);
    CHECK(content->media.size() == 1);  // one file used by a highlight and an event
    // The enterprise side of p1 became a project_party row with its role.
    const auto& party = content->of("project_party");
    REQUIRE(party.size() == 2);
    CHECK(value_text(party[0].values[1]) == "acme");
    CHECK(value_text(party[0].values[2]) == "enterprise");
}

TEST_CASE("duplicate and missing ids are reported on their lines") {
    MiniContent mc;
    mc.append("members.csv",
              "nju,university,南京大学2,NJU 2,短,Short,长,Long,,,0\n"
              ",university,无编号,No id,短,Short,长,Long,,,0\n");
    const auto errors = errors_of(mc);
    INFO(dump(errors));
    CHECK(has_error(errors, "members.csv:4: ", "used twice (first at members.csv:2)"));
    CHECK(has_error(errors, "members.csv:5: ", "every row needs an id"));
}

TEST_CASE("unknown references are reported with the file and line of the reference") {
    MiniContent mc;
    mc.append("projects.csv", "p2,2,energy,项目2,Project 2,摘要,Summary,ghost,nju,1\n");
    mc.append("members.csv", "x,enterprise,企业,Co,短,Short,长,Long,plasma,,1\n");
    mc.append("people.csv", "li,李全,Li Quan,院士,Academician,东南大学,SEU,seu,1,1,简介,Bio,,0\n");
    mc.append("highlight_images.csv", "h9,pic.png,图,Pic\n");
    const auto errors = errors_of(mc);
    INFO(dump(errors));
    CHECK(has_error(errors, "projects.csv:3: ", "\"ghost\" is not an id in members.csv"));
    CHECK(has_error(errors, "members.csv:4: ", "\"plasma\" is not an id in focus_areas.csv"));
    CHECK(has_error(errors, "people.csv:3: ", "\"seu\" is not an id in members.csv"));
    CHECK(has_error(errors, "highlight_images.csv:3: ", "\"h9\" is not an id in highlights.csv"));
}

TEST_CASE("kinds and flags may be written as the labels a workbook's dropdowns show") {
    MiniContent mc;
    mc.append("members.csv", "y,高校,某大学,Some U,短,Short,长,Long,,,是\n");
    mc.append("members.csv", "z,enterprise,某企业,Some Co,短,Short,长,Long,,,no\n");
    mc.append("members.csv", "w,Financial institution,某银行,Some Bank,短,Short,长,Long,,,TRUE\n");
    Diagnostics diag;
    const auto content = load_content_dir(mc.dir().string(), diag);
    INFO(dump(diag.errors()));
    REQUIRE(content);
    const auto& members = content->of("member");
    const auto column = [&](const char* name) {
        const auto cols = kiosk::content::columns(*kiosk::content::find_table("member"));
        for (size_t i = 0; i < cols.size(); ++i)
            if (cols[i].name == name) return i;
        FAIL("no column " << name);
        return size_t{0};
    };
    const auto cell = [&](size_t row, const char* name) {
        return value_text(members.at(row).values.at(column(name)));
    };
    REQUIRE(members.size() == 5);
    CHECK(cell(2, "kind") == "university");
    CHECK(cell(2, "is_sample") == "1");
    CHECK(cell(3, "kind") == "enterprise");
    CHECK(cell(3, "is_sample") == "0");
    CHECK(cell(4, "kind") == "finance");
    CHECK(cell(4, "is_sample") == "1");
}

TEST_CASE("bad kind, batch, colour, icon and flags are reported") {
    MiniContent mc;
    mc.append("members.csv", "y,company,企业,Co,短,Short,长,Long,,,maybe\n");
    mc.append("projects.csv", "p2,4,energy,项目,Project,摘要,Summary,acme,nju,1\n");
    mc.append("focus_areas.csv", "nano,纳米材料,Nano,简介,Summary,teal,not-an-icon\n");
    const auto errors = errors_of(mc);
    INFO(dump(errors));
    CHECK(has_error(errors, "members.csv:4: ", "kind: \"company\" is not one of"));
    // Chinese first, with the labels staff know, and what to pick from.
    CHECK(has_error(errors, "members.csv:4: kind：“company”无效，可选：高校、科研院所", ""));
    CHECK(has_error(errors, "members.csv:4: ", "is_sample: \"maybe\" must be 1"));
    CHECK(has_error(errors, "members.csv:4: ", "is_sample：“maybe”无效，请填“是”或“否”"));
    CHECK(has_error(errors, "projects.csv:3: ", "batch: \"4\" is not a number in batches.csv"));
    CHECK(has_error(errors, "focus_areas.csv:3: ", "color: \"teal\" is not a colour"));
    CHECK(has_error(errors, "focus_areas.csv:3: ", "icon: \"not-an-icon\""));
}

TEST_CASE("project parties must be of the right kind") {
    MiniContent mc;
    mc.append("projects.csv", "p2,2,energy,项目,Project,摘要,Summary,nju,acme,1\n");
    const auto errors = errors_of(mc);
    INFO(dump(errors));
    CHECK(has_error(errors, "projects.csv:3: ", "\"nju\" is a member of kind university"));
    CHECK(has_error(errors, "projects.csv:3: ", "\"acme\" is a member of kind enterprise"));
}

TEST_CASE("empty zh/en texts and over-long texts are reported") {
    MiniContent mc;
    mc.append("bases.csv", "b2,,Base 2,简介,,0\n");
    mc.append("bases.csv", "b3," + std::string(200 * 3, 'x') + ",Base 3,简介,Summary,0\n");
    const auto errors = errors_of(mc);
    INFO(dump(errors));
    CHECK(has_error(errors, "bases.csv:3: ", "name_zh: the Chinese text is empty"));
    CHECK(has_error(errors, "bases.csv:3: ", "summary_en: the English text is empty"));
    CHECK(has_error(errors, "bases.csv:4: ", "too long: 600 characters, at most 120"));
}

TEST_CASE("missing and unreadable image files are reported where they are used") {
    MiniContent mc;
    mc.append("highlight_images.csv", "h1,missing.jpg,图,Pic\n");
    mc.write("images/broken.jpg", "this is not a JPEG at all");
    mc.append("highlight_images.csv", "h1,broken.jpg,图,Pic\n");
    const auto errors = errors_of(mc);
    INFO(dump(errors));
    CHECK(has_error(errors, "highlight_images.csv:3: ", "images/missing.jpg not found"));
    CHECK(has_error(errors, "highlight_images.csv:4: ", "images/broken.jpg cannot be used"));
}

TEST_CASE("missing files, missing and unknown columns are reported") {
    MiniContent mc;
    std::filesystem::remove(mc.path("bases.csv"));
    mc.write("vision.csv", "id,keyword_zh,keyword,text_zh,text_en\nsource,策源地,Source,文,Text\n");
    const auto errors = errors_of(mc);
    INFO(dump(errors));
    CHECK(has_error(errors, "bases.csv: ", "missing file"));
    CHECK(has_error(errors, "vision.csv:1: ", "missing column \"keyword_en\""));
    CHECK(has_error(errors, "vision.csv:1: ", "unknown column \"keyword\""));
}

TEST_CASE("a column named twice in a header is reported, not silently read once") {
    MiniContent mc;
    mc.write(
        "vision.csv",
        "id,keyword_zh,keyword_en,text_zh,text_en,Text_EN\nsource,策源地,Source,文,Text,Lost\n");
    const auto errors = errors_of(mc);
    INFO(dump(errors));
    CHECK(has_error(
        errors,
        "vision.csv:1: 表头中的列“text_en”重复（第 5 列已有同名的列）；请删除或改名其中一列",
        "/ column \"text_en\" appears twice in the header row (also column 5); remove "
        "or rename one of them"));
    CHECK(errors.size() == 1);
}

TEST_CASE("several errors in several files are all reported in one run") {
    MiniContent mc;
    mc.append("members.csv", "acme,enterprise,重复,Dup,短,Short,长,Long,,,1\n");
    mc.append("people.csv", "ma,马大为,Ma,院士,Academician,所,Inst,,1,0,简介,,,0\n");
    mc.append("projects.csv", "p1,1,energy,项目,Project,摘要,Summary,acme,nju,1\n");
    mc.write("alliance.csv", "key,zh,en\nname,联盟,Alliance\n");
    const auto errors = errors_of(mc);
    INFO(dump(errors));
    CHECK(has_error(errors, "members.csv:4: ", "used twice"));
    CHECK(has_error(errors, "people.csv:3: ", "used twice"));
    CHECK(has_error(errors, "people.csv:3: ", "bio_en: the English text is empty"));
    CHECK(has_error(errors, "projects.csv:3: ", "used twice"));
    CHECK(has_error(errors, "alliance.csv: ", "missing the row with key \"intro\""));
    CHECK(errors.size() >= 5);
}

TEST_CASE("a fourth signing batch is one more row of batches.csv") {
    MiniContent mc;
    mc.append("batches.csv", "4,2025-03-01,第四批签约,Fourth batch,,,1\n");
    mc.append("projects.csv", "p2,4,energy,项目2,Project 2,摘要,Summary,acme,nju,1\n");
    Diagnostics diag;
    const auto content = load_content_dir(mc.dir().string(), diag);
    INFO(dump(diag.errors()));
    REQUIRE(content);
    CHECK(content->count("batch") == 3);
    CHECK(content->count("project") == 2);
}

TEST_CASE("bad events are reported on their lines: date, links, pictures") {
    MiniContent mc;
    mc.append("events.csv",
              "late,2024-02-30,晚,Late,摘要,Summary,正文,Body,,,,,0\n"
              "words,next spring,春,Spring,摘要,Summary,正文,Body,,,,,0\n"
              "linked,2024-05-01,链接,Links,摘要,Summary,正文,Body,ghost,p9,b1;b1,ma,0\n");
    mc.append("event_images.csv", "late,nowhere.png,图,Pic\nnobody,pic.png,图,Pic\n");
    const auto errors = errors_of(mc);
    INFO(dump(errors));
    CHECK(
        has_error(errors, "events.csv:3: ", "date: \"2024-02-30\" is not a date like 2024-04-28"));
    CHECK(has_error(errors, "events.csv:4: ", "date: \"next spring\" is not a date"));
    CHECK(has_error(errors, "events.csv:5: ", "member_ids: \"ghost\" is not an id in members.csv"));
    CHECK(has_error(errors, "events.csv:5: ", "project_ids: \"p9\" is not an id in projects.csv"));
    CHECK(has_error(errors, "events.csv:5: ", "base_ids: \"b1\" is listed twice"));
    CHECK(has_error(errors, "event_images.csv:3: ", "images/nowhere.png not found"));
    CHECK(has_error(errors, "event_images.csv:4: ", "\"nobody\" is not an id in events.csv"));
}

TEST_CASE("a content folder from before the timeline is told which files to add") {
    MiniContent mc;
    std::filesystem::remove(mc.path("events.csv"));
    std::filesystem::remove(mc.path("batches.csv"));
    const auto errors = errors_of(mc);
    INFO(dump(errors));
    CHECK(has_error(errors, "events.csv: ", "missing file"));
    CHECK(has_error(errors, "events.csv: ", "id,date,title_zh,title_en,summary_zh"));
    CHECK(has_error(errors, "batches.csv: ", "number,date,name_zh,name_en,place_zh,place_en"));
}
