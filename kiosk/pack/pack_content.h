// Everything one pack holds, as rows of the tables the content description lists
// (kiosk/core/content_tables.h), in display order: what the content-folder loader and the
// synthetic generator produce and what the pack writer stores.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "kiosk/core/content_tables.h"
#include "kiosk/pack/image_prep.h"

namespace kiosk::pack {

struct MediaRow {
    std::string id;
    std::shared_ptr<const PreparedImage> image;  // shared: synthetic packs reuse encoded images
};

// One cell: NULL, a whole number or a text.
using Value = std::variant<std::monostate, long long, std::string>;

// One row: a value per stored column of its table (content::columns), in that order. Sort
// columns are filled by the writer from the row's place.
struct Row {
    std::vector<Value> values;
};

struct PackContent {
    std::vector<MediaRow> media;
    std::map<std::string, std::vector<Row>> rows;  // by table name; link tables too
    std::map<std::string, std::string> pinyin;     // pinyin_key(table, id) → staff override

    static std::string pinyin_key(const std::string& table, const std::string& id) {
        return table + '/' + id;
    }
    const std::vector<Row>& of(const std::string& table) const {
        static const std::vector<Row> none;
        const auto it = rows.find(table);
        return it == rows.end() ? none : it->second;
    }
    size_t count(const std::string& table) const { return of(table).size(); }

    // Appends a row given by column name; columns not named are NULL (0 for Sort). Throws
    // std::logic_error on a name the table does not have: for generators and tests.
    void add(const std::string& table, std::initializer_list<std::pair<const char*, Value>> cells);
};

struct PackMeta {
    int64_t pack_version = 0;  // 0: seconds since the epoch at build time
    std::string title;
    bool vacuum = true;  // a freshly written file has no free pages; huge synthetic packs skip it
};

// The text of a value ("" for NULL, digits for a number).
std::string value_text(const Value& v);

}  // namespace kiosk::pack
