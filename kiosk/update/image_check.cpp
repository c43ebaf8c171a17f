// ImageChecker. The pack builder (kiosk-pack build/synth) re-encodes every picture, so a pack's
// JPEGs are clean baseline files: any libjpeg warning (premature end of data, bad Huffman code,
// extraneous bytes before a marker) means the bytes were damaged after building, and the kiosk
// would show grey or smeared blocks. Warnings are therefore refused like errors
// (TJFLAG_STOPONWARNING, which also stops at the first one instead of decoding on).
#include "kiosk/update/image_check.h"

#include <stb_image.h>
#include <turbojpeg.h>

#include <array>
#include <climits>
#include <cstdint>
#include <cstring>
#include <new>

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

// 1/8 scale: libjpeg-turbo still entropy-decodes every 8×8 block of every component (the
// Huffman stream is where damage shows), but skips the full inverse DCT, upsampling and colour
// conversion, so a 1600 px photo costs a fraction of a full decode.
constexpr tjscalingfactor kEighth = {1, 8};

uint32_t read_be32(const unsigned char* p) {
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

// CRC-32 as PNG (and zlib) define it.
uint32_t png_crc(const unsigned char* data, size_t size) {
    static const auto table = [] {
        std::array<uint32_t, 256> t{};
        for (uint32_t n = 0; n < 256; ++n) {
            uint32_t c = n;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < size; ++i) c = table[(c ^ data[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

// Every chunk lies inside the file and its CRC matches, up to IEND. stb_image checks neither
// the CRCs nor zlib's Adler-32, so without this a damaged byte inside the compressed data often
// decodes "successfully" into wrong pixels.
bool png_chunks_intact(const unsigned char* data, size_t size) {
    size_t at = 8;
    while (size - at >= 12) {
        const size_t length = read_be32(data + at);
        if (length > size - at - 12) return false;
        const unsigned char* type = data + at + 4;
        if (png_crc(type, length + 4) != read_be32(type + 4 + length)) return false;
        if (std::memcmp(type, "IEND", 4) == 0) return true;
        at += 12 + length;
    }
    return false;
}

}  // namespace

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
        int comp = 0;
        if (!stbi_info_from_memory(data, static_cast<int>(size), &w, &h, &comp))
            return damaged_header();
    }
    if (w < 1 || h < 1 || w > want.max_side || h > want.max_side)
        return defect("absurd size " + std::to_string(w) + "x" + std::to_string(h) + " px",
                      "尺寸异常 " + std::to_string(w) + "x" + std::to_string(h) + " 像素");
    if (w != want.width || h != want.height)
        return defect("size differs from the table", "尺寸与表中记录不符");

    if (jpeg) return check_jpeg_body(data, size, w, h, colorspace);
    if (!png_chunks_intact(data, size)) return damaged_body();
    // PNG: stb inflates and unfilters every row (native channels, no conversion), so a damaged
    // or short zlib stream is caught. PNG is only used for images with transparency (logos).
    int dw = 0, dh = 0, dc = 0;
    unsigned char* pixels = stbi_load_from_memory(data, static_cast<int>(size), &dw, &dh, &dc, 0);
    if (!pixels) return damaged_body();
    stbi_image_free(pixels);
    return std::nullopt;
}

std::optional<ImageDefect> ImageChecker::check_jpeg_body(const unsigned char* data, size_t size,
                                                         int width, int height, int colorspace) {
    // CMYK/YCCK cannot be converted to RGB by libjpeg; decode those to CMYK instead.
    const int pixel_format =
        colorspace == TJCS_CMYK || colorspace == TJCS_YCCK ? TJPF_CMYK : TJPF_RGB;
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
