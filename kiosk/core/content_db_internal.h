// Private to content_db*.cpp: the ContentDb::Impl (connection, prepared statements, in-memory
// indexes) and the row readers shared by the query files.
// Sections: statement scope · in-memory indexes · Impl · row readers
#pragma once

#include <array>
#include <cstdint>
#include <future>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "kiosk/core/content_db.h"
#include "kiosk/core/sqlite_cells.h"

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

// --- in-memory indexes, built once per pack on a second connection while the first frames draw.
// Member rows carry long texts, so scanning the table per grid page or key press would be slow.
// Each member's whole card is held (~2 MB for 5,000 members): a page of the grid is then a copy
// from memory, not 24 queries (~1.3 ms) in the frame a fling first shows it.
using MemberEntry = MemberCard;

// One matching form of every search name, all rows in one buffer, so a key press scans a few
// hundred KB with memchr instead of calling std::string::find on ~8,000 short strings (over half
// of the search time in perf). Rows are separated by '\0', which a query never holds (control
// characters are dropped), so no match spans two rows. byte_counts lets a search look for the
// query's rarest byte first ('j' in "nanjing", not the 'n' nearly every pinyin name holds).
struct NameColumn {
    std::string text;
    std::vector<uint32_t> starts;  // row i begins at text[starts[i]]; ascending
    std::array<uint32_t, 256> byte_counts{};
    void append(std::string_view row_text) {
        starts.push_back(static_cast<uint32_t>(text.size()));
        text.append(row_text);
        text.push_back('\0');
        for (char c : row_text) ++byte_counts[static_cast<unsigned char>(c)];
    }
};

// The name columns of search_index, held in memory so a key press scans a few thousand short
// strings instead of the table (bodies stay on disk and go through FTS).
struct SearchName {
    int64_t rowid = 0;
    const char* kind = "";  // a searchable table's name (the description outlives the index)
    int kind_rank = 0;      // that table's place among the searchable ones: hits are in that order
    std::string ref;
    std::string name_zh;  // as stored (the hit title)
    std::string name_en;  // as stored (the hit title)
    Bilingual subtitle;
    bool is_sample = false;
};

struct SearchNames {
    std::vector<SearchName> rows;  // in rowid order
    // The matching forms, row for row with `rows`: ASCII-lowercased; "compact" without spaces.
    NameColumn zh_compact;  // name_zh
    NameColumn en_lower;    // name_en, spaces kept ("nanjing university")
    NameColumn en_compact;  // name_en ("nanjinguniversity")
    NameColumn pinyin;      // full pinyin ("nanjingdaxue")
    NameColumn initials;    // pinyin initials ("njdx")
    std::unordered_map<int64_t, size_t> index_of_rowid;  // for body (FTS) matches
};

// People in the order the kiosk lists them (the people screen, a member's page).
#define PERSON_ORDER " ORDER BY p.is_academician DESC, p.is_speaker DESC, p.sort, p.id"

// What one member's page lists, as ids in display order. The link tables are keyed the other way
// round (project_party by project, highlight_member by highlight; person has no member index), so
// asking SQLite per member scanned all three: 0.4–1.2 ms of the frame that opens a member page on
// the large pack. Read once here, opening a member is key lookups only.
struct MemberLinks {
    std::vector<std::string> projects, highlights, people;
};

struct ContentIndexes {
    std::vector<MemberEntry> members;  // display order (sort, id)
    SearchNames names;
    std::unordered_map<std::string, MemberLinks> member_links;  // members that have any
};

// Every connection to a pack: immutable, defended, query-only (pack_connection.h). Throws
// SQLite::Exception.
SQLite::Database open_pack_connection(const std::string& path);

// Opens its own read-only connection to path (content_db_index.cpp). Throws ContentError.
ContentIndexes load_indexes(const std::string& path);

// --- Impl
struct ContentDb::Impl {
    Impl(const std::string& file, IndexLoading loading);

    std::string path;
    SQLite::Database db;
    int version = 0;           // the pack's schema version: 1 lacks batch and the event tables
    mutable std::mutex mutex;  // one connection, shared statements: texture workers call media()

    SQLite::Statement member_one;
    SQLite::Statement person_list, person_one;
    SQLite::Statement focus_list, focus_one;
    SQLite::Statement highlight_list, highlight_one, highlight_gallery, highlight_members;
    SQLite::Statement project_list, project_one, project_parties;
    SQLite::Statement media_full, media_thumb;
    SQLite::Statement search_body;

    // The index load: started by the constructor (AtOpen), prefetch_indexes() or the first
    // index() call. get() waits for (or runs) it.
    const ContentIndexes& index() const { return start_indexes(std::launch::deferred).get(); }
    std::shared_future<ContentIndexes> start_indexes(std::launch how) const;
    bool indexes_loaded() const;
    mutable std::mutex index_mutex;
    mutable std::shared_future<ContentIndexes> indexes;  // invalid until started

    // Queries shared by several public methods (caller holds the mutex).
    std::optional<Project> load_project(const std::string& id);
    std::vector<Project> load_projects_of(SQLite::Statement& ids_stmt);
    std::optional<FocusArea> load_focus(const std::string& id);
};

// --- row readers (columns in the order of the matching *_COLUMNS string in content_db.cpp)
MemberCard read_member_card(SQLite::Statement& s, int first);
Person read_person(SQLite::Statement& s, int first);
HighlightCard read_highlight_card(SQLite::Statement& s, int first);

// Text folding for search matching: ASCII lowercase (Chinese has no case), and spaces removed.
inline std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}
inline std::string without_spaces(std::string_view text) {
    std::string out;
    for (char c : text)
        if (c != ' ') out.push_back(c);
    return out;
}

}  // namespace kiosk
