// JPEG photos as phones and print shops write them: the header facts the decoder needs before
// decoding (frame size, sample precision, progressive or not, EXIF orientation), a decode that
// lands just above a wanted size (TurboJPEG's DCT scaling, so a 50 MP photo never exists in memory
// at full size), CMYK/YCCK to RGB, and EXIF orientation applied to the pixels.
// All input is hostile: every read is bounds-checked, and odd metadata is ignored, not trusted.
#pragma once

#include <cstddef>
#include <vector>

namespace kiosk::pack {

struct JpegHeader {
    bool has_frame = false;  // a start-of-frame segment was found before the scan
    int precision = 0;       // bits per sample: 8 for ordinary JPEGs, 12 for some camera files
    int width = 0, height = 0;
    bool progressive = false;  // decoded whole-image in memory by libjpeg
    int orientation = 1;       // EXIF tag 0x0112, 1..8; 1 when absent or not trustworthy
    int components = 0;        // 1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK
    bool baseline = false;     // SOF0 or SOF1: Huffman-coded, sequential, what the kiosk shows
};

// The same JPEG without its metadata: the APP1–APP13 and APP15 segments (Exif, GPS, XMP, ICC,
// Photoshop), comments and anything after the end of the image (phone makers' trailers) are left
// out; JFIF (APP0), Adobe (APP14, it says how the colours are stored), the tables and the image
// data are copied unchanged, so the pixels do not change. Empty when the structure is anything
// but plain (the caller then encodes the picture again).
std::vector<unsigned char> without_metadata(const unsigned char* data, size_t size);

// Walks the marker segments up to the first scan. Never reads past `size`.
JpegHeader read_jpeg_header(const unsigned char* data, size_t size);

// The orientation in a TIFF structure (the body of an "Exif\0\0" APP1 segment): IFD0's tag 0x0112,
// SHORT, one value, 1..8. Anything else (bad byte order, offsets past the end, an IFD that does
// not fit, another type or count) gives 1.
int exif_orientation(const unsigned char* tiff, size_t size);

struct RgbImage {
    int width = 0, height = 0;
    std::vector<unsigned char> pixels;  // RGB, 3 bytes per pixel, rows top to bottom
    bool warned = false;  // libjpeg warned (stray bytes, a bad code): the bytes are not clean
};

// Decodes at the smallest TurboJPEG scale whose long side is still >= `min_long_side` (full size
// when the photo is smaller). CMYK and YCCK (Adobe-inverted, as Photoshop writes them) become RGB.
// Throws ImageError (image_prep.h) when the data cannot be decoded.
RgbImage decode_jpeg(const unsigned char* data, size_t size, int min_long_side);

// Turns stored pixels into the upright picture for EXIF orientation 1..8 (5..8 swap width and
// height).
RgbImage apply_orientation(RgbImage stored, int orientation);

}  // namespace kiosk::pack
