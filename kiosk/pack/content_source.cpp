// Content folder loader. Sections: folder and images · tables · references · images · entry point
#include "kiosk/pack/content_source.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include "kiosk/pack/csv_table.h"
#include "kiosk/pack/row_reader.h"

namespace kiosk::pack {

namespace fs = std::filesystem;

namespace {

struct Where {
    std::string file;
    int line = 0;
};

const std::set<std::string> kMemberKinds = {"university",  "institute", "enterprise",
                                            "association", "finance",   "intermediary"};
// The UI shows these alliance texts; other keys are allowed and shown on the About page.
const char* const kRequiredAllianceKeys[] = {"name",  "intro", "founded",
                                             "theme", "model", "initiator"};

std::set<std::string> read_icon_names(const std::string& path) {
    std::set<std::string> names;
    std::ifstream in(path);
    const std::regex entry("^\\s*\"([a-z0-9_]+)\":\\s*[0-9a-f]+,?\\s*$");
    std::string line;
    std::smatch m;
    while (std::getline(in, line))
        if (std::regex_match(line, m, entry)) names.insert(m[1]);
    return names;
}

class Loader {
  public:
    Loader(const std::string& dir, Diagnostics& diag, const LoadOptions& opt)
        : dir_(dir), diag_(diag), opt_(opt) {}

    std::optional<PackContent> run();

  private:
    // --- folder and images ---
    void scan_images();
    std::string image_ref(const RowReader& r, const std::string& column, bool required);
    void prepare_images();

    // --- tables ---
    using RowFn = std::function<void(const RowReader&)>;
    void load(const std::string& file, const std::vector<std::string>& columns, const RowFn& fn,
              const std::vector<std::string>& optional = {});
    void remember(std::map<std::string, Where>& ids, const RowReader& r, const std::string& id);
    void load_tables();

    // --- references ---
    void check_ref(const std::map<std::string, Where>& ids, const Where& w,
                   const std::string& column, const std::string& value, const char* what);
    void check_references();

    fs::path dir_;
    Diagnostics& diag_;
    LoadOptions opt_;
    PackContent c_;
    std::set<std::string> icon_names_;
    std::map<std::string, std::string> image_files_;  // file name → media id (stem)
    struct ImageUse {
        Where first_use;
        std::string file_name;
    };
    std::map<std::string, ImageUse> used_images_;  // media id → first use
    std::map<std::string, Where> focus_at_, member_at_, person_at_, highlight_at_, base_at_,
        project_at_, number_at_, vision_at_, alliance_at_;
    std::vector<Where> member_rows_, person_rows_, highlight_rows_, project_rows_;
    std::vector<std::pair<Where, std::string>> gallery_owner_;  // (row, highlight id)
};

// --- folder and images ---

void Loader::scan_images() {
    const fs::path images = dir_ / "images";
    std::error_code ec;
    if (!fs::is_directory(images, ec)) return;
    std::map<std::string, std::string> stem_owner;
    for (const auto& e : fs::directory_iterator(images, ec)) {
        if (!e.is_regular_file()) continue;
        std::string ext = e.path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
        if (ext != ".jpg" && ext != ".jpeg" && ext != ".png") continue;
        image_files_[e.path().filename().string()] = e.path().stem().string();
    }
}

std::string Loader::image_ref(const RowReader& r, const std::string& column, bool required) {
    const std::string& value = r.raw(column);
    if (value.empty()) {
        if (required) r.error(column, "is empty; name an image file in images/");
        return {};
    }
    // Staff may write "x.jpg" or just "x"; the media id is the file name without extension.
    std::vector<std::string> matches;
    for (const auto& [name, stem] : image_files_)
        if (name == value || stem == value) matches.push_back(name);
    if (matches.size() != 1) {
        r.error(column, matches.empty()
                            ? "image file images/" + value + " not found (找不到图片文件)"
                            : "\"" + value + "\" matches several files in images/ (" + matches[0] +
                                  ", " + matches[1] + "); write the full file name");
        return {};
    }
    const std::string id = image_files_[matches[0]];
    if (const auto it = used_images_.find(id);
        it != used_images_.end() && it->second.file_name != matches[0]) {
        r.error(column, "images/" + matches[0] + " and images/" + it->second.file_name +
                            " have the same name; rename one of them");
        return {};
    }
    used_images_.try_emplace(id, ImageUse{{r.file(), r.line()}, matches[0]});
    return id;
}

void Loader::prepare_images() {
    std::vector<std::pair<std::string, ImageUse>> jobs(used_images_.begin(), used_images_.end());
    std::vector<MediaRow> done(jobs.size());
    std::vector<std::string> failures(jobs.size());
    std::atomic<size_t> next{0};
    const auto work = [&] {
        for (size_t i; (i = next++) < jobs.size();) {
            const fs::path path = dir_ / "images" / jobs[i].second.file_name;
            try {
                std::ifstream in(path, std::ios::binary);
                if (!in) throw std::runtime_error("cannot open the file");
                std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                                 std::istreambuf_iterator<char>());
                done[i] =
                    MediaRow{jobs[i].first, std::make_shared<PreparedImage>(prepare_image(bytes))};
            } catch (const std::exception& e) {
                failures[i] = e.what();
            }
        }
    };
    unsigned n = opt_.image_threads ? opt_.image_threads : std::thread::hardware_concurrency();
    n = std::clamp(n, 1u, 16u);
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < n; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    for (size_t i = 0; i < jobs.size(); ++i) {
        const Where& w = jobs[i].second.first_use;
        if (!failures[i].empty()) {
            diag_.error(w.file, w.line,
                        "image images/" + jobs[i].second.file_name +
                            " cannot be used: " + failures[i] + " (图片无法读取，请更换文件)");
        } else {
            c_.media.push_back(std::move(done[i]));
        }
    }
    for (const auto& [name, stem] : image_files_) {
        if (!used_images_.contains(stem))
            diag_.notice("images/" + name, 0, "not used by any table, left out of the pack");
    }
}

// --- tables ---

void Loader::load(const std::string& file, const std::vector<std::string>& columns, const RowFn& fn,
                  const std::vector<std::string>& optional) {
    const fs::path path = dir_ / file;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        diag_.error(file, 0, "missing file; the content folder needs it (缺少文件)");
        return;
    }
    const auto table = read_csv_file(path.string(), file, diag_);
    if (!table || !check_columns(*table, columns, optional, diag_)) return;
    for (const auto& row : table->rows) fn(RowReader(*table, row, diag_));
}

