// Pack validation, in the order: header → defences + quick_check → schema version and exact
// object set → every row (types, lengths, languages, kinds, references) → every image. For a file,
// quick_check runs beside the rest (quick_check.h) but its verdict is still taken first.
// Sections: helpers · schema · rows · images · entry points
#include "kiosk/update/pack_validator.h"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>
#include <vector>

#include "kiosk/core/content_tables.h"
#include "kiosk/core/utf8.h"
#include "kiosk/update/digests.h"
#include "kiosk/update/image_check.h"
#include "kiosk/update/quick_check.h"
#include "kiosk/update/refusal.h"
#include "kiosk/update/untrusted_db.h"

namespace kiosk::update {
namespace {

// --- helpers ---
[[noreturn]] void bad_row(const std::string& table, const std::string& id, const std::string& en,
                          const std::string& zh) {
    refuse(RefusalCode::BadContent, "table " + table + ", row '" + id + "': " + en,
           "表 " + table + "，行 '" + id + "'：" + zh);
}

std::string collapse_spaces(const std::string& sql) {
    std::string out;
    bool space = false;
    for (char c : sql) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

void check_cancel(const std::atomic<bool>* cancel) {
    if (cancel && cancel->load())
        refuse(RefusalCode::Cancelled, "the import was cancelled", "导入已取消");
}

// --- schema ---
using SchemaEntry = std::tuple<std::string, std::string, std::string, std::string>;

std::set<SchemaEntry> schema_of(sqlite3* db) {
    std::set<SchemaEntry> out;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT type, name, tbl_name, ifnull(sql,'') FROM sqlite_schema", -1,
                           &st, nullptr) != SQLITE_OK)
        return out;
    while (sqlite3_step(st) == SQLITE_ROW) {
        auto col = [&](int i) {
            const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
            return std::string(p ? p : "");
        };
        out.emplace(col(0), col(1), col(2), collapse_spaces(col(3)));
    }
    sqlite3_finalize(st);
    return out;
}

const std::set<SchemaEntry>& expected_schema() {
    static const std::set<SchemaEntry> expected = [] {
        sqlite3* db = nullptr;
        sqlite3_open(":memory:", &db);
        if (sqlite3_exec(db, content::schema_sql().c_str(), nullptr, nullptr, nullptr) !=
            SQLITE_OK) {
            sqlite3_close(db);
            throw std::logic_error("the described content schema does not run");
        }
        auto s = schema_of(db);
        sqlite3_close(db);
        return s;
    }();
    return expected;
}

void check_schema(const UntrustedDb& db) {
    Query version(db, "PRAGMA user_version");
    version.next();
    const long long v = version.integer(0);
    if (v != content::kSchemaVersion)
        refuse(RefusalCode::WrongSchema,
               "the pack has content format " + std::to_string(v) + ", this kiosk takes format " +
                   std::to_string(content::kSchemaVersion) +
                   "; build the pack again with this version's kiosk-pack",
               "内容包格式为 " + std::to_string(v) + "，本机只接受格式 " +
                   std::to_string(content::kSchemaVersion) +
                   "，请用本版本的 kiosk-pack 重新制作内容包");
    std::set<SchemaEntry> found;
    Query q(db, "SELECT type, name, tbl_name, ifnull(sql,'') FROM sqlite_schema");
    while (q.next()) found.emplace(q.text(0), q.text(1), q.text(2), collapse_spaces(q.text(3)));
    for (const auto& entry : found) {
        if (!expected_schema().count(entry))
            refuse(RefusalCode::WrongSchema,
                   "the pack holds an unexpected " + std::get<0>(entry) + " '" +
                       std::get<1>(entry) + "'",
                   "内容包含有不应存在的 " + std::get<0>(entry) + "“" + std::get<1>(entry) + "”");
    }
    for (const auto& entry : expected_schema()) {
        if (!found.count(entry))
            refuse(RefusalCode::WrongSchema, "the pack lacks table '" + std::get<1>(entry) + "'",
                   "内容包缺少表“" + std::get<1>(entry) + "”");
    }
}

// --- rows ---
// Every rule comes from the content description (content_tables.h): a column's field says its
// type, whether it may be NULL or empty, its length, its values and range. The search index,
// which the description does not list column by column, has its own few rules.
using content::FieldKind;

size_t code_points(const std::string& v) {
    size_t n = 0;
    for (unsigned char c : v) n += (c & 0xC0) != 0x80;
    return n;
}

const content::Field kSearchText{.name = "search text", .required = false, .max_chars = 16384};
const content::Field kSearchRef{.name = "ref", .max_chars = 64};

// The field a column of the checked schema holds; search_index columns get the rules above.
const content::Field& field_of(const std::string& table, const std::string& col) {
    if (table == "search_index") return col == "ref" || col == "kind" ? kSearchRef : kSearchText;
    for (const content::Column& c : content::columns(*content::find_table(table)))
        if (c.name == col) return *c.field;
    throw std::logic_error("column " + table + "." + col + " is not in the description");
}

bool is_integer(const content::Field& f) {
    return f.kind == FieldKind::Integer || f.kind == FieldKind::Flag || f.kind == FieldKind::Sort ||
           (f.kind == FieldKind::Ref && content::integer_key(*content::find_table(f.target)));
}

void check_integer(const std::string& table, const std::string& id, const std::string& col,
                   const content::Field& f, long long v) {
    bool ok = true;
    if (f.kind == FieldKind::Flag) ok = v == 0 || v == 1;
    if (f.kind == FieldKind::Integer) ok = v >= f.min && v <= f.max;
    if (f.kind == FieldKind::Sort) ok = v >= -1000000 && v <= 1000000;
    if (!ok) bad_row(table, id, col + " is out of range", col + " 超出范围");
}

bool valid_value(const content::Field& f, const std::string& v) {
    switch (f.kind) {
        case FieldKind::Enum:
            return content::enum_value(f, v) != nullptr;
        case FieldKind::Color:
            return v.size() == 7 && v[0] == '#' && std::all_of(v.begin() + 1, v.end(), [](char c) {
                       return std::isxdigit(static_cast<unsigned char>(c));
                   });
        case FieldKind::Icon:
            return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
            });
        case FieldKind::Date:
            return (v.empty() && !f.required) || content::valid_date(v);
        default:
            break;
    }
    return true;
}

