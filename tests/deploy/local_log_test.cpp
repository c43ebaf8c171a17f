// The local log stays within its bound however much is written, and exports to a "stick" folder.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/logging/local_log.h"
#include "kiosk/logging/log.h"

namespace fs = std::filesystem;
using kiosk::logging::Level;
using kiosk::logging::LocalLog;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        char pattern[] = "/tmp/kiosk-log-XXXXXX";
        path = mkdtemp(pattern);
    }
    ~TempDir() { fs::remove_all(path); }
};

std::string read(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

std::uintmax_t folder_bytes(const fs::path& dir) {
    std::uintmax_t total = 0;
    for (const auto& entry : fs::directory_iterator(dir)) total += entry.file_size();
    return total;
}

}  // namespace

TEST_CASE("lines carry time, level and the message, one entry per line") {
    TempDir dir;
    LocalLog log(dir.path);
    log.write(Level::Info, "kiosk started");
    log.write(Level::Warn, "two\nlines");
    log.write(Level::Error, "导入失败 import failed");
    const auto got = lines(read(log.current_file()));
    REQUIRE(got.size() == 3);
    CHECK(got[0].find(" INFO kiosk started") != std::string::npos);
    CHECK(got[1].find(" WARN two lines") != std::string::npos);
    CHECK(got[2].find(" ERROR 导入失败 import failed") != std::string::npos);
    CHECK(got[0].substr(0, 2) == "20");  // starts with the date
}

TEST_CASE("years of logging stay within two files of the bound, newest lines kept") {
    TempDir dir;
    kiosk::logging::LocalLogLimits limits;
    limits.max_file_bytes = 10 * 1024;
    LocalLog log(dir.path, limits);
    for (int i = 0; i < 5000; ++i) log.write(Level::Info, "frame stats line " + std::to_string(i));
    CHECK(fs::file_size(log.current_file()) <= limits.max_file_bytes);
    CHECK(fs::file_size(log.previous_file()) <= limits.max_file_bytes);
    CHECK(folder_bytes(dir.path) <= 2 * limits.max_file_bytes);
    CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator{}) == 2);
    const std::string newest = read(log.current_file());
    CHECK(newest.find("frame stats line 4999\n") != std::string::npos);
    CHECK(read(log.previous_file()).find("frame stats line 0\n") == std::string::npos);
}

TEST_CASE("a huge message is cut, not allowed to blow the bound") {
    TempDir dir;
    kiosk::logging::LocalLogLimits limits;
    limits.max_file_bytes = 2048;
    limits.max_line_bytes = 256;
    LocalLog log(dir.path, limits);
    log.write(Level::Error, std::string(100000, 'x'));
    log.write(Level::Error, std::string(300, 'y') + "南京");
    const auto got = lines(read(log.current_file()));
    REQUIRE(got.size() == 2);
    CHECK(got[0].size() <= 256);
    CHECK(got[0].substr(got[0].size() - 3) == "\xE2\x80\xA6");
}

TEST_CASE("a cut never splits a Chinese character") {
    TempDir dir;
    kiosk::logging::LocalLogLimits limits;
    limits.max_line_bytes = 100;
    LocalLog log(dir.path, limits);
    std::string chinese;
    for (int i = 0; i < 100; ++i) chinese += "材";  // 3 bytes each
    log.write(Level::Info, chinese);
    const std::string line = lines(read(log.current_file())).at(0);
    const std::string body = line.substr(line.find("INFO ") + 5);
    CHECK(body.size() % 3 == 0);  // whole characters plus the 3-byte ellipsis
}

TEST_CASE("reopening the log appends to what is there and keeps the bound") {
    TempDir dir;
    kiosk::logging::LocalLogLimits limits;
    limits.max_file_bytes = 1024;
    {
        LocalLog log(dir.path, limits);
        log.write(Level::Info, "before restart");
    }
    LocalLog log(dir.path, limits);
    log.write(Level::Info, "after restart");
    const std::string text = read(log.current_file());
    CHECK(text.find("before restart") < text.find("after restart"));
    for (int i = 0; i < 200; ++i) log.write(Level::Info, "filler " + std::to_string(i));
    CHECK(folder_bytes(dir.path) <= 2 * limits.max_file_bytes);
}

TEST_CASE("writes from several threads never interleave within a line") {
    TempDir dir;
    LocalLog log(dir.path);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&log, t] {
            for (int i = 0; i < 200; ++i)
                log.write(Level::Info, "thread " + std::to_string(t) + " " + std::string(50, 'a'));
        });
    for (auto& thread : threads) thread.join();
    const auto got = lines(read(log.current_file()));
    CHECK(got.size() == 800);
    for (const auto& line : got) CHECK(line.size() > 50);
}

