// The checked-images file. Sections: shapes · the set · pack file ids · text format · reading and
// writing in the data dir
//
// The text, one record a line (a 2.7 GB pack of 20,000 images gives ~3.4 MB per pack):
//   jbnm-kiosk checked-images 1
//   checker rules-1/libjpeg-turbo-2001005/libpng-1.6.39
//   pack <inode> <size> <mtime ns> <records>
//   <sha256 hex> <format> <width> <height>
//   ...
//   end <sha256 hex of every byte before this line>
// The closing digest catches a torn or damaged file, which then counts as no file at all.
#include "kiosk/update/checked_images.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

#include "kiosk/update/digests.h"
#include "kiosk/update/image_check.h"
#include "kiosk/update/importer.h"

namespace kiosk::update {
namespace {

constexpr const char* kMagic = "jbnm-kiosk checked-images 1";
constexpr size_t kMaxFileBytes = 64u << 20;  // two packs of 200,000 rows with two images each

bool parse_hex(std::string_view text, unsigned char* out, size_t n) {
    if (text.size() != n * 2) return false;
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    for (size_t i = 0; i < n; ++i) {
        const int hi = nibble(text[2 * i]), lo = nibble(text[2 * i + 1]);
        if (hi < 0 || lo < 0) return false;
        out[i] = static_cast<unsigned char>(hi << 4 | lo);
    }
    return true;
}

template <typename T>
bool parse_number(std::string_view text, T& out) {
    if (text.empty()) return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

std::vector<std::string_view> words(std::string_view line) {
    std::vector<std::string_view> out;
    size_t at = 0;
    while (at <= line.size()) {
        const size_t space = line.find(' ', at);
        const size_t end = space == std::string_view::npos ? line.size() : space;
        out.push_back(line.substr(at, end - at));
        at = end + 1;
    }
    return out;
}

std::string sha256_hex(std::string_view text) {
    return to_hex(sha256(text.data(), text.size()));
}

}  // namespace

// --- shapes ---
std::optional<ImageShape> shape_of(const ImageExpectation& want) {
    const auto& [format, width, height, max_side] = want;  // every field: see the header
    if (width < 1 || height < 1 || width > max_side || height > max_side) return std::nullopt;
    return ImageShape{format, static_cast<int>(width), static_cast<int>(height)};
}

// --- the set ---
size_t CheckedImages::DigestHash::operator()(const ImageDigest& d) const {
    size_t h = 0;
    std::memcpy(&h, d.data(), sizeof h);  // already uniformly spread
    return h;
}

void CheckedImages::record(const ImageDigest& digest, const ImageExpectation& want) {
    if (const auto shape = shape_of(want)) add(digest, *shape);
}

void CheckedImages::add(const ImageDigest& digest, const ImageShape& shape) {
    images_.insert_or_assign(digest, shape);
}

void CheckedImages::add_all(const CheckedImages& other) {
    for (const auto& [digest, shape] : other.images_) images_.insert_or_assign(digest, shape);
}

bool CheckedImages::passed(const ImageDigest& digest, const ImageExpectation& want) const {
    const auto it = images_.find(digest);
    return it != images_.end() && shape_of(want) == it->second;
}

// --- pack file ids ---
namespace {
PackFileId id_of(const struct stat& st) {
    return {static_cast<uint64_t>(st.st_ino), static_cast<uint64_t>(st.st_size),
            static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}
}  // namespace

std::optional<PackFileId> pack_file_id(const std::string& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    return id_of(st);
}

std::optional<PackFileId> pack_file_id(int fd) {
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    return id_of(st);
}

// --- text format ---
std::string format_checked_images(const CheckedImagesFile& file) {
    std::string out = std::string(kMagic) + "\nchecker " + image_checker_id() + "\n";
    for (const auto& [id, images] : file.packs) {
        out += "pack " + std::to_string(id.inode) + " " + std::to_string(id.size) + " " +
               std::to_string(id.mtime_ns) + " " + std::to_string(images.size()) + "\n";
        for (const auto& [digest, shape] : images.all())
            out += to_hex(digest) + " " + shape.format + " " + std::to_string(shape.width) + " " +
                   std::to_string(shape.height) + "\n";
    }
    out += "end " + sha256_hex(out) + "\n";
    return out;
}

std::optional<CheckedImagesFile> parse_checked_images(const std::string& text, std::string* why) {
    auto fail = [&](const std::string& reason) -> std::optional<CheckedImagesFile> {
        if (why) *why = reason;
        return std::nullopt;
    };
    // The closing line first: nothing above it is believed unless its digest matches.
    if (text.empty() || text.back() != '\n') return fail("it is cut short");
    const size_t last = text.rfind('\n', text.size() - 2);
    const size_t end_at = last == std::string::npos ? 0 : last + 1;
    const std::string_view end_line(text.data() + end_at, text.size() - 1 - end_at);
    if (end_line.substr(0, 4) != "end " ||
        end_line.substr(4) != sha256_hex(std::string_view(text.data(), end_at)))
        return fail("its closing checksum does not match");

    std::istringstream in(text.substr(0, end_at));
    std::string line;
    if (!std::getline(in, line) || line != kMagic) return fail("it is not a checked-images file");
    if (!std::getline(in, line) || line != "checker " + image_checker_id())
        return fail("it was written by another image checker");
    CheckedImagesFile file;
    long long left = 0;  // records still due in the current section
    while (std::getline(in, line)) {
        const auto w = words(line);
        if (left == 0) {
            PackFileId id;
            if (w.size() != 5 || w[0] != "pack" || !parse_number(w[1], id.inode) ||
                !parse_number(w[2], id.size) || !parse_number(w[3], id.mtime_ns) ||
                !parse_number(w[4], left) || left < 0)
                return fail("a section header is malformed");
            file.packs.emplace_back(id, CheckedImages{});
            continue;
        }
        ImageDigest digest{};
        ImageShape shape;
        if (w.size() != 4 || !parse_hex(w[0], digest.data(), digest.size()) ||
            (w[1] != "jpeg" && w[1] != "png") || !parse_number(w[2], shape.width) ||
            !parse_number(w[3], shape.height) || shape.width < 1 || shape.height < 1)
            return fail("a record is malformed");
        shape.format = std::string(w[1]);
        file.packs.back().second.add(digest, shape);
        --left;
    }
    if (left != 0) return fail("a section is short of records");
    return file;
}

// --- reading and writing in the data dir ---
InstalledRecords read_installed_records(const std::string& data_dir) {
    InstalledRecords out;
    const std::string path = data_dir + "/" + kCheckedImagesName;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        if (errno != ENOENT) out.unusable = std::string("cannot be read: ") + std::strerror(errno);
        return out;
    }
    struct stat st {};
    std::string text;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
        static_cast<uint64_t>(st.st_size) <= kMaxFileBytes) {
        text.resize(static_cast<size_t>(st.st_size));
        size_t got = 0;
        while (got < text.size()) {
            const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            got += static_cast<size_t>(n);
        }
        text.resize(got);
    } else {
        out.unusable = "it is not a small regular file";
    }
    ::close(fd);
    if (!out.unusable.empty()) return out;
    std::string why;
    const auto file = parse_checked_images(text, &why);
    if (!file) {
        out.unusable = why;
        return out;
    }
    // Only the sections of pack files installed now: a section of a pack rolled back from, or
    // of a staging file a power cut left behind, names nothing here.
    const auto current = pack_file_id(data_dir + "/" + kCurrentPackName);
    const auto previous = pack_file_id(data_dir + "/" + kPreviousPackName);
    for (const auto& [id, images] : file->packs) {
        if (current && id == *current) {
            out.current_id = id;
            out.current = images;
            out.known.add_all(images);
        } else if (previous && id == *previous) {
            out.known.add_all(images);
        }
    }
    return out;
}

int write_checked_images(const std::string& data_dir, const CheckedImagesFile& file,
                         DurableSteps& steps) {
    return steps.replace_file(data_dir + "/" + kCheckedImagesName, format_checked_images(file));
}

}  // namespace kiosk::update
