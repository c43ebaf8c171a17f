// Image decoding, resizing and encoding with Debian's stb (libstb).
#include "kiosk/pack/image_prep.h"

#include <stb_image.h>
#include <stb_image_resize.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

namespace kiosk::pack {

namespace {

void append_bytes(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<unsigned char>*>(context);
    const auto* p = static_cast<const unsigned char*>(data);
    out->insert(out->end(), p, p + size);
}

std::vector<unsigned char> resized(const unsigned char* pixels, int w, int h, int channels, int nw,
                                   int nh) {
    std::vector<unsigned char> out(static_cast<size_t>(nw) * static_cast<size_t>(nh) *
                                   static_cast<size_t>(channels));
    const int alpha = channels == 4 ? 3 : STBIR_ALPHA_CHANNEL_NONE;
    if (!stbir_resize_uint8_srgb(pixels, w, h, 0, out.data(), nw, nh, 0, channels, alpha, 0))
        throw std::runtime_error("out of memory while resizing the image");
    return out;
}

std::vector<unsigned char> encode(const unsigned char* pixels, int w, int h, int channels,
                                  bool png) {
    return png ? encode_png(pixels, w, h, channels) : encode_jpeg(pixels, w, h, channels, 85);
}

}  // namespace

void fit_long_side(int w, int h, int long_side, int* out_w, int* out_h) {
    const int longest = std::max(w, h);
    if (longest <= long_side) {
        *out_w = w, *out_h = h;
        return;
    }
    const double scale = static_cast<double>(long_side) / longest;
    *out_w = std::max(1, static_cast<int>(std::lround(w * scale)));
    *out_h = std::max(1, static_cast<int>(std::lround(h * scale)));
}

std::vector<unsigned char> encode_jpeg(const unsigned char* pixels, int w, int h, int channels,
                                       int quality) {
    std::vector<unsigned char> out;
    if (!stbi_write_jpg_to_func(append_bytes, &out, w, h, channels, pixels, quality))
        throw std::runtime_error("cannot encode JPEG");
    return out;
}

std::vector<unsigned char> encode_png(const unsigned char* pixels, int w, int h, int channels) {
    std::vector<unsigned char> out;
    if (!stbi_write_png_to_func(append_bytes, &out, w, h, channels, pixels, w * channels))
        throw std::runtime_error("cannot encode PNG");
    return out;
}

PreparedImage prepare_pixels(const unsigned char* pixels, int w, int h, int channels) {
    // Keep PNG only when some pixel is actually transparent; opaque sources become JPEG.
    bool has_alpha = false;
    if (channels == 4) {
        const size_t n = static_cast<size_t>(w) * static_cast<size_t>(h);
        for (size_t i = 0; i < n && !has_alpha; ++i) has_alpha = pixels[i * 4 + 3] != 255;
    }
    PreparedImage img;
    img.format = has_alpha ? "png" : "jpeg";
    fit_long_side(w, h, kDisplayLongSide, &img.width, &img.height);
    fit_long_side(w, h, kThumbLongSide, &img.thumb_width, &img.thumb_height);
    // JPEG has no alpha: drop the (opaque) alpha channel by encoding 3 of 4 channels.
    std::vector<unsigned char> rgb;
    const unsigned char* src = pixels;
    int ch = channels;
    if (channels == 4 && !has_alpha) {
        const size_t n = static_cast<size_t>(w) * static_cast<size_t>(h);
        rgb.resize(n * 3);
        for (size_t i = 0; i < n; ++i)
            for (size_t k = 0; k < 3; ++k) rgb[i * 3 + k] = pixels[i * 4 + k];
        src = rgb.data();
        ch = 3;
    }
    const bool png = has_alpha;
    if (img.width == w && img.height == h) {
        img.bytes = encode(src, w, h, ch, png);
    } else {
        const auto display = resized(src, w, h, ch, img.width, img.height);
        img.bytes = encode(display.data(), img.width, img.height, ch, png);
    }
    // The thumbnail comes from the original: one resampling step keeps it sharp.
    const auto thumb = resized(src, w, h, ch, img.thumb_width, img.thumb_height);
    img.thumb = encode(thumb.data(), img.thumb_width, img.thumb_height, ch, png);
    return img;
}

PreparedImage prepare_image(const std::vector<unsigned char>& encoded) {
    if (encoded.size() > static_cast<size_t>(INT32_MAX))
        throw std::runtime_error("the image file is too large");
    const int len = static_cast<int>(encoded.size());
    int w = 0, h = 0, comp = 0;
    if (!stbi_info_from_memory(encoded.data(), len, &w, &h, &comp)) {
        throw std::runtime_error(std::string("not an image file or corrupt (") +
                                 stbi_failure_reason() + "); use JPEG or PNG");
    }
    if (w > kMaxSourceSide || h > kMaxSourceSide) {
        throw std::runtime_error("the image is " + std::to_string(w) + "x" + std::to_string(h) +
                                 " pixels; at most " + std::to_string(kMaxSourceSide) +
                                 " per side is accepted, please scale it down");
    }
    const int want = (comp == 2 || comp == 4) ? 4 : 3;
    std::unique_ptr<unsigned char, void (*)(void*)> pixels(
        stbi_load_from_memory(encoded.data(), len, &w, &h, &comp, want), stbi_image_free);
    if (!pixels) {
        throw std::runtime_error(std::string("the image is corrupt and cannot be decoded (") +
                                 stbi_failure_reason() + ")");
    }
    return prepare_pixels(pixels.get(), w, h, want);
}

}  // namespace kiosk::pack
