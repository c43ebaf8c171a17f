// kiosk-pack: staff tool for content packs. `kiosk-pack --help` lists the commands.
// Sections: option parsing · build · synth · workbooks · statistics · command table · main
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>

#include <unistd.h>

#include "kiosk/core/content_db.h"
#include "kiosk/core/content_tables.h"
#include "kiosk/core/local_time.h"
#include "kiosk/pack/content_source.h"
#include "kiosk/pack/pack_reader.h"
#include "kiosk/pack/pack_writer.h"
#include "kiosk/pack/synth.h"
#include "kiosk/pack/workbook_source.h"
#include "kiosk/pack/workbook_writer.h"
#include "kiosk/staff/set_pin_command.h"
#include "kiosk/stats/content_lookup.h"
#include "kiosk/stats/stats_report.h"
#include "kiosk/stats/stats_store.h"
#include "kiosk/stats/stats_synth.h"
#include "kiosk/tools/commands.h"
#include "kiosk/update/fleet_status.h"
#include "kiosk/update/install_state.h"
#include "kiosk/update/pack_commands.h"

namespace kiosk::tools {
namespace {

// --- option parsing ---

// Splits "--name value" options from positional arguments; `flags` take no value.
struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;
};

Args parse_args(const std::vector<std::string>& args, const std::vector<std::string>& known) {
    Args out;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.size() > 1 && a[0] == '-') {
            if (std::find(known.begin(), known.end(), a) == known.end())
                throw std::runtime_error("unknown option " + a);
            if (i + 1 >= args.size()) throw std::runtime_error("option " + a + " needs a value");
            out.options[a] = args[++i];
        } else {
            out.positional.push_back(a);
        }
    }
    return out;
}

long long number_option(const Args& a, const std::string& name, long long fallback) {
    const auto it = a.options.find(name);
    if (it == a.options.end()) return fallback;
    char* end = nullptr;
    const long long v = std::strtoll(it->second.c_str(), &end, 10);
    if (it->second.empty() || *end != '\0' || v < 0)
        throw std::runtime_error(name + " needs a whole number, not \"" + it->second + "\"");
    return v;
}

std::string option(const Args& a, const std::string& name, const std::string& fallback) {
    const auto it = a.options.find(name);
    return it == a.options.end() ? fallback : it->second;
}

std::string megabytes(int64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return buf;
}

std::string summary(const pack::PackContent& c, const pack::WriteStats& s, const std::string& out) {
    const auto counts = content::count_tables(content::kSchemaVersion, [&](const char* table) {
        return std::string(table) == "media" ? static_cast<long long>(c.media.size())
                                             : static_cast<long long>(c.count(table));
    });
    return out + ": pack version " + std::to_string(s.pack_version) + ", " +
           content::counts_text(counts, 1) + ", " + megabytes(s.file_bytes);
}

// --- build ---

int cmd_build(const std::vector<std::string>& raw) {
    const Args a = parse_args(raw, {"-o", "--version", "--dict", "--title"});
    if (a.positional.size() != 1 || !a.options.contains("-o")) {
        std::cerr << "usage: kiosk-pack build CONTENT_DIR|content.xlsx -o OUT --version N "
                     "[--dict FILE]\n";
        return 2;
    }
    // A default (the clock) could be far above the dated versions staff use, and every kiosk
    // that installed it would then refuse them all as older.
    if (!a.options.contains("--version") || number_option(a, "--version", 0) <= 0) {
        std::cerr << "请用 --version 指定内容包版本号，且要比展示机上的版本大，例如日期 "
                     "--version 20261201。/ Give the pack a version with --version, higher than "
                     "the one on the kiosk; a date works well: --version 20261201.\n";
        return 2;
    }
    const std::string source = a.positional[0];
    const std::string out = a.options.at("-o");
    const auto dict = pack::PinyinDict::load(option(a, "--dict", pack::kDefaultPinyinDict));
    pack::Diagnostics diag;
    const auto content = pack::is_workbook_path(source) ? pack::load_workbook(source, diag)
                                                        : pack::load_content_dir(source, diag);
    for (const auto& n : diag.notices()) std::cerr << "note: " << n << "\n";
    if (!content) {
        for (const auto& e : diag.errors()) std::cerr << e << "\n";
        std::cerr << diag.errors().size()
                  << " 处错误，未生成内容包；请按上面所列位置修改后重新生成。/ error(s); nothing "
                     "was written. Fix the places above and build again.\n";
        return 1;
    }
    pack::PackMeta meta;
    meta.pack_version = number_option(a, "--version", 0);
    meta.title = option(a, "--title", std::filesystem::path(source).filename().string());
    const auto stats = pack::write_pack(*content, meta, dict, out);
    std::cout << summary(*content, stats, out) << "\n";
    return 0;
}

