// Crash-point sweep: a child process imports with KIOSK_CRASH_AT_STEP=k (SIGKILL just before
// durable step k) for k = 1, 2, ... until an import completes. After each crash the data dir must
// hold exactly the old or the new pack, sound by integrity_check, and the next import must succeed.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>

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
