// Images addressed by their content (issue 18): the SHA-256 of every image of the installed packs
// that passed the image check, with the format and size it passed as. An import hashes each image
// of the new pack in full and decodes only those whose digest is not listed here as the same
// format and size: the same bytes checked against the same expectation give the same verdict.
// The list lives in data_dir/checked-images, one section per installed pack file (current.db,
// previous.db), and is written after the switch; a missing, damaged or foreign list, or a section
// whose pack file is no longer installed, is simply not used, so every image is checked again.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "kiosk/update/digests.h"
#include "kiosk/update/durable.h"
#include "kiosk/update/image_check.h"

namespace kiosk::update {

// SHA-256 of a whole image blob (sha256() in digests.h), always of the bytes just read.
using ImageDigest = Digest256;

// What an image passed the check as: the media row's format and size (the header's, which the
// check found equal).
struct ImageShape {
    std::string format;  // "jpeg" or "png"
    int width = 0;
    int height = 0;
    bool operator==(const ImageShape&) const = default;
};

// The one place an ImageExpectation becomes what is recorded and compared: the shape an image
// checked against `want` passed as. nullopt when nothing can pass against `want` (a side outside
// 1..max_side). The size cap is not recorded: the check applies it to the header's size only, so
// the same shape within today's cap gets the same verdict. Every field of ImageExpectation is
// named in shape_of, so a field added there stops the build until it is handled here.
std::optional<ImageShape> shape_of(const ImageExpectation& want);

// A set of images known to have passed ImageChecker (image_check.h).
class CheckedImages {
  public:
    // Bytes with this digest passed ImageChecker::check against `want`.
    void record(const ImageDigest& digest, const ImageExpectation& want);
    void add(const ImageDigest& digest, const ImageShape& shape);  // as read back from the file
    void add_all(const CheckedImages& other);
    // True when bytes with this digest passed the check as shape_of(want): then checking them
    // against `want` again would pass too.
    bool passed(const ImageDigest& digest, const ImageExpectation& want) const;
    size_t size() const { return images_.size(); }
    bool empty() const { return images_.empty(); }

    struct DigestHash {
        size_t operator()(const ImageDigest& d) const;
    };
    const std::unordered_map<ImageDigest, ImageShape, DigestHash>& all() const { return images_; }

  private:
    std::unordered_map<ImageDigest, ImageShape, DigestHash> images_;
};

// An installed pack file, as its records name it. rename() and link() keep all three, so
// current.db's records still name it once it is previous.db (and again after a rollback).
struct PackFileId {
    uint64_t inode = 0;
    uint64_t size = 0;
    int64_t mtime_ns = 0;
    bool operator==(const PackFileId&) const = default;
};
std::optional<PackFileId> pack_file_id(const std::string& path);
std::optional<PackFileId> pack_file_id(int fd);

inline constexpr const char* kCheckedImagesName = "checked-images";

// The whole file: one section per pack file.
struct CheckedImagesFile {
    std::vector<std::pair<PackFileId, CheckedImages>> packs;
};

// The records of the packs installed now, as an import uses them.
struct InstalledRecords {
    CheckedImages known;                   // every image of current.db and previous.db on record
    std::optional<PackFileId> current_id;  // current.db, when it has a section
    CheckedImages current;                 // its section (kept as previous.db's after the switch)
    std::string unusable;                  // why the file was not used ("" when it was, or absent)
};
InstalledRecords read_installed_records(const std::string& data_dir);

// The text written to data_dir/checked-images, ending in the SHA-256 of all lines before it.
std::string format_checked_images(const CheckedImagesFile& file);
// Parses that text; nullopt (and why) when anything is off, including another checker's records.
std::optional<CheckedImagesFile> parse_checked_images(const std::string& text, std::string* why);

// Durably replaces data_dir/checked-images (temp, fsync, rename, fsync dir). Returns 0 or errno.
int write_checked_images(const std::string& data_dir, const CheckedImagesFile& file,
                         DurableSteps& steps);

}  // namespace kiosk::update
