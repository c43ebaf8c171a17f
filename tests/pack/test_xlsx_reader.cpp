// The xlsx reader: workbooks written by libxlsxwriter (at run time), by openpyxl (committed
// fixtures from tests/fixtures/xlsx/make_openpyxl_fixtures.py) and by hand, and hostile files,
// each refused quickly, in bounded memory, with a message saying what to do.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <minizip/zip.h>
#include <sys/resource.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <ctime>
#include <filesystem>
#include <fstream>

#include "kiosk/pack/xlsx_reader.h"

namespace fs = std::filesystem;
using namespace kiosk::pack;
using namespace kiosk::pack::xlsx;

namespace {

const fs::path kFixtures = fs::path(KIOSK_SOURCE_DIR) / "tests/fixtures/xlsx";

struct TempDir {
    fs::path path;
    TempDir() {
        static int counter = 0;
        path = fs::temp_directory_path() /
               ("xlsx-reader-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    std::string operator/(const std::string& name) const { return (path / name).string(); }
};

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

using Entries = std::vector<std::pair<std::string, std::string>>;

// A zip written with minizip; `stream` may add one more entry written in pieces.
void write_zip(const std::string& path, const Entries& entries,
               const std::function<void(zipFile)>& stream = {}) {
    zipFile zip = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
    REQUIRE(zip);
    for (const auto& [name, content] : entries) {
        REQUIRE(zipOpenNewFileInZip64(zip, name.c_str(), nullptr, nullptr, 0, nullptr, 0, nullptr,
                                      Z_DEFLATED, Z_DEFAULT_COMPRESSION, 0) == ZIP_OK);
        REQUIRE(zipWriteInFileInZip(zip, content.data(), static_cast<unsigned>(content.size())) ==
                ZIP_OK);
        REQUIRE(zipCloseFileInZip(zip) == ZIP_OK);
    }
    if (stream) stream(zip);
    REQUIRE(zipClose(zip, nullptr) == ZIP_OK);
}

const char* const kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const char* const kRel =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";

std::string worksheet(const std::string& sheet_data) {
    return std::string("<worksheet xmlns=\"") + kMain + "\"><sheetData>" + sheet_data +
           "</sheetData></worksheet>";
}

// The parts of a one-sheet workbook named "S" around the given sheet XML.
Entries one_sheet(const std::string& sheet_xml, bool with_sheet = true) {
    Entries e = {
        {"xl/workbook.xml", std::string("<workbook xmlns=\"") + kMain +
                                "\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/"
                                "2006/relationships\"><sheets><sheet name=\"S\" sheetId=\"1\" "
                                "r:id=\"rId1\"/></sheets></workbook>"},
        {"xl/_rels/workbook.xml.rels",
         std::string("<Relationships "
                     "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                     "<Relationship Id=\"rId1\" Type=\"") +
             kRel + "\" Target=\"worksheets/sheet1.xml\"/></Relationships>"},
    };
    if (with_sheet) e.push_back({"xl/worksheets/sheet1.xml", sheet_xml});
    return e;
}

struct Result {
    std::optional<Workbook> book;
    Diagnostics diag;
    // CPU seconds the read took on this thread: "it stopped early instead of inflating the bomb",
    // which wall time would also say of a busy machine (a clean-clone run measured 27 s).
    double seconds = 0;
};

double thread_cpu_s() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

Result read(const std::string& path, const XlsxLimits& limits = {}) {
    Result r;
    const double start = thread_cpu_s();
    r.book = read_xlsx(path, r.diag, limits);
    r.seconds = thread_cpu_s() - start;
    return r;
}

bool has_error(const Diagnostics& diag, const std::string& needle) {
    for (const auto& e : diag.errors())
        if (e.find(needle) != std::string::npos) return true;
    return false;
}

std::string all_errors(const Diagnostics& diag) {
    std::string all;
    for (const auto& e : diag.errors()) all += e + "\n";
    return all;
}

const Sheet& sheet_named(const Workbook& book, const std::string& name) {
    for (const auto& s : book.sheets)
        if (s.name == name) return s;
    FAIL("no sheet " << name);
    throw std::logic_error("unreachable");
}

const Cell* cell_at(const Sheet& sheet, int row, int col) {
    for (const auto& r : sheet.rows)
        if (r.row == row)
            for (const auto& c : r.cells)
                if (c.col == col) return &c;
    return nullptr;
}

std::string text_at(const Sheet& sheet, int row, int col) {
    const Cell* c = cell_at(sheet, row, col);
    return c ? c->text : "<none>";
}

std::vector<int> row_numbers(const Sheet& sheet) {
    std::vector<int> rows;
    for (const auto& r : sheet.rows) rows.push_back(r.row);
    return rows;
}

long max_rss_kb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

}  // namespace

TEST_CASE("cell addresses are spelled as Excel shows them") {
    CHECK(cell_address(14, 3) == "C14");
    CHECK(cell_address(1, 26) == "Z1");
    CHECK(cell_address(1, 27) == "AA1");
    CHECK(cell_address(2, 16384) == "XFD2");
}

TEST_CASE("a workbook written by libxlsxwriter reads as a person sees it") {
    TempDir dir;
    const std::string path = dir / "content.xlsx";
    lxw_workbook* wb = workbook_new(path.c_str());
    lxw_worksheet* help = workbook_add_worksheet(wb, "说明 help");
    worksheet_write_string(help, 0, 0, "请先读我 / read me first", nullptr);
    lxw_worksheet* ws = workbook_add_worksheet(wb, "成员 members");
    lxw_worksheet* lists = workbook_add_worksheet(wb, "lists");
    worksheet_hide(lists);
    worksheet_write_string(lists, 0, 0, "高校", nullptr);
    lxw_format* zeros = workbook_add_format(wb);
    format_set_num_format(zeros, "000");
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);

