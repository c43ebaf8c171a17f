// UntrustedDb: SQLite's documented defences for opening a database file from an unknown source.
#include "kiosk/update/untrusted_db.h"

#include <cstring>

#include "kiosk/core/pack_connection.h"
#include "kiosk/update/refusal.h"

namespace kiosk::update {

void UntrustedDb::harden() {
    if (const int rc = defend_pack_connection(db_); rc != SQLITE_OK) fail(rc);
    sqlite3_limit(db_, SQLITE_LIMIT_LENGTH, 40 << 20);
    sqlite3_limit(db_, SQLITE_LIMIT_SQL_LENGTH, 100000);
    sqlite3_limit(db_, SQLITE_LIMIT_COLUMN, 100);
    sqlite3_limit(db_, SQLITE_LIMIT_EXPR_DEPTH, 20);
    sqlite3_limit(db_, SQLITE_LIMIT_COMPOUND_SELECT, 4);
    sqlite3_limit(db_, SQLITE_LIMIT_VDBE_OP, 25000);
    sqlite3_limit(db_, SQLITE_LIMIT_FUNCTION_ARG, 8);
    sqlite3_limit(db_, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_limit(db_, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 100);
    sqlite3_limit(db_, SQLITE_LIMIT_VARIABLE_NUMBER, 20);
    sqlite3_limit(db_, SQLITE_LIMIT_TRIGGER_DEPTH, 1);
    const char* pragmas = "PRAGMA cell_size_check=ON; PRAGMA mmap_size=0;";
    const int rc = sqlite3_exec(db_, pragmas, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) fail(rc);
}

UntrustedDb UntrustedDb::open_file(const std::string& path) {
    sqlite3* db = nullptr;
    const int rc =
        sqlite3_open_v2(immutable_file_uri(path).c_str(), &db,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
    UntrustedDb out(db);
    if (rc != SQLITE_OK) out.fail(rc);
    out.harden();
    return out;
}

UntrustedDb UntrustedDb::open_bytes(const unsigned char* data, size_t size) {
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    UntrustedDb out(db);
    if (rc != SQLITE_OK) out.fail(rc);
    auto* copy = static_cast<unsigned char*>(sqlite3_malloc64(size > 0 ? size : 1));
    if (!copy) out.fail(SQLITE_NOMEM);
    if (size > 0) std::memcpy(copy, data, size);
    rc = sqlite3_deserialize(db, "main", copy, static_cast<sqlite3_int64>(size),
                             static_cast<sqlite3_int64>(size),
                             SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
    if (rc != SQLITE_OK) out.fail(rc);
    out.harden();
    return out;
}

UntrustedDb::~UntrustedDb() {
    if (db_) sqlite3_close_v2(db_);
}

void UntrustedDb::fail(int rc) const {
    const std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    switch (rc & 0xff) {
        case SQLITE_NOTADB:
            refuse(RefusalCode::NotSqlite,
                   "the file is not a content pack (not an SQLite database)",
                   "该文件不是内容包（不是 SQLite 数据库）");
        case SQLITE_TOOBIG:
            refuse(RefusalCode::BadContent, "the pack holds a row that is far too large",
                   "内容包中有一行数据过大");
        case SQLITE_CORRUPT:
        case SQLITE_FORMAT:
        case SQLITE_RANGE:
            refuse(RefusalCode::Corrupt, "the pack's database is damaged (" + detail + ")",
                   "内容包数据库已损坏（" + detail + "）");
        default:
            refuse(RefusalCode::Corrupt, "the pack's database cannot be read (" + detail + ")",
                   "无法读取内容包数据库（" + detail + "）");
    }
}

Query::Query(const UntrustedDb& db, const std::string& sql) : db_(db) {
    const int rc = sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &stmt_, nullptr);
    if (rc != SQLITE_OK) db.fail(rc);
}

Query::~Query() {
    sqlite3_finalize(stmt_);
}

bool Query::next() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    db_.fail(rc);
}

std::string Query::text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
}

}  // namespace kiosk::update