void check_text(const std::string& table, const std::string& id, const std::string& col,
                const content::Field& f, const std::string& v) {
    if (const size_t n = code_points(v); n > static_cast<size_t>(f.max_chars))
        bad_row(table, id,
                col + " is too long (" + std::to_string(n) + " characters, at most " +
                    std::to_string(f.max_chars) + ")",
                col + " 过长（" + std::to_string(n) + " 个字符，最多 " +
                    std::to_string(f.max_chars) + " 个）");
    if (!is_valid_utf8(v))
        bad_row(table, id, col + " is not valid UTF-8 text", col + " 不是有效的 UTF-8 文本");
    for (unsigned char c : v)
        if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f)
            bad_row(table, id, col + " holds a control character", col + " 含有控制字符");
    if (v.empty() && f.required)
        bad_row(table, id, col + " is empty (both Chinese and English are needed)",
                col + " 为空（中英文都必须填写）");
    if (!valid_value(f, v))
        bad_row(table, id, col + " has an unknown value '" + v + "'", col + " 的值“" + v + "”无效");
    if (table == "search_index" && col == "kind") {
        static const std::set<std::string> kinds = [] {
            std::set<std::string> names;
            for (const content::Table* t : content::searchable_tables()) names.insert(t->name);
            return names;
        }();
        if (!kinds.contains(v))
            bad_row(table, id, col + " has an unknown value '" + v + "'",
                    col + " 的值“" + v + "”无效");
    }
}

bool is_image_blob(const std::string& table, const std::string& col) {
    return table == "media" && field_of(table, col).kind == FieldKind::Blob;
}

