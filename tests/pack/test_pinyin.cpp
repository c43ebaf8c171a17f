// Pinyin from Debian's luna_pinyin dictionary, as the search index stores it.
#include <catch2/catch.hpp>

#include "kiosk/pack/pinyin.h"
#include "mini_content.h"

using namespace kiosk::pack;

TEST_CASE("university names get full pinyin and initials") {
    CHECK(test::dict().convert("南京大学").full == "nanjingdaxue");
    CHECK(test::dict().convert("南京大学").initials == "njdx");
    CHECK(test::dict().convert("清华大学").full == "qinghuadaxue");
    CHECK(test::dict().convert("清华大学").initials == "qhdx");
    CHECK(test::dict().convert("东南大学").full == "dongnandaxue");
    CHECK(test::dict().convert("东南大学").initials == "dndx");
    CHECK(test::dict().convert("南京工业大学").initials == "njgydx");
}

TEST_CASE("personal names") {
    CHECK(test::dict().convert("马大为").full == "madawei");
    CHECK(test::dict().convert("马大为").initials == "mdw");
    CHECK(test::dict().convert("蒋军成").full == "jiangjuncheng");
}

TEST_CASE("the most likely reading wins for polyphonic characters") {
    CHECK(test::dict().convert("长").full == "chang");  // chang 60% over zhang 40%
    CHECK(test::dict().convert("学").full == "xue");    // no weights: the more common reading
}

TEST_CASE("ASCII letters and digits pass through, punctuation is skipped") {
    const auto r = test::dict().convert("示例ABC-2号");
    CHECK(r.full == "shiliabc2hao");
    CHECK(r.initials == "sla2h");
    CHECK(test::dict().convert("").full.empty());
}

TEST_CASE("a missing dictionary is a clear error naming the Debian package") {
    try {
        PinyinDict::load("/nonexistent/luna_pinyin.dict.yaml");
        FAIL("no exception");
    } catch (const std::runtime_error& e) {
        CHECK(std::string(e.what()).find("rime-data-luna-pinyin") != std::string::npos);
        CHECK(std::string(e.what()).find("/nonexistent/luna_pinyin.dict.yaml") !=
              std::string::npos);
    }
}
