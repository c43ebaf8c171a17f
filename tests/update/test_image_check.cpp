// Image checks of the parallel validator (libjpeg-turbo, libpng) as staff see them: a JPEG or PNG
// damaged in the middle of its body, or a PNG chunk whose CRC does not match, is refused naming
// the image, several bad images are all listed in
// table order every time, and good JPEGs from the pack builder's encoder pass. Then the images
// on record (issue 18): an update decodes only what changed, and no record, pack or rollback
// lets a changed or broken image past. Sections: helpers · checks · images on record
#include <catch2/catch.hpp>

#include <sqlite3.h>
#include <stb_image_write.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "kiosk/update/digests.h"
#include "kiosk/update/importer.h"
#include "kiosk/update/install_state.h"
#include "kiosk/update/pack_validator.h"
#include "kiosk/update/refusal.h"
#include "kiosk/update/stick_import.h"
#include "tests/update/pack_fixture.h"

using namespace kiosk::update;
using kiosk::test::KioskBench;

namespace {

// --- helpers ---
using Bytes = std::vector<unsigned char>;

void append_bytes(void* context, void* data, int size) {
    auto* out = static_cast<Bytes*>(context);
    const auto* p = static_cast<const unsigned char*>(data);
    out->insert(out->end(), p, p + size);
}

// A detailed photo-like picture (gradients plus noise), so the scan is long and busy.
Bytes photo_pixels(int w, int h) {
    Bytes rgb(static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
    uint32_t state = 12345;
    for (size_t i = 0; i < rgb.size(); ++i) {
        state ^= state << 13, state ^= state >> 17, state ^= state << 5;
        const size_t px = i / 3;
        const int x = static_cast<int>(px % static_cast<size_t>(w));
        const int y = static_cast<int>(px / static_cast<size_t>(w));
        rgb[i] = static_cast<unsigned char>(
            (x * 3 + y * (static_cast<int>(i % 3) + 1) + static_cast<int>(state % 48)) & 0xff);
    }
    return rgb;
}

// Encoded the way kiosk-pack build encodes (stb_image_write, quality 85 / PNG).
Bytes jpeg(int w, int h) {
    Bytes out;
    const Bytes rgb = photo_pixels(w, h);
    REQUIRE(stbi_write_jpg_to_func(append_bytes, &out, w, h, 3, rgb.data(), 85));
    return out;
}
Bytes png(int w, int h) {
    Bytes out;
    const Bytes rgb = photo_pixels(w, h);
    REQUIRE(stbi_write_png_to_func(append_bytes, &out, w, h, 3, rgb.data(), w * 3));
    return out;
}

// Overwrites 64 bytes in the middle of [begin, end) with fixed garbage (never 0xff, so no
// marker is made up: the damage stays inside the compressed data).
void damage_middle(Bytes& b, size_t begin, size_t end) {
    REQUIRE(end > begin + 256);
    const size_t at = begin + (end - begin) / 2;
    uint32_t state = 99;
    for (size_t i = 0; i < 64; ++i) {
        state = state * 1664525u + 1013904223u;
        b[at + i] = static_cast<unsigned char>((state >> 24) % 0xff);
    }
}

// The JPEG's entropy-coded scan: after the SOS segment, up to the final EOI.
void damage_jpeg_scan(Bytes& b) {
    size_t sos = 0;
    for (size_t i = 2; i + 3 < b.size(); ++i)
        if (b[i] == 0xff && b[i + 1] == 0xda) {
            sos = i;
            break;
        }
    REQUIRE(sos > 0);
    const size_t scan = sos + 2 + ((size_t{b[sos + 2]} << 8) | b[sos + 3]);
    damage_middle(b, scan, b.size() - 2);
}

// The data of the PNG's first IDAT chunk (the zlib stream).
void damage_png_idat(Bytes& b) {
    for (size_t i = 8; i + 8 < b.size();) {
        const size_t len =
            (size_t{b[i]} << 24) | (size_t{b[i + 1]} << 16) | (size_t{b[i + 2]} << 8) | b[i + 3];
        if (std::memcmp(&b[i + 4], "IDAT", 4) == 0) {
            damage_middle(b, i + 8, i + 8 + len);
            return;
        }
        i += 12 + len;
    }
    FAIL("no IDAT chunk");
}

size_t be32(const Bytes& b, size_t at) {
    return (size_t{b[at]} << 24) | (size_t{b[at + 1]} << 16) | (size_t{b[at + 2]} << 8) | b[at + 3];
}

// Offset of the first chunk of `type` (its length field).
size_t png_chunk(const Bytes& b, const char* type) {
    for (size_t i = 8; i + 8 < b.size(); i += 12 + be32(b, i))
        if (std::memcmp(&b[i + 4], type, 4) == 0) return i;
    FAIL("no " << type << " chunk");
    return 0;
}

// Rewrites the CRC of the chunk at `at` so that it matches the chunk's (possibly damaged) bytes.
void fix_crc(Bytes& b, size_t at) {
    const size_t len = be32(b, at);
    const uLong crc = crc32(0L, &b[at + 4], static_cast<uInt>(len + 4));
    for (int k = 0; k < 4; ++k)
        b[at + 8 + len + k] = static_cast<unsigned char>(crc >> (24 - 8 * k));
}

// Inserts a tEXt chunk right after IHDR, with its true CRC or one with a bit flipped.
void add_text_chunk(Bytes& b, bool good_crc) {
    const std::string text = "Comment\0made by a test";
    Bytes chunk = {0, 0, 0, static_cast<unsigned char>(text.size()), 't', 'E', 'X', 't'};
    chunk.insert(chunk.end(), text.begin(), text.end());
    chunk.insert(chunk.end(), 4, 0);
    fix_crc(chunk, 0);
    if (!good_crc) chunk.back() ^= 0x01;
    const size_t after_ihdr = png_chunk(b, "IHDR") + 12 + be32(b, png_chunk(b, "IHDR"));
    b.insert(b.begin() + static_cast<long>(after_ihdr), chunk.begin(), chunk.end());
}

// Replaces a media row's images (check constraints off, as a hostile pack would).
void set_media(const std::string& pack, const std::string& id, const std::string& format, int w,
               int h, const Bytes& display, int tw, int th, const Bytes& thumb) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(pack.c_str(), &db) == SQLITE_OK);
    sqlite3_exec(db, "PRAGMA ignore_check_constraints = ON", nullptr, nullptr, nullptr);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db,
                               "UPDATE media SET format = ?, width = ?, height = ?, bytes = ?, "
                               "thumb_width = ?, thumb_height = ?, thumb = ? WHERE id = ?",
                               -1, &st, nullptr) == SQLITE_OK);
    sqlite3_bind_text(st, 1, format.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, w);
    sqlite3_bind_int(st, 3, h);
    sqlite3_bind_blob(st, 4, display.data(), static_cast<int>(display.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 5, tw);
    sqlite3_bind_int(st, 6, th);
    sqlite3_bind_blob(st, 7, thumb.data(), static_cast<int>(thumb.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 8, id.c_str(), -1, SQLITE_TRANSIENT);
    const int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    const int changed = sqlite3_changes(db);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_DONE);
    REQUIRE(changed == 1);
}