    worksheet_write_string(ws, 0, 0, "名称\nname_zh", nullptr);
    worksheet_write_string(ws, 0, 1, "编号\nid", nullptr);
    worksheet_write_string(ws, 1, 0, "南京大学", nullptr);  // a shared string
    worksheet_write_number(ws, 1, 1, 7, zeros);             // 007 typed as a number, format "000"
    worksheet_write_number(ws, 2, 1, 7, nullptr);           // 007 typed as a number, zero lost
    worksheet_write_number(ws, 1, 2, 3.25, nullptr);
    lxw_rich_string_tuple part1 = {bold, const_cast<char*>("南京")};
    lxw_rich_string_tuple part2 = {nullptr, const_cast<char*>("工业大学")};
    lxw_rich_string_tuple* rich[] = {&part1, &part2, nullptr};
    worksheet_write_rich_string(ws, 2, 0, rich, nullptr);
    worksheet_write_formula_num(ws, 1, 3, "=1+2", nullptr, 3);
    worksheet_write_formula_str(ws, 2, 3, "=\"a\"&\"b\"", nullptr, "ab");
    lxw_datetime may_day = {2024, 5, 1, 0, 0, 0};
    worksheet_write_datetime(ws, 1, 4, &may_day, date);
    worksheet_write_string(ws, 2, 4, "2024-05-01", nullptr);  // a date typed as text
    worksheet_write_number(ws, 3, 4, 59, date);               // Excel's fake 1900-02-29 ...
    worksheet_write_number(ws, 4, 4, 60, date);
    worksheet_write_number(ws, 5, 4, 61, date);  // ... and the days around it
    worksheet_write_boolean(ws, 1, 5, 1, nullptr);
    worksheet_write_boolean(ws, 2, 5, 0, nullptr);
    worksheet_write_string(ws, 8, 0, "sparse", nullptr);  // rows 7-8 empty, B9 empty
    worksheet_write_number(ws, 8, 2, 12, nullptr);
    worksheet_write_blank(ws, 30, 0, bold);  // a formatted, empty trailing row
    worksheet_write_string(ws, 31, 1, "", nullptr);
    REQUIRE(workbook_close(wb) == LXW_NO_ERROR);

