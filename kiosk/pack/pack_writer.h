// Writes a PackContent as one content database file (schema content::schema_sql()), including the
// search index with pinyin. Writes to a temporary file beside `out_path` and renames it, so a
// failed build never leaves a half-written pack under the final name.
#pragma once

#include <cstdint>
#include <string>

#include "kiosk/pack/pack_content.h"
#include "kiosk/pack/pinyin.h"

namespace kiosk::pack {

struct WriteStats {
    int64_t pack_version = 0;
    int64_t file_bytes = 0;
};

// Throws std::runtime_error (or SQLite::Exception) on failure; the temporary file is removed.
WriteStats write_pack(const PackContent& content, const PackMeta& meta, const PinyinDict& dict,
                      const std::string& out_path);

}  // namespace kiosk::pack
