// Everything one pack holds, as plain rows in display order: what the content-folder loader and
// the synthetic generator produce and what the pack writer stores.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/pack/image_prep.h"

namespace kiosk::pack {

struct MediaRow {
    std::string id;
    std::shared_ptr<const PreparedImage> image;  // shared: synthetic packs reuse encoded images
};
struct AllianceRow {
    std::string key, zh, en;
};
struct KeyNumberRow {
    std::string id, value, label_zh, label_en;
};
struct VisionRow {
    std::string id, keyword_zh, keyword_en, text_zh, text_en;
};
struct FocusRow {
    std::string id, name_zh, name_en, summary_zh, summary_en, color, icon;
};
struct MemberRow {
    std::string id, kind, name_zh, name_en, short_zh, short_en, long_zh, long_en;
    std::string logo;  // media id or empty
    std::vector<std::string> focus_ids;
    bool is_sample = false;
    std::string pinyin;  // staff override for polyphonic names, "du you wei"; empty = computed
};
struct PersonRow {
    std::string id, name_zh, name_en, role_zh, role_en, affiliation_zh, affiliation_en;
    std::string member_id;  // or empty
    bool is_academician = false, is_speaker = false;
    std::string bio_zh, bio_en;
    std::string photo;  // media id or empty
    bool is_sample = false;
    std::string pinyin;  // staff override for polyphonic names, "du you wei"; empty = computed
};
struct GalleryRow {
    std::string media_id, caption_zh, caption_en;
};
struct HighlightRow {
    std::string id, focus_id, title_zh, title_en, summary_zh, summary_en, body_zh, body_en;
    std::vector<GalleryRow> gallery;
    std::vector<std::string> member_ids;
    bool is_sample = false;
};
struct BaseRow {
    std::string id, name_zh, name_en, summary_zh, summary_en;
    bool is_sample = false;
};
struct ProjectRow {
    std::string id;
    int batch = 1;
    std::string focus_id, title_zh, title_en, summary_zh, summary_en;
    std::vector<std::string> enterprise_ids, academic_ids;
    bool is_sample = false;
};

struct PackContent {
    std::vector<MediaRow> media;
    std::vector<AllianceRow> alliance;
    std::vector<KeyNumberRow> key_numbers;
    std::vector<VisionRow> vision;
    std::vector<FocusRow> focus_areas;
    std::vector<MemberRow> members;
    std::vector<PersonRow> people;
    std::vector<HighlightRow> highlights;
    std::vector<BaseRow> bases;
    std::vector<ProjectRow> projects;
};

struct PackMeta {
    int64_t pack_version = 0;  // 0: seconds since the epoch at build time
    std::string title;
    bool vacuum = true;  // a freshly written file has no free pages; huge synthetic packs skip it
};

}  // namespace kiosk::pack
