// Photos as staff really have them: phone JPEGs turned by EXIF, GPS in the file, CMYK from print
// shops, 12-bit, HEIC and WebP, 50 MP cameras, Chinese names with spaces and upper-case extensions.
#include <stb_image.h>
#include <turbojpeg.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "kiosk/pack/content_source.h"
#include "kiosk/pack/image_prep.h"
#include "kiosk/pack/photo_jpeg.h"
#include "mini_content.h"

using namespace kiosk::pack;
using Bytes = std::vector<unsigned char>;

namespace {

Bytes encode_with_turbojpeg(const Bytes& pixels, int w, int h, int pixel_format) {
    tjhandle tj = tjInitCompress();
    REQUIRE(tj);
    unsigned char* out = nullptr;
    unsigned long size = 0;
    const int rc =
        tjCompress2(tj, pixels.data(), w, 0, h, pixel_format, &out, &size, TJSAMP_444, 95, 0);
    INFO(tjGetErrorStr2(tj));
    REQUIRE(rc == 0);
    Bytes jpeg(out, out + size);
    tjFree(out);
    tjDestroy(tj);
    return jpeg;
}

// A 40x20 grey picture with a red square in its top-left corner and a green one top-right, so
// every turn and mirror puts the pair somewhere else.
constexpr int kW = 40, kH = 20, kSquare = 8;
Bytes marked_jpeg() {
    Bytes px(kW * kH * 3, 128);
    for (int y = 0; y < kSquare; ++y)
        for (int x = 0; x < kSquare; ++x) {
            unsigned char* red = &px[static_cast<size_t>((y * kW + x) * 3)];
            unsigned char* green = &px[static_cast<size_t>((y * kW + kW - 1 - x) * 3)];
            red[0] = 255, red[1] = 0, red[2] = 0;
            green[0] = 0, green[1] = 255, green[2] = 0;
        }
    return encode_with_turbojpeg(px, kW, kH, TJPF_RGB);
}

// A TIFF structure (an EXIF body) written by hand, in either byte order.
struct Tiff {
    bool big_endian;
    Bytes bytes;
    void u16(uint32_t v) {
        const unsigned char a = static_cast<unsigned char>(v & 0xff),
                            b = static_cast<unsigned char>(v >> 8 & 0xff);
        bytes.insert(bytes.end(), big_endian ? std::initializer_list<unsigned char>{b, a}
                                             : std::initializer_list<unsigned char>{a, b});
    }
    void u32(uint32_t v) {
        big_endian ? (u16(v >> 16), u16(v & 0xffff)) : (u16(v & 0xffff), u16(v >> 16));
    }
    // Header "II*\0" / "MM\0*" and the offset of IFD0.
    explicit Tiff(bool big, uint32_t ifd0 = 8) : big_endian(big) {
        bytes = big ? Bytes{'M', 'M'} : Bytes{'I', 'I'};
        u16(42);
        u32(ifd0);
    }
    // One IFD entry whose value fits in its 4-byte field (a SHORT in the first two bytes).
    void entry(uint32_t tag, uint32_t type, uint32_t count, uint32_t value) {
        u16(tag), u16(type), u32(count);
        type == 3 ? (u16(value), u16(0)) : u32(value);
    }
};

Bytes tiff_with_orientation(int orientation, bool big_endian) {
    Tiff t(big_endian);
    t.u16(1);
    t.entry(0x0112, 3, 1, static_cast<uint32_t>(orientation));
    t.u32(0);  // no next IFD
    return t.bytes;
}

// The JPEG with an APP1 "Exif" segment holding `tiff` right after its start marker, where phones
// put it.
Bytes with_exif(const Bytes& jpeg, const Bytes& tiff) {
    const size_t length = 2 + 6 + tiff.size();
    Bytes out = {0xFF, 0xD8, 0xFF, 0xE1};
    out.push_back(static_cast<unsigned char>(length >> 8));
    out.push_back(static_cast<unsigned char>(length & 0xff));
    for (const char c : {'E', 'x', 'i', 'f', '\0', '\0'})
        out.push_back(static_cast<unsigned char>(c));
    out.insert(out.end(), tiff.begin(), tiff.end());
    out.insert(out.end(), jpeg.begin() + 2, jpeg.end());
    return out;
}

struct Decoded {
    int w = 0, h = 0;
    Bytes px;
    const unsigned char* at(int x, int y) const {
        return &px[static_cast<size_t>((y * w + x) * 3)];
    }
};

Decoded decode(const Bytes& encoded) {
    Decoded d;
    int comp = 0;
    unsigned char* p = stbi_load_from_memory(encoded.data(), static_cast<int>(encoded.size()), &d.w,
                                             &d.h, &comp, 3);
    REQUIRE(p);
    d.px.assign(p, p + static_cast<size_t>(d.w * d.h * 3));
    stbi_image_free(p);
    return d;
}

// "red", "green" or "grey" for the colour a few pixels into a corner ("tl", "tr", "bl", "br").
std::string corner(const Decoded& d, const std::string& which) {
    const int x = which[1] == 'l' ? 3 : d.w - 4, y = which[0] == 't' ? 3 : d.h - 4;
    const unsigned char* p = d.at(x, y);
    if (p[0] > 180 && p[1] < 80) return "red";
    if (p[1] > 180 && p[0] < 80) return "green";
    return "grey";
}

bool contains(const Bytes& hay, const std::string& needle) {
    return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

std::string refusal_of(const Bytes& bytes) {
    try {
        prepare_image(bytes);
    } catch (const ImageError& e) {
        return e.what();
    }
    return "(accepted)";
}

}  // namespace

TEST_CASE("a phone photo is turned upright by its EXIF orientation, all 8 cases") {
    const Bytes jpeg = marked_jpeg();
    struct Case {
        int orientation;
        const char* red;
        const char* green;
    };
    // Where the stored top-left (red) and top-right (green) corners are seen upright.
    const Case cases[] = {{1, "tl", "tr"}, {2, "tr", "tl"}, {3, "br", "bl"}, {4, "bl", "br"},
                          {5, "tl", "bl"}, {6, "tr", "br"}, {7, "br", "tr"}, {8, "bl", "tl"}};
    for (const Case& c : cases) {
        for (const bool big_endian : {false, true}) {
            INFO("orientation " << c.orientation << (big_endian ? " (MM)" : " (II)"));
            const PreparedImage img =
                prepare_image(with_exif(jpeg, tiff_with_orientation(c.orientation, big_endian)));
            const bool turned = c.orientation >= 5;
            CHECK(img.width == (turned ? kH : kW));
            CHECK(img.height == (turned ? kW : kH));
            const Decoded d = decode(img.bytes);
            CHECK(corner(d, c.red) == "red");
            CHECK(corner(d, c.green) == "green");
            const Decoded thumb = decode(img.thumb);
            CHECK(thumb.w == d.w);
        }
    }
}

TEST_CASE(
    "hostile EXIF is ignored: the photo is prepared as stored, nothing is read past the end") {
    const Bytes jpeg = marked_jpeg();
    const auto prepared_size = [&](const Bytes& tiff) {
        const PreparedImage img = prepare_image(with_exif(jpeg, tiff));
        return std::to_string(img.width) + "x" + std::to_string(img.height);
    };
    SECTION("IFD0 offset past the end") {
        Tiff t(false, 0xFFFFFFF0u);
        t.u16(1), t.entry(0x0112, 3, 1, 6), t.u32(0);
        CHECK(prepared_size(t.bytes) == "40x20");
    }
    SECTION("IFD0 inside the header") {
        Tiff t(true, 4);
        t.u16(1), t.entry(0x0112, 3, 1, 6), t.u32(0);
        CHECK(prepared_size(t.bytes) == "40x20");
    }
    SECTION("more entries counted than the segment holds") {
        Tiff t(false);
        t.u16(1000), t.entry(0x0112, 3, 1, 6), t.u32(0);
        CHECK(prepared_size(t.bytes) == "40x20");
    }
    SECTION("a value count that overflows when multiplied by the type size") {
        Tiff t(true);
        t.u16(1), t.entry(0x0112, 3, 0x80000001u, 6), t.u32(0);
        CHECK(prepared_size(t.bytes) == "40x20");
    }
    SECTION("an orientation that is no orientation") {
        CHECK(prepared_size(tiff_with_orientation(9, false)) == "40x20");
        CHECK(prepared_size(tiff_with_orientation(0, true)) == "40x20");
    }
    SECTION("IFD0 linking to itself, no orientation in it") {
        Tiff t(false);
        t.u16(1), t.entry(0x010F, 2, 4, 0x00414141), t.u32(8);
        CHECK(prepared_size(t.bytes) == "40x20");
    }
    SECTION("every truncation of a valid EXIF body") {
        const Bytes whole = tiff_with_orientation(6, true);
        REQUIRE(exif_orientation(whole.data(), whole.size()) == 6);
        for (size_t n = 0; n < whole.size() - 4; ++n) {  // the last 4 bytes: next-IFD offset
            const Bytes cut(whole.begin(), whole.begin() + static_cast<long>(n));
            INFO(n << " bytes");
            CHECK(exif_orientation(cut.data(), cut.size()) == 1);
        }
    }
    SECTION("any one byte of the headers damaged: prepared or refused, never a crash") {
        const Bytes good = with_exif(jpeg, tiff_with_orientation(6, false));
        for (size_t at = 2; at < 300; ++at)
            for (const int v : {0x00, 0x01, 0x7F, 0xFF}) {
                Bytes bad = good;
                bad[at] = static_cast<unsigned char>(v);
                INFO("byte " << at << " = " << v);
                try {
                    prepare_image(bad);
                } catch (const ImageError&) {
                }
            }
    }
    SECTION("an APP1 segment longer than the file") {
        Bytes bad = with_exif(jpeg, tiff_with_orientation(6, false));
        bad[4] = 0xFF, bad[5] = 0xFF;
        CHECK_THROWS_AS(prepare_image(bad), ImageError);
    }
}

TEST_CASE("EXIF and GPS of the source do not reach the pack") {
    Tiff t(false);
    const std::string secret = "GPS 31.2304N 121.4737E";
    t.u16(3);
    t.entry(0x010E, 2, static_cast<uint32_t>(secret.size() + 1), 50);  // ImageDescription
    t.entry(0x0112, 3, 1, 1);
    t.entry(0x8825, 4, 1, 50 + static_cast<uint32_t>(secret.size() + 1));  // GPS IFD
    t.u32(0);
    t.bytes.resize(50);
    t.bytes.insert(t.bytes.end(), secret.begin(), secret.end());
    t.bytes.push_back(0);
    t.u16(1), t.entry(0x0001, 2, 2, 'N'), t.u32(0);  // GPSLatitudeRef "N"
    const Bytes source = with_exif(marked_jpeg(), t.bytes);
    REQUIRE(contains(source, secret));
    const PreparedImage img = prepare_image(source);
    for (const Bytes* out : {&img.bytes, &img.thumb}) {
        CHECK_FALSE(contains(*out, "Exif"));
        CHECK_FALSE(contains(*out, secret));
        CHECK_FALSE(contains(*out, "\xFF\xE1"));  // no APP1 segment at all (Exif or XMP)
    }
}

TEST_CASE("a CMYK JPEG from a print shop decodes with its colours") {
    // Adobe-style inverted CMYK (255 = no ink), which libjpeg-turbo writes as YCCK: a red, a blue
    // and a half-black grey band.
    constexpr int w = 96, h = 32;
    Bytes cmyk(w * h * 4);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            unsigned char* p = &cmyk[static_cast<size_t>((y * w + x) * 4)];
            const int band = x / 32;
            const unsigned char c[3][4] = {
                {255, 0, 0, 255}, {0, 0, 255, 255}, {255, 255, 255, 128}};
            std::memcpy(p, c[band], 4);
        }
    const PreparedImage img = prepare_image(encode_with_turbojpeg(cmyk, w, h, TJPF_CMYK));
    const Decoded d = decode(img.bytes);
    REQUIRE(d.w == w);
    const auto near = [](const unsigned char* p, int r, int g, int b) {
        return std::abs(p[0] - r) < 24 && std::abs(p[1] - g) < 24 && std::abs(p[2] - b) < 24;
    };
    CHECK(near(d.at(16, 16), 255, 0, 0));
    CHECK(near(d.at(48, 16), 0, 0, 255));
    CHECK(near(d.at(80, 16), 128, 128, 128));
}

