// Validates an untrusted content database (a pack) before it may be installed: SQLite opened
// read-only with its defences for hostile files, quick_check, exact schema, every row, every image.
#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "kiosk/core/content_model.h"
#include "kiosk/update/checked_images.h"

namespace kiosk::update {

struct ValidationLimits {
    int max_image_side = 4096;            // px, either side, display and thumb
    long long max_blob_bytes = 32 << 20;  // one image's encoded bytes
    long long max_rows_per_table = 200000;
};

// Called with 0..1 while rows and images are checked.
using CheckProgress = std::function<void(double fraction)>;

// The image shortcut of an import (checked_images.h). Every image is hashed in full; one whose
// digest `known` lists as passed with the row's format and size is not decoded again. The row's
// own checks (types, ranges, blob length) run for every row either way.
struct ImageRecords {
    const CheckedImages* known = nullptr;  // in: images of the installed packs on record
    CheckedImages passed;                  // out: every image of this pack (valid once it passed)
    long long rows = 0;                    // out: media rows
    long long rows_decoded = 0;            // out: rows with an image decoded (new or changed)
};

// Full validation of the file at `path` (the private staging copy). Returns the pack's facts.
// Throws RefusedError (NotSqlite, Corrupt, WrongSchema, BadContent, BadImage, Cancelled).
PackInfo validate_pack_file(const std::string& path, const ValidationLimits& limits = {},
                            const CheckProgress& progress = {},
                            const std::atomic<bool>* cancel = nullptr,
                            ImageRecords* records = nullptr);

// The same validation over bytes in memory (the fuzzer's entry point).
PackInfo validate_pack_bytes(const unsigned char* data, size_t size,
                             const ValidationLimits& limits = {});

// Opens with the same defences and reads version and counts only (inspect, status).
// Throws RefusedError (NotSqlite, Corrupt, WrongSchema).
PackInfo read_pack_info(const std::string& path);

}  // namespace kiosk::update