// Media ids in the table's own order (WITHOUT ROWID: by id), the order the validator reads.
std::vector<std::string> media_ids(const std::string& pack) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(pack.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT id FROM media", -1, &st, nullptr);
    std::vector<std::string> ids;
    while (sqlite3_step(st) == SQLITE_ROW)
        ids.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return ids;
}

// Imports and expects a BadImage refusal with the installed pack unchanged; returns it.
Refusal refused_image(const KioskBench& k, const std::string& pack) {
    const std::string before = k.installed_hash();
    const ImportResult r = k.import(pack);
    INFO("refusal: " << r.refusal.en);
    REQUIRE_FALSE(r.ok);
    CHECK(r.refusal.code == RefusalCode::BadImage);
    CHECK(r.refusal.en.find('\n') == std::string::npos);
    CHECK_FALSE(r.refusal.zh.empty());
    CHECK(k.installed_hash() == before);
    return r.refusal;
}

}  // namespace

// --- checks ---
TEST_CASE("good JPEGs pass, and a JPEG damaged in the middle of its scan is refused by name",
          "[import][images]") {
    KioskBench k;
    const std::string id = media_ids(k.make_pack(1)).front();
    const Bytes display = jpeg(640, 480), thumb = jpeg(160, 120);

    const std::string good = k.make_pack(6, "good.pack");
    set_media(good, id, "jpeg", 640, 480, display, 160, 120, thumb);
    k.sign(good, 6);
    const ImportResult ok = k.import(good);
    INFO("refusal: " << ok.refusal.en);
    REQUIRE(ok.ok);

    Bytes damaged = display;
    damage_jpeg_scan(damaged);
    const std::string bad = k.make_pack(7, "bad.pack");
    set_media(bad, id, "jpeg", 640, 480, damaged, 160, 120, thumb);
    k.sign(bad, 7);
    const Refusal r = refused_image(k, bad);
    CHECK(r.en == "image '" + id + "' (display): the image data is damaged");

    Bytes cut = thumb;  // a truncated JPEG (libjpeg's "premature end" warning) is refused too
    cut.resize(cut.size() * 2 / 3);
    const std::string short_thumb = k.make_pack(8, "short.pack");
    set_media(short_thumb, id, "jpeg", 640, 480, display, 160, 120, cut);
    k.sign(short_thumb, 8);
    CHECK(refused_image(k, short_thumb).en ==
          "image '" + id + "' (thumb): the image data is damaged");
}

