// ContentDb::search as a visitor types: pinyin, initials, English words, Chinese; ranking; any
// typed text is safe.
// Sections: initials and pinyin · English · Chinese · body · kinds and subtitles · ranking and
// limits · odd input
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <thread>

#include "kiosk/core/content_db.h"
#include "tests/core_data/fixtures.h"

using namespace kiosk;

namespace {
const ContentDb& db() {
    static const ContentDb instance(fixtures::sample_db());
    return instance;
}
std::vector<std::string> hit_ids(const std::vector<SearchHit>& hits, size_t n = 100) {
    std::vector<std::string> out;
    for (size_t i = 0; i < hits.size() && i < n; ++i) out.push_back(hits[i].id);
    return out;
}
bool has(const std::vector<SearchHit>& hits, const std::string& id) {
    return std::any_of(hits.begin(), hits.end(), [&](const SearchHit& h) { return h.id == id; });
}
size_t position(const std::vector<SearchHit>& hits, const std::string& id) {
    for (size_t i = 0; i < hits.size(); ++i)
        if (hits[i].id == id) return i;
    return hits.size();
}
}  // namespace

// --- initials and pinyin
TEST_CASE("pinyin initials find a member: njdx finds 南京大学") {
    const auto hits = db().search("njdx", 20);
    REQUIRE_FALSE(hits.empty());
    CHECK(hits[0].kind == "member");
    CHECK(hits[0].id == "nju");
    CHECK(hits[0].title.zh == "南京大学");
    CHECK(hits[0].title.en == "Nanjing University");
    CHECK(hits[0].subtitle.zh == "高校");
    CHECK(hits[0].subtitle.en == "University");
    CHECK(hit_ids(db().search("NJDX", 20)) == hit_ids(hits));
}

TEST_CASE("a short initials prefix finds every name starting with it") {
    const auto hits = db().search("nj", 20);
    // 南京大学, 南京工业大学 and 南京化工行业协会 all start with n-j, in display order.
    CHECK(hit_ids(hits, 3) == std::vector<std::string>{"nju", "njtech", "assoc_chem"});
}

TEST_CASE("full pinyin finds names, as a prefix and inside the name") {
    CHECK(hit_ids(db().search("nanjing", 20), 3) ==
          std::vector<std::string>{"nju", "njtech", "assoc_chem"});
    const auto daxue = db().search("daxue", 20);  // 大学 inside the name
    for (const char* id : {"tsinghua", "nju", "seu", "njtech"}) CHECK(has(daxue, id));
    CHECK(db().search("qinghua", 5)[0].id == "tsinghua");
    CHECK(db().search("nanjing daxue", 5)[0].id == "nju");  // spaces between syllables are fine
}

// --- English
TEST_CASE("English words find names, case-insensitively") {
    CHECK(db().search("tsinghua", 5)[0].id == "tsinghua");
    CHECK(db().search("TsingHua", 5)[0].id == "tsinghua");
    const auto hits = db().search("nanjing univ", 20);
    REQUIRE_FALSE(hits.empty());
    CHECK(hits[0].id == "nju");
    CHECK_FALSE(has(hits, "njtech"));  // "Nanjing Tech University" does not contain the words
    CHECK(db().search("  Nanjing   University  ", 5)[0].id == "nju");
    CHECK(db().search("Tech University", 5)[0].id == "njtech");
}

// --- Chinese
TEST_CASE("Chinese input matches Chinese names") {
    const auto hits = db().search("南京", 20);
    CHECK(hit_ids(hits, 3) == std::vector<std::string>{"nju", "njtech", "assoc_chem"});
    // Two characters search names only: every hit has 南京 in its name.
    for (const auto& h : hits) CHECK(h.title.zh.find("南京") != std::string::npos);
    CHECK(db().search("南京　大学", 5)[0].id == "nju");  // ideographic space ignored
    CHECK(db().search("有机化学", 5)[0].id == "sioc");
}

// --- body
TEST_CASE("words only in a body are found, after the name matches") {
    CHECK(hit_ids(db().search("perovskite", 10)) == std::vector<std::string>{"seu"});
    CHECK(hit_ids(db().search("钙钛矿", 10)) == std::vector<std::string>{"seu"});
    const auto hits = db().search("南京大学", 20);
    REQUIRE(hits.size() > 1);
    CHECK(hits[0].id == "nju");     // name
    CHECK(has(hits, "du_youwei"));  // affiliation, in the body
    CHECK(position(hits, "du_youwei") > 0);
}

TEST_CASE("queries shorter than three characters do not search bodies") {
    // 钙钛 appears only in seu's body.
    CHECK(db().search("钙钛", 10).empty());
    CHECK_FALSE(db().search("钙钛矿", 10).empty());
}

