// The one description of the content: every table a pack holds, its fields, their limits, enum
// values with labels, references, and what search indexes. The SQL schema, the content-folder
// loader, the validator's rules, the pack counts and the search index are all derived from it.
// To add a table: add a Table to kTables in content_tables.cpp (and its file to content/).
// Sections: fields · tables · lookups · derived SQL
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

namespace kiosk::content {

// Stored in PRAGMA user_version. Version 1 (the packs of 2024–2026) lacks batch and the event
// tables; ContentDb still reads it (content_db.cpp).
inline constexpr int kSchemaVersion = 2;
inline constexpr int kOldestReadableSchemaVersion = 1;

// --- fields
enum class FieldKind {
    Id,         // the row's key: text; in content files a-z, 0-9, '-' and '_'
    Sort,       // display order: the row's place in its file (per parent for child rows)
    Text,       // one text, shown as written ("60+", an icon name, a meta value)
    Bilingual,  // two columns, <name>_zh and <name>_en (or zh and en when name is empty)
    Integer,    // a whole number in [min, max]
    Flag,       // 0 or 1; files may also say yes/no, 是/否
    Enum,       // one of `values`
    Ref,        // the key of a row of `target`
    Image,      // the id of a media row (an image file in images/)
    Color,      // #RRGGBB
    Icon,       // a Material Icons ligature name
    Date,       // YYYY-MM-DD
    Blob,       // image bytes, written by the pack builder only
    Links,      // a list of keys of `target` in one cell; stored as rows of table `link`
    Pinyin,     // a staff override of a name's pinyin; goes into the search index only
};

struct EnumValue {
    const char* id;
    const char* zh;
    const char* en;
};

struct Field {
    const char* name;
    FieldKind kind = FieldKind::Text;
    bool required = true;  // Bilingual: both languages; Ref, Image, Date, Links: not empty
    int max_chars = 64;    // each text (each language of a Bilingual), in characters
    long long min = 0;     // Integer, and an integer Ref's key
    long long max = 0;     // Integer
    std::span<const EnumValue> values = {};  // Enum
    const char* target = nullptr;            // Ref, Links: the table referred to
    const char* link = nullptr;              // Links: the table holding (owner, target[, role])
    const char* role = nullptr;              // Links: the link table's role value for this list
    std::span<const char* const> target_kinds = {};  // Links: allowed `kind`s of the targets
    const char* help_zh = "";                        // for staff: what goes in this column
    const char* help_en = "";
    const char* file_column = nullptr;  // its name in content files, when not `name`
    bool derived = false;  // made by the builder from another column (a thumbnail): not a change
};
// The column heading(s) of a field in a content file: none for Sort, two for a Bilingual.
std::vector<std::string> file_columns(const Field& field);

// --- tables
// Where a table's rows come from.
enum class Source {
    File,     // a content file (CSV, workbook sheet) of staff rows
    Links,    // rows made from a Links field of another table
    Builder,  // written by the pack builder (meta, media)
};

// How a searchable table's hits are subtitled.
struct Subtitle {
    enum class From { Fixed, EnumLabel, FieldText, RefName } from = From::Fixed;
    const char* field = nullptr;  // EnumLabel, FieldText, RefName
    const char* zh = "";          // Fixed
    const char* en = "";
};

struct Search {
    const char* title = nullptr;  // the Bilingual field of the hit's title; nullptr: not searched
    std::vector<const char*> body;
    Subtitle subtitle;
};

struct Table {
    const char* name;  // SQL table; also the search kind and the screen's content kind
    Source source = Source::File;
    const char* file = nullptr;  // content folder file stem ("members" → members.csv)
    const char* label_zh = "";   // plural, for counts and messages ("成员")
    const char* label_en = "";
    std::vector<Field> fields;
    std::vector<const char*> key;                 // primary key columns
    std::vector<const char*> required_keys = {};  // rows that must exist (alliance: "name", …)
    Search search = {};
    bool counted = false;   // listed in the pack's counts (staff panel, kiosk-pack status)
    int since_version = 1;  // the first schema version that has this table
};

// Every table, in an order where each is after those it refers to.
std::span<const Table> tables();
const Table* find_table(const std::string& name);
const Field* find_field(const Table& table, const std::string& name);

// --- lookups
// YYYY-MM-DD with a month 01–12 and a day that month has (29 February in leap years only).
bool valid_date(const std::string& text);
// The label of an enum value ("university" → 高校 / University); nullptr when unknown.
const EnumValue* enum_value(const Field& field, const std::string& id);
// The enum values of table.field (e.g. member kinds for the members filter).
std::span<const EnumValue> enum_values(const std::string& table, const std::string& field);

// A stored column: one per field, two per Bilingual, none for Links and Pinyin.
struct Column {
    std::string name;
    const Field* field = nullptr;
    int lang = -1;  // Bilingual: 0 zh, 1 en
};
std::vector<Column> columns(const Table& table);
// The column name of a Bilingual field's language (lang 0 zh, 1 en).
std::string bilingual_column(const Field& field, int lang);
// The column a key or Ref field refers to: the target's single key column.
const Field& key_field(const Table& table);
bool integer_key(const Table& table);

// The tables a searchable row can come from, in table order.
std::vector<const Table*> searchable_tables();
// The tables whose rows are counted for staff.
std::vector<const Table*> counted_tables();

// How many rows a counted table holds: the pack's counts, as staff see them.
struct TableCount {
    const Table* table = nullptr;
    long long rows = 0;
};
// The counted tables a pack of schema_version has, counted by count_of(table name).
std::vector<TableCount> count_tables(int schema_version,
                                     const std::function<long long(const char*)>& count_of);
// "成员 21、人物 13、…" (lang 0) or "21 members, 13 people, …" (lang 1).
std::string counts_text(const std::vector<TableCount>& counts, int lang);

// --- derived SQL
// The whole schema of version kSchemaVersion, as the pack writer runs it and the validator
// expects it.
const std::string& schema_sql();

}  // namespace kiosk::content
