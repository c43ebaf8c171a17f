// Pack writer: schema, rows, search index and meta (with the character set) in one transaction,
// then VACUUM and rename.
// Sections: helpers · rows · search index · write_pack
#include "kiosk/pack/pack_writer.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <stdexcept>

#include <map>

#include "kiosk/core/content_tables.h"
#include "kiosk/core/pack_charset.h"

namespace kiosk::pack {

namespace fs = std::filesystem;

namespace {

// --- helpers ---

std::string iso_utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

void bind_blob(SQLite::Statement& st, int index, const std::vector<unsigned char>& bytes) {
    st.bindNoCopy(index, bytes.data(), static_cast<int>(bytes.size()));
}

// --- rows ---

void bind_value(SQLite::Statement& st, int index, const Value& v) {
    if (const auto* n = std::get_if<long long>(&v))
        st.bind(index, static_cast<int64_t>(*n));
    else if (const auto* t = std::get_if<std::string>(&v))
        st.bindNoCopy(index, *t);
    else
        st.bind(index);  // NULL
}

std::string insert_sql(const std::string& table, size_t columns) {
    std::string marks;
    for (size_t i = 0; i < columns; ++i) marks += i ? ",?" : "?";
    return "INSERT INTO " + table + " VALUES (" + marks + ")";
}

void write_media(SQLite::Database& db, const PackContent& c) {
    SQLite::Statement media(db, insert_sql("media", 8));
    for (const auto& m : c.media) {
        media.bind(1, m.id);
        media.bind(2, m.image->format);
        media.bind(3, m.image->width);
        media.bind(4, m.image->height);
        bind_blob(media, 5, m.image->bytes);
        media.bind(6, m.image->thumb_width);
        media.bind(7, m.image->thumb_height);
        bind_blob(media, 8, m.image->thumb);
        media.exec();
        media.reset();
    }
}

// Every described table the content gives (not meta or media), in description order (parents before
// children). A Sort column is the row's place: among all rows, or, in a table keyed by (owner,
// sort), among its owner's.
void write_rows(SQLite::Database& db, const PackContent& c) {
    for (const content::Table& table : content::tables()) {
        if (table.source == content::Source::Builder) continue;  // meta and media: their own
        const auto cols = content::columns(table);
        SQLite::Statement insert(db, insert_sql(table.name, cols.size()));
        std::map<std::string, long long> places;  // owner key → last sort
        for (const Row& row : c.of(table.name)) {
            if (row.values.size() != cols.size())
                throw std::logic_error(std::string("a row of ") + table.name + " has " +
                                       std::to_string(row.values.size()) + " values, not " +
                                       std::to_string(cols.size()));
            for (size_t i = 0; i < cols.size(); ++i) {
                if (cols[i].field->kind == content::FieldKind::Sort) {
                    const std::string owner = table.key.size() > 1 ? value_text(row.values[0]) : "";
                    insert.bind(static_cast<int>(i + 1), static_cast<int64_t>(++places[owner]));
                } else {
                    bind_value(insert, static_cast<int>(i + 1), row.values[i]);
                }
            }
            insert.exec();
            insert.reset();
        }
    }
}

// --- search index ---

// "du you wei" → {"duyouwei", "dyw"}
PinyinResult syllables(const std::string& spaced) {
    PinyinResult out;
    bool start = true;
    for (char c : spaced) {
        if (c == ' ') {
            start = true;
            continue;
        }
        out.full += c;
        if (start) out.initials += c;
        start = false;
    }
    return out;
}

// One row per row of each searchable table: its title, pinyin of the Chinese title (or the staff
// override), and its body texts, Chinese first.
void write_search_index(SQLite::Database& db, const PackContent& c, const PinyinDict& dict) {
    SQLite::Statement st(db,
                         "INSERT INTO search_index (kind, ref, name_zh, name_en, pinyin, "
                         "initials, body) VALUES (?,?,?,?,?,?,?)");
    for (const content::Table* table : content::searchable_tables()) {
        const auto cols = content::columns(*table);
        const auto at = [&](const std::string& name) {
            for (size_t i = 0; i < cols.size(); ++i)
                if (cols[i].name == name) return i;
            throw std::logic_error("no column " + name + " in " + table->name);
        };
        const size_t key = at(table->key[0]);
        const content::Field& title = *content::find_field(*table, table->search.title);
        const size_t title_zh = at(content::bilingual_column(title, 0));
        const size_t title_en = at(content::bilingual_column(title, 1));
        std::vector<size_t> body;
        for (int lang = 0; lang < 2; ++lang)
            for (const char* name : table->search.body)
                body.push_back(
                    at(content::bilingual_column(*content::find_field(*table, name), lang)));
        for (const Row& row : c.of(table->name)) {
            const std::string ref = value_text(row.values[key]);
            const std::string name_zh = value_text(row.values[title_zh]);
            const auto override = c.pinyin.find(PackContent::pinyin_key(table->name, ref));
            const PinyinResult py = override == c.pinyin.end() || override->second.empty()
                                        ? dict.convert(name_zh)
                                        : syllables(override->second);
            std::string text;
            for (size_t col : body) {
                const std::string part = value_text(row.values[col]);
                if (part.empty()) continue;
                if (!text.empty()) text += '\n';
                text += part;
            }
            st.bind(1, table->name), st.bind(2, ref), st.bind(3, name_zh);
            st.bind(4, value_text(row.values[title_en]));
            st.bind(5, py.full), st.bind(6, py.initials), st.bind(7, text);
            st.exec();
            st.reset();
        }
    }
}

}  // namespace

// --- write_pack ---

WriteStats write_pack(const PackContent& content, const PackMeta& meta, const PinyinDict& dict,
                      const std::string& out_path) {
    const fs::path out(out_path);
    if (out.has_parent_path()) fs::create_directories(out.parent_path());
    const fs::path tmp = out.string() + ".tmp-" + std::to_string(::getpid());
    fs::remove(tmp);
    WriteStats stats;
    stats.pack_version = meta.pack_version > 0
                             ? meta.pack_version
                             : std::chrono::duration_cast<std::chrono::seconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
    try {
        {
            SQLite::Database db(tmp.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            db.exec("PRAGMA journal_mode = DELETE");
            db.exec("PRAGMA foreign_keys = ON");
            SQLite::Transaction tx(db);
            db.exec(content::schema_sql());
            // First: the character set scan below reads the tables this format has.
            db.exec("PRAGMA user_version = " + std::to_string(content::kSchemaVersion));
            write_media(db, content);
            write_rows(db, content);
            write_search_index(db, content, dict);
            SQLite::Statement put(db, "INSERT INTO meta VALUES (?,?)");
            const std::pair<std::string, std::string> rows[] = {
                {"pack_version", std::to_string(stats.pack_version)},
                {"built_at", iso_utc_now()},
                {"title", meta.title}};
            for (const auto& [k, v] : rows) {
                put.bind(1, k), put.bind(2, v);
                put.exec();
                put.reset();
            }
            // Last, so the set covers every text above including the meta values; the kiosk
            // reads it at start instead of scanning the whole pack.
            for (const auto& [k, v] : charset_meta_rows(scan_text_codepoints(db))) {
                put.bind(1, k), put.bind(2, v);
                put.exec();
                put.reset();
            }
            tx.commit();
            if (meta.vacuum) db.exec("VACUUM");
        }
        fs::rename(tmp, out);
    } catch (...) {
        std::error_code ec;
        fs::remove(tmp, ec);
        throw;
    }
    stats.file_bytes = static_cast<int64_t>(fs::file_size(out));
    return stats;
}

}  // namespace kiosk::pack
