// Display-size decoding (kiosk/engine/image_decode.h): images are decoded at the size they are
// drawn, never smaller than drawn and never larger than stored, and still show the same picture.
#include <stb_image.h>
#include <stb_image_write.h>
#include <turbojpeg.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <new>
#include <thread>

#include "kiosk/engine/image_decode.h"
#include "kiosk/engine/texture_cache.h"
#include "tests/engine/test_pack.h"

using namespace kiosk;
using namespace kiosk::engine;
using kiosk::testing::append_bytes;

namespace {

// Left half red, right half blue: a scaled decode must keep the halves where they were.
std::vector<unsigned char> two_halves_jpeg(int w, int h) {
    std::vector<unsigned char> rgb(static_cast<std::size_t>(w) * h * 3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            unsigned char* p = &rgb[(static_cast<std::size_t>(y) * w + x) * 3];
            p[0] = x < w / 2 ? 220 : 20;
            p[1] = 30;
            p[2] = x < w / 2 ? 20 : 220;
        }
    std::vector<unsigned char> out;
    stbi_write_jpg_to_func(append_bytes, &out, w, h, 3, rgb.data(), 90);
    return out;
}

// A logo: an opaque square in the middle of a transparent field.
std::vector<unsigned char> logo_png(int side) {
    std::vector<unsigned char> rgba(static_cast<std::size_t>(side) * side * 4, 0);
    for (int y = side / 4; y < side * 3 / 4; ++y)
        for (int x = side / 4; x < side * 3 / 4; ++x) {
            unsigned char* p = &rgba[(static_cast<std::size_t>(y) * side + x) * 4];
            p[0] = 250, p[1] = 200, p[2] = 40, p[3] = 255;
        }
    std::vector<unsigned char> out;
    stbi_write_png_to_func(append_bytes, &out, side, side, 4, rgba.data(), side * 4);
    return out;
}

const unsigned char* pixel(const std::vector<unsigned char>& rgba, int w, int x, int y) {
    return &rgba[(static_cast<std::size_t>(y) * w + x) * 4];
}
}  // namespace

TEST_CASE("drawn sizes round up to a few steps, at most 1.5x larger", "[images]") {
    CHECK(cover_size_step(0, 0).as_stored());
    CHECK(cover_size_step(-5, 100).as_stored());
    for (float px : {1.f, 63.f, 64.f, 65.f, 300.f, 310.f, 399.f, 1000.f, 1919.f, 3840.f}) {
        INFO(px);
        const CoverSize s = cover_size_step(px, px);
        CHECK(static_cast<float>(s.width) >= px);
        if (px >= 64) CHECK(static_cast<float>(s.width) <= px * 1.5f);
    }
    // A card and a slightly larger card share one decode.
    CHECK(cover_size_step(300, 200).width == cover_size_step(310, 210).width);
    CHECK(cover_size_step(300, 200).height == cover_size_step(310, 210).height);
}

TEST_CASE("a photo drawn on a card is decoded at card size, never smaller than drawn", "[images]") {
    const std::vector<unsigned char> jpeg = two_halves_jpeg(1600, 1200);
    int w = 0, h = 0;
    std::vector<unsigned char> rgba;
    const CoverSize card{384, 256};
    REQUIRE(decode_image(jpeg, 8192, card, &w, &h, &rgba));
    CHECK(w >= card.width);
    CHECK(h >= card.height);
    CHECK(w == 400);  // libjpeg-turbo's 1/4 scale: the smallest that still covers the card
    CHECK(h == 300);
    CHECK(rgba.size() == static_cast<std::size_t>(w) * h * 4);
    CHECK(decoded_bytes(jpeg, card) == static_cast<long long>(rgba.size()));
    // The same picture: red on the left, blue on the right, opaque.
    const unsigned char* left = pixel(rgba, w, w / 4, h / 2);
    const unsigned char* right = pixel(rgba, w, w * 3 / 4, h / 2);
    CHECK(left[0] > 180);
    CHECK(left[2] < 60);
    CHECK(right[0] < 60);
    CHECK(right[2] > 180);
    CHECK(left[3] == 255);

    // Drawn larger than stored, or at the stored size: decoded whole, never enlarged.
    REQUIRE(decode_image(jpeg, 8192, CoverSize{2048, 1536}, &w, &h, &rgba));
    CHECK(w == 1600);
    CHECK(h == 1200);
    REQUIRE(decode_image(jpeg, 8192, CoverSize{}, &w, &h, &rgba));
    CHECK(w == 1600);
    // A wide strip still covers both sides: 1700 px wide needs the whole width.
    REQUIRE(decode_image(jpeg, 8192, CoverSize{1700, 64}, &w, &h, &rgba));
    CHECK(w == 1600);
}

