// KioskBench and friends: real sample packs (tests/support), real signatures, real files.
#include "tests/update/pack_fixture.h"

#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "kiosk/update/install_state.h"
#include "kiosk/update/search_rebuild.h"
#include "tests/support/sample_content_db.h"

namespace kiosk::test {

TempDir::TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "kiosk-update-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::vector<unsigned char> read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::string& path, const std::vector<unsigned char>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
}

void exec_sql(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    const std::string message = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    if (rc != SQLITE_OK) throw std::runtime_error("exec_sql: " + message);
}

std::string integrity_of(const std::string& db_path) {
    sqlite3* db = nullptr;
    std::string result = "cannot open";
    if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            result = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return result;
}

KioskBench::KioskBench()
    : data_dir(root / "data"),
      keys_dir(root / "keys"),
      stick(root / "stick"),
      stick_kiosk(root / "stick/kiosk") {
    std::filesystem::create_directories(keys_dir);
    std::filesystem::create_directories(stick_kiosk);
    update::generate_keypair(pub, sec);
    std::ofstream(keys_dir + "/alliance.pub") << update::format_public_key(pub);
}

std::string KioskBench::make_pack(int64_t version, const std::string& name) const {
    const std::string path = stick_kiosk + "/" + name;
    make_sample_content_db(path);
    exec_sql(path, "UPDATE meta SET value = '" + std::to_string(version) +
                       "' WHERE key = 'pack_version'");
    return path;
}

void KioskBench::sign(const std::string& pack, int64_t version,
                      const update::SecretKey& key) const {
    update::Blake2b512 hash;
    const auto bytes = read_bytes(pack);
    hash.update(bytes.data(), bytes.size());
    const auto sig = update::sign_digest(
        key, hash.finish(), update::make_version_comment(version, "2025-01-01T00:00:00Z"));
    std::ofstream(pack + ".minisig", std::ios::trunc) << update::format_signature(sig);
}

std::string KioskBench::signed_pack(int64_t version, const std::string& name) const {
    const std::string pack = make_pack(version, name);
    sign(pack, version);
    return pack;
}

update::ImportOptions KioskBench::options() const {
    update::ImportOptions o;
    o.data_dir = data_dir;
    o.keys_dir = keys_dir;
    return o;
}

update::ImportResult KioskBench::import(const std::string& pack, bool force) const {
    auto o = options();
    o.force = force;
    return update::import_pack(pack, o);
}

std::string KioskBench::installed_hash() const {
    const std::string path = update::installed_pack_path(data_dir);
    return path.empty() ? "none" : update::sha256_file(path);
}

std::string KioskBench::hash_once_installed(const std::string& pack) const {
    const std::string copy = root / "installed-form.db";
    std::filesystem::copy_file(pack, copy, std::filesystem::copy_options::overwrite_existing);
    update::rebuild_search_index(copy);
    const std::string hash = update::sha256_file(copy);
    std::filesystem::remove(copy);
    return hash;
}

}  // namespace kiosk::test