// Image blobs are nearly all of a pack's bytes. The row check needs only their type and size (the
// image stage reads each blob once), and SQLite answers typeof()/length() from the record header
// without reading the blob's overflow pages; so a blob column is selected as its length, -1 when
// it is not a blob. With raw_blobs (the image pass), the blobs themselves follow as extra last
// columns, in schema order. Column names come from the schema, already checked to be exactly ours.
std::string row_select(const UntrustedDb& db, const std::string& table, bool raw_blobs = false) {
    // (image blobs: is_image_blob)
    Query all(db, "SELECT * FROM \"" + table + "\"");
    std::string columns, raw;
    for (int c = 0; c < sqlite3_column_count(all.stmt()); ++c) {
        const std::string col = sqlite3_column_name(all.stmt(), c);
        const std::string quoted = "\"" + col + "\"";
        if (!columns.empty()) columns += ", ";
        columns += is_image_blob(table, col)
                       ? "CASE typeof(" + quoted + ") WHEN 'blob' THEN length(" + quoted +
                             ") WHEN 'null' THEN NULL ELSE -1 END AS " + quoted
                       : quoted;
        if (raw_blobs && is_image_blob(table, col)) raw += ", " + quoted;
    }
    return "SELECT " + columns + raw + " FROM \"" + table + "\"";
}

void count_row(const std::string& table, long long rows, const ValidationLimits& limits,
               const std::atomic<bool>* cancel) {
    if (rows > limits.max_rows_per_table)
        refuse(RefusalCode::BadContent, "table " + table + " has too many rows",
               "表 " + table + " 行数过多");
    if ((rows & 255) == 0) check_cancel(cancel);
}

// What the description says of one column of a checked table: worked out once per table, not per
// cell (a large pack has millions of cells).
struct ColumnRule {
    std::string name;
    const content::Field* field = nullptr;
    bool integer = false;
    bool image_blob = false;
    bool may_be_null = false;
};

// The rules of the first `cols` columns of q, as row_select gives them.
std::vector<ColumnRule> column_rules(const std::string& table, const Query& q, int cols) {
    std::vector<ColumnRule> rules;
    for (int c = 0; c < cols; ++c) {
        ColumnRule r;
        r.name = sqlite3_column_name(q.stmt(), c);
        r.field = &field_of(table, r.name);
        r.integer = is_integer(*r.field);
        r.image_blob = is_image_blob(table, r.name);
        r.may_be_null = table == "search_index" ||
                        (!r.field->required &&
                         (r.field->kind == FieldKind::Ref || r.field->kind == FieldKind::Image));
        rules.push_back(std::move(r));
    }
    return rules;
}

void check_cells(const std::string& table, const Query& q, const std::vector<ColumnRule>& rules,
                 const ValidationLimits& limits) {
    const std::string id = q.text(0).substr(0, 64);
    for (int c = 0; c < static_cast<int>(rules.size()); ++c) {
        const ColumnRule& rule = rules[static_cast<size_t>(c)];
        const std::string& col = rule.name;
        const int type = sqlite3_column_type(q.stmt(), c);
        if (type == SQLITE_NULL) {
            if (!rule.may_be_null) bad_row(table, id, col + " is missing", col + " 缺失");
            continue;
        }
        if (rule.image_blob) {  // its length, or -1: see row_select
            if (type != SQLITE_INTEGER || q.integer(c) < 0 || q.integer(c) > limits.max_blob_bytes)
                bad_row(table, id, col + " is not an image of allowed size",
                        col + " 不是大小合规的图片");
            continue;
        }
        if (rule.integer) {
            if (type != SQLITE_INTEGER)
                bad_row(table, id, col + " is not a whole number", col + " 不是整数");
            check_integer(table, id, col, *rule.field, q.integer(c));
        } else {
            if (type != SQLITE_TEXT) bad_row(table, id, col + " is not text", col + " 不是文本");
            check_text(table, id, col, *rule.field, q.text(c));
        }
    }
}

// Checks every cell of every row of `table`; returns its row count.
long long check_table(const UntrustedDb& db, const std::string& table,
                      const ValidationLimits& limits, const std::atomic<bool>* cancel) {
    Query q(db, row_select(db, table));
    const auto rules = column_rules(table, q, sqlite3_column_count(q.stmt()));
    long long rows = 0;
    while (q.next()) {
        count_row(table, ++rows, limits, cancel);
        check_cells(table, q, rules, limits);
    }
    return rows;
}

[[noreturn]] void missing_reference(const std::string& child, const std::string& parent) {
    refuse(RefusalCode::BadContent,
           "table " + child + " refers to a missing entry in table " + parent,
           "表 " + child + " 引用了表 " + parent + " 中不存在的条目");
}

