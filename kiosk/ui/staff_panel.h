// The staff screens drawn over the kiosk: the hidden corner gesture, the PIN keypad, the staff
// panel with its facts and actions, the touch test; and the USB import overlay over any screen.
#pragma once

#include <string>
#include <vector>

#include "kiosk/staff/corner_gesture.h"
#include "kiosk/ui/staff_flow.h"
#include "kiosk/ui/widgets.h"

namespace kiosk::ui {

class StaffUi {
  public:
    explicit StaffUi(AppServices& services);

    // Top-left square where the gesture counts taps: the top bar's height, so it holds only the
    // alliance mark and no visitor target.
    float corner_px(const Metrics& m) const { return m.bar_h; }
    bool in_corner(ImVec2 p, const Metrics& m);
    // Feeds one frame's touch while the visitor screens are up; true when the gesture completed
    // and the keypad just opened.
    bool feed_gesture(const Touch& t, const Metrics& m);

    bool open() const { return flow_.open(); }
    void close() { flow_.close(); }
    // "staff_pin" | "staff" | "staff_touchtest", or "" when closed.
    std::string screen_name() const;
    // Draws the open view over the whole viewport (call only when open()).
    void draw(Ui& ui);

    // A staff workbook (workbook_view.cpp): the keypad the offer card opens; whether its
    // candidate is shown now; the banner drawn on every screen meanwhile (Accept, Discard).
    void open_workbook_keypad(double now);
    bool previewing() const;
    float preview_banner_height(const Metrics& m) const;
    void draw_preview_banner(Ui& ui, float y);

  private:
    void draw_keypad(Ui& ui);
    void draw_panel(Ui& ui);
    void draw_confirm(Ui& ui, const Rect& full);
    void draw_touch_test(Ui& ui);
    void draw_workbook(Ui& ui);
    void draw_statistics(Ui& ui);  // staff_stats_view.cpp
    float draw_facts(Ui& ui, const Rect& r);
    void refresh_facts(double now);

    AppServices& sv_;
    StaffFlow flow_;
    staff::CornerGesture gesture_;
    // Facts are asked for about once a second, not every frame.
    std::optional<SystemFacts> facts_;
    double facts_at_ = -1e9;
    // Touch test: lit cells (row-major) of the current grid size, and the last touch point.
    int grid_cols_ = 0, grid_rows_ = 0;
    std::vector<unsigned char> lit_;
    std::optional<ImVec2> last_touch_;
    StaffView shown_ = StaffView::Closed;
    Scroller lines_scroll_;  // the workbook summary's lines
};

// The USB import card over whatever screen is up: found → verifying → importing (percent) → done
// or refused. A finished import can be closed by its button; when it closes by itself is the
// engine's to say (overlay.visible, overlay.closes_in_s), the card only shows the count.
class ImportOverlayView {
  public:
    // True when the card is to be drawn this frame (visible and not dismissed).
    bool update(const ImportOverlay& overlay);
    // Draws the dimmed backdrop and the card; the close button dismisses a finished import.
    // A workbook offer's buttons: what was tapped.
    enum class Tapped { None, EnterPin, CloseOffer };
    Tapped draw(Ui& ui, const ImportOverlay& overlay);

  private:
    std::string finished_key_;  // identifies the finished import shown (or dismissed)
    bool dismissed_ = false;
};

}  // namespace kiosk::ui

namespace kiosk::ui {
// Shared by the staff screens: zh line, en line under it (smaller, softer). Returns the height.
float draw_bilingual(Ui& ui, ImVec2 pos, const Bilingual& text, float max_w, ImFont* zh_font,
                     ImFont* en_font, ImU32 zh_color, ImU32 en_color, bool center);
// Reports a message line in the state JSON (kind "text": read by tests, never tappable).
void report_text(Ui& ui, const std::string& id, const Bilingual& text, const Rect& r);
namespace staff_colors {
inline constexpr uint32_t kGreen = 0x3DD68C;  // done (7.9:1 on the background)
inline constexpr uint32_t kRed = 0xFF7A7A;    // wrong PIN, refused (6.3:1)
}  // namespace staff_colors
}  // namespace kiosk::ui
