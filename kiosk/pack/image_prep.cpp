// Image decoding, resizing and encoding: JPEG decoded by libjpeg-turbo (photo_jpeg), PNG by
// Debian's stb (libstb), which also resizes and encodes.
#include "kiosk/pack/image_prep.h"

#include <stb_image.h>
#include <stb_image_resize.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "kiosk/pack/photo_jpeg.h"

namespace kiosk::pack {

namespace {

// prepare_pixels, with the display picture as given when `kept_display` is not empty.
PreparedImage prepare(const unsigned char* pixels, int w, int h, int channels,
                      std::vector<unsigned char> kept_display);

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

uint32_t be32(const unsigned char* p) {
    return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 |
           static_cast<uint32_t>(p[2]) << 8 | p[3];
}

// Formats staff's phones and programs save that the kiosk does not take, by their signature (the
// extension may lie: an iPhone photo renamed .jpg is still HEIC). nullptr: none of these.
const char* other_format(const unsigned char* data, size_t size) {
    if (size >= 12 && std::memcmp(data + 4, "ftyp", 4) == 0) {
        // ISO media file: the brands say AVIF or HEIF (HEIC being HEIF with HEVC pictures).
        const size_t end = std::min<size_t>(size, std::max<uint32_t>(be32(data), 16));
        bool heif = false;
        for (size_t at = 8; at + 4 <= end; at += at == 8 ? 8 : 4) {  // major, version, compatible
            const std::string brand(reinterpret_cast<const char*>(data + at), 4);
            if (brand == "avif" || brand == "avis") return "AVIF";
            heif = heif || brand == "heic" || brand == "heix" || brand == "hevc" ||
                   brand == "hevx" || brand == "heim" || brand == "heis" || brand == "mif1" ||
                   brand == "msf1" || brand == "mif2";
        }
        return heif ? "HEIC/HEIF" : nullptr;
    }
    if (size >= 12 && std::memcmp(data, "RIFF", 4) == 0 && std::memcmp(data + 8, "WEBP", 4) == 0)
        return "WebP";
    if (size >= 6 && std::memcmp(data, "GIF8", 4) == 0) return "GIF";
    if (size >= 14 && std::memcmp(data, "BM", 2) == 0) return "BMP";
    if (size >= 4 && (std::memcmp(data, "II*\0", 4) == 0 || std::memcmp(data, "MM\0*", 4) == 0))
        return "TIFF";
    return nullptr;
}

void check_pixel_count(int w, int h, long long limit) {
    const long long pixels = static_cast<long long>(w) * h;
    if (pixels <= limit) return;
    const std::string size = std::to_string(w) + "x" + std::to_string(h);
    const std::string mp = std::to_string(pixels / 1'000'000);
    const std::string max = std::to_string(limit / 1'000'000);
    throw ImageError("有 " + size + " 像素（" + mp + " 百万像素），超过上限 " + max +
                         " 百万像素，请缩小后再保存",
                     "is " + size + " pixels (" + mp + " MP), over the limit of " + max +
                         " MP: scale it down and save it again");
}

PreparedImage prepare_jpeg(const unsigned char* data, size_t size) {
    const JpegHeader header = read_jpeg_header(data, size);
    if (!header.has_frame)
        throw ImageError("JPEG 文件头已损坏，请换一个文件",
                         "the JPEG header is damaged: use another file");
    // Debian 12's libjpeg-turbo decodes 8-bit samples only (12-bit comes from some cameras and
    // medical or scanning software).
    if (header.precision != 8) {
        const std::string bits = std::to_string(header.precision);
        throw ImageError("是 " + bits + " 位 JPEG，请另存为普通 JPEG 或 PNG",
                         "is a " + bits + "-bit JPEG: save it as a normal JPEG or PNG");
    }
    check_pixel_count(header.width, header.height,
                      header.progressive ? kMaxWholeDecodePixels : kMaxSourcePixels);
    const RgbImage upright =
        apply_orientation(decode_jpeg(data, size, kDisplayLongSide), header.orientation);
    // A clean baseline photo, already upright and small enough: it goes into the pack itself,
    // without its metadata, never encoded again. It loses nothing, and a workbook exported from
    // the pack imports with the very same bytes (no picture shown to staff as changed). Anything
    // else (a warning, progressive or arithmetic coding, CMYK) is encoded again: the kiosk's own
    // check refuses any JPEG that is not a clean baseline file (update/image_check.cpp).
    std::vector<unsigned char> kept;
    if (header.baseline && header.components == 3 && header.orientation == 1 && !upright.warned &&
        std::max(header.width, header.height) <= kDisplayLongSide &&
        upright.width == header.width && upright.height == header.height)
        kept = without_metadata(data, size);
    return prepare(upright.pixels.data(), upright.width, upright.height, 3, std::move(kept));
}

PreparedImage prepare_png(const unsigned char* data, size_t size) {
    const int len = static_cast<int>(size);  // below kMaxSourceBytes
    int w = 0, h = 0, comp = 0;
    if (!stbi_info_from_memory(data, len, &w, &h, &comp))
        throw ImageError("PNG 文件头已损坏，请换一个文件",
                         "the PNG header is damaged: use another file");
    check_pixel_count(w, h, kMaxWholeDecodePixels);
    const int want = (comp == 2 || comp == 4) ? 4 : 3;
    std::unique_ptr<unsigned char, void (*)(void*)> pixels(
        stbi_load_from_memory(data, len, &w, &h, &comp, want), stbi_image_free);
    if (!pixels) {
        throw undecodable(stbi_failure_reason());
    }
    return prepare_pixels(pixels.get(), w, h, want);
}

}  // namespace

ImageError too_large_file(uintmax_t bytes) {
    const std::string mb = std::to_string(bytes >> 20);
    const std::string limit = std::to_string(kMaxSourceBytes >> 20);
    return ImageError("文件有 " + mb + " MB，超过上限 " + limit + " MB，请缩小后另存为 JPEG",
                      "the file is " + mb + " MB, over the limit of " + limit +
                          " MB: scale it down and save it as JPEG");
}

ImageError undecodable(const std::string& detail) {
    return ImageError("已损坏，无法解码（" + detail + "），请换一个文件",
                      "is damaged and cannot be decoded (" + detail + "): use another file");
}

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
    return prepare(pixels, w, h, channels, {});
}

namespace {

PreparedImage prepare(const unsigned char* pixels, int w, int h, int channels,
                      std::vector<unsigned char> kept_display) {
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
    if (!kept_display.empty()) {
        img.bytes = std::move(kept_display);
    } else if (img.width == w && img.height == h) {
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

}  // namespace

PreparedImage prepare_image(const std::vector<unsigned char>& encoded) {
    const unsigned char* data = encoded.data();
    const size_t size = encoded.size();
    if (static_cast<long long>(size) > kMaxSourceBytes) throw too_large_file(size);
    if (size >= 3 && std::memcmp(data, "\xff\xd8\xff", 3) == 0) return prepare_jpeg(data, size);
    if (size >= 8 && std::memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0) return prepare_png(data, size);
    if (const char* format = other_format(data, size)) {
        throw ImageError(std::string("是 ") + format + " 格式，请另存为 JPEG 或 PNG",
                         std::string("is ") + format + ": save it as JPEG or PNG");
    }
    throw ImageError("不是 JPEG 或 PNG 图片（或文件已损坏），请另存为 JPEG 或 PNG",
                     "is not a JPEG or PNG image (or the file is damaged): save it as JPEG or PNG");
}

}  // namespace kiosk::pack
