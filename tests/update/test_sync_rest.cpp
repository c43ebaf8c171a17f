// Several kiosks: asking Syncthing whether the inbox is idle. The HTTP client over a Unix socket
// against a server played by the test (slow, endless, chunked, garbled, refusing); the folder
// status and the API key file read as hostile; the inbox's decision with each answer.
// Sections: a server played by the test · the HTTP client · Syncthing's answers · the API key ·
// the inbox's decision
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "kiosk/update/inbox.h"
#include "kiosk/update/sync_rest.h"
#include "platform/local_http/unix_http.h"
#include "tests/support/temp_dir.h"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using kiosk::testing::TempDir;
using namespace kiosk::update;
using kiosk::platform::unix_http_get;

// --- a server played by the test ---
namespace {

// Listens on `path`; for each connection reads the request head and hands the socket to `serve`.
class FakeServer {
  public:
    FakeServer(const std::string& path, std::function<void(int fd)> serve)
        : serve_(std::move(serve)) {
        fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        std::strncpy(a.sun_path, path.c_str(), sizeof a.sun_path - 1);
        REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        REQUIRE(::listen(fd_, 4) == 0);
        thread_ = std::thread([this] {
            for (;;) {
                const int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
                if (c < 0) return;  // shut down
                ++connections;
                std::string head;
                char b;
                while (head.find("\r\n\r\n") == std::string::npos && ::recv(c, &b, 1, 0) == 1)
                    head += b;
                request = head;
                serve_(c);
                ::close(c);
            }
        });
    }
    ~FakeServer() {
        stop = true;
        ::shutdown(fd_, SHUT_RDWR);
        thread_.join();
        ::close(fd_);
    }
    std::atomic<int> connections{0};
    std::atomic<bool> stop{false};
    std::string request;  // the last request's head (read after the client returned)

