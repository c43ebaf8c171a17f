// Collects every problem of a content source (a folder of CSV files or a workbook) as "where:
// what is wrong, what to do", in Chinese and in English, so staff see all of them at once instead
// of fixing one error per build.
#pragma once

#include <string>
#include <vector>

namespace kiosk::pack {

struct Problem {
    std::string
        where;  // "members.csv:14", "成员 members!C14", "images/a.jpg"; "" = the whole source
    std::string zh;  // what is wrong and what to do
    std::string en;
    // "where: zh / en" (one text when both are the same), as printed and written to reports.
    std::string text() const {
        const std::string what = zh == en || en.empty() ? zh : zh + " / " + en;
        return where.empty() ? what : where + ": " + what;
    }
};

// "file:line", or the file alone for line 0 (the problem concerns the whole file).
inline std::string at_line(const std::string& file, int line) {
    return line > 0 ? file + ":" + std::to_string(line) : file;
}

class Diagnostics {
  public:
    void error(const std::string& where, std::string zh, std::string en) {
        errors_.push_back({where, std::move(zh), std::move(en)});
    }
    void notice(const std::string& where, std::string zh, std::string en) {
        notices_.push_back({where, std::move(zh), std::move(en)});
    }
    // One text for both languages (a message that already carries both).
    void error(const std::string& file, int line, const std::string& what) {
        error(at_line(file, line), what, what);
    }
    void notice(const std::string& file, int line, const std::string& what) {
        notice(at_line(file, line), what, what);
    }

    bool ok() const { return errors_.empty(); }
    const std::vector<Problem>& error_list() const { return errors_; }
    const std::vector<Problem>& notice_list() const { return notices_; }
    // Each as Problem::text().
    std::vector<std::string> errors() const { return texts(errors_); }
    std::vector<std::string> notices() const { return texts(notices_); }

  private:
    static std::vector<std::string> texts(const std::vector<Problem>& problems) {
        std::vector<std::string> out;
        out.reserve(problems.size());
        for (const Problem& p : problems) out.push_back(p.text());
        return out;
    }
    std::vector<Problem> errors_;
    std::vector<Problem> notices_;
};

}  // namespace kiosk::pack
