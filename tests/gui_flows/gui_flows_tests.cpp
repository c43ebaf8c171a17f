// Visitor journeys through the real kiosk: every screen by taps, drags that scroll and never tap,
// language switch, search by pinyin initials on the on-screen keyboard, idle reset, filters, the
// layout at the four screen sizes, and the timeline of events from home to its cross-links.
#define CATCH_CONFIG_MAIN
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "kiosk/core/content_db.h"
#include "tests/gui_support/kiosk_driver.h"
#include "tests/support/sample_content_db.h"

using kiosk::testing::KioskDriver;
using nlohmann::json;

namespace {

std::string pack() {
    static const std::string path = [] {
        const auto p = std::filesystem::temp_directory_path() /
                       ("gui-flows-" + std::to_string(::getpid()) + ".db");
        return make_sample_content_db(p.string());
    }();
    return path;
}

KioskDriver start(const std::string& size = "1920x1080") {
    return KioskDriver({"--pack", pack(), "--window", size});
}

// Taps a target and lets the transition finish; returns the new state.
json go(KioskDriver& d, const std::string& id) {
    d.tap_target(id);
    d.wait(350);
    return d.state();
}

// The first target whose id starts with prefix.
std::optional<json> first_with_prefix(const json& state, const std::string& prefix) {
    for (const json& t : state["targets"])
        if (t["id"].get<std::string>().rfind(prefix, 0) == 0) return t;
    return std::nullopt;
}

json go_prefix(KioskDriver& d, const std::string& prefix) {
    const auto t = first_with_prefix(d.state(), prefix);
    REQUIRE(t.has_value());
    return go(d, (*t)["id"].get<std::string>());
}

std::string label_of(const json& state, const std::string& id) {
    const auto t = KioskDriver::find_target(state, id);
    return t ? (*t)["label"].get<std::string>() : std::string();
}

std::set<std::string> ids_with_prefix(const json& state, const std::string& prefix) {
    std::set<std::string> out;
    for (const json& t : state["targets"]) {
        const std::string id = t["id"];
        if (id.rfind(prefix, 0) == 0) out.insert(id.substr(prefix.size()));
    }
    return out;
}

json to_home(KioskDriver& d) {
    d.wait(200);
    json s = d.state();
    if (s["screen"] == "attract") s = go(d, "attract.touch");
    REQUIRE(s["screen"] == "home");
    return s;
}

}  // namespace

TEST_CASE("the kiosk starts on the attract screen and any touch goes home", "[gui]") {
    KioskDriver d = start();
    d.wait(200);
    CHECK(d.state()["screen"] == "attract");
    d.tap(300, 900);
    d.wait(350);
    const json s = d.state();
    CHECK(s["screen"] == "home");
    CHECK(s["targets"].size() >= 5);  // the press that woke it tapped nothing else
}

TEST_CASE("text is drawn from the font atlas its glyph table was built with", "[gui]") {
    // The GPU's font texture is read back and compared with the atlas the glyphs point into:
    // a mismatch shows every label as fragments of other characters.
    KioskDriver d = start();
    const json s = d.state();
    CHECK(s["fonts"]["gpu_texture_matches"] == true);
    CHECK(s["fonts"]["missing"] == 0);
}

TEST_CASE("the idle attract screen draws no frames between its cross-fades", "[gui]") {
    // A kiosk idles most of its day: a still picture must cost nothing, so frames are drawn only
    // while a highlight cross-fades (here one per minute).
    const auto config = std::filesystem::temp_directory_path() /
                        ("attract-" + std::to_string(::getpid()) + ".json");
    {
        std::ofstream out(config);
        out << R"({"attract_highlight_s": 60})";
    }
    KioskDriver d({"--pack", pack(), "--window", "1280x800", "--config", config.string()});
    d.wait(300);
    const json before = d.state();
    REQUIRE(before["screen"] == "attract");
    d.wait(2500);
    const json after = d.state();
    CHECK(after["screen"] == "attract");
    // Only the frame the `state` command itself asks for; a looping attract screen draws dozens.
    CHECK(after["frames"].get<long long>() - before["frames"].get<long long>() <= 2);
    std::filesystem::remove(config);
}