void Loader::remember(std::map<std::string, Where>& ids, const RowReader& r,
                      const std::string& id) {
    if (id.empty()) return;
    const auto [it, fresh] = ids.try_emplace(id, Where{r.file(), r.line()});
    if (!fresh) {
        r.error("id", "\"" + id + "\" is used twice (first on line " +
                          std::to_string(it->second.line) + "); ids must be unique");
    }
}

void Loader::load_tables() {
    load("alliance.csv", {"key", "zh", "en"}, [&](const RowReader& r) {
        AllianceRow a{r.id("key"), r.text("zh", kMaxLong), r.text("en", kMaxLong)};
        const auto [it, fresh] = alliance_at_.try_emplace(a.key, Where{r.file(), r.line()});
        if (!fresh) r.error("key", "\"" + a.key + "\" is used twice");
        c_.alliance.push_back(std::move(a));
    });
    load("key_numbers.csv", {"id", "value", "label_zh", "label_en"}, [&](const RowReader& r) {
        KeyNumberRow n{r.id("id"), r.text("value", 16), r.text("label_zh", kMaxName),
                       r.text("label_en", kMaxName)};
        remember(number_at_, r, n.id);
        c_.key_numbers.push_back(std::move(n));
    });
    load("vision.csv", {"id", "keyword_zh", "keyword_en", "text_zh", "text_en"},
         [&](const RowReader& r) {
             VisionRow v{r.id("id"), r.text("keyword_zh", 40), r.text("keyword_en", 60),
                         r.text("text_zh", kMaxSummary), r.text("text_en", kMaxSummary)};
             remember(vision_at_, r, v.id);
             c_.vision.push_back(std::move(v));
         });
    load("focus_areas.csv",
         {"id", "name_zh", "name_en", "summary_zh", "summary_en", "color", "icon"},
         [&](const RowReader& r) {
             FocusRow f{r.id("id"),
                        r.text("name_zh", kMaxName),
                        r.text("name_en", kMaxName),
                        r.text("summary_zh", kMaxSummary),
                        r.text("summary_en", kMaxSummary),
                        r.raw("color"),
                        r.raw("icon")};
             if (!std::regex_match(f.color, std::regex("#[0-9A-Fa-f]{6}")))
                 r.error("color", "\"" + f.color + "\" is not a colour like #F5A524");
             std::transform(f.color.begin(), f.color.end(), f.color.begin(), ::toupper);
             if (!std::regex_match(f.icon, std::regex("[a-z0-9_]+")) ||
                 (!icon_names_.empty() && !icon_names_.contains(f.icon)))
                 r.error("icon",
                         "\"" + f.icon + "\" is not a Material Icons name (e.g. bolt, science)");
             remember(focus_at_, r, f.id);
             c_.focus_areas.push_back(std::move(f));
         });
    load("members.csv",
         {"id", "kind", "name_zh", "name_en", "short_zh", "short_en", "long_zh", "long_en",
          "focus_ids", "logo", "is_sample"},
         [&](const RowReader& r) {
             MemberRow m{r.id("id"),
                         r.one_of("kind", kMemberKinds),
                         r.text("name_zh", kMaxName),
                         r.text("name_en", kMaxName),
                         r.text("short_zh", kMaxShort),
                         r.text("short_en", kMaxShort),
                         r.text("long_zh", kMaxLong),
                         r.text("long_en", kMaxLong),
                         image_ref(r, "logo", false),
                         r.id_list("focus_ids"),
                         r.flag("is_sample"),
                         r.pinyin("pinyin")};
             remember(member_at_, r, m.id);
             member_rows_.push_back({r.file(), r.line()});
             c_.members.push_back(std::move(m));
         },
         {"pinyin"});
    load("people.csv",
         {"id", "name_zh", "name_en", "role_zh", "role_en", "affiliation_zh", "affiliation_en",
          "member_id", "is_academician", "is_speaker", "bio_zh", "bio_en", "photo", "is_sample"},
         [&](const RowReader& r) {
             PersonRow p{r.id("id"),
                         r.text("name_zh", kMaxName),
                         r.text("name_en", kMaxName),
                         r.text("role_zh", kMaxShort),
                         r.text("role_en", kMaxShort),
                         r.text("affiliation_zh", kMaxShort),
                         r.text("affiliation_en", kMaxShort),
                         r.raw("member_id"),
                         r.flag("is_academician"),
                         r.flag("is_speaker"),
                         r.text("bio_zh", kMaxLong),
                         r.text("bio_en", kMaxLong),
                         image_ref(r, "photo", false),
                         r.flag("is_sample"),
                         r.pinyin("pinyin")};
             remember(person_at_, r, p.id);
             person_rows_.push_back({r.file(), r.line()});
             c_.people.push_back(std::move(p));
         },
         {"pinyin"});
    load("highlights.csv",
         {"id", "focus_id", "title_zh", "title_en", "summary_zh", "summary_en", "body_zh",
          "body_en", "member_ids", "is_sample"},
         [&](const RowReader& r) {
             HighlightRow h{r.id("id"),
                            r.raw("focus_id"),
                            r.text("title_zh", kMaxName),
                            r.text("title_en", kMaxName),
                            r.text("summary_zh", kMaxSummary),
                            r.text("summary_en", kMaxSummary),
                            r.text("body_zh", kMaxLong),
                            r.text("body_en", kMaxLong),
                            {},
                            r.id_list("member_ids"),
                            r.flag("is_sample")};
             remember(highlight_at_, r, h.id);
             highlight_rows_.push_back({r.file(), r.line()});
             c_.highlights.push_back(std::move(h));
         });
    load("highlight_images.csv", {"highlight_id", "image", "caption_zh", "caption_en"},
         [&](const RowReader& r) {
             const std::string owner = r.raw("highlight_id");
             GalleryRow g{image_ref(r, "image", true), r.text("caption_zh", kMaxShort),
                          r.text("caption_en", kMaxShort)};
             gallery_owner_.emplace_back(Where{r.file(), r.line()}, owner);
             const auto it = std::find_if(c_.highlights.begin(), c_.highlights.end(),
                                          [&](const auto& h) { return h.id == owner; });
             if (it == c_.highlights.end()) {
                 r.error("highlight_id", "\"" + owner + "\" is not an id in highlights.csv");
             } else if (!g.media_id.empty()) {
                 it->gallery.push_back(std::move(g));
             }
         });
    load("bases.csv", {"id", "name_zh", "name_en", "summary_zh", "summary_en", "is_sample"},
         [&](const RowReader& r) {
             BaseRow b{r.id("id"),
                       r.text("name_zh", kMaxName),
                       r.text("name_en", kMaxName),
                       r.text("summary_zh", kMaxSummary),
                       r.text("summary_en", kMaxSummary),
                       r.flag("is_sample")};
             remember(base_at_, r, b.id);
             c_.bases.push_back(std::move(b));
         });
    load("projects.csv",
         {"id", "batch", "focus_id", "title_zh", "title_en", "summary_zh", "summary_en",
          "enterprise_ids", "academic_ids", "is_sample"},
         [&](const RowReader& r) {
             ProjectRow p{r.id("id"),
                          r.integer("batch", 1, 3),
                          r.raw("focus_id"),
                          r.text("title_zh", kMaxName),
                          r.text("title_en", kMaxName),
                          r.text("summary_zh", kMaxSummary),
                          r.text("summary_en", kMaxSummary),
                          r.id_list("enterprise_ids"),
                          r.id_list("academic_ids"),
                          r.flag("is_sample")};
             if (p.enterprise_ids.empty())
                 r.error("enterprise_ids",
                         "is empty; name the enterprise member(s) of the project");
             if (p.academic_ids.empty())
                 r.error("academic_ids", "is empty; name the university or institute member(s)");
             remember(project_at_, r, p.id);
             project_rows_.push_back({r.file(), r.line()});
             c_.projects.push_back(std::move(p));
         });
}

