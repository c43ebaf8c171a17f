// Private to content_db*.cpp: the ContentDb::Impl (connection, prepared statements, search names)
// and the row readers shared by the query files.
// Sections: statement scope · search names · Impl · row readers
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "kiosk/core/content_db.h"

namespace kiosk {

// --- statement scope: a kept statement, fresh on entry and reset on exit (releases the read lock)
class StatementUse {
  public:
    explicit StatementUse(SQLite::Statement& s) : s_(s) {
        s_.reset();
        s_.clearBindings();
    }
    ~StatementUse() {
        try {
            s_.reset();
        } catch (...) {  // reset reports the last step's error again; it was already thrown
        }
    }
    StatementUse(const StatementUse&) = delete;
    StatementUse& operator=(const StatementUse&) = delete;
    SQLite::Statement* operator->() { return &s_; }
    SQLite::Statement& operator*() { return s_; }

  private:
    SQLite::Statement& s_;
};

// --- search names: the name columns of search_index, held in memory so a key press scans a few
// thousand short strings instead of the table (bodies stay on disk and go through FTS).
struct SearchName {
    int64_t rowid = 0;
    SearchKind kind = SearchKind::Member;
    std::string ref;
    std::string name_zh;          // as stored (also the hit title)
    std::string name_en;          // as stored (also the hit title)
    std::string name_zh_match;    // ASCII-lowercased, spaces removed
    std::string name_en_lower;    // ASCII-lowercased
    std::string name_en_compact;  // lowercased, spaces removed ("nanjinguniversity")
    std::string pinyin;           // lowercased, no spaces
    std::string initials;         // lowercased
    Bilingual subtitle;
    bool is_sample = false;
};

struct SearchNames {
    std::vector<SearchName> rows;                        // in rowid order
    std::unordered_map<int64_t, size_t> index_of_rowid;  // for body (FTS) matches
};

// --- Impl
struct ContentDb::Impl {
    explicit Impl(const std::string& file);

    std::string path;
    SQLite::Database db;
    mutable std::mutex mutex;  // one connection, shared statements: texture workers call media()

    SQLite::Statement member_page, member_count, member_one, member_projects, member_highlights,
        member_people;
    SQLite::Statement person_list, person_one;
    SQLite::Statement focus_list, focus_one;
    SQLite::Statement highlight_list, highlight_one, highlight_gallery, highlight_members;
    SQLite::Statement project_list, project_one, project_parties;
    SQLite::Statement media_full, media_thumb;
    SQLite::Statement search_body;

    SearchNames names;  // loaded once when opened

    // Queries shared by several public methods (caller holds the mutex).
    std::optional<Project> load_project(const std::string& id);
    std::vector<Project> load_projects_of(SQLite::Statement& ids_stmt);
    std::optional<FocusArea> load_focus(const std::string& id);
};

// --- row readers (columns in the order of the matching *_COLUMNS string in content_db.cpp)
MemberKind member_kind_from(const std::string& text);
MemberCard read_member_card(SQLite::Statement& s, int first);
Person read_person(SQLite::Statement& s, int first);
HighlightCard read_highlight_card(SQLite::Statement& s, int first);
Bilingual read_bilingual(SQLite::Statement& s, int first);
std::string read_text(SQLite::Statement& s, int col);  // NULL → ""

// Loads the in-memory search names (content_db_search.cpp).
SearchNames load_search_names(SQLite::Database& db);

}  // namespace kiosk
