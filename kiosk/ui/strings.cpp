// The bilingual string table of the fixed UI texts.
#include "kiosk/ui/strings.h"

#include <array>
#include <cstddef>

#include "kiosk/core/content_db.h"
#include "kiosk/ui/staff_strings.h"

namespace kiosk::ui {
namespace {

struct Pair {
    const char* zh;
    const char* en;
};

// Same order as enum Str; a static_assert below keeps them in step.
constexpr Pair kTable[] = {
    {"南京江北新材料产业创新联盟", "Nanjing Jiangbei New Materials Industry Innovation Alliance"},
    {"江北新材料创新联盟", "Jiangbei New Materials Alliance"},
    {"联盟成员", "Members"},
    {"研究亮点", "Research highlights"},
    {"签约项目", "Signed projects"},
    {"专家学者", "Experts"},
    {"关于联盟", "About"},
    {"高校、院所、企业与服务机构", "Universities, institutes, companies and services"},
    {"五大材料领域的最新成果", "New results in five materials fields"},
    {"产学研合作签约项目", "Research–industry cooperation projects"},
    {"院士与专家嘉宾", "Academicians and guest speakers"},
    {"联盟简介、愿景与转化基地", "Intro, vision and transformation bases"},
    {"触摸屏幕 开始探索", "Touch to explore"},
    {"示例", "Sample"},
    {"全部", "All"},
    {"搜索", "Search"},
    {"返回", "Back"},
    {"首页", "Home"},
    {"EN", "中文"},
    {"空格", "Space"},
    {"删除", "Delete"},
    {"清空", "Clear"},
    {"输入拼音、首字母或英文，例如 njdx", "Type pinyin, initials or English, e.g. njdx"},
    {"没有找到结果，试试拼音首字母，例如 njdx", "No results — try pinyin initials like njdx"},
    {"找到 %d 条结果", "%d results"},
    {"按类型", "By kind"},
    {"按领域", "By field"},
    {"共 %d 家成员", "%d members"},
    {"没有符合条件的成员，请点“全部”", "No members match — tap “All”"},
    {"暂无内容", "Nothing here yet"},
    {"相关项目", "Projects"},
    {"研究亮点", "Research highlights"},
    {"相关人员", "People"},
    {"相关成员", "Related members"},
    {"研究领域", "Focus areas"},
    {"合作各方", "Parties"},
    {"企业方", "Enterprise"},
    {"高校 / 院所方", "University / institute"},
    {"院士", "Academicians"},
    {"嘉宾", "Speakers"},
    {"所属单位", "Affiliation"},
    {"查看成员单位", "View member"},
    {"成立时间", "Founded"},
    {"大会主题", "Theme"},
    {"合作模式", "Model"},
    {"愿景", "Vision"},
    {"关键数字", "Key figures"},
    {"成果转化基地", "Transformation bases"},
    {"发起单位", "Initiator"},
    {"成员", "Member"},
    {"专家", "Expert"},
    {"亮点", "Highlight"},
    {"项目", "Project"},
    {"基地", "Base"},
    {"%d 个项目", "%d projects"},
    {"%d 项成果", "%d highlights"},
    {"%d 位专家", "%d experts"},
    {"大事记", "Milestones"},
    {"联盟成立以来的重要时刻", "Key moments since the alliance began"},
    {"拖动时间轴浏览，点按事件查看详情", "Drag the timeline to browse; tap an event to open it"},
    {"暂无大事记，请点“首页”浏览其他内容", "No milestones yet — tap Home to explore the rest"},
    {"%d年%d月%d日", "%s %d, %d"},
    {"大事记", "Milestone"},
};
static_assert(std::size(kTable) == static_cast<std::size_t>(Str::Count_),
              "kTable must list one pair per Str, in order");

}  // namespace

const char* tr(Lang lang, Str id) {
    const Pair& p = kTable[static_cast<std::size_t>(id)];
    return lang == Lang::Zh ? p.zh : p.en;
}

std::string kind_label(Lang lang, const std::string& kind) {
    return member_kind_label(kind).pick(lang);
}

std::vector<std::string> all_ui_strings() {
    std::vector<std::string> out;
    out.reserve(std::size(kTable) * 2 + 2);
    for (const Pair& p : kTable) {
        out.emplace_back(p.zh);
        out.emplace_back(p.en);
    }
    // Printable ASCII (keyboard keys, numbers, English content) and the punctuation drawn by code:
    // ellipsis for clipped text, the party arrow, middle dot, dashes and CJK quotes/brackets.
    std::string ascii;
    for (char c = 0x20; c < 0x7f; ++c) ascii.push_back(c);
    out.push_back(ascii);
    out.emplace_back("…↔·—–“”‘’，。、：；！？（）《》「」+×");
    for (std::string& s : staff_ui_strings()) out.push_back(std::move(s));  // staff screens
    // Labels the content description gives (member kinds, table names for counts).
    for (const content::Table& t : content::tables()) {
        out.emplace_back(t.label_zh);
        out.emplace_back(t.label_en);
        for (const content::Field& f : t.fields)
            for (const content::EnumValue& v : f.values) {
                out.emplace_back(v.zh);
                out.emplace_back(v.en);
            }
    }
    return out;
}

}  // namespace kiosk::ui
