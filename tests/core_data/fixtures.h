// Shared test fixtures: a per-process scratch folder and the sample pack written into it once.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "tests/support/sample_content_db.h"

namespace fixtures {

// A scratch folder unique to this process (ctest runs test cases in parallel), removed at exit.
inline const std::filesystem::path& scratch_dir() {
    struct Dir {
        std::filesystem::path path;
        Dir() {
            path = std::filesystem::temp_directory_path() /
                   ("kiosk_core_data_" + std::to_string(::getpid()));
            std::filesystem::create_directories(path);
        }
        ~Dir() {
            std::error_code ec;
            std::filesystem::remove_all(path, ec);
        }
    };
    static Dir dir;
    return dir.path;
}

inline std::string scratch_file(const std::string& name) {
    return (scratch_dir() / name).string();
}

inline void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

inline const std::string& sample_db() {
    static const std::string path = make_sample_content_db(scratch_file("sample.db"));
    return path;
}

// A copy of the sample pack changed by some SQL (to make broken or unusual packs).
inline std::string sample_copy(const std::string& name, const std::string& sql) {
    const std::string path = scratch_file(name);
    std::filesystem::copy_file(sample_db(), path,
                               std::filesystem::copy_options::overwrite_existing);
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec(sql);
    return path;
}

}  // namespace fixtures
