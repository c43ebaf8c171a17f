// build_workbook before the builder runs: what it takes off the stick, and what it refuses.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "kiosk/update/workbook_build.h"
#include "platform/usb/stick_io.h"

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

TEST_CASE("a builder that cannot start is reported, and its copy of the stick is removed",
          "[workbook]") {
    Stick s;
    const auto b = build_workbook(s.options());
    CHECK_FALSE(b.ok);
    REQUIRE(b.problems.size() == 1);
    CHECK(b.problems[0].find("cannot be started") != std::string::npos);
    CHECK_FALSE(fs::exists(s.data / "workbook-source"));  // not left for the render thread
    CHECK(b.source_name == "kiosk/content/");
}

TEST_CASE("a link put in place of the content folder after the stick was found is not followed",
          "[workbook]") {
    Stick s;
    fs::remove_all(s.content);
    fs::create_directories(s.root / "elsewhere");
    std::ofstream(s.root / "elsewhere" / "members.csv") << "secret\n";
    fs::create_directory_symlink(s.root / "elsewhere", s.content);
    const auto b = build_workbook(s.options());
    CHECK_FALSE(b.ok);
    REQUIRE(b.problems.size() == 1);
    CHECK(b.problems[0].find("is a link") != std::string::npos);
    CHECK_FALSE(fs::exists(s.data / "workbook-source"));
}

TEST_CASE("a folder of more files than the limit is refused without reading them all",
          "[workbook]") {
    Stick s;
    for (int i = 0; i < 30; ++i)
        std::ofstream(s.content / ("f" + std::to_string(i) + ".csv")) << "x";
    auto o = s.options();
    o.max_files = 10;
    const auto b = build_workbook(o);
    CHECK_FALSE(b.ok);
    REQUIRE(b.problems.size() == 1);
    CHECK(b.problems[0].find("too many files") != std::string::npos);
    CHECK(b.problems[0].rfind("kiosk/content/: ", 0) == 0);  // the listing, not the 11th copy
}

// --- a stick as an attacker or bad luck leaves it

TEST_CASE("a FIFO on the stick is named and skipped at once, never read", "[workbook]") {
    Stick s;
    REQUIRE(::mkfifo((s.content / "people.csv").c_str(), 0644) == 0);
    const auto t0 = std::chrono::steady_clock::now();
    const auto b = build_workbook(s.options());
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(3));
    CHECK_FALSE(b.ok);
    REQUIRE(b.problems.size() == 1);
    CHECK(b.problems[0].find("kiosk/content/people.csv") != std::string::npos);
    CHECK(b.problems[0].find("not an ordinary file") != std::string::npos);
    CHECK_FALSE(fs::exists(s.data / "workbook-candidate.db"));
}

TEST_CASE("a stick pulled out during the copy ends the build with what to do", "[workbook]") {
    Stick s;
    auto o = s.options();
    o.read_source = [](int, void*, size_t) -> long {
        errno = EIO;
        return -1;
    };
    const auto b = build_workbook(o);
    CHECK_FALSE(b.ok);
    REQUIRE(b.problems.size() == 1);
    CHECK(b.problems[0].find("was it pulled out?") != std::string::npos);
    CHECK(b.problems[0].find("U盘是否被拔出") != std::string::npos);
    CHECK_FALSE(fs::exists(s.data / "workbook-candidate.db"));
}

TEST_CASE("a file that grows while it is copied is refused, not cut anywhere", "[workbook]") {
    Stick s;
    auto o = s.options();
    long long served = 0;
    o.read_source = [&](int, void* buf, size_t size) -> long {  // never reaches an end
        std::memset(buf, 'x', size);
        served += static_cast<long long>(size);
        return static_cast<long>(size);
    };
    const auto b = build_workbook(o);
    CHECK_FALSE(b.ok);
    REQUIRE(b.problems.size() == 1);
    CHECK(b.problems[0].find("the file grew while it was read") != std::string::npos);
    CHECK(served < (1 << 20));  // stopped as soon as it passed the size it had
}

TEST_CASE("a stick that stalls during the copy shows on the watch, and the caller is not held",
          "[workbook]") {
    Stick s;
    struct Gate {
        std::mutex mutex;
        std::condition_variable cv;
        bool open = false;
    };
    auto gate = std::make_shared<Gate>();
    auto o = s.options();
    o.read_source = [gate](int, void*, size_t) -> long {
        std::unique_lock lock(gate->mutex);
        gate->cv.wait(lock, [&] { return gate->open; });
        errno = EIO;
        return -1;
    };
    auto watch = std::make_shared<kiosk::platform::StickWatch>();
    kiosk::update::WorkbookBuild b;
    std::thread worker([&] {
        kiosk::platform::watch_stick_calls_on_this_thread(watch);
        b = build_workbook(o);
    });
    const auto t0 = std::chrono::steady_clock::now();
    while (watch->busy_for_s() < 0.3 &&
           std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5))
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    CHECK(watch->busy_for_s() >= 0.3);  // what StickJob reports as "the stick does not answer"
    {
        std::lock_guard lock(gate->mutex);
        gate->open = true;
    }
    gate->cv.notify_all();
    worker.join();
    CHECK_FALSE(b.ok);
    REQUIRE(b.problems.size() == 1);
    CHECK(b.problems[0].find("was it pulled out?") != std::string::npos);
}