TEST_CASE("every screen is reached by taps, with Back and Home", "[gui]") {
    KioskDriver d = start();
    to_home(d);
    json s = go(d, "home.members");
    CHECK(s["screen"] == "members");
    s = go(d, "member.nju");
    CHECK(s["screen"] == "member");
    CHECK(s["detail_id"] == "nju");
    s = go(d, "nav.back");
    CHECK(s["screen"] == "members");
    s = go(d, "nav.home");
    CHECK(s["screen"] == "home");
    CHECK_FALSE(KioskDriver::find_target(s, "nav.back"));  // no history on home

    s = go(d, "home.highlights");
    CHECK(s["screen"] == "highlights");
    s = go_prefix(d, "highlight.");
    CHECK(s["screen"] == "highlight");
    // The related members strip is below the gallery: drag the page up until it shows.
    for (int i = 0; i < 4 && !first_with_prefix(s, "member."); ++i) {
        d.drag(960, 900, 960, 300, 300);
        s = d.settled_state();
    }
    CHECK(s["screen"] == "highlight");  // the drags opened nothing
    s = go_prefix(d, "member.");
    CHECK(s["screen"] == "member");

    go(d, "nav.home");
    s = go(d, "home.projects");
    CHECK(s["screen"] == "projects");
    const auto party = first_with_prefix(s, "party.");
    REQUIRE(party.has_value());
    s = go(d, (*party)["id"]);
    CHECK(s["screen"] == "member");
    CHECK("party." + s["detail_id"].get<std::string>() == (*party)["id"]);
    go(d, "nav.back");
    s = go_prefix(d, "project.");
    CHECK(s["screen"] == "project");

    go(d, "nav.home");
    s = go(d, "home.experts");
    CHECK(s["screen"] == "experts");
    s = go(d, "person.du_youwei");
    CHECK(s["screen"] == "person");
    CHECK(s["detail_id"] == "du_youwei");

    go(d, "nav.home");
    s = go(d, "home.about");
    CHECK(s["screen"] == "about");
    s = go(d, "nav.search");
    CHECK(s["screen"] == "search");
}

TEST_CASE("a drag on the members grid scrolls and never opens a card", "[gui]") {
    KioskDriver d = start("1280x800");
    to_home(d);
    json s = go(d, "home.members");
    const auto card = KioskDriver::find_target(s, "member.nju");
    REQUIRE(card.has_value());
    const float x = (*card)["x"].get<float>() + (*card)["w"].get<float>() / 2;
    const float y0 = (*card)["y"].get<float>() + (*card)["h"].get<float>() / 2;
    d.drag(x, y0, x, y0 - 250, 400);
    s = d.settled_state();  // the inertia has come to rest
    CHECK(s["screen"] == "members");
    // The card under the finger moved up with it (or out of view); no card was opened.
    const auto after = KioskDriver::find_target(s, "member.nju");
    CHECK((!after || (*after)["y"].get<float>() < (*card)["y"].get<float>() - 100));
    CHECK(s["detail_id"] == "");
}

TEST_CASE("the members grid stays cheap to draw while it scrolls", "[gui]") {
    // A software renderer (and a small GPU) pays per triangle, every frame of a fling. Rounded
    // shapes are most of the grid: this guards their tessellation and count per card.
    KioskDriver d = start();
    to_home(d);
    go(d, "home.members");
    const auto cards_in = [](const json& state) {
        int cards = 0;
        for (const json& t : state["targets"]) cards += t["kind"] == "card" ? 1 : 0;
        return cards;
    };
    // Both frames are taken at rest, so they are the same on a fast or a loaded machine (a frame
    // mid-glide counted its targets and its triangles at different scroll positions). At the top
    // every card on screen is a target; the second frame rests between rows, cards cut at both
    // edges, which must cost no more than whole ones.
    const json top = d.settled_state();
    d.drag(900, 900, 900, 500, 300);
    const json cut = d.settled_state();
    REQUIRE(cut["screen"] == "members");
    const int cards = cards_in(top);
    REQUIRE(cards >= 8);
    const int top_indices = top["draw"]["indices"], cut_indices = cut["draw"]["indices"];
    INFO("at the top: " << top_indices << " indices for " << cards
                        << " cards; between rows: " << cut_indices << " indices");
    // ~430 a card with corners from the atlas masks (the bars and chips included); 1,640 with
    // ImGui's tessellated corners.
    CHECK(top_indices < 600 * cards);
    CHECK(cut_indices < top_indices + top_indices / 10);
}