// Every foreign key, as PRAGMA foreign_key_check would, but each parent's keys are read once
// into a temporary index (NOT IN). The pragma looks each child row up in media itself, and
// media is a WITHOUT ROWID table: a lookup compares whole rows, images and all (~0.8 ms each;
// 10 s for a pack with 18,500 gallery images). Names come from the checked schema.
void check_references(const UntrustedDb& db) {
    std::vector<std::string> tables;
    for (const auto& entry : expected_schema())
        if (std::get<0>(entry) == "table") tables.push_back(std::get<1>(entry));
    for (const std::string& child : tables) {
        Query keys(db, "SELECT \"table\", \"from\", \"to\", seq FROM pragma_foreign_key_list('" +
                           child + "')");
        while (keys.next()) {
            // A key of several columns, or one naming no parent column: SQLite checks the table.
            if (keys.integer(3) != 0 || keys.text(2).empty()) {
                Query q(db, "PRAGMA foreign_key_check(\"" + child + "\")");
                if (q.next()) missing_reference(child, q.text(2));
                continue;
            }
            const std::string parent = keys.text(0), from = keys.text(1), to = keys.text(2);
            Query q(db, "SELECT 1 FROM \"" + child + "\" WHERE \"" + from +
                            "\" IS NOT NULL AND \"" + from + "\" NOT IN (SELECT \"" + to +
                            "\" FROM \"" + parent + "\" WHERE \"" + to + "\" IS NOT NULL) LIMIT 1");
            if (q.next()) missing_reference(child, parent);
        }
    }
}

void check_meta(const UntrustedDb& db, PackInfo& info) {
    Query q(db, "SELECT key, value FROM meta");
    bool have_version = false;
    while (q.next()) {
        const std::string key = q.text(0), value = q.text(1);
        if (key == "pack_version") {
            have_version = !value.empty() && value.size() <= 18 &&
                           std::all_of(value.begin(), value.end(),
                                       [](char c) { return c >= '0' && c <= '9'; });
            if (have_version) info.pack_version = std::stoll(value);
        } else if (key == "built_at") {
            info.built_at = value.substr(0, 64);
        }
    }
    if (!have_version || info.pack_version <= 0)
        refuse(RefusalCode::BadContent, "the pack has no valid version number (meta.pack_version)",
               "内容包缺少有效的版本号（meta.pack_version）");
}

// The full-text index is rebuilt on import (search_rebuild.h) with the settings in its config
// table, which must be what FTS5 writes for a new table: the format version, nothing else (a
// pack could otherwise choose page sizes, merge policies or a ranking function).
void check_search_settings(const UntrustedDb& db) {
    Query q(db, "SELECT k, v FROM search_index_config");
    int rows = 0;
    while (q.next()) {
        ++rows;
        if (q.text(0) != "version" || sqlite3_column_type(q.stmt(), 1) != SQLITE_INTEGER ||
            q.integer(1) != 4)
            refuse(RefusalCode::WrongSchema,
                   "the pack's search index has settings the kiosk does not use",
                   "内容包的搜索索引含有本机不使用的设置");
    }
    if (rows != 1)
        refuse(RefusalCode::WrongSchema, "the pack's search index lacks its format version",
               "内容包的搜索索引缺少格式版本");
}

int count_rows(const UntrustedDb& db, const char* table) {
    Query q(db, std::string("SELECT count(*) FROM ") + table);
    q.next();
    return static_cast<int>(q.integer(0));
}

// --- images ---
// Decoding is ~85 % of an import, so it runs on every core. The main thread alone talks to SQLite
// (one connection, read in row order) and copies each media row's two blobs into a bounded
// queue; workers only decode. Every defect found is kept with its row number, so the refusal
// lists them in media-table order however the threads interleave.
struct MediaRow {
    size_t row = 0;
    std::string id, format;
    long long width = 0, height = 0, thumb_width = 0, thumb_height = 0;
    std::vector<unsigned char> display, thumb;
};

struct ImageFinding {
    size_t row = 0;
    int blob = 0;  // 0 display, 1 thumb: the order they are listed in
    std::string en, zh;
};

