// The staff workbook as written: checked in the file itself (unzipped with minizip, the sheet XML
// read minimally), the way Excel or WPS would open it.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <unzip.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include "kiosk/core/content_tables.h"
#include "kiosk/pack/content_source.h"
#include "kiosk/pack/pack_reader.h"
#include "kiosk/pack/workbook_writer.h"
#include "mini_content.h"

using namespace kiosk::pack;
namespace content = kiosk::content;
namespace fs = std::filesystem;

namespace {

const PackContent& builtin() {
    static const PackContent c = [] {
        Diagnostics diag;
        auto loaded = load_content_dir(test::kContent, diag);
        REQUIRE(loaded);
        // An id with leading zeros, as staff may well choose.
        loaded->add("key_number", {{"id", std::string("007")},
                                   {"value", std::string("0042")},
                                   {"label_zh", std::string("零零七")},
                                   {"label_en", std::string("double-o seven")}});
        return *loaded;
    }();
    return c;
}

// --- reading the xlsx: just enough XML for the checks

std::string unzip(const std::string& xlsx, const std::string& entry) {
    unzFile zf = unzOpen64(xlsx.c_str());
    REQUIRE(zf);
    std::string out;
    if (unzLocateFile(zf, entry.c_str(), 0) == UNZ_OK && unzOpenCurrentFile(zf) == UNZ_OK) {
        char buf[65536];
        int n;
        while ((n = unzReadCurrentFile(zf, buf, sizeof buf)) > 0) out.append(buf, n);
        unzCloseCurrentFile(zf);
    }
    unzClose(zf);
    return out;
}

std::string unescape(std::string s) {
    const std::pair<const char*, const char*> entities[] = {
        {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
    for (const auto& [from, to] : entities)
        for (size_t at; (at = s.find(from)) != std::string::npos;) s.replace(at, strlen(from), to);
    return s;
}

// The text of every <t> inside [from, to).
std::string inner_texts(const std::string& xml, size_t from, size_t to) {
    std::string out;
    for (size_t at = xml.find("<t", from); at < to; at = xml.find("<t", at + 1)) {
        if (xml[at + 2] != '>' && xml[at + 2] != ' ') continue;
        const size_t open = xml.find('>', at) + 1;
        out += unescape(xml.substr(open, xml.find("</t>", open) - open));
    }
    return out;
}

std::string attribute(const std::string& tag, const std::string& name) {
    const size_t at = tag.find(" " + name + "=\"");
    if (at == std::string::npos) return {};
    const size_t from = at + name.size() + 3;
    return unescape(tag.substr(from, tag.find('"', from) - from));
}

struct Cell {
    std::string text;
    bool is_string = false;
};

struct Sheet {
    std::string name, state, xml;
    std::map<std::string, Cell> cells;  // "B2" → cell
    const Cell& at(const std::string& ref) const {
        static const Cell none;
        const auto it = cells.find(ref);
        return it == cells.end() ? none : it->second;
    }
};

struct Workbook {
    std::vector<Sheet> sheets;
    std::map<std::string, std::string> names;  // defined names

    const Sheet& sheet(const std::string& name) const {
        for (const Sheet& s : sheets)
            if (s.name == name) return s;
        FAIL("no sheet " << name);
        return sheets[0];
    }
};

Workbook open_workbook(const std::string& xlsx) {
    Workbook wb;
    std::vector<std::string> strings;
    const std::string sst = unzip(xlsx, "xl/sharedStrings.xml");
    for (size_t at = sst.find("<si>"); at != std::string::npos; at = sst.find("<si>", at + 1))
        strings.push_back(inner_texts(sst, at, sst.find("</si>", at)));
    const std::string book = unzip(xlsx, "xl/workbook.xml");
    REQUIRE(!book.empty());
    for (size_t at = book.find("<sheet "); at != std::string::npos;
         at = book.find("<sheet ", at + 1)) {
        const std::string tag = book.substr(at, book.find('>', at) - at);
        Sheet s{attribute(tag, "name"),
                attribute(tag, "state"),
                unzip(xlsx, "xl/worksheets/sheet" + std::to_string(wb.sheets.size() + 1) + ".xml"),
                {}};
        for (size_t c = s.xml.find("<c "); c != std::string::npos; c = s.xml.find("<c ", c + 1)) {
            const size_t end = s.xml.find('>', c);
            const std::string ctag = s.xml.substr(c, end - c + 1);
            Cell cell;
            if (ctag.back() != '/' && ctag[ctag.size() - 2] != '/') {
                const size_t close = s.xml.find("</c>", c);
                const size_t v = s.xml.find("<v>", c);
                const std::string type = attribute(ctag, "t");
                if (type == "inlineStr") {
                    cell = {inner_texts(s.xml, c, close), true};
                } else if (v < close) {
                    const std::string value = s.xml.substr(v + 3, s.xml.find("</v>", v) - v - 3);
                    cell = type == "s" ? Cell{strings.at(std::stoul(value)), true}
                                       : Cell{value, type == "str"};
                }
            }
            s.cells[attribute(ctag, "r")] = cell;
        }
        wb.sheets.push_back(std::move(s));
    }
    for (size_t at = book.find("<definedName "); at != std::string::npos;
         at = book.find("<definedName ", at + 1)) {
        const size_t open = book.find('>', at) + 1;
        wb.names[attribute(book.substr(at, open - at), "name")] =
            unescape(book.substr(open, book.find("</definedName>", open) - open));
    }
    return wb;
}

std::string column_letters(size_t index) {
    std::string s;
    for (size_t n = index + 1; n > 0; n = (n - 1) / 26)
        s.insert(s.begin(), char('A' + (n - 1) % 26));
    return s;
}

std::vector<std::string> file_columns(const content::Table& t) {
    std::vector<std::string> out;
    for (const auto& f : t.fields)
        for (const auto& c : content::file_columns(f)) out.push_back(c);
    return out;
}

std::vector<const content::Table*> file_tables() {
    std::vector<const content::Table*> out;
    for (const auto& t : content::tables())
        if (t.source == content::Source::File) out.push_back(&t);
    return out;
}

// The header row's machine names (the last line of each cell), in order.
std::map<std::string, std::string> header_columns(const Sheet& s) {
    std::map<std::string, std::string> by_name;  // column name → letters
    for (size_t i = 0;; ++i) {
        const Cell& c = s.at(column_letters(i) + "1");
        if (c.text.empty()) break;
        by_name[c.text.substr(c.text.rfind('\n') + 1)] = column_letters(i);
    }
    return by_name;
}

// The row of a sheet whose column `letters` holds `text`, or 0.
int row_with(const Sheet& s, const std::string& letters, const std::string& text) {
    for (int r = 2; r < 100000; ++r) {
        const auto it = s.cells.find(letters + std::to_string(r));
        if (it == s.cells.end() && !s.cells.contains("A" + std::to_string(r))) return 0;
        if (it != s.cells.end() && it->second.text == text) return r;
    }
    return 0;
}

// The items of a list a dropdown's formula names (a defined name on the lists sheet).
std::vector<std::string> list_items(const Workbook& wb, const std::string& name) {
    const std::string range = wb.names.at(name);  // lists!$A$2:$A$7
    REQUIRE(range.rfind(std::string(kListsSheet) + "!", 0) == 0);
    const std::string col = range.substr(
        range.find('$') + 1, range.find('$', range.find('$') + 1) - range.find('$') - 1);
    const int last = std::stoi(range.substr(range.rfind('$') + 1));
    std::vector<std::string> out;
    for (int r = 2; r <= last; ++r)
        out.push_back(wb.sheet(kListsSheet).at(col + std::to_string(r)).text);
    return out;
}

// The <dataValidation> whose sqref starts at `cell`: its first formula, or "".
std::string validation_at(const Sheet& s, const std::string& cell) {
    const size_t at = s.xml.find("sqref=\"" + cell + ":");
    if (at == std::string::npos) return {};
    const size_t f = s.xml.find("<formula1>", at);
    return s.xml.substr(f + 10, s.xml.find("</formula1>", f) - f - 10);
}

const std::string& written() {
    static const std::string path = [] {
        const fs::path dir = test::temp_dir("workbook");
        write_workbook(builtin(), dir.string());
        return (dir / kWorkbookFile).string();
    }();
    return path;
}

}  // namespace

TEST_CASE("the workbook's sheets: help first, one per content file in order, lists hidden last") {
    const Workbook wb = open_workbook(written());
    std::vector<std::string> names, expected = {"说明 help"};
    for (const Sheet& s : wb.sheets) names.push_back(s.name);
    for (const content::Table* t : file_tables())
        expected.push_back(std::string(t->label_zh) + " " + t->file);
    expected.push_back("lists");
    CHECK(names == expected);
    for (const Sheet& s : wb.sheets) {
        INFO(s.name);
        CHECK(std::count_if(s.name.begin(), s.name.end(),
                            [](char c) { return (c & 0xC0) != 0x80; }) <= 31);
        CHECK(s.name.find_first_of("[]:*?/\\") == std::string::npos);
        CHECK(s.state == (s.name == "lists" ? "hidden" : ""));
    }
}

TEST_CASE("each table's header names every file column on two lines, and stays frozen") {
    const Workbook wb = open_workbook(written());
    for (const content::Table* t : file_tables()) {
        const Sheet& s = wb.sheet(sheet_name(*t));
        INFO(s.name);
        const auto want = file_columns(*t);
        for (size_t i = 0; i < want.size(); ++i) {
            const Cell& c = s.at(column_letters(i) + "1");
            INFO(c.text);
            CHECK(c.is_string);
            const size_t nl = c.text.find('\n');
            REQUIRE(nl != std::string::npos);
            CHECK(c.text.substr(nl + 1) == want[i]);
            CHECK(nl > 0);  // line 1: the labels
        }
        CHECK(s.at(column_letters(want.size()) + "1").text.empty());
        CHECK(s.xml.find("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" "
                         "state=\"frozen\"/>") != std::string::npos);
        CHECK(s.xml.find("<col ") != std::string::npos);  // widths set
    }
    // Line 1 says what the column is, in Chinese and English.
    CHECK(wb.sheet("成员 members").at("C1").text == "名称（中文） name (Chinese)\nname_zh");
}

TEST_CASE("enum, flag and reference columns are dropdowns of Chinese labels") {
    const Workbook wb = open_workbook(written());
    const Sheet& members = wb.sheet("成员 members");
    const auto cols = header_columns(members);
    const std::string kind = validation_at(members, cols.at("kind") + "2");
    REQUIRE(!kind.empty());
    std::vector<std::string> labels;
    for (const auto& v : content::enum_values("member", "kind")) labels.emplace_back(v.zh);
    CHECK(list_items(wb, kind) == labels);
    CHECK(list_items(wb, validation_at(members, cols.at("is_sample") + "2")) ==
          std::vector<std::string>{"是", "否"});
    // Every flag column of every sheet, and the focus area and batch of a project.
    for (const content::Table* t : file_tables()) {
        const Sheet& s = wb.sheet(sheet_name(*t));
        const auto header = header_columns(s);
        for (const auto& f : t->fields) {
            if (f.kind != content::FieldKind::Flag && f.kind != content::FieldKind::Enum) continue;
            INFO(s.name << " " << f.name);
            CHECK(!validation_at(s, header.at(f.name) + "2").empty());
        }
    }
    const Sheet& projects = wb.sheet("签约项目 projects");
    const auto pcols = header_columns(projects);
    std::vector<std::string> focus_names, batch_names;
    for (const Row& r : builtin().of("focus_area")) focus_names.push_back(value_text(r.values[2]));
    for (const Row& r : builtin().of("batch")) batch_names.push_back(value_text(r.values[2]));
    CHECK(list_items(wb, validation_at(projects, pcols.at("focus_id") + "2")) == focus_names);
    CHECK(list_items(wb, validation_at(projects, pcols.at("batch") + "2")) == batch_names);
    // Cells show the labels: a university, not a sample, in the first batch.
    const int nju = row_with(members, "A", "nju");
    REQUIRE(nju > 0);
    CHECK(members.at(cols.at("kind") + std::to_string(nju)).text == "高校");
    CHECK(members.at(cols.at("is_sample") + std::to_string(nju)).text == "否");
    const int p1 = row_with(projects, "A", "sample-project-01");
    CHECK(projects.at(pcols.at("batch") + std::to_string(p1)).text == "第一批签约");
    CHECK(projects.at(pcols.at("is_sample") + std::to_string(p1)).text == "是");
}

TEST_CASE("ids stay text, Chinese text is intact, lists and pictures are as the loader reads") {
    const Workbook wb = open_workbook(written());
    const Sheet& numbers = wb.sheet("关键数字 key_numbers");
    const int row = row_with(numbers, "A", "007");
    REQUIRE(row > 0);
    CHECK(numbers.at("A" + std::to_string(row)).is_string);
    const auto ncols = header_columns(numbers);
    CHECK(numbers.at(ncols.at("value") + std::to_string(row)).text == "0042");
    CHECK(numbers.at(ncols.at("value") + std::to_string(row)).is_string);
    CHECK(numbers.at(ncols.at("label_zh") + std::to_string(row)).text == "零零七");

    const Sheet& members = wb.sheet("成员 members");
    const auto cols = header_columns(members);
    const int sioc = row_with(members, "A", "sioc");
    REQUIRE(sioc > 0);
    CHECK(members.at(cols.at("name_zh") + std::to_string(sioc)).text ==
          "中国科学院上海有机化学研究所");
    CHECK(members.at(cols.at("pinyin") + std::to_string(sioc)).text ==
          "shang hai you ji hua xue yan jiu suo");
    // Links as "a;b" in the loader's form.
    const auto focus =
        linked_ids(builtin(), *content::find_field(*content::find_table("member"), "focus_ids"));
    REQUIRE(!focus.empty());
    for (const auto& [member, ids] : focus) {
        std::string want;
        for (const auto& id : ids) want += (want.empty() ? "" : ";") + id;
        const int row_of_member = row_with(members, "A", member);
        INFO(member);
        CHECK(members.at(cols.at("focus_ids") + std::to_string(row_of_member)).text == want);
    }
    // Text columns keep what staff type as text ('@'), dates included.
    const std::string styles = unzip(written(), "xl/styles.xml");
    CHECK(styles.find("formatCode=\"@\"") != std::string::npos);
    const Sheet& batches = wb.sheet("签约批次 batches");
    const auto bcols = header_columns(batches);
    CHECK(batches.at(bcols.at("date") + "2").text == "2024-04-28");
    CHECK(batches.at(bcols.at("date") + "2").is_string);

    // Every picture is a file in images/, named in its cells.
    const fs::path images = fs::path(written()).parent_path() / "images";
    for (const MediaRow& m : builtin().media) {
        INFO(m.id);
        const std::string bytes = test::read_file((images / media_file_name(m)).string());
        CHECK(bytes == std::string(m.image->bytes.begin(), m.image->bytes.end()));
    }
    const Sheet& gallery = wb.sheet("亮点图片 highlight_images");
    const auto gcols = header_columns(gallery);
    const std::string first = gallery.at(gcols.at("image") + "2").text;
    CHECK(fs::is_regular_file(images / first));
}

TEST_CASE("the help sheet explains every sheet and every column in Chinese and English") {
    const Workbook wb = open_workbook(written());
    const Sheet& help = wb.sheet("说明 help");
    for (const content::Table* t : file_tables()) {
        const std::string name = sheet_name(*t);
        for (const std::string& col : file_columns(*t)) {
            INFO(name << " " << col);
            int found = 0;
            for (int r = 1; r < 1000 && !found; ++r)
                if (help.at("A" + std::to_string(r)).text == name &&
                    help.at("B" + std::to_string(r)).text == col)
                    found = r;
            REQUIRE(found > 0);
            CHECK(!help.at("C" + std::to_string(found)).text.empty());
            CHECK(!help.at("D" + std::to_string(found)).text.empty());
        }
    }
}

TEST_CASE("a workbook that cannot be finished leaves nothing under its real name") {
    const fs::path dir = test::temp_dir("workbook-fail");
    const fs::path out = dir / kWorkbookFile;
    const auto leftovers = [&] {
        int n = 0;
        for (const auto& e : fs::directory_iterator(dir))
            if (e.path().filename().string().find(".tmp") != std::string::npos) ++n;
        return n;
    };
    builtin();  // loaded here, not by the child with its limits
    // Runs write_workbook in a child process limited by `limit`; its exit status.
    const auto write_limited = [&](const PackContent& content, const std::function<void()>& limit) {
        const pid_t pid = fork();
        if (pid == 0) {
            limit();
            try {
                write_workbook(content, dir.string());
                _exit(0);
            } catch (const std::exception& e) {
                const std::string what = e.what();
                _exit(what.rfind("无法", 0) == 0 && what.find(" / cannot") != std::string::npos
                          ? 1
                          : 2);
            }
        }
        int status = 0;
        waitpid(pid, &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    };

    SECTION("the folder is not writable") {
        fs::create_directories(dir / "images");
        fs::permissions(dir / "images", fs::perms::all);
        fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                 fs::perms::group_exec | fs::perms::others_read |
                                 fs::perms::others_exec);
        CHECK(write_limited(builtin(), [] {
                  if (geteuid() == 0 && setuid(65534) != 0) _exit(3);  // root ignores modes
              }) == 1);
        fs::permissions(dir, fs::perms::all);
        CHECK(!fs::exists(out));
        CHECK(leftovers() == 0);
    }
    SECTION("the stick fills up while writing: the previous workbook stays whole") {
        PackContent texts = builtin();
        texts.media.clear();  // the limit below is then met in the workbook itself
        { std::ofstream(out) << "the previous workbook"; }
        CHECK(write_limited(texts, [] {
                  signal(SIGXFSZ, SIG_IGN);
                  const rlimit small{20000, 20000};  // a workbook of the built-in texts: 40 kB
                  setrlimit(RLIMIT_FSIZE, &small);
              }) == 1);
        CHECK(test::read_file(out.string()) == "the previous workbook");
        CHECK(leftovers() == 0);
    }
}

TEST_CASE("pictures written beside the workbook leave no other file of the same stem") {
    const PackContent& c = builtin();
    REQUIRE(c.media.size() >= 2);
    const fs::path dir = test::temp_dir("workbook-stems");
    const fs::path images = dir / "images";
    fs::create_directories(images);
    const std::string id = c.media[0].id;
    // What an earlier export or staff left there: the same picture in another format, and files
    // that are not this image's.
    for (const std::string& name :
         {id + ".PNG", id + ".jpeg", id + ".heic", id + ".webp", "._" + id + ".jpg", id + ".txt",
          id + "x.png", std::string("unrelated.png")})
        std::ofstream(images / name) << "old";
    write_workbook(c, dir.string());
    std::vector<std::string> left;
    for (const auto& e : fs::directory_iterator(images)) {
        const std::string name = e.path().filename().string();
        if (e.path().stem() == id || name.find(id) != std::string::npos || name == "unrelated.png")
            left.push_back(name);
    }
    std::sort(left.begin(), left.end());
    std::vector<std::string> want = {"._" + id + ".jpg", media_file_name(c.media[0]), id + ".txt",
                                     id + "x.png", "unrelated.png"};
    std::sort(want.begin(), want.end());
    CHECK(left == want);
    for (const MediaRow& m : c.media) CHECK(fs::exists(images / media_file_name(m)));
}

TEST_CASE("kiosk-pack export and template write a workbook with its pictures") {
    const fs::path dir = test::temp_dir("workbook-cli");
    const std::string tool = KIOSK_PACK_TOOL;
    const fs::path pack = dir / "pack.db";
    REQUIRE(std::system((tool + " build " + test::kContent + " -o " + pack.string() +
                         " --version 5 > /dev/null")
                            .c_str()) == 0);
    CHECK(std::system(
              (tool + " export " + pack.string() + " -o " + (dir / "out").string() + " > /dev/null")
                  .c_str()) == 0);
    CHECK(open_workbook((dir / "out" / kWorkbookFile).string()).sheets.size() ==
          file_tables().size() + 2);
    CHECK(fs::is_directory(dir / "out" / "images"));
    CHECK(std::system((tool + " template -o " + (dir / "t" / "mine.xlsx").string() + " > /dev/null")
                          .c_str()) == 0);
    CHECK(fs::is_regular_file(dir / "t" / "mine.xlsx"));
    CHECK(!fs::is_empty(dir / "t" / "images"));
    const std::string err = (dir / "err.txt").string();
    CHECK(std::system((tool + " export " + (dir / "none.db").string() + " -o " +
                       (dir / "x").string() + " 2> " + err)
                          .c_str()) != 0);
    CHECK(test::read_file(err).find("内容包") != std::string::npos);
    CHECK(!fs::exists(dir / "x" / kWorkbookFile));
}