// --- synth ---

int cmd_synth(const std::vector<std::string>& raw) {
    const Args a = parse_args(raw, {"-o", "--members", "--highlights", "--projects", "--images",
                                    "--version", "--dict", "--seed"});
    if (!a.positional.empty() || !a.options.contains("-o")) {
        std::cerr << "usage: kiosk-pack synth --members N --highlights N --projects N --images N "
                     "-o OUT\n";
        return 2;
    }
    pack::SynthOptions o;
    o.members = static_cast<int>(number_option(a, "--members", o.members));
    o.highlights = static_cast<int>(number_option(a, "--highlights", o.highlights));
    o.projects = static_cast<int>(number_option(a, "--projects", o.projects));
    o.images = static_cast<int>(number_option(a, "--images", o.images));
    o.seed = static_cast<unsigned>(number_option(a, "--seed", o.seed));
    const auto dict = pack::PinyinDict::load(option(a, "--dict", pack::kDefaultPinyinDict));
    const auto content = pack::synthesize(o);
    pack::PackMeta meta;
    meta.pack_version = number_option(a, "--version", 0);
    meta.title = "Synthetic pack";
    meta.vacuum = false;  // written in one go: no free pages, and VACUUM would copy gigabytes
    const std::string out = a.options.at("-o");
    const auto stats = pack::write_pack(content, meta, dict, out);
    std::cout << summary(content, stats, out) << "\n";
    return 0;
}

// --- workbooks ---

// Writes the workbook and its images/ for `out` (a .xlsx file name); says where.
void write_workbook_at(const pack::PackContent& content, const std::string& out) {
    const std::filesystem::path path(out);
    pack::WorkbookOptions o;
    o.file_name = path.filename().string();
    const std::string dir = path.parent_path().empty() ? "." : path.parent_path().string();
    pack::write_workbook(content, dir, o);
    std::cout << out << ": "
              << content::counts_text(
                     content::count_tables(
                         content::kSchemaVersion,
                         [&](const char* table) {
                             return std::string(table) == "media"
                                        ? static_cast<long long>(content.media.size())
                                        : static_cast<long long>(content.count(table));
                         }),
                     1)
              << "; pictures in " << (std::filesystem::path(dir) / "images").string() << "\n";
}

int cmd_template(const std::vector<std::string>& raw) {
    const Args a = parse_args(raw, {"-o", "--content"});
    if (!a.positional.empty() || !a.options.contains("-o")) {
        std::cerr << "usage: kiosk-pack template -o content.xlsx [--content DIR]\n";
        return 2;
    }
    const std::string dir = option(a, "--content", KIOSK_BUILTIN_CONTENT_DIR);
    pack::Diagnostics diag;
    const auto content = pack::load_content_dir(dir, diag);
    if (!content) {
        for (const auto& e : diag.errors()) std::cerr << e << "\n";
        std::cerr << "内容文件夹 " << dir << " 有错误，未生成工作簿；请先修正上面的问题。/ The "
                  << "content folder " << dir << " has errors; no workbook was written. Fix the "
                  << "lines above first.\n";
        return 1;
    }
    write_workbook_at(*content, a.options.at("-o"));
    return 0;
}

int cmd_export(const std::vector<std::string>& raw) {
    const Args a = parse_args(raw, {"-o", "--dict"});
    if (a.positional.size() != 1 || !a.options.contains("-o")) {
        std::cerr << "usage: kiosk-pack export PACK -o DIR [--dict FILE]\n";
        return 2;
    }
    const auto dict = pack::PinyinDict::load(option(a, "--dict", pack::kDefaultPinyinDict));
    const auto content = pack::read_pack(a.positional[0], &dict);
    write_workbook_at(content,
                      (std::filesystem::path(a.options.at("-o")) / pack::kWorkbookFile).string());
    return 0;
}

// --- statistics ---

constexpr const char* kStatsUsage =
    "usage: kiosk-pack stats --data-dir DIR -o OUT [--days N] [--today YYYY-MM-DD]\n";
constexpr int kMaxStatsDays = 3660;  // ten years: more is a typing mistake