class ParallelImageCheck {
  public:
    // known: images checked before (see ImageRecords), never set without record; record: hash
    // every image and keep those that pass (passed()); neither: hash nothing.
    ParallelImageCheck(const ValidationLimits& limits, unsigned workers, const CheckedImages* known,
                       bool record)
        : limits_(limits), known_(known), record_(record) {
        for (unsigned i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
    }
    ~ParallelImageCheck() {
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
            abandoned_ = !finished_;  // a refusal or cancel left early: skip what is queued
        }
        queue_changed_.notify_all();
        for (auto& t : threads_) t.join();
    }
    ParallelImageCheck(const ParallelImageCheck&) = delete;
    ParallelImageCheck& operator=(const ParallelImageCheck&) = delete;

    // Blocks while the queue holds kMaxQueuedBytes (at least one row is always let in).
    void submit(MediaRow row) {
        std::unique_lock lock(mutex_);
        queue_changed_.wait(
            lock, [&] { return failure_ || queue_.empty() || queued_bytes_ < kMaxQueuedBytes; });
        if (failure_) std::rethrow_exception(failure_);
        queued_bytes_ += row.display.size() + row.thumb.size();
        queue_.push_back(std::move(row));
        lock.unlock();
        queue_changed_.notify_all();
    }

    size_t rows_checked() const { return rows_checked_.load(); }
    size_t rows_decoded() const { return rows_decoded_.load(); }
    // Every image that passed, once finish() returned no findings.
    const CheckedImages& passed() const { return passed_; }

    // Waits for every queued row; the findings sorted by row, display before thumb.
    std::vector<ImageFinding> finish() {
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
            finished_ = true;
        }
        queue_changed_.notify_all();
        for (auto& t : threads_) t.join();
        threads_.clear();
        if (failure_) std::rethrow_exception(failure_);
        std::sort(findings_.begin(), findings_.end(), [](const auto& a, const auto& b) {
            return std::tie(a.row, a.blob) < std::tie(b.row, b.blob);
        });
        return std::move(findings_);
    }

  private:
    static constexpr size_t kMaxQueuedBytes = 128u << 20;

    void work() {
        try {
            ImageChecker checker;
            CheckedImages passed;
            for (;;) {
                MediaRow row;
                {
                    std::unique_lock lock(mutex_);
                    queue_changed_.wait(lock, [&] { return closed_ || !queue_.empty(); });
                    if (abandoned_ || queue_.empty()) {
                        passed_.add_all(passed);
                        return;
                    }
                    row = std::move(queue_.front());
                    queue_.pop_front();
                    queued_bytes_ -= row.display.size() + row.thumb.size();
                }
                queue_changed_.notify_all();
                check_row(checker, row, passed);
                rows_checked_.fetch_add(1);
            }
        } catch (...) {  // out of memory, most likely: the import fails, it is not the pack's fault
            std::lock_guard lock(mutex_);
            if (!failure_) failure_ = std::current_exception();
            abandoned_ = true;
            queue_changed_.notify_all();
        }
    }

    // The digest is always of the bytes just read from the pack: a pack cannot name its own.
    void check_row(ImageChecker& checker, const MediaRow& row, CheckedImages& passed) {
        const struct {
            const char* which;
            const std::vector<unsigned char>& bytes;
            long long w, h;
        } blobs[] = {{"display", row.display, row.width, row.height},
                     {"thumb", row.thumb, row.thumb_width, row.thumb_height}};
        bool decoded = false;
        for (int b = 0; b < 2; ++b) {
            const auto& bytes = blobs[b].bytes;
            // What the check is given, and so what a record must match: built once.
            const ImageExpectation want{row.format, blobs[b].w, blobs[b].h, limits_.max_image_side};
            ImageDigest digest{};
            if (record_) digest = sha256(bytes.data(), bytes.size());
            if (known_ && known_->passed(digest, want)) {
                passed.record(digest, want);
                continue;
            }
            decoded = true;
            const auto found = checker.check(bytes.data(), bytes.size(), want);
            if (!found) {
                if (record_) passed.record(digest, want);
                continue;
            }
            ImageFinding finding{row.row, b,
                                 "image '" + row.id + "' (" + blobs[b].which + "): " + found->en,
                                 "图片“" + row.id + "”（" + blobs[b].which + "）：" + found->zh};
            std::lock_guard lock(mutex_);
            findings_.push_back(std::move(finding));
        }
        if (decoded) rows_decoded_.fetch_add(1);
    }

    const ValidationLimits limits_;
    const CheckedImages* known_;
    const bool record_;
    CheckedImages passed_;  // under mutex_, filled as each worker ends
    std::mutex mutex_;
    std::condition_variable queue_changed_;
    std::deque<MediaRow> queue_;
    size_t queued_bytes_ = 0;
    bool closed_ = false, finished_ = false, abandoned_ = false;
    std::vector<ImageFinding> findings_;
    std::exception_ptr failure_;
    std::atomic<size_t> rows_checked_{0};
    std::atomic<size_t> rows_decoded_{0};
    std::vector<std::thread> threads_;
};

