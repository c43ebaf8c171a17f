// ImageChecker. The pack builder (kiosk-pack build/synth) re-encodes every picture, so a pack's
// JPEGs are clean baseline files: any libjpeg warning (premature end of data, bad Huffman code,
// extraneous bytes before a marker) means the bytes were damaged after building, and the kiosk
// would show grey or smeared blocks. Warnings are therefore refused like errors
// (TJFLAG_STOPONWARNING, which also stops at the first one instead of decoding on).
#include "kiosk/update/image_check.h"

#include <jconfig.h>
#include <png.h>
#include <turbojpeg.h>

#include <climits>
#include <cstring>
#include <new>

#include "kiosk/update/png_read.h"

namespace kiosk::update {
namespace {

ImageDefect defect(const std::string& en, const std::string& zh) {
    return ImageDefect{en, zh};
}

ImageDefect damaged_body() {
    return defect("the image data is damaged", "图片数据已损坏");
}

ImageDefect damaged_header() {
    return defect("the image header is damaged", "图片头部已损坏");
}

// 1/8 scale, luminance only: libjpeg-turbo still entropy-decodes every 8×8 block of every
// component (the Huffman stream is where damage shows, and it interleaves the components), but
// skips the full inverse DCT, the chroma's DCT and upsampling, and colour conversion; ~7 % faster
// than RGB output on the benchmark pack.
constexpr tjscalingfactor kEighth = {1, 8};

}  // namespace

std::string image_checker_id() {
    return "rules-" + std::to_string(kImageCheckRules) + "/libjpeg-turbo-" +
           std::to_string(LIBJPEG_TURBO_VERSION_NUMBER) + "/libpng-" + PNG_LIBPNG_VER_STRING;
}

ImageChecker::ImageChecker() : turbojpeg_(tjInitDecompress()) {
    if (!turbojpeg_) throw std::bad_alloc();
}

ImageChecker::~ImageChecker() {
    tjDestroy(static_cast<tjhandle>(turbojpeg_));
}

std::optional<ImageDefect> ImageChecker::check(const unsigned char* data, size_t size,
                                               const ImageExpectation& want) {
    const bool png = size >= 8 && std::memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0;
    const bool jpeg = size >= 3 && std::memcmp(data, "\xff\xd8\xff", 3) == 0;
    if (!(png && want.format == "png") && !(jpeg && want.format == "jpeg"))
        return defect("not a " + want.format + " image", "不是 " + want.format + " 图片");
    // The row check already capped blobs far below INT_MAX; this keeps the casts honest.
    if (size > static_cast<size_t>(INT_MAX)) return damaged_header();

    int w = 0, h = 0, colorspace = 0;
    if (jpeg) {
        int subsampling = 0;
        if (tjDecompressHeader3(static_cast<tjhandle>(turbojpeg_), data,
                                static_cast<unsigned long>(size), &w, &h, &subsampling,
                                &colorspace) != 0)
            return damaged_header();
    } else {
        const auto header = png_size(data, size);
        if (!header) return damaged_header();
        w = header->width;
        h = header->height;
    }
    if (w < 1 || h < 1 || w > want.max_side || h > want.max_side)
        return defect("absurd size " + std::to_string(w) + "x" + std::to_string(h) + " px",
                      "尺寸异常 " + std::to_string(w) + "x" + std::to_string(h) + " 像素");
    if (w != want.width || h != want.height)
        return defect("size differs from the table", "尺寸与表中记录不符");

    if (jpeg) return check_jpeg_body(data, size, w, h, colorspace);
    // PNG (only logos, for their transparency): row by row, at most 4 channels of 16 bits each.
    scratch_.resize(static_cast<size_t>(w) * 8);
    if (!png_decode(data, size, {w, h}, want.max_side, scratch_, nullptr)) return damaged_body();
    return std::nullopt;
}

std::optional<ImageDefect> ImageChecker::check_jpeg_body(const unsigned char* data, size_t size,
                                                         int width, int height, int colorspace) {
    // CMYK/YCCK cannot be converted to grey by libjpeg; decode those to CMYK instead.
    const int pixel_format =
        colorspace == TJCS_CMYK || colorspace == TJCS_YCCK ? TJPF_CMYK : TJPF_GRAY;
    const int scaled_w = TJSCALED(width, kEighth);
    const int scaled_h = TJSCALED(height, kEighth);
    scratch_.resize(static_cast<size_t>(scaled_w) * static_cast<size_t>(scaled_h) *
                    static_cast<size_t>(tjPixelSize[pixel_format]));
    // LIMITSCANS: a hostile progressive JPEG with thousands of scans would otherwise take minutes.
    const int flags = TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS | TJFLAG_NOREALLOC;
    if (tjDecompress2(static_cast<tjhandle>(turbojpeg_), data, static_cast<unsigned long>(size),
                      scratch_.data(), scaled_w, 0, scaled_h, pixel_format, flags) != 0)
        return damaged_body();  // TJERR_WARNING included: see the top of this file
    return std::nullopt;
}

}  // namespace kiosk::update
