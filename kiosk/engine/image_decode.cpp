// Display-size image decoding. Sections: sizes · header · decoding.
#include "kiosk/engine/image_decode.h"

#include <stb_image_resize.h>
#include <turbojpeg.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>
#include <memory>

#include "kiosk/update/png_read.h"

namespace kiosk::engine {

// --- sizes ---
namespace {
int step_up(float px) {
    if (px <= 0) return 0;
    px = std::min(px, 16384.f);  // no screen is larger; keeps the loop short
    int step = 64;
    // 64, 96, 128, 192, 256, 384, ...: at most 1.5x more pixels per side than drawn.
    for (bool half = true; static_cast<float>(step) < px; half = !half)
        step = half ? step / 2 * 3 : step / 3 * 4;
    return step;
}

bool is_jpeg(const std::vector<unsigned char>& b) {
    return b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF;
}
}  // namespace

CoverSize cover_size_step(float width_px, float height_px) {
    if (!(width_px > 0) || !(height_px > 0)) return {};
    return {step_up(width_px), step_up(height_px)};
}

DecodedSize decoded_size(bool jpeg, int stored_width, int stored_height, CoverSize cover) {
    const DecodedSize stored{stored_width, stored_height};
    if (cover.as_stored() || stored_width <= 0 || stored_height <= 0) return stored;
    if (jpeg) {
        int count = 0;
        const tjscalingfactor* factors = tjGetScalingFactors(&count);
        DecodedSize best = stored;
        for (int i = 0; factors != nullptr && i < count; ++i) {
            const tjscalingfactor f = factors[i];
            if (f.num > f.denom) continue;  // never enlarge
            const DecodedSize s{TJSCALED(stored_width, f), TJSCALED(stored_height, f)};
            if (s.width >= cover.width && s.height >= cover.height &&
                static_cast<long long>(s.width) * s.height <
                    static_cast<long long>(best.width) * best.height)
                best = s;
        }
        return best;
    }
    if (stored_width < 2 * cover.width || stored_height < 2 * cover.height) return stored;
    // Shrink to cover exactly, keeping the aspect ratio.
    const double scale =
        std::max(double(cover.width) / stored_width, double(cover.height) / stored_height);
    return {std::max(1, static_cast<int>(std::ceil(stored_width * scale))),
            std::max(1, static_cast<int>(std::ceil(stored_height * scale)))};
}

// --- header ---
namespace {
struct Header {
    bool jpeg = false;
    int width = 0, height = 0;
    int colorspace = 0;  // TJCS_*, JPEG only
};

struct TurboHandle {
    tjhandle handle = tjInitDecompress();
    ~TurboHandle() {
        if (handle) tjDestroy(handle);
    }
};

// The same libraries the importer checked the image with (image_check.h): libjpeg-turbo for
// JPEG, libpng for PNG.
bool read_header(const std::vector<unsigned char>& bytes, Header* h) {
    if (bytes.empty() || bytes.size() > static_cast<std::size_t>(INT_MAX)) return false;
    h->jpeg = is_jpeg(bytes);
    if (h->jpeg) {
        TurboHandle tj;
        int subsampling = 0;
        if (!tj.handle ||
            tjDecompressHeader3(tj.handle, bytes.data(), static_cast<unsigned long>(bytes.size()),
                                &h->width, &h->height, &subsampling, &h->colorspace) != 0)
            return false;
    } else {
        const auto size = update::png_size(bytes.data(), bytes.size());
        if (!size) return false;
        h->width = size->width;
        h->height = size->height;
    }
    return h->width > 0 && h->height > 0;
}

// libjpeg-turbo scales while decoding (the requested width selects the scale decoded_size()
// chose). CMYK/YCCK, which it cannot turn into RGB, comes out as CMYK and is converted here.
bool decode_jpeg(const std::vector<unsigned char>& bytes, const Header& h, DecodedSize size,
                 std::vector<unsigned char>* rgba) {
    TurboHandle tj;
    if (!tj.handle) return false;
    const bool cmyk = h.colorspace == TJCS_CMYK || h.colorspace == TJCS_YCCK;
    rgba->resize(static_cast<std::size_t>(size.width) * static_cast<std::size_t>(size.height) * 4);
    const int status = tjDecompress2(
        tj.handle, bytes.data(), static_cast<unsigned long>(bytes.size()), rgba->data(), size.width,
        0, size.height, cmyk ? TJPF_CMYK : TJPF_RGBA, TJFLAG_LIMITSCANS);
    if (status != 0 && tjGetErrorCode(tj.handle) != TJERR_WARNING) return false;
    if (cmyk) {
        // JPEG stores CMYK inverted (Adobe): each channel times K gives the RGB value.
        for (std::size_t i = 0; i < rgba->size(); i += 4) {
            unsigned char* p = rgba->data() + i;
            const int k = p[3];
            for (int c = 0; c < 3; ++c) p[c] = static_cast<unsigned char>((p[c] * k + 127) / 255);
            p[3] = 255;
        }
    }
    return true;
}

bool decode_png(const std::vector<unsigned char>& bytes, const Header& h, int max_side,
                DecodedSize size, std::vector<unsigned char>* rgba) {
    const std::size_t stored_bytes =
        static_cast<std::size_t>(h.width) * static_cast<std::size_t>(h.height) * 4;
    std::vector<unsigned char> unused_scratch;
    if (size.width == h.width && size.height == h.height) {
        rgba->resize(stored_bytes);
        return update::png_decode(bytes.data(), bytes.size(), {h.width, h.height}, max_side,
                                  unused_scratch, rgba->data());
    }
    std::vector<unsigned char> stored(stored_bytes);
    if (!update::png_decode(bytes.data(), bytes.size(), {h.width, h.height}, max_side,
                            unused_scratch, stored.data()))
        return false;
    rgba->resize(static_cast<std::size_t>(size.width) * static_cast<std::size_t>(size.height) * 4);
    // sRGB-aware and alpha-weighted, so logo edges do not get dark fringes.
    return stbir_resize_uint8_srgb(stored.data(), h.width, h.height, 0, rgba->data(), size.width,
                                   size.height, 0, 4, 3, 0) != 0;
}
}  // namespace

// --- decoding ---
bool decode_image(const std::vector<unsigned char>& bytes, int max_side, CoverSize cover,
                  int* width, int* height, std::vector<unsigned char>* rgba) {
    rgba->clear();
    Header h;
    // Check the header first so an absurd size never allocates.
    if (!read_header(bytes, &h) || h.width > max_side || h.height > max_side) return false;
    const DecodedSize size = decoded_size(h.jpeg, h.width, h.height, cover);
    const bool ok =
        h.jpeg ? decode_jpeg(bytes, h, size, rgba) : decode_png(bytes, h, max_side, size, rgba);
    if (!ok) {
        rgba->clear();
        return false;
    }
    *width = size.width;
    *height = size.height;
    return true;
}

long long decoded_bytes(const std::vector<unsigned char>& bytes, CoverSize cover) {
    Header h;
    if (!read_header(bytes, &h)) return 0;
    const DecodedSize size = decoded_size(h.jpeg, h.width, h.height, cover);
    return 4ll * size.width * size.height;
}

}  // namespace kiosk::engine
