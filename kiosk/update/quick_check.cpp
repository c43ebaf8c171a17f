#include "kiosk/update/quick_check.h"

#include "kiosk/update/refusal.h"

namespace kiosk::update {

void run_quick_check(const UntrustedDb& db) {
    Query quick(db, "PRAGMA quick_check(1)");
    if (!quick.next() || quick.text(0) != "ok")
        refuse(RefusalCode::Corrupt, "the pack's database is damaged (quick_check failed)",
               "内容包数据库已损坏（快速检查未通过）");
}

QuickCheckBeside::QuickCheckBeside(std::string path)
    : thread_([this, path = std::move(path)] { run(path); }) {}

QuickCheckBeside::~QuickCheckBeside() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        abandoned_ = true;
        if (running_) sqlite3_interrupt(running_);
    }
    thread_.join();
}

void QuickCheckBeside::verdict() {
    if (thread_.joinable()) thread_.join();
    if (refusal_) std::rethrow_exception(refusal_);
}

void QuickCheckBeside::run(const std::string& path) {
    try {
        const UntrustedDb db = UntrustedDb::open_file(path);
        struct Running {  // sqlite3_interrupt may reach the connection only while it is open
            QuickCheckBeside& self;
            ~Running() {
                std::lock_guard lock(self.mutex_);
                self.running_ = nullptr;
            }
        } running{*this};
        {
            std::lock_guard lock(mutex_);
            if (abandoned_) return;
            running_ = db.handle();
        }
        run_quick_check(db);
    } catch (...) {
        refusal_ = std::current_exception();  // read by verdict() after the join
    }
}

}  // namespace kiosk::update
