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

// A content folder's tables: <file>.csv each.
class CsvFolder : public TableSource {
  public:
    explicit CsvFolder(fs::path dir) : dir_(std::move(dir)) {}
    std::string name_of(const Table& table) const override {
        return std::string(table.file) + ".csv";
    }
    std::optional<CsvTable> read(const Table& table, const std::vector<std::string>& columns,
                                 Diagnostics& diag) const override {
        const std::string file = name_of(table);
        std::error_code ec;
        if (!fs::is_regular_file(dir_ / file, ec)) {
            std::string header;
            for (const auto& col : columns) header += (header.empty() ? "" : ",") + col;
            diag.error(file, "缺少文件；请新建此文件，第一行写：" + header,
                       "missing file; make it with this first row: " + header);
            return std::nullopt;
        }
        return read_csv_file((dir_ / file).string(), file, diag);
    }

  private:
    fs::path dir_;
};

// Every table's file is read the same way, driven by the content description: each field's
// column(s) parsed by its kind, keys remembered, references checked once all files are read.
class Loader {
  public:
    Loader(const TableSource& source, const std::string& dir, Diagnostics& diag,
           const LoadOptions& opt)
        : source_(source), dir_(dir), diag_(diag), opt_(opt) {}

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
    std::string key_of(const RowReader& r, const std::string& column, const char* target,
                       const std::string& written);

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

    const TableSource& source_;
    fs::path dir_;  // holds images/
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
    // table → name (name_zh or name_en) → the keys of the rows of that name.
    std::map<std::string, std::map<std::string, std::vector<std::string>>> names_;
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
            r.error(column, "为空，请填 images 文件夹里的图片文件名",
                    "is empty; name an image file in images/");
        return {};
    }
    // Staff may write "x.jpg" or just "x", in any letter case; the media id is the file name
    // without extension.
    const std::vector<std::string> matches = find_picture_file(image_files_, value);
    if (matches.size() != 1) {
        if (matches.empty())
            r.error(column, "找不到图片文件 images/" + value + "，请检查文件名或把图片放进 images",
                    "image file images/" + value + " not found; check the name or add the file");
        else
            r.error(column,
                    "“" + value + "”对应 images 里的多个文件（" + matches[0] + "、" + matches[1] +
                        "），请写完整文件名或改名",
                    "\"" + value + "\" matches several files in images/ (" + matches[0] + ", " +
                        matches[1] + "); write the full file name or rename one");
        return {};
    }
    const std::string id = image_files_[matches[0]];
    if (const auto it = used_images_.find(id);
        it != used_images_.end() && it->second.file_name != matches[0]) {
        r.error(column,
                "images/" + matches[0] + " 与 images/" + it->second.file_name +
                    " 同名（只差扩展名），请把其中一个改名",
                "images/" + matches[0] + " and images/" + it->second.file_name +
                    " have the same name; rename one of them");
        return {};
    }
    used_images_.try_emplace(id, ImageUse{{r.where(column)}, matches[0]});
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
            diag_.error(at_line(w.file, w.line), "图片 " + file + " 无法使用：" + zh,
                        "image " + file + " cannot be used: " + en);
        } else {
            c_.media.push_back(std::move(done[i]));
        }
    }
    for (const auto& [name, stem] : image_files_) {
        if (!used_images_.contains(stem))
            diag_.notice("images/" + name, "没有表用到，不放入内容包",
                         "not used by any table, left out of the pack");
    }
}

// --- tables ---

