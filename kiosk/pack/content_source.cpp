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
#include <tuple>

#include "kiosk/pack/csv_table.h"
#include "kiosk/pack/photo_files.h"
#include "kiosk/pack/row_reader.h"

namespace kiosk::pack {

namespace fs = std::filesystem;

namespace {

struct Where {
    std::string file;
    int line = 0;
};

using content::Column;
using content::Field;
using content::FieldKind;
using content::Table;

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

std::string file_of(const Table& t) {
    return std::string(t.file) + ".csv";
}

// Every table's file is read the same way, driven by the content description: each field's
// column(s) parsed by its kind, keys remembered, references checked once all files are read.
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
    void load_table(const Table& table);
    Value read_field(const Field& field, const RowReader& r, int lang);
    void remember(const Table& table, const RowReader& r, const std::string& key);

    // --- references ---
    struct PendingRef {
        Where where;
        const Field* field;
        std::string value;
    };
    struct PendingLinks {
        Where where;
        const Table* owner;
        const Field* field;
        std::string owner_key;
        std::vector<std::string> targets;
    };
    void check_references();
    bool check_ref(const Where& w, const Field& field, const std::string& value);
    void make_links();

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
    std::map<std::string, ImageUse> used_images_;               // media id → first use
    std::map<std::string, std::map<std::string, Where>> keys_;  // table → key → where
    // table → key → its `kind` enum, for Links fields that allow only some kinds of target.
    std::map<std::string, std::map<std::string, std::string>> kinds_;
    std::vector<PendingRef> refs_;
    std::vector<PendingLinks> links_;
};

// --- folder and images ---

void Loader::scan_images() {
    const fs::path images = dir_ / "images";
    std::error_code ec;
    if (!fs::is_directory(images, ec)) return;
    for (const auto& e : fs::directory_iterator(images, ec)) {
        if (!e.is_regular_file() || !is_picture_file_name(e.path().filename().string())) continue;
        image_files_[e.path().filename().string()] = e.path().stem().string();
    }
}

std::string Loader::image_ref(const RowReader& r, const std::string& column, bool required) {
    const std::string& value = r.raw(column);
    if (value.empty()) {
        if (required)
            r.error(
                column,
                "为空，请填写 images/ 中的图片文件名 / is empty: name an image file in images/");
        return {};
    }
    // Staff may write "x.jpg" or just "x", in any letter case; the media id is the file name
    // without extension.
    const std::vector<std::string> matches = find_picture_file(image_files_, value);
    if (matches.size() != 1) {
        r.error(column, matches.empty()
                            ? "找不到图片文件 images/" + value +
                                  "，请检查文件名 / image file images/" + value +
                                  " not found: check the name"
                            : "“" + value + "”对应 images/ 中的多个文件（" + matches[0] + "、" +
                                  matches[1] + "），请写完整文件名或改名 / \"" + value +
                                  "\" matches several files in images/ (" + matches[0] + ", " +
                                  matches[1] + "): write the full file name or rename one");
        return {};
    }
    const std::string id = image_files_[matches[0]];
    if (const auto it = used_images_.find(id);
        it != used_images_.end() && it->second.file_name != matches[0]) {
        r.error(column, "images/" + matches[0] + " 与 images/" + it->second.file_name +
                            " 同名，请给其中一个改名 / images/" + matches[0] + " and images/" +
                            it->second.file_name + " have the same name: rename one of them");
        return {};
    }
    used_images_.try_emplace(id, ImageUse{{r.file(), r.line()}, matches[0]});
    return id;
}

void Loader::prepare_images() {
    std::vector<std::pair<std::string, ImageUse>> jobs(used_images_.begin(), used_images_.end());
    std::vector<MediaRow> done(jobs.size());
    std::vector<std::pair<std::string, std::string>> failures(jobs.size());  // zh, en
    std::atomic<size_t> next{0};
    const auto work = [&] {
        for (size_t i; (i = next++) < jobs.size();) {
            const fs::path path = dir_ / "images" / jobs[i].second.file_name;
            try {
                std::error_code size_error;
                const auto size = fs::file_size(path, size_error);
                std::ifstream in(path, std::ios::binary);
                if (!in || size_error)
                    throw ImageError("无法打开，请重新复制", "cannot be opened: copy it again");
                if (size > static_cast<uintmax_t>(kMaxSourceBytes)) throw too_large_file(size);
                std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                                 std::istreambuf_iterator<char>());
                done[i] =
                    MediaRow{jobs[i].first, std::make_shared<PreparedImage>(prepare_image(bytes))};
            } catch (const ImageError& e) {
                failures[i] = {e.zh, e.en};
            } catch (const std::exception& e) {
                failures[i] = {"无法处理，请换一个文件",
                               std::string(e.what()) + ": use another file"};
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
        if (const auto& [zh, en] = failures[i]; !en.empty()) {
            const std::string file = "images/" + jobs[i].second.file_name;
            diag_.error(w.file, w.line,
                        "图片 " + file + " 无法使用：" + zh + " / image " + file +
                            " cannot be used: " + en);
        } else {
            c_.media.push_back(std::move(done[i]));
        }
    }
    for (const auto& [name, stem] : image_files_) {
        if (!used_images_.contains(stem))
            diag_.notice("images/" + name, 0,
                         "没有表用到，不放入内容包 / not used by any table, left out of the pack");
    }
}

// --- tables ---

void Loader::load_table(const Table& table) {
    const std::string file = file_of(table);
    const fs::path path = dir_ / file;
    std::vector<std::string> wanted, optional;
    for (const Field& f : table.fields)
        for (const std::string& col : content::file_columns(f))
            (f.kind == FieldKind::Pinyin ? optional : wanted).push_back(col);
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        std::string header;
        for (const auto& col : wanted) header += (header.empty() ? "" : ",") + col;
        diag_.error(file, 0, "missing file (缺少文件); make it with this first row: " + header);
        return;
    }
    const auto csv = read_csv_file(path.string(), file, diag_);
    if (!csv || !check_columns(*csv, wanted, optional, diag_)) return;
    const auto cols = content::columns(table);
    for (const auto& csv_row : csv->rows) {
        const RowReader r(*csv, csv_row, diag_);
        Row row;
        std::string key;
        for (const Column& col : cols) {
            row.values.push_back(read_field(*col.field, r, col.lang));
            if (col.name == table.key[0]) key = value_text(row.values.back());
            if (col.name == "kind") kinds_[table.name][key] = value_text(row.values.back());
        }
        if (table.key.size() == 1) remember(table, r, key);
        for (const Field& f : table.fields) {
            if (f.kind == FieldKind::Links) {
                auto targets = r.id_list(f.name);
                if (f.required && targets.empty())
                    r.error(f.name, "is empty; name at least one (不能为空)");
                links_.push_back({{r.file(), r.line()}, &table, &f, key, std::move(targets)});
            } else if (f.kind == FieldKind::Pinyin) {
                if (std::string p = r.pinyin(f.name); !p.empty())
                    c_.pinyin[PackContent::pinyin_key(table.name, key)] = std::move(p);
            }
        }
        c_.rows[table.name].push_back(std::move(row));
    }
}

Value Loader::read_field(const Field& f, const RowReader& r, int lang) {
    const std::string col = lang >= 0 ? content::bilingual_column(f, lang)
                                      : std::string(f.file_column ? f.file_column : f.name);
    const auto chars = static_cast<size_t>(f.max_chars);
    switch (f.kind) {
        case FieldKind::Id:
            return r.id(col);
        case FieldKind::Sort:
        case FieldKind::Blob:
        case FieldKind::Links:
        case FieldKind::Pinyin:
            return {};
        case FieldKind::Text:
        case FieldKind::Bilingual:
            return f.required ? r.text(col, chars) : r.optional_text(col, chars);
        case FieldKind::Integer:
            return static_cast<long long>(
                r.integer(col, static_cast<int>(f.min), static_cast<int>(f.max)));
        case FieldKind::Flag:
            return r.flag(col) ? 1LL : 0LL;
        case FieldKind::Enum: {
            std::set<std::string> allowed;
            for (const auto& v : f.values) allowed.insert(v.id);
            return r.one_of(col, allowed);
        }
        case FieldKind::Ref: {
            const std::string value = r.raw(col);
            if (value.empty()) {
                if (f.required) r.error(col, "is empty; it must name a row (不能为空)");
                return {};
            }
            refs_.push_back({{r.file(), r.line()}, &f, value});
            if (content::integer_key(*content::find_table(f.target)))
                return static_cast<long long>(r.integer(col, 1, 1 << 30));
            return value;
        }
        case FieldKind::Image: {
            std::string id = image_ref(r, col, f.required);
            if (id.empty()) return {};
            return id;
        }
        case FieldKind::Color: {
            std::string color = r.raw(col);
            if (!std::regex_match(color, std::regex("#[0-9A-Fa-f]{6}")))
                r.error(col, "\"" + color + "\" is not a colour like #F5A524 (颜色格式不对)");
            std::transform(color.begin(), color.end(), color.begin(), ::toupper);
            return color;
        }
        case FieldKind::Icon: {
            const std::string icon = r.raw(col);
            if (!std::regex_match(icon, std::regex("[a-z0-9_]+")) ||
                (!icon_names_.empty() && !icon_names_.contains(icon)))
                r.error(col,
                        "\"" + icon +
                            "\" is not a Material Icons name (e.g. bolt, science) (图标名无效)");
            return icon;
        }
        case FieldKind::Date: {
            const std::string date = r.raw(col);
            if (date.empty() && !f.required) return date;
            if (!content::valid_date(date))
                r.error(col,
                        "\"" + date + "\" is not a date like 2024-04-28 (日期格式应为 2024-04-28)");
            return date;
        }
    }
    return {};
}

void Loader::remember(const Table& table, const RowReader& r, const std::string& key) {
    if (key.empty()) return;
    const auto [it, fresh] = keys_[table.name].try_emplace(key, Where{r.file(), r.line()});
    if (!fresh) {
        r.error(table.key[0], "\"" + key + "\" is used twice (first on line " +
                                  std::to_string(it->second.line) +
                                  "); ids must be unique (编号重复)");
    }
}

// --- references ---

bool Loader::check_ref(const Where& w, const Field& field, const std::string& value) {
    const Table& target = *content::find_table(field.target);
    if (keys_[target.name].contains(value)) return true;
    diag_.error(w.file, w.line,
                std::string(field.name) + ": \"" + value + "\" is not " +
                    (content::integer_key(target) ? "a number" : "an id") + " in " +
                    file_of(target) + " (找不到此编号)");
    return false;
}

void Loader::check_references() {
    for (const Table& table : content::tables())
        for (const char* key : table.required_keys)
            if (!keys_[table.name].contains(key))
                diag_.error(file_of(table), 0,
                            std::string("missing the row with key \"") + key + "\" (缺少此行)");
    for (const PendingRef& ref : refs_) check_ref(ref.where, *ref.field, ref.value);
    make_links();
}

// Each Links cell becomes rows of its link table: (owner, target[, role]). A target named
// twice for one owner, even in two lists (a member on both sides of a project), is an error.
void Loader::make_links() {
    std::set<std::tuple<std::string, std::string, std::string>> seen;  // link, owner, target
    for (const PendingLinks& l : links_) {
        for (const std::string& target : l.targets) {
            if (!check_ref(l.where, *l.field, target)) continue;
            if (!l.field->target_kinds.empty()) {
                const std::string kind = kinds_[l.field->target][target];
                if (std::find(l.field->target_kinds.begin(), l.field->target_kinds.end(), kind) ==
                    l.field->target_kinds.end()) {
                    std::string allowed;
                    for (const char* k : l.field->target_kinds)
                        allowed += (allowed.empty() ? "" : " or ") + std::string(k);
                    diag_.error(l.where.file, l.where.line,
                                std::string(l.field->name) + ": \"" + target +
                                    "\" is a member of kind " + kind + ", not " + allowed +
                                    " (成员类别不符)");
                    continue;
                }
            }
            if (!seen.emplace(l.field->link, l.owner_key, target).second) {
                diag_.error(
                    l.where.file, l.where.line,
                    "\"" + target + "\" is named twice for \"" + l.owner_key + "\" (重复列出)");
                continue;
            }
            Row link{{l.owner_key, target}};
            if (l.field->role) link.values.emplace_back(std::string(l.field->role));
            c_.rows[l.field->link].push_back(std::move(link));
        }
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
    for (const Table& table : content::tables())
        if (table.source == content::Source::File) load_table(table);
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
