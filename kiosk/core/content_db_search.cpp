// ContentDb::search: names (Chinese, English, pinyin, initials) are matched in memory on every key
// press; bodies go through the FTS5 trigram index, only for queries of 3+ characters.
// Sections: query normalising · ranking · search
#include <algorithm>
#include <cstdint>
#include <string_view>
#include <utility>

#include "kiosk/core/content_db_internal.h"
#include "kiosk/core/utf8.h"

namespace kiosk {
namespace {

// --- query normalising
struct Query {
    std::string words;    // lowercased, single spaces, trimmed: matches English names and bodies
    std::string compact;  // lowercased, no spaces: matches Chinese, pinyin and initials
    bool ascii = true;
};

// Spaces (ASCII and the ideographic U+3000) separate words; control characters are dropped.
Query normalise(const std::string& raw) {
    Query q;
    bool pending_space = false;
    for (char32_t cp : utf8_to_u32(raw)) {
        if (cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r' || cp == 0x3000) {
            pending_space = !q.words.empty();
            continue;
        }
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) continue;
        if (pending_space) q.words.push_back(' ');
        pending_space = false;
        if (cp >= 0x80) q.ascii = false;
        q.words += u32_to_utf8(std::u32string_view(&cp, 1));
    }
    q.words = lower(q.words);
    q.compact = without_spaces(q.words);
    return q;
}

// FTS5 takes anything inside a double-quoted string literally once inner quotes are doubled.
std::string fts_phrase(const std::string& text) {
    std::string out = "body : \"";
    for (char c : text) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    return out + "\"";
}

}  // namespace

// --- ranking: 0 = a name starts with the query, 1 = a name contains it, 2 = the body does.
// Hits are ordered by tier, then kind, then row (pack builder order).
namespace {

constexpr uint8_t kNoMatch = 0xFF;
constexpr int kNameTiers = 2;

enum class Contains { Ranks, Ignored };  // whether a match inside (not at the start) counts

// Lowers tier[row] to 0 for rows of `column` that start with `needle`, and to 1 for rows that
// contain it elsewhere (when `contains` ranks). Only each row's leftmost match is looked at: if
// the needle is at the start, that is the leftmost one.
void mark_name_matches(const NameColumn& column, std::string_view needle, Contains contains,
                       std::vector<uint8_t>& tier) {
    // Candidates come from memchr of the needle's rarest byte in this column (the anchor), then
    // the whole needle is compared: far fewer compares than memchr of its first byte.
    size_t anchor = 0;
    for (size_t i = 1; i < needle.size(); ++i)
        if (column.byte_counts[static_cast<unsigned char>(needle[i])] <
            column.byte_counts[static_cast<unsigned char>(needle[anchor])])
            anchor = i;
    const std::string_view text = column.text;
    size_t from = 0;  // next possible start of a match
    for (;;) {
        const size_t anchor_at = text.find(needle[anchor], from + anchor);
        if (anchor_at == std::string_view::npos) return;
        const size_t at = anchor_at - anchor;
        if (text.compare(at, needle.size(), needle) != 0) {
            from = at + 1;
            continue;
        }
        const auto next = std::upper_bound(column.starts.begin(), column.starts.end(), at);
        const auto row = static_cast<size_t>(next - column.starts.begin()) - 1;
        if (at == column.starts[row])
            tier[row] = 0;
        else if (contains == Contains::Ranks)
            tier[row] = std::min<uint8_t>(tier[row], 1);
        if (next == column.starts.end()) return;
        from = *next;  // the rest of this row cannot change its tier
    }
}

// Per row: 0, 1 or kNoMatch. Pinyin ranks inside a name only from 2 letters on (one letter
// matches nearly every name); initials only from the start.
std::vector<uint8_t> name_tiers(const SearchNames& names, const Query& q) {
    std::vector<uint8_t> tier(names.rows.size(), kNoMatch);
    const std::string& c = q.compact;
    mark_name_matches(names.pinyin, c, c.size() >= 2 ? Contains::Ranks : Contains::Ignored, tier);
    mark_name_matches(names.initials, c, Contains::Ignored, tier);
    mark_name_matches(names.zh_compact, c, Contains::Ranks, tier);
    mark_name_matches(names.en_lower, q.words, Contains::Ranks, tier);
    mark_name_matches(names.en_compact, c, Contains::Ranks, tier);
    return tier;
}

// The first `limit` name matches in (tier, kind, row) order, without sorting: one list per tier
// and kind, each filled in row order and never longer than `limit`.
std::vector<size_t> best_name_matches(const SearchNames& names, const std::vector<uint8_t>& tier,
                                      size_t limit) {
    const size_t kinds = content::searchable_tables().size();
    std::vector<std::vector<size_t>> bucket(kNameTiers * kinds);  // [tier * kinds + kind]
    for (size_t row = 0; row < tier.size(); ++row) {
        if (tier[row] == kNoMatch) continue;
        auto& list = bucket[tier[row] * kinds + static_cast<size_t>(names.rows[row].kind_rank)];
        if (list.size() < limit) list.push_back(row);
    }
    std::vector<size_t> best;
    for (const auto& list : bucket)
        for (size_t row : list) {
            if (best.size() == limit) return best;
            best.push_back(row);
        }
    return best;
}

SearchHit to_hit(const SearchName& n) {
    return {n.kind, n.ref, {n.name_zh, n.name_en}, n.subtitle, n.is_sample};
}

}  // namespace

// --- search
std::vector<SearchHit> ContentDb::search(const std::string& query, int limit) const {
    if (limit <= 0) return {};
    const Query q = normalise(query);
    if (q.compact.empty()) return {};
    std::lock_guard lock(impl_->mutex);
    const SearchNames& names = impl_->index().names;

    std::vector<size_t> ranked =
        best_name_matches(names, name_tiers(names, q), static_cast<size_t>(limit));

    // Bodies only when names left room (then `ranked` holds every name match); trigram needs 3+
    // characters to use the index.
    const std::string& body_text = q.ascii ? q.words : q.compact;
    if (ranked.size() < static_cast<size_t>(limit) && utf8_to_u32(body_text).size() >= 3) {
        std::vector<bool> taken(names.rows.size(), false);
        for (size_t row : ranked) taken[row] = true;
        StatementUse s(impl_->search_body);
        s->bind(1, fts_phrase(body_text));
        s->bind(2, limit + static_cast<int>(ranked.size()));
        try {
            while (ranked.size() < static_cast<size_t>(limit) && s->executeStep()) {
                const auto found = names.index_of_rowid.find(s->getColumn(0).getInt64());
                if (found == names.index_of_rowid.end() || taken[found->second]) continue;
                taken[found->second] = true;
                ranked.push_back(found->second);
            }
        } catch (const SQLite::Exception&) {
            // A query FTS cannot parse still shows the name matches instead of failing the screen.
        }
    }

    std::vector<SearchHit> hits;
    hits.reserve(ranked.size());
    for (size_t row : ranked) hits.push_back(to_hit(names.rows[row]));
    return hits;
}

std::optional<Bilingual> ContentDb::item_name(std::string_view kind, std::string_view id) const {
    std::lock_guard lock(impl_->mutex);
    for (const SearchName& n : impl_->index().names.rows)
        if (n.ref == id && kind == n.kind) return Bilingual{n.name_zh, n.name_en};
    return std::nullopt;
}

}  // namespace kiosk
