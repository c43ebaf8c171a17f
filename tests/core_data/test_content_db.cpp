// ContentDb on the sample pack: every read method returns what the screens need, in order.
// Sections: pack and alliance · focus areas · members · member detail · people · highlights ·
// projects · media · glyphs
#include <catch2/catch.hpp>

#include <algorithm>

#include "kiosk/core/content_db.h"
#include "kiosk/core/content_events.h"
#include "kiosk/core/pack_charset.h"
#include "tests/core_data/fixtures.h"

using namespace kiosk;

namespace {
const ContentDb& db() {
    static const ContentDb instance(fixtures::sample_db());
    return instance;
}
template <class T>
std::vector<std::string> ids(const std::vector<T>& items) {
    std::vector<std::string> out;
    for (const auto& item : items) out.push_back(item.id);
    return out;
}
}  // namespace

// --- pack and alliance
TEST_CASE("info reports the pack version, build time and counts") {
    const PackInfo info = db().info();
    CHECK(info.schema_version == content::kSchemaVersion);
    CHECK(info.pack_version == 7);
    CHECK(info.built_at == "2024-05-01T08:00:00Z");
    CHECK(info.count("member") == 15);
    CHECK(info.count("person") == 10);
    CHECK(info.count("highlight") == 6);
    CHECK(info.count("project") == 12);
    CHECK(info.count("event") == 4);
    CHECK(info.count("media") == 14);
}

TEST_CASE("alliance gives texts, key numbers, vision and bases in order") {
    const AllianceInfo a = db().alliance();
    CHECK(a.name.zh == "南京江北新材料产业创新联盟");
    CHECK(a.name.en == "Nanjing Jiangbei New Materials Industry Innovation Alliance");
    CHECK(a.model.zh == "产+学+研+金+介+用");
    CHECK(a.founded.en == "28 April 2024");
    CHECK_FALSE(a.intro.zh.empty());
    CHECK(a.initiator.zh == "南京江北新材料科技园");
    REQUIRE(a.numbers.size() == 6);
    CHECK(a.numbers[0].value == "14");
    CHECK(a.numbers[5].value == "200+");
    CHECK(a.numbers[5].label.en == "Attendees");
    REQUIRE(a.vision.size() == 3);
    CHECK(a.vision[0].keyword.zh == "策源地");
    CHECK(a.vision[2].keyword.en == "New high ground");
    REQUIRE(a.bases.size() == 4);
    CHECK(a.bases[0].id == "base_buct");
    CHECK_FALSE(a.bases[0].is_sample);
}

// --- focus areas
TEST_CASE("focus areas come in display order with colour and icon") {
    const auto areas = db().focus_areas();
    CHECK(ids(areas) ==
          std::vector<std::string>{"energy", "optical", "optoelectronic", "bio", "nano"});
    CHECK(areas[0].color_rgb == 0xE07A1Fu);
    CHECK(areas[0].icon == "bolt");
    CHECK(areas[3].name.zh == "生物材料");
    const auto nano = db().focus_area("nano");
    REQUIRE(nano);
    CHECK(nano->name.en == "Nanomaterials");
    CHECK_FALSE(db().focus_area("plastics"));
}

// --- members
TEST_CASE("members are paged in display order") {
    CHECK(db().count_members({}) == 15);
    const auto first = db().members({}, 0, 4);
    CHECK(ids(first) == std::vector<std::string>{"tsinghua", "nju", "seu", "njtech"});
    const auto next = db().members({}, 4, 4);
    CHECK(ids(next) == std::vector<std::string>{"sioc", "licp", "adisseo", "sample_energy"});
    CHECK(db().members({}, 14, 10).size() == 1);
    CHECK(db().members({}, 15, 10).empty());
    CHECK(db().members({}, 0, 0).empty());
}

