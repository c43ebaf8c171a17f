// Numbered durable file-system steps (write, fsync, rename, link, unlink) with a hook, so a test
// can stop the importer at step k: KIOSK_CRASH_AT_STEP=k makes the process SIGKILL itself just
// before step k, and a StepHook can inject a failure (e.g. ENOSPC) into any step.
#pragma once

#include <functional>
#include <string>

namespace kiosk::update {

enum class StepKind { Write, Fsync, Rename, Link, Unlink };
const char* step_kind_name(StepKind kind);

// Called before step `number` (1-based); returning an errno value makes that step fail with it.
using StepHook = std::function<int(int number, StepKind kind, const std::string& what)>;

class DurableSteps {
  public:
    explicit DurableSteps(StepHook hook = {});
    int steps_done() const { return count_; }

    // Each returns 0 or an errno value (never throws).
    int write_all(int fd, const void* data, size_t size, const std::string& what);
    int fsync_file(int fd, const std::string& what);
    int fsync_dir(const std::string& dir);
    int rename(const std::string& from, const std::string& to);
    int link(const std::string& from, const std::string& to);
    int unlink(const std::string& path);  // ENOENT counts as done

    // Whole small file, atomically: temp, write, fsync, rename, fsync dir. Returns 0 or errno.
    int replace_file(const std::string& path, const std::string& content);

  private:
    int begin(StepKind kind, const std::string& what);
    StepHook hook_;
    int crash_at_ = 0;
    int count_ = 0;
};

}  // namespace kiosk::update