  private:
    int fd_ = -1;
    std::function<void(int)> serve_;
    std::thread thread_;
};

void say(int fd, const std::string& text) {
    (void)!::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
}

std::string reply(const std::string& body, const std::string& status = "200 OK") {
    return "HTTP/1.1 " + status +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
}

const std::string kIdle = R"({"state":"idle","needFiles":0,"needDeletes":0,"needBytes":0})";

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

// --- the HTTP client ---
TEST_CASE("a GET over a Unix socket carries the target and the key and returns the body") {
    TempDir d;
    const std::string sock = d.file("gui.sock");
    FakeServer server(sock, [](int fd) { say(fd, reply(kIdle) + "trailing bytes ignored"); });
    const auto r = unix_http_get(sock, "/rest/db/status?folder=jbnm-packs", {{"X-API-Key", "k1"}});
    CHECK(r.error.empty());
    CHECK(r.status == 200);
    CHECK(r.body == kIdle);
    CHECK_THAT(server.request, Contains("GET /rest/db/status?folder=jbnm-packs HTTP/1.0\r\n"));
    CHECK_THAT(server.request, Contains("\r\nX-API-Key: k1\r\n"));
}

TEST_CASE("a server that never answers or never stops costs the timeout or the size cap") {
    TempDir d;
    const std::string sock = d.file("gui.sock");
    kiosk::platform::UnixHttpLimits limits;
    limits.timeout_ms = 300;
    limits.max_reply_bytes = 4096;
    SECTION("silent") {
        FakeServer server(sock, [&](int) {
            while (!server.stop) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        });
        const auto t = std::chrono::steady_clock::now();
        const auto r = unix_http_get(sock, "/rest/db/status", {}, limits);
        CHECK(r.status == 0);
        CHECK_THAT(r.error, Contains("timed out"));
        CHECK(seconds_since(t) < 5);  // bounded: 0.3 s asked, slack for a loaded machine
    }
    SECTION("a trickle that would last for ever") {
        FakeServer server(sock, [&](int fd) {
            say(fd, "HTTP/1.1 200 OK\r\n");
            while (!server.stop) {
                say(fd, "X: y\r\n");
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        });
        const auto r = unix_http_get(sock, "/rest/db/status", {}, limits);
        CHECK(r.status == 0);
        CHECK_THAT(r.error, Contains("timed out"));
    }
    SECTION("endless") {
        FakeServer server(sock, [&](int fd) {
            const std::string block(1000, 'x');
            while (!server.stop && ::send(fd, block.data(), block.size(), MSG_NOSIGNAL) > 0) {
            }
        });
        const auto r = unix_http_get(sock, "/rest/db/status", {}, limits);
        CHECK(r.status == 0);
        CHECK_THAT(r.error, Contains("larger than 4096"));
    }
}

TEST_CASE("replies that are not plain HTTP/1.0 answers are errors, not bodies") {
    TempDir d;
    const std::string sock = d.file("gui.sock");
    std::string answer;
    FakeServer server(sock, [&](int fd) { say(fd, answer); });
    const auto ask = [&](const std::string& a) {
        answer = a;
        return unix_http_get(sock, "/rest/db/status", {});
    };
    CHECK_THAT(
        ask("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nidle\r\n0\r\n\r\n").error,
        Contains("chunked"));
    CHECK_THAT(ask("HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\nshort").error,
               Contains("ended early"));
    CHECK_THAT(ask("HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\nbody").error,
               Contains("Content-Length"));
    CHECK_THAT(ask("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\nx").error,
               Contains("Content-Length"));
    CHECK_THAT(ask("SSH-2.0-OpenSSH\r\n\r\n").error, Contains("not an HTTP reply"));
    CHECK_THAT(ask("HTTP/1.1 2x0 OK\r\n\r\n").error, Contains("status"));
    CHECK_THAT(ask("HTTP/1.1 200 OK\r\n").error, Contains("not an HTTP reply"));  // no head end
    CHECK_THAT(ask("").error, Contains("not an HTTP reply"));
    const auto forbidden = ask("HTTP/1.1 403 Forbidden\r\nContent-Length: 10\r\n\r\nForbidden\n");
    CHECK(forbidden.status == 403);
    CHECK(forbidden.body == "Forbidden\n");
}

TEST_CASE("a header or target that could smuggle a line is refused before connecting") {
    TempDir d;
    const std::string sock = d.file("gui.sock");
    FakeServer server(sock, [](int fd) { say(fd, reply(kIdle)); });
    CHECK(unix_http_get(sock, "/rest", {{"X-API-Key", "k\r\nX-Evil: 1"}}).status == 0);
    CHECK(unix_http_get(sock, "/rest", {{"X-API-Key\r\nX", "k"}}).status == 0);
    CHECK(unix_http_get(sock, "/rest HTTP/1.1\r\nX: y", {}).status == 0);
    CHECK(unix_http_get(sock, "rest", {}).status == 0);
    CHECK(server.connections == 0);
    CHECK(unix_http_get(sock, "/rest", {{"X-API-Key", "k"}}).status == 200);
    CHECK(server.connections == 1);
}

TEST_CASE("no server, a file in the socket's place or a path too long is an error") {
    TempDir d;
    CHECK_THAT(unix_http_get(d.file("missing.sock"), "/rest", {}).error, Contains("connect"));
    std::ofstream(d.file("plain")) << "not a socket";
    CHECK_THAT(unix_http_get(d.file("plain"), "/rest", {}).error, Contains("connect"));
    CHECK_THAT(unix_http_get(std::string(200, 'a'), "/rest", {}).error, Contains("socket path"));
    CHECK_THAT(unix_http_get("", "/rest", {}).error, Contains("socket path"));
}

// --- Syncthing's answers ---
TEST_CASE("the folder is idle only when Syncthing says idle with nothing left to fetch") {
    CHECK(parse_folder_status(kIdle).sync == FolderSync::Idle);
    const auto syncing =
        parse_folder_status(R"({"state":"syncing","needFiles":1,"needDeletes":0})");
    CHECK(syncing.sync == FolderSync::Busy);
    CHECK_THAT(syncing.why, Contains("syncing") && Contains("1 files"));
    for (const char* state : {"scanning", "scan-waiting", "sync-waiting", "sync-preparing",
                              "cleaning", "clean-waiting"})
        CHECK(parse_folder_status(std::string(R"({"state":")") + state +
                                  R"(","needFiles":0,"needDeletes":0})")
                  .sync == FolderSync::Busy);
    // Idle with files still needed: the peer that has them went away mid-transfer.
    CHECK(parse_folder_status(R"({"state":"idle","needFiles":2,"needDeletes":0})").sync ==
          FolderSync::Busy);
    CHECK(parse_folder_status(R"({"state":"idle","needFiles":0,"needDeletes":1})").sync ==
          FolderSync::Busy);
}

TEST_CASE("an answer that is not a well-formed folder status leaves the decision to the files") {
    for (const char* text :
         {"", "not json", "[]", "{}", R"({"state":"error","needFiles":0,"needDeletes":0})",
          R"({"state":"unknown","needFiles":0,"needDeletes":0})",
          R"({"state":7,"needFiles":0,"needDeletes":0})", R"({"state":"idle","needDeletes":0})",
          R"({"state":"idle","needFiles":"0","needDeletes":0})",
          R"({"state":"idle","needFiles":-1,"needDeletes":0})",
          R"({"state":"idle","needFiles":0.5,"needDeletes":0})"}) {
        INFO(text);
        CHECK(parse_folder_status(text).sync == FolderSync::Unknown);
    }
    const auto odd =
        parse_folder_status("{\"state\":\"new\\u001b[2J\\u0007" + std::string(100, 'x') +
                            "\",\"needFiles\":0,\"needDeletes\":0}");
    CHECK(odd.sync == FolderSync::Unknown);
    CHECK(odd.why.find('\x1b') == std::string::npos);  // the log gets no escape sequence
    CHECK(odd.why.size() < 60);
}

// --- the API key ---
TEST_CASE("the API key comes from the environment file only when it is plainly a key") {
    TempDir d;
    const auto key_in = [&](const std::string& text) {
        std::ofstream(d.file("env"), std::ios::binary | std::ios::trunc) << text;
        return read_api_key(d.file("env"));
    };
    CHECK(key_in("STGUIAPIKEY=3f9a0c\n") == "3f9a0c");
    CHECK(key_in("# made by kiosk-sync-setup\r\nOTHER=1\r\nSTGUIAPIKEY=\"ab-cd_EF\"\r\n") ==
          "ab-cd_EF");
    CHECK(key_in("STGUIAPIKEY=ab cd\n").empty());
    CHECK(key_in("STGUIAPIKEY=ab\rX-Evil: 1\n").empty());
    CHECK(key_in("STGUIAPIKEY=\n").empty());
    CHECK(key_in("OTHER=1\n").empty());
    CHECK(key_in("STGUIAPIKEY=" + std::string(200, 'a')).empty());
    CHECK(read_api_key(d.file("missing")).empty());
    fs::create_symlink(d.file("env"), d.file("link"));
    CHECK(read_api_key(d.file("link")).empty());
    REQUIRE(::mkfifo(d.file("fifo").c_str(), 0600) == 0);
    CHECK(read_api_key(d.file("fifo")).empty());  // returns at once: never blocks on a FIFO
}

TEST_CASE("Syncthing is asked with the key from the file and its refusal is explained") {
    TempDir d;
    std::ofstream(d.file("syncthing.env")) << "STGUIAPIKEY=right-key\n";
    const std::string sock = d.file("gui.sock");
    FakeServer server(sock, [&](int fd) {
        say(fd, server.request.find("X-API-Key: right-key\r\n") != std::string::npos
                    ? reply(kIdle)
                    : reply("Forbidden\n", "403 Forbidden"));
    });
    SyncthingRest rest{sock, d.file("syncthing.env"), "jbnm packs/&x"};
    CHECK(rest.folder_sync().sync == FolderSync::Idle);
    CHECK_THAT(server.request, Contains("folder=jbnm%20packs%2F%26x "));
    std::ofstream(d.file("syncthing.env"), std::ios::trunc) << "STGUIAPIKEY=wrong-key\n";
    const auto refused = rest.folder_sync();
    CHECK(refused.sync == FolderSync::Unknown);
    CHECK_THAT(refused.why, Contains("403") && Contains("API key"));
    fs::remove(d.file("syncthing.env"));
    const int before = server.connections;
    CHECK_THAT(rest.folder_sync().why, Contains("no API key"));
    CHECK(server.connections == before);
    CHECK(SyncthingRest{"", d.file("syncthing.env"), "x"}.folder_sync().sync ==
          FolderSync::Unknown);
}

// --- the inbox's decision ---
TEST_CASE("with Syncthing idle a whole pack is taken at the next scan, not after stable_s") {
    const InboxPack p{"/inbox/content.pack", 10, 1, 5, 1};
    InboxSettle settle(10);
    CHECK(settle.any_untried({p}));
    CHECK(settle.ready({p}, 0, FolderSync::Idle).empty());  // seen once: not yet
    const auto ready = settle.ready({p}, 2, FolderSync::Idle);
    REQUIRE(ready.size() == 1);
    CHECK_FALSE(ready[0].settled);
    settle.tried({ready[0].path});
    CHECK_FALSE(settle.any_untried({p}));
    CHECK(settle.ready({p}, 4, FolderSync::Idle).empty());
    InboxPack changed = p;
    changed.sig_size = 6;
    CHECK(settle.any_untried({changed}));
}

TEST_CASE("with Syncthing busy a settled pack waits, unless busy for longer than the limit") {
    const InboxPack p{"/inbox/content.pack", 10, 1, 5, 1};
    InboxSettle settle(10);
    CHECK(settle.ready({p}, 0, FolderSync::Busy).empty());
    CHECK(settle.ready({p}, 30, FolderSync::Busy).empty());  // stable, but Syncthing works on
    CHECK(settle.ready({p}, kBusyLimitS - 1, FolderSync::Busy).empty());
    const auto late = settle.ready({p}, kBusyLimitS, FolderSync::Busy);
    REQUIRE(late.size() == 1);
    CHECK(late[0].settled);
    // Without an answer the files' stability decides, as before.
    InboxSettle alone(10);
    CHECK(alone.ready({p}, 0).empty());
    CHECK(alone.ready({p}, 9.9).empty());
    CHECK(alone.ready({p}, 10).size() == 1);
}

TEST_CASE("a signature refused before the pair settled is tried again only once it has") {
    const InboxPack p{"/inbox/content.pack", 10, 1, 5, 1};
    InboxSettle settle(10);
    settle.ready({p}, 0, FolderSync::Idle);
    REQUIRE(settle.ready({p}, 2, FolderSync::Idle).size() == 1);
    settle.wait_until_stable(p.path);  // BadSignature, maybe half arrived: not said yet
    CHECK(settle.ready({p}, 4, FolderSync::Idle).empty());
    CHECK(settle.ready({p}, 9, FolderSync::Idle).empty());
    const auto again = settle.ready({p}, 10, FolderSync::Idle);
    REQUIRE(again.size() == 1);
    CHECK(again[0].settled);  // now the refusal is final and said
    // A new form (the signature arrived) starts afresh: the next idle scan takes it.
    InboxPack whole = p;
    whole.sig_mtime_ns = 2;
    CHECK(settle.ready({whole}, 11, FolderSync::Idle).empty());
    CHECK(settle.ready({whole}, 13, FolderSync::Idle).size() == 1);
}
