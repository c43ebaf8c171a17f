// A pack built on the kiosk from a staff workbook on a stick (kiosk/content.xlsx with its
// kiosk/images/, or a content folder kiosk/content/ as in the repository): the source is copied
// off the stick (regular files only, no links, bounded, each stick call timed), `kiosk-pack build`
// turns it into a candidate pack in a separate process with limits, the candidate goes through
// the validator every pack passes (only the signature is skipped: staff accept it with the PIN),
// its search index is rebuilt from its checked rows, and it is compared with the installed
// content. Blocks: run it on a stick worker (StickJob). No ImGui.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "kiosk/core/content_model.h"
#include "kiosk/update/child_process.h"
#include "kiosk/update/pack_diff.h"

namespace kiosk::update {

// Files inside the data dir: the copy of the source, and the candidate pack (kept while staff
// look at the summary and the preview; removed on discard and at start).
inline constexpr const char* kWorkbookSourceDir = "workbook-source";
inline constexpr const char* kWorkbookCandidate = "workbook-candidate.db";

struct WorkbookBuildOptions {
    std::string source;          // <stick>/kiosk/content.xlsx or <stick>/kiosk/content
    std::string data_dir;        // staging and the candidate go here
    std::string pack_tool;       // the kiosk-pack program
    std::string installed_pack;  // what staff compare with: current.db, else the built-in pack
    long long max_source_bytes = 1ll << 30;  // everything copied off the stick
    int max_files = 20000;
    ChildLimits limits;
    const std::atomic<bool>* cancel = nullptr;
    // Reads a stick file; tests stand in a stick that stalls, fails or grows. Default: read_stick.
    std::function<long(int fd, void* buf, size_t size)> read_source;
};

struct WorkbookBuild {
    bool ok = false;
    std::string source_name;  // "kiosk/content.xlsx" or "kiosk/content/", as staff know it
    std::string candidate;    // the built pack when ok
    PackInfo info;            // its version (assigned: above the kiosk's version floor), counts
    PackDiff diff;            // against the installed content
    // When !ok: every problem, one line each, "where: what is wrong, what to do", as the
    // builder printed them (or as the copy and the validation found them).
    std::vector<std::string> problems;
    std::vector<std::string> notes;  // the builder's notices (e.g. a lost leading zero)
};

WorkbookBuild build_workbook(const WorkbookBuildOptions& options);

// Removes the copied source and the candidate (discard; stale ones at start).
void remove_workbook_files(const std::string& data_dir);

// How a workbook import ended, for the report on the stick.
enum class WorkbookOutcome { Refused, Accepted, Discarded, DiscardedIdle, InstallFailed };

// kiosk/import-report.txt: zh then en; what changed (and whether it was installed) or every
// problem. `install_error` (zh / en) only for InstallFailed.
std::string format_workbook_report(const WorkbookBuild& build, WorkbookOutcome outcome,
                                   const std::string& when, const std::string& install_error = {});

}  // namespace kiosk::update
