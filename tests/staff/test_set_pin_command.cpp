// `kiosk-pack set-pin`: what an admin types decides whether the PIN file is written.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <sstream>

#include "kiosk/staff/set_pin_command.h"
#include "kiosk/staff/staff_pin.h"

using namespace kiosk::staff;
namespace fs = std::filesystem;

namespace {

// Runs set-pin with `typed` as standard input.
int run_set_pin(const std::string& typed, const std::vector<std::string>& args) {
    std::istringstream in(typed);
    std::streambuf* saved = std::cin.rdbuf(in.rdbuf());
    const int status = cmd_set_pin(args);
    std::cin.rdbuf(saved);
    return status;
}

fs::path fresh_path() {
    std::string tmpl = (fs::temp_directory_path() / "set-pin-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    return fs::path(tmpl) / "staff-pin";
}

}  // namespace

TEST_CASE("set-pin stores a hash that the same PIN opens", "[staff][cli]") {
    const fs::path file = fresh_path();
    REQUIRE(run_set_pin("482916\n482916\n", {"--file", file.string()}) == 0);
    const std::string hash = load_pin_hash(file.string());
    CHECK(verify_pin(hash, "482916"));
    CHECK_FALSE(verify_pin(hash, "482917"));
    fs::remove_all(file.parent_path());
}

TEST_CASE("set-pin refuses two different PINs and writes nothing", "[staff][cli]") {
    const fs::path file = fresh_path();
    CHECK(run_set_pin("123456\n654321\n", {"--file", file.string()}) == 1);
    CHECK_FALSE(fs::exists(file));
    fs::remove_all(file.parent_path());
}

TEST_CASE("set-pin refuses a PIN that is not 6-12 digits", "[staff][cli]") {
    const fs::path file = fresh_path();
    CHECK(run_set_pin("12\n12\n", {"--file", file.string()}) == 1);
    CHECK(run_set_pin("2468\n2468\n", {"--file", file.string()}) == 1);
    CHECK(run_set_pin("24681\n24681\n", {"--file", file.string()}) == 1);
    CHECK(run_set_pin("12ab\n12ab\n", {"--file", file.string()}) == 1);
    CHECK_FALSE(fs::exists(file));
    CHECK(run_set_pin("", {"--bogus"}) == 2);
    fs::remove_all(file.parent_path());
}
