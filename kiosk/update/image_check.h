// Checks one encoded image of an untrusted pack: the bytes are the declared format, the header is
// within the size caps (before any pixel is decoded) and matches the table, and the whole body
// decodes. JPEG: libjpeg-turbo at 1/8 scale; PNG: libpng (png_read.h: CRCs and Adler-32 checked).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::update {

// What is wrong with one image, without naming it (the caller adds the id and display/thumb).
struct ImageDefect {
    std::string en;
    std::string zh;
};

struct ImageExpectation {
    std::string format;  // "jpeg" or "png", from the media row
    long long width = 0;
    long long height = 0;
    int max_side = 4096;  // px; larger headers are refused before decoding
};

// Names the rules of ImageChecker and the decoders it uses. Records of checked images
// (checked_images.h) are used only by the same checker: change kImageCheckRules whenever check()
// refuses something it used to pass.
inline constexpr int kImageCheckRules = 1;
std::string image_checker_id();

// One per thread: owns a libjpeg-turbo decompressor and a scratch buffer it reuses.
class ImageChecker {
  public:
    ImageChecker();
    ~ImageChecker();
    ImageChecker(const ImageChecker&) = delete;
    ImageChecker& operator=(const ImageChecker&) = delete;

    // nullopt when the image is usable; otherwise the first thing wrong with it.
    std::optional<ImageDefect> check(const unsigned char* data, size_t size,
                                     const ImageExpectation& want);

  private:
    std::optional<ImageDefect> check_jpeg_body(const unsigned char* data, size_t size, int width,
                                               int height, int colorspace);
    void* turbojpeg_ = nullptr;  // tjhandle
    std::vector<unsigned char> scratch_;
};

}  // namespace kiosk::update
