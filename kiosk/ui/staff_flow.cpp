// The staff panel's logic: keypad entry against the PinGate, views, confirm steps, actions.
#include "kiosk/ui/staff_flow.h"

#include "kiosk/ui/staff_strings.h"

namespace kiosk::ui {

using staff::PinGate;
using staff::PinResult;

StaffFlow::StaffFlow(std::string pin_file, std::string lock_file, StaffActions* actions)
    : pin_file_(std::move(pin_file)), lock_file_(std::move(lock_file)), actions_(actions) {}

void StaffFlow::open_keypad(double now, KeypadFor purpose) {
    // A PIN set or changed meanwhile takes effect, but never lifts a running lockout.
    std::string hash = staff::load_pin_hash(pin_file_);
    if (hash != loaded_hash_ && !gate_.locked(now)) {
        gate_ = PinGate(hash, now, lock_file_);
        loaded_hash_ = std::move(hash);
        last_result_.reset();
    }
    entered_.clear();
    too_short_ = false;
    confirm_ = StaffConfirm::None;
    view_ = StaffView::Pin;
    purpose_ = purpose;
    log(purpose == KeypadFor::Panel           ? "staff keypad opened"
        : purpose == KeypadFor::WorkbookStart ? "staff keypad opened for a workbook"
                                              : "staff keypad opened to accept a workbook");
}

void StaffFlow::close() {
    // Closing the offer's keypad ends the offer; the banner's only goes back to the preview.
    if (purpose_ == KeypadFor::WorkbookStart && view_ == StaffView::Pin && actions_)
        actions_->workbook_close();
    purpose_ = KeypadFor::Panel;
    view_ = StaffView::Closed;
    entered_.clear();
    confirm_ = StaffConfirm::None;
    message_ = {};
    message_ok_ = true;
    if (last_result_ == PinResult::Wrong) last_result_.reset();  // a new try starts clean
    too_short_ = false;
}

void StaffFlow::digit(char d, double now) {
    if (d < '0' || d > '9' || entered_.size() >= kMaxDigits || !pin_set()) return;
    if (gate_.locked(now)) return;
    entered_.push_back(d);
    too_short_ = false;
}

void StaffFlow::erase() {
    if (!entered_.empty()) entered_.pop_back();
}

void StaffFlow::submit(double now) {
    if (!pin_set()) return;
    if (gate_.locked(now)) {
        last_result_ = PinResult::LockedOut;
        entered_.clear();
        return;
    }
    if (entered_.empty()) return;
    if (entered_.size() < staff::kMinPinDigits) {  // cannot be right: no try spent on it
        too_short_ = true;
        return;
    }
    const PinResult r = gate_.try_pin(entered_, now);
    entered_.clear();
    last_result_ = r;
    if (!gate_.save_error().empty())
        log("staff PIN lockout not saved (a restart would forget it): " + gate_.save_error());
    switch (r) {
        case PinResult::Accepted:
            last_result_.reset();
            if (purpose_ == KeypadFor::WorkbookStart) {
                purpose_ = KeypadFor::Panel;
                view_ = StaffView::Workbook;
                log("workbook import: staff PIN entered");
                if (actions_) actions_->workbook_start();
                break;
            }
            if (purpose_ == KeypadFor::WorkbookAccept) {
                purpose_ = KeypadFor::Panel;
                view_ = StaffView::Closed;
                log("workbook preview accepted with the staff PIN");
                if (actions_) actions_->workbook_accept();
                break;
            }
            view_ = StaffView::Panel;
            message_ = {};
            log("staff panel opened with the PIN");
            break;
        case PinResult::Wrong:
            attempts_left_ = gate_.attempts_left(now);
            last_wrong_at_ = now;
            log("wrong staff PIN (" + std::to_string(attempts_left_) + " tries left)");
            break;
        case PinResult::LockedOut:
            last_wrong_at_ = now;
            log("staff PIN locked for " +
                std::to_string(static_cast<int>(gate_.lockout_remaining(now) / 60)) +
                " minutes after too many wrong PINs");
            break;
        case PinResult::NoPinSet:
            break;
    }
}

Bilingual StaffFlow::keypad_message(double now) const {
    if (!pin_set()) return staff_text(StaffStr::NoPinSet);
    if (gate_.locked(now)) {
        const double left = gate_.lockout_remaining(now);
        return {PinGate::message_zh(PinResult::LockedOut, 0, left),
                PinGate::message_en(PinResult::LockedOut, 0, left)};
    }
    if (too_short_) return staff_text(StaffStr::PinTooShort);
    if (last_result_ == PinResult::Wrong)
        return {PinGate::message_zh(PinResult::Wrong, attempts_left_, 0),
                PinGate::message_en(PinResult::Wrong, attempts_left_, 0)};
    return staff_text(StaffStr::PinPrompt);
}

bool StaffFlow::keypad_error(double now) const {
    return !pin_set() || gate_.locked(now) || too_short_ || last_result_ == PinResult::Wrong;
}

void StaffFlow::press(StaffButton b) {
    switch (b) {
        case StaffButton::Rollback:
            confirm_ = StaffConfirm::Rollback;
            break;
        case StaffButton::Restart:
            confirm_ = StaffConfirm::Restart;
            break;
        case StaffButton::PowerOff:
            confirm_ = StaffConfirm::PowerOff;
            break;
        case StaffButton::RollbackConfirm:
            if (confirm_ == StaffConfirm::Rollback) run(StaffConfirm::Rollback);
            break;
        case StaffButton::RestartConfirm:
            if (confirm_ == StaffConfirm::Restart) run(StaffConfirm::Restart);
            break;
        case StaffButton::PowerOffConfirm:
            if (confirm_ == StaffConfirm::PowerOff) run(StaffConfirm::PowerOff);
            break;
        case StaffButton::Publish:
            confirm_ = StaffConfirm::Publish;
            break;
        case StaffButton::PublishConfirm:
            if (confirm_ == StaffConfirm::Publish) run(StaffConfirm::Publish);
            break;
        case StaffButton::ConfirmCancel:
            confirm_ = StaffConfirm::None;
            break;
        case StaffButton::Export:
            if (!actions_) {
                message_ = staff_text(StaffStr::NotAvailable);
                message_ok_ = false;
                break;
            }
            log("export logs and health report");
            message_ = actions_->export_report();
            message_ok_ = true;
            break;
        case StaffButton::TouchTest:
            log("touch test opened");
            view_ = StaffView::TouchTest;
            break;
        case StaffButton::TouchTestClose:
        case StaffButton::StatisticsClose:
            view_ = StaffView::Panel;
            break;
        case StaffButton::Statistics:
            log("statistics opened");
            if (actions_) actions_->request_statistics();
            view_ = StaffView::Statistics;
            break;
        case StaffButton::StatisticsExport:
            if (!actions_) {
                message_ = staff_text(StaffStr::NotAvailable);
                message_ok_ = false;
                break;
            }
            log("export statistics");
            message_ = actions_->export_statistics();
            message_ok_ = true;
            break;
        case StaffButton::Close:
            log("staff panel closed");
            close();
            break;
        case StaffButton::WorkbookPreview:
        case StaffButton::WorkbookDiscard:
        case StaffButton::WorkbookClose:
            if (actions_) {
                if (b == StaffButton::WorkbookPreview) actions_->workbook_preview();
                if (b == StaffButton::WorkbookDiscard) actions_->workbook_discard();
                if (b == StaffButton::WorkbookClose) actions_->workbook_close();
            }
            close();
            break;
    }
}

void StaffFlow::poll_actions() {
    if (!actions_) return;
    if (std::optional<Bilingual> result = actions_->export_result()) message_ = std::move(*result);
    if (std::optional<StaffOutcome> published = actions_->publish_result()) {
        message_ = std::move(published->message);
        message_ok_ = published->ok;
    }
}

void StaffFlow::run(StaffConfirm what) {
    confirm_ = StaffConfirm::None;
    if (!actions_) {
        message_ = staff_text(StaffStr::NotAvailable);
        message_ok_ = false;
        return;
    }
    message_ok_ = true;
    switch (what) {
        case StaffConfirm::Rollback:
            log("roll back content");
            message_ = actions_->rollback();
            break;
        case StaffConfirm::Restart:
            log("restart kiosk");
            message_ = staff_text(StaffStr::Restarting);
            actions_->restart();
            break;
        case StaffConfirm::Publish:
            log("publish the installed content to the other kiosks");
            message_ = actions_->publish();
            break;
        case StaffConfirm::PowerOff:
            log("power off");
            message_ = staff_text(StaffStr::PoweringOff);
            actions_->power_off();
            break;
        case StaffConfirm::None:
            break;
    }
}

void StaffFlow::log(const std::string& line) {
    if (actions_) actions_->log_action(line);
}

}  // namespace kiosk::ui
