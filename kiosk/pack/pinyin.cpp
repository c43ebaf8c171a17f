// Pinyin dictionary: reads luna_pinyin.dict.yaml once and picks one reading per character.
#include "kiosk/pack/pinyin.h"

#include <fstream>
#include <map>
#include <stdexcept>
#include <vector>

namespace kiosk::pack {

namespace {

// Decodes UTF-8 into code points with the byte offset of each (plus the end offset).
void decode(std::string_view s, std::vector<char32_t>& cps, std::vector<size_t>& offsets) {
    size_t i = 0;
    while (i < s.size()) {
        offsets.push_back(i);
        const auto c = static_cast<unsigned char>(s[i]);
        size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
        if (i + n > s.size()) n = s.size() - i;
        char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
        for (size_t k = 1; k < n; ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        cps.push_back(cp);
        i += n;
    }
    offsets.push_back(s.size());
}

bool is_han(char32_t c) {
    return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x3FFFF) || c == 0x3007;
}

double parse_weight(const std::string& w) {  // "99.85%" → 99.85; missing → -1 (unknown)
    if (w.empty()) return -1;
    try {
        return std::stod(w);
    } catch (...) {
        return -1;
    }
}

}  // namespace

PinyinDict PinyinDict::load(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error(
            "cannot read the pinyin dictionary " + path +
            "; install the Debian package rime-data-luna-pinyin (apt-get install "
            "rime-data-luna-pinyin) or pass --dict FILE");
    }
    struct Reading {
        double weight = -1;
    };
    std::unordered_map<char32_t, std::map<std::string, Reading>> single;
    std::map<std::pair<char32_t, std::string>, int> in_words;  // (char, reading) → words using it
    std::unordered_map<std::string, int> syllable_in_words;    // reading → words using it
    PinyinDict dict;
    std::string line;
    bool in_body = false;
    while (std::getline(in, line)) {
        if (!in_body) {  // YAML header ends with "..."
            in_body = line == "...";
            continue;
        }
        if (line.empty() || line[0] == '#') continue;
        const size_t t1 = line.find('\t');
        if (t1 == std::string::npos) continue;
        const size_t t2 = line.find('\t', t1 + 1);
        const std::string word = line.substr(0, t1);
        const std::string reading =
            line.substr(t1 + 1, t2 == std::string::npos ? std::string::npos : t2 - t1 - 1);
        const std::string weight = t2 == std::string::npos ? "" : line.substr(t2 + 1);
        std::vector<char32_t> cps;
        std::vector<size_t> offs;
        decode(word, cps, offs);
        if (cps.size() == 1) {
            auto& r = single[cps[0]][reading];
            r.weight = std::max(r.weight, parse_weight(weight));
            continue;
        }
        std::vector<std::string> syllables;
        for (size_t p = 0; p <= reading.size();) {
            const size_t sp = std::min(reading.find(' ', p), reading.size());
            syllables.push_back(reading.substr(p, sp - p));
            p = sp + 1;
        }
        if (syllables.size() != cps.size()) continue;
        for (size_t k = 0; k < cps.size(); ++k) {
            ++in_words[{cps[k], syllables[k]}];
            ++syllable_in_words[syllables[k]];
        }
        // Keep the first (highest-weight) reading of a word listed twice.
        dict.words_.emplace(word, reading);
        dict.longest_word_ = std::max(dict.longest_word_, cps.size());
    }
    if (single.empty()) {
        throw std::runtime_error("the pinyin dictionary " + path +
                                 " holds no entries; reinstall rime-data-luna-pinyin");
    }
    // Highest weight wins; ties (often: simplified characters listed without weights) go to the
    // reading this character has in more words, then to the reading more common in all words.
    for (auto& [cp, readings] : single) {
        const std::string* best = nullptr;
        std::tuple<double, int, int> best_key{};
        for (auto& [reading, r] : readings) {
            const auto it = in_words.find({cp, reading});
            const auto sit = syllable_in_words.find(reading);
            const std::tuple<double, int, int> key{
                r.weight, it == in_words.end() ? 0 : it->second,
                sit == syllable_in_words.end() ? 0 : sit->second};
            if (!best || key > best_key) best = &reading, best_key = key;
        }
        dict.chars_.emplace(cp, *best);
    }
    return dict;
}

PinyinResult PinyinDict::convert(std::string_view utf8) const {
    std::vector<char32_t> cps;
    std::vector<size_t> offs;
    decode(utf8, cps, offs);
    PinyinResult out;
    const auto add_syllables = [&out](std::string_view reading) {
        bool start = true;
        for (char c : reading) {
            if (c == ' ') {
                start = true;
                continue;
            }
            out.full += c;
            if (start) out.initials += c;
            start = false;
        }
    };
    size_t i = 0;
    bool in_ascii_run = false;
    while (i < cps.size()) {
        const char32_t c = cps[i];
        if (c < 0x80) {
            const bool alnum =
                (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (alnum) {
                const char lower = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
                out.full += lower;
                if (!in_ascii_run) out.initials += lower;
            }
            in_ascii_run = alnum;
            ++i;
            continue;
        }
        in_ascii_run = false;
        if (!is_han(c)) {
            ++i;
            continue;
        }
        size_t matched = 0;
        const size_t max_len = std::min(longest_word_, cps.size() - i);
        for (size_t len = max_len; len >= 2 && !matched; --len) {
            const auto it = words_.find(std::string(utf8.substr(offs[i], offs[i + len] - offs[i])));
            if (it != words_.end()) {
                add_syllables(it->second);
                matched = len;
            }
        }
        if (!matched) {
            const auto it = chars_.find(c);
            if (it != chars_.end()) add_syllables(it->second);
            matched = 1;
        }
        i += matched;
    }
    return out;
}

}  // namespace kiosk::pack
