// Material Icons the screens may draw, as UTF-8 strings for ImGui text (font: fonts.body, h1, h2 or
// icons — the glyphs are merged there). Only the codepoints listed in kAllIcons are in the atlas:
// add new icons here (name from
// /usr/share/fonts-material-design-icons-iconfont/scss/_variables.scss).
#pragma once

#include <string_view>

namespace kiosk::icons {

// "\uXXXX" in a narrow literal is UTF-8 with GCC and Clang (the execution charset we build with).
inline constexpr const char* kHome = "\uE88A";
inline constexpr const char* kBack = "\uE5C4";  // arrow_back
inline constexpr const char* kSearch = "\uE8B6";
inline constexpr const char* kLanguage = "\uE894";  // globe
inline constexpr const char* kTranslate = "\uE8E2";
inline constexpr const char* kClose = "\uE5CD";
inline constexpr const char* kBackspace = "\uE14A";
inline constexpr const char* kCheck = "\uE5CA";
inline constexpr const char* kChevronLeft = "\uE5CB";
inline constexpr const char* kChevronRight = "\uE5CC";
inline constexpr const char* kTouchApp = "\uE913";
inline constexpr const char* kInfo = "\uE88E";
inline constexpr const char* kFilter = "\uE152";        // filter_list
inline constexpr const char* kImage = "\uE3F4";         // loading placeholder
inline constexpr const char* kBrokenImage = "\uE3AD";   // undecodable image placeholder
inline constexpr const char* kPhotoLibrary = "\uE413";  // gallery
inline constexpr const char* kStar = "\uE838";
inline constexpr const char* kEvent = "\uE878";  // founding date
inline constexpr const char* kPlace = "\uE55F";
inline constexpr const char* kLink = "\uE157";
inline constexpr const char* kBarChart = "\uE26B";  // bar_chart: visitor statistics
inline constexpr const char* kPublish = "\uE255";   // publish: to the other kiosks
// Navigation entries
inline constexpr const char* kMembers = "\uF233";     // groups
inline constexpr const char* kHighlights = "\uE0F0";  // lightbulb
inline constexpr const char* kProjects = "\uEBCB";    // handshake
inline constexpr const char* kExperts = "\uE80C";     // school
inline constexpr const char* kAbout = "\uE88E";       // info
inline constexpr const char* kPerson = "\uE7FD";
inline constexpr const char* kCompare = "\uE915";  // compare_arrows: enterprise ↔ academia
// Member kinds
inline constexpr const char* kUniversity = "\uE80C";    // school
inline constexpr const char* kInstitute = "\uEA4B";     // science
inline constexpr const char* kEnterprise = "\uEBBC";    // factory
inline constexpr const char* kAssociation = "\uE7EF";   // group
inline constexpr const char* kFinance = "\uE84F";       // account_balance
inline constexpr const char* kIntermediary = "\uF1D0";  // corporate_fare
// Focus areas (also reachable by their ligature name through icon_by_name)
inline constexpr const char* kEnergy = "\uEA0B";          // bolt
inline constexpr const char* kOptical = "\uE8F4";         // visibility
inline constexpr const char* kOptoelectronic = "\uE322";  // memory
inline constexpr const char* kBio = "\uEA3A";             // biotech
inline constexpr const char* kNano = "\uE3A5";            // blur_on

// Every codepoint above plus those of kNamed: what build_fonts merges into the atlas.
inline constexpr char32_t kAllIcons[] = {
    0xE88A, 0xE5C4, 0xE8B6, 0xE894, 0xE8E2, 0xE5CD, 0xE14A, 0xE5CA, 0xE5CB, 0xE5CC, 0xE913,
    0xE88E, 0xE152, 0xE3F4, 0xE3AD, 0xE413, 0xE838, 0xE878, 0xE55F, 0xE157, 0xF233, 0xE0F0,
    0xEBCB, 0xE80C, 0xE7FD, 0xE915, 0xEA4B, 0xEBBC, 0xE7EF, 0xE84F, 0xF1D0, 0xEA0B, 0xE8F4,
    0xE322, 0xEA3A, 0xE3A5, 0xE3E7, 0xE430, 0xEB4C, 0xEA35, 0xE3EA, 0xE80B, 0xE0AF, 0xE7EE,
    0xEA40, 0xE7FB, 0xE9F4, 0xE65F, 0xE85D, 0xE8F9, 0xE26B, 0xE255};

// Ligature names content may use (FocusArea::icon) and their codepoints.
struct NamedIcon {
    std::string_view name;
    const char* utf8;
};
inline constexpr NamedIcon kNamed[] = {
    {"bolt", "\uEA0B"},       {"flash_on", "\uE3E7"},     {"wb_sunny", "\uE430"},
    {"visibility", "\uE8F4"}, {"memory", "\uE322"},       {"biotech", "\uEA3A"},
    {"spa", "\uEB4C"},        {"eco", "\uEA35"},          {"grain", "\uE3EA"},
    {"blur_on", "\uE3A5"},    {"science", "\uEA4B"},      {"school", "\uE80C"},
    {"public", "\uE80B"},     {"business", "\uE0AF"},     {"domain", "\uE7EE"},
    {"apartment", "\uEA40"},  {"people", "\uE7FB"},       {"groups", "\uF233"},
    {"hub", "\uE9F4"},        {"auto_awesome", "\uE65F"}, {"assignment", "\uE85D"},
    {"work", "\uE8F9"},       {"factory", "\uEBBC"},      {"handshake", "\uEBCB"},
    {"lightbulb", "\uE0F0"},  {"star", "\uE838"},         {"info", "\uE88E"},
};

// The icon for a ligature name; unknown or empty names get a neutral star so nothing is blank.
inline const char* icon_by_name(std::string_view name) {
    for (const NamedIcon& icon : kNamed)
        if (icon.name == name) return icon.utf8;
    return kStar;
}

}  // namespace kiosk::icons
