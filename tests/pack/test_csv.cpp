// CSV reading: encodings (BOM, GB18030, refused), quoting, line numbers.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "kiosk/pack/csv_table.h"
#include "mini_content.h"

using namespace kiosk::pack;

namespace {
bool any_contains(const std::vector<std::string>& lines, const std::string& needle) {
    for (const auto& l : lines)
        if (l.find(needle) != std::string::npos) return true;
    return false;
}
}  // namespace

TEST_CASE("a UTF-8 BOM is stripped and the header still matches") {
    Diagnostics diag;
    const auto text = decode_text("\xEF\xBB\xBFid,name_zh\nnju,南京大学\n", "m.csv", diag);
    REQUIRE(text);
    const auto table = parse_csv(*text, "m.csv", diag);
    REQUIRE(table);
    CHECK(table->column("id") == 0);
    REQUIRE(table->rows.size() == 1);
    CHECK(table->rows[0].cells[1] == "南京大学");
    CHECK(diag.notices().empty());
}

TEST_CASE("GB18030 text is converted with a notice naming the file") {
    // "id,name\nnju,南京大学\n" as GB18030 (what Chinese spreadsheet programs save).
    const std::string gb = "id,name\nnju,\xC4\xCF\xBE\xA9\xB4\xF3\xD1\xA7\n";
    Diagnostics diag;
    const auto text = decode_text(gb, "members.csv", diag);
    REQUIRE(text);
    CHECK(*text == "id,name\nnju,南京大学\n");
    CHECK(diag.ok());
    REQUIRE(diag.notices().size() == 1);
    CHECK(diag.notices()[0].starts_with("members.csv: "));
    CHECK(diag.notices()[0].find("GB18030") != std::string::npos);
}

TEST_CASE("bytes that are neither UTF-8 nor GB18030 are refused naming the file") {
    Diagnostics diag;
    CHECK_FALSE(decode_text("id,name\n\xFF\xFF\xFF\x80\n", "people.csv", diag));
    REQUIRE(diag.errors().size() == 1);
    CHECK(diag.errors()[0].starts_with("people.csv: "));
    CHECK(diag.errors()[0].find("UTF-8") != std::string::npos);

    Diagnostics utf16;
    CHECK_FALSE(decode_text(std::string("\xFF\xFEi\0d\0", 6), "bases.csv", utf16));
    REQUIRE(utf16.errors().size() == 1);
    CHECK(utf16.errors()[0].find("bases.csv") == 0);
    CHECK(utf16.errors()[0].find("UTF-16") != std::string::npos);
}

TEST_CASE("read_csv_file reports a missing file by name") {
    Diagnostics diag;
    CHECK_FALSE(read_csv_file("/nonexistent/x.csv", "x.csv", diag));
    REQUIRE(diag.errors().size() == 1);
    CHECK(diag.errors()[0].starts_with("x.csv: "));
}

TEST_CASE("quoted fields keep commas, quotes and newlines, and rows know their first line") {
    const std::string text =
        "id,text\r\n"
        "a,\"one, two\"\r\n"
        "b,\"line 1\nline 2\nline 3\"\r\n"
        "\r\n"
        "c,\"say \"\"hi\"\"\"\r\n"
        ",\r\n";  // an all-empty row, as spreadsheets leave at the end: dropped
    Diagnostics diag;
    const auto table = parse_csv(text, "t.csv", diag);
    REQUIRE(table);
    CHECK(diag.ok());
    REQUIRE(table->rows.size() == 3);
    CHECK(table->rows[0].cells[1] == "one, two");
    CHECK(table->rows[0].line == 2);
    CHECK(table->rows[1].cells[1] == "line 1\nline 2\nline 3");
    CHECK(table->rows[1].line == 3);
    CHECK(table->rows[2].cells[1] == "say \"hi\"");
    CHECK(table->rows[2].line == 7);
}

TEST_CASE("an unclosed quote and extra cells are reported with file:line") {
    Diagnostics diag;
    CHECK_FALSE(parse_csv("id,text\na,\"never closed\nb,x\n", "u.csv", diag));
    REQUIRE_FALSE(diag.ok());
    CHECK(any_contains(diag.errors(), "u.csv:"));
    CHECK(any_contains(diag.errors(), "quote"));

    Diagnostics extra;
    const auto table = parse_csv("id,text\na,b\nc,d,e\n", "e.csv", extra);
    REQUIRE(table);
    REQUIRE(extra.errors().size() == 1);
    CHECK(extra.errors()[0].starts_with("e.csv:3: "));
}

TEST_CASE("short rows are padded and header names are case-insensitive") {
    Diagnostics diag;
    const auto table = parse_csv("ID, Name_ZH \nx\n", "h.csv", diag);
    REQUIRE(table);
    CHECK(table->column("name_zh") == 1);
    REQUIRE(table->rows.size() == 1);
    CHECK(table->rows[0].cells.size() == 2);
    CHECK(table->rows[0].cells[1].empty());
}