TEST_CASE("the language switch changes the labels at once", "[gui]") {
    KioskDriver d = start();
    json s = to_home(d);
    CHECK(s["language"] == "zh");
    CHECK(label_of(s, "home.members") == "联盟成员");
    s = go(d, "nav.lang");
    CHECK(s["language"] == "en");
    CHECK(label_of(s, "home.members") == "Members");
    CHECK(label_of(s, "nav.home") == "Home");
    s = go(d, "home.members");
    CHECK(label_of(s, "member.nju") == "Nanjing University");
    s = go(d, "nav.lang");
    CHECK(label_of(s, "member.nju") == "南京大学");
}

TEST_CASE("typing njdx on the on-screen keyboard finds 南京大学", "[gui]") {
    KioskDriver d = start();
    to_home(d);
    go(d, "nav.search");
    for (const char* key : {"key.n", "key.j", "key.d"}) go(d, key);
    json s = go(d, "key.x");
    CHECK(s["search_text"] == "njdx");
    const auto hit = first_with_prefix(s, "search.result.");
    REQUIRE(hit.has_value());
    CHECK((*hit)["label"] == "南京大学");
    s = go(d, "key.backspace");
    CHECK(s["search_text"] == "njd");
    go(d, "key.x");
    s = go(d, (*hit)["id"]);
    CHECK(s["screen"] == "member");
    CHECK(s["detail_id"] == "nju");
}

TEST_CASE("filters narrow the members grid", "[gui]") {
    KioskDriver d = start();
    to_home(d);
    go(d, "home.members");
    json s = go(d, "chip.kind.university");
    CHECK(s["kind_filter"] == "university");
    const std::set<std::string> unis = ids_with_prefix(s, "member.");
    CHECK(unis.count("nju") == 1);
    for (const std::string& id : unis)
        CHECK(std::set<std::string>{"tsinghua", "nju", "seu", "njtech"}.count(id) == 1);
    s = go(d, "chip.focus.energy");
    CHECK(s["focus_filter"] == "energy");
    const size_t energy_unis = ids_with_prefix(s, "member.").size();
    CHECK(energy_unis >= 1);
    CHECK(energy_unis < unis.size());
    s = go(d, "chip.kind.all");
    CHECK(s["kind_filter"] == "");
    s = go(d, "chip.focus.all");
    CHECK(s["focus_filter"] == "");
    CHECK(ids_with_prefix(s, "member.").size() > unis.size());
}

TEST_CASE("after the idle timeout the session resets to the attract screen", "[gui]") {
    KioskDriver d = start();
    to_home(d);
    go(d, "nav.lang");
    go(d, "home.members");
    go(d, "chip.kind.university");
    go(d, "nav.search");
    json s = go(d, "key.a");
    CHECK(s["search_text"] == "a");
    d.send("idle 200");
    d.wait(1200);
    s = d.state();
    CHECK(s["screen"] == "attract");
    CHECK(s["language"] == "zh");
    CHECK(s["kind_filter"] == "");
    CHECK(s["search_text"] == "");
    s = go(d, "attract.touch");
    CHECK(s["screen"] == "home");
    CHECK_FALSE(KioskDriver::find_target(s, "nav.back"));
}

TEST_CASE("cards of the built-in content are tall enough for their text, in both languages",
          "[gui]") {
    // English titles often wrap to two lines; a card sized for Chinese clips them.
    for (const std::string size : {"1920x1080", "1080x1920"}) {
        INFO(size);
        KioskDriver d({"--pack", KIOSK_BUILTIN_DB, "--window", size});
        for (const char* lang : {"zh", "en"}) {
            INFO(lang);
            json s = to_home(d);
            if (s["language"] != lang) s = go(d, "nav.lang");
            REQUIRE(s["language"] == lang);
            s = go(d, "home.projects");
            CHECK(s["overflowing"].empty());
            s = go_prefix(d, "project.");
            REQUIRE(s["screen"] == "project");
            s = go_prefix(d, "party.");  // a member page, with its strip of project cards
            REQUIRE(s["screen"] == "member");
            REQUIRE(first_with_prefix(s, "project.").has_value());
            CHECK(s["overflowing"].empty());
            go(d, "nav.home");
        }
    }
}

