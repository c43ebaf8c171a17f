// Lazy, bounded caches over ContentDb. A failing query logs once and yields "nothing", so a damaged
// pack shows empty states instead of stopping the kiosk.
#include "kiosk/ui/cache.h"

namespace kiosk::ui {
namespace {
constexpr int kPageSize = 24;
// Items are dropped beyond this many (a long visitor session), at the start of a frame, so no
// pointer handed out during a frame dangles.
constexpr size_t kMaxItems = 256;

std::string filter_key(const MemberFilter& f) {
    return (f.kind ? *f.kind : std::string("*")) + "/" + f.focus_id.value_or("*");
}
}  // namespace

void Cache::bind(const std::shared_ptr<ContentDb>& db) {
    if (items_.size() > kMaxItems) items_.clear();
    if (db.get() == db_.get()) return;
    clear();
    db_ = db;
}

void Cache::clear() {
    alliance_.reset();
    focus_.reset();
    batches_.reset();
    filter_key_.clear();
    filter_count_ = -1;
    member_pages_.clear();
    people_.reset();
    highlight_lists_.clear();
    project_lists_.clear();
    search_query_.clear();
    search_hits_.clear();
    items_.clear();
}

const AllianceInfo& Cache::alliance() {
    if (!alliance_) alliance_ = guarded([&] { return db_->alliance(); }, AllianceInfo{});
    return *alliance_;
}

const std::vector<FocusArea>& Cache::focus_areas() {
    if (!focus_) focus_ = guarded([&] { return db_->focus_areas(); }, std::vector<FocusArea>{});
    return *focus_;
}

const FocusArea* Cache::focus(const std::string& id) {
    for (const FocusArea& f : focus_areas())
        if (f.id == id) return &f;
    return nullptr;
}

uint32_t Cache::focus_color(const std::string& id) {
    const FocusArea* f = focus(id);
    return f != nullptr ? f->color_rgb : 0;
}

void Cache::select_filter(const MemberFilter& filter) {
    const std::string key = filter_key(filter);
    if (key == filter_key_) return;
    filter_key_ = key;
    filter_count_ = -1;
    member_pages_.clear();
}

int Cache::member_count(const MemberFilter& filter) {
    select_filter(filter);
    if (filter_count_ < 0) filter_count_ = guarded([&] { return db_->count_members(filter); }, 0);
    return filter_count_;
}

const MemberCard* Cache::member_at(const MemberFilter& filter, int index) {
    if (index < 0 || index >= member_count(filter)) return nullptr;
    const int page = index / kPageSize;
    auto it = member_pages_.find(page);
    if (it == member_pages_.end()) {
        if (member_pages_.size() > 40) member_pages_.clear();  // long flings through huge packs
        auto rows = guarded([&] { return db_->members(filter, page * kPageSize, kPageSize); },
                            std::vector<MemberCard>{});
        it = member_pages_.emplace(page, std::move(rows)).first;
    }
    const size_t at = static_cast<size_t>(index % kPageSize);
    return at < it->second.size() ? &it->second[at] : nullptr;
}

const MemberDetail* Cache::member(const std::string& id) {
    return item<MemberDetail>(id, [&](const ContentDb& db) { return db.member(id); });
}

const std::vector<Person>& Cache::people() {
    if (!people_) people_ = guarded([&] { return db_->people(); }, std::vector<Person>{});
    return *people_;
}

const Person* Cache::person(const std::string& id) {
    return item<Person>(id, [&](const ContentDb& db) { return db.person(id); });
}

const std::vector<HighlightCard>& Cache::highlights(const std::string& focus_id) {
    auto it = highlight_lists_.find(focus_id);
    if (it == highlight_lists_.end()) {
        std::optional<std::string> f;
        if (!focus_id.empty()) f = focus_id;
        it = highlight_lists_
                 .emplace(focus_id,
                          guarded([&] { return db_->highlights(f); }, std::vector<HighlightCard>{}))
                 .first;
    }
    return it->second;
}

const Highlight* Cache::highlight(const std::string& id) {
    return item<Highlight>(id, [&](const ContentDb& db) { return db.highlight(id); });
}

const std::vector<Project>& Cache::projects(int batch) {
    auto it = project_lists_.find(batch);
    if (it == project_lists_.end()) {
        std::optional<int> b;
        if (batch > 0) b = batch;
        it = project_lists_
                 .emplace(batch, guarded([&] { return db_->projects(b); }, std::vector<Project>{}))
                 .first;
    }
    return it->second;
}

const std::vector<Batch>& Cache::batches() {
    if (!batches_) batches_ = guarded([&] { return db_->batches(); }, std::vector<Batch>{});
    return *batches_;
}

std::string Cache::batch_name(int number, Lang lang) {
    for (const Batch& b : batches())
        if (b.number == number) return b.name.pick(lang);
    return unnamed_batch(number).pick(lang);
}

const Project* Cache::project(const std::string& id) {
    return item<Project>(id, [&](const ContentDb& db) { return db.project(id); });
}

const std::vector<SearchHit>& Cache::search(const std::string& query) {
    if (query != search_query_) {
        search_query_ = query;
        search_hits_ = query.empty() ? std::vector<SearchHit>{}
                                     : guarded([&] { return db_->search(query, 40); },
                                               std::vector<SearchHit>{});
    }
    return search_hits_;
}

}  // namespace kiosk::ui