unsigned image_workers() {
    // Beyond 8 the single SQLite reader is the limit; 0 means unknown.
    return std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
}

// One refusal naming every bad image, in media-table order, on one line (the import card and
// report show it). Past kListedDefects only the count is given, so a pack with thousands of
// broken images still gives a readable message.
[[noreturn]] void refuse_images(const std::vector<ImageFinding>& findings) {
    constexpr size_t kListedDefects = 20;
    if (findings.size() == 1) refuse(RefusalCode::BadImage, findings[0].en, findings[0].zh);
    std::string en = std::to_string(findings.size()) + " problems with images: ";
    std::string zh = std::to_string(findings.size()) + " 处图片问题：";
    for (size_t i = 0; i < findings.size() && i < kListedDefects; ++i) {
        en += (i ? "; " : "") + findings[i].en;
        zh += (i ? "；" : "") + findings[i].zh;
    }
    if (findings.size() > kListedDefects) {
        const std::string more = std::to_string(findings.size() - kListedDefects);
        en += "; and " + more + " more";
        zh += "；另有 " + more + " 处";
    }
    refuse(RefusalCode::BadImage, en, zh);
}

std::vector<unsigned char> blob_copy(sqlite3_stmt* st, int col) {
    const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(st, col));
    return p ? std::vector<unsigned char>(p, p + sqlite3_column_bytes(st, col))
             : std::vector<unsigned char>();
}

void check_images(const UntrustedDb& db, const ValidationLimits& limits,
                  const CheckProgress& progress, const std::atomic<bool>* cancel, int total,
                  ImageRecords* records) {
    // The media table's cell checks happen here, in the one pass that reads the blobs: columns
    // after a blob sit behind its overflow pages, so a separate row check read all of them too
    // (~12 s of a 2.7 GB pack, on one core while the decoders waited). Columns as row_select
    // gives them (the schema's order, checked), then the two raw blobs.
    Query q(db, row_select(db, "media", true));
    const auto rules = column_rules("media", q, sqlite3_column_count(q.stmt()) - 2);
    const int cols = static_cast<int>(rules.size());
    ParallelImageCheck pool(limits, image_workers(), records ? records->known : nullptr,
                            records != nullptr);
    size_t rows = 0;
    while (q.next()) {
        count_row("media", static_cast<long long>(rows) + 1, limits, cancel);
        check_cancel(cancel);
        check_cells("media", q, rules, limits);
        MediaRow row;
        row.row = rows++;
        row.id = q.text(0);
        row.format = q.text(1);
        row.width = q.integer(2);
        row.height = q.integer(3);
        row.display = blob_copy(q.stmt(), cols);
        row.thumb_width = q.integer(5);
        row.thumb_height = q.integer(6);
        row.thumb = blob_copy(q.stmt(), cols + 1);
        pool.submit(std::move(row));
        if (progress && total > 0)
            progress(0.5 + 0.5 * static_cast<double>(pool.rows_checked()) / total);
    }
    const std::vector<ImageFinding> findings = pool.finish();
    if (!findings.empty()) refuse_images(findings);
    if (records) {
        records->passed = pool.passed();
        records->rows = static_cast<long long>(rows);
        records->rows_decoded = static_cast<long long>(pool.rows_decoded());
    }
    if (progress && total > 0) progress(1.0);
}

