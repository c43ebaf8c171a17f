// Fleet status files and table; see fleet_status.h.
// Sections: cleaning · one kiosk's status · the fleet table · the status folder · starts
#include "kiosk/update/fleet_status.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "kiosk/core/safe_text.h"
#include "kiosk/core/utf8.h"
#include "kiosk/update/durable.h"

namespace kiosk::update {
namespace fs = std::filesystem;
using nlohmann::json;

// --- cleaning: text from another machine is shown in a terminal; no control characters (an
// escape sequence could rewrite the screen), valid UTF-8, bounded ---
namespace {

std::string clean(const std::string& text, size_t max_chars) {
    std::u32string out = utf8_to_u32(safe_text(text));
    if (out.size() > max_chars) out.resize(max_chars);
    return u32_to_utf8(out);
}

bool is_hex64(const std::string& s) {
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
               return std::isxdigit(static_cast<unsigned char>(c));
           });
}

}  // namespace

// --- one kiosk's status ---
std::string status_json(const KioskStatus& s) {
    return json{{"format", "jbnm-kiosk-status-1"}, {"host", s.host},
                {"app_version", s.app_version},    {"pack_version", s.pack_version},
                {"pack_sha256", s.pack_sha256},    {"last_import", s.last_import},
                {"uptime_s", s.uptime_s},          {"starts_24h", s.starts_24h},
                {"crashes_24h", s.crashes_24h},    {"free_disk_bytes", s.free_disk_bytes},
                {"display_on", s.display_on},      {"written_at", s.written_at}}
               .dump(2, ' ', true) +
           "\n";
}

std::optional<KioskStatus> parse_status(const std::string& text, std::string* error) {
    const auto fail = [&](const std::string& why) -> std::optional<KioskStatus> {
        if (error != nullptr) *error = why;
        return std::nullopt;
    };
    if (text.size() > kMaxStatusBytes) return fail("larger than a status file can be");
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return fail("not JSON");
    if (j.value("format", json()) != "jbnm-kiosk-status-1") return fail("not a kiosk status");
    try {
        KioskStatus s;
        s.host = clean(j.at("host").get<std::string>(), 64);
        if (s.host.empty()) return fail("no host name");
        s.app_version = clean(j.at("app_version").get<std::string>(), 32);
        s.pack_version = j.at("pack_version").get<long long>();
        s.pack_sha256 = j.at("pack_sha256").get<std::string>();
        if (!s.pack_sha256.empty() && !is_hex64(s.pack_sha256)) return fail("bad pack_sha256");
        s.last_import = clean(j.at("last_import").get<std::string>(), 300);
        s.uptime_s = j.at("uptime_s").get<double>();
        s.starts_24h = j.at("starts_24h").get<int>();
        s.crashes_24h = j.at("crashes_24h").get<int>();
        s.free_disk_bytes = j.at("free_disk_bytes").get<long long>();
        s.display_on = j.at("display_on").get<bool>();
        s.written_at = j.at("written_at").get<long long>();
        if (s.pack_version < 0 || s.uptime_s < 0 || s.starts_24h < 0 || s.crashes_24h < 0)
            return fail("negative figures");
        return s;
    } catch (const json::exception& e) {
        return fail(std::string("a field is missing or of the wrong type: ") + e.what());
    }
}

// --- the fleet table ---
std::vector<FleetRow> fleet_rows(std::vector<KioskStatus> kiosks, long long now) {
    long long newest = 0;
    for (const KioskStatus& k : kiosks) newest = std::max(newest, k.pack_version);
    std::sort(kiosks.begin(), kiosks.end(),
              [](const KioskStatus& a, const KioskStatus& b) { return a.host < b.host; });
    std::vector<FleetRow> rows;
    for (KioskStatus& k : kiosks) {
        FleetRow r;
        r.behind = k.pack_version < newest;
        r.silent = now - k.written_at > 3600;
        r.status = std::move(k);
        rows.push_back(std::move(r));
    }
    return rows;
}

namespace {

std::string ago(long long seconds) {
    if (seconds < 0) return "in the future?";
    if (seconds < 120) return std::to_string(seconds) + " s ago";
    if (seconds < 7200) return std::to_string(seconds / 60) + " min ago";
    if (seconds < 172800) return std::to_string(seconds / 3600) + " h ago";
    return std::to_string(seconds / 86400) + " days ago";
}

std::string padded(const std::string& s, size_t width) {
    const size_t chars = utf8_to_u32(s).size();
    return s + std::string(chars < width ? width - chars : 1, ' ');
}

}  // namespace

