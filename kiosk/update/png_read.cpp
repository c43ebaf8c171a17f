// libpng from memory. Its errors longjmp back to a setjmp in the function that made the read
// struct, so only plain C state lives across those calls; buffers are sized by the callers.
#include "kiosk/update/png_read.h"

#include <png.h>

#include <csetjmp>
#include <cstdint>
#include <cstring>
#include <new>

namespace kiosk::update {
namespace {

// libpng reads from memory through this; reading past the end is a truncated file.
struct PngSource {
    const unsigned char* data;
    size_t size;
    size_t at;
};

void read_from_memory(png_structp png, png_bytep out, size_t length) {
    auto* src = static_cast<PngSource*>(png_get_io_ptr(png));
    if (length > src->size - src->at) png_error(png, "truncated");
    std::memcpy(out, src->data + src->at, length);
    src->at += length;
}

void quiet(png_structp, png_const_charp) {}

[[noreturn]] void fail(png_structp png, png_const_charp) {
    png_longjmp(png, 1);
}

// A read struct set up the one strict way; destroyed with its info struct.
class PngReader {
  public:
    PngReader(const unsigned char* data, size_t size) : src_{data, size, 0} {
        png_ = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, fail, quiet);
        if (png_) info_ = png_create_info_struct(png_);
        if (!png_ || !info_) {
            png_destroy_read_struct(&png_, &info_, nullptr);
            throw std::bad_alloc();
        }
    }
    ~PngReader() { png_destroy_read_struct(&png_, &info_, nullptr); }
    PngReader(const PngReader&) = delete;
    PngReader& operator=(const PngReader&) = delete;

    png_structp png() const { return png_; }
    png_infop info() const { return info_; }
    // Called after setjmp: may longjmp.
    void start(int max_side) {
        png_set_read_fn(png_, &src_, read_from_memory);
        png_set_crc_action(png_, PNG_CRC_ERROR_QUIT, PNG_CRC_ERROR_QUIT);
        png_set_user_limits(png_, static_cast<png_uint_32>(max_side),
                            static_cast<png_uint_32>(max_side));
        png_set_chunk_malloc_max(png_, 8u << 20);
        png_read_info(png_, info_);
    }

  private:
    PngSource src_;
    png_structp png_ = nullptr;
    png_infop info_ = nullptr;
};

}  // namespace

std::optional<PngSize> png_size(const unsigned char* data, size_t size) {
    // The signature, then IHDR, which must come first: length 13, type, width, height. Its CRC
    // and the rest are png_decode's to check.
    if (size < 24 || png_sig_cmp(data, 0, 8) != 0 ||
        std::memcmp(data + 8, "\0\0\0\x0dIHDR", 8) != 0)
        return std::nullopt;
    const auto big_endian = [](const unsigned char* p) {
        return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
    };
    const uint32_t w = big_endian(data + 16), h = big_endian(data + 20);
    if (w < 1 || h < 1 || w > PNG_UINT_31_MAX || h > PNG_UINT_31_MAX) return std::nullopt;
    return PngSize{static_cast<int>(w), static_cast<int>(h)};
}

bool png_decode(const unsigned char* data, size_t size, PngSize want, int max_side,
                std::vector<unsigned char>& scratch, unsigned char* rgba) {
    if (size < 8 || png_sig_cmp(data, 0, 8) != 0) return false;
    PngReader r(data, size);
    bool ok = false;
    if (setjmp(png_jmpbuf(r.png())) == 0) {
        png_structp png = r.png();
        r.start(max_side);
        const png_uint_32 width = png_get_image_width(png, r.info());
        const png_uint_32 height = png_get_image_height(png, r.info());
        if (width != static_cast<png_uint_32>(want.width) ||
            height != static_cast<png_uint_32>(want.height))
            png_error(png, "size differs");
        if (rgba) {
            png_set_expand(png);  // palette → RGB, grey below 8 bits → 8, tRNS → alpha
            png_set_strip_16(png);
            png_set_gray_to_rgb(png);
            png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
        }
        const int passes = png_set_interlace_handling(png);
        png_read_update_info(png, r.info());
        const size_t row_bytes = png_get_rowbytes(png, r.info());
        if (rgba ? row_bytes != static_cast<size_t>(width) * 4 : scratch.size() < row_bytes)
            png_error(png, "unexpected row size");
        // Interlaced: each pass fills in its pixels of the same rows.
        for (int pass = 0; pass < passes; ++pass)
            for (png_uint_32 y = 0; y < height; ++y)
                png_read_row(png, rgba ? rgba + y * row_bytes : scratch.data(), nullptr);
        png_read_end(png, nullptr);  // the rest of the chunks, to IEND, CRCs included
        ok = true;
    }
    return ok;
}

}  // namespace kiosk::update