// --- references ---

void Loader::check_ref(const std::map<std::string, Where>& ids, const Where& w,
                       const std::string& column, const std::string& value, const char* what) {
    if (!value.empty() && !ids.contains(value))
        diag_.error(w.file, w.line,
                    column + ": \"" + value + "\" is not an id in " + what + " (找不到此编号)");
}

void Loader::check_references() {
    for (const auto& key : kRequiredAllianceKeys) {
        if (!alliance_at_.contains(key))
            diag_.error("alliance.csv", 0, std::string("missing the row with key \"") + key + "\"");
    }
    for (size_t i = 0; i < c_.members.size(); ++i)
        for (const auto& f : c_.members[i].focus_ids)
            check_ref(focus_at_, member_rows_[i], "focus_ids", f, "focus_areas.csv");
    for (size_t i = 0; i < c_.people.size(); ++i)
        check_ref(member_at_, person_rows_[i], "member_id", c_.people[i].member_id, "members.csv");
    for (size_t i = 0; i < c_.highlights.size(); ++i) {
        const Where& w = highlight_rows_[i];
        if (c_.highlights[i].focus_id.empty())
            diag_.error(w.file, w.line, "focus_id: is empty; name one focus area");
        check_ref(focus_at_, w, "focus_id", c_.highlights[i].focus_id, "focus_areas.csv");
        for (const auto& m : c_.highlights[i].member_ids)
            check_ref(member_at_, w, "member_ids", m, "members.csv");
    }
    std::map<std::string, std::string> kind_of;
    for (const auto& m : c_.members) kind_of[m.id] = m.kind;
    for (size_t i = 0; i < c_.projects.size(); ++i) {
        const auto& p = c_.projects[i];
        const Where& w = project_rows_[i];
        if (p.focus_id.empty()) diag_.error(w.file, w.line, "focus_id: is empty");
        check_ref(focus_at_, w, "focus_id", p.focus_id, "focus_areas.csv");
        for (const auto& m : p.enterprise_ids) {
            check_ref(member_at_, w, "enterprise_ids", m, "members.csv");
            if (kind_of.contains(m) && kind_of[m] != "enterprise")
                diag_.error(w.file, w.line,
                            "enterprise_ids: \"" + m + "\" is a member of kind " + kind_of[m] +
                                ", not enterprise");
        }
        for (const auto& m : p.academic_ids) {
            check_ref(member_at_, w, "academic_ids", m, "members.csv");
            if (kind_of.contains(m) && kind_of[m] != "university" && kind_of[m] != "institute")
                diag_.error(w.file, w.line,
                            "academic_ids: \"" + m + "\" is a member of kind " + kind_of[m] +
                                ", not university or institute");
        }
        for (const auto& m : p.enterprise_ids)
            if (std::find(p.academic_ids.begin(), p.academic_ids.end(), m) != p.academic_ids.end())
                diag_.error(w.file, w.line, "\"" + m + "\" is on both sides of the project");
    }
}

std::optional<PackContent> Loader::run() {
    std::error_code ec;
    if (!fs::is_directory(dir_, ec)) {
        diag_.error(dir_.string(), 0, "is not a folder; give the content folder (内容文件夹)");
        return std::nullopt;
    }
    if (!opt_.icon_names_file.empty()) icon_names_ = read_icon_names(opt_.icon_names_file);
    scan_images();
    load_tables();
    check_references();
    prepare_images();  // also on errors: bad images are reported with everything else
    if (!diag_.ok()) return std::nullopt;
    return std::move(c_);
}

}  // namespace

// --- entry point ---

std::optional<PackContent> load_content_dir(const std::string& dir, Diagnostics& diag,
                                            const LoadOptions& options) {
    return Loader(dir, diag, options).run();
}

}  // namespace kiosk::pack
