// The staff panel's logic without a screen: PIN keypad against a real PIN file, lockout, the
// confirm steps, every action logged and answered, and no runner services at all.
#define CATCH_CONFIG_MAIN
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <optional>
#include <utility>

#include "kiosk/staff/staff_pin.h"
#include "kiosk/ui/staff_flow.h"
#include "kiosk/ui/staff_strings.h"
#include "kiosk/ui/strings.h"

using namespace kiosk::ui;
namespace fs = std::filesystem;

namespace {

// A PIN file holding the hash of 246813 (hashing is slow: made once).
const std::string& pin_file() {
    static const std::string path = [] {
        const fs::path p =
            fs::temp_directory_path() / ("staff-flow-pin-" + std::to_string(::getpid()));
        kiosk::staff::set_pin_file(p.string(), "246813");
        return p.string();
    }();
    return path;
}

struct FakeActions : StaffActions {
    std::vector<std::string> log;
    int rollbacks = 0, exports = 0, restarts = 0, power_offs = 0;
    std::vector<std::string> workbook;  // the workbook calls, in order
    SystemFacts facts() override { return {}; }
    kiosk::Bilingual rollback() override {
        ++rollbacks;
        return {"已回到 1.0.0", "Back to 1.0.0"};
    }
    kiosk::Bilingual export_report() override {
        ++exports;
        return {"已导出", "Exported"};
    }
    void restart() override { ++restarts; }
    void power_off() override { ++power_offs; }
    void log_action(const std::string& what) override { log.push_back(what); }
    void workbook_start() override { workbook.push_back("start"); }
    void workbook_preview() override { workbook.push_back("preview"); }
    void workbook_discard() override { workbook.push_back("discard"); }
    void workbook_close() override { workbook.push_back("close"); }
    void workbook_accept() override { workbook.push_back("accept"); }
};

void type(StaffFlow& f, const std::string& pin, double now) {
    for (char c : pin) f.digit(c, now);
    f.submit(now);
}

}  // namespace

TEST_CASE("the right PIN opens the panel, a wrong one says how many tries are left") {
    FakeActions actions;
    StaffFlow f(pin_file(), "", &actions);
    CHECK(f.view() == StaffView::Closed);
    f.open_keypad(0);
    REQUIRE(f.view() == StaffView::Pin);
    REQUIRE(f.pin_set());
    CHECK_FALSE(f.keypad_error(0));

    type(f, "111111", 1);
    CHECK(f.view() == StaffView::Pin);
    CHECK(f.entered().empty());  // the keypad starts over
    CHECK(f.keypad_error(1));
    CHECK(f.keypad_message(1).en.find("4 tries left") != std::string::npos);
    CHECK(f.last_wrong_at() == 1);

    type(f, "246813", 2);
    CHECK(f.view() == StaffView::Panel);
    CHECK(std::count(actions.log.begin(), actions.log.end(), "staff panel opened with the PIN") ==
          1);
}

TEST_CASE("five wrong PINs lock the keypad for five minutes, even against the right PIN") {
    StaffFlow f(pin_file(), "", nullptr);
    f.open_keypad(0);
    for (int i = 0; i < 5; ++i) type(f, "000000", 10 + i);
    CHECK(f.locked(20));
    CHECK(f.keypad_message(20).en.find("locked") != std::string::npos);
    f.digit('2', 20);
    CHECK(f.entered().empty());  // digits are ignored while locked
    type(f, "246813", 100);
    CHECK(f.view() == StaffView::Pin);
    // Closing and reopening the keypad does not lift the lock.
    f.close();
    f.open_keypad(120);
    CHECK(f.locked(120));
    type(f, "246813", 14 + 301);
    CHECK(f.view() == StaffView::Panel);
}

TEST_CASE("a restart of the kiosk neither lifts the lockout nor gives fresh tries") {
    const fs::path lock_file =
        fs::temp_directory_path() / ("staff-flow-lock-" + std::to_string(::getpid()));
    fs::remove(lock_file);
    {
        StaffFlow f(pin_file(), lock_file.string(), nullptr);
        f.open_keypad(0);
        for (int i = 0; i < 4; ++i) type(f, "000000", 1);
    }
    {  // restarted: the uptime clock starts again
        StaffFlow f(pin_file(), lock_file.string(), nullptr);
        f.open_keypad(0);
        type(f, "000000", 1);
        CHECK(f.locked(1));
    }
    {
        StaffFlow f(pin_file(), lock_file.string(), nullptr);
        f.open_keypad(0);
        CHECK(f.locked(0));
        type(f, "246813", 1);
        CHECK(f.view() == StaffView::Pin);
    }
    fs::remove(lock_file);
}

