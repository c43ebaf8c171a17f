// Test fixture: a minimal but complete content folder.
#include "mini_content.h"

#include <stb_image_write.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>
#include <vector>

namespace kiosk::pack::test {

namespace fs = std::filesystem;

fs::path temp_dir(const std::string& tag) {
    static std::atomic<int> counter{0};
    const fs::path p =
        fs::temp_directory_path() / ("kiosk-pack-test-" + tag + "-" + std::to_string(::getpid()) +
                                     "-" + std::to_string(counter++));
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

MiniContent::MiniContent() : dir_(temp_dir("content")) {
    write("alliance.csv",
          "key,zh,en\nname,测试联盟,Test Alliance\nintro,简介,Intro\nfounded,2024年4月28日,"
          "28 April 2024\ntheme,主题,Theme\nmodel,产+学+研,Model\ninitiator,园区,Park\n");
    write("key_numbers.csv", "id,value,label_zh,label_en\nmembers,14,成员,members\n");
    write("vision.csv",
          "id,keyword_zh,keyword_en,text_zh,text_en\nsource,策源地,Source,文字,Text\n");
    write("focus_areas.csv",
          "id,name_zh,name_en,summary_zh,summary_en,color,icon\n"
          "energy,能源材料,Energy,简介,Summary,#F5A524,bolt\n");
    write("members.csv",
          "id,kind,name_zh,name_en,short_zh,short_en,long_zh,long_en,focus_ids,logo,is_sample\n"
          "nju,university,南京大学,Nanjing University,短,Short,长,Long,energy,,0\n"
          "acme,enterprise,示例企业,Sample Co.,短,Short,长,Long,energy,,1\n");
    write("people.csv",
          "id,name_zh,name_en,role_zh,role_en,affiliation_zh,affiliation_en,member_id,"
          "is_academician,is_speaker,bio_zh,bio_en,photo,is_sample\n"
          "ma,马大为,Ma Dawei,院士,Academician,研究所,Institute,,1,0,简介,Bio,,0\n");
    write("highlights.csv",
          "id,focus_id,title_zh,title_en,summary_zh,summary_en,body_zh,body_en,member_ids,"
          "is_sample\n"
          "h1,energy,标题,Title,摘要,Summary,正文,Body,nju;acme,1\n");
    write("highlight_images.csv", "highlight_id,image,caption_zh,caption_en\nh1,pic.png,图,Pic\n");
    write("bases.csv",
          "id,name_zh,name_en,summary_zh,summary_en,is_sample\nb1,基地,Base,简介,"
          "Summary,0\n");
    write("projects.csv",
          "id,batch,focus_id,title_zh,title_en,summary_zh,summary_en,enterprise_ids,"
          "academic_ids,is_sample\n"
          "p1,1,energy,项目,Project,摘要,Summary,acme,nju,1\n");
    write("batches.csv",
          "number,date,name_zh,name_en,place_zh,place_en,is_sample\n"
          "1,2024-04-28,第一批签约,First batch,成立大会,Founding conference,0\n"
          "2,,第二批签约,Second batch,,,0\n");
    write("events.csv",
          "id,date,title_zh,title_en,summary_zh,summary_en,body_zh,body_en,member_ids,"
          "project_ids,base_ids,person_ids,is_sample\n"
          "founding,2024-04-28,成立大会,Founding,摘要,Summary,正文,Body,nju,p1,b1,ma,0\n");
    write("event_images.csv", "event_id,image,caption_zh,caption_en\nfounding,pic.png,图,Pic\n");
    fs::create_directories(dir_ / "images");
    std::vector<unsigned char> px(40 * 30 * 3, 200);
    stbi_write_png(path("images/pic.png").c_str(), 40, 30, 3, px.data(), 40 * 3);
}

MiniContent::~MiniContent() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

void MiniContent::write(const std::string& name, const std::string& bytes) const {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
}

void MiniContent::append(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name, std::ios::binary | std::ios::app) << text;
}

const PinyinDict& dict() {
    static const PinyinDict d = PinyinDict::load(kDefaultPinyinDict);
    return d;
}

namespace {

std::vector<std::string> texts(const Row& r) {
    std::vector<std::string> out;
    for (const Value& v : r.values)
        out.push_back(std::visit(
            [](const auto& x) -> std::string {
                using T = std::decay_t<decltype(x)>;
                if constexpr (std::is_same_v<T, std::monostate>)
                    return "NULL";
                else if constexpr (std::is_same_v<T, long long>)
                    return "#" + std::to_string(x);
                else
                    return "'" + x;
            },
            v));
    return out;
}

}  // namespace

std::vector<std::vector<std::string>> comparable(const content::Table& t,
                                                 const std::vector<Row>& rows) {
    std::vector<std::vector<std::string>> out;
    for (const Row& r : rows) out.push_back(texts(r));
    const bool sorted = std::any_of(t.fields.begin(), t.fields.end(), [](const auto& f) {
        return f.kind == content::FieldKind::Sort;
    });
    if (!sorted)
        std::sort(out.begin(), out.end());
    else if (t.key.size() > 1)
        std::stable_sort(out.begin(), out.end(),
                         [](const auto& a, const auto& b) { return a[0] < b[0]; });
    return out;
}

}  // namespace kiosk::pack::test