TEST_CASE("member cards carry kind, names, logo, focus areas and the sample flag") {
    const auto cards = db().members({}, 1, 1);
    REQUIRE(cards.size() == 1);
    const MemberCard& nju = cards[0];
    CHECK(nju.kind == "university");
    CHECK(nju.name.zh == "南京大学");
    CHECK(nju.name.en == "Nanjing University");
    CHECK_FALSE(nju.short_text.en.empty());
    CHECK(nju.logo == "logo_nju");
    CHECK(nju.focus_ids == std::vector<std::string>{"optical", "nano"});  // focus-area order
    CHECK_FALSE(nju.is_sample);
    const auto seu = db().members({}, 2, 1);
    CHECK(seu[0].logo.empty());  // no logo: the UI draws a monogram
    CHECK(db().members({}, 6, 1)[0].is_sample);
}

TEST_CASE("every grid card is the same card the member's own page shows") {
    // The grid's cards come from memory (the index), the detail from its own query: a member
    // must not look different in the two places.
    const int count = db().count_members({});
    REQUIRE(count == 15);
    for (int i = 0; i < count; ++i) {
        const auto page = db().members({}, i, 1);
        REQUIRE(page.size() == 1);
        const MemberCard& grid = page[0];
        const auto detail = db().member(grid.id);
        REQUIRE(detail);
        INFO(grid.id);
        CHECK(grid.kind == detail->card.kind);
        CHECK(grid.name.zh == detail->card.name.zh);
        CHECK(grid.name.en == detail->card.name.en);
        CHECK(grid.short_text.zh == detail->card.short_text.zh);
        CHECK(grid.short_text.en == detail->card.short_text.en);
        CHECK(grid.logo == detail->card.logo);
        CHECK(grid.focus_ids == detail->card.focus_ids);
        CHECK(grid.is_sample == detail->card.is_sample);
    }
}

TEST_CASE("members filter by kind, by focus area, and by both") {
    MemberFilter universities;
    universities.kind = "university";
    CHECK(db().count_members(universities) == 4);
    CHECK(ids(db().members(universities, 0, 10)) ==
          std::vector<std::string>{"tsinghua", "nju", "seu", "njtech"});
    for (const content::EnumValue& kind : content::enum_values("member", "kind")) {
        MemberFilter f;
        f.kind = kind.id;
        INFO(kind.id);
        CHECK(db().count_members(f) >= 2);
        for (const auto& card : db().members(f, 0, 50)) CHECK(card.kind == kind.id);
    }
    MemberFilter energy;
    energy.focus_id = "energy";
    const auto energetic = db().members(energy, 0, 50);
    CHECK(static_cast<int>(energetic.size()) == db().count_members(energy));
    CHECK(ids(energetic) == std::vector<std::string>{"tsinghua", "njtech", "licp", "sample_energy",
                                                     "assoc_chem", "fund_jiangbei"});
    MemberFilter both = energy;
    both.kind = "university";
    CHECK(ids(db().members(both, 0, 50)) == std::vector<std::string>{"tsinghua", "njtech"});
    CHECK(ids(db().members(both, 1, 50)) == std::vector<std::string>{"njtech"});
    MemberFilter nothing;
    nothing.focus_id = "no-such-area";
    CHECK(db().count_members(nothing) == 0);
}

TEST_CASE("member kinds have bilingual labels from the content description") {
    CHECK(member_kind_label("finance").zh == "金融机构");
    CHECK(member_kind_label("university").zh == "高校");
    CHECK(member_kind_label("institute").en == "Research institute");
    CHECK(member_kind_label("no-such-kind").en == "no-such-kind");  // shown as is, never blank
}

