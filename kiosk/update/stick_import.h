// StickImport: runs import_pack on a worker thread so the UI keeps drawing; the overlay polls
// status() each frame and draws stage, percent and the final message (zh + en). No ImGui here.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/update/importer.h"

namespace kiosk::update {

enum class StickStage { Idle, Found, Copying, Verifying, Checking, Installing, Done, Refused };

struct StickImportStatus {
    StickStage stage = StickStage::Idle;
    int percent = 0;        // 0..100 across all stages, for the progress bar
    std::string pack_name;  // file name on the stick, e.g. content.pack
    // What the overlay shows, both languages: a headline, a detail line, what to do next.
    std::string title_zh, title_en;
    std::string detail_zh, detail_en;
    std::string todo_zh, todo_en;
    ImportResult result;  // meaningful once stage is Done or Refused
};

class StickImport {
  public:
    StickImport() = default;
    ~StickImport();  // cancels and waits
    StickImport(const StickImport&) = delete;
    StickImport& operator=(const StickImport&) = delete;

    // Starts importing `pack_path` (its signature next to it). false if one is still running.
    bool start(const std::string& pack_path, ImportOptions options);
    StickImportStatus status() const;  // thread-safe snapshot
    bool running() const { return running_.load(); }
    void cancel() { cancel_.store(true); }
    void wait();  // blocks until the worker has finished

  private:
    void set_stage(StickStage stage, int percent);
    mutable std::mutex mutex_;
    StickImportStatus status_;
    std::atomic<bool> cancel_{false};
    std::atomic<bool> running_{false};
    std::thread worker_;
};

// Of several packs found on one stick, the one whose signature claims the highest version
// (the claim is verified later); ties and unreadable signatures: the first by name.
std::string choose_pack(std::vector<std::string> pack_paths);

// The short report written back to the stick (kiosk/import-report.txt), zh then en.
std::string format_import_report(const StickImportStatus& status, const std::string& when_iso);

}  // namespace kiosk::update
