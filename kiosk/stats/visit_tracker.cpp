#include "kiosk/stats/visit_tracker.h"

#include <algorithm>
#include <utility>

#include "kiosk/core/utf8.h"

namespace kiosk::stats {

std::string normalised_query(const std::string& typed) {
    std::u32string out;
    bool pending_space = false;
    for (char32_t cp : utf8_to_u32(typed)) {
        if (cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r' || cp == 0x3000) {
            pending_space = !out.empty();
            continue;
        }
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) continue;
        if (out.size() + (pending_space ? 1 : 0) >= kQueryMaxChars) break;
        if (pending_space) out.push_back(U' ');
        pending_space = false;
        out.push_back(cp >= U'A' && cp <= U'Z' ? cp - U'A' + U'a' : cp);
    }
    return u32_to_utf8(out);
}

VisitTracker::VisitTracker(std::function<ViewedItem(const Route&)> name_of)
    : name_of_(std::move(name_of)) {}

void VisitTracker::observe(double now, long long wall_s, const Route& route, bool attract,
                           const std::string& lang, bool touched) {
    if (attract) {
        // Reached without an idle reset (a content swap, a test): whatever was open ends now.
        if (session_) end_session(now, wall_s, 0);
        return;
    }
    if (!session_) {
        if (!touched) return;
        session_ = OpenSession{now, wall_s, 0, lang};
    }
    session_->lang = lang;
    if (view_ && view_->route == route) return;
    if (view_ && view_->route.screen == "search" && route.screen != "search") count_search(wall_s);
    close_view(now);
    view_ = OpenView{route, name_of_ ? name_of_(route) : ViewedItem{}, now, wall_s};
    ++session_->screens;
}

void VisitTracker::search_shown(double now, long long wall_s, const std::string& query, int hits) {
    if (query != search_.query) {
        // A different query: the previous one counts only if it had settled (counted already).
        search_ = PendingSearch{query, hits, now, false};
        return;
    }
    search_.hits = hits;
    if (!search_.counted && now - search_.since >= kSearchSettleS) count_search(wall_s);
}

void VisitTracker::count_search(long long wall_s) {
    if (search_.counted) return;
    search_.counted = true;
    const std::string q = normalised_query(search_.query);
    if (q.empty()) return;
    done_.searches.push_back(
        {local_day(wall_s), local_hour(wall_s), search_.hits == 0 ? q : "", search_.hits});
}

void VisitTracker::close_view(double end) {
    if (!view_) return;
    ViewRecord v;
    v.day = local_day(view_->start_wall);
    v.hour = local_hour(view_->start_wall);
    v.screen = view_->route.screen;
    v.kind = view_->item.kind;
    v.id = v.kind.empty() ? std::string() : view_->route.id;
    v.name = std::move(view_->item.name);
    v.seconds = std::max(0.0, end - view_->start);
    done_.views.push_back(std::move(v));
    view_.reset();
}

void VisitTracker::end_session(double now, long long wall_s, double idle_s) {
    if (view_ && view_->route.screen == "search") count_search(wall_s);
    search_ = PendingSearch{};
    if (!session_) return;
    // The visitor left at the last touch: neither the session nor its last view holds the idle
    // wait, but neither ends before it began.
    const double end = now - std::max(0.0, idle_s);
    if (view_) close_view(std::max(end, view_->start));
    SessionRecord s;
    s.day = local_day(session_->start_wall);
    s.hour = local_hour(session_->start_wall);
    s.lang = session_->lang;
    s.seconds = std::max(0.0, end - session_->start);
    s.screens = session_->screens;
    done_.sessions.push_back(std::move(s));
    session_.reset();
}

void VisitTracker::discard_session() {
    session_.reset();
    view_.reset();
    search_ = PendingSearch{};
}

StatsBatch VisitTracker::take() {
    return std::exchange(done_, StatsBatch{});
}

}  // namespace kiosk::stats
