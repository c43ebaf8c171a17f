// Private to the sample pack: the row inserter and the data tables.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

namespace kiosk::sample {

using Value = std::variant<std::nullptr_t, long long, std::string, std::vector<unsigned char>>;

// INSERT INTO table VALUES (values...), in the schema's column order.
void insert(SQLite::Database& db, const std::string& table, const std::vector<Value>& values);

// Every table except media and search_index (sample_content_rows.cpp).
void insert_rows(SQLite::Database& db);

// Pinyin and initials of the Chinese names of members, people and bases, by id.
struct Pinyin {
    const char* id;
    const char* pinyin;
    const char* initials;
};
const std::vector<Pinyin>& name_pinyin();

}  // namespace kiosk::sample
