// A small valid content folder written into a fresh temporary directory, for tests that break
// one thing at a time.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/core/content_tables.h"
#include "kiosk/pack/pack_content.h"
#include "kiosk/pack/pinyin.h"

namespace kiosk::pack::test {

class MiniContent {
  public:
    MiniContent();  // writes every CSV and one image
    ~MiniContent();
    MiniContent(const MiniContent&) = delete;
    MiniContent& operator=(const MiniContent&) = delete;

    const std::filesystem::path& dir() const { return dir_; }
    std::string path(const std::string& name) const { return (dir_ / name).string(); }
    void write(const std::string& name, const std::string& bytes) const;
    void append(const std::string& name, const std::string& text) const;

  private:
    std::filesystem::path dir_;
};

// The repository's built-in content folder, and the pinyin dictionary packs are built with.
inline const std::string kContent = std::string(KIOSK_SOURCE_DIR) + "/content";
const PinyinDict& dict();

std::filesystem::path temp_dir(const std::string& tag);
std::string read_file(const std::string& path);

// A table's rows as the kiosk tells them apart, each cell as text ('text, #number, NULL): in
// order where the order is shown (a Sort column: overall, or per owner for galleries), as a set
// otherwise (link tables).
std::vector<std::vector<std::string>> comparable(const content::Table& t,
                                                 const std::vector<Row>& rows);

}  // namespace kiosk::pack::test
