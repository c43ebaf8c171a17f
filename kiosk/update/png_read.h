// PNG reading with libpng, set up once for both its users: the importer's check of every image
// and the kiosk's display decode. So a PNG is shown by the same library, with the same strictness,
// that let it in: every chunk's CRC (ancillary chunks too) and the zlib stream's Adler-32 are
// verified, sides are capped before any pixel is decoded, and chunk allocations are capped.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace kiosk::update {

struct PngSize {
    int width = 0, height = 0;
};

// The size IHDR gives, read without decoding anything (so before any allocation); nullopt when
// the file does not start as a PNG does.
std::optional<PngSize> png_size(const unsigned char* data, size_t size);

// Decodes every row to the end of the file (IEND). With `rgba`, the pixels are kept as 8-bit RGBA
// (palette, grey and tRNS expanded, 16-bit reduced to its high byte, opaque alpha added):
// `rgba` must hold width * height * 4 bytes. Without it, each row passes through `scratch`, which
// must hold width * 8 bytes (the widest row there is): memory stays at one row. False on any
// defect, including a size other than `want` or a side above max_side.
bool png_decode(const unsigned char* data, size_t size, PngSize want, int max_side,
                std::vector<unsigned char>& scratch, unsigned char* rgba);

}  // namespace kiosk::update
