// Reads /proc for the benchmark's process figures.
#include "tests/bench/proc_stats.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace kiosk::bench {

namespace {

std::string read_all(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// "Name:   1234 kB" → 1234/1024 MiB, in a file of such lines.
double kb_field_mib(const std::string& text, const std::string& field) {
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind(field + ":", 0) != 0) continue;
        return std::stod(line.substr(field.size() + 1)) / 1024.0;
    }
    return -1;
}

}  // namespace

double cpu_seconds(pid_t pid, pid_t tid) {
    const std::string dir = "/proc/" + std::to_string(pid);
    const std::string text =
        read_all(tid < 0 ? dir + "/stat" : dir + "/task/" + std::to_string(tid) + "/stat");
    const auto paren = text.rfind(')');  // the command name may hold spaces
    std::istringstream fields(text.substr(paren + 2));
    std::string field;
    long long ticks = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i)
        if (i == 14 || i == 15) ticks += std::stoll(field);
    return static_cast<double>(ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double status_mib(pid_t pid, const std::string& field) {
    return kb_field_mib(read_all("/proc/" + std::to_string(pid) + "/status"), field);
}

double pss_mib(pid_t pid) {
    return kb_field_mib(read_all("/proc/" + std::to_string(pid) + "/smaps_rollup"), "Pss");
}

std::optional<pid_t> child_named(const std::string& comm) {
    std::optional<pid_t> found;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
        std::istringstream children(read_all(task.path().string() + "/children"));
        for (pid_t pid; children >> pid;) {
            std::string name;
            std::ifstream("/proc/" + std::to_string(pid) + "/comm") >> name;
            if (name == comm && (!found || pid > *found)) found = pid;
        }
    }
    return found;
}

}  // namespace kiosk::bench
