// A folder standing for the mount roots: sticks with kiosk/*.pack are found once, imported on a
// worker thread with progress, and the report is written back in both languages.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <sstream>
#include <thread>
#include <utility>

#include "kiosk/update/install_state.h"
#include "kiosk/update/stick_import.h"
#include "platform/usb/mount_watcher.h"
#include "platform/usb/stick_io.h"
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
    const auto bare = watcher.poll();  // no pack yet: a stick staff can export to
    REQUIRE(bare.size() == 1);
    CHECK(bare[0].mount == stick);
    CHECK(bare[0].packs.empty());
    CHECK(watcher.poll().empty());
    std::ofstream(stick + "/kiosk/content.pack") << "x";
    std::ofstream(stick + "/kiosk/notes.txt") << "x";
    const auto found = watcher.poll();  // again, now with its pack
    REQUIRE(found.size() == 1);
    CHECK(found[0].mount == stick);
    CHECK(found[0].packs == std::vector<std::string>{stick + "/kiosk/content.pack"});
    CHECK(found[0].writable);
    CHECK(watcher.poll().empty());  // reported once
    CHECK(watcher.gone().empty());

    fs::rename(stick, k.root / "unplugged");
    CHECK(watcher.poll().empty());
    CHECK(watcher.gone() == std::vector<std::string>{stick});  // pulled out: noticed
    fs::rename(k.root / "unplugged", stick);
    CHECK(watcher.poll().size() == 1);
    CHECK(watcher.gone().empty());

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

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// A FIFO on the stick whose reader, if one ever blocks in open(), is let go at the end (opening
// the write side wakes it), so a test of the old code fails instead of hanging.
struct Fifo {
    std::string path;
    explicit Fifo(std::string p) : path(std::move(p)) {
        REQUIRE(::mkfifo(path.c_str(), 0644) == 0);
    }
    ~Fifo() {
        const int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK);
        if (fd >= 0) ::close(fd);
    }
};

// A reader standing for a stick that stopped answering: read_source blocks until released.
struct StuckStick {
    struct Gate {
        std::mutex mutex;
        std::condition_variable cv;
        bool open = false;
    };
    std::shared_ptr<Gate> gate = std::make_shared<Gate>();
    std::function<long(int, void*, size_t)> reader() const {
        return [g = gate](int, void*, size_t) -> long {
            std::unique_lock lock(g->mutex);
            g->cv.wait(lock, [&] { return g->open; });
            errno = EIO;
            return -1;
        };
    }
    void release() const {
        std::lock_guard lock(gate->mutex);
        gate->open = true;
        gate->cv.notify_all();
    }
};

}  // namespace

