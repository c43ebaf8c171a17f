// Decoding pack images for display: at the size they are drawn, not the size they are stored.
// A 1600 px photo shown on a 400 px card is decoded at 1/4 scale by libjpeg-turbo (its scaled
// IDCT skips most of the work), so decoding is faster, textures are up to 16x smaller, and the
// texture budget holds many more cards. PNGs (logos with transparency) are decoded whole with
// libpng and shrunk with stb_image_resize when they are at least twice the size needed. Each
// format is decoded by the library, and with the strictness, the importer checked it with.
#pragma once

#include <vector>

namespace kiosk::engine {

// The size an image is drawn at, in pixels. The image is drawn "cover" (cropped to fill), so a
// decode is big enough when both of its sides are at least these. 0 x 0: as stored.
struct CoverSize {
    int width = 0, height = 0;
    bool as_stored() const { return width <= 0 || height <= 0; }
};

// Rounds a drawn size up to one of a few steps (x1.5 apart), so a card and a slightly larger
// card share one decode and one texture instead of each getting their own.
CoverSize cover_size_step(float width_px, float height_px);

// The size an image of `stored` dimensions decodes to for `cover`: never larger than stored.
// For JPEG this is the smallest libjpeg-turbo scale (n/8) that still covers; for PNG the stored
// size, or the covering size when the stored one is at least twice as large on both sides.
struct DecodedSize {
    int width = 0, height = 0;
};
DecodedSize decoded_size(bool jpeg, int stored_width, int stored_height, CoverSize cover);

// Decodes PNG/JPEG bytes to RGBA at decoded_size(); false (and no pixels) when the bytes are not
// a sane image or a side exceeds max_side. JPEG decoder warnings (a slightly damaged stream that
// still yields a whole picture) are accepted: the pack was checked when it was imported. A PNG
// with any CRC or Adler-32 mismatch is refused, as the importer refuses it.
bool decode_image(const std::vector<unsigned char>& bytes, int max_side, CoverSize cover,
                  int* width, int* height, std::vector<unsigned char>* rgba);

// The RGBA bytes decode_image() will produce, from the header alone; 0 when it is unreadable.
long long decoded_bytes(const std::vector<unsigned char>& bytes, CoverSize cover);

}  // namespace kiosk::engine