// Everything after quick_check.
PackInfo validate_content(const UntrustedDb& db, const ValidationLimits& limits,
                          const CheckProgress& progress, const std::atomic<bool>* cancel,
                          ImageRecords* records) {
    check_schema(db);
    PackInfo info;
    info.schema_version = content::kSchemaVersion;
    check_meta(db, info);
    std::vector<std::string> tables;
    for (const auto& entry : expected_schema())
        if (std::get<0>(entry) == "table" && std::get<1>(entry).rfind("search_index_", 0) != 0 &&
            std::get<1>(entry) != "media")  // checked with its images, below
            tables.push_back(std::get<1>(entry));
    for (size_t i = 0; i < tables.size(); ++i) {
        check_cancel(cancel);
        check_table(db, tables[i], limits, cancel);
        if (progress) progress(0.5 * double(i + 1) / double(tables.size()));
    }
    check_references(db);
    check_search_settings(db);
    info.counts = content::count_tables(info.schema_version, [&](const char* t) {
        return static_cast<long long>(count_rows(db, t));
    });
    check_images(db, limits, progress, cancel, static_cast<int>(info.count("media")), records);
    return info;
}

// `quick_check` runs beside the content checks when given; inline first otherwise.
PackInfo validate(const UntrustedDb& db, const ValidationLimits& limits,
                  const CheckProgress& progress, const std::atomic<bool>* cancel,
                  QuickCheckBeside* quick_check, ImageRecords* records) {
    if (!quick_check) {
        run_quick_check(db);
        return validate_content(db, limits, progress, cancel, records);
    }
    try {
        PackInfo info = validate_content(db, limits, progress, cancel, records);
        quick_check->verdict();
        return info;
    } catch (const RefusedError& e) {
        // Damage outranks what it may have caused; a cancel is not worth waiting for.
        if (e.refusal.code != RefusalCode::Cancelled) quick_check->verdict();
        throw;
    }
}

// The first bytes of the file: SQLite's magic, then the file format bytes at offsets 18 and 19
// (write and read version): 1 is a rollback journal, 2 is WAL, which would make SQLite create
// -wal/-shm files next to the installed pack.
constexpr size_t kHeaderChecked = 20;
void check_header(const unsigned char* header, size_t size) {
    if (size < kHeaderChecked || std::memcmp(header, "SQLite format 3", 16) != 0)
        refuse(RefusalCode::NotSqlite, "the file is not a content pack (not an SQLite database)",
               "该文件不是内容包（不是 SQLite 数据库）");
    if (header[18] != 1 || header[19] != 1)
        refuse(RefusalCode::WrongSchema,
               "the pack's database is in WAL mode or an unknown file format (header bytes 18 "
               "and 19 must be 1)",
               "内容包数据库处于 WAL 模式或文件格式未知（文件头第 18、19 字节必须为 1）");
}

}  // namespace

// --- entry points ---
PackInfo validate_pack_file(const std::string& path, const ValidationLimits& limits,
                            const CheckProgress& progress, const std::atomic<bool>* cancel,
                            ImageRecords* records) {
    unsigned char header[kHeaderChecked] = {};
    std::ifstream in(path, std::ios::binary);
    in.read(reinterpret_cast<char*>(header), sizeof header);
    check_header(header, static_cast<size_t>(in.gcount()));
    const UntrustedDb db = UntrustedDb::open_file(path);
    QuickCheckBeside quick_check(path);
    return validate(db, limits, progress, cancel, &quick_check, records);
}

PackInfo validate_pack_bytes(const unsigned char* data, size_t size,
                             const ValidationLimits& limits) {
    check_header(data, size);
    return validate(UntrustedDb::open_bytes(data, size), limits, {}, nullptr, nullptr, nullptr);
}

PackInfo read_pack_info(const std::string& path) {
    const UntrustedDb db = UntrustedDb::open_file(path);
    check_schema(db);
    PackInfo info;
    info.schema_version = content::kSchemaVersion;
    check_meta(db, info);
    info.counts = content::count_tables(info.schema_version, [&](const char* t) {
        return static_cast<long long>(count_rows(db, t));
    });
    return info;
}

}  // namespace kiosk::update
