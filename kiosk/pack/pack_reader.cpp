// Pack reader (pack_reader.h). Sections: opening · rows · tables newer than the pack · pinyin ·
// media · read_pack · helpers for files
#include "kiosk/pack/pack_reader.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <regex>
#include <set>
#include <stdexcept>

#include "kiosk/core/content_db.h"
#include "kiosk/core/pack_connection.h"

namespace kiosk::pack {

namespace {

using content::Column;
using content::Field;
using content::FieldKind;
using content::Table;

// --- opening

[[noreturn]] void refuse(const std::string& path, const std::string& zh, const std::string& en) {
    throw std::runtime_error("内容包 " + path + " " + zh + " / Content pack " + path + ": " + en);
}

SQLite::Database open_pack(const std::string& path, int* version) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        refuse(path, "不存在或不是文件；请给出已安装的内容包文件",
               "not found or not a file; give the installed pack's file");
    try {
        SQLite::Database db(immutable_file_uri(path), SQLite::OPEN_READONLY | SQLite::OPEN_URI);
        if (const int rc = defend_pack_connection(db.getHandle()); rc != SQLITE_OK)
            throw SQLite::Exception(db.getHandle(), rc);
        *version = db.execAndGet("PRAGMA user_version").getInt();
        if (*version < content::kOldestReadableSchemaVersion || *version > content::kSchemaVersion)
            refuse(
                path,
                "的格式版本 " + std::to_string(*version) +
                    " 无法读取；请用与之匹配的 kiosk-pack 导出",
                "has content format " + std::to_string(*version) +
                    ", which this kiosk-pack cannot read; export it with the matching kiosk-pack");
        return db;
    } catch (const SQLite::Exception& e) {
        refuse(path, "无法读取（" + std::string(e.what()) + "）；请确认它是内容包",
               std::string("cannot be read (") + e.what() + "); check that it is a content pack");
    }
}

// --- rows

Value read_value(const SQLite::Column& c) {
    if (c.isNull()) return {};
    if (c.isInteger()) return static_cast<long long>(c.getInt64());
    return c.getString();
}

bool has_sort(const Table& t) {
    return std::any_of(t.fields.begin(), t.fields.end(),
                       [](const Field& f) { return f.kind == FieldKind::Sort; });
}

// Each read table's rows' places, by key: the order link and gallery rows follow.
using Places = std::map<std::string, std::map<std::string, size_t>>;

std::vector<Row> read_rows(SQLite::Database& db, const Table& table, const Places& places) {
    const auto cols = content::columns(table);
    std::string select, order;
    for (const Column& c : cols) select += (select.empty() ? "" : ", ") + c.name;
    if (has_sort(table)) order = "sort, ";
    for (const char* k : table.key) order += std::string(k) + ", ";
    order.resize(order.size() - 2);
    SQLite::Statement st(db, "SELECT " + select + " FROM " + table.name + " ORDER BY " + order);
    std::vector<Row> rows;
    while (st.executeStep()) {
        Row row;
        for (size_t i = 0; i < cols.size(); ++i)
            row.values.push_back(cols[i].field->kind == FieldKind::Sort
                                     ? Value{}
                                     : read_value(st.getColumn(static_cast<int>(i))));
        rows.push_back(std::move(row));
    }
    // Rows keyed by references (galleries, links): in the order of the rows they refer to.
    std::vector<std::pair<size_t, const std::map<std::string, size_t>*>> by;
    for (size_t i = 0; i < cols.size(); ++i) {
        const Field& f = *cols[i].field;
        const bool in_key = std::find_if(table.key.begin(), table.key.end(), [&](const char* k) {
                                return cols[i].name == k;
                            }) != table.key.end();
        if (in_key && f.kind == FieldKind::Ref)
            if (const auto it = places.find(f.target); it != places.end())
                by.emplace_back(i, &it->second);
    }
    if (!by.empty()) {
        const auto place = [&](const Row& r, size_t n) {
            const auto it = by[n].second->find(value_text(r.values[by[n].first]));
            return it == by[n].second->end() ? by[n].second->size() : it->second;
        };
        std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
            for (size_t n = 0; n < by.size(); ++n)
                if (place(a, n) != place(b, n)) return place(a, n) < place(b, n);
            return false;
        });
    }
    return rows;
}

