// SQLite's PRAGMA quick_check over an untrusted pack, inline or on a thread of its own.
#pragma once

#include <sqlite3.h>

#include <exception>
#include <mutex>
#include <string>
#include <thread>

#include "kiosk/update/untrusted_db.h"

namespace kiosk::update {

// Refuses (RefusalCode::Corrupt) a database whose b-trees, freelist or page accounting are
// damaged.
void run_quick_check(const UntrustedDb& db);

// quick_check reads every page of the file: ~1.5 s of one core for the 2.7 GB benchmark pack,
// during which the image checks, which want every core, would wait. On its own read-only
// connection it runs beside the other checks instead. Its verdict still comes first, as in the
// packs issue's order: verdict() is asked before any other refusal is passed on, so a damaged
// database is refused as damaged whatever the other checks tripped over.
class QuickCheckBeside {
  public:
    explicit QuickCheckBeside(std::string path);
    // Left without a verdict (cancelled, out of memory): stops the check early and waits for it.
    ~QuickCheckBeside();
    QuickCheckBeside(const QuickCheckBeside&) = delete;
    QuickCheckBeside& operator=(const QuickCheckBeside&) = delete;

    // Waits for the check; throws its refusal if the database is damaged.
    void verdict();

  private:
    void run(const std::string& path);

    std::mutex mutex_;
    sqlite3* running_ = nullptr;  // the connection, while the check runs (for sqlite3_interrupt)
    bool abandoned_ = false;
    std::exception_ptr refusal_;
    std::thread thread_;  // last: starts after the members above exist
};

}  // namespace kiosk::update
