// Rows the screens draw, fetched lazily from ContentDb and kept until the content changes, so a
// frame never queries the database for what it already has. Members are fetched in pages.
#pragma once

#include <cstdio>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <typeindex>
#include <utility>
#include <vector>

#include "kiosk/core/content_db.h"

namespace kiosk::ui {

class Cache {
  public:
    // Called at the start of every frame. Drops everything when the runner swapped in another
    // ContentDb (or on demand).
    void bind(const std::shared_ptr<ContentDb>& db);
    void clear();

    const AllianceInfo& alliance();
    const std::vector<FocusArea>& focus_areas();
    const FocusArea* focus(const std::string& id);  // nullptr when unknown
    uint32_t focus_color(const std::string& id);    // 0 when unknown

    int member_count(const MemberFilter& filter);
    // The member at index i of the filtered list (fetched a page at a time), or nullptr.
    const MemberCard* member_at(const MemberFilter& filter, int index);
    const MemberDetail* member(const std::string& id);

    const std::vector<Person>& people();
    const Person* person(const std::string& id);
    const std::vector<HighlightCard>& highlights(const std::string& focus_id);  // "" = all
    const Highlight* highlight(const std::string& id);
    const std::vector<Project>& projects(int batch);  // 0 = all
    const Project* project(const std::string& id);
    const std::vector<Batch>& batches();
    // A batch's name in lang ("第一批签约"), or unnamed_batch's when the pack has no such batch.
    std::string batch_name(int number, Lang lang);
    const std::vector<SearchHit>& search(const std::string& query);

    // Any one thing a screen reads from the content (a detail, a list), loaded once by
    // `load(const ContentDb&)` (returning a T or an optional T) and kept under (T, key) until the
    // content changes. nullptr when there is none or the query failed. A new screen's table needs
    // no accessor of its own here. The pointer stays valid for the frame.
    template <class T, class Load>
    const T* item(const std::string& key, Load&& load);

  private:
    template <class F>
    auto guarded(F&& f, decltype(f()) fallback) -> decltype(f());
    void select_filter(const MemberFilter& filter);

    std::shared_ptr<ContentDb> db_;
    std::optional<AllianceInfo> alliance_;
    std::optional<std::vector<FocusArea>> focus_;
    std::string filter_key_;
    int filter_count_ = -1;
    std::map<int, std::vector<MemberCard>> member_pages_;
    std::optional<std::vector<Person>> people_;
    std::map<std::string, std::vector<HighlightCard>> highlight_lists_;
    std::map<int, std::vector<Project>> project_lists_;
    std::optional<std::vector<Batch>> batches_;
    std::string search_query_;
    std::vector<SearchHit> search_hits_;
    std::map<std::pair<std::type_index, std::string>, std::shared_ptr<const void>> items_;
};

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

template <class T, class Load>
const T* Cache::item(const std::string& key, Load&& load) {
    std::pair<std::type_index, std::string> k{typeid(T), key};
    auto it = items_.find(k);
    if (it == items_.end()) {
        std::optional<T> found =
            guarded([&] { return std::optional<T>(load(std::as_const(*db_))); }, std::nullopt);
        std::shared_ptr<const void> kept;
        if (found) kept = std::make_shared<const T>(std::move(*found));
        it = items_.emplace(std::move(k), std::move(kept)).first;
    }
    return static_cast<const T*>(it->second.get());
}

}  // namespace kiosk::ui
