// Staff PIN: hashing, the hash file, and the lockout after five wrong PINs (kept across restarts).
#include <catch2/catch.hpp>

#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "kiosk/staff/staff_pin.h"

using namespace kiosk::staff;
namespace fs = std::filesystem;

namespace {

const std::string& hash_of_246813() {
    static const std::string hash = hash_pin("246813");  // hashing is deliberately slow: do it once
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
    const std::string& hash = hash_of_246813();
    CHECK(hash.rfind("$argon2", 0) == 0);
    CHECK(hash.find("246813") == std::string::npos);
    CHECK(verify_pin(hash, "246813"));
    CHECK_FALSE(verify_pin(hash, "246814"));
    CHECK_FALSE(verify_pin(hash, ""));
    CHECK_FALSE(verify_pin("", "246813"));
    CHECK_FALSE(verify_pin("not a hash", "246813"));
    CHECK(hash_pin("246813") != hash);  // salted: the same PIN never gives the same hash
}

TEST_CASE("a PIN that is not 6 to 12 digits is refused with a clear error", "[pin]") {
    CHECK_THROWS_WITH(hash_pin("12"), Catch::Contains("6 to 12 digits"));
    CHECK_THROWS_WITH(hash_pin("2468"), Catch::Contains("6 到 12 位数字"));
    CHECK_THROWS_AS(hash_pin("24681"), PinError);
    CHECK_NOTHROW(check_pin_format("246813"));
    CHECK_THROWS_AS(hash_pin(""), PinError);
    CHECK_THROWS_AS(hash_pin("12ab"), PinError);
    CHECK_THROWS_AS(hash_pin("1234567890123"), PinError);
}

TEST_CASE("five wrong PINs lock the panel for five minutes", "[pin]") {
    PinGate gate(hash_of_246813());
    REQUIRE(gate.can_open());
    double now = 1000;
    for (int i = 1; i <= 4; ++i) {
        CHECK(gate.try_pin("000000", now += 1) == PinResult::Wrong);
        CHECK(gate.attempts_left(now) == 5 - i);
    }
    CHECK(gate.try_pin("000000", now += 1) == PinResult::LockedOut);
    CHECK(gate.lockout_remaining(now) == Approx(300));
    CHECK(gate.attempts_left(now) == 0);
    // Even the right PIN is refused while locked.
    CHECK(gate.try_pin("246813", now + 100) == PinResult::LockedOut);
    CHECK(gate.lockout_remaining(now + 100) == Approx(200));
    CHECK(gate.locked(now + 299));
    // After five minutes: open again, with a full set of tries.
    CHECK_FALSE(gate.locked(now + 300));
    CHECK(gate.lockout_remaining(now + 300) == 0);
    CHECK(gate.attempts_left(now + 300) == 5);
    CHECK(gate.try_pin("111111", now + 301) == PinResult::Wrong);
    CHECK(gate.attempts_left(now + 301) == 4);
    CHECK(gate.try_pin("246813", now + 302) == PinResult::Accepted);
}

TEST_CASE("a right PIN resets the count of wrong ones", "[pin]") {
    PinGate gate(hash_of_246813());
    for (int i = 0; i < 4; ++i) REQUIRE(gate.try_pin("999999", i) == PinResult::Wrong);
    CHECK(gate.try_pin("246813", 5) == PinResult::Accepted);
    CHECK(gate.attempts_left(5) == 5);
    for (int i = 0; i < 4; ++i) CHECK(gate.try_pin("999999", 6 + i) == PinResult::Wrong);
}

TEST_CASE("without a PIN hash the panel cannot open, and says so", "[pin]") {
    TempDir dir;
    const std::string missing = (dir.path / "staff-pin").string();
    PinGate gate = PinGate::from_file(missing);
    CHECK_FALSE(gate.can_open());
    CHECK(gate.try_pin("246813", 0) == PinResult::NoPinSet);
    CHECK_THAT(PinGate::message_en(PinResult::NoPinSet, 0, 0), Catch::Contains("No staff PIN"));
    CHECK_FALSE(PinGate::message_zh(PinResult::NoPinSet, 0, 0).empty());

    std::ofstream(missing) << "\n";  // empty file
    CHECK_FALSE(PinGate::from_file(missing).can_open());
    std::ofstream(missing) << "2468\n";  // a plain PIN is not a hash
    CHECK_FALSE(PinGate::from_file(missing).can_open());
}

TEST_CASE("the hash file is stored for owner and group only and read back", "[pin]") {
    TempDir dir;
    const std::string file = (dir.path / "staff-pin").string();
    set_pin_file(file, "135791");
    struct stat st {};
    REQUIRE(stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0640);
    CHECK_FALSE(fs::exists(file + ".tmp"));
    PinGate gate = PinGate::from_file(file);
    CHECK(gate.can_open());
    CHECK(gate.try_pin("135791", 0) == PinResult::Accepted);
    CHECK_THROWS_WITH(store_pin_hash((dir.path / "no/such/dir/pin").string(), hash_of_246813()),
                      Catch::Contains("no/such/dir"));
    CHECK_THROWS_AS(store_pin_hash(file, "plain"), PinError);
}

TEST_CASE("set-pin as root keeps the group that lets the kiosk user read the PIN", "[pin]") {
    if (::geteuid() != 0) {  // set-pin runs under sudo; only root hands a file to another group
        WARN("not root: the group of the PIN file is not checked");
        return;
    }
    TempDir dir;
    const std::string file = (dir.path / "staff-pin").string();
    const gid_t kiosk_group = 65534;  // stands for the kiosk group of an installed kiosk
    std::ofstream(file) << "old\n";
    REQUIRE(::chown(file.c_str(), 0, kiosk_group) == 0);
    REQUIRE(::chmod(file.c_str(), 0640) == 0);
    set_pin_file(file, "135791");
    struct stat st {};
    REQUIRE(stat(file.c_str(), &st) == 0);
    CHECK(st.st_gid == kiosk_group);
    CHECK((st.st_mode & 0777) == 0640);
    CHECK(verify_pin(load_pin_hash(file), "135791"));

    // A new file takes the kiosk group, or the folder's when there is no kiosk group.
    const std::string fresh = (dir.path / "fresh-pin").string();
    REQUIRE(::chown(dir.path.c_str(), 0, kiosk_group) == 0);
    set_pin_file(fresh, "135791");
    REQUIRE(stat(fresh.c_str(), &st) == 0);
    const group* kiosk = ::getgrnam("kiosk");
    CHECK(st.st_gid == (kiosk ? kiosk->gr_gid : kiosk_group));
    CHECK((st.st_mode & 0777) == 0640);
}

namespace {
struct FakeWallClock {
    double seconds = 1.8e9;
    PinGate::WallClock clock() {
        return [this] { return seconds; };
    }
};

void five_wrong(PinGate& gate, double now) {
    for (int i = 0; i < PinGate::kMaxFailures; ++i) gate.try_pin("000000", now);
}
}  // namespace

TEST_CASE("a restart gives no fresh tries and does not lift a lockout", "[pin]") {
    TempDir dir;
    const std::string state = (dir.path / "staff-pin-lock").string();
    FakeWallClock wall;
    {
        PinGate gate(hash_of_246813(), 10, state, wall.clock());
        for (int i = 0; i < 3; ++i) REQUIRE(gate.try_pin("000000", 10) == PinResult::Wrong);
        REQUIRE(gate.save_error().empty());
    }
    {  // reboot: monotonic time starts again near 0
        PinGate gate(hash_of_246813(), 2, state, wall.clock());
        CHECK(gate.attempts_left(2) == 2);
        CHECK(gate.try_pin("000000", 3) == PinResult::Wrong);
        CHECK(gate.try_pin("000000", 3) == PinResult::LockedOut);
    }
    wall.seconds += 60;
    {  // a minute later by the wall clock, after another reboot: still four minutes to wait
        PinGate gate(hash_of_246813(), 1, state, wall.clock());
        CHECK(gate.locked(1));
        CHECK(gate.lockout_remaining(1) == Approx(240).margin(1));
        CHECK(gate.try_pin("246813", 2) == PinResult::LockedOut);
    }
    wall.seconds += 241;
    {
        PinGate gate(hash_of_246813(), 1, state, wall.clock());
        CHECK_FALSE(gate.locked(1));
        CHECK(gate.attempts_left(1) == PinGate::kMaxFailures);
        CHECK(gate.try_pin("246813", 2) == PinResult::Accepted);
    }
    CHECK(load_pin_lock_state(state).failures == 0);
    CHECK(load_pin_lock_state(state).lockouts == 0);
}

TEST_CASE("each lockout in a row lasts twice as long, up to a cap, until the right PIN", "[pin]") {
    CHECK(PinGate::lockout_seconds(1) == 300);
    CHECK(PinGate::lockout_seconds(2) == 600);
    CHECK(PinGate::lockout_seconds(3) == 1200);
    CHECK(PinGate::lockout_seconds(50) == PinGate::kMaxLockoutSeconds);
    TempDir dir;
    const std::string state = (dir.path / "staff-pin-lock").string();
    FakeWallClock wall;
    double now = 100;
    {
        PinGate gate(hash_of_246813(), now, state, wall.clock());
        five_wrong(gate, now);
        CHECK(gate.lockout_remaining(now) == Approx(300));
        now += 300;
        five_wrong(gate, now);
        CHECK(gate.lockout_remaining(now) == Approx(600));
    }
    {  // the doubling survives a restart too
        wall.seconds += 600;
        PinGate gate(hash_of_246813(), 0, state, wall.clock());
        CHECK_FALSE(gate.locked(0));
        five_wrong(gate, 0);
        CHECK(gate.lockout_remaining(0) == Approx(1200));
        CHECK_THAT(PinGate::message_en(PinResult::LockedOut, 0, gate.lockout_remaining(0)),
                   Catch::Contains("20 min"));
        CHECK(gate.try_pin("246813", 1201) == PinResult::Accepted);
        five_wrong(gate, 1202);
        CHECK(gate.lockout_remaining(1202) == Approx(300));
    }
}

TEST_CASE("a wall clock set back or forward neither locks the panel for good nor resets the tries",
          "[pin]") {
    TempDir dir;
    const std::string state = (dir.path / "staff-pin-lock").string();
    FakeWallClock wall;
    {
        PinGate gate(hash_of_246813(), 0, state, wall.clock());
        five_wrong(gate, 0);
    }
    wall.seconds -= 10 * 365 * 86400.0;  // the clock fell back ten years (a dead RTC battery)
    {
        PinGate gate(hash_of_246813(), 0, state, wall.clock());
        CHECK(gate.lockout_remaining(0) == Approx(300));  // no more than one full lockout
        CHECK_FALSE(gate.locked(300));
        CHECK(gate.try_pin("246813", 301) == PinResult::Accepted);
    }
    {
        PinGate gate(hash_of_246813(), 0, state, wall.clock());
        for (int i = 0; i < 4; ++i) REQUIRE(gate.try_pin("000000", 0) == PinResult::Wrong);
    }
    wall.seconds += 20 * 365 * 86400.0;  // and jumped far ahead: the count of tries stays
    {
        PinGate gate(hash_of_246813(), 0, state, wall.clock());
        CHECK(gate.attempts_left(0) == 1);
        CHECK(gate.try_pin("000000", 1) == PinResult::LockedOut);
    }
}

TEST_CASE("messages say how many tries are left and how long to wait", "[pin]") {
    CHECK_THAT(PinGate::message_en(PinResult::Wrong, 3, 0), Catch::Contains("3 tries left"));
    CHECK_THAT(PinGate::message_zh(PinResult::Wrong, 3, 0), Catch::Contains("3"));
    CHECK_THAT(PinGate::message_en(PinResult::LockedOut, 0, 299.2), Catch::Contains("5 min 0 s"));
    CHECK_THAT(PinGate::message_zh(PinResult::LockedOut, 0, 61), Catch::Contains("1 分 1 秒"));
    CHECK(PinGate::message_en(PinResult::Accepted, 5, 0).empty());
}