std::string fleet_table(const std::vector<FleetRow>& rows, long long now) {
    std::ostringstream out;
    out << padded("kiosk", 20) << padded("pack", 8) << padded("app", 8) << padded("uptime", 10)
        << padded("starts/crashes 24h", 20) << padded("free disk", 11) << padded("display", 9)
        << padded("reported", 16) << "last import\n";
    int behind = 0, silent = 0;
    for (const FleetRow& r : rows) {
        const KioskStatus& k = r.status;
        char disk[32];
        std::snprintf(disk, sizeof disk, "%.1f GB", static_cast<double>(k.free_disk_bytes) / 1e9);
        char up[32];
        std::snprintf(up, sizeof up, "%.1f h", k.uptime_s / 3600);
        std::string marks;
        if (r.behind) marks += "  << 落后 BEHIND";
        if (r.silent) marks += "  << 超过1小时未报告 SILENT";
        behind += r.behind ? 1 : 0;
        silent += r.silent ? 1 : 0;
        out << padded(k.host, 20)
            << padded(k.pack_version == 0 ? "built-in" : std::to_string(k.pack_version), 8)
            << padded(k.app_version, 8) << padded(up, 10)
            << padded(std::to_string(k.starts_24h) + " / " + std::to_string(k.crashes_24h), 20)
            << padded(disk, 11) << padded(k.display_on ? "on" : "off", 9)
            << padded(ago(now - k.written_at), 16) << (k.last_import.empty() ? "—" : k.last_import)
            << marks << "\n";
    }
    out << rows.size() << " kiosks; " << behind << " behind the newest pack, " << silent
        << " silent for over an hour.\n";
    return out.str();
}

// --- the status folder ---
std::vector<KioskStatus> read_status_dir(const std::string& dir,
                                         std::vector<std::string>* skipped) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec)
        throw std::runtime_error("无法读取状态文件夹 " + dir + " / cannot read the status folder " +
                                 dir + ": " + ec.message());
    std::vector<KioskStatus> out;
    const auto skip = [&](const std::string& name, const std::string& why) {
        if (skipped != nullptr) skipped->push_back(name + ": " + why);
    };
    for (const auto& e : it) {
        const std::string name = e.path().filename().string();
        if (e.path().extension() != ".json") continue;
        // O_NOFOLLOW | O_NONBLOCK: a link or a FIFO put there is refused, never followed or waited
        // on.
        const int fd = ::open(e.path().c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
            skip(name, "cannot be opened (a link?)");
            continue;
        }
        struct stat st {};
        if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
            st.st_size > static_cast<off_t>(kMaxStatusBytes)) {
            ::close(fd);
            skip(name, "not a small regular file");
            continue;
        }
        std::string text(static_cast<size_t>(st.st_size), '\0');
        const ssize_t n = ::read(fd, text.data(), text.size());
        ::close(fd);
        text.resize(n > 0 ? static_cast<size_t>(n) : 0);
        std::string why;
        if (std::optional<KioskStatus> s = parse_status(text, &why))
            out.push_back(std::move(*s));
        else
            skip(name, why);
    }
    return out;
}

// --- starts ---
namespace {

constexpr size_t kKeepStarts = 200;

std::vector<std::pair<long long, bool>> read_starts(const std::string& path) {
    std::vector<std::pair<long long, bool>> starts;
    std::ifstream in(path);
    long long t = 0;
    std::string how;
    while (in >> t >> how) starts.emplace_back(t, how == "crash");
    return starts;
}

StartCounts count(const std::vector<std::pair<long long, bool>>& starts, long long now) {
    StartCounts c;
    for (const auto& [t, crash] : starts)
        if (t > now - 86400 && t <= now) {
            ++c.starts;
            c.crashes += crash ? 1 : 0;
        }
    return c;
}

}  // namespace

StartCounts record_start(const std::string& data_dir, long long now, bool after_crash) {
    const std::string path = data_dir + "/starts.txt";
    auto starts = read_starts(path);
    starts.emplace_back(now, after_crash);
    if (starts.size() > kKeepStarts)
        starts.erase(starts.begin(), starts.end() - static_cast<long>(kKeepStarts));
    std::ostringstream text;
    for (const auto& [t, crash] : starts) text << t << (crash ? " crash\n" : " clean\n");
    // Durable: the counts matter most after a power cut. A failed write is no reason to stop a
    // start; the next one writes it again.
    DurableSteps().replace_file(path, text.str());
    return count(starts, now);
}

StartCounts start_counts(const std::string& data_dir, long long now) {
    return count(read_starts(data_dir + "/starts.txt"), now);
}

std::string this_host_name() {
    char buf[256] = {};
    const std::string host = ::gethostname(buf, sizeof buf - 1) == 0 ? buf : "";
    if (host.empty() || host[0] == '.' || host.find('/') != std::string::npos) return "kiosk";
    return host;
}

}  // namespace kiosk::update