// --- member detail
TEST_CASE("member detail links the member's projects, highlights and people") {
    const auto nju = db().member("nju");
    REQUIRE(nju);
    CHECK(nju->card.name.zh == "南京大学");
    CHECK(nju->long_text.zh.find("南京大学") == 0);
    CHECK(ids(nju->highlights) == std::vector<std::string>{"hl_lens", "hl_magnet"});
    CHECK(ids(nju->people) == std::vector<std::string>{"du_youwei", "chen_yi", "zhang_quanxing"});
    CHECK(ids(nju->projects) == std::vector<std::string>{"proj_02", "proj_07", "proj_12"});
    for (const auto& p : nju->projects) {
        const bool listed = std::any_of(p.parties.begin(), p.parties.end(),
                                        [](const ProjectParty& x) { return x.member.id == "nju"; });
        CHECK(listed);
    }
    const auto batches =
        std::vector<int>{nju->projects[0].batch, nju->projects[1].batch, nju->projects[2].batch};
    CHECK(batches == std::vector<int>{1, 2, 3});
    CHECK_FALSE(db().member("no-such-member"));
}

TEST_CASE("every member's page lists exactly the rows that link to it, in display order") {
    // The page's lists come from links read once with the indexes; here they are checked
    // against the link tables themselves, for every member (most have none of one kind).
    SQLite::Database sql(fixtures::sample_db(), SQLite::OPEN_READONLY);
    const auto linked = [&](const char* query, const std::string& member) {
        SQLite::Statement q(sql, query);
        q.bind(1, member);
        std::vector<std::string> out;
        while (q.executeStep()) out.push_back(q.getColumn(0).getString());
        return out;
    };
    int with_links = 0;
    for (const MemberCard& card : db().members({}, 0, 100)) {
        INFO(card.id);
        const auto page = db().member(card.id);
        REQUIRE(page);
        const auto projects = linked(
            "SELECT p.id FROM project p JOIN project_party pp ON pp.project_id = p.id "
            "WHERE pp.member_id = ?1 ORDER BY p.batch, p.sort, p.id",
            card.id);
        const auto highlights = linked(
            "SELECT h.id FROM highlight h JOIN highlight_member x ON x.highlight_id = h.id "
            "WHERE x.member_id = ?1 ORDER BY h.sort, h.id",
            card.id);
        const auto people = linked(
            "SELECT id FROM person WHERE member_id = ?1 "
            "ORDER BY is_academician DESC, is_speaker DESC, sort, id",
            card.id);
        CHECK(ids(page->projects) == projects);
        CHECK(ids(page->highlights) == highlights);
        CHECK(ids(page->people) == people);
        if (!projects.empty() || !highlights.empty() || !people.empty()) ++with_links;
    }
    CHECK(with_links >= 5);
}

// --- people
TEST_CASE("the experts list puts academicians first, then speakers") {
    const auto people = db().people();
    REQUIRE(people.size() == 10);
    CHECK(people[0].id == "du_youwei");  // academician and speaker
    size_t i = 0;
    while (i < people.size() && people[i].is_academician) ++i;
    CHECK(i == 6);
    for (; i < people.size(); ++i) CHECK_FALSE(people[i].is_academician);
    CHECK(people[6].is_speaker);
    CHECK(people.back().id == "ru_chengjun");  // neither
    const auto du = db().person("du_youwei");
    REQUIRE(du);
    CHECK(du->member_id == "nju");
    CHECK(du->photo == "photo_du");
    CHECK(du->role.en == "Academician");
    CHECK(du->affiliation.zh == "南京大学");
    const auto guo = db().person("guo_mingming");
    REQUIRE(guo);
    CHECK(guo->member_id.empty());  // Southwest University is not a member
    CHECK_FALSE(db().person("nobody"));
}

// --- highlights
TEST_CASE("highlights list all or one focus area, with the first gallery image as cover") {
    CHECK(db().highlights(std::nullopt).size() == 6);
    const auto energy = db().highlights(std::string("energy"));
    CHECK(ids(energy) == std::vector<std::string>{"hl_battery", "hl_hydrogen"});
    CHECK(energy[0].cover == "g_battery_1");
    CHECK(energy[0].is_sample);
    const auto nano = db().highlights(std::string("nano"));
    REQUIRE(nano.size() == 1);
    CHECK(nano[0].cover.empty());  // no images
    CHECK(db().highlights(std::string("plastics")).empty());
}

