// Sections: what visitors open · one day · the days
#include "kiosk/stats/stats_synth.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "kiosk/core/content_db.h"

namespace kiosk::stats {

// --- what visitors open ---

std::vector<SynthTarget> synth_list_screens() {
    return {{"home", "", "", {"首页", "Home"}},
            {"members", "", "", {"联盟成员", "Members"}},
            {"highlights", "", "", {"研究亮点", "Research highlights"}},
            {"projects", "", "", {"签约项目", "Signed projects"}},
            {"experts", "", "", {"专家学者", "Experts"}},
            {"timeline", "", "", {"大事记", "Timeline"}},
            {"about", "", "", {"关于联盟", "About"}},
            {"search", "", "", {"搜索", "Search"}}};
}

std::vector<SynthTarget> synth_default_items() {
    return {
        {"member", "member", "nju", {"南京大学", "Nanjing University"}},
        {"member", "member", "seu", {"东南大学", "Southeast University"}},
        {"member", "member", "njtech", {"南京工业大学", "Nanjing Tech University"}},
        {"member", "member", "tsinghua", {"清华大学", "Tsinghua University"}},
        {"highlight",
         "highlight",
         "energy-cathode",
         {"高镍正极材料延长电池寿命", "High-nickel cathodes that last longer"}},
        {"highlight",
         "highlight",
         "energy-electrolyte",
         {"更薄更安全的固态电解质", "Thinner, safer solid electrolytes"}},
        {"highlight",
         "highlight",
         "optical-coating",
         {"宽带减反射镀膜", "Broadband anti-reflection coatings"}},
        {"project",
         "project",
         "sample-project-01",
         {"示例项目：高镍正极材料中试放大", "Sample project: Pilot scale-up of a cathode"}},
        {"person", "person", "du-youwei", {"都有为院士", "Academician Du Youwei"}},
        {"event", "event", "founding", {"联盟成立大会", "The founding conference"}},
        {"member",
         "member",
         "jbnm-institute",
         {"江北新区新材料研究院", "Jiangbei New Materials Research Institute"}},
        {"highlight",
         "highlight",
         "bio-scaffold",
         {"可降解的骨修复支架", "Bone scaffolds that dissolve as bone grows"}},
    };
}

std::vector<SynthTarget> synth_items_from(const ContentDb& content) {
    std::vector<SynthTarget> out;
    for (const auto& m : content.members({}, 0, 8))
        out.push_back({"member", "member", m.id, m.name});
    const auto highlights = content.highlights(std::nullopt);
    for (size_t i = 0; i < std::min<size_t>(6, highlights.size()); ++i)
        out.push_back({"highlight", "highlight", highlights[i].id, highlights[i].title});
    const auto projects = content.projects(std::nullopt);
    for (size_t i = 0; i < std::min<size_t>(3, projects.size()); ++i)
        out.push_back({"project", "project", projects[i].id, projects[i].title});
    const auto people = content.people();
    for (size_t i = 0; i < std::min<size_t>(3, people.size()); ++i)
        out.push_back({"person", "person", people[i].id, people[i].name});
    // Popular once, removed since: the report marks them.
    out.insert(out.begin() + std::min<ptrdiff_t>(2, std::ssize(out)),
               {"member",
                "member",
                "synth-former-member",
                {"示例：已退出的成员单位", "Sample: a former member"}});
    out.push_back({"highlight",
                   "highlight",
                   "synth-retired-highlight",
                   {"示例：已下线的研究亮点", "Sample: a retired highlight"}});
    return out;
}

namespace {

// Words visitors look for that the content does not have.
constexpr const char* kMissedWords[] = {"石墨烯",       "graphene", "招聘",    "wifi",    "洗手间",
                                        "氢能",         "钙钛矿",   "parking", "碳纤维",  "芯片",
                                        "展厅开放时间", "solar",    "锂矿",    "canteen", "3d打印"};
constexpr const char* kFoundWords[] = {"南京大学", "电池", "nju", "cathode", "njdx", "院士"};

// Visitors per hour of the day: the hall opens 9–17, busiest late morning and mid-afternoon.
constexpr double kHourWeight[24] = {0,   0,   0,   0,   0,   0,   0,   0, 0.3, 1.0, 1.6, 1.7,
                                    0.9, 0.8, 1.3, 1.6, 1.4, 0.7, 0.2, 0, 0,   0,   0,   0};
// Monday first: delegations come on weekdays, families on Saturdays.
constexpr double kWeekdayWeight[7] = {1.0, 1.1, 1.15, 1.1, 0.95, 0.7, 0.35};

// --- one day ---

StatsBatch synth_day(const std::string& day, int per_day, const std::vector<SynthTarget>& items,
                     const std::vector<SynthTarget>& screens, std::mt19937& rng) {
    StatsBatch b;
    std::uniform_real_distribution<double> unit(0, 1);
    std::lognormal_distribution<double> length(std::log(50.0), 0.9);
    std::discrete_distribution<int> hour_of(std::begin(kHourWeight), std::end(kHourWeight));
    // Popular items first: weight 1 / (rank + 1.5).
    std::vector<double> item_weight;
    for (size_t i = 0; i < items.size(); ++i)
        item_weight.push_back(1.0 / (static_cast<double>(i) + 1.5));
    std::discrete_distribution<size_t> item_of(item_weight.begin(), item_weight.end());
    // Home first, then the lists people come for; search and about less often.
    std::vector<double> screen_weight;
    for (size_t i = 0; i < screens.size(); ++i)
        screen_weight.push_back(i == 0 ? 6 : 5.0 / (static_cast<double>(i) + 1));
    std::discrete_distribution<size_t> screen_of(screen_weight.begin(), screen_weight.end());
    std::discrete_distribution<size_t> missed_of({9, 7, 5, 4, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1, 1});
    std::uniform_int_distribution<size_t> found_of(0, std::size(kFoundWords) - 1);

    const double mean = per_day * kWeekdayWeight[weekday_of(day)];
    const int sessions =
        std::max(0, static_cast<int>(std::lround(mean * (0.75 + 0.5 * unit(rng)))));
    for (int s = 0; s < sessions; ++s) {
        SessionRecord session{day, hour_of(rng), unit(rng) < 0.78 ? "zh" : "en",
                              std::min(1800.0, length(rng)), 0};
        session.screens = std::max(1, static_cast<int>(session.seconds / 14 + unit(rng) * 3));
        const double dwell = session.seconds / session.screens;
        for (int v = 0; v < session.screens; ++v) {
            const bool item = !items.empty() && unit(rng) < 0.6;
            const size_t i = item ? item_of(rng) : screen_of(rng);
            const SynthTarget& t = item ? items[i] : screens[i];
            // Some items hold people longer than others; lists are passed through quickly.
            const double holds = item ? 0.7 + 0.45 * static_cast<double>(i % 5) : 0.5;
            b.views.push_back({day, session.hour, t.screen, t.kind, t.id, t.name,
                               dwell * holds * (0.5 + unit(rng))});
        }
        if (unit(rng) < 0.22) {
            const bool missed = unit(rng) < 0.3;
            b.searches.push_back(
                {day, session.hour,
                 missed ? kMissedWords[missed_of(rng)] : kFoundWords[found_of(rng)],
                 missed ? 0 : 1 + static_cast<int>(unit(rng) * 6)});
        }
        b.sessions.push_back(std::move(session));
    }
    // The kiosk's own day: on from 8 to 18, a rare crash, an update now and then.
    b.health.push_back({day, 8, "start", 1});
    for (int h = 8; h < 18; ++h) b.health.push_back({day, h, "display_on_minutes", 60});
    if (unit(rng) < 0.03) b.health.push_back({day, 13, "crash", 1});
    if (unit(rng) < 0.03) b.health.push_back({day, 13, "start", 1});
    if (unit(rng) < 0.04) b.health.push_back({day, 10, "import", 1});
    if (unit(rng) < 0.01) b.health.push_back({day, 10, "import_refused", 1});
    if (unit(rng) < 0.005) b.health.push_back({day, 11, "rollback", 1});
    return b;
}

}  // namespace

// --- the days ---

void synthesize_stats(const StatsSynthOptions& o,
                      const std::function<void(const StatsBatch&)>& write) {
    std::mt19937 rng(o.seed);
    const auto items = o.items.empty() ? synth_default_items() : o.items;
    const auto screens = synth_list_screens();
    for (int i = o.days - 1; i >= 0; --i)
        write(synth_day(add_days(o.last_day, -i), o.sessions_per_day, items, screens, rng));
}

}  // namespace kiosk::stats