TEST_CASE("a PNG whose compressed body is damaged is refused by name, even under a matching CRC",
          "[import][images]") {
    // With the chunk's CRC recomputed over the damage, only zlib's own checks (a bad code, or the
    // Adler-32 at the stream's end) can see it; stb_image decoded such a PNG into wrong pixels.
    for (const bool matching_crc : {false, true}) {
        INFO("matching CRC: " << matching_crc);
        KioskBench k;
        const std::string id = media_ids(k.make_pack(1)).front();
        Bytes display = png(300, 200);
        damage_png_idat(display);
        if (matching_crc) fix_crc(display, png_chunk(display, "IDAT"));
        const std::string pack = k.make_pack(6);
        set_media(pack, id, "png", 300, 200, display, 60, 40, png(60, 40));
        k.sign(pack, 6);
        CHECK(refused_image(k, pack).en ==
              "image '" + id + "' (display): the image data is damaged");
    }
}

TEST_CASE("a PNG with a damaged text chunk is refused, and the same chunk intact passes",
          "[import][images]") {
    KioskBench k;
    const std::string id = media_ids(k.make_pack(1)).front();
    Bytes intact = png(60, 40), damaged = png(60, 40);
    add_text_chunk(intact, true);
    add_text_chunk(damaged, false);

    const std::string good = k.make_pack(6, "good.pack");
    set_media(good, id, "png", 300, 200, png(300, 200), 60, 40, intact);
    k.sign(good, 6);
    const ImportResult ok = k.import(good);
    INFO("refusal: " << ok.refusal.en);
    CHECK(ok.ok);

    const std::string bad = k.make_pack(7, "bad.pack");
    set_media(bad, id, "png", 300, 200, png(300, 200), 60, 40, damaged);
    k.sign(bad, 7);
    CHECK(refused_image(k, bad).en == "image '" + id + "' (thumb): the image data is damaged");
}

