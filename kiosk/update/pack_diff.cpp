// diff_packs: both packs attached read-only to one in-memory connection; per table, the key of
// each row (its key columns joined) and the row itself (the columns both packs have) compared
// with EXCEPT. Sections: helpers · diff_packs · diff_lines
#include "kiosk/update/pack_diff.h"

#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

namespace kiosk::update {
namespace {

// --- helpers ---
class Connection {
  public:
    Connection() {
        if (sqlite3_open_v2(":memory:", &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, nullptr) !=
            SQLITE_OK)
            throw std::runtime_error("cannot open SQLite");
    }
    ~Connection() { sqlite3_close_v2(db_); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void attach(const std::string& path, const char* as) {
        std::string uri = "file:";
        for (const char ch : path) {  // a URI: escape what it gives a meaning
            if (ch == '%' || ch == '?' || ch == '#') {
                static const char* hex = "0123456789ABCDEF";
                uri += '%';
                uri += hex[(static_cast<unsigned char>(ch) >> 4) & 15];
                uri += hex[static_cast<unsigned char>(ch) & 15];
            } else {
                uri += ch;
            }
        }
        uri += "?mode=ro";
        rows("ATTACH " + quote(uri) + " AS " + as);
        rows("SELECT count(*) FROM " + std::string(as) + ".sqlite_master");  // opens it now
    }
    // Every row's columns as text.
    std::vector<std::vector<std::string>> rows(const std::string& sql) {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
            throw std::runtime_error(std::string("pack comparison: ") + sqlite3_errmsg(db_));
        std::vector<std::vector<std::string>> out;
        int rc = SQLITE_ROW;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            std::vector<std::string>& row = out.emplace_back();
            for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
                const auto* t = sqlite3_column_text(stmt, i);
                row.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
            }
        }
        sqlite3_finalize(stmt);
        if (rc != SQLITE_DONE)
            throw std::runtime_error(std::string("pack comparison: ") + sqlite3_errmsg(db_));
        return out;
    }
    static std::string quote(const std::string& text) {
        std::string out = "'";
        for (const char ch : text) out += ch == '\'' ? std::string("''") : std::string(1, ch);
        return out + "'";
    }

  private:
    sqlite3* db_ = nullptr;
};

std::set<std::string> column_names(Connection& db, const char* schema, const char* table) {
    std::set<std::string> names;
    for (const auto& row :
         db.rows("SELECT name FROM pragma_table_info(" + Connection::quote(table) + ", " +
                 Connection::quote(schema) + ")"))
        names.insert(row[0]);
    return names;
}

// The table a row of `t` belongs to for staff: the target of a leading reference, else itself.
const content::Table* owner_of(const content::Table& t) {
    if (t.key.empty()) return &t;
    const content::Field* first = content::find_field(t, t.key.front());
    if (first && first->kind == content::FieldKind::Ref && first->target)
        if (const content::Table* owner = content::find_table(first->target)) return owner;
    return &t;
}

// Keys (as the owner knows them) of the rows added, removed and changed in one table.
struct KeyChanges {
    std::vector<std::string> added, removed, changed;
    long long installed_rows = 0, candidate_rows = 0;
};

KeyChanges compare_table(Connection& db, const content::Table& t) {
    KeyChanges out;
    const std::set<std::string> in_i = column_names(db, "i", t.name);
    const std::set<std::string> in_c = column_names(db, "c", t.name);
    if (in_c.empty() && in_i.empty()) return out;
    std::string key = "''";
    for (const char* k : t.key) key += " || char(31) || " + std::string("\"") + k + "\"";
    std::string cols;
    for (const content::Column& c : content::columns(t))
        if (!c.field->derived && in_i.count(c.name) && in_c.count(c.name))
            cols += ", \"" + c.name + "\"";
    const std::string from_i =
        in_i.empty() ? "(SELECT NULL WHERE 0)" : "i.\"" + std::string(t.name) + "\"";
    const std::string from_c =
        in_c.empty() ? "(SELECT NULL WHERE 0)" : "c.\"" + std::string(t.name) + "\"";
    const auto keys = [&](const std::string& sql) {
        std::vector<std::string> k;
        for (const auto& row : db.rows(sql)) k.push_back(row[0]);
        return k;
    };
    const auto count = [&](const std::string& from, bool present) {
        return present ? std::stoll(db.rows("SELECT count(*) FROM " + from)[0][0]) : 0;
    };
    out.installed_rows = count(from_i, !in_i.empty());
    out.candidate_rows = count(from_c, !in_c.empty());
    if (in_i.empty()) {
        out.added = keys("SELECT " + key + " FROM " + from_c);
        return out;
    }
    if (in_c.empty()) {
        out.removed = keys("SELECT " + key + " FROM " + from_i);
        return out;
    }
    out.added =
        keys("SELECT " + key + " FROM " + from_c + " EXCEPT SELECT " + key + " FROM " + from_i);
    out.removed =
        keys("SELECT " + key + " FROM " + from_i + " EXCEPT SELECT " + key + " FROM " + from_c);
    out.changed = keys("SELECT DISTINCT k FROM (SELECT " + key + " AS k" + cols + " FROM " +
                       from_c + " EXCEPT SELECT " + key + " AS k" + cols + " FROM " + from_i +
                       ") WHERE k IN (SELECT " + key + " FROM " + from_i + ")");
    return out;
}

// The owner's key in a child row's key: the part before the first separator.
std::string owner_key(const std::string& joined) {
    const std::string k = joined.substr(joined.find('\x1f') + 1);  // after the leading ''
    return k.substr(0, k.find('\x1f'));
}

}  // namespace

