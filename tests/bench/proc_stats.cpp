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

namespace {

int count_entries(const std::string& dir) {
    int n = 0;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator(dir, ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
        ++n;
    if (ec) throw std::runtime_error("cannot list " + dir + ": " + ec.message());
    return n;
}

// "socket:[123]" → "socket", "/tmp/x/data/log.txt" stays.
std::string fd_kind(const std::filesystem::path& link) {
    std::error_code ec;
    const std::string target = std::filesystem::read_symlink(link, ec).string();
    if (ec) return "(gone)";  // closed while we listed
    const auto bracket = target.find(":[");
    return bracket == std::string::npos || target.rfind("anon_inode:", 0) == 0
               ? target
               : target.substr(0, bracket);
}

}  // namespace

int fd_count(pid_t pid) {
    return count_entries("/proc/" + std::to_string(pid) + "/fd");
}

int thread_count(pid_t pid) {
    return count_entries("/proc/" + std::to_string(pid) + "/task");
}

std::map<std::string, int> fd_kinds(pid_t pid) {
    std::map<std::string, int> kinds;
    for (const auto& fd :
         std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd"))
        ++kinds[fd_kind(fd.path())];
    return kinds;
}

std::map<std::string, int> thread_names(pid_t pid) {
    std::map<std::string, int> names;
    for (const auto& task :
         std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task")) {
        std::string name;
        std::getline(std::ifstream(task.path() / "comm"), name);
        ++names[name];
    }
    return names;
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
