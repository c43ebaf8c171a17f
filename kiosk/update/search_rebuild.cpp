// rebuild_search_index: the index a visitor's search uses always comes from this kiosk.
#include "kiosk/update/search_rebuild.h"

#include <sqlite3.h>

#include <string>

#include "kiosk/update/refusal.h"

namespace kiosk::update {
namespace {

class Connection {
  public:
    explicit Connection(const std::string& path) {
        const int rc = sqlite3_open_v2(path.c_str(), &db_,
                                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
        if (rc != SQLITE_OK) fail(rc);
    }
    ~Connection() { sqlite3_close_v2(db_); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void exec(const char* sql) {
        if (const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr); rc != SQLITE_OK)
            fail(rc);
    }
    void config(int option, int value) {
        if (const int rc = sqlite3_db_config(db_, option, value, nullptr); rc != SQLITE_OK)
            fail(rc);
    }

  private:
    [[noreturn]] void fail(int rc) const {
        const std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        if ((rc & 0xff) == SQLITE_FULL)
            refuse(RefusalCode::NoRoom, "the kiosk's disk is full", "展示机磁盘已满");
        if ((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_CANTOPEN)
            refuse(RefusalCode::WriteFailed, "building the search index failed (" + detail + ")",
                   "建立搜索索引失败（" + detail + "）");
        refuse(RefusalCode::Corrupt, "the pack's search rows cannot be read (" + detail + ")",
               "无法读取内容包的搜索数据（" + detail + "）");
    }
    sqlite3* db_ = nullptr;
};

}  // namespace

void rebuild_search_index(const std::string& path) {
    Connection db(path);
    // The schema was checked to be exactly ours, but nothing in it needs trusting either.
    db.config(SQLITE_DBCONFIG_DEFENSIVE, 1);
    db.config(SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0);
    db.config(SQLITE_DBCONFIG_ENABLE_TRIGGER, 0);
    db.config(SQLITE_DBCONFIG_ENABLE_VIEW, 0);
    // The staging copy is thrown away on any failure, so a journal on disk would guard nothing;
    // the importer fsyncs the file before it is installed.
    db.exec("PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF;");
    // FTS5's own rebuild: deletes everything in the index tables (_data, _idx, _docsize), then
    // indexes the rows of the content table afresh. The freed pages are reused, so the file does
    // not grow by a second index. Its settings (_config) were checked to be the defaults.
    db.exec("BEGIN IMMEDIATE");
    db.exec("INSERT INTO main.search_index (search_index) VALUES ('rebuild')");
    db.exec("COMMIT");
}

}  // namespace kiosk::update