// The installed pack, open for telling which remembered items it still has; nullptr (none marked
// removed) when the kiosk shows its built-in content or the pack cannot be opened.
std::unique_ptr<ContentDb> open_installed_content(const std::string& data_dir) {
    const std::string pack = update::installed_pack_path(data_dir);
    if (pack.empty()) {
        std::cerr << "note: 没有已安装的内容包，报告不标记已删除的条目。/ No content pack is "
                     "installed; no item is marked removed.\n";
        return nullptr;
    }
    try {
        return std::make_unique<ContentDb>(pack, IndexLoading::WhenFirstNeeded);
    } catch (const std::exception& e) {
        std::cerr << "note: 已安装的内容包无法打开（" << e.what()
                  << "），报告不标记已删除的条目。/ The installed pack cannot be opened; no item "
                     "is marked removed.\n";
        return nullptr;
    }
}

// --today for tests and for reports of a past period; else the local date now.
std::optional<std::string> stats_today(const Args& a) {
    const std::string today =
        option(a, "--today", stats::local_day(static_cast<long long>(std::time(nullptr))));
    if (content::valid_date(today)) return today;
    std::cerr << "--today 要写成 YYYY-MM-DD，例如 2026-12-02。/ Write --today as YYYY-MM-DD, e.g. "
                 "2026-12-02.\n";
    return std::nullopt;
}

