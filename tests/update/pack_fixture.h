// Test helpers for the update tests: temp folders, signed sample packs, a kiosk data dir and a
// folder standing for a USB stick, plus ways to damage a pack.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/update/importer.h"
#include "kiosk/update/minisign.h"

namespace kiosk::test {

class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string operator/(const std::string& name) const { return path_ + "/" + name; }

  private:
    std::string path_;
};

std::vector<unsigned char> read_bytes(const std::string& path);
void write_bytes(const std::string& path, const std::vector<unsigned char>& bytes);
// Runs SQL on a pack file (writable, for crafting bad packs). Throws on error.
void exec_sql(const std::string& path, const std::string& sql);

// A kiosk with a trusted key, an empty data dir and a stick folder with kiosk/.
struct KioskBench {
    TempDir root;
    std::string data_dir, keys_dir, stick, stick_kiosk;
    update::PublicKey pub;
    update::SecretKey sec;
    KioskBench();

    // The sample pack with meta.pack_version = version, at stick/kiosk/NAME (unsigned).
    std::string make_pack(int64_t version, const std::string& name = "content.pack") const;
    // Writes PATH.minisig with "version=V built=..." (V defaults to the pack's own version).
    void sign(const std::string& pack, int64_t version, const update::SecretKey& key) const;
    void sign(const std::string& pack, int64_t version) const { sign(pack, version, sec); }
    std::string signed_pack(int64_t version, const std::string& name = "content.pack") const;

    update::ImportOptions options() const;
    update::ImportResult import(const std::string& pack, bool force = false) const;
    // SHA-256 of the installed pack, or "none".
    std::string installed_hash() const;
    // SHA-256 `pack` has once installed: the import rebuilds its search index locally.
    std::string hash_once_installed(const std::string& pack) const;
};

// PRAGMA integrity_check of a database file; "ok" when sound.
std::string integrity_of(const std::string& db_path);

}  // namespace kiosk::test
