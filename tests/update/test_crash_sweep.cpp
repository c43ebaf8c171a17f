// Crash-point sweep: a child process imports with KIOSK_CRASH_AT_STEP=k (SIGKILL just before
// durable step k) for k = 1, 2, ... until an import completes. After each crash the data dir must
// hold exactly the old or the new pack, sound by integrity_check, and the next import must succeed.
// A SIGKILL leaves the page cache alone, so the sweep cannot see a missing fsync: the durable
// step order test below records every step of an import and checks the order itself.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "kiosk/update/install_state.h"
#include "tests/update/pack_fixture.h"

using namespace kiosk::update;
using kiosk::test::KioskBench;

namespace {

// Returns the signal that ended the child, or 0 when the import finished (ok) normally.
int import_in_child(const KioskBench& k, const std::string& pack, int crash_at) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::setenv("KIOSK_CRASH_AT_STEP", std::to_string(crash_at).c_str(), 1);
        const bool ok = import_pack(pack, k.options()).ok;
        ::_exit(ok ? 0 : 3);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) return WTERMSIG(status);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);  // a refusal would mean the sweep tests nothing
    return 0;
}

void copy_dir(const std::string& from, const std::string& to) {
    std::filesystem::remove_all(to);
    std::filesystem::copy(from, to, std::filesystem::copy_options::recursive);
}

}  // namespace

TEST_CASE("killing the importer at every durable step leaves the old or the new pack",
          "[import][crash]") {
    const bool first_install = GENERATE(false, true);
    INFO((first_install ? "first install" : "update over an installed pack"));
    KioskBench k;
    if (!first_install) REQUIRE(k.import(k.signed_pack(6, "old.pack")).ok);
    std::filesystem::create_directories(k.data_dir);
    const std::string old_hash = k.installed_hash();
    const std::string pristine = k.root / "pristine";
    copy_dir(k.data_dir, pristine);
    const std::string pack = k.signed_pack(7, "new.pack");
    const std::string new_hash = k.hash_once_installed(pack);

    int crashes = 0;
    bool saw_new_after_crash = false;
    for (int step = 1; step < 200; ++step) {
        copy_dir(pristine, k.data_dir);
        const int signal = import_in_child(k, pack, step);
        const std::string now = k.installed_hash();
        INFO("crash at step " << step << ": installed " << now);
        if (signal == 0) {
            CHECK(now == new_hash);
            break;
        }
        REQUIRE(signal == SIGKILL);
        ++crashes;
        CHECK((now == old_hash || now == new_hash));
        if (now == new_hash) saw_new_after_crash = true;
        if (now != "none")
            CHECK(kiosk::test::integrity_of(installed_pack_path(k.data_dir)) == "ok");
        if (!first_install && now == old_hash)
            CHECK(sha256_file(k.data_dir + "/previous.db") != new_hash);
        // The kiosk starts: a trial of a pack that never got switched in changes nothing.
        note_start(k.data_dir);
        CHECK(k.installed_hash() == now);
        // Staff plug the stick in again: the leftovers do not stop the next import.
        if (now == old_hash) {
            REQUIRE(k.import(pack).ok);
            CHECK(k.installed_hash() == new_hash);
        }
    }
    CHECK(crashes >= 8);  // write, fsync, trial state, link, renames, fsync dir
    CHECK(saw_new_after_crash);
}

namespace {

// Each durable step of an import as "kind names", names relative to the data dir; the copy's
// many writes to the staging file count as one.
std::vector<std::string> record_import_steps(const KioskBench& k, const std::string& pack) {
    std::vector<std::string> steps;
    auto o = k.options();
    o.step_hook = [&](int, StepKind kind, const std::string& what) {
        std::string names = what;
        for (size_t at; (at = names.find(k.data_dir + "/")) != std::string::npos;)
            names.erase(at, k.data_dir.size() + 1);
        if (names == k.data_dir) names = "<data dir>";
        std::string step = std::string(step_kind_name(kind)) + " " + names;
        if (steps.empty() || steps.back() != step || kind != StepKind::Write) steps.push_back(step);
        return 0;
    };
    const ImportResult r = import_pack(pack, o);
    INFO(r.refusal.en);
    REQUIRE(r.ok);
    return steps;
}

}  // namespace

TEST_CASE("an import makes its steps durable in order", "[import][crash]") {
    KioskBench k;
    const std::vector<std::string> copy = {
        "unlink incoming.pack.tmp", "write incoming.pack.tmp",
        "fsync incoming.pack.tmp",  // 1. the copy is on the disk before anything names it
    };
    const std::vector<std::string> trial = {
        // 2. the trial record, durable before the switch it guards
        "write pack-state.tmp",
        "fsync pack-state.tmp",
        "rename pack-state.tmp -> pack-state",
        "fsync <data dir>",
    };
    const std::vector<std::string> link_previous = {
        // 3. the installed pack kept as previous.db
        "unlink previous.db.tmp",
        "link current.db -> previous.db.tmp",
        "rename previous.db.tmp -> previous.db",
    };
    const std::vector<std::string> switch_and_mark = {
        "rename incoming.pack.tmp -> current.db",  // 4. the switch
        "fsync <data dir>",                        // 5. ... made durable
        // 6. then the version high-water mark (before the switch it would refuse a retry)
        "write version-high-water.tmp",
        "fsync version-high-water.tmp",
        "rename version-high-water.tmp -> version-high-water",
        "fsync <data dir>",
        // 7. last, the records of its checked images: cut before, they name no installed pack
        "write checked-images.tmp",
        "fsync checked-images.tmp",
        "rename checked-images.tmp -> checked-images",
        "fsync <data dir>",
    };
    auto join = [](std::initializer_list<std::vector<std::string>> parts) {
        std::vector<std::string> all;
        for (const auto& p : parts) all.insert(all.end(), p.begin(), p.end());
        return all;
    };
    CHECK(record_import_steps(k, k.signed_pack(6, "first.pack")) ==
          join({copy, trial, switch_and_mark}));
    CHECK(record_import_steps(k, k.signed_pack(7, "second.pack")) ==
          join({copy, trial, link_previous, switch_and_mark}));
}
