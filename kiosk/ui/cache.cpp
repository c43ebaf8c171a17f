// Lazy, bounded caches over ContentDb. A failing query logs once and yields "nothing", so a damaged
// pack shows empty states instead of stopping the kiosk.
#include "kiosk/ui/cache.h"

#include <cstdio>
#include <exception>

namespace kiosk::ui {
namespace {
constexpr int kPageSize = 24;
constexpr size_t kMaxDetails = 64;  // detail caches are cleared beyond this (visitor sessions)

template <class Map>
void bound(Map& map) {
    if (map.size() > kMaxDetails) map.clear();
}
std::string filter_key(const MemberFilter& f) {
    return (f.kind ? *f.kind : std::string("*")) + "/" +
           f.focus_id.value_or("*");
}
}  // namespace

template <class F>
auto Cache::guarded(F&& f, decltype(f()) fallback) -> decltype(f()) {
    if (!db_) return fallback;
    try {
        return f();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kiosk: content query failed: %s\n", e.what());
        return fallback;
    }
}

void Cache::bind(const std::shared_ptr<ContentDb>& db) {
    if (db.get() == db_.get()) return;
    clear();
    db_ = db;
}

void Cache::clear() {
    alliance_.reset();
    focus_.reset();
    batches_.reset();
    events_.reset();
    event_details_.clear();
    filter_key_.clear();
    filter_count_ = -1;
    member_pages_.clear();
    members_.clear();
    people_.reset();
    persons_.clear();
    highlight_lists_.clear();
    highlights_.clear();
    project_lists_.clear();
    projects_.clear();
    search_query_.clear();
    search_hits_.clear();
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
    auto it = members_.find(id);
    if (it == members_.end()) {
        bound(members_);
        it = members_
                 .emplace(id,
                          guarded([&] { return db_->member(id); }, std::optional<MemberDetail>{}))
                 .first;
    }
    return it->second ? &*it->second : nullptr;
}

const std::vector<Person>& Cache::people() {
    if (!people_) people_ = guarded([&] { return db_->people(); }, std::vector<Person>{});
    return *people_;
}

const Person* Cache::person(const std::string& id) {
    auto it = persons_.find(id);
    if (it == persons_.end()) {
        bound(persons_);
        it = persons_.emplace(id, guarded([&] { return db_->person(id); }, std::optional<Person>{}))
                 .first;
    }
    return it->second ? &*it->second : nullptr;
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
    auto it = highlights_.find(id);
    if (it == highlights_.end()) {
        bound(highlights_);
        it = highlights_
                 .emplace(id,
                          guarded([&] { return db_->highlight(id); }, std::optional<Highlight>{}))
                 .first;
    }
    return it->second ? &*it->second : nullptr;
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
    const std::string n = std::to_string(number);
    return lang == Lang::Zh ? "第" + n + "批" : "Batch " + n;
}

const std::vector<EventCard>& Cache::events() {
    if (!events_) events_ = guarded([&] { return db_->events(); }, std::vector<EventCard>{});
    return *events_;
}

const Event* Cache::event(const std::string& id) {
    auto it = event_details_.find(id);
    if (it == event_details_.end())
        it = event_details_
                 .emplace(id, guarded([&] { return db_->event(id); }, std::optional<Event>{}))
                 .first;
    return it->second ? &*it->second : nullptr;
}

const Project* Cache::project(const std::string& id) {
    auto it = projects_.find(id);
    if (it == projects_.end()) {
        bound(projects_);
        it = projects_
                 .emplace(id, guarded([&] { return db_->project(id); }, std::optional<Project>{}))
                 .first;
    }
    return it->second ? &*it->second : nullptr;
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
