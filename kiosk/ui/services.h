// The contract between the runner (owns GLFW, GL, the main loop; see kiosk/app) and the screens
// (kiosk/ui). Screens only draw and react; they reach the outside world through AppServices.
// Sections: fonts · textures · tappable targets · touch · services · the app
#pragma once

#include <imgui.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/config.h"
#include "kiosk/core/content_db.h"
#include "kiosk/stats/stats_store.h"
#include "kiosk/ui/shapes.h"

namespace kiosk::ui {

// --- fonts: built by one function (fonts.h: build_fonts) from the glyphs the content uses ---
struct Fonts {
    ImFont* display = nullptr;  // 72 px at 1080 short side
    ImFont* h1 = nullptr;       // 48
    ImFont* h2 = nullptr;       // 36
    ImFont* body = nullptr;     // 28
    ImFont* caption = nullptr;  // 22
    ImFont* icons = nullptr;    // Material Icons at body size (merged glyphs also in h1/h2/body)
    CornerMasks corners;        // rounded corners, in the same atlas (shapes.h)
};

// --- textures: decoded on a worker, uploaded on the main thread, bounded by a byte budget ---
struct TextureRef {
    ImTextureID id = nullptr;  // nullptr while loading or when the image is bad: draw a placeholder
    int width = 0, height = 0;
    bool failed = false;  // true once the image proved undecodable
};
class TextureSource {
  public:
    virtual ~TextureSource() = default;
    // Asks for an image drawn at width_px x height_px (cover: cropped to fill; 0 x 0: at the size
    // stored); returns what is ready now. Marks it used this frame (LRU).
    virtual TextureRef get(const std::string& media_id, bool thumb, float width_px = 0,
                           float height_px = 0) = 0;
};

// --- tappable targets: every frame each widget reports itself for `state` and tests ---
struct Target {
    std::string id;     // stable, e.g. "home.members", "member.nju", "chip.kind.university"
    std::string kind;   // button | card | chip | key | tab | link | image
    std::string label;  // in the current language
    float x = 0, y = 0, w = 0, h = 0;  // pixels, window coordinates
};

// --- touch: one pointer; the runner turns GLFW mouse/touch events into this each frame ---
struct Touch {
    bool down = false;       // finger on the glass now
    bool pressed = false;    // went down this frame
    bool released = false;   // went up this frame
    ImVec2 pos{0, 0};        // current position (px)
    ImVec2 press_pos{0, 0};  // where it went down
    bool dragging = false;   // moved beyond the tap slop since press: never a tap
    bool tap = false;        // released this frame without ever dragging
    ImVec2 delta{0, 0};      // movement this frame (px)
    double time_s = 0;       // monotonic clock, seconds
    float dt = 0;            // seconds since last frame
};

// --- staff panel and USB overlay: facts and actions the runner provides ---
struct SystemFacts {  // shown on the staff panel
    std::string app_version;
    std::string pack_version;  // installed content pack version, "built-in" for the built-in one
    std::string pack_signer;   // key id of the signer, empty for the built-in pack
    std::string last_import;   // one line: when, which version, ok or the refusal reason
    double uptime_s = 0;
    double fps = 0;           // frames drawn per second over the last few seconds
    std::string render_path;  // GL and its renderer, or the CPU renderer and why
    long long rss_bytes = 0;
    long long free_disk_bytes = 0;  // in the data dir
    int screen_w = 0, screen_h = 0;
    double screen_mm_w = 0, screen_mm_h = 0;
    float px_per_mm = 0;
};
// A stick import in progress or just finished, as the overlay draws it over any screen.
struct ImportOverlay {
    bool visible = false;
    bool busy = false;     // found/copying/verifying/checking/installing
    bool ok = false;       // finished and installed
    bool refused = false;  // finished and refused
    int percent = 0;
    int closes_in_s = 0;  // finished: seconds until it closes by itself (the engine counts)
    Bilingual title, detail, todo;
    // A staff workbook found: the card offers the PIN keypad (and Close) instead of progress.
    bool offers_pin = false;
};
// A staff workbook from a stick between the PIN and the decision (the offer and the end show as
// an ImportOverlay): being built, its summary, or its preview.
struct WorkbookView {
    enum class Stage { None, Building, Summary, Preview } stage = Stage::None;
    bool ok = false;               // Summary: built and checked, it may be previewed
    Bilingual title, detail;       // headline and one line under it (counts, version)
    std::vector<Bilingual> lines;  // Summary: the changes per table, or every problem
};
// An action's outcome that arrives later (it ran on a worker): shown once as the panel's result.
struct StaffOutcome {
    bool ok = true;
    Bilingual message;
};
class StaffActions {  // every call is logged by the runner; messages are one line, zh + en
  public:
    virtual ~StaffActions() = default;
    virtual SystemFacts facts() = 0;
    virtual Bilingual rollback() = 0;  // go back to the previous content pack
    // Starts writing logs + a health report to the stick plugged in now, off the render thread;
    // the message says it started (or why not). export_result() then hands over the outcome once.
    virtual Bilingual export_report() = 0;
    virtual std::optional<Bilingual> export_result() { return std::nullopt; }
    virtual void restart() = 0;  // exit; systemd starts the kiosk again
    virtual void power_off() = 0;
    virtual void log_action(const std::string& what) = 0;
    // --- a staff workbook on a stick (see WorkbookView); the engine logs and reports ---
    virtual WorkbookView workbook() { return {}; }
    virtual bool workbook_previewing() { return false; }  // cheap: asked every frame
    virtual void workbook_start() {}    // the PIN was entered on the offer: copy, build, check
    virtual void workbook_preview() {}  // show the candidate on every screen, under a banner
    virtual void workbook_accept() {}   // install it (the previous pack kept)
    virtual void workbook_discard() {}  // drop it; the installed content comes back
    virtual void workbook_close() {}    // the offer or the list of problems was closed
    virtual void workbook_idle() {}     // the visitor idle timeout passed: drop what is pending
    // --- visitor statistics (kiosk/stats), read on the recorder's worker ---
    virtual bool statistics_on() { return false; }  // config visitor_statistics
    virtual void request_statistics() {}            // the last 14 days; statistics() has them soon
    virtual std::shared_ptr<const stats::StatsSummary> statistics() { return nullptr; }
    // Like export_report: kiosk/stats/ (report.html and CSVs) to the stick plugged in now; the
    // outcome comes through export_result().
    virtual Bilingual export_statistics() { return {}; }
    // --- publishing (deploy/README.md, "Keys across kiosks"): the publisher kiosk only ---
    // config publish_key and sync_inbox are both set: the panel offers the Publish button.
    virtual bool publish_on() { return false; }
    // Starts signing the installed pack with this kiosk's key and putting it into the sync inbox,
    // off the render thread; the message says it started (or why not). publish_result() then
    // hands over the outcome once.
    virtual Bilingual publish() { return {}; }
    virtual std::optional<StaffOutcome> publish_result() { return std::nullopt; }
};

// --- what the screens may use ---
struct AppServices {
    Config config;
    std::shared_ptr<ContentDb> content;  // swapped by the runner when a new pack is installed
    Fonts fonts;
    TextureSource* textures = nullptr;
    float scale = 1.0f;          // UI scale: 1.0 at 1080 px short side
    float min_target_px = 64.f;  // from config.min_target_mm and the monitor's physical size
    std::function<void(Target)> report_target;  // register a tappable target this frame
    // A card whose content needs more height than it was given (clipped text); tests read these.
    std::function<void(const std::string& id)> report_overflow;
    StaffActions* staff = nullptr;                  // null: no staff panel (e.g. some tests)
    std::function<ImportOverlay()> import_overlay;  // null or !visible: nothing to draw
    // Finished visitor records (sessions, views, searches) for the statistics; null: not kept.
    std::function<void(stats::StatsBatch)> record_visits;
    std::string render_path;  // how frames are drawn, for the staff panel (RenderPath::description)
};

// --- the app: all screens behind one object the runner calls once per frame ---
struct AppState {              // what `state PATH.json` writes, besides the targets
    std::string screen;        // attract | home | members | member | highlights | highlight |
                               // projects | project | experts | person | about | search
    std::string language;      // zh | en
    std::string kind_filter;   // members grid, empty = all
    std::string focus_filter;  // members grid / highlights, empty = all
    std::string search_text;
    std::string detail_id;  // id shown on a detail screen
};

class KioskApp {
  public:
    virtual ~KioskApp() = default;
    // Draws one frame into the current ImGui frame (full viewport), reacting to touch.
    virtual void frame(const Touch& touch, ImVec2 viewport) = 0;
    // When the app needs its next frame besides touches: the runner sleeps until then.
    struct NextFrame {
        bool now = false;      // something moves (transition, inertia, loading): draw at once
        bool ambient = false;  // only the attract loop moves: frames may be spaced out
        double at = -1;        // the picture changes by itself at this time (-1: never)
    };
    virtual NextFrame next_frame() const = 0;
    virtual AppState state() const = 0;
    // Advance the idle clock by seconds (replay `idle S`).
    virtual void advance_idle(double seconds) = 0;
    // The runner installed new content: drop cached rows, keep the screen if its item still exists.
    virtual void content_changed() = 0;
};

std::unique_ptr<KioskApp> make_kiosk_app(AppServices& services);

}  // namespace kiosk::ui