TEST_CASE("12-bit JPEG, HEIC, WebP and AVIF are refused with what to save instead") {
    Bytes twelve = marked_jpeg();
    for (size_t i = 2; i + 4 < twelve.size(); ++i)
        if (twelve[i] == 0xFF && twelve[i + 1] == 0xC0) {  // start of frame: length, precision
            twelve[i + 4] = 12;
            break;
        }
    const std::string t = refusal_of(twelve);
    CHECK_THAT(t, Catch::StartsWith("是 12 位 JPEG，请另存为普通 JPEG 或 PNG"));
    CHECK_THAT(t, Catch::Contains("12-bit JPEG: save it as a normal JPEG or PNG"));

    const auto iso = [](const char* major, const char* compatible) {
        Bytes b = {0, 0, 0, 24, 'f', 't', 'y', 'p'};
        b.insert(b.end(), major, major + 4);
        b.insert(b.end(), {0, 0, 0, 0});
        b.insert(b.end(), compatible, compatible + 4);
        b.insert(b.end(), major, major + 4);
        b.resize(200, 0);
        return b;
    };
    const std::string heic = refusal_of(iso("heic", "mif1"));
    CHECK_THAT(heic, Catch::StartsWith("是 HEIC/HEIF 格式，请另存为 JPEG 或 PNG"));
    CHECK_THAT(heic, Catch::Contains("is HEIC/HEIF: save it as JPEG or PNG"));
    CHECK_THAT(refusal_of(iso("mif1", "heic")), Catch::Contains("HEIC/HEIF"));
    CHECK_THAT(refusal_of(iso("mif1", "avif")), Catch::Contains("is AVIF: save it as JPEG or PNG"));

    Bytes webp = {'R', 'I', 'F', 'F', 100, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' '};
    webp.resize(108, 0);
    const std::string w = refusal_of(webp);
    CHECK_THAT(w, Catch::StartsWith("是 WebP 格式，请另存为 JPEG 或 PNG"));
    CHECK_THAT(w, Catch::Contains("is WebP: save it as JPEG or PNG"));
}