TEST_CASE("a highlight has its body, ordered gallery with captions, and related members") {
    const auto h = db().highlight("hl_battery");
    REQUIRE(h);
    CHECK(h->card.title.zh == "固态电池电解质");
    CHECK_FALSE(h->body.en.empty());
    REQUIRE(h->gallery.size() == 3);
    CHECK(h->gallery[0].media_id == "g_battery_1");
    CHECK(h->gallery[2].media_id == "g_battery_3");
    CHECK(h->gallery[1].caption.zh == "图2");
    CHECK(ids(h->members) == std::vector<std::string>{"tsinghua", "sample_energy"});
    CHECK_FALSE(db().highlight("nope"));
}

// --- projects
TEST_CASE("projects come by batch, each with an enterprise and an academic party") {
    const auto all = db().projects(std::nullopt);
    REQUIRE(all.size() == 12);
    CHECK(all.front().id == "proj_01");
    CHECK(all.back().id == "proj_12");
    for (int batch = 1; batch <= 3; ++batch) {
        const auto list = db().projects(batch);
        REQUIRE(list.size() == 4);
        for (const auto& p : list) {
            CHECK(p.batch == batch);
            REQUIRE(p.parties.size() == 2);
            CHECK(p.parties[0].is_enterprise);  // enterprise side first
            CHECK_FALSE(p.parties[1].is_enterprise);
            CHECK_FALSE(p.parties[1].member.name.zh.empty());
        }
    }
    CHECK(db().projects(4).empty());
    const auto p = db().project("proj_05");
    REQUIRE(p);
    CHECK(p->batch == 2);
    CHECK(p->title.en == "Sample cooperation project 5");
    CHECK(p->parties[0].member.id == "sample_energy");
    CHECK(p->parties[1].member.id == "sioc");
    CHECK(p->parties[1].member.kind == "institute");
    CHECK_FALSE(db().project("proj_99"));
}

// --- media
TEST_CASE("media returns the stored PNG bytes and sizes, full and thumbnail") {
    const auto full = db().media("g_battery_1", false);
    REQUIRE(full);
    CHECK(full->format == "png");
    CHECK(full->width == 12);
    CHECK(full->height == 8);
    REQUIRE(full->bytes.size() > 8);
    CHECK(full->bytes[1] == 'P');
    CHECK(full->bytes[2] == 'N');
    const auto thumb = db().media("g_battery_1", true);
    REQUIRE(thumb);
    CHECK(thumb->width == 6);
    CHECK(thumb->height == 4);
    CHECK(thumb->bytes != full->bytes);
    CHECK_FALSE(db().media("missing_image", false));
    CHECK_FALSE(db().media("missing_image", true));
}

// --- glyphs
TEST_CASE("all_text_codepoints holds every character of the content, sorted, no controls") {
    const std::u32string cps = db().all_text_codepoints();
    REQUIRE_FALSE(cps.empty());
    CHECK(std::is_sorted(cps.begin(), cps.end()));
    CHECK(std::adjacent_find(cps.begin(), cps.end()) == cps.end());
    for (char32_t c : std::u32string(U"南京江北新材料钙钛矿都有为策源地+Zz0")) {
        INFO(static_cast<unsigned>(c));
        CHECK(std::binary_search(cps.begin(), cps.end(), c));
    }
    CHECK(cps.front() >= 0x20);
    CHECK_FALSE(std::binary_search(cps.begin(), cps.end(), U'\n'));
}