// --- several kiosks ---
int cmd_fleet(const std::vector<std::string>& raw) {
    constexpr const char* usage = "usage: kiosk-pack fleet --status DIR\n";
    Args a;
    try {
        a = parse_args(raw, {"--status"});
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n" << usage;
        return 2;
    }
    if (!a.positional.empty() || !a.options.contains("--status")) {
        std::cerr << usage;
        return 2;
    }
    std::vector<std::string> skipped;
    std::vector<update::KioskStatus> kiosks;
    try {
        kiosks = update::read_status_dir(a.options.at("--status"), &skipped);
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
    const long long now = std::time(nullptr);
    std::cout << update::fleet_table(update::fleet_rows(std::move(kiosks), now), now);
    for (const std::string& s : skipped) std::cerr << "skipped 跳过 " << s << "\n";
    return 0;
}

int cmd_stats(const std::vector<std::string>& raw) {
    Args a;
    long long days = 0;
    try {
        a = parse_args(raw, {"--data-dir", "-o", "--days", "--today"});
        days = number_option(a, "--days", 90);
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n" << kStatsUsage;
        return 2;
    }
    if (!a.positional.empty() || !a.options.contains("--data-dir") || !a.options.contains("-o")) {
        std::cerr << kStatsUsage;
        return 2;
    }
    if (days < 1 || days > kMaxStatsDays) {
        std::cerr << "--days 要在 1 到 " << kMaxStatsDays << " 之间。/ --days must be 1 to "
                  << kMaxStatsDays << ".\n";
        return 2;
    }
    const auto today = stats_today(a);
    if (!today) return 2;
    const std::string data_dir = a.options.at("--data-dir");
    const std::string out = a.options.at("-o");
    const std::filesystem::path db = std::filesystem::path(data_dir) / "stats.db";
    std::error_code ec;
    if (!std::filesystem::is_regular_file(db, ec)) {
        std::cerr << "这台展示机还没有统计数据：" << data_dir
                  << " 里没有 stats.db。展示机运行并有访客使用后才会有；请确认 --data-dir "
                     "是展示机的数据文件夹（通常是 /var/lib/jbnm-kiosk）。/ This kiosk has no "
                     "statistics yet: there is no stats.db in "
                  << data_dir
                  << ". They start once the kiosk has run with visitors; check that --data-dir is "
                     "the kiosk's data folder (usually /var/lib/jbnm-kiosk).\n";
        return 1;
    }
    const auto content = open_installed_content(data_dir);
    const auto summary = stats::read_summary(db.string(), *today, static_cast<int>(days),
                                             content ? stats::item_exists_in(*content) : nullptr);
    stats::write_stats_folder(summary, out);
    std::cout << out << ": " << stats::kReportFile << " + CSV; " << summary.sessions << " visits, "
              << summary.from_day << " – " << summary.to_day << "\n";
    return 0;
}

// Hidden: fills DIR/stats.db with plausible days (the report's browser test, size benchmarks).
int cmd_stats_synth(const std::vector<std::string>& raw) {
    const Args a = parse_args(
        raw, {"--data-dir", "--days", "--sessions-per-day", "--seed", "--today", "--content"});
    if (!a.positional.empty() || !a.options.contains("--data-dir")) {
        std::cerr << "usage: kiosk-pack stats-synth --data-dir DIR [--days N] "
                     "[--sessions-per-day K] [--seed S] [--today YYYY-MM-DD] [--content PACK]\n";
        return 2;
    }
    const auto today = stats_today(a);
    if (!today) return 2;
    stats::StatsSynthOptions o;
    o.last_day = *today;
    o.days = static_cast<int>(std::min<long long>(kMaxStatsDays, number_option(a, "--days", 30)));
    o.sessions_per_day = static_cast<int>(number_option(a, "--sessions-per-day", 120));
    o.seed = static_cast<unsigned>(number_option(a, "--seed", 1));
    if (a.options.contains("--content"))
        o.items = stats::synth_items_from(
            ContentDb(a.options.at("--content"), IndexLoading::WhenFirstNeeded));
    const std::string data_dir = a.options.at("--data-dir");
    std::filesystem::create_directories(data_dir);
    const auto store =
        stats::StatsStore::open((std::filesystem::path(data_dir) / "stats.db").string());
    stats::synthesize_stats(o, [&](const stats::StatsBatch& b) { store->write(b); });
    store->maintain(*today);
    std::cout << data_dir << "/stats.db: " << o.days << " days, " << megabytes(store->size_bytes())
              << "\n";
    return 0;
}

// --- command table ---

int cmd_help(const std::vector<std::string>&);

const std::vector<Command>& commands() {
    static const std::vector<Command> table = {
        {"build", cmd_build,
         "build CONTENT_DIR -o OUT --version N [--dict FILE]   check a content folder and "
         "write a pack (N: higher than the kiosk's, e.g. a date 20261201)"},
        {"synth", cmd_synth,
         "synth --members N --highlights N --projects N --images N -o OUT   write a large "
         "synthetic pack (benchmarks)"},
        {"template", cmd_template,
         "template -o content.xlsx [--content DIR]   write the built-in content (or DIR) as a "
         "staff workbook, its pictures in images/ beside it"},
        {"export", cmd_export,
         "export PACK -o DIR [--dict FILE]   write an installed pack as DIR/content.xlsx and "
         "DIR/images/ for staff to edit"},
        {"keygen", update::cmd_keygen, update::kKeygenHelp},
        {"sign", update::cmd_sign, update::kSignHelp},
        {"verify", update::cmd_verify, update::kVerifyHelp},
        {"inspect", update::cmd_inspect, update::kInspectHelp},
        {"import", update::cmd_import, update::kImportHelp},
        {"status", update::cmd_status, update::kStatusHelp},
        {"rollback", update::cmd_rollback, update::kRollbackHelp},
        {"set-pin", staff::cmd_set_pin, staff::kSetPinHelp},
        {"stats", cmd_stats,
         "stats --data-dir DIR -o OUT [--days N] [--today YYYY-MM-DD]   write the visitor "
         "statistics of the last N days (90) as OUT/report.html and CSVs"},
        {"stats-synth", cmd_stats_synth, nullptr},  // hidden: tests and benchmarks
        {"fleet", cmd_fleet,
         "fleet --status DIR   a table of every kiosk reporting into DIR (Syncthing's status "
         "folder), marking those behind the newest pack or silent for an hour"},
        {"help", cmd_help, "help   list the commands"},
    };
    return table;
}

int cmd_help(const std::vector<std::string>&) {
    std::cout << "kiosk-pack: content packs of the Jiangbei New Materials kiosk\n"
                 "usage: kiosk-pack COMMAND [ARGS]\n\ncommands:\n";
    for (const auto& c : commands())
        if (c.help) std::cout << "  " << c.help << "\n";  // no help: hidden
    return 0;
}

}  // namespace
}  // namespace kiosk::tools

// --- main ---

int main(int argc, char** argv) {
    using namespace kiosk::tools;
    const std::string name = argc > 1 ? argv[1] : "--help";
    if (name == "--help" || name == "-h") return cmd_help({});
    const std::vector<std::string> args(argv + 2, argv + argc);
    for (const auto& c : commands()) {
        if (name != c.name) continue;
        try {
            return c.run(args);
        } catch (const std::exception& e) {
            std::cerr << "kiosk-pack " << name << ": " << e.what() << "\n";
            return 1;
        }
    }
    std::cerr << "kiosk-pack: unknown command \"" << name << "\"; see kiosk-pack --help\n";
    return 2;
}
