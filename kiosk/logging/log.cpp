// The process-wide log: journald always, the local file once log_open() succeeded.
#include "kiosk/logging/log.h"

#include <syslog.h>
#include <systemd/sd-journal.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "kiosk/logging/local_log.h"

namespace kiosk {
namespace {

std::mutex& open_mutex() {
    static std::mutex m;
    return m;
}
std::shared_ptr<logging::LocalLog>& local() {
    static std::shared_ptr<logging::LocalLog> log;
    return log;
}
std::shared_ptr<logging::LocalLog> current_local() {
    const std::lock_guard lock(open_mutex());
    return local();
}

void emit(logging::Level level, std::string_view message) {
    const int priority = level == logging::Level::Error  ? LOG_ERR
                         : level == logging::Level::Warn ? LOG_WARNING
                                                         : LOG_INFO;
    // Without journald (developer machine, tests) this fails quietly.
    (void)sd_journal_print(priority, "%.*s", static_cast<int>(message.size()), message.data());
    // Started by hand: show it on the terminal too. Under systemd (JOURNAL_STREAM set) stderr
    // already goes to the journal, so that would print every line twice.
    static const bool to_stderr = std::getenv("JOURNAL_STREAM") == nullptr;
    if (to_stderr)
        std::fprintf(stderr, "%s %.*s\n", logging::level_name(level),
                     static_cast<int>(message.size()), message.data());
    if (auto log = current_local()) log->write(level, message);
}

}  // namespace

bool log_open(const std::filesystem::path& data_dir) {
    try {
        auto log = std::make_shared<logging::LocalLog>(data_dir / "logs");
        const std::lock_guard lock(open_mutex());
        local() = std::move(log);
        return true;
    } catch (const std::exception& e) {
        const std::string reason = std::string("local log disabled: ") + e.what();
        (void)sd_journal_print(LOG_WARNING, "%s", reason.c_str());
        std::fprintf(stderr, "%s\n", reason.c_str());
        return false;
    }
}

void log_close() {
    const std::lock_guard lock(open_mutex());
    local().reset();
}

void log_info(std::string_view message) {
    emit(logging::Level::Info, message);
}
void log_warn(std::string_view message) {
    emit(logging::Level::Warn, message);
}
void log_error(std::string_view message) {
    emit(logging::Level::Error, message);
}

std::filesystem::path log_export(const std::filesystem::path& folder) {
    const auto log = current_local();
    if (!log) throw std::runtime_error("no local log is open, so there is nothing to export");
    return log->export_to(folder);
}

std::string log_export_at(int dir_fd, const std::string& shown) {
    const auto log = current_local();
    if (!log) throw std::runtime_error("no local log is open, so there is nothing to export");
    return log->export_to(dir_fd, shown);
}

}  // namespace kiosk
