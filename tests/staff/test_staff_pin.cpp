// Staff PIN: hashing, the hash file, and the lockout after five wrong PINs.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "kiosk/staff/staff_pin.h"

using namespace kiosk::staff;
namespace fs = std::filesystem;

namespace {

const std::string& hash_of_2468() {
    static const std::string hash = hash_pin("2468");  // hashing is deliberately slow: do it once
    return hash;
}

struct TempDir {
    fs::path path;
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "staff-pin-XXXXXX").string();
        REQUIRE(mkdtemp(tmpl.data()) != nullptr);
        path = tmpl;
    }
    ~TempDir() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("a PIN verifies against its hash and nothing else does", "[pin]") {
    const std::string& hash = hash_of_2468();
    CHECK(hash.rfind("$argon2", 0) == 0);
    CHECK(hash.find("2468") == std::string::npos);
    CHECK(verify_pin(hash, "2468"));
    CHECK_FALSE(verify_pin(hash, "2469"));
    CHECK_FALSE(verify_pin(hash, ""));
    CHECK_FALSE(verify_pin("", "2468"));
    CHECK_FALSE(verify_pin("not a hash", "2468"));
    CHECK(hash_pin("2468") != hash);  // salted: the same PIN never gives the same hash
}

TEST_CASE("a PIN that is not 4 to 12 digits is refused with a clear error", "[pin]") {
    CHECK_THROWS_WITH(hash_pin("12"), Catch::Contains("4 to 12 digits"));
    CHECK_THROWS_AS(hash_pin(""), PinError);
    CHECK_THROWS_AS(hash_pin("12ab"), PinError);
    CHECK_THROWS_AS(hash_pin("1234567890123"), PinError);
}

TEST_CASE("five wrong PINs lock the panel for five minutes", "[pin]") {
    PinGate gate(hash_of_2468());
    REQUIRE(gate.can_open());
    double now = 1000;
    for (int i = 1; i <= 4; ++i) {
        CHECK(gate.try_pin("0000", now += 1) == PinResult::Wrong);
        CHECK(gate.attempts_left(now) == 5 - i);
    }
    CHECK(gate.try_pin("0000", now += 1) == PinResult::LockedOut);
    CHECK(gate.lockout_remaining(now) == Approx(300));
    CHECK(gate.attempts_left(now) == 0);
    // Even the right PIN is refused while locked.
    CHECK(gate.try_pin("2468", now + 100) == PinResult::LockedOut);
    CHECK(gate.lockout_remaining(now + 100) == Approx(200));
    CHECK(gate.locked(now + 299));
    // After five minutes: open again, with a full set of tries.
    CHECK_FALSE(gate.locked(now + 300));
    CHECK(gate.lockout_remaining(now + 300) == 0);
    CHECK(gate.attempts_left(now + 300) == 5);
    CHECK(gate.try_pin("1111", now + 301) == PinResult::Wrong);
    CHECK(gate.attempts_left(now + 301) == 4);
    CHECK(gate.try_pin("2468", now + 302) == PinResult::Accepted);
}

TEST_CASE("a right PIN resets the count of wrong ones", "[pin]") {
    PinGate gate(hash_of_2468());
    for (int i = 0; i < 4; ++i) REQUIRE(gate.try_pin("9999", i) == PinResult::Wrong);
    CHECK(gate.try_pin("2468", 5) == PinResult::Accepted);
    CHECK(gate.attempts_left(5) == 5);
    for (int i = 0; i < 4; ++i) CHECK(gate.try_pin("9999", 6 + i) == PinResult::Wrong);
}

TEST_CASE("without a PIN hash the panel cannot open, and says so", "[pin]") {
    TempDir dir;
    const std::string missing = (dir.path / "staff-pin").string();
    PinGate gate = PinGate::from_file(missing);
    CHECK_FALSE(gate.can_open());
    CHECK(gate.try_pin("2468", 0) == PinResult::NoPinSet);
    CHECK_THAT(PinGate::message_en(PinResult::NoPinSet, 0, 0), Catch::Contains("No staff PIN"));
    CHECK_FALSE(PinGate::message_zh(PinResult::NoPinSet, 0, 0).empty());

    std::ofstream(missing) << "\n";  // empty file
    CHECK_FALSE(PinGate::from_file(missing).can_open());
    std::ofstream(missing) << "2468\n";  // a plain PIN is not a hash
    CHECK_FALSE(PinGate::from_file(missing).can_open());
}

TEST_CASE("the hash file is stored private and read back", "[pin]") {
    TempDir dir;
    const std::string file = (dir.path / "staff-pin").string();
    set_pin_file(file, "13579");
    struct stat st {};
    REQUIRE(stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK_FALSE(fs::exists(file + ".tmp"));
    PinGate gate = PinGate::from_file(file);
    CHECK(gate.can_open());
    CHECK(gate.try_pin("13579", 0) == PinResult::Accepted);
    CHECK_THROWS_WITH(store_pin_hash((dir.path / "no/such/dir/pin").string(), hash_of_2468()),
                      Catch::Contains("no/such/dir"));
    CHECK_THROWS_AS(store_pin_hash(file, "plain"), PinError);
}

TEST_CASE("messages say how many tries are left and how long to wait", "[pin]") {
    CHECK_THAT(PinGate::message_en(PinResult::Wrong, 3, 0), Catch::Contains("3 tries left"));
    CHECK_THAT(PinGate::message_zh(PinResult::Wrong, 3, 0), Catch::Contains("3"));
    CHECK_THAT(PinGate::message_en(PinResult::LockedOut, 0, 299.2), Catch::Contains("5 min 0 s"));
    CHECK_THAT(PinGate::message_zh(PinResult::LockedOut, 0, 61), Catch::Contains("1 分 1 秒"));
    CHECK(PinGate::message_en(PinResult::Accepted, 5, 0).empty());
}