TEST_CASE("a large logo drawn small is shrunk, keeping its transparency", "[images]") {
    const std::vector<unsigned char> png = logo_png(400);
    int w = 0, h = 0;
    std::vector<unsigned char> rgba;
    REQUIRE(decode_image(png, 8192, CoverSize{128, 128}, &w, &h, &rgba));
    CHECK(w == 128);
    CHECK(h == 128);
    CHECK(decoded_bytes(png, CoverSize{128, 128}) == 128 * 128 * 4);
    CHECK(pixel(rgba, w, 2, 2)[3] == 0);            // the corner stays transparent
    CHECK(pixel(rgba, w, w / 2, h / 2)[3] == 255);  // the middle stays opaque
    CHECK(pixel(rgba, w, w / 2, h / 2)[0] > 230);   // and keeps its colour (no dark fringe)
    // Less than twice the drawn size: kept as stored (a resize would cost more than it saves).
    REQUIRE(decode_image(png, 8192, CoverSize{256, 256}, &w, &h, &rgba));
    CHECK(w == 400);
}

TEST_CASE("decode_image refuses garbage, truncation and absurd sizes", "[images]") {
    int w = 0, h = 0;
    std::vector<unsigned char> rgba;
    CHECK_FALSE(decode_image({}, 8192, {}, &w, &h, &rgba));
    CHECK_FALSE(decode_image({1, 2, 3, 4, 5}, 8192, {}, &w, &h, &rgba));
    CHECK_FALSE(decode_image({0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3}, 8192, {}, &w, &h, &rgba));
    std::vector<unsigned char> png = logo_png(40);
    CHECK_FALSE(decode_image(png, 32, {}, &w, &h, &rgba));  // larger than allowed
    const std::vector<unsigned char> jpeg = two_halves_jpeg(64, 48);
    CHECK_FALSE(decode_image(jpeg, 32, CoverSize{16, 16}, &w, &h, &rgba));
    CHECK(rgba.empty());
    REQUIRE(decode_image(png, 8192, {}, &w, &h, &rgba));
    CHECK(w == 40);
    CHECK(h == 40);
    CHECK(rgba.size() == 40u * 40u * 4u);
    png.resize(png.size() / 2);
    CHECK_FALSE(decode_image(png, 8192, {}, &w, &h, &rgba));
    CHECK(rgba.empty());
}

TEST_CASE("PNGs are shown by libpng, as the importer checked them, with stb's pixels", "[images]") {
    int w = 0, h = 0;
    std::vector<unsigned char> rgba;
    // Grey, grey+alpha, RGB and RGBA: the same RGBA texture stb_image gave before.
    for (int channels = 1; channels <= 4; ++channels) {
        INFO(channels << " channels");
        const int side = 37;
        std::vector<unsigned char> pixels(static_cast<std::size_t>(side) * side * channels);
        for (std::size_t i = 0; i < pixels.size(); ++i)
            pixels[i] = static_cast<unsigned char>(i * 7 + i / 13);
        std::vector<unsigned char> png;
        stbi_write_png_to_func(append_bytes, &png, side, side, channels, pixels.data(),
                               side * channels);
        int sw = 0, sh = 0, sc = 0;
        unsigned char* by_stb =
            stbi_load_from_memory(png.data(), static_cast<int>(png.size()), &sw, &sh, &sc, 4);
        REQUIRE(by_stb);
        const std::vector<unsigned char> expected(by_stb, by_stb + side * side * 4);
        stbi_image_free(by_stb);
        REQUIRE(decode_image(png, 8192, {}, &w, &h, &rgba));
        CHECK(w == side);
        CHECK(h == side);
        CHECK(rgba == expected);
    }
    // A wrong CRC: stb_image never looks at CRCs and shows whatever the bytes decode to; the
    // importer (libpng) refuses the image, and so does the display.
    std::vector<unsigned char> png = logo_png(40);
    const auto idat = std::search(png.begin(), png.end(), std::begin("IDAT"), std::end("IDAT") - 1);
    REQUIRE(idat != png.end());
    const std::size_t idat_length = (std::size_t{idat[-4]} << 24) | (std::size_t{idat[-3]} << 16) |
                                    (std::size_t{idat[-2]} << 8) | idat[-1];
    png[static_cast<std::size_t>(idat - png.begin()) + 4 + idat_length] ^= 0x01;  // CRC's 1st byte
    int sw = 0, sh = 0, sc = 0;
    unsigned char* by_stb =
        stbi_load_from_memory(png.data(), static_cast<int>(png.size()), &sw, &sh, &sc, 4);
    CHECK(by_stb != nullptr);  // what the old display path would have shown
    stbi_image_free(by_stb);
    CHECK_FALSE(decode_image(png, 8192, {}, &w, &h, &rgba));
    CHECK(rgba.empty());
}

