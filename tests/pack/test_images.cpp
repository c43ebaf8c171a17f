// Image preparation: display and thumbnail bounds, formats, corrupt files.
#include <stb_image.h>

#include <catch2/catch.hpp>
#include <vector>

#include "kiosk/pack/image_prep.h"

using namespace kiosk::pack;

namespace {
std::vector<unsigned char> gradient(int w, int h, int channels, unsigned char alpha) {
    std::vector<unsigned char> px(static_cast<size_t>(w * h * channels));
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            unsigned char* p = &px[static_cast<size_t>((y * w + x) * channels)];
            p[0] = static_cast<unsigned char>(x % 256), p[1] = static_cast<unsigned char>(y % 256);
            p[2] = 128;
            if (channels == 4) p[3] = alpha;
        }
    return px;
}

void check_decodes_to(const std::vector<unsigned char>& bytes, int w, int h) {
    int dw = 0, dh = 0, comp = 0;
    REQUIRE(stbi_info_from_memory(bytes.data(), static_cast<int>(bytes.size()), &dw, &dh, &comp));
    CHECK(dw == w);
    CHECK(dh == h);
}
}  // namespace

TEST_CASE("a large photo is scaled to at most 1600 px and a 480 px thumbnail") {
    const auto px = gradient(3000, 2000, 3, 255);
    const auto jpeg = encode_jpeg(px.data(), 3000, 2000, 3, 90);
    const PreparedImage img = prepare_image(jpeg);
    CHECK(img.format == "jpeg");
    CHECK(img.width == 1600);
    CHECK(img.height == 1067);
    CHECK(img.thumb_width == 480);
    CHECK(img.thumb_height == 320);
    check_decodes_to(img.bytes, 1600, 1067);
    check_decodes_to(img.thumb, 480, 320);
}

TEST_CASE("a portrait image is bounded by its height, and small images are not enlarged") {
    const auto tall = gradient(900, 2400, 3, 255);
    const PreparedImage t = prepare_pixels(tall.data(), 900, 2400, 3);
    CHECK(t.height == 1600);
    CHECK(t.width == 600);
    CHECK(t.thumb_height == 480);
    const auto small = gradient(300, 200, 3, 255);
    const PreparedImage s = prepare_pixels(small.data(), 300, 200, 3);
    CHECK(s.width == 300);
    CHECK(s.thumb_width == 300);
}

TEST_CASE("transparent sources stay PNG, opaque RGBA becomes JPEG") {
    const auto clear = gradient(640, 640, 4, 100);
    const PreparedImage a = prepare_image(encode_png(clear.data(), 640, 640, 4));
    CHECK(a.format == "png");
    CHECK(a.thumb_width == 480);
    check_decodes_to(a.bytes, 640, 640);
    const auto opaque = gradient(64, 64, 4, 255);
    CHECK(prepare_pixels(opaque.data(), 64, 64, 4).format == "jpeg");
}

TEST_CASE("a corrupt or truncated image gives a clear error") {
    const std::vector<unsigned char> junk = {'n', 'o', 't', ' ', 'a', 'n', ' ', 'i', 'm', 'g'};
    CHECK_THROWS_WITH(prepare_image(junk), Catch::Contains("is not a JPEG or PNG image"));
    const auto px = gradient(200, 100, 3, 255);
    auto png = encode_png(px.data(), 200, 100, 3);
    png.resize(png.size() / 2);  // header intact, pixel data cut off
    CHECK_THROWS_WITH(prepare_image(png), Catch::Contains("is damaged and cannot be decoded"));
}
