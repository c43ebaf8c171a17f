// Unit tests of the engine's pure parts: replay parsing, touch → tap/drag, texture cache
// accounting, state and PNG writers (image decoding: image_decode_tests.cpp).
#define CATCH_CONFIG_MAIN
#include <stb_image.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

#include "kiosk/engine/replay.h"
#include "kiosk/engine/texture_cache.h"
#include "kiosk/engine/touch_input.h"
#include "kiosk/engine/writers.h"
#include "tests/engine/test_pack.h"

using namespace kiosk;
using namespace kiosk::engine;

TEST_CASE("replay lines parse into commands, bad lines say what is wrong", "[replay]") {
    std::string error;
    auto tap = parse_replay_line("  tap 10 20.5 \r", &error);
    REQUIRE(tap);
    CHECK(tap->kind == ReplayCommand::Kind::Tap);
    CHECK(tap->x1 == 10.f);
    CHECK(tap->y1 == 20.5f);
    CHECK(tap->text == "tap 10 20.5");
    auto drag = parse_replay_line("drag 1 2 3 4 250", &error);
    REQUIRE(drag);
    CHECK(drag->x2 == 3.f);
    CHECK(drag->y2 == 4.f);
    CHECK(drag->ms == 250.0);
    auto shot = parse_replay_line("shot out/a b.png", &error);
    CHECK_FALSE(shot);
    CHECK(error.find("shot PATH") != std::string::npos);
    CHECK(parse_replay_line("idle 95", &error)->seconds == 95.0);
    CHECK(parse_replay_line("quit", &error)->kind == ReplayCommand::Kind::Quit);

    CHECK_FALSE(parse_replay_line("", &error));
    CHECK(error.empty());
    CHECK_FALSE(parse_replay_line("# a comment", &error));
    CHECK(error.empty());
    CHECK_FALSE(parse_replay_line("jump 1 2", &error));
    CHECK(error.find("unknown command \"jump\"") != std::string::npos);
    CHECK_FALSE(parse_replay_line("tap 10", &error));
    CHECK(error.find("tap X Y") != std::string::npos);
    CHECK_FALSE(parse_replay_line("tap ten 20", &error));
    CHECK(error.find("not a number: \"ten\"") != std::string::npos);
    CHECK_FALSE(parse_replay_line("wait -5", &error));
    CHECK_FALSE(parse_replay_line("tap nan 3", &error));
}

