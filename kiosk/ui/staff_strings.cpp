// The staff texts: plain words for staff who are not Linux users, each saying what happens next.
#include "kiosk/ui/staff_strings.h"

#include "kiosk/ui/builder_glyphs.h"

#include <cstddef>
#include <iterator>

#include "kiosk/staff/staff_pin.h"

namespace kiosk::ui {
namespace {

// Same order as enum StaffStr; the static_assert keeps them in step.
const Bilingual kTable[] = {
    {"员工入口", "Staff access"},
    {"请输入员工密码，然后按“确定”", "Enter the staff PIN, then press OK"},
    {"密码至少 6 位数字，请输入完整后再按“确定”",
     "The PIN has at least 6 digits: type all of them, then press OK"},
    {"已锁定", "Locked"},
    {"删除", "Delete"},
    {"确定", "OK"},
    {"取消", "Cancel"},
    {"未设置员工密码 — 请运行：kiosk-pack set-pin", "No staff PIN set — run: kiosk-pack set-pin"},
    {"不可用", "Not available"},
    {"员工面板", "Staff panel"},
    {"访客看不到此面板；无人操作时会自动关闭",
     "Visitors never see this panel; it closes when idle"},
    {"程序版本", "App version"},
    {"内容包版本", "Content pack"},
    {"签名者", "Signed by"},
    {"上次导入", "Last import"},
    {"已运行", "Uptime"},
    {"帧率", "Frame rate"},
    {"绘制方式", "Drawing"},
    {"CPU 软件绘制（无显卡加速）", "on the CPU (no GPU)"},
    {"显卡绘制", "on the GPU"},
    {"内存占用", "Memory in use"},
    {"剩余磁盘", "Free disk"},
    {"屏幕", "Screen"},
    {"触摸", "Touch"},
    {"内置内容", "built-in"},
    {"无签名（内置）", "none (built-in)"},
    {"最小按钮", "min. target"},
    {"回滚内容", "Roll back content"},
    {"导出内容和日志到U盘", "Export content & logs to stick"},
    {"触摸测试", "Touch test"},
    {"重启", "Restart kiosk"},
    {"关机", "Power off"},
    {"关闭", "Close"},
    {"回到上一个内容包？当前内容会被替换。",
     "Go back to the previous content pack? The current one is replaced."},
    {"重启展示程序？大约 10 秒后回到首页。",
     "Restart the kiosk program? It is back in about 10 seconds."},
    {"关闭电脑？之后要按主机电源键才能开机。",
     "Shut the computer down? Press its power button to start it again."},
    {"确认回滚", "Yes, roll back"},
    {"确认重启", "Yes, restart"},
    {"确认关机", "Yes, power off"},
    {"取消", "Cancel"},
    {"正在重启…", "Restarting…"},
    {"正在关机…", "Powering off…"},
    {"触摸屏幕各处：触到的格子会亮起，十字线标出最后一次触摸。没有亮的地方说明触摸没有识别。",
     "Touch all over the screen: cells light up where touched, the crosshair marks the last touch. "
     "Cells that stay dark are not detected."},
    {"最后触摸", "Last touch"},
    {"%d 秒后自动关闭", "Closes by itself in %d s"},
    {"U 盘内容包", "Content pack from USB"},
    {"发现内容工作簿 — 请输入员工 PIN 继续", "Content workbook found — staff PIN to continue"},
    {"不输入员工密码，展示机什么都不会改变。", "Without the staff PIN nothing changes."},
    {"输入员工密码", "Enter staff PIN"},
    {"正在检查工作簿并生成内容包…", "Checking the workbook and building the pack…"},
    {"可能需要一分钟，请不要拔出U盘。", "This can take a minute; leave the stick in."},
    {"内容检查通过 — 请先预览，再决定接受或放弃",
     "The content passed every check — preview it, then accept or discard it"},
    {"内容有问题，未导入 — 请在工作簿中逐条修改，再重新插入U盘",
     "The content has problems; nothing was installed — fix each line in the workbook, then "
     "plug the stick in again"},
    {"与展示机现有内容相同", "Same as the content on the kiosk now"},
    {"与展示机现有内容相比：", "Compared with the content on the kiosk now:"},
    {"预览", "Preview"},
    {"接受", "Accept"},
    {"放弃", "Discard"},
    {"预览 Preview — 接受 Accept / 放弃 Discard", "预览 Preview — 接受 Accept / 放弃 Discard"},
    {"新内容尚未导入；接受需要员工密码；无人操作或 10 分钟后自动放弃",
     "Not installed yet; Accept asks for the staff PIN; discarded when left idle or after 10 min"},
    {"正在导入…", "Installing…"},
    {"已接受并导入", "Accepted and installed"},
    {"已放弃，展示机内容没有改变", "Discarded; the kiosk's content is unchanged"},
    {"预览时无人操作或超过 10 分钟，已自动放弃",
     "The preview was left idle or ran over 10 minutes, and was discarded"},
    {"导入失败，展示机内容没有改变", "Installing failed; the kiosk's content is unchanged"},
    {"报告已写到U盘的 kiosk/import-report.txt，可以拔出U盘。",
     "The report is in kiosk/import-report.txt on the stick; you can remove the stick."},
    {"访客统计", "Visitor statistics"},
    {"最近 14 天的参观情况：只有计数，不含任何个人信息",
     "The last 14 days of visits: counts only, nothing about a person"},
    {"返回", "Back"},
    {"导出统计到U盘", "Export statistics to stick"},
    {"正在读取统计…", "Reading the statistics…"},
    {"最近 14 天还没有参观记录。参观者使用展示机后，这里会出现图表。",
     "No visits in the last 14 days yet. Charts appear here once visitors use the kiosk."},
    {"这台展示机不记录访客统计（配置 visitor_statistics 为 false）。",
     "This kiosk keeps no visitor statistics (visitor_statistics is false)."},
    {"次参观", "visits"},
    {"平均停留", "average visit"},
    {"次搜索", "searches"},
    {"搜索无结果", "found nothing"},
    {"每天的参观次数", "Visits per day"},
    {"一周各时段的参观", "Visits by weekday and hour"},
    {"最受关注的内容", "Most viewed"},
    {"使用的语言", "Languages used"},
    {"每次参观的时长", "How long visits last"},
    {"一二三四五六日", "MTWTFSS"},
    {"（已删除）", "(removed)"},
    {"发布到其他展台", "Publish to the other kiosks"},
    {"将发布本机的内容：第 %s 版", "Publishes this kiosk's content: version %s"},
    {"本机显示的是内置内容：先导入内容包或接受工作簿，才能发布",
     "This kiosk shows the built-in content: import a pack or accept a workbook to publish"},
    {"把本机现在的内容发布到其他所有展台？它们会自动换成这些内容。",
     "Publish this kiosk's content to all the other kiosks? They switch to it by themselves."},
    {"确认发布", "Yes, publish"},
    {"中文", "Chinese"},
    {"英文", "English"},
};
static_assert(std::size(kTable) == static_cast<std::size_t>(StaffStr::Count_),
              "kTable must list one pair per StaffStr, in order");

}  // namespace

const Bilingual& staff_text(StaffStr id) {
    return kTable[static_cast<std::size_t>(id)];
}

std::string staff_both(StaffStr id) {
    const Bilingual& b = staff_text(id);
    return b.zh + "  " + b.en;
}

std::vector<std::string> staff_ui_strings() {
    std::vector<std::string> out;
    for (const Bilingual& b : kTable) {
        out.push_back(b.zh);
        out.push_back(b.en);
    }
    using staff::PinGate;
    using staff::PinResult;
    for (const PinResult r : {PinResult::Wrong, PinResult::LockedOut, PinResult::NoPinSet}) {
        out.push_back(PinGate::message_zh(r, 4, 299));
        out.push_back(PinGate::message_en(r, 4, 299));
    }
    out.emplace_back("—×·%…");
    out.emplace_back(kBuilderGlyphs);
    return out;
}

}  // namespace kiosk::ui
