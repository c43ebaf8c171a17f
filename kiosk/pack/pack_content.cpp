// PackContent's row helpers (pack_content.h).
#include "kiosk/pack/pack_content.h"

#include <stdexcept>

namespace kiosk::pack {

std::string value_text(const Value& v) {
    if (const auto* n = std::get_if<long long>(&v)) return std::to_string(*n);
    if (const auto* t = std::get_if<std::string>(&v)) return *t;
    return {};
}

void PackContent::add(const std::string& table,
                      std::initializer_list<std::pair<const char*, Value>> cells) {
    const content::Table* t = content::find_table(table);
    if (!t) throw std::logic_error("no table " + table + " in the content description");
    const auto cols = content::columns(*t);
    Row row;
    row.values.resize(cols.size());
    for (const auto& [name, value] : cells) {
        size_t i = 0;
        while (i < cols.size() && cols[i].name != name) ++i;
        if (i == cols.size())
            throw std::logic_error("no column " + std::string(name) + " in " + table);
        row.values[i] = value;
    }
    rows[table].push_back(std::move(row));
}

}  // namespace kiosk::pack