TEST_CASE("defects in several images are all listed, in table order, every time",
          "[import][images]") {
    KioskBench k;
    const std::vector<std::string> ids = media_ids(k.make_pack(1));
    REQUIRE(ids.size() >= 4);
    Bytes damaged = jpeg(640, 480);
    damage_jpeg_scan(damaged);
    const std::string pack = k.make_pack(6);
    // Written in reverse table order, so the listing order is not the order of the damage.
    set_media(pack, ids[3], "jpeg", 640, 480, damaged, 160, 120, jpeg(160, 120));
    set_media(pack, ids[2], "png", 300, 200, png(300, 200), 60, 40, jpeg(60, 40));
    set_media(pack, ids[0], "jpeg", 641, 480, jpeg(640, 480), 160, 120, damaged);
    k.sign(pack, 6);

    const std::string expected =
        "4 problems with images: image '" + ids[0] + "' (display): size differs from the table; " +
        "image '" + ids[0] + "' (thumb): size differs from the table; image '" + ids[2] +
        "' (thumb): not a png image; image '" + ids[3] + "' (display): the image data is damaged";
    for (int run = 0; run < 5; ++run) {
        const Refusal r = refused_image(k, pack);
        CHECK(r.en == expected);
        CHECK(r.zh.find("4 处图片问题") == 0);
    }
    // The same list from the validator itself (kiosk-pack sign runs it before signing).
    try {
        validate_pack_file(pack);
        FAIL("the pack was accepted");
    } catch (const RefusedError& e) {
        CHECK(e.refusal.en == expected);
    }
}

// --- images on record (checked_images.h) ---
namespace {

// The sample pack at `version` with its first media row's images replaced.
std::string pack_with_first_image(const KioskBench& k, int64_t version, const Bytes& display,
                                  const Bytes& thumb) {
    const std::string pack = k.make_pack(version, "v" + std::to_string(version) + ".pack");
    set_media(pack, media_ids(pack).front(), "jpeg", 640, 480, display, 160, 120, thumb);
    k.sign(pack, version);
    return pack;
}

ImportResult imported(const KioskBench& k, const std::string& pack) {
    const ImportResult r = k.import(pack);
    INFO("refusal: " << r.refusal.en);
    REQUIRE(r.ok);
    return r;
}

std::string checked_images_file(const KioskBench& k) {
    return k.data_dir + "/" + kCheckedImagesName;
}

}  // namespace

TEST_CASE("an update decodes only the images that changed, and says so", "[import][records]") {
    KioskBench k;
    const Bytes display = jpeg(640, 480), thumb = jpeg(160, 120);
    const ImportResult first = imported(k, pack_with_first_image(k, 5, display, thumb));
    const long long n = first.images;
    REQUIRE(n >= 4);
    CHECK(first.images_checked == n);  // nothing on record yet

    // The same pack again, one picture re-edited: only it is decoded.
    Bytes edited = photo_pixels(640, 480);
    edited[0] ^= 0x40;
    Bytes edited_jpeg;
    REQUIRE(stbi_write_jpg_to_func(append_bytes, &edited_jpeg, 640, 480, 3, edited.data(), 85));
    const ImportResult update = imported(k, pack_with_first_image(k, 6, edited_jpeg, thumb));
    CHECK(update.images == n);
    CHECK(update.images_checked == 1);
    CHECK(images_summary(update) == "checked 1 of " + std::to_string(n) + " pictures, " +
                                        std::to_string(n - 1) + " unchanged");
    CHECK(k.installed_hash() == k.hash_once_installed(k.stick_kiosk + "/v6.pack"));
}

TEST_CASE("a broken image under a checked image's id, format, size and length is refused",
          "[import][records]") {
    // Nothing about the row but its bytes' full digest can vouch for it: damage in the middle of
    // the scan keeps the id, format, size, length and the first and last kilobytes.
    KioskBench k;
    const Bytes display = jpeg(640, 480), thumb = jpeg(160, 120);
    imported(k, pack_with_first_image(k, 5, display, thumb));
    Bytes damaged = display;
    damage_jpeg_scan(damaged);
    REQUIRE(damaged.size() == display.size());
    const std::string bad = pack_with_first_image(k, 6, damaged, thumb);
    // The pack may also claim, anywhere it can, that the bytes are the checked ones.
    kiosk::test::exec_sql(
        bad, "INSERT INTO meta VALUES ('image_sha256', '" + std::string(64, 'a') + "')");
    k.sign(bad, 6);
    const std::string id = media_ids(bad).front();
    CHECK(refused_image(k, bad).en == "image '" + id + "' (display): the image data is damaged");
}