TEST_CASE("a FIFO for a signature is skipped when choosing and refused when importing, at once",
          "[usb][stick_io]") {
    KioskBench k;
    const std::string a = k.make_pack(5, "a.pack");
    const Fifo fifo(a + ".minisig");
    const std::string b = k.make_pack(6, "b.pack");  // unsigned: no claim either

    const Clock::time_point t0 = Clock::now();
    // A detached thread, not std::async: a future of std::async would wait for a stuck thread.
    auto promise = std::make_shared<std::promise<std::string>>();
    std::future<std::string> chosen = promise->get_future();
    std::thread([promise, a, b] { promise->set_value(choose_pack({a, b})); }).detach();
    REQUIRE(chosen.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
    CHECK(chosen.get() == a);  // no claims: the first by name
    CHECK(seconds_since(t0) < 2);

    StickImport job;
    REQUIRE(job.start(std::vector<std::string>{a}, k.options()));
    REQUIRE(job.wait_for(5));
    const StickImportStatus s = job.status();
    CHECK(s.stage == StickStage::Refused);
    CHECK(s.result.refusal.code == RefusalCode::NotAFile);
    CHECK(s.detail_en.find("a.pack.minisig is not an ordinary file") != std::string::npos);
    CHECK(k.installed_hash() == "none");
}

TEST_CASE("a stick that stops answering shows as such within the limit, without blocking anyone",
          "[usb][stick_io]") {
    KioskBench k;
    const std::string pack = k.signed_pack(6);
    const StuckStick stuck;
    const Clock::time_point t0 = Clock::now();
    {
        StickImport job;
        job.stall_limit_s = 0.5;
        auto options = k.options();
        options.read_source = stuck.reader();
        REQUIRE(job.start(pack, options));
        StickImportStatus s = job.status();
        while (s.stage != StickStage::Stalled && seconds_since(t0) < 5) {
            const Clock::time_point asked = Clock::now();
            s = job.status();
            CHECK(seconds_since(asked) < 0.1);  // the poller is never held up by the stick
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        REQUIRE(s.stage == StickStage::Stalled);
        CHECK(seconds_since(t0) < 3);
        CHECK(s.title_en == "The stick does not answer…");
        CHECK(s.title_zh == "U盘没有响应…");
        CHECK(s.todo_en.find("try another stick") != std::string::npos);
        CHECK(job.running());
        CHECK_FALSE(job.start(pack, options));  // the stuck worker still holds the stick
    }  // the kiosk shuts down with the worker still stuck: it must not wait for it
    CHECK(seconds_since(t0) < 6);
    stuck.release();  // the stick is pulled out at last: the abandoned worker ends on its own
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(k.installed_hash() == "none");
}

TEST_CASE("a stick that answers again after a stall ends with the import's own outcome",
          "[usb][stick_io]") {
    KioskBench k;
    const std::string pack = k.signed_pack(6);
    const StuckStick stuck;
    StickImport job;
    job.stall_limit_s = 0.2;
    auto options = k.options();
    options.read_source = stuck.reader();
    REQUIRE(job.start(pack, options));
    const Clock::time_point t0 = Clock::now();
    while (job.status().stage != StickStage::Stalled && seconds_since(t0) < 5)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    REQUIRE(job.status().stage == StickStage::Stalled);
    stuck.release();  // the read fails (EIO), as when the stick is pulled out
    REQUIRE(job.wait_for(5));
    const StickImportStatus s = job.status();
    CHECK(s.stage == StickStage::Refused);
    CHECK(s.result.refusal.code == RefusalCode::ReadFailed);
}

TEST_CASE("the finished card's own clock counts down each second and closes it on time", "[usb]") {
    FinishedCardClock clock;
    CHECK_FALSE(clock.visible(0));
    clock.update(StickStage::Copying, 10);
    CHECK(clock.visible(10));
    clock.update(StickStage::Refused, 100);
    CHECK(clock.seconds_left(100) == 60);
    clock.update(StickStage::Refused, 105);  // the same outcome again: the clock runs on
    CHECK(clock.seconds_left(105) == 55);
    CHECK(clock.seconds_left(106) == 54);
    CHECK(clock.visible(125));  // well past 20 s: a refusal stays up for staff to read
    CHECK(clock.seconds_left(125) == 35);
    CHECK(clock.visible(159.5));
    CHECK_FALSE(clock.visible(160));
    clock.update(StickStage::Done, 200);  // the next import, installed: a shorter time
    CHECK(clock.seconds_left(200) == 20);
    CHECK(clock.seconds_left(210.5) == 10);
    CHECK_FALSE(clock.visible(220));
}

TEST_CASE("stick files are opened without following links or blocking on FIFOs", "[stick_io]") {
    KioskBench k;
    namespace p = kiosk::platform;
    const std::string outside = k.root / "outside";
    fs::create_directories(outside);
    std::ofstream(outside + "/victim.txt") << "victim";
    fs::create_symlink(outside + "/victim.txt", k.stick_kiosk + "/link.minisig");
    const Fifo fifo(k.stick_kiosk + "/fifo.minisig");

    const auto kind_of = [](const std::function<void()>& f) {
        try {
            f();
        } catch (const p::StickIoError& e) {
            return e.kind;
        }
        FAIL("no error");
        return p::StickIoError::Kind::Failed;
    };
    CHECK(kind_of([&] { p::read_stick_file(k.stick_kiosk + "/link.minisig", 4096); }) ==
          p::StickIoError::Kind::Link);
    CHECK(kind_of([&] { p::read_stick_file(k.stick_kiosk + "/fifo.minisig", 4096); }) ==
          p::StickIoError::Kind::NotRegular);
    std::ofstream(k.stick_kiosk + "/big.minisig") << std::string(5000, 'x');
    CHECK(kind_of([&] { p::read_stick_file(k.stick_kiosk + "/big.minisig", 4096); }) ==
          p::StickIoError::Kind::TooBig);
    CHECK(kind_of([&] { p::read_stick_file(k.stick_kiosk + "/none.minisig", 4096); }) ==
          p::StickIoError::Kind::Missing);

    // Writing: a kiosk folder that is a link is refused; a planted link under the file's name
    // is refused, never followed.
    const std::string evil = k.root / "evil";
    fs::create_directories(evil);
    fs::create_directory_symlink(outside, evil + "/kiosk");
    const p::UniqueFd evil_root = p::open_stick_root(evil);
    CHECK(kind_of([&] { p::open_kiosk_folder(evil_root.get(), true); }) ==
          p::StickIoError::Kind::Link);
    fs::create_symlink(outside + "/victim.txt", k.stick_kiosk + "/import-report.txt");
    CHECK_FALSE(kiosk::platform::write_stick_report(k.stick, "report"));
    std::ifstream victim(outside + "/victim.txt");
    CHECK(std::string(std::istreambuf_iterator<char>(victim), {}) == "victim");
    CHECK(fs::is_symlink(k.stick_kiosk + "/import-report.txt"));
    CHECK(std::distance(fs::directory_iterator(outside), fs::directory_iterator{}) == 1);

    // A stick without a kiosk folder gets one (a real folder) for an export.
    const std::string bare = k.root / "bare";
    fs::create_directories(bare);
    const p::UniqueFd bare_root = p::open_stick_root(bare);
    const p::UniqueFd made = p::open_kiosk_folder(bare_root.get(), true);
    p::write_stick_file(made.get(), "health-report.txt", "ok\n");
    std::ifstream health(bare + "/kiosk/health-report.txt");
    CHECK(std::string(std::istreambuf_iterator<char>(health), {}) == "ok\n");
    CHECK(std::distance(fs::directory_iterator(bare + "/kiosk"), fs::directory_iterator{}) == 1);
}

TEST_CASE("the watch thread does not hold up shutdown when a stick hangs a poll", "[usb]") {
    // A watcher whose poll blocks, as a listing of a dead stick can, until released.
    struct HangingWatcher : kiosk::platform::MountWatcher {
        std::shared_ptr<StuckStick::Gate> gate;
        std::shared_ptr<std::promise<void>> entered;
        std::vector<kiosk::platform::StickFound> poll() override {
            if (entered) std::exchange(entered, nullptr)->set_value();
            std::unique_lock lock(gate->mutex);
            gate->cv.wait(lock, [&] { return gate->open; });
            return {{"/media/LATE", {}, false, {}}};
        }
    };
    const StuckStick stuck;
    auto watcher = std::make_unique<HangingWatcher>();
    watcher->gate = stuck.gate;
    watcher->entered = std::make_shared<std::promise<void>>();
    std::future<void> entered = watcher->entered->get_future();
    auto calls = std::make_shared<std::atomic<int>>(0);
    auto thread = std::make_unique<kiosk::platform::MountWatchThread>(
        std::move(watcher), std::chrono::milliseconds(20),
        [calls](const kiosk::platform::StickFound&) { ++*calls; });
    REQUIRE(entered.wait_for(std::chrono::seconds(5)) == std::future_status::ready);

    // Destroy it on a helper thread, so a destructor that waits for good fails this test (and
    // the release below lets it finish) instead of hanging the run.
    auto destroyed = std::make_shared<std::promise<void>>();
    std::future<void> done = destroyed->get_future();
    std::thread([destroyed, t = std::move(thread)]() mutable {
        t.reset();
        destroyed->set_value();
    }).detach();
    CHECK(done.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
    stuck.release();  // the stick answers at last: the left-behind thread calls nobody
    done.wait();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(*calls == 0);
}
