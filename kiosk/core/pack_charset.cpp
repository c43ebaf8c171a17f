// The pack's character set: scanning the texts, and storing / reading it in `meta`.
// Sections: scan · store · read back
#include "kiosk/core/pack_charset.h"

#include <cstdlib>
#include <map>

#include "kiosk/core/content_tables.h"
#include "kiosk/core/utf8.h"

namespace kiosk {

namespace {

bool is_control(char32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

}  // namespace

// --- scan
std::u32string scan_text_codepoints(SQLite::Database& db) {
    // Every text column of every table the pack's format has, as the content description lists.
    const int version = db.execAndGet("PRAGMA user_version").getInt();
    std::vector<std::string> queries;
    for (const content::Table& table : content::tables()) {
        if (table.since_version > version) continue;
        std::string columns;
        for (const content::Column& c : content::columns(table))
            if (c.field->kind == content::FieldKind::Text ||
                c.field->kind == content::FieldKind::Bilingual)
                columns += (columns.empty() ? "" : ", ") + c.name;
        if (!columns.empty()) queries.push_back("SELECT " + columns + " FROM " + table.name);
    }
    std::vector<uint64_t> seen(0x110000 / 64, 0);
    const auto mark = [&](char32_t cp) { seen[cp >> 6] |= uint64_t{1} << (cp & 63); };
    for (const std::string& sql : queries) {
        SQLite::Statement s(db, sql);
        const int columns = s.getColumnCount();
        while (s.executeStep()) {
            for (int c = 0; c < columns; ++c) {
                const SQLite::Column column = s.getColumn(c);
                const char* data = column.getText();  // text first, then its byte count
                const std::string_view text(data, static_cast<size_t>(column.getBytes()));
                for (size_t i = 0; i < text.size();) {
                    char32_t cp = 0;
                    const size_t used = decode_utf8_at(text, i, &cp);
                    mark(used ? cp : char32_t{0xFFFD});  // a bad byte shows as U+FFFD
                    i += used ? used : 1;
                }
            }
        }
    }
    std::u32string out;
    for (char32_t cp = 0x20; cp < 0x110000; ++cp)
        if ((seen[cp >> 6] >> (cp & 63) & 1) && !is_control(cp)) out.push_back(cp);
    return out;
}

// --- store
std::vector<std::pair<std::string, std::string>> charset_meta_rows(
    const std::u32string& codepoints) {
    std::vector<std::string> parts;
    std::string part;
    for (char32_t cp : codepoints) {
        const std::string encoded = u32_to_utf8(std::u32string_view(&cp, 1));
        if (part.size() + encoded.size() > kCharsetPartMaxBytes) {
            parts.push_back(std::move(part));
            part.clear();
        }
        part += encoded;
    }
    if (!part.empty()) parts.push_back(std::move(part));
    std::vector<std::pair<std::string, std::string>> rows;
    rows.emplace_back(kCharsetPartsKey, std::to_string(parts.size()));
    for (size_t i = 0; i < parts.size(); ++i)
        rows.emplace_back(kCharsetPartKeyPrefix + std::to_string(i + 1), std::move(parts[i]));
    return rows;
}

// --- read back
std::optional<std::u32string> read_stored_charset(SQLite::Database& db) {
    SQLite::Statement rows(db, "SELECT key, value FROM meta WHERE key = ?1 OR key LIKE ?2");
    rows.bind(1, kCharsetPartsKey);
    rows.bind(2, std::string(kCharsetPartKeyPrefix) + "%");
    std::optional<long> part_count;
    std::map<long, std::string> parts;  // by part number
    const std::string prefix = kCharsetPartKeyPrefix;
    while (rows.executeStep()) {
        const std::string key = rows.getColumn(0).getString();
        const std::string value = rows.getColumn(1).getString();
        if (key == kCharsetPartsKey) {
            char* end = nullptr;
            const long n = std::strtol(value.c_str(), &end, 10);
            if (value.empty() || *end != '\0' || n < 0) return std::nullopt;
            part_count = n;
        } else if (key.starts_with(prefix)) {
            char* end = nullptr;
            const long n = std::strtol(key.c_str() + prefix.size(), &end, 10);
            if (*end != '\0' || n < 1) return std::nullopt;
            parts[n] = value;
        }
    }
    // Every part 1..N present and nothing beyond: a pack missing a part would lose glyphs.
    if (!part_count || static_cast<long>(parts.size()) != *part_count) return std::nullopt;
    if (!parts.empty() && parts.rbegin()->first != *part_count) return std::nullopt;
    std::string joined;
    for (const auto& [number, text] : parts) joined += text;
    if (!is_valid_utf8(joined)) return std::nullopt;
    std::u32string codepoints = utf8_to_u32(joined);
    for (size_t i = 0; i < codepoints.size(); ++i) {
        if (is_control(codepoints[i])) return std::nullopt;
        if (i > 0 && codepoints[i] <= codepoints[i - 1]) return std::nullopt;  // sorted, unique
    }
    return codepoints;
}

}  // namespace kiosk
