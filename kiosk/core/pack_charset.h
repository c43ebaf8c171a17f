// The pack's character set: every distinct character of every text, which the kiosk needs to
// build its font atlas. Scanning every text takes ~0.4 s at start on a 5,000-member pack, so the
// pack builder stores the result in `meta` and the kiosk reads it back; packs built before that
// (or with a damaged set) are scanned as before, so no schema version change is needed.
//
// meta rows: "charset_parts" = N (decimal), "charset.1" … "charset.N" = UTF-8 texts whose
// concatenation is the sorted codepoints. The set is split because the importer's validator
// (kiosk/update/pack_validator.cpp) allows at most 8 KiB per meta value; a built-in pack holds
// ~2,000 CJK characters of 3 bytes each.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

namespace kiosk {

inline constexpr const char* kCharsetPartsKey = "charset_parts";
inline constexpr const char* kCharsetPartKeyPrefix = "charset.";
// Below the validator's 8,192-byte limit for any meta value, with room for a 4-byte character.
inline constexpr size_t kCharsetPartMaxBytes = 8000;

// Reads every text of the content tables and meta values: the sorted, unique codepoints from
// U+0020 up, without C0/C1 controls; an invalid UTF-8 byte counts as U+FFFD.
std::u32string scan_text_codepoints(SQLite::Database& db);

// The (key, value) meta rows that store `codepoints` (sorted, unique, as scan_text_codepoints
// returns them). Storing them adds no character the scan would not already find, so a later scan
// of the pack gives the same set.
std::vector<std::pair<std::string, std::string>> charset_meta_rows(
    const std::u32string& codepoints);

// The set stored by charset_meta_rows; nullopt when the pack has none or it is incomplete or not
// a sorted set of printable characters (the caller scans instead).
std::optional<std::u32string> read_stored_charset(SQLite::Database& db);

}  // namespace kiosk
