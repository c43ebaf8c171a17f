// kiosk-pack subcommands for signed packs: keygen, sign, verify, inspect, import, status, rollback.
// Each takes the arguments after the command name and returns the exit status: 0 only on success;
// on refusal 1 and one line on stderr with the reason in plain words (Chinese, then English); 2
// for a usage error. import and rollback run only as the owner of the data dir (sudo -u kiosk ...).
#pragma once

#include <string>
#include <vector>

namespace kiosk::update {

int cmd_keygen(const std::vector<std::string>& args);
int cmd_sign(const std::vector<std::string>& args);
int cmd_verify(const std::vector<std::string>& args);
int cmd_inspect(const std::vector<std::string>& args);
int cmd_import(const std::vector<std::string>& args);
int cmd_status(const std::vector<std::string>& args);
int cmd_rollback(const std::vector<std::string>& args);

inline constexpr const char* kKeygenHelp =
    "keygen -p KEY.pub -s KEY.key [--force]   make a signing key pair (keep KEY.key offline)";
inline constexpr const char* kSignHelp =
    "sign PACK -s KEY.key [--password-file FILE]   write PACK.minisig (version and build time "
    "from the pack); a password-protected key asks on the terminal unless FILE gives it";
inline constexpr const char* kVerifyHelp =
    "verify PACK (--keys DIR | -p KEY.pub)   check PACK.minisig against trusted keys";
inline constexpr const char* kInspectHelp =
    "inspect PACK   version, build time, counts, size and signer key id";
inline constexpr const char* kImportHelp =
    "import PACK --data-dir DIR --keys DIR [--force]   verify, check and install a signed pack "
    "(--force: even an older version; run as the data dir's owner: sudo -u kiosk ...)";
inline constexpr const char* kStatusHelp =
    "status --data-dir DIR   installed version, SHA-256 and counts";
inline constexpr const char* kRollbackHelp =
    "rollback --data-dir DIR   go back to the previously installed pack (as the data dir's owner)";

}  // namespace kiosk::update