TEST_CASE("all_text_codepoints reads the character set stored in meta when the pack has one") {
    const std::string path = fixtures::sample_copy(
        "charset_stored.db",
        "INSERT INTO meta VALUES ('charset_parts', '2'), ('charset.1', ' AZ'), "
        "('charset.2', '京南')");
    // Deliberately not the pack's real set: proves the stored set is what the kiosk uses.
    CHECK(ContentDb(path).all_text_codepoints() == U" AZ京南");
}

TEST_CASE("all_text_codepoints scans the texts when the stored set is incomplete or damaged") {
    const std::u32string scanned = db().all_text_codepoints();  // sample pack: no stored set
    const std::pair<const char*, const char*> damaged[] = {
        {"charset_missing_part.db",
         "INSERT INTO meta VALUES ('charset_parts', '2'), ('charset.1', ' AZ')"},
        {"charset_extra_part.db",
         "INSERT INTO meta VALUES ('charset_parts', '1'), ('charset.1', ' A'), ('charset.3', 'Z')"},
        {"charset_no_count.db", "INSERT INTO meta VALUES ('charset.1', ' AZ')"},
        {"charset_unsorted.db",
         "INSERT INTO meta VALUES ('charset_parts', '1'), ('charset.1', 'ZA')"},
        {"charset_control.db",
         "INSERT INTO meta VALUES ('charset_parts', '1'), ('charset.1', char(9) || 'A')"},
        {"charset_bad_count.db",
         "INSERT INTO meta VALUES ('charset_parts', 'two'), ('charset.1', ' A')"},
    };
    for (const auto& [name, sql] : damaged) {
        INFO(name);
        CHECK(ContentDb(fixtures::sample_copy(name, sql)).all_text_codepoints() == scanned);
    }
}

TEST_CASE("indexes loaded when first needed give the same grid and search as loaded at open") {
    const ContentDb lazy(fixtures::sample_db(), IndexLoading::WhenFirstNeeded);
    CHECK(lazy.media("g_battery_1", true));  // media (the texture worker's use) needs no index
    CHECK(lazy.count_members({}) == db().count_members({}));
    CHECK(ids(lazy.members({}, 0, 100)) == ids(db().members({}, 0, 100)));
    for (const char* query : {"nj", "南京", "university", "钙钛矿"}) {
        INFO(query);
        CHECK(ids(lazy.search(query, 40)) == ids(db().search(query, 40)));
    }
}

TEST_CASE("indexes loaded on request (after the kiosk's first frame) give the same answers") {
    const ContentDb on_request(fixtures::sample_db(), IndexLoading::OnRequest);
    // The home screen's total is answered before any index exists, and agrees with it.
    CHECK(on_request.count_members({}) == db().count_members({}));
    on_request.prefetch_indexes();
    on_request.prefetch_indexes();  // a second request starts nothing new
    CHECK(on_request.count_members({}) == db().count_members({}));
    MemberFilter universities;
    universities.kind = "university";
    CHECK(on_request.count_members(universities) == db().count_members(universities));
    CHECK(ids(on_request.members({}, 0, 100)) == ids(db().members({}, 0, 100)));
    CHECK(ids(on_request.search("nj", 40)) == ids(db().search("nj", 40)));
    // Never asked: the first grid call loads them itself.
    const ContentDb never_asked(fixtures::sample_db(), IndexLoading::OnRequest);
    CHECK(ids(never_asked.members(universities, 0, 100)) ==
          ids(db().members(universities, 0, 100)));
}

TEST_CASE("a large character set is stored in parts the importer accepts and read back whole") {
    std::u32string codepoints = U" 0AZaz";
    for (char32_t cp = 0x4E00; cp < 0x4E00 + 6000; ++cp) codepoints.push_back(cp);  // 18,000 B
    codepoints.push_back(U'\U0001F600');  // 4 bytes in UTF-8
    const auto rows = charset_meta_rows(codepoints);
    REQUIRE(rows.size() >= 4);  // the count and 3+ parts
    CHECK(rows.front() ==
          std::pair<std::string, std::string>{"charset_parts", std::to_string(rows.size() - 1)});
    std::string sql;
    for (const auto& [key, value] : rows) {
        CHECK(value.size() <= kCharsetPartMaxBytes);
        sql += "INSERT INTO meta VALUES ('" + key + "', '" + value + "');";
    }
    SQLite::Database db(fixtures::sample_copy("charset_parts.db", sql), SQLite::OPEN_READONLY);
    CHECK(read_stored_charset(db) == codepoints);
}