    const Result r = read(path);
    INFO(all_errors(r.diag));
    REQUIRE(r.book);
    CHECK(r.diag.ok());
    REQUIRE(r.book->sheets.size() == 3);
    CHECK(r.book->sheets[0].name == "说明 help");
    CHECK(r.book->sheets[1].name == "成员 members");
    CHECK(r.book->sheets[2].name == "lists");
    CHECK(r.book->sheets[1].state == Sheet::State::Visible);
    CHECK(r.book->sheets[2].state == Sheet::State::Hidden);
    const Sheet& s = r.book->sheets[1];
    CHECK(row_numbers(s) == std::vector<int>{1, 2, 3, 4, 5, 6, 9});
    CHECK(text_at(s, 1, 1) == "名称\nname_zh");
    CHECK(text_at(s, 2, 1) == "南京大学");
    CHECK(text_at(s, 3, 1) == "南京工业大学");

    const Cell* padded = cell_at(s, 2, 2);
    REQUIRE(padded);
    CHECK(padded->kind == Cell::Kind::Number);
    CHECK(padded->text == "007");
    CHECK(padded->zero_padded);
    CHECK(padded->number == 7);
    const Cell* plain = cell_at(s, 3, 2);
    REQUIRE(plain);
    CHECK(plain->kind == Cell::Kind::Number);
    CHECK(plain->text == "7");
    CHECK_FALSE(plain->zero_padded);
    CHECK(text_at(s, 2, 3) == "3.25");

