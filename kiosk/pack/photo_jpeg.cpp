// JPEG header walk, EXIF orientation, scaled TurboJPEG decode and orientation of the pixels.
#include "kiosk/pack/photo_jpeg.h"

#include <turbojpeg.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string>

#include "kiosk/pack/image_prep.h"

namespace kiosk::pack {

namespace {

unsigned be16(const unsigned char* p) {
    return static_cast<unsigned>(p[0]) << 8 | p[1];
}

// A start-of-frame marker: C0..CF except DHT (C4), JPG (C8) and DAC (CC).
bool is_frame_marker(unsigned m) {
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

// SOF2, SOF6, SOF10 and SOF14 are the progressive processes.
bool is_progressive(unsigned m) {
    return m == 0xC2 || m == 0xC6 || m == 0xCA || m == 0xCE;
}

struct TjDestroy {
    void operator()(void* h) const { tjDestroy(h); }
};

}  // namespace

int exif_orientation(const unsigned char* tiff, size_t size) {
    if (size < 8) return 1;
    const bool little = tiff[0] == 'I' && tiff[1] == 'I';
    if (!little && !(tiff[0] == 'M' && tiff[1] == 'M')) return 1;
    const auto u16 = [&](size_t at) -> uint32_t {
        return little ? tiff[at] | tiff[at + 1] << 8 : tiff[at] << 8 | tiff[at + 1];
    };
    const auto u32 = [&](size_t at) -> uint64_t {
        return little ? u16(at) | static_cast<uint64_t>(u16(at + 2)) << 16
                      : static_cast<uint64_t>(u16(at)) << 16 | u16(at + 2);
    };
    if (u16(2) != 42) return 1;
    // 64-bit sums: an offset near 4 GiB cannot wrap around to a small one.
    const uint64_t ifd = u32(4);
    if (ifd < 8 || ifd + 2 > size) return 1;
    const uint64_t entries = u16(static_cast<size_t>(ifd));
    if (ifd + 2 + entries * 12 > size) return 1;  // an IFD that does not fit is not trusted at all
    for (uint64_t i = 0; i < entries; ++i) {
        const size_t e = static_cast<size_t>(ifd + 2 + i * 12);
        if (u16(e) != 0x0112) continue;
        constexpr uint32_t kShort = 3;
        if (u16(e + 2) != kShort || u32(e + 4) != 1) return 1;
        const uint32_t value = u16(e + 8);  // a single SHORT sits in the value field itself
        return value >= 1 && value <= 8 ? static_cast<int>(value) : 1;
    }
    return 1;
}

JpegHeader read_jpeg_header(const unsigned char* data, size_t size) {
    JpegHeader h;
    if (size < 4 || data[0] != 0xFF || data[1] != 0xD8) return h;
    bool exif_seen = false;
    size_t pos = 2;
    while (pos < size) {
        if (data[pos] != 0xFF) return h;                // not a marker: damaged
        while (pos < size && data[pos] == 0xFF) ++pos;  // fill bytes
        if (pos >= size) return h;
        const unsigned marker = data[pos++];
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) continue;  // no length
        if (marker == 0xD9 || marker == 0xDA) return h;  // end of image, start of scan
        if (pos + 2 > size) return h;
        const size_t length = be16(data + pos);  // counts its own two bytes
        if (length < 2 || pos + length > size) return h;
        const unsigned char* body = data + pos + 2;
        const size_t body_size = length - 2;
        if (marker == 0xE1 && !exif_seen && body_size >= 6 &&
            std::memcmp(body, "Exif\0\0", 6) == 0) {
            exif_seen = true;  // the first Exif segment counts, as in every viewer
            h.orientation = exif_orientation(body + 6, body_size - 6);
        } else if (is_frame_marker(marker) && !h.has_frame && body_size >= 6) {
            h.has_frame = true;
            h.precision = body[0];
            h.height = static_cast<int>(be16(body + 1));
            h.width = static_cast<int>(be16(body + 3));
            h.progressive = is_progressive(marker);
            h.baseline = marker == 0xC0 || marker == 0xC1;
            h.components = body[5];
        }
        pos += length;
    }
    return h;
}

RgbImage decode_jpeg(const unsigned char* data, size_t size, int min_long_side) {
    std::unique_ptr<void, TjDestroy> tj(tjInitDecompress());
    if (!tj) throw std::bad_alloc();
    const auto error_text = [&] { return std::string(tjGetErrorStr2(tj.get())); };
    const auto bytes = static_cast<unsigned long>(size);
    int w = 0, h = 0, subsampling = 0, colorspace = 0;
    if (tjDecompressHeader3(tj.get(), data, bytes, &w, &h, &subsampling, &colorspace) != 0)
        throw undecodable(error_text());
    // The caller bounded the size from the header walk; libjpeg must agree.
    if (static_cast<long long>(w) * h > kMaxSourcePixels)
        throw undecodable("frame larger than its header says");

    // The smallest reduction whose long side still reaches min_long_side; the resampler does the
    // rest, so quality is that of one good resampling step.
    int count = 0;
    const tjscalingfactor* factors = tjGetScalingFactors(&count);
    tjscalingfactor scale{1, 1};
    const int long_side = std::max(w, h);
    for (int i = 0; factors && i < count; ++i) {
        const tjscalingfactor f = factors[i];
        if (f.num > f.denom || TJSCALED(long_side, f) < min_long_side) continue;
        if (f.num * scale.denom < scale.num * f.denom) scale = f;
    }
    RgbImage out;
    out.width = TJSCALED(w, scale);
    out.height = TJSCALED(h, scale);
    const bool cmyk = colorspace == TJCS_CMYK || colorspace == TJCS_YCCK;
    const size_t pixels = static_cast<size_t>(out.width) * static_cast<size_t>(out.height);
    std::vector<unsigned char> decoded(pixels * (cmyk ? 4 : 3));
    // LIMITSCANS: a progressive file of thousands of scans is refused, not decoded for minutes.
    if (tjDecompress2(tj.get(), data, bytes, decoded.data(), out.width, 0, out.height,
                      cmyk ? TJPF_CMYK : TJPF_RGB, TJFLAG_LIMITSCANS) != 0) {
        const std::string why = error_text();
        if (tjGetErrorCode(tj.get()) != TJERR_WARNING) throw undecodable(why);
        out.warned = true;
        // Warnings such as stray bytes before a marker leave a whole picture; a cut-off file
        // leaves a grey lower part, which staff must not find on the kiosk.
        if (why.find("Premature end") != std::string::npos)
            throw ImageError("文件不完整（被截断），请重新复制这张照片",
                             "the file is cut off: copy the photo again");
    }
    if (!cmyk) {
        out.pixels = std::move(decoded);
        return out;
    }
    // libjpeg hands out CMYK as stored; Adobe's files (nearly all CMYK JPEGs) store it inverted,
    // 255 = no ink, which is what libjpeg-turbo itself assumes: R = C·K / 255.
    out.pixels.resize(pixels * 3);
    for (size_t i = 0; i < pixels; ++i) {
        const unsigned char* p = &decoded[i * 4];
        for (size_t c = 0; c < 3; ++c)
            out.pixels[i * 3 + c] = static_cast<unsigned char>((p[c] * p[3] + 127) / 255);
    }
    return out;
}

RgbImage apply_orientation(RgbImage stored, int orientation) {
    if (orientation < 2 || orientation > 8) return stored;
    const int w = stored.width, h = stored.height;
    const bool swap = orientation >= 5;
    RgbImage out;
    out.width = swap ? h : w;
    out.height = swap ? w : h;
    out.pixels.resize(stored.pixels.size());
    for (int y = 0; y < out.height; ++y) {
        for (int x = 0; x < out.width; ++x) {
            int sx = x, sy = y;  // where the upright pixel (x, y) is stored
            switch (orientation) {
                case 2:
                    sx = w - 1 - x;
                    break;  // mirrored left-right
                case 3:
                    sx = w - 1 - x, sy = h - 1 - y;
                    break;  // turned 180°
                case 4:
                    sy = h - 1 - y;
                    break;  // mirrored top-bottom
                case 5:
                    sx = y, sy = x;
                    break;  // transposed
                case 6:
                    sx = y, sy = h - 1 - x;
                    break;  // to be turned 90° clockwise
                case 7:
                    sx = w - 1 - y, sy = h - 1 - x;
                    break;  // transversed
                case 8:
                    sx = w - 1 - y, sy = x;
                    break;  // to be turned 90° anticlockwise
            }
            const size_t from = (static_cast<size_t>(sy) * w + sx) * 3;
            const size_t to = (static_cast<size_t>(y) * out.width + x) * 3;
            std::memcpy(&out.pixels[to], &stored.pixels[from], 3);
        }
    }
    return out;
}

std::vector<unsigned char> without_metadata(const unsigned char* data, size_t size) {
    std::vector<unsigned char> out(data, data + 2);  // SOI
    size_t pos = 2;
    bool in_scan = false;  // after SOS: entropy-coded data up to the next marker
    while (pos < size) {
        if (in_scan) {
            const size_t from = pos;
            // In the data, 0xFF is followed by 0x00 (a stuffed byte) or a restart marker.
            while (pos + 1 < size && !(data[pos] == 0xFF && data[pos + 1] != 0x00 &&
                                       (data[pos + 1] < 0xD0 || data[pos + 1] > 0xD7)))
                ++pos;
            if (pos + 1 >= size) return {};  // no end of image
            out.insert(out.end(), data + from, data + pos);
            in_scan = false;
        }
        if (data[pos] != 0xFF) return {};
        while (pos + 1 < size && data[pos + 1] == 0xFF) ++pos;  // fill bytes
        if (pos + 1 >= size) return {};
        const unsigned marker = data[pos + 1];
        if (marker == 0xD9) {  // end of image: what follows is a trailer, left out
            out.insert(out.end(), data + pos, data + pos + 2);
            return out;
        }
        if (pos + 4 > size) return {};
        const size_t length = be16(data + pos + 2);
        if (length < 2 || pos + 2 + length > size) return {};
        const bool metadata =
            (marker >= 0xE1 && marker <= 0xED) || marker == 0xEF || marker == 0xFE;
        if (!metadata) out.insert(out.end(), data + pos, data + pos + 2 + length);
        in_scan = marker == 0xDA;
        pos += 2 + length;
    }
    return {};
}

}  // namespace kiosk::pack
