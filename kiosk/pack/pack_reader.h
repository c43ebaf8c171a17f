// Reads an installed pack (content schema 1 or 2) back into the PackContent the pack writer
// wrote, driven by the content description: for exporting what the kiosk shows as a workbook.
// A pack is hostile until checked: it is opened read-only and defended (pack_connection.h).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "kiosk/pack/pack_content.h"
#include "kiosk/pack/pinyin.h"

namespace kiosk::pack {

// Every table the description gives rows for (not meta or media), every media row with both
// stored variants, and the staff pinyin overrides. Rows come in display order (by their Sort
// column, gallery rows per owner); Sort values are left NULL, as the content loader leaves them.
// Link tables come back as rows, ordered by owner, then by the target's display order (as the
// kiosk lists them); linked_ids() turns them into a Links cell's list.
// A format-1 pack has no batch table: its projects' batch numbers come back as batch rows named
// like the kiosk names them ("第1批" / "Batch 1").
// Pinyin overrides are found by comparing the search index with dict's reading of each name;
// with no dict, none come back.
// Throws std::runtime_error (zh, then en, and what to do) when the file is not a readable pack.
PackContent read_pack(const std::string& path, const PinyinDict* dict);

// owner key → target keys of a Links field (only the rows of its role, when it has one), in row
// order: the id list a content file's cell holds ("a;b").
std::map<std::string, std::vector<std::string>> linked_ids(const PackContent& content,
                                                           const content::Field& links);

// The file name a media row has in images/: "<id>.jpg" or "<id>.png" by its stored format.
std::string media_file_name(const MediaRow& media);

}  // namespace kiosk::pack