TEST_CASE("OK with fewer than six digits asks for the rest and spends no try") {
    StaffFlow f(pin_file(), "", nullptr);
    f.open_keypad(0);
    type(f, "2468", 1);
    for (int i = 0; i < 10; ++i) f.submit(1);
    CHECK_FALSE(f.locked(1));
    CHECK(f.keypad_error(1));
    CHECK(f.keypad_message(1).en.find("at least 6 digits") != std::string::npos);
    CHECK(f.entered() == "2468");  // kept, so the rest can be typed
    for (char c : std::string("13")) f.digit(c, 2);
    CHECK_FALSE(f.keypad_error(2));
    f.submit(2);
    CHECK(f.view() == StaffView::Panel);
}

TEST_CASE("without a PIN file the keypad only says how to set one") {
    StaffFlow f((fs::temp_directory_path() / "no-such-staff-pin-file").string(), "", nullptr);
    f.open_keypad(0);
    CHECK(f.view() == StaffView::Pin);
    CHECK_FALSE(f.pin_set());
    CHECK(f.keypad_message(0).en == "No staff PIN set — run: kiosk-pack set-pin");
    CHECK(f.keypad_message(0).zh.find("未设置员工密码") == 0);
    type(f, "246813", 1);
    CHECK(f.view() == StaffView::Pin);
    f.close();
    CHECK(f.view() == StaffView::Closed);
}

TEST_CASE("the keypad takes digits only, at most twelve, and Delete removes the last") {
    StaffFlow f(pin_file(), "", nullptr);
    f.open_keypad(0);
    f.digit('x', 0);
    CHECK(f.entered().empty());
    for (int i = 0; i < 20; ++i) f.digit('7', 0);
    CHECK(f.entered().size() == StaffFlow::kMaxDigits);
    f.erase();
    CHECK(f.entered().size() == StaffFlow::kMaxDigits - 1);
    f.close();
    f.open_keypad(1);
    CHECK(f.entered().empty());  // reopening forgets what was typed
}

TEST_CASE("rollback, restart and power off run only after the confirm step, each logged") {
    FakeActions actions;
    StaffFlow f(pin_file(), "", &actions);
    f.open_keypad(0);
    type(f, "246813", 0);
    REQUIRE(f.view() == StaffView::Panel);

    f.press(StaffButton::Rollback);
    CHECK(f.confirm() == StaffConfirm::Rollback);
    CHECK(actions.rollbacks == 0);
    f.press(StaffButton::ConfirmCancel);
    CHECK(f.confirm() == StaffConfirm::None);
    f.press(StaffButton::RollbackConfirm);  // a stray confirm without the question does nothing
    CHECK(actions.rollbacks == 0);
    f.press(StaffButton::Rollback);
    f.press(StaffButton::RollbackConfirm);
    CHECK(actions.rollbacks == 1);
    CHECK(f.message().en == "Back to 1.0.0");
    CHECK(actions.log.back() == "roll back content");

    f.press(StaffButton::Export);
    CHECK(actions.exports == 1);
    CHECK(f.message().zh == "已导出");

    f.press(StaffButton::Restart);
    f.press(StaffButton::PowerOffConfirm);  // the wrong confirm for the question asked
    CHECK(actions.power_offs == 0);
    f.press(StaffButton::RestartConfirm);
    CHECK(actions.restarts == 1);
    f.press(StaffButton::PowerOff);
    f.press(StaffButton::PowerOffConfirm);
    CHECK(actions.power_offs == 1);
    CHECK(actions.log.back() == "power off");

    f.press(StaffButton::TouchTest);
    CHECK(f.view() == StaffView::TouchTest);
    f.press(StaffButton::TouchTestClose);
    CHECK(f.view() == StaffView::Panel);
    f.press(StaffButton::Close);
    CHECK(f.view() == StaffView::Closed);
    CHECK(actions.log.back() == "staff panel closed");
}

