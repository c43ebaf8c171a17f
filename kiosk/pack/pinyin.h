// Pinyin of Chinese names for the search index, computed when a pack is built (never at run time)
// from Debian's rime-data-luna-pinyin dictionary (word<TAB>pinyin[<TAB>weight] per line).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace kiosk::pack {

inline constexpr const char* kDefaultPinyinDict = "/usr/share/rime-data/luna_pinyin.dict.yaml";

struct PinyinResult {
    std::string full;      // syllables joined, lower-case: "nanjingdaxue"
    std::string initials;  // first letter of each syllable: "njdx"
};

class PinyinDict {
  public:
    // Throws std::runtime_error naming the file and the Debian package when it cannot be read.
    static PinyinDict load(const std::string& path);

    // Longest multi-character word matches first; otherwise each character's most likely reading.
    // ASCII letters and digits pass through (lower-case, one initial per run); other characters
    // (punctuation, spaces) are skipped.
    PinyinResult convert(std::string_view utf8) const;

    size_t word_count() const { return words_.size(); }

  private:
    // Multi-character words: the UTF-8 text → syllables ("nan jing").
    std::unordered_map<std::string, std::string> words_;
    // Single character → its chosen reading.
    std::unordered_map<char32_t, std::string> chars_;
    size_t longest_word_ = 1;  // in characters
};

}  // namespace kiosk::pack
