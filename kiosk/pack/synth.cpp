// Synthetic pack generator. Sections: text pools · images · entities
#include "kiosk/pack/synth.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <thread>

namespace kiosk::pack {

namespace {

// --- text pools ---

const char* const kCitiesZh[] = {"南京", "江苏", "苏州", "无锡", "常州", "上海",
                                 "杭州", "合肥", "扬州", "镇江", "泰州", "宁波"};
const char* const kCitiesEn[] = {"Nanjing",   "Jiangsu",   "Suzhou",   "Wuxi",
                                 "Changzhou", "Shanghai",  "Hangzhou", "Hefei",
                                 "Yangzhou",  "Zhenjiang", "Taizhou",  "Ningbo"};
const char* const kCoresZh[] = {"华科", "新材", "晶源", "锂能", "光谷", "纳微", "生华", "星辰",
                                "瑞达", "恒通", "博远", "中和", "金石", "天工", "明光", "源创"};
const char* const kCoresEn[] = {
    "Huake", "Xincai",   "Jingyuan", "Lineng",  "Guanggu", "Nanowei",  "Shenghua",  "Xingchen",
    "Ruida", "Hengtong", "Boyuan",   "Zhonghe", "Jinshi",  "Tiangong", "Mingguang", "Yuanchuang"};
struct KindWords {
    const char* kind;
    const char* zh;
    const char* en;
};
const KindWords kKinds[] = {
    {"enterprise", "新材料科技有限公司", "New Materials Technology Co., Ltd."},
    {"enterprise", "化学品股份有限公司", "Chemicals Co., Ltd."},
    {"university", "理工大学", "University of Science and Technology"},
    {"institute", "先进材料研究院", "Institute of Advanced Materials"},
    {"association", "新材料行业协会", "New Materials Industry Association"},
    {"finance", "科创投资基金", "Science and Innovation Investment Fund"},
    {"intermediary", "技术转移服务中心", "Technology Transfer Service Center"},
};
const char* const kSentencesZh[] = {
    "团队长期从事高性能材料的设计与制备，已建成从实验室到中试的完整工艺链。",
    "围绕电池正负极材料开展攻关，循环寿命和安全性均有明显提升。",
    "与园区企业共建联合实验室，推动成果在本地转化落地。",
    "产品已进入多家龙头企业的供应链，年产能持续扩大。",
    "在光学薄膜与显示材料方向积累了多项核心专利。",
    "通过绿色工艺降低能耗与排放，获得行业认可。",
    "面向生物医用场景开发可降解材料，正在开展临床前评价。",
    "利用纳米结构调控材料性能，实现了关键指标的突破。",
    "提供检测认证、知识产权与融资对接等一站式服务。",
    "培养了一批兼具科研与工程经验的青年人才。",
};
const char* const kSentencesEn[] = {
    "The team designs and produces high-performance materials and runs a complete chain from "
    "laboratory to pilot scale.",
    "Work on battery electrode materials has clearly improved cycle life and safety.",
    "A joint laboratory with companies in the park brings results into local production.",
    "Its products are now part of the supply chains of several leading manufacturers.",
    "It holds a number of core patents on optical films and display materials.",
    "Greener processes cut energy use and emissions and have earned industry recognition.",
    "Degradable materials for medical use are in pre-clinical evaluation.",
    "Nanoscale structures are used to tune material properties and reach key targets.",
    "It offers testing, certification, intellectual-property and financing services in one place.",
    "It has trained young researchers with both scientific and engineering experience.",
};
const char* const kFocusIds[] = {"energy", "optical", "optoelectronic", "bio", "nano"};

class Gen {
  public:
    explicit Gen(unsigned seed) : rng_(seed) {}
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
    template <typename T, size_t N>
    const T& any(const T (&arr)[N]) {
        return arr[pick(static_cast<int>(N))];
    }
    // A paragraph of about `sentences` sentences in both languages, same content.
    void paragraph(int sentences, std::string* zh, std::string* en) {
        for (int i = 0; i < sentences; ++i) {
            const int k = pick(static_cast<int>(std::size(kSentencesZh)));
            *zh += kSentencesZh[k];
            if (!en->empty()) *en += ' ';
            *en += kSentencesEn[k];
        }
    }
    std::mt19937& rng() { return rng_; }

