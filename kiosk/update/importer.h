// Imports a signed pack into the data dir: the signature file first (trusted key, signed comment,
// version newer unless forced; no pack byte is read before) → private staging copy (hashing, size
// cap, free-space check) → signature over the local copy → validation (images on record as
// checked are hashed, not decoded) → search index rebuilt locally → atomic switch (fsync, rename,
// fsync dir), keeping the previous pack for rollback → the installed images' records.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "kiosk/core/content_model.h"
#include "kiosk/update/durable.h"
#include "kiosk/update/refusal.h"

namespace kiosk::update {

enum class ImportPhase { Copying, Verifying, Checking, Installing, Done };
const char* phase_name(ImportPhase phase);

// done/total: bytes while Copying, thousandths while Checking, 0/1 → 1/1 otherwise.
using ImportProgress = std::function<void(ImportPhase phase, uint64_t done, uint64_t total)>;

struct ImportOptions {
    std::string data_dir;
    std::string keys_dir;
    long long max_pack_bytes = 4ll << 30;
    bool force = false;  // accept a version not newer than the installed one
    ImportProgress progress;
    const std::atomic<bool>* cancel = nullptr;

    // --- seams for tests (defaults are the real system) ---
    StepHook step_hook;                                               // each durable step
    std::function<uint64_t(const std::string& dir)> free_bytes;       // default: statvfs
    std::function<long(int fd, void* buf, size_t size)> read_source;  // default: ::read
};

struct ImportResult {
    bool ok = false;
    Refusal refusal;               // when !ok
    PackInfo info;                 // the new pack when ok
    int64_t previous_version = 0;  // what was installed before (0 = none)
    std::string sha256;            // hex of the pack file as signed (before the local index)
    std::string key_id;            // signer
    // Pictures: media rows, each with two images (display and thumb). `images` counts the new
    // pack's pictures, `images_checked` those with an image decoded; the others' images are on
    // record as checked in an installed pack (checked_images.h) and were only hashed.
    long long images = 0;
    long long images_checked = 0;
    std::string records_unusable;   // why the records were not used ("" when used or absent)
    std::string records_unwritten;  // why this pack's were not written ("" when they were)
};

// "checked 12 of 1,200 pictures, 1,188 unchanged", and why the records were not used or not
// written when so: for the staff log, the CLI and the stick's report.
std::string images_summary(const ImportResult& result);
// The same in Chinese: "检查 12 / 1,200 张图片，1,188 张未变".
std::string images_summary_zh(const ImportResult& result);

// The signature is read from `pack_path + ".minisig"`. Never throws for bad input.
ImportResult import_pack(const std::string& pack_path, const ImportOptions& options);

// Installs a pack the kiosk built itself from a staff workbook (no signature: staff accepted it
// with the PIN): the same validation, version floor, durable switch, kept previous pack and
// trial as import_pack. `pack_path` must be in data_dir (it is linked, not copied) and stays.
ImportResult install_built_pack(const std::string& pack_path, const ImportOptions& options);

// File names inside the data dir.
inline constexpr const char* kCurrentPackName = "current.db";
inline constexpr const char* kPreviousPackName = "previous.db";
inline constexpr const char* kStagingName = "incoming.pack.tmp";
inline constexpr const char* kStateName = "pack-state";

}  // namespace kiosk::update
