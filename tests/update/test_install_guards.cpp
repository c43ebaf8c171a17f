// What guards the data dir between imports: the version high-water mark (no downgrade after a
// rollback or a lost current.db), import.lock taken by rollback and the start-up revert too, a
// trial start that cannot be recorded, and a leftover staging file.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "kiosk/update/install_state.h"
#include "kiosk/update/pack_commands.h"
#include "tests/update/pack_fixture.h"

using namespace kiosk::update;
using kiosk::test::KioskBench;
namespace fs = std::filesystem;

namespace {

// Holds data_dir/import.lock the way a second process (another import) would.
struct OtherImport {
    int fd;
    explicit OtherImport(const std::string& data_dir)
        : fd(::open((data_dir + "/import.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
        REQUIRE(fd >= 0);
        REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
    }
    ~OtherImport() { ::close(fd); }
};

// Versions 6 then 7 installed: current.db is 7, previous.db is 6.
void install_6_then_7(const KioskBench& k) {
    REQUIRE(k.import(k.signed_pack(6, "six.pack")).ok);
    REQUIRE(k.import(k.signed_pack(7, "seven.pack")).ok);
}

}  // namespace

TEST_CASE(
    "after a rollback the pack rolled back from is still refused, until --force brings it back",
    "[import][floor]") {
    KioskBench k;
    install_6_then_7(k);
    DurableSteps steps;
    rollback_pack(k.data_dir, steps);
    REQUIRE(installed_status(k.data_dir).info.pack_version == 6);
    std::ostringstream out;
    auto* saved = std::cout.rdbuf(out.rdbuf());
    cmd_status({"--data-dir", k.data_dir});
    std::cout.rdbuf(saved);
    CHECK_THAT(out.str(), Catch::Contains("refuses versions up to: 7"));
    const std::string seven = k.signed_pack(7, "seven-again.pack");
    const ImportResult again = k.import(seven);
    CHECK_FALSE(again.ok);
    CHECK(again.refusal.code == RefusalCode::NotNewer);
    CHECK_THAT(again.refusal.en, Catch::Contains("7"));
    CHECK(installed_status(k.data_dir).info.pack_version == 6);
    CHECK(k.import(k.signed_pack(8, "eight.pack")).ok);  // a newer one is welcome
    // Only a forced import lowers the mark.
    REQUIRE(k.import(k.signed_pack(5, "five.pack"), true).ok);
    CHECK(read_version_high_water(k.data_dir) == 5);
    CHECK(k.import(k.signed_pack(6, "six-again.pack")).ok);
}

TEST_CASE("an older pack stays refused when current.db is missing or damaged", "[import][floor]") {
    KioskBench k;
    install_6_then_7(k);
    const std::string current = k.data_dir + "/current.db";
    SECTION("deleted") {
        fs::remove(current);
    }
    SECTION("damaged") {
        std::ofstream(current, std::ios::trunc) << "not a database";
    }
    CHECK(version_floor(k.data_dir) == 7);
    const ImportResult older = k.import(k.signed_pack(6, "older.pack"));
    CHECK_FALSE(older.ok);
    CHECK(older.refusal.code == RefusalCode::NotNewer);
    CHECK(k.import(k.signed_pack(7, "same.pack")).ok == false);
    CHECK(k.import(k.signed_pack(6, "forced.pack"), true).ok);
}

TEST_CASE("a rollback from an install without a mark still keeps its version as the floor",
          "[import][floor]") {
    KioskBench k;
    install_6_then_7(k);
    fs::remove(k.data_dir + "/" + kHighWaterName);  // installed by a kiosk from before the mark
    DurableSteps steps;
    rollback_pack(k.data_dir, steps);
    CHECK(read_version_high_water(k.data_dir) == 7);
    CHECK_FALSE(k.import(k.signed_pack(7, "seven-again.pack")).ok);
}

TEST_CASE("rollback and the start-up revert wait their turn behind a running import",
          "[import][lock]") {
    KioskBench k;
    install_6_then_7(k);
    {
        const OtherImport busy(k.data_dir);
        DurableSteps steps;
        try {
            rollback_pack(k.data_dir, steps);
            FAIL("rollback ran while another import held the lock");
        } catch (const RefusedError& e) {
            CHECK(e.refusal.code == RefusalCode::WriteFailed);
            CHECK_THAT(e.refusal.en, Catch::Contains("another import"));
        }
        CHECK(installed_status(k.data_dir).info.pack_version == 7);

        // Pack 7 on trial has failed every start: the revert must not run under the import.
        for (int i = 0; i < kMaxTrialStarts; ++i) {
            TrialState t = read_trial_state(k.data_dir);
            ++t.starts;
            REQUIRE(write_trial_state(k.data_dir, t, steps) == 0);
        }
        CHECK(note_start(k.data_dir) == StartVerdict::Busy);
        CHECK(installed_status(k.data_dir).info.pack_version == 7);
        CHECK(read_trial_state(k.data_dir).starts == kMaxTrialStarts);
    }
    CHECK(note_start(k.data_dir) == StartVerdict::RolledBack);
    CHECK(installed_status(k.data_dir).info.pack_version == 6);
}

TEST_CASE("a trial start that cannot be recorded goes back to the previous pack",
          "[import][trial]") {
    KioskBench k;
    install_6_then_7(k);
    REQUIRE(read_trial_state(k.data_dir).trial_inode != 0);
    // The disk refuses the write of the trial record (its first step: write pack-state.tmp).
    int failed = 0;
    const StepHook full_disk = [&](int, StepKind kind, const std::string& what) {
        if (kind == StepKind::Write && what.find(kStateName) != std::string::npos && failed == 0) {
            ++failed;
            return ENOSPC;
        }
        return 0;
    };
    CHECK(note_start(k.data_dir, full_disk) == StartVerdict::NotCounted);
    CHECK(failed == 1);
    CHECK(installed_status(k.data_dir).info.pack_version == 6);
    CHECK(note_start(k.data_dir) == StartVerdict::Normal);
    CHECK(installed_status(k.data_dir).info.pack_version == 6);
}

TEST_CASE("a staging file left by an import cut short takes no room from the next import",
          "[import][staging]") {
    KioskBench k;
    const std::string pack = k.signed_pack(6, "six.pack");
    const std::string staging = k.data_dir + "/" + kStagingName;
    fs::create_directories(k.data_dir);
    constexpr uint64_t kLeftover = 64ull << 20;
    {
        std::ofstream out(staging, std::ios::binary);
        out.seekp(static_cast<std::streamoff>(kLeftover - 1));
        out.put('x');
    }
    // The disk has room for this pack only once the leftover is gone.
    const uint64_t room = fs::file_size(pack) + (48ull << 20);
    auto o = k.options();
    o.free_bytes = [&](const std::string&) {
        const uint64_t used = fs::exists(staging) ? fs::file_size(staging) : 0;
        return used > room ? 0 : room - used;
    };
    const ImportResult r = import_pack(pack, o);
    INFO(r.refusal.en);
    CHECK(r.ok);
}

TEST_CASE("the kiosk's start removes a staging file left by an import cut short",
          "[import][staging]") {
    KioskBench k;
    REQUIRE(k.import(k.signed_pack(6, "six.pack")).ok);
    const std::string staging = k.data_dir + "/" + kStagingName;
    std::ofstream(staging) << "half a pack";
    note_start(k.data_dir);
    CHECK_FALSE(fs::exists(staging));
}

TEST_CASE("a high-water mark that cannot be written fails no finished import, and the floor holds",
          "[import][floor]") {
    KioskBench k;
    REQUIRE(k.import(k.signed_pack(6, "six.pack")).ok);
    auto o = k.options();
    o.step_hook = [](int, StepKind kind, const std::string& what) {
        return kind == StepKind::Write && what.find(kHighWaterName) != std::string::npos ? ENOSPC
                                                                                         : 0;
    };
    REQUIRE(import_pack(k.signed_pack(7, "seven.pack"), o).ok);
    CHECK(read_version_high_water(k.data_dir) == 6);
    CHECK(version_floor(k.data_dir) == 7);
    DurableSteps steps;
    rollback_pack(k.data_dir, steps);  // raises the mark before dropping 7
    CHECK(read_version_high_water(k.data_dir) == 7);
    CHECK_FALSE(k.import(k.signed_pack(7, "seven-again.pack")).ok);
}
