// An SQLite connection to an untrusted file, opened read-only with SQLite's defences
// (defensive mode, untrusted schema, no triggers or views, cell_size_check, no mmap, low limits).
// SQLite errors become RefusedError with a plain message.
#pragma once

#include <sqlite3.h>

#include <string>

namespace kiosk::update {

class UntrustedDb {
  public:
    static UntrustedDb open_file(const std::string& path);
    // Takes a copy of the bytes (sqlite3_deserialize, read-only).
    static UntrustedDb open_bytes(const unsigned char* data, size_t size);
    ~UntrustedDb();
    UntrustedDb(UntrustedDb&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
    UntrustedDb(const UntrustedDb&) = delete;
    UntrustedDb& operator=(const UntrustedDb&) = delete;
    UntrustedDb& operator=(UntrustedDb&&) = delete;

    sqlite3* handle() const { return db_; }
    // Throws RefusedError for an SQLite error code (NotSqlite, Corrupt, BadContent for too big).
    [[noreturn]] void fail(int rc) const;

  private:
    explicit UntrustedDb(sqlite3* db) : db_(db) {}
    void harden();
    sqlite3* db_ = nullptr;
};

// A prepared statement that steps through rows; errors become RefusedError.
class Query {
  public:
    Query(const UntrustedDb& db, const std::string& sql);
    ~Query();
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;
    bool next();  // true while a row is available
    sqlite3_stmt* stmt() const { return stmt_; }
    std::string text(int col) const;
    long long integer(int col) const { return sqlite3_column_int64(stmt_, col); }

  private:
    const UntrustedDb& db_;
    sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace kiosk::update