TEST_CASE("a CMYK JPEG is shown in the colours stb_image gave it", "[images]") {
    const int side = 32;
    std::vector<unsigned char> cmyk(static_cast<std::size_t>(side) * side * 4);
    for (std::size_t i = 0; i < cmyk.size(); i += 4) {
        cmyk[i] = 200, cmyk[i + 1] = 120, cmyk[i + 2] = 40, cmyk[i + 3] = 180;
    }
    tjhandle tj = tjInitCompress();
    REQUIRE(tj);
    unsigned char* jpeg = nullptr;
    unsigned long jpeg_size = 0;
    REQUIRE(tjCompress2(tj, cmyk.data(), side, 0, side, TJPF_CMYK, &jpeg, &jpeg_size, TJSAMP_444,
                        95, 0) == 0);
    const std::vector<unsigned char> bytes(jpeg, jpeg + jpeg_size);
    tjFree(jpeg);
    tjDestroy(tj);
    int sw = 0, sh = 0, sc = 0;
    unsigned char* by_stb =
        stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &sw, &sh, &sc, 4);
    REQUIRE(by_stb);
    const std::vector<unsigned char> expected(by_stb, by_stb + side * side * 4);
    stbi_image_free(by_stb);
    int w = 0, h = 0;
    std::vector<unsigned char> rgba;
    REQUIRE(decode_image(bytes, 8192, {}, &w, &h, &rgba));
    REQUIRE(rgba.size() == expected.size());
    for (std::size_t i = 0; i < rgba.size(); ++i) {
        INFO("byte " << i);
        REQUIRE(std::abs(int{rgba[i]} - int{expected[i]}) <= 2);
    }
}

namespace {
class CountingUploader final : public TextureUploader {
  public:
    ImTextureID create(int, int, const unsigned char*) override {
        return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(++made));
    }
    void destroy(ImTextureID) override {}
    int made = 0;
};
}  // namespace

TEST_CASE("the texture cache keeps one texture per drawn size step of an image", "[images]") {
    const std::vector<unsigned char> jpeg = two_halves_jpeg(1600, 1200);
    std::atomic<int> fetches{0};
    CountingUploader uploader;
    TextureCache cache(
        64 << 20,
        [&](const std::string&, bool) -> std::optional<MediaBlob> {
            ++fetches;
            return MediaBlob{"jpeg", 1600, 1200, jpeg};
        },
        &uploader);
    auto wait_for = [&](float w, float h) {
        const auto start = std::chrono::steady_clock::now();
        ui::TextureRef ref = cache.get("photo", false, w, h);
        while (ref.id == nullptr && !ref.failed &&
               std::chrono::steady_clock::now() - start < std::chrono::seconds(10)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            cache.pump(8);
            ref = cache.get("photo", false, w, h);
        }
        return ref;
    };
    const ui::TextureRef card = wait_for(380, 250);
    REQUIRE(card.id != nullptr);
    CHECK(card.width == 400);
    CHECK(cache.stats().bytes == 400 * 300 * 4);
    // The next card size up is the same step: the same texture, no new decode.
    const ui::TextureRef same = wait_for(384, 256);
    CHECK(same.id == card.id);
    CHECK(fetches == 1);
    // Full screen: its own texture at the stored size.
    const ui::TextureRef full = wait_for(1920, 1080);
    REQUIRE(full.id != nullptr);
    CHECK(full.id != card.id);
    CHECK(full.width == 1600);
    CHECK(fetches == 2);
    CHECK(cache.stats().bytes == 400 * 300 * 4 + 1600 * 1200 * 4);
}

// Counts heap allocations made through operator new in this test program. Not under
// AddressSanitizer, which replaces operator new itself (this build runs in the plain test run).
#if !defined(__SANITIZE_ADDRESS__)
// The replacements pair malloc with free by design, which GCC's new/delete matching cannot see.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
namespace {
std::atomic<long long> g_allocations{0};
}  // namespace
void* operator new(std::size_t size) {
    ++g_allocations;
    if (void* p = std::malloc(size != 0 ? size : 1)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}

TEST_CASE("asking every frame for the images on screen allocates nothing", "[images]") {
    const std::vector<unsigned char> jpeg = two_halves_jpeg(640, 480);
    CountingUploader uploader;
    TextureCache cache(
        64 << 20,
        [&](const std::string&, bool) -> std::optional<MediaBlob> {
            return MediaBlob{"jpeg", 640, 480, jpeg};
        },
        &uploader);
    const std::string ids[] = {"member-logo-with-a-long-identifier-0001", "photo-2"};
    const auto start = std::chrono::steady_clock::now();
    auto all_loaded = [&] {
        bool loaded = true;
        for (const std::string& id : ids) loaded = cache.get(id, true, 300, 200).id && loaded;
        return loaded;
    };
    while (!all_loaded() && std::chrono::steady_clock::now() - start < std::chrono::seconds(10)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        cache.pump(8);
    }
    REQUIRE(all_loaded());
    const long long before = g_allocations.load();
    for (int frame = 0; frame < 100; ++frame) {
        cache.pump();
        for (const std::string& id : ids) CHECK(cache.get(id, true, 300, 200).id != nullptr);
    }
    CHECK(g_allocations.load() - before == 0);
}
#endif  // !__SANITIZE_ADDRESS__