  private:
    std::mt19937 rng_;
};

// --- images ---

// A photo-like abstract picture: gradient, soft particles and grain so JPEG sizes are realistic.
// Profiled (perf): per-pixel blob tests, sinf and std::mt19937 grain took ~90% of a synth run, so
// blobs are added only inside their bounding boxes, the wave is separable (sin(a+b) from tables)
// and the grain comes from a xorshift generator seeded by the pack's generator.
std::shared_ptr<const PreparedImage> make_photo(Gen& g, int w, int h) {
    const auto W = static_cast<size_t>(w), H = static_cast<size_t>(h);
    const float hue = static_cast<float>(g.pick(360));
    const float base[3] = {0.5f + 0.5f * std::sin(hue), 0.5f + 0.5f * std::sin(hue + 2.1f),
                           0.5f + 0.5f * std::sin(hue + 4.2f)};
    std::vector<float> light(W * H, 0.f);
    for (int i = 0; i < 24; ++i) {
        const float bx = static_cast<float>(g.pick(w)), by = static_cast<float>(g.pick(h));
        const float r = static_cast<float>(20 + g.pick(h / 4));
        const int x0 = std::max(0, static_cast<int>(bx - r)), x1 = std::min(w - 1, int(bx + r));
        const int y0 = std::max(0, static_cast<int>(by - r)), y1 = std::min(h - 1, int(by + r));
        for (int y = y0; y <= y1; ++y) {
            const float dy = static_cast<float>(y) - by;
            float* row = &light[static_cast<size_t>(y) * W];
            for (int x = x0; x <= x1; ++x) {
                const float dx = static_cast<float>(x) - bx;
                const float d2 = (dx * dx + dy * dy) / (r * r);
                if (d2 < 1) row[x] += (1 - d2) * 0.5f;
            }
        }
    }
    std::vector<float> sin_x(W), cos_x(W), sin_y(H), cos_y(H);
    for (size_t x = 0; x < W; ++x) {
        sin_x[x] = std::sin(static_cast<float>(x) * 0.03f);
        cos_x[x] = std::cos(static_cast<float>(x) * 0.03f);
    }
    for (size_t y = 0; y < H; ++y) {
        sin_y[y] = std::sin(static_cast<float>(y) * 0.01f);
        cos_y[y] = std::cos(static_cast<float>(y) * 0.01f);
    }
    uint32_t grain = static_cast<uint32_t>(g.rng()()) | 1u;
    const auto noise = [&grain] {  // xorshift32 → -5..5
        grain ^= grain << 13, grain ^= grain >> 17, grain ^= grain << 5;
        return static_cast<int>(grain % 11u) - 5;
    };
    std::vector<unsigned char> px(W * H * 3);
    const float inv = 1.0f / static_cast<float>(w + h);
    for (size_t y = 0; y < H; ++y) {
        const float* row = &light[y * W];
        unsigned char* p = &px[y * W * 3];
        for (size_t x = 0; x < W; ++x, p += 3) {
            const float t = static_cast<float>(x + y) * inv;
            const float wave = 0.08f * (sin_x[x] * cos_y[y] + cos_x[x] * sin_y[y]);
            const float shade = 0.15f + 0.55f * t, glow = row[x] * 0.6f + wave;
            for (int k = 0; k < 3; ++k) {
                const float v = shade * base[k] + glow;
                p[k] = static_cast<unsigned char>(
                    std::clamp(static_cast<int>(v * 255.0f) + noise(), 0, 255));
            }
        }
    }
    return std::make_shared<PreparedImage>(prepare_pixels(px.data(), w, h, 3));
}

// A logo-like mark with transparency: a ring and a bar on a clear background (PNG).
std::shared_ptr<const PreparedImage> make_logo(Gen& g, int size) {
    std::vector<unsigned char> px(static_cast<size_t>(size) * static_cast<size_t>(size) * 4, 0);
    const unsigned char col[3] = {static_cast<unsigned char>(60 + g.pick(190)),
                                  static_cast<unsigned char>(60 + g.pick(190)),
                                  static_cast<unsigned char>(60 + g.pick(190))};
    const float c = static_cast<float>(size) / 2;
    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x) {
            const float d = std::hypot(static_cast<float>(x) - c, static_cast<float>(y) - c) / c;
            const bool ring = d > 0.62f && d < 0.9f;
            const bool bar = std::abs(static_cast<float>(y) - c) < c * 0.12f && d < 0.62f;
            if (!ring && !bar) continue;
            unsigned char* p =
                &px[(static_cast<size_t>(y) * static_cast<size_t>(size) + static_cast<size_t>(x)) *
                    4];
            p[0] = col[0], p[1] = col[1], p[2] = col[2], p[3] = 255;
        }
    }
    return std::make_shared<PreparedImage>(prepare_pixels(px.data(), size, size, 4));
}

}  // namespace

