// ContentDb queries that assemble linked entities: member detail, highlights, projects.
// Sections: projects · member detail · highlights
#include "kiosk/core/content_db_internal.h"

namespace kiosk {

// --- projects
std::optional<Project> ContentDb::Impl::load_project(const std::string& id) {
    Project p;
    {
        StatementUse s(project_one);
        s->bind(1, id);
        if (!s->executeStep()) return std::nullopt;
        p.id = read_text(*s, 0);
        p.batch = s->getColumn(1).getInt();
        p.focus_id = read_text(*s, 2);
        p.title = read_bilingual(*s, 3);
        p.summary = read_bilingual(*s, 5);
        p.is_sample = s->getColumn(7).getInt() != 0;
    }
    StatementUse parties(project_parties);
    parties->bind(1, id);
    while (parties->executeStep())
        p.parties.push_back(
            {read_member_card(*parties, 0), read_text(*parties, 9) == "enterprise"});
    return p;
}

// ids_stmt is bound already; its first column is a project id.
std::vector<Project> ContentDb::Impl::load_projects_of(SQLite::Statement& ids_stmt) {
    std::vector<std::string> ids;
    while (ids_stmt.executeStep()) ids.push_back(read_text(ids_stmt, 0));
    ids_stmt.reset();
    std::vector<Project> out;
    for (const auto& id : ids)
        if (auto p = load_project(id)) out.push_back(std::move(*p));
    return out;
}

std::vector<Project> ContentDb::projects(std::optional<int> batch) const {
    std::lock_guard lock(impl_->mutex);
    StatementUse s(impl_->project_list);
    if (batch) s->bind(1, *batch);
    return impl_->load_projects_of(*s);
}

std::optional<Project> ContentDb::project(const std::string& id) const {
    std::lock_guard lock(impl_->mutex);
    return impl_->load_project(id);
}

// --- member detail
std::optional<MemberDetail> ContentDb::member(const std::string& id) const {
    // Before the lock: the texture workers need it while the indexes may still be loading.
    const ContentIndexes& indexes = impl_->index();
    std::lock_guard lock(impl_->mutex);
    MemberDetail d;
    {
        StatementUse s(impl_->member_one);
        s->bind(1, id);
        if (!s->executeStep()) return std::nullopt;
        d.card = read_member_card(*s, 0);
        d.long_text = read_bilingual(*s, 9);
    }
    const auto links = indexes.member_links.find(id);
    if (links == indexes.member_links.end()) return d;
    for (const std::string& project_id : links->second.projects)
        if (auto p = impl_->load_project(project_id)) d.projects.push_back(std::move(*p));
    for (const std::string& highlight_id : links->second.highlights) {
        StatementUse s(impl_->highlight_one);
        s->bind(1, highlight_id);
        if (s->executeStep()) d.highlights.push_back(read_highlight_card(*s, 0));
    }
    for (const std::string& person_id : links->second.people) {
        StatementUse s(impl_->person_one);
        s->bind(1, person_id);
        if (s->executeStep()) d.people.push_back(read_person(*s, 0));
    }
    return d;
}

// --- highlights
std::vector<HighlightCard> ContentDb::highlights(const std::optional<std::string>& focus_id) const {
    std::lock_guard lock(impl_->mutex);
    StatementUse s(impl_->highlight_list);
    if (focus_id) s->bind(1, *focus_id);
    std::vector<HighlightCard> out;
    while (s->executeStep()) out.push_back(read_highlight_card(*s, 0));
    return out;
}

std::optional<Highlight> ContentDb::highlight(const std::string& id) const {
    std::lock_guard lock(impl_->mutex);
    Highlight h;
    {
        StatementUse s(impl_->highlight_one);
        s->bind(1, id);
        if (!s->executeStep()) return std::nullopt;
        h.card = read_highlight_card(*s, 0);
        h.body = read_bilingual(*s, 8);
    }
    {
        StatementUse s(impl_->highlight_gallery);
        s->bind(1, id);
        while (s->executeStep()) h.gallery.push_back({read_text(*s, 0), read_bilingual(*s, 1)});
    }
    StatementUse s(impl_->highlight_members);
    s->bind(1, id);
    while (s->executeStep()) h.members.push_back(read_member_card(*s, 0));
    return h;
}

}  // namespace kiosk
