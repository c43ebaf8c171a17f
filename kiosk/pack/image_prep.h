// Turns one source image into the two variants a pack stores: display size (long side <= 1600 px)
// and card thumbnail (long side <= 480 px); JPEG q85, or PNG when the source has transparency.
// Accepts JPEG (8-bit; RGB, grey, CMYK; upright by its EXIF orientation) and PNG. The output is
// re-encoded pixels only: no EXIF, GPS or other metadata of the source reaches the pack.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace kiosk::pack {

inline constexpr int kDisplayLongSide = 1600;
inline constexpr int kThumbLongSide = 480;
// Larger sources are refused before decoding. JPEGs other than progressive ones are decoded
// scaled down, so only absurd sizes are refused; progressive JPEGs and PNGs are decoded whole
// (libjpeg keeps all coefficients, ~3-6 bytes a pixel; stb ~8-12), so their bound is lower.
inline constexpr long long kMaxSourcePixels = 250'000'000;
inline constexpr long long kMaxWholeDecodePixels = 60'000'000;
inline constexpr long long kMaxSourceBytes = 256LL << 20;  // a 200 MP phone JPEG is ~100 MB

// Why a source image cannot be used, in both languages, each saying what to do; without the
// file name, which the caller adds.
struct ImageError : std::runtime_error {
    ImageError(std::string zh_text, std::string en_text)
        : std::runtime_error(zh_text + " / " + en_text),
          zh(std::move(zh_text)),
          en(std::move(en_text)) {}
    std::string zh, en;
};

struct PreparedImage {
    std::string format;  // "jpeg" | "png"
    int width = 0, height = 0;
    std::vector<unsigned char> bytes;
    int thumb_width = 0, thumb_height = 0;
    std::vector<unsigned char> thumb;
};

// "is damaged and cannot be decoded (detail): use another file", in both languages.
ImageError undecodable(const std::string& detail);

// The file is larger than kMaxSourceBytes (checked before reading it), in both languages.
ImageError too_large_file(uintmax_t bytes);

// Size that fits `long_side` keeping the aspect ratio; never enlarges.
void fit_long_side(int w, int h, int long_side, int* out_w, int* out_h);

// From encoded bytes. Throws ImageError when the file is not a usable JPEG or PNG (HEIC, WebP,
// 12-bit JPEG, damaged, too large...).
PreparedImage prepare_image(const std::vector<unsigned char>& encoded);

// From raw RGB/RGBA pixels (channels 3 or 4), e.g. procedurally generated ones.
PreparedImage prepare_pixels(const unsigned char* pixels, int w, int h, int channels);

// Encoders shared with the synthetic pack generator.
std::vector<unsigned char> encode_jpeg(const unsigned char* pixels, int w, int h, int channels,
                                       int quality);
std::vector<unsigned char> encode_png(const unsigned char* pixels, int w, int h, int channels);

}  // namespace kiosk::pack