bool PackDiff::any() const {
    return std::any_of(tables.begin(), tables.end(), [](const TableDiff& t) { return t.any(); });
}

// --- diff_packs ---
PackDiff diff_packs(const std::string& installed, const std::string& candidate) {
    Connection db;
    db.attach(installed, "i");
    db.attach(candidate, "c");
    struct Owner {
        KeyChanges own;
        std::set<std::string> changed_by_children;
    };
    std::map<const content::Table*, Owner> owners;
    std::vector<const content::Table*> order;
    for (const content::Table& t : content::tables()) {
        if (t.source == content::Source::Builder && t.label_zh[0] == '\0') continue;  // meta
        const content::Table* owner = owner_of(t);
        KeyChanges changes = compare_table(db, t);
        if (owner == &t) {
            owners[&t].own = std::move(changes);
            order.push_back(&t);
            continue;
        }
        Owner& o = owners[owner];
        for (const auto* list : {&changes.added, &changes.removed, &changes.changed})
            for (const std::string& k : *list) o.changed_by_children.insert(owner_key(k));
    }
    PackDiff diff;
    for (const content::Table* t : order) {
        Owner& o = owners[t];
        TableDiff d;
        d.table = t;
        d.installed_rows = o.own.installed_rows;
        d.candidate_rows = o.own.candidate_rows;
        d.added = static_cast<long long>(o.own.added.size());
        d.removed = static_cast<long long>(o.own.removed.size());
        std::set<std::string> changed;
        for (const std::string& k : o.own.changed) changed.insert(owner_key(k));
        const std::set<std::string> added_or_removed = [&] {
            std::set<std::string> s;
            for (const auto* list : {&o.own.added, &o.own.removed})
                for (const std::string& k : *list) s.insert(owner_key(k));
            return s;
        }();
        for (const std::string& k : o.changed_by_children)
            if (!added_or_removed.count(k)) changed.insert(k);
        d.changed = static_cast<long long>(changed.size());
        diff.tables.push_back(d);
    }
    return diff;
}

// --- diff_lines ---
std::vector<std::string> diff_lines(const PackDiff& diff, int lang) {
    std::vector<std::string> out;
    for (const TableDiff& d : diff.tables) {
        if (!d.any()) continue;
        const std::string counts =
            std::to_string(d.installed_rows) + " → " + std::to_string(d.candidate_rows);
        if (lang == 0)
            out.push_back(std::string(d.table->label_zh) + " " + counts + "：新增 " +
                          std::to_string(d.added) + "，删除 " + std::to_string(d.removed) +
                          "，修改 " + std::to_string(d.changed));
        else
            out.push_back(std::string(d.table->label_en) + " " + counts + ": " +
                          std::to_string(d.added) + " added, " + std::to_string(d.removed) +
                          " removed, " + std::to_string(d.changed) + " changed");
    }
    return out;
}

}  // namespace kiosk::update