// --- kinds and subtitles
TEST_CASE("hits of every kind carry a bilingual title and subtitle") {
    const auto person = db().search("dyw", 5);
    REQUIRE_FALSE(person.empty());
    CHECK(person[0].kind == "person");
    CHECK(person[0].id == "du_youwei");
    CHECK(person[0].title.zh == "都有为");
    CHECK(person[0].subtitle.zh == "院士");
    CHECK(person[0].subtitle.en == "Academician");

    const auto highlight = db().search("solid-state", 5);
    REQUIRE_FALSE(highlight.empty());
    CHECK(highlight[0].kind == "highlight");
    CHECK(highlight[0].id == "hl_battery");
    CHECK(highlight[0].subtitle.zh == "能源材料");
    CHECK(highlight[0].is_sample);

    const auto project = db().search("project 5", 5);
    REQUIRE_FALSE(project.empty());
    CHECK(project[0].kind == "project");
    CHECK(project[0].id == "proj_05");
    CHECK(project[0].subtitle.zh == "第二批签约");  // the batch's name from the batch table
    CHECK(project[0].subtitle.en == "Second signing batch");

    const auto base = db().search("daily chemical", 5);
    REQUIRE_FALSE(base.empty());
    CHECK(base[0].kind == "base");
    CHECK(base[0].id == "base_daily");
    CHECK(base[0].subtitle.en == "Transformation base");
    CHECK_FALSE(base[0].is_sample);
}

// --- ranking and limits
TEST_CASE("name prefixes rank before name substrings, members before other kinds") {
    const auto hits = db().search("lanzhou", 20);
    // Both names contain Lanzhou; neither starts with it: same tier, member first.
    CHECK(hit_ids(hits, 2) == std::vector<std::string>{"licp", "base_licp"});
    const auto daxue = db().search("大学", 20);
    CHECK(hit_ids(daxue, 4) == std::vector<std::string>{"tsinghua", "nju", "seu", "njtech"});
}

TEST_CASE("results are limited, unique and the same every time") {
    const auto hits = db().search("a", 5);
    CHECK(hits.size() == 5);
    CHECK(db().search("a", 0).empty());
    CHECK(db().search("a", -3).empty());
    const auto many = db().search("nanjing", 100);
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& h : many) CHECK(seen.insert({h.kind, h.id}).second);
    CHECK(hit_ids(db().search("nanjing", 100)) == hit_ids(many));
}

TEST_CASE("index rows whose entity is gone are not offered") {
    const ContentDb stale(fixtures::sample_copy("stale.db", "DELETE FROM member WHERE id = 'seu'"));
    CHECK(stale.search("dongnan", 10).empty());
    CHECK(stale.search("perovskite", 10).empty());
    CHECK(stale.search("nanjing", 10)[0].id == "nju");
}

// --- odd input
TEST_CASE("an empty or blank query finds nothing") {
    CHECK(db().search("", 10).empty());
    CHECK(db().search("   ", 10).empty());
    CHECK(db().search("\t\n", 10).empty());
    CHECK(db().search("　", 10).empty());
}

TEST_CASE("any typed text is safe: FTS syntax characters are taken literally") {
    const char* odd[] = {
        "\"",           "\"\"\"", "*",      "-",   "njdx*", "\"njdx", "a\"b",
        "NEAR(",        "AND",    "OR NOT", "(",   ")",     "^abc",   "body:",
        "{body}: x",    "'",      "%",      "_",   "\\",    "a--b",   "🧪🧪🧪",
        "\xff\xfe\xfd", "%%%",    "___",    "::::"};
    for (const char* q : odd) {
        INFO(q);
        CHECK_NOTHROW(db().search(q, 10));
    }
    CHECK(db().search("%", 10).empty());    // not a wildcard
    CHECK(db().search("___", 10).empty());  // not a wildcard
    CHECK(db().search("njdx*", 10).empty());
    CHECK(db().search("\"njdx", 10).empty());
}

TEST_CASE("search, paging and media can be used from several threads at once") {
    // Texture workers read media while the main thread searches and pages the grid.
    std::vector<std::thread> threads;
    std::vector<int> failures(4, 0);
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([t, &failures] {
            for (int i = 0; i < 50; ++i) {
                const bool ok = t % 2 ? db().media("g_battery_2", i % 2 == 0)->bytes.size() > 8
                                      : db().search("njdx", 5).at(0).id == "nju" &&
                                            db().members({}, 1, 1).at(0).id == "nju";
                if (!ok) ++failures[static_cast<size_t>(t)];
            }
        });
    for (auto& thread : threads) thread.join();
    CHECK(failures == std::vector<int>(4, 0));
}