TEST_CASE("a cut-off JPEG is refused, not shown half grey") {
    Bytes px(400 * 300 * 3);
    for (size_t i = 0; i < px.size(); ++i) px[i] = static_cast<unsigned char>(i * 7);
    Bytes jpeg = encode_with_turbojpeg(px, 400, 300, TJPF_RGB);
    jpeg.resize(jpeg.size() / 2);
    CHECK_THAT(refusal_of(jpeg), Catch::Contains("the file is cut off: copy the photo again"));
}

namespace {
long peak_rss_kb() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}
void reset_peak_rss() {
    std::ofstream("/proc/self/clear_refs") << "5";
}
}  // namespace

TEST_CASE("a 50 MP photo is scaled down without holding it in memory at full size") {
    constexpr int w = 8660, h = 5774;  // 50 MP, as a full-frame camera writes it
    Bytes jpeg;
    {
        Bytes px(static_cast<size_t>(w) * h * 3);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                unsigned char* p = &px[(static_cast<size_t>(y) * w + x) * 3];
                p[0] = static_cast<unsigned char>(x * 255 / w);
                p[1] = static_cast<unsigned char>(y * 255 / h);
                p[2] = 90;
            }
        jpeg = encode_with_turbojpeg(px, w, h, TJPF_RGB);
    }
    reset_peak_rss();
    const long before = peak_rss_kb();
    const PreparedImage img = prepare_image(jpeg);
    const long peak_mb = (peak_rss_kb() - before) / 1024;
    CHECK(img.width == 1600);
    CHECK(img.height == 1067);
    CHECK(img.thumb_width == 480);
    const Decoded d = decode(img.bytes);
    CHECK(d.at(1599, 0)[0] > 240);  // the right edge is the red end of the gradient
    // Decoded whole it would be 150 MB of RGB; at 1/4 scale it is ~9 MB.
    INFO("peak memory while preparing: +" << peak_mb << " MB");
    CHECK(peak_mb < 64);
}

