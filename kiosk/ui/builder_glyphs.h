// Every character beyond ASCII in the messages of a workbook build the staff screen shows (the
// pack builder's problems, the diff lines, the table labels). Those texts are made at run time,
// so the font atlas gets their glyphs from here (staff_ui_strings). Made by
// tools/builder_glyphs.py; a unit test fails, naming the characters, when a message gains one.
#pragma once

namespace kiosk::ui {

inline constexpr const char* kBuilderGlyphs =
    "·“”…→、。「」一万上下不与专业个中临为之了事二于产享京亮人介仍从以件价份企会伟位低余作使例"
    "供保信修值停像元先光免入全公共关其具养兼内再写军减几凭出分列刘创删利别到制前加务动勇勿包化匹区"
    "医升华协单南博卡压原去发取受变句另只可号司合同名后向否含启吴告员周命和品嘉团园围国图在地场均坏"
    "型域培基填增士声处备复多大天太失头夹如始姓子字存学宁它安完实室家容宾密对导寿小少就屏展属州工差"
    "己已带常幕年并床序应建开弃式引张弹得循微心必志性总恒息恶情意愿成或截所才打扩扬批找技把投报拆拉"
    "拒拔择拼持指按损换据授掉排接控推提插操支改攻放效教数整文料断新方旁无日旧时明星是显普景晶最月有"
    "服期未本术机权李材条来杨杭板极构果查标校样核格档检模次止正此母每江池没法波泰洋测海消添源满炸点"
    "照片版物王环现理瑞生用由电留百的盘盟目相真知短石码研破确磁磊示科秒积称移程究空突站第等策签简算"
    "管箭簿米类系素累约纳绍经结绕给绝续绿编缩缺网置耗联股肥能膜自至色艳艺节芳苏若英范获落薄融行补表"
    "被装要览解计认记设证评识词试话该详误说请读调谷负败资赵超足跳身转输辰达过还这进远连退选逐逗通部"
    "都配里重量金钟链锂错锡键镇长闭问间队陈降限院除隔需青静面音页项顺须预领题颜首验高黄龙（），：；"
    "？";

}  // namespace kiosk::ui