TEST_CASE("damaged, edited or missing records of checked images give the full check",
          "[import][records]") {
    KioskBench k;
    const Bytes display = jpeg(640, 480), thumb = jpeg(160, 120);
    const long long n = imported(k, pack_with_first_image(k, 5, display, thumb)).images;
    Bytes damaged = display;
    damage_jpeg_scan(damaged);
    const std::string bad_hex = to_hex(sha256(damaged.data(), damaged.size()));

    SECTION("a record added for a broken image, without its closing checksum") {
        std::string text;
        {
            const Bytes bytes = kiosk::test::read_bytes(checked_images_file(k));
            text.assign(bytes.begin(), bytes.end());
        }
        const size_t first_record = text.find('\n', text.find("\npack ") + 1) + 1;
        REQUIRE(first_record > 0);
        // The section says one record more; the line a tamperer would add.
        const size_t count_at = text.rfind(' ', first_record - 2) + 1;
        const long long count = std::stoll(text.substr(count_at, first_record - 1 - count_at));
        text.replace(count_at, first_record - 1 - count_at, std::to_string(count + 1));
        text.insert(text.find('\n', text.find("\npack ") + 1) + 1, bad_hex + " jpeg 640 480\n");
        kiosk::test::write_bytes(checked_images_file(k), Bytes(text.begin(), text.end()));
        const std::string bad = pack_with_first_image(k, 6, damaged, thumb);
        const std::string id = media_ids(bad).front();
        CHECK(refused_image(k, bad).en ==
              "image '" + id + "' (display): the image data is damaged");
    }
    SECTION("one byte of a record flipped") {
        Bytes bytes = kiosk::test::read_bytes(checked_images_file(k));
        bytes[bytes.size() / 2] ^= 0x01;
        kiosk::test::write_bytes(checked_images_file(k), bytes);
        const ImportResult r = imported(k, pack_with_first_image(k, 6, display, thumb));
        CHECK(r.images_checked == n);
        CHECK(images_summary(r).find("not used") != std::string::npos);
    }
    SECTION("cut short") {
        Bytes bytes = kiosk::test::read_bytes(checked_images_file(k));
        bytes.resize(bytes.size() - 10);
        kiosk::test::write_bytes(checked_images_file(k), bytes);
        CHECK(imported(k, pack_with_first_image(k, 6, display, thumb)).images_checked == n);
    }
    SECTION("missing") {
        std::filesystem::remove(checked_images_file(k));
        CHECK(imported(k, pack_with_first_image(k, 6, display, thumb)).images_checked == n);
    }
}

TEST_CASE("after a rollback only the installed packs' images count as checked",
          "[import][records]") {
    KioskBench k;
    const Bytes display = jpeg(640, 480), thumb = jpeg(160, 120);
    Bytes other_pixels = photo_pixels(640, 480);
    other_pixels[7] ^= 0x20;
    Bytes other;
    REQUIRE(stbi_write_jpg_to_func(append_bytes, &other, 640, 480, 3, other_pixels.data(), 85));
    imported(k, pack_with_first_image(k, 5, display, thumb));
    CHECK(imported(k, pack_with_first_image(k, 6, other, thumb)).images_checked == 1);
    DurableSteps steps;
    rollback_pack(k.data_dir, steps);
    REQUIRE(installed_status(k.data_dir).info.pack_version == 5);

    // Version 6's picture was dropped with it: it is decoded again; version 5's are not.
    const ImportResult again = imported(k, pack_with_first_image(k, 7, other, thumb));
    CHECK(again.images_checked == 1);
    CHECK(again.records_unusable.empty());
    // And back to version 5's picture: both installed packs are on record now.
    CHECK(imported(k, pack_with_first_image(k, 8, display, thumb)).images_checked == 0);
    CHECK(imported(k, pack_with_first_image(k, 9, other, thumb)).images_checked == 0);
}