TEST_CASE("a pack of format 1, as installed in the field, still shows") {
    const ContentDb v1(KIOSK_V1_PACK);
    const PackInfo info = v1.info();
    CHECK(info.schema_version == 1);
    CHECK(info.pack_version == 20240428);
    CHECK(info.count("member") == 21);
    CHECK(info.count("project") == 12);
    CHECK(info.count("event") == 0);  // format 1 has no timeline: not counted, not an error
    const auto nju = v1.member("nju");
    REQUIRE(nju);
    CHECK(nju->card.name.zh == "南京大学");
    CHECK(nju->card.kind == "university");
    // Its batches are the numbers its projects use, with plain names.
    const auto batches = v1.batches();
    REQUIRE(batches.size() == 3);
    CHECK(batches[0].number == 1);
    CHECK(batches[2].name.zh == "第3批");
    CHECK(batches[2].name.en == "Batch 3");
    CHECK(v1.projects(2).size() == 4);
    CHECK(timeline_events(v1).empty());
    CHECK_FALSE(timeline_event(v1, "founding-conference"));
    // Search works, and a project's subtitle names its batch the same way.
    const auto hits = v1.search("njdx", 5);
    REQUIRE_FALSE(hits.empty());
    CHECK(hits[0].id == "nju");
    const auto project = v1.search("示例项目", 1);
    REQUIRE(project.size() == 1);
    CHECK(project[0].kind == "project");
    CHECK(project[0].subtitle.en.rfind("Batch ", 0) == 0);
}

TEST_CASE("the timeline lists events by date, each with its gallery and links") {
    const auto events = timeline_events(db());
    REQUIRE(events.size() == 4);
    CHECK(events[0].id == "ev_founding");
    CHECK(events[3].id == "ev_sample_visit");
    CHECK(events[3].date == "2024-09-12");
    CHECK(events[3].is_sample);
    CHECK(events[3].cover == "g_visit_1");
    CHECK(events[0].cover.empty());
    const auto founding = timeline_event(db(), "ev_founding");
    REQUIRE(founding);
    CHECK(founding->card.title.en == "The alliance is founded");
    CHECK(founding->body.en == "More about: The alliance is founded.");
    REQUIRE(founding->members.size() == 2);
    CHECK(founding->members[0].id == "nju");  // in the members' display order
    REQUIRE(founding->people.size() == 1);
    CHECK(founding->people[0].id == "du_youwei");
    const auto bases = timeline_event(db(), "ev_bases");
    REQUIRE(bases);
    CHECK(bases->bases.size() == 2);
    const auto signing = timeline_event(db(), "ev_signing");
    REQUIRE(signing);
    REQUIRE(signing->projects.size() == 2);
    CHECK(signing->projects[0].parties.size() == 2);
    const auto visit = timeline_event(db(), "ev_sample_visit");
    REQUIRE(visit);
    REQUIRE(visit->gallery.size() == 2);
    CHECK(visit->gallery[1].caption.en == "Sample picture");
    CHECK_FALSE(timeline_event(db(), "no-such-event"));
}

TEST_CASE("signing batches are content, with their names and places") {
    const auto batches = db().batches();
    REQUIRE(batches.size() == 3);
    CHECK(batches[1].number == 2);
    CHECK(batches[1].name.zh == "第二批签约");
    CHECK(batches[1].place.en == "Founding conference");
    CHECK(batches[1].date == "2024-04-28");
}