TEST_CASE(
    "images/ names in Chinese with spaces and any letter case are found and refusals are listed") {
    kiosk::pack::test::MiniContent mc;
    const Bytes jpeg = marked_jpeg();
    const std::string photo(jpeg.begin(), jpeg.end());
    mc.write("images/照片 1.Jpeg", photo);
    mc.write("images/IMG_0001.JPG", photo);
    mc.append("highlight_images.csv", "h1,照片 1.jpeg,图,Pic\nh1,img_0001,图,Pic\n");
    {
        Diagnostics diag;
        const auto content = load_content_dir(mc.dir().string(), diag);
        INFO((diag.errors().empty() ? std::string() : diag.errors().front()));
        REQUIRE(content);
        std::vector<std::string> ids;
        for (const auto& m : content->media) ids.push_back(m.id);
        CHECK_THAT(ids, Catch::VectorContains(std::string("照片 1")));
        CHECK_THAT(ids, Catch::VectorContains(std::string("IMG_0001")));
    }
    // Two files that differ only in letter case: the exact name is found, any other spelling is
    // ambiguous and names both. HEIC and WebP are named with what to do, all in one run.
    mc.write("images/Logo.png", photo);
    mc.write("images/logo.PNG", photo);
    mc.write("images/贴纸 2.webp",
             std::string("RIFF\x28\0\0\0WEBPVP8 ", 16) + std::string(32, '\0'));
    mc.append(
        "highlight_images.csv",
        "h1,Logo.png,图,Pic\nh1,LOGO.PNG,图,Pic\nh1,IMG_0002.heic,图,Pic\nh1,贴纸 2,图,Pic\n");
    Bytes heic = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c'};
    heic.resize(64, 0);
    mc.write("images/IMG_0002.HEIC", std::string(heic.begin(), heic.end()));
    Diagnostics diag;
    CHECK_FALSE(load_content_dir(mc.dir().string(), diag));
    std::string all;
    for (const auto& e : diag.errors()) all += e + "\n";
    INFO(all);
    CHECK(diag.errors().size() == 3);
    CHECK_THAT(
        all, Catch::Contains("highlight_images.csv:6: image：“LOGO.PNG”对应 images 里的多个文件"));
    CHECK_THAT(all, Catch::Contains("Logo.png, logo.PNG"));
    CHECK_THAT(all,
               Catch::Contains("highlight_images.csv:7: 图片 images/IMG_0002.HEIC 无法使用：是 "
                               "HEIC/HEIF 格式，请另存为 JPEG 或 PNG / image "
                               "images/IMG_0002.HEIC cannot be used: is HEIC/HEIF: save it as "
                               "JPEG or PNG"));
    CHECK_THAT(
        all, Catch::Contains("highlight_images.csv:8: 图片 images/贴纸 2.webp 无法使用：是 WebP"));
}