TEST_CASE("a record vouches for its bytes only against the expectation they passed", "[records]") {
    const Bytes bytes = jpeg(64, 48);
    const ImageDigest digest = sha256(bytes.data(), bytes.size());
    const ImageExpectation want{"jpeg", 64, 48, 4096};
    CheckedImages images;
    CHECK_FALSE(images.passed(digest, want));
    images.record(digest, want);
    CHECK(images.passed(digest, want));
    CHECK(images.passed(digest, {"jpeg", 64, 48, 64}));  // a smaller cap it is still within
    CHECK_FALSE(images.passed(digest, {"jpeg", 64, 48, 63}));
    CHECK_FALSE(images.passed(digest, {"png", 64, 48, 4096}));
    CHECK_FALSE(images.passed(digest, {"jpeg", 65, 48, 4096}));
    CHECK_FALSE(images.passed(digest, {"jpeg", 64, 47, 4096}));
    Bytes other = bytes;
    other[other.size() / 2] ^= 0x01;
    CHECK_FALSE(images.passed(sha256(other.data(), other.size()), want));
    // Nothing passes against an expectation beyond the cap: there is nothing to record.
    CheckedImages beyond;
    beyond.record(digest, {"jpeg", 5000, 48, 4096});
    CHECK(beyond.empty());
}

TEST_CASE("records that cannot be written cost only the shortcut, and the summary says why",
          "[import][records]") {
    KioskBench k;
    const Bytes display = jpeg(640, 480), thumb = jpeg(160, 120);
    const long long n = imported(k, pack_with_first_image(k, 5, display, thumb)).images;
    ImportOptions o = k.options();
    const std::string records_tmp = checked_images_file(k) + ".tmp";
    o.step_hook = [&](int, StepKind kind, const std::string& what) {
        return kind == StepKind::Write && what == records_tmp ? ENOSPC : 0;
    };
    const ImportResult r = import_pack(pack_with_first_image(k, 6, display, thumb), o);
    INFO("refusal: " << r.refusal.en);
    REQUIRE(r.ok);
    CHECK(installed_status(k.data_dir).info.pack_version == 6);
    CHECK(r.records_unwritten == std::strerror(ENOSPC));
    CHECK(images_summary(r) == "checked 0 of " + std::to_string(n) + " pictures, " +
                                   std::to_string(n) +
                                   " unchanged (the records of this pack's images could not be "
                                   "written: " +
                                   std::strerror(ENOSPC) + ")");
    CHECK(images_summary_zh(r).find("检查记录未能写入") != std::string::npos);
    // The records written before are untouched and still name version 5's pack, now previous.db.
    CHECK(imported(k, pack_with_first_image(k, 7, display, thumb)).images_checked == 0);
}

TEST_CASE("a pack the kiosk built goes on record like an imported one", "[import][records]") {
    KioskBench k;
    const Bytes display = jpeg(640, 480), thumb = jpeg(160, 120);
    const std::string built = k.data_dir + "/built.db";
    std::filesystem::create_directories(k.data_dir);
    std::filesystem::copy_file(pack_with_first_image(k, 5, display, thumb), built);
    const ImportResult r = install_built_pack(built, k.options());
    INFO("refusal: " << r.refusal.en);
    REQUIRE(r.ok);
    CHECK(r.images_checked == r.images);
    CHECK(r.records_unwritten.empty());
    CHECK(r.sha256 == k.installed_hash());
    CHECK(imported(k, pack_with_first_image(k, 6, display, thumb)).images_checked == 0);
}

TEST_CASE("the stick's report gives the picture counts grouped, in both languages", "[records]") {
    StickImportStatus s;
    s.stage = StickStage::Done;
    s.result.ok = true;
    s.result.images = 12000;
    s.result.images_checked = 1234;
    const std::string report = format_import_report(s, "2025-01-01 10:00");
    INFO(report);
    CHECK(report.find("\n图片 / Pictures: 检查 1,234 / 12,000 张图片，10,766 张未变; checked 1,234 "
                      "of 12,000 pictures, 10,766 unchanged\n") != std::string::npos);
}
