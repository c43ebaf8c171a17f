// The one table of visitor screens: for each, its string id (Route::screen, the state JSON's
// "screen"), how it is drawn, whether its item still exists after a content swap, which content
// kind's search hits it opens, and its home tile. Routing, the content-swap check, search and the
// home grid all read this table. Adding a screen: its own screen_*.cpp and one row in
// screen_registry.cpp (plus its strings in strings.h, if any).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/navigation.h"
#include "kiosk/ui/strings.h"

namespace kiosk::ui {

class Cache;
struct Rect;
struct Screen;

enum class ScreenId {
    Attract,
    Home,
    Members,
    Member,
    Highlights,
    Highlight,
    Projects,
    Project,
    Experts,
    Person,
    About,
    Search,
    Timeline,
    Event,
};

// A tile on the home grid.
struct HomeTile {
    int order = 0;  // place on the grid, ascending
    const char* icon = nullptr;
    Str title;
    Str hint;
    int (*count)(Cache&) = nullptr;  // the number on the tile; nullptr: none
};

// The content kind (a content table's name: "member", "event", ...) a screen opens for a search
// hit, and what such a hit is called in the results ("成员 / Member").
struct ShowsKind {
    const char* kind = nullptr;
    Str label;
};

struct ScreenRow {
    ScreenId id;
    const char* name;  // Route::screen; kept stable: tests and logs read it
    void (*draw)(Screen&, const Rect&);
    // A detail screen shows the item named by Route::id: is it still in the content? nullptr:
    // the screen shows no single item (lists, home) and always exists.
    bool (*exists)(Cache&, const std::string& id) = nullptr;
    std::optional<ShowsKind> shows = std::nullopt;
    std::optional<HomeTile> home = std::nullopt;
    bool full_screen = false;  // draws over the bars' place too (the attract loop)
};

const ScreenRow& screen_row(ScreenId id);
// The row named `name`, or nullptr when no screen has that name.
const ScreenRow* find_screen(std::string_view name);
// The row that opens search hits of content kind `kind`, or nullptr.
const ScreenRow* screen_showing(std::string_view kind);
// Rows with a home tile, in tile order.
const std::vector<const ScreenRow*>& home_screens();

// The route that opens screen `id` (on item `item`, for a detail).
Route route_to(ScreenId id, std::string item = {});
bool is_screen(const Route& route, ScreenId id);

}  // namespace kiosk::ui