TEST_CASE("highlight cards are only as tall as their texts need", "[gui]") {
    // The built-in Chinese titles and summaries each fit on one line; the English summaries take
    // two. A card sized for the longest text any pack might hold would leave an empty band.
    KioskDriver d({"--pack", KIOSK_BUILTIN_DB, "--window", "1920x1080"});
    to_home(d);
    json s = go(d, "home.highlights");
    REQUIRE(s["screen"] == "highlights");
    const auto zh = first_with_prefix(s, "highlight.");
    REQUIRE(zh.has_value());
    s = go(d, "nav.lang");
    REQUIRE(s["language"] == "en");
    const auto en = KioskDriver::find_target(s, (*zh)["id"].get<std::string>());
    REQUIRE(en.has_value());
    const float w = (*zh)["w"], h_zh = (*zh)["h"], h_en = (*en)["h"];
    INFO("card " << w << " wide: " << h_zh << " px tall in Chinese, " << h_en << " in English");
    CHECK(h_zh < h_en);
    CHECK(h_zh - w * 9 / 16 < 0.35f * w);  // the cover is most of the card
}

TEST_CASE("the layout fits at all four screen sizes", "[gui]") {
    for (const std::string size : {"1920x1080", "1080x1920", "3840x2160", "1280x800"}) {
        INFO(size);
        KioskDriver d = start(size);
        const float W = std::stof(size.substr(0, size.find('x')));
        const float H = std::stof(size.substr(size.find('x') + 1));
        for (const char* screen_name : {"home", "members", "search"}) {
            const std::string screen = screen_name;
            json s = to_home(d);
            if (screen != "home") s = go(d, screen == "search" ? "nav.search" : "home.members");
            INFO(screen);
            const float min_target = s["min_target_px"].get<float>();
            std::vector<json> buttons;
            for (const json& t : s["targets"]) {
                const float x = t["x"], y = t["y"], w = t["w"], h = t["h"];
                CHECK(x >= -0.5f);
                CHECK(y >= -0.5f);
                CHECK(x + w <= W + 0.5f);
                CHECK(y + h <= H + 0.5f);
                const std::string kind = t["kind"];
                if (kind == "button" || kind == "key") {
                    CHECK(h >= min_target - 0.5f);
                    buttons.push_back(t);
                }
            }
            // No two buttons overlap.
            for (size_t i = 0; i < buttons.size(); ++i)
                for (size_t k = i + 1; k < buttons.size(); ++k) {
                    const json& a = buttons[i];
                    const json& b = buttons[k];
                    const bool apart =
                        a["x"].get<float>() + a["w"].get<float>() <= b["x"].get<float>() ||
                        b["x"].get<float>() + b["w"].get<float>() <= a["x"].get<float>() ||
                        a["y"].get<float>() + a["h"].get<float>() <= b["y"].get<float>() ||
                        b["y"].get<float>() + b["h"].get<float>() <= a["y"].get<float>();
                    CHECK(apart);
                }
            go(d, "nav.home");
        }
    }
}

// --- the timeline (大事记) ---
namespace {

// The sample pack's events and their titles (tests/support/sample_content_rows.cpp).
const std::map<std::string, std::pair<std::string, std::string>> kEventTitles = {
    {"ev_founding", {"联盟成立大会", "The alliance is founded"}},
    {"ev_bases", {"四个成果转化基地揭牌", "Four bases unveiled"}},
    {"ev_signing", {"12项合作协议分三批签约", "12 agreements signed in three batches"}},
    {"ev_sample_visit", {"示例：联盟成员走访交流", "Sample: members visit one another"}},
};

// Where a target ends along the timeline's axis: its right edge in landscape, its bottom in
// portrait (targets are clipped to the view, so their near edge stops at its border).
float along(const json& t, bool portrait) {
    return portrait ? t["y"].get<float>() + t["h"].get<float>()
                    : t["x"].get<float>() + t["w"].get<float>();
}

// Types text on the on-screen keyboard.
json type(KioskDriver& d, const std::string& text) {
    for (const char c : text) {
        d.tap_target(c == ' ' ? std::string("key.space") : "key." + std::string(1, c));
        d.wait(60);
    }
    d.wait(300);
    return d.state();
}

}  // namespace

