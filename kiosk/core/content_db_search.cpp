// ContentDb::search: names (Chinese, English, pinyin, initials) are matched in memory on every key
// press; bodies go through the FTS5 trigram index, only for queries of 3+ characters.
// Sections: query normalising · ranking · search
#include <algorithm>
#include <map>
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

// --- ranking: 0 = a name starts with the query, 1 = a name contains it, 2 = the body does
namespace {

constexpr int kNoMatch = -1;

int name_tier(const SearchName& n, const Query& q) {
    const std::string& c = q.compact;
    if (n.pinyin.starts_with(c) || n.initials.starts_with(c) || n.name_zh_match.starts_with(c) ||
        n.name_en_lower.starts_with(q.words) || n.name_en_compact.starts_with(c))
        return 0;
    const bool contains = n.name_zh_match.find(c) != std::string::npos ||
                          n.name_en_lower.find(q.words) != std::string::npos ||
                          n.name_en_compact.find(c) != std::string::npos ||
                          (c.size() >= 2 && n.pinyin.find(c) != std::string::npos);
    return contains ? 1 : kNoMatch;
}

struct Ranked {
    int tier;
    size_t row;  // index into SearchNames::rows, which is in rowid (pack builder) order
};

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

    std::vector<Ranked> ranked;
    std::vector<bool> taken(names.rows.size(), false);
    for (size_t i = 0; i < names.rows.size(); ++i) {
        const int tier = name_tier(names.rows[i], q);
        if (tier == kNoMatch) continue;
        ranked.push_back({tier, i});
        taken[i] = true;
    }
    const auto by_tier_kind_row = [&](const Ranked& a, const Ranked& b) {
        const auto key = [&](const Ranked& r) {
            return std::make_tuple(r.tier, static_cast<int>(names.rows[r.row].kind), r.row);
        };
        return key(a) < key(b);
    };
    std::sort(ranked.begin(), ranked.end(), by_tier_kind_row);
    if (ranked.size() > static_cast<size_t>(limit)) ranked.resize(static_cast<size_t>(limit));

    // Bodies only when names left room; trigram needs 3+ characters to use the index.
    const std::string& body_text = q.ascii ? q.words : q.compact;
    if (ranked.size() < static_cast<size_t>(limit) && utf8_to_u32(body_text).size() >= 3) {
        StatementUse s(impl_->search_body);
        s->bind(1, fts_phrase(body_text));
        s->bind(2, limit + static_cast<int>(ranked.size()));
        try {
            while (ranked.size() < static_cast<size_t>(limit) && s->executeStep()) {
                const auto found = names.index_of_rowid.find(s->getColumn(0).getInt64());
                if (found == names.index_of_rowid.end() || taken[found->second]) continue;
                taken[found->second] = true;
                ranked.push_back({2, found->second});
            }
        } catch (const SQLite::Exception&) {
            // A query FTS cannot parse still shows the name matches instead of failing the screen.
        }
    }

    std::vector<SearchHit> hits;
    hits.reserve(ranked.size());
    for (const Ranked& r : ranked) hits.push_back(to_hit(names.rows[r.row]));
    return hits;
}

}  // namespace kiosk
