// A folder standing for the mount roots: sticks with kiosk/*.pack are found once, imported on a
// worker thread with progress, and the report is written back in both languages.
#include <catch2/catch.hpp>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "kiosk/update/install_state.h"
#include "kiosk/update/stick_import.h"
#include "platform/usb/mount_watcher.h"
#include "tests/update/pack_fixture.h"

using namespace kiosk::update;
using kiosk::platform::PollingMountWatcher;
using kiosk::test::KioskBench;
namespace fs = std::filesystem;

TEST_CASE("the watcher reports a new stick with packs once, and again after replugging", "[usb]") {
    KioskBench k;
    const std::string roots = k.root / "media";
    fs::create_directories(roots + "/staff/EMPTY");
    PollingMountWatcher watcher({roots, k.root / "run-media-missing"});
    CHECK(watcher.poll().empty());

    const std::string stick = roots + "/staff/KIOSK";  // /media/USER/LABEL
    fs::create_directories(stick + "/kiosk");
    CHECK(watcher.poll().empty());  // no pack yet
    std::ofstream(stick + "/kiosk/content.pack") << "x";
    std::ofstream(stick + "/kiosk/notes.txt") << "x";
    const auto found = watcher.poll();
    REQUIRE(found.size() == 1);
    CHECK(found[0].mount == stick);
    CHECK(found[0].packs == std::vector<std::string>{stick + "/kiosk/content.pack"});
    CHECK(found[0].writable);
    CHECK(watcher.poll().empty());  // reported once

    fs::rename(stick, k.root / "unplugged");
    CHECK(watcher.poll().empty());
    fs::rename(k.root / "unplugged", stick);
    CHECK(watcher.poll().size() == 1);

    const std::string flat = roots + "/USB2";  // /media/LABEL
    fs::create_directories(flat + "/kiosk");
    std::ofstream(flat + "/kiosk/b.pack") << "x";
    std::ofstream(flat + "/kiosk/a.pack") << "x";
    const auto second = watcher.poll();
    REQUIRE(second.size() == 1);
    CHECK(second[0].packs ==
          std::vector<std::string>{flat + "/kiosk/a.pack", flat + "/kiosk/b.pack"});
}

TEST_CASE("a symlinked kiosk folder on a stick is not followed", "[usb]") {
    KioskBench k;
    const std::string roots = k.root / "media";
    fs::create_directories(roots + "/EVIL");
    fs::create_directory_symlink(k.stick_kiosk, roots + "/EVIL/kiosk");
    std::ofstream(k.stick_kiosk + "/content.pack") << "x";
    PollingMountWatcher watcher({roots});
    CHECK(watcher.poll().empty());
    CHECK_FALSE(kiosk::platform::write_stick_report(roots + "/EVIL", "x"));
}

TEST_CASE("StickImport imports on a worker thread and explains the result in both languages",
          "[usb][import]") {
    KioskBench k;
    const std::string pack = k.signed_pack(6);
    StickImport job;
    REQUIRE(job.start(pack, k.options()));
    job.wait();
    StickImportStatus s = job.status();
    CHECK(s.stage == StickStage::Done);
    CHECK(s.percent == 100);
    CHECK(s.pack_name == "content.pack");
    CHECK(s.detail_en.find("New version 6") != std::string::npos);
    CHECK(s.detail_zh.find("新版本 6") != std::string::npos);
    CHECK(k.installed_hash() == k.hash_once_installed(pack));

    REQUIRE(
        kiosk::platform::write_stick_report(k.stick, format_import_report(s, "2025-01-01 10:00")));
    std::ifstream in(k.stick + "/kiosk/import-report.txt");
    std::stringstream report;
    report << in.rdbuf();
    CHECK(report.str().find("导入完成") != std::string::npos);
    CHECK(report.str().find("Import finished") != std::string::npos);

    // The same pack again is refused, with what to do next, and the content stays.
    REQUIRE(job.start(pack, k.options()));
    job.wait();
    s = job.status();
    CHECK(s.stage == StickStage::Refused);
    CHECK(s.result.refusal.code == RefusalCode::NotNewer);
    CHECK_FALSE(s.todo_zh.empty());
    CHECK(s.todo_en.find("current content") != std::string::npos);
    CHECK(k.installed_hash() == k.hash_once_installed(pack));
}

TEST_CASE("of several packs on a stick the highest signed version is chosen", "[usb]") {
    KioskBench k;
    const std::string a = k.signed_pack(9, "a.pack");
    const std::string b = k.signed_pack(12, "b.pack");
    const std::string c = k.make_pack(30, "c.pack");  // unsigned: no claim
    CHECK(choose_pack({a, b, c}) == b);
    CHECK(choose_pack({c}) == c);
    CHECK(choose_pack({}).empty());
}

TEST_CASE("the watch thread calls back when a stick appears", "[usb]") {
    KioskBench k;
    const std::string roots = k.root / "media";
    fs::create_directories(roots);
    std::mutex mutex;
    std::condition_variable seen_cv;
    std::vector<std::string> seen;
    kiosk::platform::MountWatchThread thread(
        std::make_unique<PollingMountWatcher>(std::vector<std::string>{roots}),
        std::chrono::milliseconds(20), [&](const kiosk::platform::StickFound& stick) {
            std::lock_guard lock(mutex);
            seen.push_back(stick.mount);
            seen_cv.notify_all();
        });
    fs::create_directories(roots + "/STICK/kiosk");
    std::ofstream(roots + "/STICK/kiosk/content.pack") << "x";
    std::unique_lock lock(mutex);
    // Generous bound: only guards against a hang, it is not a timing claim.
    seen_cv.wait_for(lock, std::chrono::seconds(30), [&] { return !seen.empty(); });
    CHECK(seen == std::vector<std::string>{roots + "/STICK"});
}
