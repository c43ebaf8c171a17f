// build_workbook before the builder runs: what it takes off the stick, and what it refuses.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "kiosk/update/workbook_build.h"

namespace fs = std::filesystem;
using kiosk::update::build_workbook;
using kiosk::update::WorkbookBuildOptions;

namespace {
struct Stick {
    fs::path root = fs::temp_directory_path() / ("workbook-build-" + std::to_string(::getpid()));
    fs::path content = root / "stick" / "kiosk" / "content";
    fs::path data = root / "data";
    Stick() {
        fs::create_directories(content / "images");
        fs::create_directories(data);
        std::ofstream(content / "members.csv") << "id,kind\n";
        std::ofstream(root / "elsewhere.csv") << "secret\n";
    }
    ~Stick() { fs::remove_all(root); }
    WorkbookBuildOptions options(const std::string& tool = "/nonexistent/kiosk-pack") const {
        WorkbookBuildOptions o;
        o.source = content.string();
        o.data_dir = data.string();
        o.pack_tool = tool;
        o.installed_pack = (data / "none.db").string();
        return o;
    }
};
}  // namespace

TEST_CASE("a link on the stick is not followed: it is named, and nothing is built", "[workbook]") {
    Stick s;
    fs::create_symlink(s.root / "elsewhere.csv", s.content / "people.csv");
    const auto b = build_workbook(s.options());
    CHECK_FALSE(b.ok);
    REQUIRE(b.problems.size() == 1);
    CHECK(b.problems[0].find("kiosk/content/people.csv") != std::string::npos);
    CHECK(b.problems[0].find("not an ordinary file") != std::string::npos);
    CHECK_FALSE(fs::exists(s.data / "workbook-source" / "content" / "people.csv"));
    CHECK_FALSE(fs::exists(s.data / "workbook-candidate.db"));
}

TEST_CASE("the stick's files beyond the size cap are refused before any build", "[workbook]") {
    Stick s;
    std::ofstream(s.content / "images" / "big.jpg") << std::string(5000, 'x');
    auto o = s.options();
    o.max_source_bytes = 1000;
    const auto b = build_workbook(o);
    CHECK_FALSE(b.ok);
    REQUIRE(b.problems.size() == 1);
    CHECK(b.problems[0].find("too big") != std::string::npos);
}

TEST_CASE("a builder that cannot start is reported, with the source copied aside", "[workbook]") {
    Stick s;
    const auto b = build_workbook(s.options());
    CHECK_FALSE(b.ok);
    REQUIRE(b.problems.size() == 1);
    CHECK(b.problems[0].find("cannot be started") != std::string::npos);
    CHECK(fs::exists(s.data / "workbook-source" / "content" / "members.csv"));
    CHECK(b.source_name == "kiosk/content/");
}