TEST_CASE("publishing runs only after its confirm step, and its outcome shows once it arrives") {
    struct Publisher : FakeActions {
        int publishes = 0;
        std::optional<StaffOutcome> outcome;
        kiosk::Bilingual publish() override {
            ++publishes;
            return {"正在发布…", "Publishing…"};
        }
        std::optional<StaffOutcome> publish_result() override {
            return std::exchange(outcome, std::nullopt);
        }
    } actions;
    StaffFlow f(pin_file(), "", &actions);
    f.open_keypad(0);
    type(f, "246813", 0);
    REQUIRE(f.view() == StaffView::Panel);

    f.press(StaffButton::Publish);
    CHECK(f.confirm() == StaffConfirm::Publish);
    f.press(StaffButton::RollbackConfirm);  // the wrong confirm for the question asked
    f.press(StaffButton::ConfirmCancel);
    CHECK(actions.publishes == 0);
    f.press(StaffButton::Publish);
    f.press(StaffButton::PublishConfirm);
    CHECK(actions.publishes == 1);
    CHECK(actions.log.back() == "publish the installed content to the other kiosks");
    CHECK(f.message().en == "Publishing…");

    actions.outcome = StaffOutcome{false, {"发布密钥设有密码", "The key is password-protected"}};
    f.poll_actions();
    CHECK(f.message().en == "The key is password-protected");
    CHECK_FALSE(f.message_ok());
    f.poll_actions();  // handed over once: stays until the next action
    CHECK(f.message().zh == "发布密钥设有密码");

    f.press(StaffButton::Publish);
    f.press(StaffButton::PublishConfirm);
    CHECK(f.message_ok());
    actions.outcome = StaffOutcome{true, {"已发布第 5 版", "Published version 5"}};
    f.poll_actions();
    CHECK(f.message().en == "Published version 5");
    CHECK(f.message_ok());
}

TEST_CASE("without runner services every action answers Not available") {
    StaffFlow f(pin_file(), "", nullptr);
    f.open_keypad(0);
    type(f, "246813", 0);
    REQUIRE(f.view() == StaffView::Panel);
    f.press(StaffButton::Export);
    CHECK(f.message().en == "Not available");
    CHECK_FALSE(f.message_ok());
    f.press(StaffButton::Rollback);
    f.press(StaffButton::RollbackConfirm);
    CHECK(f.message().zh == "不可用");
}

TEST_CASE("every staff text is in both languages and its glyphs are collected") {
    const std::vector<std::string> all = all_ui_strings();
    for (int i = 0; i < static_cast<int>(StaffStr::Count_); ++i) {
        const kiosk::Bilingual& b = staff_text(static_cast<StaffStr>(i));
        INFO(i);
        CHECK_FALSE(b.zh.empty());
        CHECK_FALSE(b.en.empty());
        CHECK(std::find(all.begin(), all.end(), b.zh) != all.end());
    }
}

TEST_CASE("the PIN a workbook card asks for starts the build, never the panel") {
    FakeActions actions;
    StaffFlow f(pin_file(), "", &actions);
    f.open_keypad(0, KeypadFor::WorkbookStart);
    type(f, "111111", 1);  // wrong: nothing starts
    CHECK(f.view() == StaffView::Pin);
    CHECK(actions.workbook.empty());
    type(f, "246813", 2);
    CHECK(f.view() == StaffView::Workbook);
    CHECK(actions.workbook == std::vector<std::string>{"start"});
    f.press(StaffButton::WorkbookPreview);
    CHECK(f.view() == StaffView::Closed);
    CHECK(actions.workbook == std::vector<std::string>{"start", "preview"});

    // Cancelled on the keypad: the offer is closed, nothing built.
    FakeActions other;
    StaffFlow g(pin_file(), "", &other);
    g.open_keypad(0, KeypadFor::WorkbookStart);
    g.close();
    CHECK(other.workbook == std::vector<std::string>{"close"});
    // The panel's own keypad never touches a workbook.
    g.open_keypad(5);
    type(g, "246813", 6);
    CHECK(g.view() == StaffView::Panel);
    CHECK(other.workbook == std::vector<std::string>{"close"});
}

TEST_CASE("accepting a previewed workbook takes the staff PIN again: visitors see the banner too") {
    FakeActions actions;
    StaffFlow f(pin_file(), "", &actions);
    f.open_keypad(0, KeypadFor::WorkbookAccept);
    type(f, "111111", 1);  // a visitor guessing: nothing installed
    CHECK(f.view() == StaffView::Pin);
    CHECK(actions.workbook.empty());
    f.close();  // back to the preview: it is neither closed nor discarded
    CHECK(actions.workbook.empty());
    f.open_keypad(2, KeypadFor::WorkbookAccept);
    type(f, "246813", 3);
    CHECK(actions.workbook == std::vector<std::string>{"accept"});
    CHECK(f.view() == StaffView::Closed);  // the preview's banner goes with the install
}
