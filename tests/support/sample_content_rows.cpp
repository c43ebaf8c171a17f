// The sample pack's rows: facts from the alliance report, plus entries marked as samples.
// Sections: alliance · focus areas · members · people · highlights · projects · pinyin
#include "tests/support/sample_content_internal.h"

namespace kiosk::sample {
namespace {

using S = std::string;

void alliance(SQLite::Database& db) {
    insert(db, "meta", {S("pack_version"), S("7")});
    insert(db, "meta", {S("built_at"), S("2024-05-01T08:00:00Z")});
    insert(db, "meta", {S("title"), S("测试内容包 / Test pack")});
    const char* texts[][3] = {
        {"name", "南京江北新材料产业创新联盟",
         "Nanjing Jiangbei New Materials Industry Innovation Alliance"},
        {"intro", "联盟汇聚高校院所与龙头企业，推动新材料研产贯通。",
         "The alliance brings universities, institutes and leading firms together on new "
         "materials."},
        {"founded", "2024年4月28日", "28 April 2024"},
        {"theme", "汇聚研产新力量 贯通创新全链条",
         "Gathering new forces of research and industry, connecting the whole innovation chain"},
        {"model", "产+学+研+金+介+用",
         "Industry + academia + research + finance + intermediaries + users"},
        {"initiator", "南京江北新材料科技园",
         "Nanjing Jiangbei New Materials Science & Technology Park"}};
    for (auto& t : texts) insert(db, "alliance", {S(t[0]), S(t[1]), S(t[2])});
    const char* numbers[][4] = {{"academic", "14", "高校院所", "Universities and institutes"},
                                {"firms", "60", "企业与机构", "Enterprises and organisations"},
                                {"focus", "5", "重点方向", "Focus areas"},
                                {"bases", "4", "成果转化基地", "Transformation bases"},
                                {"projects", "12", "签约项目", "Signed projects"},
                                {"guests", "200+", "参会嘉宾", "Attendees"}};
    long long sort = 1;
    for (auto& n : numbers) insert(db, "key_number", {S(n[0]), sort++, S(n[1]), S(n[2]), S(n[3])});
    const char* vision[][5] = {
        {"source", "策源地", "Source", "新材料科学发现与创新的源头。", "A source of discovery."},
        {"landmark", "标志区", "Landmark", "产业升级的标志区域。", "A landmark of upgrading."},
        {"highland", "新高地", "New high ground", "高质量发展的新高地。", "High-quality growth."}};
    sort = 1;
    for (auto& v : vision)
        insert(db, "vision", {S(v[0]), sort++, S(v[1]), S(v[2]), S(v[3]), S(v[4])});
    const char* bases[][3] = {
        {"base_buct", "北京化工大学成果转化基地", "Beijing University of Chemical Technology Base"},
        {"base_green", "绿色过程与新材料成果转化基地", "Green Processes and New Materials Base"},
        {"base_licp", "中国科学院兰州化学物理研究所成果转化基地",
         "Lanzhou Institute of Chemical Physics Base"},
        {"base_daily", "中国日用化学研究院成果转化基地",
         "China Research Institute of Daily Chemical Industry Base"}};
    sort = 1;
    for (auto& b : bases)
        insert(db, "base",
               {S(b[0]), sort++, S(b[1]), S(b[2]), S("揭牌成立的成果转化基地。"),
                S("An achievement-transformation base unveiled at the founding."), 0LL});
}

void focus_areas(SQLite::Database& db) {
    const char* rows[][6] = {
        {"energy", "能源材料", "Energy materials", "#E07A1F", "bolt", "电池与储能"},
        {"optical", "光学材料", "Optical materials", "#2F6FD0", "visibility", "光学器件"},
        {"optoelectronic", "光电材料", "Optoelectronic materials", "#7B4FD6", "memory", "光电转换"},
        {"bio", "生物材料", "Biomaterials", "#2E9E6A", "eco", "生物医用"},
        {"nano", "纳米材料", "Nanomaterials", "#C23B6E", "grain", "纳米结构"}};
    long long sort = 1;
    for (auto& r : rows)
        insert(db, "focus_area",
               {S(r[0]), sort++, S(r[1]), S(r[2]), S(r[5]), S(std::string(r[2]) + " for industry."),
                S(r[3]), S(r[4])});
}

struct MemberRow {
    const char* id;
    const char* kind;
    const char* zh;
    const char* en;
    const char* focus1;
    const char* focus2;  // "" = one focus only
    const char* logo;    // "" = none
    long long is_sample;
};
const MemberRow kMembers[] = {
    {"tsinghua", "university", "清华大学", "Tsinghua University", "energy", "nano", "logo_tsinghua",
     0},
    {"nju", "university", "南京大学", "Nanjing University", "optical", "nano", "logo_nju", 0},
    {"seu", "university", "东南大学", "Southeast University", "optoelectronic", "", "", 0},
    {"njtech", "university", "南京工业大学", "Nanjing Tech University", "energy", "bio", "", 0},
    {"sioc", "institute", "中国科学院上海有机化学研究所",
     "Shanghai Institute of Organic Chemistry, CAS", "bio", "", "", 0},
    {"licp", "institute", "中国科学院兰州化学物理研究所",
     "Lanzhou Institute of Chemical Physics, CAS", "energy", "", "", 1},
    {"adisseo", "enterprise", "安迪苏中国区", "Adisseo China", "bio", "", "", 1},
    {"sample_energy", "enterprise", "江北示例新能源材料有限公司",
     "Jiangbei Sample Energy Materials Co., Ltd.", "energy", "", "", 1},
    {"sample_photon", "enterprise", "示例光电科技有限公司", "Sample Photonics Technology Co., Ltd.",
     "optoelectronic", "optical", "", 1},
    {"assoc_materials", "association", "江苏省新材料产业协会",
     "Jiangsu New Materials Industry Association", "nano", "", "", 1},
    {"assoc_chem", "association", "南京化工行业协会", "Nanjing Chemical Industry Association",
     "energy", "", "", 1},
    {"fund_jiangbei", "finance", "江北新区产业投资基金",
     "Jiangbei New Area Industrial Investment Fund", "energy", "nano", "", 1},
    {"bank_sample", "finance", "示例科技银行", "Sample Technology Bank", "bio", "", "", 1},
    {"ip_service", "intermediary", "示例知识产权服务中心", "Sample IP Service Centre", "optical",
     "", "", 1},
    {"tech_transfer", "intermediary", "示例技术转移中心", "Sample Technology Transfer Centre",
     "nano", "", "", 1},
};

void members(SQLite::Database& db) {
    long long sort = 1;
    for (const auto& m : kMembers) {
        const bool seu = S(m.id) == "seu";
        // Only seu's long text names perovskites: tests use it as a body-only search word.
        const S long_zh =
            S(m.zh) + (seu ? "在钙钛矿光电器件方面开展研究。" : "面向新材料产业开展合作。");
        const S long_en = S(m.en) + (seu ? " works on perovskite optoelectronic devices."
                                         : " cooperates with the new-materials industry.");
        insert(db, "member",
               {S(m.id), sort++, S(m.kind), S(m.zh), S(m.en), S(S(m.zh) + "，联盟成员单位。"),
                S(S(m.en) + ", an alliance member."), long_zh, long_en,
                *m.logo ? Value(S(m.logo)) : Value(nullptr), m.is_sample});
        insert(db, "member_focus", {S(m.id), S(m.focus1)});
        if (*m.focus2) insert(db, "member_focus", {S(m.id), S(m.focus2)});
    }
}

void people(SQLite::Database& db) {
    struct P {
        const char *id, *zh, *en, *member, *aff_zh, *aff_en;
        long long academician, speaker;
        const char *role_zh, *role_en;
    };
    const P rows[] = {
        {"ma_dawei", "马大为", "Ma Dawei", "sioc", "中国科学院上海有机化学研究所",
         "Shanghai Institute of Organic Chemistry", 1, 0, "院士", "Academician"},
        {"chen_yi", "陈懿", "Chen Yi", "nju", "南京大学", "Nanjing University", 1, 0, "院士",
         "Academician"},
        {"du_youwei", "都有为", "Du Youwei", "nju", "南京大学", "Nanjing University", 1, 1, "院士",
         "Academician"},
        {"zhang_quanxing", "张全兴", "Zhang Quanxing", "nju", "南京大学", "Nanjing University", 1,
         0, "院士", "Academician"},
        {"li_quan", "李全", "Li Quan", "seu", "东南大学", "Southeast University", 1, 0, "院士",
         "Academician"},
        {"guo_mingming", "郭鸣明", "Guo Mingming", "", "西南大学", "Southwest University", 1, 0,
         "院士", "Academician"},
        {"jiang_juncheng", "蒋军成", "Jiang Juncheng", "njtech", "南京工业大学",
         "Nanjing Tech University", 0, 1, "校长", "President"},
        {"wang_yue", "王悦", "Wang Yue", "", "天津大学", "Tianjin University", 0, 1, "教授",
         "Professor"},
        {"zhu_xiaolei", "朱小磊", "Zhu Xiaolei", "adisseo", "安迪苏中国区", "Adisseo China", 0, 1,
         "执行总裁", "Executive president"},
        {"ru_chengjun", "茹成军", "Ru Chengjun", "adisseo", "安迪苏中国区", "Adisseo China", 0, 0,
         "副总经理", "Vice general manager"},
    };
    long long sort = 1;
    for (const auto& p : rows)
        insert(
            db, "person",
            {S(p.id), sort++, S(p.zh), S(p.en), S(p.role_zh), S(p.role_en), S(p.aff_zh),
             S(p.aff_en), *p.member ? Value(S(p.member)) : Value(nullptr), p.academician, p.speaker,
             S(S(p.zh) + "出席联盟成立大会。"), S(S(p.en) + " attended the founding conference."),
             S(p.id) == "du_youwei" ? Value(S("photo_du")) : Value(nullptr), 0LL});
}

void highlights(SQLite::Database& db) {
    struct H {
        const char *id, *focus, *zh, *en, *member;
        int images;
    };
    const H rows[] = {
        {"hl_battery", "energy", "固态电池电解质", "Solid-state battery electrolytes", "tsinghua",
         3},
        {"hl_hydrogen", "energy", "催化制氢材料", "Catalysts for hydrogen", "njtech", 1},
        {"hl_lens", "optical", "超构透镜", "Metalenses", "nju", 2},
        {"hl_led", "optoelectronic", "柔性发光器件", "Flexible light-emitting devices", "seu", 1},
        {"hl_scaffold", "bio", "可降解组织支架", "Degradable tissue scaffolds", "sioc", 2},
        {"hl_magnet", "nano", "纳米磁性材料", "Magnetic nanomaterials", "nju", 0}};
    long long sort = 1;
    for (const auto& h : rows) {
        insert(db, "highlight",
               {S(h.id), sort++, S(h.focus), S(h.zh), S(h.en), S(S(h.zh) + "研究进展。"),
                S(h.en + S(": progress.")), S(S(h.zh) + "的示例研究介绍。"),
                S(S("A sample story about ") + h.en + "."), 1LL});
        insert(db, "highlight_member", {S(h.id), S(h.member)});
        for (int i = 1; i <= h.images; ++i) {
            const S n = std::to_string(i);
            insert(db, "highlight_media",
                   {S(h.id), static_cast<long long>(i), S("g_" + S(h.id).substr(3) + "_" + n),
                    S("图" + n), S("Figure " + n)});
        }
    }
    insert(db, "highlight_member", {S("hl_battery"), S("sample_energy")});
}

void projects(SQLite::Database& db) {
    const char* firms[] = {"adisseo", "sample_energy", "sample_photon"};
    const char* academics[] = {"tsinghua", "nju", "seu", "njtech", "sioc"};
    const char* focus[] = {"energy", "optical", "optoelectronic", "bio", "nano"};
    for (int i = 0; i < 12; ++i) {
        const S n = std::to_string(i + 1);
        const S id = "proj_" + S(i < 9 ? "0" : "") + n;
        insert(db, "project",
               {id, static_cast<long long>(i + 1), static_cast<long long>(i / 4 + 1),
                S(focus[i % 5]), S("示例合作项目" + n), S("Sample cooperation project " + n),
                S("研产贯通合作协议（示例）。"),
                S("A research-industry cooperation agreement (sample)."), 1LL});
        insert(db, "project_party", {id, S(firms[i % 3]), S("enterprise")});
        insert(db, "project_party", {id, S(academics[i % 5]), S("academic")});
    }
}

// Three signing batches, and a timeline of four events: the founding (linking members, people
// and a base), the bases' unveiling, the signing (linking projects), and a sample with a gallery.
void timeline(SQLite::Database& db) {
    const char* ordinals[][2] = {{"一", "First"}, {"二", "Second"}, {"三", "Third"}};
    for (long long b = 1; b <= 3; ++b)
        insert(db, "batch",
               {b, S("2024-04-28"), S(S("第") + ordinals[b - 1][0] + "批签约"),
                S(S(ordinals[b - 1][1]) + " signing batch"), S("联盟成立大会"),
                S("Founding conference"), 0LL});
    struct E {
        const char *id, *date, *zh, *en;
        long long sample;
    };
    const E rows[] = {{"ev_founding", "2024-04-28", "联盟成立大会", "The alliance is founded", 0},
                      {"ev_bases", "2024-04-28", "四个成果转化基地揭牌", "Four bases unveiled", 0},
                      {"ev_signing", "2024-04-28", "12项合作协议分三批签约",
                       "12 agreements signed in three batches", 0},
                      {"ev_sample_visit", "2024-09-12", "示例：联盟成员走访交流",
                       "Sample: members visit one another", 1}};
    long long sort = 1;
    for (const E& e : rows)
        insert(db, "event",
               {S(e.id), sort++, S(e.date), S(e.zh), S(e.en), S(S(e.zh) + "。"), S(S(e.en) + "."),
                S(S(e.zh) + "的详细介绍。"), S(S("More about: ") + e.en + "."), e.sample});
    insert(db, "event_member", {S("ev_founding"), S("nju")});
    insert(db, "event_member", {S("ev_founding"), S("njtech")});
    insert(db, "event_person", {S("ev_founding"), S("du_youwei")});
    insert(db, "event_base", {S("ev_bases"), S("base_buct")});
    insert(db, "event_base", {S("ev_bases"), S("base_green")});
    insert(db, "event_project", {S("ev_signing"), S("proj_01")});
    insert(db, "event_project", {S("ev_signing"), S("proj_05")});
    for (long long i = 1; i <= 2; ++i)
        insert(db, "event_media",
               {S("ev_sample_visit"), i, S("g_visit_" + std::to_string(i)), S("示例图片"),
                S("Sample picture")});
}

}  // namespace

void insert_rows(SQLite::Database& db) {
    alliance(db);
    focus_areas(db);
    members(db);
    people(db);
    highlights(db);
    projects(db);
    timeline(db);
}

// --- pinyin: what the pack builder computes from the dictionary, written out by hand here
const std::vector<Pinyin>& name_pinyin() {
    static const std::vector<Pinyin> rows = {
        {"tsinghua", "qinghuadaxue", "qhdx"},
        {"nju", "nanjingdaxue", "njdx"},
        {"seu", "dongnandaxue", "dndx"},
        {"njtech", "nanjinggongyedaxue", "njgydx"},
        {"sioc", "zhongguokexueyuanshanghaiyoujihuaxueyanjiusuo", "zgkxyshyjhxyjs"},
        {"licp", "zhongguokexueyuanlanzhouhuaxuewuliyanjiusuo", "zgkxylzhxwlyjs"},
        {"adisseo", "andisuzhongguoqu", "adszgq"},
        {"sample_energy", "jiangbeishilixinnengyuancailiaoyouxiangongsi", "jbslxnyclyxgs"},
        {"sample_photon", "shiliguangdiankejiyouxiangongsi", "slgdkjyxgs"},
        {"assoc_materials", "jiangsushengxincailiaochanyexiehui", "jssxclcyxh"},
        {"assoc_chem", "nanjinghuagonghangyexiehui", "njhghyxh"},
        {"fund_jiangbei", "jiangbeixinquchanyetouzijijin", "jbxqcytzjj"},
        {"bank_sample", "shilikejiyinhang", "slkjyh"},
        {"ip_service", "shilizhishichanquanfuwuzhongxin", "slzscqfwzx"},
        {"tech_transfer", "shilijishuzhuanyizhongxin", "sljszyzx"},
        {"ma_dawei", "madawei", "mdw"},
        {"chen_yi", "chenyi", "cy"},
        {"du_youwei", "duyouwei", "dyw"},
        {"zhang_quanxing", "zhangquanxing", "zqx"},
        {"li_quan", "liquan", "lq"},
        {"guo_mingming", "guomingming", "gmm"},
        {"jiang_juncheng", "jiangjuncheng", "jjc"},
        {"wang_yue", "wangyue", "wy"},
        {"zhu_xiaolei", "zhuxiaolei", "zxl"},
        {"ru_chengjun", "ruchengjun", "rcj"},
        {"base_buct", "beijinghuagongdaxuechengguozhuanhuajidi", "bjhgdxcgzhjd"},
        {"base_green", "lvseguochengyuxincailiaochengguozhuanhuajidi", "lsgcyxclcgzhjd"},
        {"base_licp", "zhongguokexueyuanlanzhouhuaxuewuliyanjiusuochengguozhuanhuajidi",
         "zgkxylzhxwlyjscgzhjd"},
        {"base_daily", "zhongguoriyonghuaxueyanjiuyuanchengguozhuanhuajidi", "zgryhxyjycgzhjd"},
        {"ev_founding", "lianmengchenglidahui", "lmcldh"},
        {"ev_bases", "sigechengguozhuanhuajidijiepai", "sgcgzhjdjp"},
        {"ev_signing", "12xianghezuoxieyifensanpiqianyue", "12xhzxyfspqy"},
        {"ev_sample_visit", "shililianmengchengyuanzoufangjiaoliu", "sllmcyzfjl"},
    };
    return rows;
}

}  // namespace kiosk::sample
