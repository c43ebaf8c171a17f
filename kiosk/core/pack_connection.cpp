// The defences shared by ContentDb (the viewer) and UntrustedDb (the importer's checks).
#include "kiosk/core/pack_connection.h"

#include <cctype>

namespace kiosk {

std::string immutable_file_uri(const std::string& path) {
    static const char* hex = "0123456789ABCDEF";
    std::string uri = "file:";
    for (unsigned char c : path) {
        if (std::isalnum(c) || c == '/' || c == '.' || c == '-' || c == '_') {
            uri += static_cast<char>(c);
        } else {
            uri += '%';
            uri += hex[c >> 4];
            uri += hex[c & 15];
        }
    }
    return uri + "?immutable=1";
}

int defend_pack_connection(sqlite3* db) {
    const int options[][2] = {{SQLITE_DBCONFIG_DEFENSIVE, 1},
                              {SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0},
                              {SQLITE_DBCONFIG_ENABLE_TRIGGER, 0},
                              {SQLITE_DBCONFIG_ENABLE_VIEW, 0},
                              {SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0}};
    for (const auto& [option, value] : options)
        if (const int rc = sqlite3_db_config(db, option, value, nullptr); rc != SQLITE_OK)
            return rc;
    return sqlite3_exec(db, "PRAGMA query_only=ON", nullptr, nullptr, nullptr);
}

}  // namespace kiosk
