// The sync inbox (several kiosks, Syncthing): a folder another program fills with signed packs.
// A pack is taken only when it is complete (its signature beside it, no Syncthing temporary file
// for either) and Syncthing says the folder is idle with nothing left to fetch, or, when its REST
// API cannot be asked, the files have stopped changing for a while. Each form of the files (sizes,
// times) is tried once, so a refused pack is not refused again every few seconds, and a new one is.
// The folder is read on a worker (engine/sync_inbox), never on the render thread.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace kiosk::update {

// A complete pack in the inbox and the form it has now.
struct InboxPack {
    std::string path;  // the .pack; its signature is path + ".minisig"
    long long size = 0, mtime_ns = 0, sig_size = 0, sig_mtime_ns = 0;
    bool operator==(const InboxPack&) const = default;
};

// Syncthing writes a file under a temporary name and renames it when it is whole:
// ".syncthing.NAME.tmp" (and "~syncthing~NAME.tmp" on Windows peers).
bool is_sync_temporary(const std::string& file_name);

// The complete packs of `dir`: regular *.pack files (links refused, not followed) with a regular
// .minisig beside them and no temporary file of either. A missing or unreadable dir: none.
std::vector<InboxPack> list_inbox(const std::string& dir);

// What Syncthing's REST API says of the inbox folder (update/sync_rest.h).
enum class FolderSync {
    Unknown,  // not asked, or no answer: the files' stability alone decides
    Idle,     // idle, nothing left to fetch or delete: what is there is whole
    Busy,     // scanning, syncing, or files still to fetch: wait
};

// Syncthing saying "busy" for longer than this while a pack's files stay unchanged is not about
// that pack (another file that never comes, a peer gone mid-transfer): the pack is tried anyway,
// and its signature decides.
inline constexpr double kBusyLimitS = 600;
// With the folder idle a pack is taken once it looked the same on two scans, this far apart.
inline constexpr double kIdleSettleS = 1;

struct ReadyPack {
    std::string path;
    // Unchanged for stable_s: a refusal is final for this form. When false (taken early because
    // Syncthing said idle) a signature that does not verify may be a pair still arriving: the
    // caller calls wait_until_stable instead of reporting it.
    bool settled = false;
};

class InboxSettle {
  public:
    explicit InboxSettle(double stable_s) : stable_s_(stable_s) {}
    // The packs ready at `now` (seconds, any monotonic clock) and not yet tried in their present
    // form: unchanged for stable_s, or for kIdleSettleS when `sync` is Idle; when `sync` is Busy
    // only those unchanged for kBusyLimitS.
    std::vector<ReadyPack> ready(const std::vector<InboxPack>& packs, double now,
                                 FolderSync sync = FolderSync::Unknown);
    // Some pack in `packs` is not yet tried in its present form (Syncthing is worth asking).
    bool any_untried(const std::vector<InboxPack>& packs) const;
    // These packs were imported or refused in their present form: not again until they change.
    void tried(const std::vector<std::string>& paths);
    // This pack is taken again only once it has been unchanged for stable_s (or changes).
    void wait_until_stable(const std::string& path);

  private:
    struct Seen {
        InboxPack form;
        double since = 0;
        bool tried = false;
        bool wait_stable = false;
    };
    double stable_s_;
    std::map<std::string, Seen> seen_;
};

}  // namespace kiosk::update