namespace {

// The Exif body of a phone photo with a GPS IFD holding "N" for GPSLatitudeRef.
Bytes tiff_with_gps() {
    Tiff t(false);
    t.u16(2);
    t.entry(0x0112, 3, 1, 1);
    t.entry(0x8825, 4, 1, 8 + 2 + 2 * 12 + 4);  // GPS IFD right after IFD0
    t.u32(0);
    t.u16(1), t.entry(0x0001, 2, 2, 'N'), t.u32(0);  // GPSLatitudeRef "N"
    return t.bytes;
}

// Where the EOI marker of a JPEG is (its last two bytes as TurboJPEG writes it).
size_t end_of_image(const Bytes& jpeg) {
    REQUIRE(jpeg.size() >= 4);
    REQUIRE(jpeg[jpeg.size() - 2] == 0xFF);
    REQUIRE(jpeg[jpeg.size() - 1] == 0xD9);
    return jpeg.size() - 2;
}

// The kiosk's install check (update/image_check.cpp): decodes with any libjpeg warning an error.
std::string strict_decode_error(const Bytes& jpeg) {
    tjhandle tj = tjInitDecompress();
    REQUIRE(tj);
    int w = 0, h = 0, subsampling = 0, colorspace = 0;
    std::string error;
    if (tjDecompressHeader3(tj, jpeg.data(), static_cast<unsigned long>(jpeg.size()), &w, &h,
                            &subsampling, &colorspace) != 0) {
        error = tjGetErrorStr2(tj);
    } else {
        Bytes px(static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
        if (tjDecompress2(tj, jpeg.data(), static_cast<unsigned long>(jpeg.size()), px.data(), w, 0,
                          h, TJPF_RGB, TJFLAG_STOPONWARNING) != 0)
            error = tjGetErrorStr2(tj);
    }
    tjDestroy(tj);
    return error;
}

}  // namespace

TEST_CASE("a clean baseline photo goes into the pack as it is, only without its metadata") {
    const Bytes jpeg = marked_jpeg();
    REQUIRE(read_jpeg_header(jpeg.data(), jpeg.size()).baseline);
    REQUIRE(strict_decode_error(jpeg).empty());

    SECTION("the Exif APP1 with its GPS tag is the only thing left out") {
        const Bytes source = with_exif(jpeg, tiff_with_gps());
        REQUIRE(source.size() > jpeg.size());
        const PreparedImage img = prepare_image(source);
        CHECK(img.bytes == jpeg);  // the source minus that segment: image data bytes unchanged
        CHECK_FALSE(contains(img.bytes, "Exif"));
    }
    SECTION("bytes after the end of the image (a phone maker's trailer) are left out") {
        Bytes source = with_exif(jpeg, tiff_with_gps());
        const std::string trailer = "GPSsecret 31.2304N 121.4737E";
        source.insert(source.end(), trailer.begin(), trailer.end());
        const PreparedImage img = prepare_image(source);
        CHECK_FALSE(contains(img.bytes, "GPSsecret"));
        CHECK(img.bytes == jpeg);
    }
    SECTION("0xFF fill bytes before markers: skipped, the metadata still left out") {
        Bytes source = with_exif(jpeg, tiff_with_gps());
        source.insert(source.begin() + 2, {0xFF, 0xFF});  // before the APP1
        // And before the end of the image, after the scan.
        const size_t eoi = end_of_image(source);
        source.insert(source.begin() + static_cast<long>(eoi), {0xFF, 0xFF, 0xFF});
        REQUIRE(strict_decode_error(source).empty());
        const PreparedImage img = prepare_image(source);
        CHECK_FALSE(contains(img.bytes, "Exif"));
        CHECK_FALSE(contains(img.bytes, "\xFF\xE1"));
        CHECK(img.bytes == jpeg);
    }
}

TEST_CASE("a JPEG libjpeg warns about is encoded again, so the kiosk's install check takes it") {
    Bytes source = with_exif(marked_jpeg(), tiff_with_gps());
    // Stray bytes between the scan and the end of the image: "extraneous bytes before marker".
    const size_t eoi = end_of_image(source);
    source.insert(source.begin() + static_cast<long>(eoi), {0x12, 0x34, 0x56});
    REQUIRE_FALSE(strict_decode_error(source).empty());
    const PreparedImage img = prepare_image(source);
    CHECK(strict_decode_error(img.bytes) == "");
    CHECK(strict_decode_error(img.thumb) == "");
    CHECK_FALSE(contains(img.bytes, "Exif"));
    CHECK(img.width == kW);
    CHECK(img.height == kH);
}

TEST_CASE("a progressive JPEG comes out baseline, encoded again") {
    Bytes px(kW * kH * 3);
    for (size_t i = 0; i < px.size(); ++i) px[i] = static_cast<unsigned char>(i * 13);
    tjhandle tj = tjInitCompress();
    REQUIRE(tj);
    unsigned char* out = nullptr;
    unsigned long size = 0;
    REQUIRE(tjCompress2(tj, px.data(), kW, 0, kH, TJPF_RGB, &out, &size, TJSAMP_420, 90,
                        TJFLAG_PROGRESSIVE) == 0);
    const Bytes progressive(out, out + size);
    tjFree(out);
    tjDestroy(tj);
    REQUIRE(read_jpeg_header(progressive.data(), progressive.size()).progressive);

    const PreparedImage img = prepare_image(with_exif(progressive, tiff_with_gps()));
    const JpegHeader h = read_jpeg_header(img.bytes.data(), img.bytes.size());
    CHECK(h.baseline);
    CHECK_FALSE(h.progressive);
    CHECK(h.width == kW);
    CHECK(h.height == kH);
    CHECK(strict_decode_error(img.bytes) == "");
    CHECK_FALSE(contains(img.bytes, "Exif"));
}
