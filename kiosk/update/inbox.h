// The sync inbox (several kiosks, Syncthing): a folder another program fills with signed packs.
// A pack is taken only when it is complete (its signature beside it, no Syncthing temporary file
// for either) and has stopped changing for a while; each form of the files (sizes, times) is tried
// once, so a refused pack is not refused again every few seconds, and a new one is.
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

class InboxSettle {
  public:
    explicit InboxSettle(double stable_s) : stable_s_(stable_s) {}
    // The packs (paths) unchanged for stable_s up to `now` (seconds, any monotonic clock) and not
    // yet tried in their present form.
    std::vector<std::string> ready(const std::vector<InboxPack>& packs, double now);
    // These packs were imported or refused in their present form: not again until they change.
    void tried(const std::vector<std::string>& paths);

  private:
    struct Seen {
        InboxPack form;
        double since = 0;
        bool tried = false;
    };
    double stable_s_;
    std::map<std::string, Seen> seen_;
};

}  // namespace kiosk::update
