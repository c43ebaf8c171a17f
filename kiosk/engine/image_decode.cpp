// Display-size image decoding. Sections: sizes · header · decoding.
#include "kiosk/engine/image_decode.h"

#include <stb_image.h>
#include <stb_image_resize.h>
#include <turbojpeg.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>
#include <memory>

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
};

bool read_header(const std::vector<unsigned char>& bytes, Header* h) {
    if (bytes.empty() || bytes.size() > static_cast<std::size_t>(INT_MAX)) return false;
    int channels = 0;
    h->jpeg = is_jpeg(bytes);
    return stbi_info_from_memory(bytes.data(), static_cast<int>(bytes.size()), &h->width,
                                 &h->height, &channels) != 0 &&
           h->width > 0 && h->height > 0;
}

struct TurboHandle {
    tjhandle handle = tjInitDecompress();
    ~TurboHandle() {
        if (handle) tjDestroy(handle);
    }
};

bool decode_jpeg(const std::vector<unsigned char>& bytes, DecodedSize size,
                 std::vector<unsigned char>* rgba) {
    TurboHandle tj;
    if (!tj.handle) return false;
    rgba->resize(static_cast<std::size_t>(size.width) * static_cast<std::size_t>(size.height) * 4);
    // The requested width selects the scale computed by decoded_size().
    const int status =
        tjDecompress2(tj.handle, bytes.data(), static_cast<unsigned long>(bytes.size()),
                      rgba->data(), size.width, 0, size.height, TJPF_RGBA, TJFLAG_LIMITSCANS);
    return status == 0 || tjGetErrorCode(tj.handle) == TJERR_WARNING;
}

bool decode_with_stb(const std::vector<unsigned char>& bytes, DecodedSize size,
                     std::vector<unsigned char>* rgba) {
    int w = 0, h = 0, channels = 0;
    std::unique_ptr<unsigned char, void (*)(void*)> pixels(
        stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &w, &h, &channels, 4),
        stbi_image_free);
    if (!pixels) return false;
    const std::size_t out_bytes =
        static_cast<std::size_t>(size.width) * static_cast<std::size_t>(size.height) * 4;
    if (w == size.width && h == size.height) {
        rgba->assign(pixels.get(), pixels.get() + out_bytes);
        return true;
    }
    rgba->resize(out_bytes);
    // sRGB-aware and alpha-weighted, so logo edges do not get dark fringes.
    return stbir_resize_uint8_srgb(pixels.get(), w, h, 0, rgba->data(), size.width, size.height, 0,
                                   4, 3, 0) != 0;
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
    // libjpeg-turbo scales while decoding; a JPEG it cannot take (e.g. CMYK) goes to stb, which
    // then resizes the whole picture.
    const bool ok =
        (h.jpeg && decode_jpeg(bytes, size, rgba)) || decode_with_stb(bytes, size, rgba);
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