    CHECK(text_at(s, 2, 4) == "3");  // the formula's cached value
    CHECK(text_at(s, 3, 4) == "ab");
    const Cell* day = cell_at(s, 2, 5);
    REQUIRE(day);
    CHECK(day->kind == Cell::Kind::Date);
    CHECK(day->text == "2024-05-01");
    CHECK(day->number == 45413);
    CHECK(cell_at(s, 3, 5)->kind == Cell::Kind::Text);
    CHECK(text_at(s, 3, 5) == "2024-05-01");
    CHECK(text_at(s, 4, 5) == "1900-02-28");
    CHECK(text_at(s, 5, 5) == "1900-02-29");
    CHECK(text_at(s, 6, 5) == "1900-03-01");
    CHECK(cell_at(s, 2, 6)->kind == Cell::Kind::Bool);
    CHECK(text_at(s, 2, 6) == "TRUE");
    CHECK(text_at(s, 3, 6) == "FALSE");
    CHECK(text_at(s, 9, 1) == "sparse");
    CHECK(cell_at(s, 9, 2) == nullptr);
    CHECK(text_at(s, 9, 3) == "12");
}

TEST_CASE("libxlsxwriter's constant-memory mode writes inline strings, which read the same") {
    TempDir dir;
    const std::string path = dir / "inline.xlsx";
    lxw_workbook_options options = {};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = const_cast<char*>(dir.path.c_str());
    lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
    lxw_worksheet* ws = workbook_add_worksheet(wb, "成员 members");
    worksheet_write_string(ws, 0, 0, "id", nullptr);
    worksheet_write_string(ws, 1, 0, "东南大学", nullptr);
    worksheet_write_number(ws, 3, 1, 42, nullptr);
    REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
    REQUIRE(read_file(path).find("inlineStr") == std::string::npos);  // deflated: check parts

    const Result r = read(path);
    INFO(all_errors(r.diag));
    REQUIRE(r.book);
    const Sheet& s = r.book->sheets.at(0);
    CHECK(row_numbers(s) == std::vector<int>{1, 2, 4});
    CHECK(text_at(s, 2, 1) == "东南大学");
    CHECK(text_at(s, 4, 2) == "42");
}

TEST_CASE("merged cells written by libxlsxwriter are refused, naming the ranges") {
    TempDir dir;
    const std::string path = dir / "merged.xlsx";
    lxw_workbook* wb = workbook_new(path.c_str());
    lxw_worksheet* ws = workbook_add_worksheet(wb, "成员 members");
    worksheet_write_string(ws, 0, 0, "id", nullptr);
    worksheet_merge_range(ws, 1, 1, 1, 3, "南京大学", nullptr);
    REQUIRE(workbook_close(wb) == LXW_NO_ERROR);

    const Result r = read(path);
    CHECK_FALSE(r.diag.ok());
    CHECK(has_error(r.diag, "成员 members: "));
    CHECK(has_error(r.diag, "B2:D2"));
    CHECK(has_error(r.diag, "unmerge"));
    REQUIRE(r.book);
    CHECK(r.book->sheets.at(0).merged == std::vector<std::string>{"B2:D2"});
}

TEST_CASE("a workbook written by openpyxl reads as a person sees it") {
    const Result r = read((kFixtures / "openpyxl_content.xlsx").string());
    INFO(all_errors(r.diag));
    REQUIRE(r.book);
    CHECK(r.diag.ok());
    REQUIRE(r.book->sheets.size() == 3);
    CHECK(r.book->sheets[2].name == "lists");
    CHECK(r.book->sheets[2].state == Sheet::State::Hidden);
    const Sheet& s = sheet_named(*r.book, "成员 members");
    // Rows 4-5 missing, A7 only spaces, rows 40-41 styled but empty.
    CHECK(row_numbers(s) == std::vector<int>{1, 2, 3, 6});
    CHECK(text_at(s, 1, 2) == "编号\nid");
    CHECK(text_at(s, 2, 1) == "南京大学");
    CHECK(text_at(s, 2, 2) == "007");
    CHECK(cell_at(s, 2, 2)->zero_padded);
    CHECK(text_at(s, 3, 2) == "7");
    CHECK(cell_at(s, 3, 2)->kind == Cell::Kind::Number);
    CHECK(text_at(s, 2, 3) == "3.25");
    CHECK(cell_at(s, 2, 4)->kind == Cell::Kind::Date);
    CHECK(text_at(s, 2, 4) == "2024-05-01");
    CHECK(cell_at(s, 3, 4)->kind == Cell::Kind::Text);
    CHECK(text_at(s, 3, 4) == "2024-05-01");
    CHECK(text_at(s, 6, 4) == "2024-05-01 08:30");  // custom Chinese date-time format
    CHECK(text_at(s, 2, 5) == "TRUE");
    CHECK(text_at(s, 3, 5) == "FALSE");
    CHECK(text_at(s, 6, 1) == "sparse");
    CHECK(cell_at(s, 6, 2) == nullptr);
    CHECK(text_at(s, 6, 3) == "12");
}

TEST_CASE("openpyxl: merged cells refused, a formula without a saved result, 1904 dates") {
    const Result merged = read((kFixtures / "openpyxl_merged.xlsx").string());
    CHECK(has_error(merged.diag, "A2:B3"));
    CHECK(has_error(merged.diag, "D5:D9"));

    const Result formula = read((kFixtures / "openpyxl_formula_no_result.xlsx").string());
    REQUIRE(formula.diag.errors().size() == 1);
    CHECK(formula.diag.errors()[0].starts_with("成员 members!A3: 公式"));
    CHECK(has_error(formula.diag, "open and save the file in Excel/WPS"));

    const Result mac = read((kFixtures / "openpyxl_1904.xlsx").string());
    REQUIRE(mac.book);
    CHECK(mac.book->date1904);
    CHECK(text_at(mac.book->sheets.at(0), 1, 1) == "2024-05-01");
}

TEST_CASE("a hand-made workbook: parts found through the relationships, positions counted") {
    TempDir dir;
    const std::string path = dir / "hand.xlsx";
    // Sheet parts not named sheetN.xml, listed in another order than the tabs, one absolute;
    // elements with a namespace prefix; rows and cells without r=; shared strings with
    // phonetic guides and rich runs; inline rich text; an ISO date cell; an error cell.
    const std::string x = "xmlns:x=\"http://purl.oclc.org/ooxml/spreadsheetml/main\"";
    write_zip(path,
              {{"xl/workbook.xml",
                "<x:workbook " + x +
                    " xmlns:r=\"http://purl.oclc.org/ooxml/officeDocument/relationships\">"
                    "<x:sheets><x:sheet name=\"乙 second\" sheetId=\"1\" r:id=\"rId7\"/>"
                    "<x:sheet name=\"甲 first\" sheetId=\"2\" r:id=\"rId3\"/></x:sheets>"
                    "</x:workbook>"},
               {"xl/_rels/workbook.xml.rels",
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                "relationships\"><Relationship Id=\"rId3\" Type=\"w\" Target=\"/xl/data/a.xml\"/>"
                "<Relationship Id=\"rId7\" Type=\"w\" Target=\"data/../data/b.xml\"/>"
                "<Relationship Id=\"rId9\" Type=\"x/sharedStrings\" Target=\"words.xml\"/>"
                "</Relationships>"},
               {"xl/words.xml", "<x:sst " + x +
                                    "><x:si><x:t>漢字</x:t><x:rPh sb=\"0\" eb=\"2\"><x:t>かんじ"
                                    "</x:t></x:rPh></x:si><x:si><x:r><x:t>x</x:t></x:r><x:r>"
                                    "<x:rPr><x:b/></x:rPr><x:t xml:space=\"preserve\"> y</x:t>"
                                    "</x:r></x:si></x:sst>"},
               {"xl/data/a.xml",
                "<x:worksheet " + x +
                    "><x:sheetData><x:row><x:c t=\"inlineStr\"><x:is><x:t>a</x:t></x:is></x:c>"
                    "<x:c/><x:c t=\"inlineStr\"><x:is><x:r><x:t>富</x:t></x:r><x:r><x:t>文本"
                    "</x:t></x:r><x:rPh><x:t>ふ</x:t></x:rPh></x:is></x:c></x:row>"
                    "<x:row r=\"5\"><x:c r=\"B5\"><x:v>1.5</x:v></x:c></x:row>"
                    "<x:row><x:c t=\"s\"><x:v>0</x:v></x:c><x:c t=\"s\"><x:v>1</x:v></x:c>"
                    "<x:c t=\"d\"><x:v>2024-05-01T00:00:00</x:v></x:c>"
                    "<x:c t=\"e\"><x:v>#N/A</x:v></x:c></x:row></x:sheetData></x:worksheet>"},
               {"xl/data/b.xml", "<x:worksheet " + x +
                                     "><x:sheetData><x:row r=\"2\"><x:c r=\"C2\"><x:v>-4</x:v>"
                                     "</x:c></x:row></x:sheetData></x:worksheet>"}});

    const Result r = read(path);
    INFO(all_errors(r.diag));
    REQUIRE(r.book);
    CHECK(r.diag.ok());
    REQUIRE(r.book->sheets.size() == 2);
    const Sheet& second = r.book->sheets[0];
    CHECK(second.name == "乙 second");
    CHECK(row_numbers(second) == std::vector<int>{2});
    CHECK(text_at(second, 2, 3) == "-4");
    const Sheet& first = r.book->sheets[1];
    CHECK(row_numbers(first) == std::vector<int>{1, 5, 6});
    CHECK(text_at(first, 1, 1) == "a");
    CHECK(cell_at(first, 1, 2) == nullptr);
    CHECK(text_at(first, 1, 3) == "富文本");
    CHECK(text_at(first, 5, 2) == "1.5");
    CHECK(text_at(first, 6, 1) == "漢字");
    CHECK(text_at(first, 6, 2) == "x y");
    CHECK(text_at(first, 6, 3) == "2024-05-01");
    CHECK(cell_at(first, 6, 3)->kind == Cell::Kind::Date);
    CHECK(cell_at(first, 6, 4)->kind == Cell::Kind::Error);
    CHECK(text_at(first, 6, 4) == "#N/A");
}

// --- hostile files ---

// 1 GiB of spaces inside <sheetData>: valid XML, so only the size limits can stop it. Written
// once, in 1 MiB pieces; it deflates to about 1 MB.
const std::string& zip_bomb() {
    static TempDir dir;
    static const std::string path = [] {
        const std::string bomb = dir / "bomb.xlsx";
        const std::string spaces(1u << 20, ' ');
        write_zip(bomb, one_sheet("", false), [&](zipFile zip) {
            REQUIRE(zipOpenNewFileInZip64(zip, "xl/worksheets/sheet1.xml", nullptr, nullptr, 0,
                                          nullptr, 0, nullptr, Z_DEFLATED, Z_BEST_SPEED,
                                          1) == ZIP_OK);
            const std::string head = std::string("<worksheet xmlns=\"") + kMain + "\"><sheetData>";
            zipWriteInFileInZip(zip, head.data(), static_cast<unsigned>(head.size()));
            for (int i = 0; i < 1024; ++i)
                zipWriteInFileInZip(zip, spaces.data(), static_cast<unsigned>(spaces.size()));
            const std::string tail = "</sheetData></worksheet>";
            zipWriteInFileInZip(zip, tail.data(), static_cast<unsigned>(tail.size()));
            REQUIRE(zipCloseFileInZip(zip) == ZIP_OK);
        });
        return bomb;
    }();
    return path;
}

TEST_CASE("a zip bomb is refused while inflating, quickly and in bounded memory") {
    const std::string& path = zip_bomb();
    REQUIRE(fs::file_size(path) < (8u << 20));

    const long rss_before = max_rss_kb();
    const Result by_default = read(path);
    INFO(all_errors(by_default.diag));
    CHECK_FALSE(by_default.book);
    CHECK(has_error(by_default.diag, "bomb.xlsx: xl/worksheets/sheet1.xml 解压后过大"));
    CHECK(has_error(by_default.diag, "zip bomb"));
    CHECK(by_default.seconds < 5);

    // Each limit alone, the others lifted, stops it.
    XlsxLimits limits;
    limits.max_entry_bytes = limits.max_total_bytes = 4ull << 30;
    limits.max_ratio = 1u << 30;
    SECTION("by the inflate ratio") {
        limits.max_ratio = 200;
    }
    SECTION("by the size of one entry") {
        limits.max_entry_bytes = 256u << 20;  // streamed, so memory stays flat meanwhile
    }
    SECTION("by the total of all entries") {
        limits.max_total_bytes = 32u << 20;
    }
    const Result r = read(path, limits);
    CHECK_FALSE(r.book);
    CHECK(has_error(r.diag, "zip bomb"));
    CHECK(r.seconds < 5);
    CHECK(max_rss_kb() - rss_before < 64 * 1024);  // never held the entry in memory
}

TEST_CASE("a DTD is refused: no entity expansion, no external entities") {
    TempDir dir;
    const std::string laughs =
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
        "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">"
        "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
        "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
        "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
        "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
        "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
        "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
        "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>";
    const std::string cell =
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lol9;</t></is></c></row>";
    const std::string external =
        "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>";
    const std::string cell_e =
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&e;</t></is></c></row>";
    for (const auto& xml : {laughs + worksheet(cell), external + worksheet(cell_e)}) {
        const std::string path = dir / "dtd.xlsx";
        fs::remove(path);
        write_zip(path, one_sheet(xml));
        const Result r = read(path);
        CHECK_FALSE(r.book);
        CHECK(has_error(r.diag, "dtd.xlsx: xl/worksheets/sheet1.xml 含有 DTD"));
        CHECK(has_error(r.diag, "save the workbook again as .xlsx"));
        CHECK(r.seconds < 2);
    }
}

TEST_CASE("a sheet of 100,001 rows is refused at the row limit") {
    TempDir dir;
    const std::string path = dir / "rows.xlsx";
    std::string rows;
    for (int i = 1; i <= 100'001; ++i)
        rows += "<row r=\"" + std::to_string(i) + "\"><c r=\"A" + std::to_string(i) + "\"><v>" +
                std::to_string(i) + "</v></c></row>";
    write_zip(path, one_sheet(worksheet(rows)));
    const Result r = read(path);
    CHECK(has_error(r.diag, "S: 工作表超过 20000 行（第 20001 行仍有内容）"));
    CHECK(has_error(r.diag, "delete the extra rows"));
    REQUIRE(r.book);
    CHECK(r.book->sheets.at(0).rows.size() == 20'000);
    CHECK(r.seconds < 5);

    XlsxLimits more;
    more.max_rows = 200'000;
    const Result allowed = read(path, more);
    CHECK(allowed.diag.ok());
}

TEST_CASE("a cell over 32,767 characters is refused, naming the cell") {
    TempDir dir;
    const std::string path = dir / "long.xlsx";
    std::string long_text;
    for (int i = 0; i < 40'000; ++i) long_text += "字";
    write_zip(path, [&] {
        Entries e = one_sheet(worksheet(
            "<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>" + long_text +
            "</t></is></c><c r=\"C2\" t=\"s\"><v>0</v></c><c r=\"D2\" t=\"inlineStr\"><is><t>" +
            long_text.substr(0, 32'767 * 3) + "</t></is></c></row>"));
        e.push_back({"xl/sharedStrings.xml", "<sst><si><t>" + long_text + "</t></si></sst>"});
        return e;
    }());
    const Result r = read(path);
    INFO(all_errors(r.diag));
    REQUIRE(r.diag.errors().size() == 2);
    CHECK(r.diag.errors()[0].starts_with("S!B2: 单元格文字超过 32767 个字"));
    CHECK(r.diag.errors()[1].starts_with("S!C2: "));
    CHECK(has_error(r.diag, "shorten it"));
    REQUIRE(r.book);
    CHECK(text_at(r.book->sheets.at(0), 2, 4).size() == 32'767u * 3);  // exactly at the cap: kept
}

TEST_CASE("too many sheets, cells or shared strings are refused") {
    TempDir dir;
    const std::string path = dir / "many.xlsx";
    Entries e = one_sheet(worksheet(
        "<row><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c><c><v>1</v></c><c><v>2</v></c></row>"));
    e.push_back({"xl/sharedStrings.xml", "<sst><si><t>a</t></si><si><t>b</t></si></sst>"});
    write_zip(path, e);
    REQUIRE(read(path).diag.ok());

    XlsxLimits few_cells;
    few_cells.max_cells = 3;
    const Result cells = read(path, few_cells);
    CHECK_FALSE(cells.book);
    CHECK(has_error(cells.diag, "more than 3 cells"));

    XlsxLimits few_strings;
    few_strings.max_shared_strings = 1;
    const Result strings = read(path, few_strings);
    CHECK_FALSE(strings.book);
    CHECK(has_error(strings.diag, "more than 1 shared strings"));

    XlsxLimits no_sheets;
    no_sheets.max_sheets = 0;
    const Result sheets = read(path, no_sheets);
    CHECK_FALSE(sheets.book);
    CHECK(has_error(sheets.diag, "the workbook has 1 sheets (1 to 0 expected)"));
}

TEST_CASE("many cells of one long shared string are refused by the total text, in bounded memory") {
    // 100 rows of 50 cells, each a copy of one 32,000-character string: 160 MB of cell texts
    // from a zip of a few kB.
    TempDir dir;
    const std::string path = dir / "text.xlsx";
    std::string rows;
    for (int r = 1; r <= 100; ++r) {
        rows += "<row r=\"" + std::to_string(r) + "\">";
        for (int c = 1; c <= 50; ++c)
            rows += "<c r=\"" + cell_address(r, c) + "\" t=\"s\"><v>0</v></c>";
        rows += "</row>";
    }
    Entries e = one_sheet(worksheet(rows));
    e.push_back(
        {"xl/sharedStrings.xml", "<sst><si><t>" + std::string(32'000, 'x') + "</t></si></sst>"});
    write_zip(path, e);
    REQUIRE(fs::file_size(path) < (1u << 20));

    XlsxLimits limits;
    limits.max_text_bytes = 1u << 20;
    const long rss_before = max_rss_kb();
    const Result r = read(path, limits);
    INFO(all_errors(r.diag));
    CHECK_FALSE(r.book);
    CHECK(has_error(r.diag, "S: 工作簿中的文字太多（超过 1 MB）；请把工作簿拆成几个，或缩短文字"));
    CHECK(has_error(r.diag, "the workbook holds too much text (more than 1 MB); split it"));
    CHECK(r.diag.errors().size() == 1);
    CHECK(r.seconds < 2);
    CHECK(max_rss_kb() - rss_before < 32 * 1024);
}

TEST_CASE("a number format code is read up to Excel's 255 characters") {
    TempDir dir;
    const std::string path = dir / "format.xlsx";
    Entries e = one_sheet(worksheet("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>7</v></c></row>"));
    e.push_back({"xl/styles.xml", "<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"" +
                                      std::string(300, '0') +
                                      "\"/></numFmts><cellXfs><xf numFmtId=\"0\"/>"
                                      "<xf numFmtId=\"164\"/></cellXfs></styleSheet>"});
    write_zip(path, e);
    const Result r = read(path);
    INFO(all_errors(r.diag));
    REQUIRE(r.book);
    const Cell* padded = cell_at(r.book->sheets.at(0), 1, 1);
    REQUIRE(padded);
    CHECK(padded->zero_padded);
    CHECK(padded->text == std::string(254, '0') + "7");
}

TEST_CASE("files that are not xlsx workbooks are refused, saying what to do") {
    TempDir dir;
    struct Case {
        std::string name, bytes, expected;
    };
    std::string ole2 = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + std::string(504, '\0');
    std::string encrypted = ole2;
    for (char c : std::string("EncryptedPackage")) encrypted += {c, '\0'};
    std::string good = read_file((kFixtures / "openpyxl_content.xlsx").string());
    REQUIRE(good.size() > 1000);
    const std::vector<Case> cases = {
        {"empty.xlsx", "", "the file is empty"},
        {"old.xlsx", ole2, "请在 Excel/WPS 中“另存为” .xlsx"},
        {"wps.et", ole2 + std::string(1024, '\x01'), "\"Save as\" .xlsx"},
        {"locked.xlsx", encrypted, "password-protected; remove the password"},
        {"page.xlsx", "<html><body><table><tr><td>1</td></tr></table></body></html>",
         "web page (HTML/XML) renamed to .xlsx"},
        {"table.xlsx", "id,name_zh\nnju,南京大学\n", "text file (such as CSV) renamed"},
        {"random.xlsx", std::string("\x01\x02\x00\x03", 4), "not an Excel workbook (.xlsx)"},
        {"truncated.xlsx", good.substr(0, good.size() / 2), "incomplete or damaged"},
        {"cut-header.xlsx", good.substr(0, 30), "incomplete or damaged"},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        write_file(dir / c.name, c.bytes);
        const Result r = read(dir / c.name);
        INFO(all_errors(r.diag));
        CHECK_FALSE(r.book);
        REQUIRE(r.diag.errors().size() == 1);
        CHECK(r.diag.errors()[0].starts_with(c.name + ": "));
        CHECK(r.diag.errors()[0].find(c.expected) != std::string::npos);
    }
    const Result missing = read(dir / "nowhere.xlsx");
    CHECK(has_error(missing.diag, "nowhere.xlsx: 找不到"));
}

TEST_CASE("a zip without a workbook part is not an Excel workbook") {
    TempDir dir;
    write_zip(dir / "word.xlsx", {{"word/document.xml", "<document/>"}});
    const Result word = read(dir / "word.xlsx");
    CHECK_FALSE(word.book);
    CHECK(has_error(word.diag, "not an Excel workbook (the zip has no xl/workbook.xml)"));

    write_zip(dir / "calc.xlsx", {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
                                  {"content.xml", "<office:document-content/>"}});
    const Result ods = read(dir / "calc.xlsx");
    CHECK(has_error(ods.diag, "OpenDocument spreadsheet (.ods); save it as .xlsx"));
}

TEST_CASE("a relationship that climbs out of the zip with .. is never followed") {
    TempDir dir;
    Entries e = one_sheet(worksheet(""), false);
    e[1].second =
        "<Relationships><Relationship Id=\"rId1\" Type=\"w\" "
        "Target=\"../../../../etc/passwd\"/></Relationships>";
    write_zip(dir / "climb.xlsx", e);
    const Result r = read(dir / "climb.xlsx");
    CHECK_FALSE(r.book);
    CHECK(has_error(r.diag, "climb.xlsx: 找不到工作表「S」的内容"));
}
