// Every fixed UI text in both languages; the font builder collects glyphs from all_ui_strings().
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/content_model.h"

namespace kiosk::ui {

enum class Str {
    AllianceTitle,  // fallback when the content has no name
    AllianceShort,
    NavMembers,
    NavHighlights,
    NavProjects,
    NavExperts,
    NavAbout,
    HomeMembersHint,
    HomeHighlightsHint,
    HomeProjectsHint,
    HomeExpertsHint,
    HomeAboutHint,
    TouchToExplore,
    Sample,
    All,
    Search,
    Back,
    Home,
    LanguageSwitch,  // shows the OTHER language's name: "EN" in zh, "中文" in en
    KeySpace,
    KeyBackspace,
    KeyClear,
    SearchHint,
    SearchEmpty,
    SearchCount,  // "%d" results
    FilterByKind,
    FilterByFocus,
    MembersCount,  // "%d"
    NoMembers,
    NothingHere,
    RelatedProjects,
    RelatedHighlights,
    RelatedPeople,
    RelatedMembers,
    FocusAreas,
    Parties,
    EnterpriseSide,
    AcademicSide,
    Academicians,
    Speakers,
    Affiliation,
    ViewMember,
    Founded,
    Theme,
    Model,
    Vision,
    KeyNumbers,
    Bases,
    Initiator,
    ResultMember,
    ResultPerson,
    ResultHighlight,
    ResultProject,
    ResultBase,
    ProjectsCount,  // "%d"
    HighlightsCount,
    PeopleCount,
    NavTimeline,
    HomeTimelineHint,
    TimelineHint,
    TimelineEmpty,
    EventDate,  // zh: year, month, day; en: month name, day, year
    ResultEvent,
    Count_  // keep last
};

// The text of one label in the visitor's language (never null, never empty).
const char* tr(Lang lang, Str id);

// The label of a member kind id ("高校" / "University"), from the content description.
std::string kind_label(Lang lang, const std::string& kind);

// Every UI text in both languages plus the ASCII and punctuation the UI draws (glyph collection).
std::vector<std::string> all_ui_strings();

}  // namespace kiosk::ui
