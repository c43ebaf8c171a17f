// The staff panel's logic without drawing: PIN keypad entry against the PinGate, which view is up
// (keypad, panel, touch test), confirm steps, and the staff actions with their logged lines and the
// one-line bilingual result. The drawing (staff_panel.cpp) only feeds it keys and buttons.
#pragma once

#include <optional>
#include <string>

#include "kiosk/core/content_model.h"
#include "kiosk/staff/staff_pin.h"
#include "kiosk/ui/services.h"

namespace kiosk::ui {

// Workbook: a staff workbook from a stick being built, then its summary (after the PIN).
enum class StaffView { Closed, Pin, Panel, TouchTest, Workbook, Statistics };
// What a right PIN opens: the panel; a workbook's build (from its offer card); or the install of
// a previewed workbook (from the banner: visitors see the banner too).
enum class KeypadFor { Panel, WorkbookStart, WorkbookAccept };
// Actions that need a second tap before they run.
enum class StaffConfirm { None, Rollback, Restart, PowerOff, Publish };
// Every button of the panel and the touch test.
enum class StaffButton {
    Rollback,
    RollbackConfirm,
    Export,
    TouchTest,
    TouchTestClose,
    Restart,
    RestartConfirm,
    PowerOff,
    PowerOffConfirm,
    ConfirmCancel,
    Close,
    WorkbookPreview,
    WorkbookDiscard,
    WorkbookClose,
    Statistics,
    StatisticsClose,
    StatisticsExport,
    Publish,
    PublishConfirm,
};

class StaffFlow {
  public:
    static constexpr std::size_t kMaxDigits = staff::kMaxPinDigits;

    // pin_file: config.staff_pin_file. lock_file: where wrong tries and the lockout are kept
    // across restarts (in the data dir; "" = memory only). actions may be null (no runner
    // services): the panel still opens, every action then answers "不可用 / Not available".
    StaffFlow(std::string pin_file, std::string lock_file, StaffActions* actions);

    StaffView view() const { return view_; }
    bool open() const { return view_ != StaffView::Closed; }
    // The hidden gesture was completed: show the keypad. Re-reads the PIN file so a PIN set while
    // the kiosk runs works at once; the lockout survives that and restarts.
    void open_keypad(double now, KeypadFor purpose = KeypadFor::Panel);
    // Closes whatever is up (cancel, close, idle timeout); forgets the typed digits.
    void close();

    // --- keypad ---
    bool pin_set() const { return gate_.can_open(); }
    void digit(char d, double now);  // ignored: not a digit, beyond kMaxDigits, locked out
    void erase();                    // last digit
    void submit(double now);         // fewer than staff::kMinPinDigits: not a try, says so
    const std::string& entered() const { return entered_; }
    bool locked(double now) const { return gate_.locked(now); }
    // The line under the dots: no PIN set, wrong PIN with tries left, or the lockout countdown.
    Bilingual keypad_message(double now) const;
    bool keypad_error(double now) const;
    double last_wrong_at() const { return last_wrong_at_; }  // for the shake; < 0 never

    // --- panel ---
    void press(StaffButton b);
    StaffConfirm confirm() const { return confirm_; }
    // Takes in the outcome of an action that finishes later (the export runs on a worker).
    void poll_actions();
    const Bilingual& message() const { return message_; }  // result of the last action
    bool message_ok() const { return message_ok_; }
    bool has_actions() const { return actions_ != nullptr; }

  private:
    void log(const std::string& line);
    void run(StaffConfirm what);

    std::string pin_file_;
    std::string lock_file_;
    StaffActions* actions_;
    staff::PinGate gate_{""};
    std::string loaded_hash_;
    StaffView view_ = StaffView::Closed;
    KeypadFor purpose_ = KeypadFor::Panel;
    std::string entered_;
    std::optional<staff::PinResult> last_result_;
    bool too_short_ = false;  // OK was pressed with too few digits
    int attempts_left_ = 0;
    double last_wrong_at_ = -1;
    StaffConfirm confirm_ = StaffConfirm::None;
    Bilingual message_;
    bool message_ok_ = true;
};

}  // namespace kiosk::ui
