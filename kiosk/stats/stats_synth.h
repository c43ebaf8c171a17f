// Plausible synthetic statistics, deterministic for a seed: for the report's browser test and
// the size benchmark (a simulated year of 500 sessions a day). Never used by the kiosk itself.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "kiosk/stats/stats_store.h"

namespace kiosk {
class ContentDb;
}

namespace kiosk::stats {

// Something a visitor can open: an item (kind and id set) or a list screen.
struct SynthTarget {
    std::string screen, kind, id;
    Bilingual name;
};

struct StatsSynthOptions {
    std::string last_day;  // "YYYY-MM-DD": the days end here
    int days = 30;
    int sessions_per_day = 120;  // on an average weekday; weekends and holidays differ
    unsigned seed = 1;
    std::vector<SynthTarget> items;  // empty: a built-in list of plausible members and highlights
};

// The list screens and, unless options give some, a built-in list of items.
std::vector<SynthTarget> synth_list_screens();
std::vector<SynthTarget> synth_default_items();
// Items of a real pack (members, highlights, projects, people; a few of each) plus two that are
// not in it, so a report made with the pack installed shows removed items.
std::vector<SynthTarget> synth_items_from(const ContentDb& content);

// Calls `write` with one batch per day, oldest first.
void synthesize_stats(const StatsSynthOptions& options,
                      const std::function<void(const StatsBatch&)>& write);

}  // namespace kiosk::stats