TEST_CASE("the timeline walks end to end in landscape and portrait, in Chinese and English",
          "[gui]") {
    for (const std::string size : {"1920x1080", "1080x1920"}) {
        const bool portrait = size == "1080x1920";
        for (const std::string lang : {"zh", "en"}) {
            INFO(size << " " << lang);
            KioskDriver d = start(size);
            json s = to_home(d);
            if (s["language"] != lang) s = go(d, "nav.lang");
            REQUIRE(s["language"] == lang);
            CHECK(label_of(s, "home.timeline") == (lang == "zh" ? "大事记" : "Milestones"));
            s = go(d, "home.timeline");
            REQUIRE(s["screen"] == "timeline");
            // Cards in date order along the axis, titled in the visitor's language.
            const auto founding = KioskDriver::find_target(s, "event.ev_founding");
            REQUIRE(founding.has_value());
            float last = -1e9f;
            for (const json& t : s["targets"]) {
                const std::string id = t["id"];
                if (id.rfind("event.", 0) != 0) continue;
                const auto& titles = kEventTitles.at(id.substr(6));
                CHECK(t["label"] == (lang == "zh" ? titles.first : titles.second));
                CHECK(along(t, portrait) > last);
                last = along(t, portrait);
            }

            // A quick drag along the axis: the line follows the finger, glides on after it lifts,
            // and opens nothing.
            const float x = (*founding)["x"].get<float>() + (*founding)["w"].get<float>() / 2;
            const float y = (*founding)["y"].get<float>() + (*founding)["h"].get<float>() / 2;
            if (portrait)
                d.drag(x, y, x, y - 250, 120);
            else
                d.drag(x, y, x - 250, y, 120);
            const json lifted = d.state();
            s = d.settled_state();
            CHECK(s["screen"] == "timeline");
            CHECK(s["detail_id"] == "");
            const auto at_lift = KioskDriver::find_target(lifted, "event.ev_founding");
            const auto at_rest = KioskDriver::find_target(s, "event.ev_founding");
            REQUIRE(at_lift.has_value());
            CHECK(along(*at_lift, portrait) < along(*founding, portrait) - 200);  // followed
            // Glided on past where the finger let go (250 px from the start). Measured from the
            // start, not from `lifted`: on a loaded machine that state may come after the glide.
            if (at_rest) CHECK(along(*at_rest, portrait) < along(*founding, portrait) - 250 - 20);

            // Open an event with links (every one but the sample visit has some).
            std::string event;
            for (const json& t : s["targets"]) {
                const std::string id = t["id"];
                if (id.rfind("event.", 0) == 0 && id != "event.ev_sample_visit") {
                    event = id.substr(6);
                    break;
                }
            }
            REQUIRE_FALSE(event.empty());
            s = go(d, "event." + event);
            REQUIRE(s["screen"] == "event");
            CHECK(s["detail_id"] == event);
            for (int i = 0; i < 4 && !first_with_prefix(s, "link."); ++i) {
                if (portrait)
                    d.drag(540, 1400, 540, 600, 300);
                else
                    d.drag(960, 900, 960, 300, 300);
                s = d.settled_state();
            }
            CHECK(s["screen"] == "event");
            const auto link = first_with_prefix(s, "link.");
            REQUIRE(link.has_value());
            // link.<page>.<id>: a member, project or person opens on its own page; a base on About.
            const std::string link_id = (*link)["id"];
            const std::string kind = link_id.substr(5, link_id.find('.', 5) - 5);
            s = go(d, link_id);
            if (kind == "base") {
                CHECK(s["screen"] == "about");
            } else {
                CHECK(s["screen"] == kind);
                CHECK(s["detail_id"] == link_id.substr(6 + kind.size()));
            }
            s = go(d, "nav.back");
            CHECK(s["screen"] == "event");
            CHECK(s["detail_id"] == event);
        }
    }
}

TEST_CASE("search finds an event by English, full pinyin and initials, and opens it", "[gui]") {
    // The on-screen keyboard types letters; Chinese characters (a hardware keyboard, a scanner)
    // reach the same search, which finds the event as the content's kind "event".
    const kiosk::ContentDb db(pack());
    bool chinese = false;
    for (const kiosk::SearchHit& hit : db.search("成立大会", 40))
        chinese = chinese || (hit.kind == "event" && hit.id == "ev_founding");
    CHECK(chinese);

    KioskDriver d = start();
    for (const std::string query : {"founded", "lianmengchengli", "lmcldh"}) {
        INFO(query);
        to_home(d);
        go(d, "nav.search");
        json s = type(d, query);
        REQUIRE(s["search_text"] == query);
        std::optional<json> hit;
        for (const json& t : s["targets"])
            if (t["id"].get<std::string>().rfind("search.result.", 0) == 0 &&
                (t["label"] == "联盟成立大会" || t["label"] == "The alliance is founded"))
                hit = t;
        REQUIRE(hit.has_value());
        s = go(d, (*hit)["id"]);
        CHECK(s["screen"] == "event");
        CHECK(s["detail_id"] == "ev_founding");
        go(d, "nav.search");
        go(d, "key.clear");
        go(d, "nav.home");
    }
}