// --- entities ---

PackContent synthesize(const SynthOptions& o) {
    Gen g(o.seed);
    PackContent c;
    const char* alliance[][3] = {
        {"name", "合成测试联盟", "Synthetic Test Alliance"},
        {"intro", "用于性能测试的合成内容包。", "A synthetic content pack for benchmarks."},
        {"founded", "2024年4月28日", "28 April 2024"},
        {"theme", "合成数据", "Synthetic data"},
        {"model", "产+学+研+金+介+用",
         "Industry + academia + research + finance + intermediaries + users"},
        {"initiator", "合成园区", "Synthetic Park"}};
    for (const auto& a : alliance) c.add("alliance", {{"key", a[0]}, {"zh", a[1]}, {"en", a[2]}});
    c.add("key_number", {{"id", "members"},
                         {"value", std::to_string(o.members)},
                         {"label_zh", "成员单位"},
                         {"label_en", "members"}});
    c.add("key_number", {{"id", "projects"},
                         {"value", std::to_string(o.projects)},
                         {"label_zh", "签约项目"},
                         {"label_en", "signed projects"}});
    c.add("vision", {{"id", "source"},
                     {"keyword_zh", "策源地"},
                     {"keyword_en", "Source"},
                     {"text_zh", "合成文本。"},
                     {"text_en", "Synthetic text."}});
    const char* colors[] = {"#F5A524", "#7C9CFF", "#B57BFF", "#3DD68C", "#19C3B1"};
    const char* icons[] = {"battery_charging_full", "lens", "solar_power", "biotech", "grain"};
    const char* names_zh[] = {"能源材料", "光学材料", "光电材料", "生物材料", "纳米材料"};
    const char* names_en[] = {"Energy materials", "Optical materials", "Optoelectronic materials",
                              "Biomaterials", "Nanomaterials"};
    for (int i = 0; i < 5; ++i)
        c.add("focus_area", {{"id", kFocusIds[i]},
                             {"name_zh", names_zh[i]},
                             {"name_en", names_en[i]},
                             {"summary_zh", "合成领域简介。"},
                             {"summary_en", "Synthetic focus summary."},
                             {"color", colors[i]},
                             {"icon", icons[i]}});

    // Images: a few distinct ones, reused under many ids (the bytes are what matters for size).
    // Encoding them is most of a synth run, so they are made on all cores; each image has its own
    // generator seeded in order, so the pack stays the same for the same seed.
    const int distinct = std::max(1, std::min(o.images, o.distinct_images));
    const int logo_kinds = std::min(distinct, 8);
    std::vector<std::shared_ptr<const PreparedImage>> photos(static_cast<size_t>(distinct)),
        logos(static_cast<size_t>(logo_kinds));
    std::vector<unsigned> seeds;
    for (int i = 0; i < distinct + logo_kinds; ++i)
        seeds.push_back(static_cast<unsigned>(g.rng()()));
    std::atomic<int> next_job{0};
    const auto work = [&] {
        for (int i; (i = next_job++) < distinct + logo_kinds;) {
            Gen own(seeds[static_cast<size_t>(i)]);
            if (i >= distinct) {
                logos[static_cast<size_t>(i - distinct)] = make_logo(own, 512);
                continue;
            }
            const int shape = i % 3;
            photos[static_cast<size_t>(i)] = shape == 0   ? make_photo(own, 1600, 1000)
                                             : shape == 1 ? make_photo(own, 1600, 1067)
                                                          : make_photo(own, 1000, 1500);
        }
    };
    {
        std::vector<std::jthread> workers;
        for (unsigned t = 1; t < std::max(1u, std::thread::hardware_concurrency()); ++t)
            workers.emplace_back(work);
        work();
    }
    int next_image = 0;
    const auto new_media = [&](bool logo) {
        const std::string id = "img" + std::to_string(++next_image);
        c.media.push_back({id, logo ? logos[static_cast<size_t>(next_image) % logos.size()]
                                    : photos[static_cast<size_t>(next_image) % photos.size()]});
        return id;
    };
    const int logo_count = std::min(o.members * 3 / 10, o.images / 10);

    std::vector<std::string> enterprises, academics, member_ids;
    std::vector<std::pair<std::string, std::string>> member_names;
    for (int i = 0; i < o.members; ++i) {
        const KindWords& kind = kKinds[i % std::size(kKinds)];
        const int city = g.pick(static_cast<int>(std::size(kCitiesZh)));
        const int core = g.pick(static_cast<int>(std::size(kCoresZh)));
        const std::string id = "m" + std::to_string(i + 1);
        const std::string name_zh = std::string(kCitiesZh[city]) + kCoresZh[core] + kind.zh;
        const std::string name_en =
            std::string(kCitiesEn[city]) + " " + kCoresEn[core] + " " + kind.en;
        std::string short_zh, short_en, long_zh, long_en;
        g.paragraph(1, &short_zh, &short_en);
        g.paragraph(4 + g.pick(5), &long_zh, &long_en);
        Value logo;
        if (i < logo_count) logo = new_media(true);
        c.add("member", {{"id", id},
                         {"kind", kind.kind},
                         {"name_zh", name_zh},
                         {"name_en", name_en},
                         {"short_zh", short_zh},
                         {"short_en", short_en},
                         {"long_zh", long_zh},
                         {"long_en", long_en},
                         {"logo", logo},
                         {"is_sample", 1LL}});
        const std::string first = kFocusIds[g.pick(5)];
        c.add("member_focus", {{"member_id", id}, {"focus_id", first}});
        if (g.pick(2)) {
            const std::string second = kFocusIds[g.pick(5)];
            if (second != first) c.add("member_focus", {{"member_id", id}, {"focus_id", second}});
        }
        if (std::string(kind.kind) == "enterprise") enterprises.push_back(id);
        if (std::string(kind.kind) == "university" || std::string(kind.kind) == "institute")
            academics.push_back(id);
        member_ids.push_back(id);
        member_names.emplace_back(name_zh, name_en);
    }
    const char* surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"};
    const char* surnames_en[] = {"Wang", "Li",   "Zhang", "Liu",  "Chen",
                                 "Yang", "Zhao", "Huang", "Zhou", "Wu"};
    const char* given[] = {"明", "华", "伟", "芳", "军", "静", "磊", "洋", "勇", "艳"};
    const char* given_en[] = {"Ming", "Hua", "Wei",  "Fang", "Jun",
                              "Jing", "Lei", "Yang", "Yong", "Yan"};
    const int people = std::min(300, o.members / 5);
    for (int i = 0; i < people; ++i) {
        const int s = g.pick(10), a = g.pick(10), b = g.pick(10);
        const auto m = static_cast<size_t>(g.pick(o.members));
        std::string bio_zh, bio_en;
        g.paragraph(3, &bio_zh, &bio_en);
        c.add("person", {{"id", "p" + std::to_string(i + 1)},
                         {"name_zh", std::string(surnames[s]) + given[a] + given[b]},
                         {"name_en", std::string(given_en[a]) + given_en[b] + " " + surnames_en[s]},
                         {"role_zh", "教授"},
                         {"role_en", "Professor"},
                         {"affiliation_zh", member_names[m].first},
                         {"affiliation_en", member_names[m].second},
                         {"member_id", member_ids[m]},
                         {"is_academician", i % 7 == 0 ? 1LL : 0LL},
                         {"is_speaker", i % 3 == 0 ? 1LL : 0LL},
                         {"bio_zh", bio_zh},
                         {"bio_en", bio_en},
                         {"is_sample", 1LL}});
    }
    std::vector<std::string> highlight_ids;
    for (int i = 0; i < o.highlights; ++i) {
        const std::string id = "h" + std::to_string(i + 1);
        std::string summary_zh, summary_en, body_zh, body_en;
        g.paragraph(2, &summary_zh, &summary_en);
        g.paragraph(6 + g.pick(6), &body_zh, &body_en);
        c.add("highlight",
              {{"id", id},
               {"focus_id", kFocusIds[i % 5]},
               {"title_zh", std::string(names_zh[i % 5]) + "研究亮点" + std::to_string(i + 1)},
               {"title_en", std::string(names_en[i % 5]) + " highlight " + std::to_string(i + 1)},
               {"summary_zh", summary_zh},
               {"summary_en", summary_en},
               {"body_zh", body_zh},
               {"body_en", body_en},
               {"is_sample", 1LL}});
        if (o.members > 0)
            c.add("highlight_member",
                  {{"highlight_id", id},
                   {"member_id", member_ids[static_cast<size_t>(g.pick(o.members))]}});
        highlight_ids.push_back(id);
    }
    // The remaining images fill the galleries round-robin (the writer numbers them per owner).
    std::vector<int> gallery_size(highlight_ids.size());
    for (size_t i = 0; next_image < o.images && !highlight_ids.empty(); ++i) {
        const size_t h = i % highlight_ids.size();
        const std::string n = std::to_string(++gallery_size[h]);
        c.add("highlight_media", {{"highlight_id", highlight_ids[h]},
                                  {"media_id", new_media(false)},
                                  {"caption_zh", "图" + n},
                                  {"caption_en", "Figure " + n}});
    }
    for (int i = 0; i < 4; ++i)
        c.add("base", {{"id", "b" + std::to_string(i + 1)},
                       {"name_zh", "合成转化基地" + std::to_string(i + 1)},
                       {"name_en", "Synthetic base " + std::to_string(i + 1)},
                       {"summary_zh", "合成基地简介。"},
                       {"summary_en", "Synthetic base summary."},
                       {"is_sample", 1LL}});
    for (long long b = 1; b <= 3; ++b)
        c.add("batch", {{"number", b},
                        {"date", "2024-04-28"},
                        {"name_zh", "第" + std::to_string(b) + "批"},
                        {"name_en", "Batch " + std::to_string(b)},
                        {"place_zh", ""},
                        {"place_en", ""},
                        {"is_sample", 1LL}});
    std::vector<std::string> project_ids;
    for (int i = 0; i < o.projects && !enterprises.empty() && !academics.empty(); ++i) {
        const std::string id = "j" + std::to_string(i + 1);
        std::string summary_zh, summary_en;
        const std::string focus = kFocusIds[g.pick(5)];
        g.paragraph(2, &summary_zh, &summary_en);
        c.add("project",
              {{"id", id},
               {"batch", static_cast<long long>(1 + i % 3)},
               {"focus_id", focus},
               {"title_zh", std::string(names_zh[i % 5]) + "合作项目" + std::to_string(i + 1)},
               {"title_en",
                std::string(names_en[i % 5]) + " cooperation project " + std::to_string(i + 1)},
               {"summary_zh", summary_zh},
               {"summary_en", summary_en},
               {"is_sample", 1LL}});
        const auto pick = [&](const std::vector<std::string>& from) {
            return from[static_cast<size_t>(g.pick(static_cast<int>(from.size())))];
        };
        c.add("project_party",
              {{"project_id", id}, {"member_id", pick(enterprises)}, {"role", "enterprise"}});
        c.add("project_party",
              {{"project_id", id}, {"member_id", pick(academics)}, {"role", "academic"}});
        project_ids.push_back(id);
    }
    // A year of events, one a fortnight, each linking a member and a project.
    for (int i = 0; i < o.events; ++i) {
        const std::string id = "e" + std::to_string(i + 1);
        char date[16];
        std::snprintf(date, sizeof date, "2024-%02d-%02d", 1 + (i / 2) % 12, 1 + (i % 2) * 14);
        std::string summary_zh, summary_en, body_zh, body_en;
        g.paragraph(1, &summary_zh, &summary_en);
        g.paragraph(4, &body_zh, &body_en);
        c.add("event", {{"id", id},
                        {"date", std::string(date)},
                        {"title_zh", "合成大事" + std::to_string(i + 1)},
                        {"title_en", "Synthetic event " + std::to_string(i + 1)},
                        {"summary_zh", summary_zh},
                        {"summary_en", summary_en},
                        {"body_zh", body_zh},
                        {"body_en", body_en},
                        {"is_sample", 1LL}});
        if (!member_ids.empty())
            c.add("event_member",
                  {{"event_id", id},
                   {"member_id", member_ids[static_cast<size_t>(i) % member_ids.size()]}});
        if (!project_ids.empty())
            c.add("event_project",
                  {{"event_id", id},
                   {"project_id", project_ids[static_cast<size_t>(i) % project_ids.size()]}});
    }
    return c;
}

}  // namespace kiosk::pack