TEST_CASE("export puts the older and the newer part, in order, in one file on the stick") {
    TempDir dir, stick;
    kiosk::logging::LocalLogLimits limits;
    limits.max_file_bytes = 4096;
    LocalLog log(dir.path, limits);
    for (int i = 0; i < 300; ++i) log.write(Level::Info, "entry " + std::to_string(i));
    REQUIRE(fs::exists(log.previous_file()));
    const fs::path exported = log.export_to(stick.path);
    CHECK(exported.parent_path() == stick.path);
    CHECK(exported.filename().string().rfind("jbnm-kiosk-log-", 0) == 0);
    CHECK(exported.extension() == ".txt");
    const std::string text = read(exported);
    CHECK(text == read(log.previous_file()) + read(log.current_file()));
    CHECK(text.find("entry 299\n") != std::string::npos);
    // Only the final file is left: no temporary part.
    CHECK(std::distance(fs::directory_iterator(stick.path), fs::directory_iterator{}) == 1);
    // A second export in the same second gets its own name instead of overwriting.
    const fs::path second = log.export_to(stick.path);
    CHECK(second != exported);
    CHECK(fs::exists(exported));
}

TEST_CASE("export to a missing or read-only folder fails with a reason naming the folder") {
    TempDir dir, stick;
    LocalLog log(dir.path);
    log.write(Level::Info, "x");
    const fs::path missing = stick.path / "not-there";
    CHECK_THROWS_WITH(log.export_to(missing),
                      Catch::Contains(missing.string()) && Catch::Contains("no such folder"));
    if (geteuid() != 0) {  // root writes anywhere, so read-only only bites other users
        chmod(stick.path.c_str(), 0500);
        CHECK_THROWS_WITH(log.export_to(stick.path), Catch::Contains(stick.path.string()));
        chmod(stick.path.c_str(), 0700);
    }
}

TEST_CASE("export follows no link: not a linked folder, not a link planted under the temp name") {
    TempDir dir, stick, elsewhere;
    LocalLog log(dir.path);
    log.write(Level::Info, "x");
    // The stick's folder is a link to somewhere else: refused, nothing written there.
    fs::create_directory_symlink(elsewhere.path, stick.path / "kiosk");
    CHECK_THROWS_WITH(log.export_to(stick.path / "kiosk"),
                      Catch::Contains((stick.path / "kiosk").string()) && Catch::Contains("link"));
    CHECK(fs::is_empty(elsewhere.path));
    // Links planted under every name the export could use for its temporary file in the next
    // seconds (".part" next to the final name) point elsewhere: they are not written through.
    const fs::path real = stick.path / "real";
    fs::create_directories(real);
    const std::time_t now = std::time(nullptr);
    for (std::time_t t = now; t < now + 5; ++t) {
        std::tm local{};
        localtime_r(&t, &local);
        char stamp[32];
        std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
        const std::string base = std::string("jbnm-kiosk-log-") + stamp;
        for (const std::string& name : {base + ".part", "." + base + ".txt.part"})
            fs::create_symlink(elsewhere.path / (name + ".victim"), real / name);
    }
    const fs::path exported = log.export_to(real);
    CHECK(read(exported) == read(log.current_file()));
    CHECK(fs::is_empty(elsewhere.path));
}

TEST_CASE("a log folder that cannot be created is refused with its name") {
    TempDir dir;
    const fs::path blocker = dir.path / "file";
    std::ofstream(blocker) << "not a folder";
    CHECK_THROWS_WITH(LocalLog(blocker / "logs"), Catch::Contains((blocker / "logs").string()));
}

TEST_CASE("the process log writes DATA_DIR/logs/kiosk.log and exports it") {
    TempDir data, stick;
    CHECK_THROWS_WITH(kiosk::log_export(stick.path), Catch::Contains("no local log"));
    REQUIRE(kiosk::log_open(data.path));
    kiosk::log_info("staff panel opened");
    kiosk::log_warn("pack refused: wrong key");
    kiosk::log_error("image decode failed");
    const std::string text = read(data.path / "logs" / "kiosk.log");
    CHECK(text.find("INFO staff panel opened") != std::string::npos);
    CHECK(text.find("WARN pack refused: wrong key") != std::string::npos);
    CHECK(text.find("ERROR image decode failed") != std::string::npos);
    const fs::path exported = kiosk::log_export(stick.path);
    CHECK(read(exported) == text);
    kiosk::log_close();
    kiosk::log_info("after close: journald only");
    CHECK(read(data.path / "logs" / "kiosk.log") == text);
}

TEST_CASE("log_open on an unusable data dir reports false and logging still works") {
    TempDir dir;
    const fs::path blocker = dir.path / "file";
    std::ofstream(blocker) << "x";
    CHECK_FALSE(kiosk::log_open(blocker));
    kiosk::log_info("still fine");
    CHECK_THROWS(kiosk::log_export(dir.path));
}