TEST_CASE("replay reader hands the lines of a file to the main thread in order, then the end",
          "[replay]") {
    const auto path = std::filesystem::temp_directory_path() / "engine-replay-test.txt";
    {
        std::ofstream out(path);
        out << "tap 1 2\nwait 5\nquit";  // no newline at the very end
    }
    MainThreadQueue queue;
    std::vector<std::string> lines;
    bool ended = false;
    {
        ReplayReader reader(
            path.string(), queue, [&](std::string line) { lines.push_back(std::move(line)); },
            [&] { ended = true; });
        const auto start = std::chrono::steady_clock::now();
        while (!ended && std::chrono::steady_clock::now() - start < std::chrono::seconds(10)) {
            if (queue.drain() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
    CHECK(ended);
    CHECK(lines == std::vector<std::string>{"tap 1 2", "wait 5", "quit"});
    CHECK_THROWS_WITH(ReplayReader("/nonexistent/replay.txt", queue, {}, {}),
                      Catch::Contains("cannot read replay file /nonexistent/replay.txt"));
}

TEST_CASE("a finger that moves beyond the slop is a drag and never a tap", "[touch]") {
    TouchTracker tracker(10.f);
    tracker.push({PointerEvent::Type::Move, 100, 100, 0.0});
    tracker.push({PointerEvent::Type::Press, 100, 100, 0.0});
    ui::Touch t = tracker.next_frame(0.0);
    CHECK(t.pressed);
    CHECK(t.down);
    CHECK_FALSE(t.dragging);
    tracker.push({PointerEvent::Type::Move, 100, 140, 0.05});
    t = tracker.next_frame(0.05);
    CHECK(t.dragging);
    CHECK(t.delta.y == Approx(40));
    tracker.push({PointerEvent::Type::Move, 100, 102, 0.1});  // back near the start
    tracker.push({PointerEvent::Type::Release, 100, 102, 0.1});
    t = tracker.next_frame(0.1);
    CHECK(t.released);
    CHECK(t.dragging);
    CHECK_FALSE(t.tap);
}

TEST_CASE("a press released within the slop is exactly one tap", "[touch]") {
    TouchTracker tracker(10.f);
    tracker.push({PointerEvent::Type::Press, 50, 60, 0.0});
    CHECK_FALSE(tracker.next_frame(0.0).tap);
    tracker.push({PointerEvent::Type::Move, 53, 62, 0.02});
    tracker.push({PointerEvent::Type::Release, 53, 62, 0.03});
    ui::Touch t = tracker.next_frame(0.03);
    CHECK(t.tap);
    CHECK_FALSE(t.dragging);
    CHECK(t.press_pos.x == 50.f);
    CHECK_FALSE(tracker.next_frame(0.05).tap);
}

namespace {

struct FakeUploader final : TextureUploader {
    int live = 0, peak_live = 0, next = 1;
    ImTextureID create(int, int, const unsigned char*) override {
        peak_live = std::max(peak_live, ++live);
        return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(next++));
    }
    void destroy(ImTextureID) override { --live; }
};

std::vector<unsigned char> png_bytes(int w, int h);

// Pumps until the cache has nothing in flight (the worker is a real thread).
void settle(TextureCache& cache) {
    const auto start = std::chrono::steady_clock::now();
    while ((cache.busy() || cache.stats().pending > 0) &&
           std::chrono::steady_clock::now() - start < std::chrono::seconds(10)) {
        cache.pump(100);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    cache.pump(100);
}

}  // namespace

#include <stb_image_write.h>
namespace {
std::vector<unsigned char> png_bytes(int w, int h) {
    std::vector<unsigned char> rgb(static_cast<std::size_t>(w) * h * 3, 128);
    std::vector<unsigned char> out;
    stbi_write_png_to_func(kiosk::testing::append_bytes, &out, w, h, 3, rgb.data(), w * 3);
    return out;
}
}  // namespace

TEST_CASE("texture cache decodes off the main thread and marks bad images failed", "[textures]") {
    FakeUploader uploader;
    const std::vector<unsigned char> good = png_bytes(32, 16);
    std::atomic<int> fetches{0};
    TextureCache cache(
        1 << 20,
        [&](const std::string& id, bool) -> std::optional<MediaBlob> {
            ++fetches;
            if (id == "good") return MediaBlob{"png", 32, 16, good};
            if (id == "bad") return MediaBlob{"png", 10, 10, {'n', 'o', 'p', 'e'}};
            if (id == "throws") throw std::runtime_error("broken row");
            return std::nullopt;
        },
        &uploader);
    CHECK(cache.get("good", true).id == nullptr);  // loading: the screen draws a placeholder
    cache.get("bad", true);
    cache.get("throws", true);
    cache.get("missing", true);
    settle(cache);
    const ui::TextureRef ok = cache.get("good", true);
    CHECK(ok.id != nullptr);
    CHECK(ok.width == 32);
    CHECK(ok.height == 16);
    for (const char* id : {"bad", "throws", "missing"}) {
        INFO(id);
        const ui::TextureRef ref = cache.get(id, true);
        CHECK(ref.id == nullptr);
        CHECK(ref.failed);
    }
    CHECK(cache.get("", true).failed);
    const TextureCacheStats s = cache.stats();
    CHECK(s.count == 1);
    CHECK(s.bytes == 32 * 16 * 4);
    CHECK(s.uploads == 1);
    CHECK(s.failures == 3);
    CHECK(fetches == 4);  // asked once each, never again after the result
}

TEST_CASE("texture cache stays within its byte budget, releasing the least recently drawn",
          "[textures]") {
    FakeUploader uploader;
    const std::vector<unsigned char> img = png_bytes(64, 64);  // 16 KiB each as RGBA
    TextureCache cache(
        3 * 64 * 64 * 4,
        [&](const std::string&, bool) {
            return std::optional<MediaBlob>(MediaBlob{"png", 64, 64, img});
        },
        &uploader);
    for (int i = 0; i < 6; ++i) {
        cache.get("img" + std::to_string(i), false);
        settle(cache);
        cache.pump();  // a later frame: earlier images are no longer on screen
        cache.pump();
    }
    const TextureCacheStats s = cache.stats();
    CHECK(s.bytes <= 3 * 64 * 64 * 4);
    CHECK(s.count == 3);
    CHECK(s.evictions == 3);
    CHECK(uploader.live == 3);
    CHECK(uploader.peak_live == 3);                 // room is made before an upload, not after it
    CHECK(cache.get("img5", false).id != nullptr);  // the newest is kept
    CHECK(cache.get("img0", false).id == nullptr);  // the oldest went (and is asked for again)
    cache.reset(nullptr);
    CHECK(uploader.live == 0);
    CHECK(cache.stats().bytes == 0);
}

TEST_CASE("texture cache queue is bounded", "[textures]") {
    FakeUploader uploader;
    std::atomic<bool> release{false};
    TextureCache cache(
        1 << 30,
        [&](const std::string&, bool) {
            while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            return std::optional<MediaBlob>();
        },
        &uploader);
    for (int i = 0; i < 3 * TextureCache::kMaxQueued; ++i) cache.get(std::to_string(i), false);
    CHECK(cache.stats().pending <= TextureCache::kMaxQueued + 1);
    release = true;
}

// Waits (up to 10 s) until `done` holds, for conditions the worker thread brings about.
template <class Condition>
bool eventually(Condition done) {
    const auto start = std::chrono::steady_clock::now();
    while (!done()) {
        if (std::chrono::steady_clock::now() - start > std::chrono::seconds(10)) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

TEST_CASE("decoded images waiting for upload never exceed the queue's count and byte limits",
          "[textures]") {
    FakeUploader uploader;
    const std::vector<unsigned char> img = png_bytes(32, 32);  // 4 KiB each as RGBA
    const long long image_bytes = 32 * 32 * 4;
    std::atomic<int> fetches{0};
    const auto fetch = [&](const std::string&, bool) {
        ++fetches;
        return std::optional<MediaBlob>(MediaBlob{"png", 32, 32, img});
    };
    SECTION("by count") {
        TextureCache cache(1 << 30, fetch, &uploader, {}, DecodedQueueLimits{3, 1 << 30});
        for (int i = 0; i < 12; ++i) cache.get("img" + std::to_string(i), false);
        REQUIRE(eventually([&] { return cache.stats().decoded_waiting == 3; }));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the worker must wait
        CHECK(cache.stats().decoded_waiting == 3);
        CHECK(fetches == 3);
        // Drained one upload per frame while the screen keeps asking: every image arrives.
        REQUIRE(eventually([&] {
            for (int i = 0; i < 12; ++i) cache.get("img" + std::to_string(i), false);
            cache.pump(1);
            return cache.stats().uploads == 12;
        }));
        CHECK(cache.stats().decoded_waiting_peak == 3);
    }
    SECTION("by bytes") {
        TextureCache cache(1 << 30, fetch, &uploader, {},
                           DecodedQueueLimits{100, 2 * image_bytes + image_bytes / 2});
        for (int i = 0; i < 12; ++i) cache.get("img" + std::to_string(i), false);
        REQUIRE(eventually([&] { return cache.stats().decoded_waiting == 2; }));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        CHECK(cache.stats().decoded_waiting_bytes == 2 * image_bytes);
        REQUIRE(eventually([&] {
            for (int i = 0; i < 12; ++i) cache.get("img" + std::to_string(i), false);
            cache.pump(1);
            return cache.stats().uploads == 12;
        }));
        CHECK(cache.stats().decoded_waiting_bytes_peak == 2 * image_bytes);
    }
    SECTION("an image larger than the byte limit still passes, alone") {
        TextureCache cache(1 << 30, fetch, &uploader, {}, DecodedQueueLimits{100, 100});
        for (int i = 0; i < 4; ++i) cache.get("img" + std::to_string(i), false);
        REQUIRE(eventually([&] {
            for (int i = 0; i < 4; ++i) cache.get("img" + std::to_string(i), false);
            cache.pump(1);
            return cache.stats().uploads == 4;
        }));
        CHECK(cache.stats().decoded_waiting_peak == 1);
    }
}

TEST_CASE("requests the screens stopped asking for are dropped, queued or decoded", "[textures]") {
    FakeUploader uploader;
    const std::vector<unsigned char> img = png_bytes(16, 16);
    std::atomic<bool> gate_open{false}, worker_at_gate{false};
    std::mutex fetched_mutex;
    std::vector<std::string> fetched;
    TextureCache cache(
        1 << 30,
        [&](const std::string& id, bool) {
            worker_at_gate = true;
            while (!gate_open) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            std::lock_guard lock(fetched_mutex);
            fetched.push_back(id);
            return std::optional<MediaBlob>(MediaBlob{"png", 16, 16, img});
        },
        &uploader);
    // One frame shows cards a..e; the worker starts on "a" and waits at the gate.
    for (const char* id : {"a", "b", "c", "d", "e"}) cache.get(id, true);
    REQUIRE(eventually([&] { return worker_at_gate.load(); }));
    // Then the grid moves on: frames that ask only for "f".
    for (long long frame = 0; frame <= TextureCache::kForgetAfterFrames + 1; ++frame) {
        cache.pump();
        cache.get("f", true);
    }
    CHECK(cache.stats().dropped == 4);  // b..e never reach the worker; "a" is being fetched
    gate_open = true;
    REQUIRE(eventually([&] {
        cache.get("f", true);
        cache.pump();
        return !cache.busy() && cache.stats().pending == 0;
    }));
    const TextureCacheStats s = cache.stats();
    CHECK(s.dropped == 5);  // "a" was decoded, but for a card no longer on screen: not uploaded
    CHECK(s.uploads == 1);
    CHECK(uploader.live == 1);
    CHECK(cache.get("f", true).id != nullptr);
    {
        std::lock_guard lock(fetched_mutex);
        CHECK(fetched == std::vector<std::string>{"a", "f"});
    }
    // Asked for again later, a dropped image is requested afresh.
    CHECK(cache.get("b", true).id == nullptr);
    settle(cache);
    CHECK(cache.get("b", true).id != nullptr);
}

TEST_CASE("frames that ask for no image do not age requests", "[textures]") {
    FakeUploader uploader;
    std::atomic<bool> gate_open{false};
    const std::vector<unsigned char> img = png_bytes(16, 16);
    TextureCache cache(
        1 << 30,
        [&](const std::string&, bool) {
            while (!gate_open) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            return std::optional<MediaBlob>(MediaBlob{"png", 16, 16, img});
        },
        &uploader);
    cache.get("a", true);
    cache.get("b", true);
    // Idle loop turns (no drawing) while the worker is slow: nothing is dropped.
    for (int turn = 0; turn < 20; ++turn) cache.pump();
    CHECK(cache.stats().dropped == 0);
    gate_open = true;
    settle(cache);
    CHECK(cache.stats().uploads == 2);
}

TEST_CASE("state JSON carries screen, filters, window and targets", "[writers]") {
    ui::AppState st;
    st.screen = "members";
    st.language = "en";
    st.kind_filter = "university";
    std::vector<ui::Target> targets = {{"home.members", "button", "Members", 10, 20, 300, 80}};
    const nlohmann::json j = state_json(st, targets, 1920, 1080, {});
    CHECK(j["screen"] == "members");
    CHECK(j["language"] == "en");
    CHECK(j["kind_filter"] == "university");
    CHECK(j["window"]["w"] == 1920);
    CHECK(j["targets"][0]["id"] == "home.members");
    CHECK(j["targets"][0]["w"] == 300.0);
    CHECK(j.contains("textures"));
}

TEST_CASE("PNG writer flips the bottom-up frame so the top row comes first", "[writers]") {
    const int w = 4, h = 2;
    std::vector<unsigned char> rgb(w * h * 3, 0);
    for (int x = 0; x < w; ++x)
        rgb[static_cast<std::size_t>((1 * w + x) * 3)] = 255;  // GL row 1 = top
    const auto path = (std::filesystem::temp_directory_path() / "engine-flip.png").string();
    write_png_bottom_up(path, w, h, rgb);
    int rw = 0, rh = 0, n = 0;
    unsigned char* px = stbi_load(path.c_str(), &rw, &rh, &n, 3);
    REQUIRE(px);
    CHECK(rw == w);
    CHECK(rh == h);
    CHECK(px[0] == 255);    // top-left is red
    CHECK(px[w * 3] == 0);  // bottom-left is black
    stbi_image_free(px);
    CHECK_THROWS_WITH(write_png_bottom_up("/nonexistent-dir/x.png", w, h, rgb),
                      Catch::Contains("/nonexistent-dir/x.png"));
}
