// Read-only access to one content database (a pack). Everything the screens show comes through
// here; prepared statements are kept for the hot queries. Throws ContentError with a plain message
// when the file cannot be opened or is not a content database of a schema version it reads
// (content::kOldestReadableSchemaVersion to content::kSchemaVersion).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/content_model.h"

namespace SQLite {
class Database;
}

namespace kiosk {

class ContentError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Filters of the members grid; empty optional = all.
struct MemberFilter {
    std::optional<std::string> kind;  // a member kind id
    std::optional<std::string> focus_id;
};

struct SearchHit {
    std::string kind;  // the content table the hit is a row of: "member", "event", …
    std::string id;
    Bilingual title;     // name or title
    Bilingual subtitle;  // kind, role or focus area
    bool is_sample = false;
};

// The encoded bytes of one image, as stored; decoding happens on a worker thread elsewhere.
struct MediaBlob {
    std::string format;  // png | jpeg
    int width = 0, height = 0;
    std::vector<unsigned char> bytes;
};

// The bilingual label of a member kind id for chips and search subtitles (高校 / University);
// the id itself when the description does not list it.
Bilingual member_kind_label(const std::string& kind);
// 第N批 / Batch N: the name of a batch the pack does not describe (format 1 has no batch table).
Bilingual unnamed_batch(int number);

// When a ContentDb reads its in-memory indexes (member order, search names: ~40 MB of pages and
// a few hundred ms of CPU on a 5,000-member pack). A connection used only for media() (the
// texture worker's) should never pay for them.
enum class IndexLoading {
    AtOpen,           // on a second connection in the background, from the constructor on
    WhenFirstNeeded,  // on the calling thread, by the first grid or search call (if any)
    // In the background from prefetch_indexes() on, or by the first grid or search call if that
    // comes first. The kiosk asks after its first frame, so the load does not compete with it.
    OnRequest,
};

class ContentDb {
  public:
    // Opens read-only. Throws ContentError.
    explicit ContentDb(const std::string& path, IndexLoading indexes = IndexLoading::AtOpen);
    ~ContentDb();
    ContentDb(const ContentDb&) = delete;
    ContentDb& operator=(const ContentDb&) = delete;

    const std::string& path() const;
    PackInfo info() const;
    // Starts loading the in-memory indexes in the background if nothing has started them yet.
    void prefetch_indexes() const;

    AllianceInfo alliance() const;
    std::vector<FocusArea> focus_areas() const;
    std::optional<FocusArea> focus_area(const std::string& id) const;

    // Members in display order. offset/limit page the grid (keyset-friendly for large packs).
    int count_members(const MemberFilter& filter) const;
    std::vector<MemberCard> members(const MemberFilter& filter, int offset, int limit) const;
    std::optional<MemberDetail> member(const std::string& id) const;

    std::vector<Person> people() const;  // experts page: academicians first, then speakers
    std::optional<Person> person(const std::string& id) const;

    std::vector<HighlightCard> highlights(const std::optional<std::string>& focus_id) const;
    std::optional<Highlight> highlight(const std::string& id) const;

    std::vector<Project> projects(std::optional<int> batch) const;
    std::optional<Project> project(const std::string& id) const;
    // The signing batches, by number. A version-1 pack has no batch table: its batches are the
    // numbers its projects use, named 第N批 / Batch N.
    std::vector<Batch> batches() const;

    // Search as typed on the on-screen keyboard: Chinese characters, English words, full pinyin
    // ("nanjing") or pinyin initials ("njdx"). Case-insensitive. Empty query: no hits.
    std::vector<SearchHit> search(const std::string& query, int limit) const;
    // The name of item `id` of the searchable table `kind` ("member", "event", …), or nullopt
    // when the content has no such item. A scan of the search names: for a route change, not a
    // frame loop.
    std::optional<Bilingual> item_name(std::string_view kind, std::string_view id) const;

    // thumb=true: card-size variant. nullopt when the id is unknown.
    std::optional<MediaBlob> media(const std::string& id, bool thumb) const;

    // Every distinct character of every text, for building the font atlas (glyph collection):
    // the set stored in meta by the pack builder, or a scan of every text when the pack has none.
    std::u32string all_text_codepoints() const;

    // For a table's own reader, kept beside the table's screen data (e.g. content_events.h), so a
    // new table needs no method here: runs `query` on the open pack under the connection's lock.
    // `format` is the pack's schema version: tables added since (Table::since_version) are absent
    // from older packs.
    void read(const std::function<void(SQLite::Database& db, int format)>& query) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kiosk
