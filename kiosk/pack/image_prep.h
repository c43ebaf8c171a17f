// Turns one source image into the two variants a pack stores: display size (long side <= 1600 px)
// and card thumbnail (long side <= 480 px); JPEG q85, or PNG when the source has transparency.
#pragma once

#include <string>
#include <vector>

namespace kiosk::pack {

inline constexpr int kDisplayLongSide = 1600;
inline constexpr int kThumbLongSide = 480;
inline constexpr int kMaxSourceSide = 16384;  // larger sources are refused before decoding

struct PreparedImage {
    std::string format;  // "jpeg" | "png"
    int width = 0, height = 0;
    std::vector<unsigned char> bytes;
    int thumb_width = 0, thumb_height = 0;
    std::vector<unsigned char> thumb;
};

// Size that fits `long_side` keeping the aspect ratio; never enlarges.
void fit_long_side(int w, int h, int long_side, int* out_w, int* out_h);

// From encoded bytes (JPEG, PNG, ...). Throws std::runtime_error with a plain reason
// ("not an image file or corrupt: ...") when it cannot be decoded.
PreparedImage prepare_image(const std::vector<unsigned char>& encoded);

// From raw RGB/RGBA pixels (channels 3 or 4), e.g. procedurally generated ones.
PreparedImage prepare_pixels(const unsigned char* pixels, int w, int h, int channels);

// Encoders shared with the synthetic pack generator.
std::vector<unsigned char> encode_jpeg(const unsigned char* pixels, int w, int h, int channels,
                                       int quality);
std::vector<unsigned char> encode_png(const unsigned char* pixels, int w, int h, int channels);

}  // namespace kiosk::pack
