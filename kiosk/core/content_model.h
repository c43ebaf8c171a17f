// Content model: plain structs the UI draws. No ImGui, no GL, no SQLite here.
// Sections: language and bilingual text · reference entities · members · people · highlights ·
// projects · alliance
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/content_tables.h"

namespace kiosk {

enum class Lang { Zh, En };

// A text in both languages; pick() chooses the visitor's language, falling back to the other
// when one side is empty so nothing renders blank.
struct Bilingual {
    std::string zh;
    std::string en;
    const std::string& pick(Lang lang) const {
        const std::string& want = lang == Lang::Zh ? zh : en;
        return want.empty() ? (lang == Lang::Zh ? en : zh) : want;
    }
};

struct FocusArea {
    std::string id;  // energy | optical | optoelectronic | bio | nano
    Bilingual name;
    Bilingual summary;
    uint32_t color_rgb = 0;  // 0xRRGGBB
    std::string icon;        // Material Icons ligature name
};

// Just enough of a member to draw a card or a party chip.
struct MemberCard {
    std::string id;
    std::string kind;  // an id of the member kinds (content::enum_values("member", "kind"))
    Bilingual name;
    Bilingual short_text;
    std::string logo;  // media id; empty: draw a monogram
    std::vector<std::string> focus_ids;
    bool is_sample = false;
};

struct Person {
    std::string id;
    Bilingual name;
    Bilingual role;
    Bilingual affiliation;
    std::string member_id;  // empty when the affiliation is not a member
    bool is_academician = false;
    bool is_speaker = false;
    Bilingual bio;
    std::string photo;  // media id or empty
    bool is_sample = false;
};

struct HighlightCard {
    std::string id;
    std::string focus_id;
    Bilingual title;
    Bilingual summary;
    std::string cover;  // first gallery image, or empty
    bool is_sample = false;
};

struct GalleryImage {
    std::string media_id;
    Bilingual caption;
};

struct Highlight {
    HighlightCard card;
    Bilingual body;
    std::vector<GalleryImage> gallery;
    std::vector<MemberCard> members;
};

struct ProjectParty {
    MemberCard member;
    bool is_enterprise = false;  // enterprise side, else the university / institute side
};

// A signing batch of projects (batches are content: any number of them).
struct Batch {
    int number = 0;
    std::string date;  // YYYY-MM-DD, or empty when unknown
    Bilingual name;
    Bilingual place;  // may be empty
    bool is_sample = false;
};

struct Project {
    std::string id;
    int batch = 1;  // a Batch number
    std::string focus_id;
    Bilingual title;
    Bilingual summary;
    std::vector<ProjectParty> parties;
    bool is_sample = false;
};

struct MemberDetail {
    MemberCard card;
    Bilingual long_text;
    std::vector<Project> projects;
    std::vector<HighlightCard> highlights;
    std::vector<Person> people;
};

struct TransformationBase {
    std::string id;
    Bilingual name;
    Bilingual summary;
    bool is_sample = false;
};

struct KeyNumber {
    std::string value;  // shown as is
    Bilingual label;
};

struct VisionKeyword {
    Bilingual keyword;
    Bilingual text;
};

struct AllianceInfo {
    Bilingual name;
    Bilingual intro;
    Bilingual founded;    // founding date as shown
    Bilingual theme;      // conference theme
    Bilingual model;      // 产+学+研+金+介+用
    Bilingual initiator;  // initiating park
    std::vector<KeyNumber> numbers;
    std::vector<VisionKeyword> vision;
    std::vector<TransformationBase> bases;
};

// Pack facts shown on the staff panel and in `kiosk-pack status`.
struct PackInfo {
    int schema_version = 0;
    int64_t pack_version = 0;
    std::string built_at;
    std::vector<content::TableCount> counts;  // rows of each counted table
    long long count(const std::string& table) const {
        for (const auto& c : counts)
            if (table == c.table->name) return c.rows;
        return 0;
    }
};

}  // namespace kiosk