void Loader::load_table(const Table& table) {
    std::vector<std::string> wanted, optional;
    for (const Field& f : table.fields)
        for (const std::string& col : content::file_columns(f))
            (f.kind == FieldKind::Pinyin ? optional : wanted).push_back(col);
    const auto csv = source_.read(table, wanted, diag_);
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
            if (col.name == "name_zh" || col.name == "name_en") {
                auto& keys = names_[table.name][value_text(row.values.back())];
                if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
            }
        }
        if (table.key.size() == 1) remember(table, r, key);
        for (const Field& f : table.fields) {
            if (f.kind == FieldKind::Links) {
                auto targets = r.id_list(f.name);
                if (f.required && targets.empty())
                    r.error(f.name, "为空，请至少填一个", "is empty; name at least one");
                links_.push_back({{r.where(f.name)}, &table, &f, key, std::move(targets)});
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
        case FieldKind::Enum:
            return r.one_of(col, f.values);
        case FieldKind::Ref: {
            const std::string& written = r.raw(col);
            if (written.empty()) {
                if (f.required) r.error(col, "为空，请填写编号", "is empty; it must name a row");
                return {};
            }
            const std::string value = key_of(r, col, f.target, written);
            refs_.push_back({{r.where(col)}, &f, value});
            if (!content::integer_key(*content::find_table(f.target))) return value;
            // Not a number: check_references says it is not a key of the target.
            const bool digits =
                value.size() < 10 && std::all_of(value.begin(), value.end(),
                                                 [](char c) { return c >= '0' && c <= '9'; });
            return digits ? std::stoll(value) : 0LL;
        }
        case FieldKind::Image: {
            std::string id = image_ref(r, col, f.required);
            if (id.empty()) return {};
            return id;
        }
        case FieldKind::Color: {
            std::string color = r.raw(col);
            if (!std::regex_match(color, std::regex("#[0-9A-Fa-f]{6}")))
                r.error(col, "“" + color + "”不是颜色，应写成 #F5A524 这样",
                        "\"" + color + "\" is not a colour like #F5A524");
            std::transform(color.begin(), color.end(), color.begin(), ::toupper);
            return color;
        }
        case FieldKind::Icon: {
            const std::string icon = r.raw(col);
            if (!std::regex_match(icon, std::regex("[a-z0-9_]+")) ||
                (!icon_names_.empty() && !icon_names_.contains(icon)))
                r.error(col, "“" + icon + "”不是 Material Icons 图标名（如 bolt、science）",
                        "\"" + icon + "\" is not a Material Icons name (e.g. bolt, science)");
            return icon;
        }
        case FieldKind::Date: {
            const std::string date = r.raw(col);
            if (date.empty() && !f.required) return date;
            if (!content::valid_date(date))
                r.error(col, "“" + date + "”不是日期，应写成 2024-04-28 这样",
                        "\"" + date + "\" is not a date like 2024-04-28");
            return date;
        }
    }
    return {};
}

// A reference as staff wrote it: the target's key, or (as a workbook's dropdown shows it) the
// name of exactly one of its rows.
std::string Loader::key_of(const RowReader& r, const std::string& column, const char* target,
                           const std::string& written) {
    if (keys_[target].contains(written)) return written;
    const auto named = names_[target].find(written);
    if (named == names_[target].end()) return written;
    if (named->second.size() > 1) {
        r.error(column, "“" + written + "”是多行的名称，请改填其中一行的编号",
                "\"" + written + "\" is the name of several rows; write the id of one");
        return written;
    }
    return named->second.front();
}

void Loader::remember(const Table& table, const RowReader& r, const std::string& key) {
    if (key.empty()) return;
    const auto [it, fresh] = keys_[table.name].try_emplace(key, Where{r.where(table.key[0])});
    if (!fresh) {
        r.error(
            table.key[0],
            "“" + key + "”重复（第一次在 " + it->second.file + "）；编号不能重复，请改一个",
            "\"" + key + "\" is used twice (first at " + it->second.file + "); ids must be unique");
    }
}

// --- references ---

bool Loader::check_ref(const Where& w, const Field& field, const std::string& value) {
    const Table& target = *content::find_table(field.target);
    if (keys_[target.name].contains(value)) return true;
    const std::string in = source_.name_of(target);
    diag_.error(at_line(w.file, w.line),
                std::string(field.name) + "：在 " + in + " 中找不到“" + value + "”；请先在 " + in +
                    " 中添加这一行，或改成已有的编号",
                std::string(field.name) + ": \"" + value + "\" is not " +
                    (content::integer_key(target) ? "a number" : "an id") + " in " + in +
                    "; add that row there first, or use one it has");
    return false;
}

void Loader::check_references() {
    for (const Table& table : content::tables())
        for (const char* key : table.required_keys)
            if (!keys_[table.name].contains(key))
                diag_.error(source_.name_of(table),
                            std::string("缺少编号为“") + key + "”的一行，请补上",
                            std::string("missing the row with key \"") + key + "\"; add it");
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
                    diag_.error(at_line(l.where.file, l.where.line),
                                std::string(l.field->name) + "：“" + target + "”的类型是 " + kind +
                                    "，这里只能填 " + allowed + " 类型的成员",
                                std::string(l.field->name) + ": \"" + target +
                                    "\" is a member of kind " + kind + ", not " + allowed);
                    continue;
                }
            }
            if (!seen.emplace(l.field->link, l.owner_key, target).second) {
                diag_.error(
                    at_line(l.where.file, l.where.line),
                    "“" + target + "”在“" + l.owner_key + "”中重复列出，请删去一个",
                    "\"" + target + "\" is named twice for \"" + l.owner_key + "\"; remove one");
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
        diag_.error(dir_.string(), "不是文件夹；请给出内容文件夹",
                    "is not a folder; give the content folder");
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

std::optional<PackContent> load_content(const TableSource& tables, const std::string& dir,
                                        Diagnostics& diag, const LoadOptions& options) {
    return Loader(tables, dir, diag, options).run();
}

std::optional<PackContent> load_content_dir(const std::string& dir, Diagnostics& diag,
                                            const LoadOptions& options) {
    return load_content(CsvFolder(dir), dir, diag, options);
}

}  // namespace kiosk::pack
