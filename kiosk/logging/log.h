// The kiosk's log: every line goes to journald (read with `journalctl -u jbnm-kiosk`) and, once
// log_open() has been called, to the bounded local file DATA_DIR/logs/kiosk.log.
//   log_open(config.data_dir);                 at start-up, after the config is read
//   log_info("pack 2026.3 imported from /media/usb-sdb1");
//   log_export("/media/usb-sdb1");             staff panel: "export logs"
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace kiosk {

// Opens DATA_DIR/logs/kiosk.log (creating the folder). Returns false and logs the reason to
// journald and stderr when the folder cannot be used; logging then goes on without a local file.
bool log_open(const std::filesystem::path& data_dir);
// Closes the local file (tests; also safe to skip at exit).
void log_close();

void log_info(std::string_view message);
void log_warn(std::string_view message);
void log_error(std::string_view message);

// Copies the local log into FOLDER (see LocalLog::export_to). Throws std::runtime_error with a
// plain reason when no log is open or the folder cannot be written.
std::filesystem::path log_export(const std::filesystem::path& folder);
// The same into an open folder (a stick's kiosk folder, opened through stick_io); `shown` names
// it in errors. Returns the file name.
std::string log_export_at(int dir_fd, const std::string& shown);

}  // namespace kiosk
