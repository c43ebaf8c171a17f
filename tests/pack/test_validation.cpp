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
    CHECK(content->members.size() == 2);
    CHECK(content->highlights.at(0).gallery.size() == 1);
    CHECK(content->media.size() == 1);
    CHECK(content->projects.at(0).enterprise_ids == std::vector<std::string>{"acme"});
}

TEST_CASE("duplicate and missing ids are reported on their lines") {
    MiniContent mc;
    mc.append("members.csv",
              "nju,university,南京大学2,NJU 2,短,Short,长,Long,,,0\n"
              ",university,无编号,No id,短,Short,长,Long,,,0\n");
    const auto errors = errors_of(mc);
    INFO(dump(errors));
    CHECK(has_error(errors, "members.csv:4: ", "used twice (first on line 2)"));
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

TEST_CASE("bad kind, batch, colour, icon and flags are reported") {
    MiniContent mc;
    mc.append("members.csv", "y,company,企业,Co,短,Short,长,Long,,,yes\n");
    mc.append("projects.csv", "p2,4,energy,项目,Project,摘要,Summary,acme,nju,1\n");
    mc.append("focus_areas.csv", "nano,纳米材料,Nano,简介,Summary,teal,not-an-icon\n");
    const auto errors = errors_of(mc);
    INFO(dump(errors));
    CHECK(has_error(errors, "members.csv:4: ", "kind: \"company\" is not one of"));
    CHECK(has_error(errors, "members.csv:4: ", "is_sample: \"yes\" must be 1"));
    CHECK(has_error(errors, "projects.csv:3: ", "batch: \"4\" must be a whole number from 1 to 3"));
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
