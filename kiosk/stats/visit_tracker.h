// Turns what the app shows, frame by frame, into visitor statistics: sessions (from the attract
// screen's dismissal to the idle reset), views with their dwell, and settled searches. Pure logic
// on the render thread: a frame where nothing changed costs a few compares; the records go to
// the recorder's worker in batches (take()).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "kiosk/core/navigation.h"
#include "kiosk/stats/stats_store.h"

namespace kiosk::stats {

// What a route shows: the content table of its item (empty for a list screen) and its name now.
struct ViewedItem {
    std::string kind;
    Bilingual name;
};

// A query typed on the search screen counts once it settles: unchanged this long, a result
// opened, the screen left or the session ended. Typing "n", "nj", "njd" counts only "njd".
inline constexpr double kSearchSettleS = 2.5;
inline constexpr size_t kQueryMaxChars = 40;

// Trimmed, inner spaces collapsed, ASCII lower case, control characters dropped, at most
// kQueryMaxChars characters: the only text of a visitor that is ever kept (when it found nothing).
std::string normalised_query(const std::string& typed);

class VisitTracker {
  public:
    // name_of is asked once per route change, never per frame.
    explicit VisitTracker(std::function<ViewedItem(const Route&)> name_of);

    // Every frame: the route on screen, whether it is the attract screen, the language ("zh" |
    // "en"), whether a finger is on the visitor screens, the app's clock and the wall clock (unix
    // seconds: the day and hour of records). A session starts only with a finger: a screen left
    // up by staff is not a visitor.
    void observe(double now, long long wall_s, const Route& route, bool attract,
                 const std::string& lang, bool touched);
    // Every frame the search screen is drawn: its query and how many hits it shows.
    void search_shown(double now, long long wall_s, const std::string& query, int hits);
    // The idle reset: the visitor left `idle_s` seconds ago; the session and its last view end
    // then, not now.
    void end_session(double now, long long wall_s, double idle_s);
    // Staff opened their keypad or panel: the session under way was staff walking up, not a
    // visitor; it is dropped without a record.
    void discard_session();

    bool in_session() const { return session_.has_value(); }
    // Records finished since the last call.
    StatsBatch take();

  private:
    struct OpenSession {
        double start = 0;
        long long start_wall = 0;
        int screens = 0;
        std::string lang;
    };
    struct OpenView {
        Route route;
        ViewedItem item;
        double start = 0;
        long long start_wall = 0;
    };
    struct PendingSearch {
        std::string query;
        int hits = 0;
        double since = 0;
        bool counted = false;
    };
    void close_view(double end);
    void count_search(long long wall_s);

    std::function<ViewedItem(const Route&)> name_of_;
    std::optional<OpenSession> session_;
    std::optional<OpenView> view_;
    PendingSearch search_;
    StatsBatch done_;
};

}  // namespace kiosk::stats
