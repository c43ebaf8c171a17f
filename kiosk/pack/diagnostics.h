// Collects every problem of a content folder as "file:line: what is wrong", so staff see all of
// them at once instead of fixing one error per build.
#pragma once

#include <string>
#include <vector>

namespace kiosk::pack {

class Diagnostics {
  public:
    // line 0 = the problem concerns the whole file.
    void error(const std::string& file, int line, const std::string& what) {
        errors_.push_back(format(file, line, what));
    }
    void notice(const std::string& file, int line, const std::string& what) {
        notices_.push_back(format(file, line, what));
    }
    bool ok() const { return errors_.empty(); }
    const std::vector<std::string>& errors() const { return errors_; }
    const std::vector<std::string>& notices() const { return notices_; }

  private:
    static std::string format(const std::string& file, int line, const std::string& what) {
        return line > 0 ? file + ":" + std::to_string(line) + ": " + what : file + ": " + what;
    }
    std::vector<std::string> errors_;
    std::vector<std::string> notices_;
};

}  // namespace kiosk::pack