// --- tables newer than the pack

// A table the pack's format lacks, that its rows refer to (batch in format 1): one row per key
// referred to, named as the kiosk names it; other columns empty.
std::vector<Row> rows_referred_to(const PackContent& c, const Table& missing) {
    std::set<long long> numbers;
    std::set<std::string> texts;
    for (const Table& t : content::tables()) {
        const auto cols = content::columns(t);
        for (size_t i = 0; i < cols.size(); ++i) {
            const Field& f = *cols[i].field;
            if (f.kind != FieldKind::Ref || f.target != std::string(missing.name)) continue;
            for (const Row& r : c.of(t.name)) {
                if (const auto* n = std::get_if<long long>(&r.values[i])) numbers.insert(*n);
                if (const auto* s = std::get_if<std::string>(&r.values[i])) texts.insert(*s);
            }
        }
    }
    std::vector<Value> keys(numbers.begin(), numbers.end());
    keys.insert(keys.end(), texts.begin(), texts.end());
    const auto cols = content::columns(missing);
    const std::string key = missing.key.size() == 1 ? missing.key[0] : "";
    std::vector<Row> rows;
    for (const Value& k : keys) {
        const auto* number = std::get_if<long long>(&k);
        const Bilingual name = unnamed_batch(number ? static_cast<int>(*number) : 0);
        Row row;
        for (const Column& col : cols) {
            const Field& f = *col.field;
            if (col.name == key)
                row.values.push_back(k);
            else if (f.kind == FieldKind::Bilingual && f.name == std::string("name"))
                row.values.emplace_back(col.lang == 0 ? name.zh : name.en);
            else if (f.kind == FieldKind::Flag)
                row.values.emplace_back(0LL);
            else if (f.kind == FieldKind::Sort || f.kind == FieldKind::Ref ||
                     f.kind == FieldKind::Image)
                row.values.emplace_back();
            else
                row.values.emplace_back(std::string());
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

// --- pinyin

// One syllable of toneless pinyin: an optional initial, then a final.
bool pinyin_syllable(const std::string& s) {
    static const std::regex syllable(
        "(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
        "(iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ui|ao|ou|iu|ie|ue|ve|er|an|en|"
        "in|un|vn|ia|ua|uo|a|o|e|i|u|v)");
    return std::regex_match(s, syllable);
}

// The search index keeps an override's syllables joined ("duyouwei") and their initials
// ("dyw"). Splits `full` into one piece per initial, each starting with it, preferring pieces
// that are pinyin syllables; any split gives the same index when built again.
std::string spaced_pinyin(const std::string& full, const std::string& initials) {
    if (initials.empty() || full.empty() || full[0] != initials[0]) return {};
    const size_t k = initials.size();
    for (const bool strict : {true, false}) {
        std::vector<size_t> starts(k, 0);
        std::set<std::pair<size_t, size_t>> dead;            // (piece, start) with no way to finish
        std::function<bool(size_t)> place = [&](size_t i) {  // pieces i.. from starts[i]
            if (dead.contains({i, starts[i]})) return false;
            const size_t last = i + 1 == k ? full.size() : full.size() - 1;
            for (size_t end = last; end > starts[i]; --end) {
                if (i + 1 < k && full[end] != initials[i + 1]) continue;
                if (strict && !pinyin_syllable(full.substr(starts[i], end - starts[i]))) continue;
                if (i + 1 == k) {
                    if (end == full.size()) return true;
                    continue;
                }
                starts[i + 1] = end;
                if (place(i + 1)) return true;
            }
            dead.insert({i, starts[i]});
            return false;
        };
        if (!place(0)) continue;
        std::string out;
        for (size_t i = 0; i < k; ++i) {
            const size_t end = i + 1 < k ? starts[i + 1] : full.size();
            out += (i ? " " : "") + full.substr(starts[i], end - starts[i]);
        }
        return out;
    }
    return {};
}

void read_pinyin(SQLite::Database& db, const PinyinDict& dict, PackContent& c) {
    for (const Table* t : content::searchable_tables()) {
        const bool overridable =
            std::any_of(t->fields.begin(), t->fields.end(),
                        [](const Field& f) { return f.kind == FieldKind::Pinyin; });
        if (!overridable) continue;
        const auto cols = content::columns(*t);
        const std::string title_zh =
            content::bilingual_column(*content::find_field(*t, t->search.title), 0);
        size_t key = 0, title = 0;
        for (size_t i = 0; i < cols.size(); ++i) {
            if (cols[i].name == t->key[0]) key = i;
            if (cols[i].name == title_zh) title = i;
        }
        std::map<std::string, std::string> names;  // key → Chinese title
        for (const Row& r : c.of(t->name))
            names[value_text(r.values[key])] = value_text(r.values[title]);
        SQLite::Statement st(db, "SELECT ref, pinyin, initials FROM search_index WHERE kind = ?");
        st.bind(1, t->name);
        while (st.executeStep()) {
            const std::string ref = st.getColumn(0).getString();
            const auto name = names.find(ref);
            if (name == names.end()) continue;
            const PinyinResult stored{st.getColumn(1).getString(), st.getColumn(2).getString()};
            const PinyinResult read = dict.convert(name->second);
            if (stored.full == read.full && stored.initials == read.initials) continue;
            if (std::string spaced = spaced_pinyin(stored.full, stored.initials); !spaced.empty())
                c.pinyin[PackContent::pinyin_key(t->name, ref)] = std::move(spaced);
        }
    }
}

// --- media

void read_media(SQLite::Database& db, PackContent& c) {
    SQLite::Statement st(db,
                         "SELECT id, format, width, height, bytes, thumb_width, thumb_height, "
                         "thumb FROM media ORDER BY id");
    const auto blob = [&](int i) {
        const auto* p = static_cast<const unsigned char*>(st.getColumn(i).getBlob());
        return std::vector<unsigned char>(p, p + st.getColumn(i).getBytes());
    };
    while (st.executeStep()) {
        auto image = std::make_shared<PreparedImage>();
        image->format = st.getColumn(1).getString();
        image->width = st.getColumn(2).getInt();
        image->height = st.getColumn(3).getInt();
        image->bytes = blob(4);
        image->thumb_width = st.getColumn(5).getInt();
        image->thumb_height = st.getColumn(6).getInt();
        image->thumb = blob(7);
        c.media.push_back({st.getColumn(0).getString(), std::move(image)});
    }
}

}  // namespace

// --- read_pack

PackContent read_pack(const std::string& path, const PinyinDict* dict) {
    int version = 0;
    SQLite::Database db = open_pack(path, &version);
    PackContent c;
    try {
        Places places;
        for (const Table& table : content::tables()) {
            if (table.source == content::Source::Builder || table.since_version > version) continue;
            auto rows = read_rows(db, table, places);
            if (table.key.size() == 1) {
                auto& place = places[table.name];
                for (const Row& r : rows) place.emplace(value_text(r.values[0]), place.size());
            }
            c.rows[table.name] = std::move(rows);
        }
        for (const Table& table : content::tables())
            if (table.source == content::Source::File && table.since_version > version)
                if (auto rows = rows_referred_to(c, table); !rows.empty())
                    c.rows[table.name] = std::move(rows);
        read_media(db, c);
        if (dict) read_pinyin(db, *dict, c);
    } catch (const SQLite::Exception& e) {
        refuse(path, "内容不完整（" + std::string(e.what()) + "）；请重新安装内容包",
               std::string("is incomplete (") + e.what() + "); install the pack again");
    }
    return c;
}

// --- helpers for files

std::map<std::string, std::vector<std::string>> linked_ids(const PackContent& content,
                                                           const content::Field& links) {
    std::map<std::string, std::vector<std::string>> out;
    // A link row is (owner, target[, role]), as the content loader makes it.
    for (const Row& r : content.of(links.link)) {
        if (links.role && (r.values.size() < 3 || value_text(r.values[2]) != links.role)) continue;
        out[value_text(r.values[0])].push_back(value_text(r.values[1]));
    }
    return out;
}

std::string media_file_name(const MediaRow& media) {
    return media.id + (media.image->format == "png" ? ".png" : ".jpg");
}

}  // namespace kiosk::pack
