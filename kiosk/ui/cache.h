// Rows the screens draw, fetched lazily from ContentDb and kept until the content changes, so a
// frame never queries the database for what it already has. Members are fetched in pages.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/content_db.h"

namespace kiosk::ui {

class Cache {
  public:
    // Drops everything when the runner swapped in another ContentDb (or on demand).
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
    // A batch's name in lang ("第一批签约"), or 第N批 / Batch N when the pack has no such batch.
    std::string batch_name(int number, Lang lang);
    const std::vector<EventCard>& events();  // the timeline, in date order
    const Event* event(const std::string& id);
    const std::vector<SearchHit>& search(const std::string& query);

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
    std::map<std::string, std::optional<MemberDetail>> members_;
    std::optional<std::vector<Person>> people_;
    std::map<std::string, std::optional<Person>> persons_;
    std::map<std::string, std::vector<HighlightCard>> highlight_lists_;
    std::map<std::string, std::optional<Highlight>> highlights_;
    std::map<int, std::vector<Project>> project_lists_;
    std::map<std::string, std::optional<Project>> projects_;
    std::optional<std::vector<Batch>> batches_;
    std::optional<std::vector<EventCard>> events_;
    std::map<std::string, std::optional<Event>> event_details_;
    std::string search_query_;
    std::vector<SearchHit> search_hits_;
};

}  // namespace kiosk::ui
