#include "kiosk/update/inbox.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <set>
#include <string_view>

namespace kiosk::update {
namespace {

constexpr size_t kMaxEntries = 10000;

// lstat of a regular file in dir: false for links, folders, FIFOs and anything missing.
bool regular(int dir_fd, const std::string& name, struct stat& st) {
    return ::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
}

long long mtime_ns(const struct stat& st) {
    return static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
}

}  // namespace

// Syncthing's temporary names: PREFIX + the file's name + ".tmp"; both prefixes are as long.
constexpr std::string_view kTempPrefixes[] = {".syncthing.", "~syncthing~"};
constexpr std::string_view kTempSuffix = ".tmp";

bool is_sync_temporary(const std::string& name) {
    const std::string_view n = name;
    return (n.starts_with(kTempPrefixes[0]) || n.starts_with(kTempPrefixes[1])) &&
           n.ends_with(kTempSuffix) && n.size() > kTempPrefixes[0].size() + kTempSuffix.size();
}

std::vector<InboxPack> list_inbox(const std::string& dir) {
    const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dir_fd < 0) return {};
    DIR* d = ::fdopendir(dir_fd);
    if (d == nullptr) {
        ::close(dir_fd);
        return {};
    }
    std::vector<std::string> names;
    std::set<std::string> in_transfer;  // names a temporary file stands for
    // At most kMaxEntries entries are looked at, temporaries included: a flood of files named
    // like anything costs a bounded scan.
    size_t entries = 0;
    for (dirent* e = ::readdir(d); e != nullptr && entries < kMaxEntries; e = ::readdir(d)) {
        ++entries;
        const std::string name = e->d_name;
        if (is_sync_temporary(name))
            in_transfer.insert(
                name.substr(kTempPrefixes[0].size(),
                            name.size() - kTempPrefixes[0].size() - kTempSuffix.size()));
        else
            names.push_back(name);
    }
    std::vector<InboxPack> packs;
    for (const std::string& name : names) {
        if (!std::string_view(name).ends_with(".pack") || in_transfer.count(name) ||
            in_transfer.count(name + ".minisig"))
            continue;
        struct stat pack {
        }, sig{};
        if (!regular(::dirfd(d), name, pack) || !regular(::dirfd(d), name + ".minisig", sig))
            continue;
        packs.push_back({dir + "/" + name, static_cast<long long>(pack.st_size), mtime_ns(pack),
                         static_cast<long long>(sig.st_size), mtime_ns(sig)});
    }
    ::closedir(d);  // closes dir_fd
    std::sort(packs.begin(), packs.end(),
              [](const InboxPack& a, const InboxPack& b) { return a.path < b.path; });
    return packs;
}

std::vector<ReadyPack> InboxSettle::ready(const std::vector<InboxPack>& packs, double now,
                                          FolderSync sync) {
    std::map<std::string, Seen> next;
    std::vector<ReadyPack> out;
    for (const InboxPack& p : packs) {
        const auto old = seen_.find(p.path);
        Seen s = old != seen_.end() && old->second.form == p ? old->second : Seen{p, now};
        const double unchanged = now - s.since;
        const bool settled = unchanged >= stable_s_;
        bool take = false;
        switch (sync) {
            case FolderSync::Unknown:
                take = settled;
                break;
            case FolderSync::Idle:
                take = settled || (!s.wait_stable && unchanged >= kIdleSettleS);
                break;
            case FolderSync::Busy:
                take = unchanged >= std::max(kBusyLimitS, stable_s_);
                break;
        }
        if (!s.tried && take) out.push_back({p.path, settled});
        next[p.path] = s;
    }
    seen_ = std::move(next);  // a pack gone from the inbox is forgotten
    return out;
}

bool InboxSettle::any_untried(const std::vector<InboxPack>& packs) const {
    for (const InboxPack& p : packs) {
        const auto it = seen_.find(p.path);
        if (it == seen_.end() || !(it->second.form == p) || !it->second.tried) return true;
    }
    return false;
}

void InboxSettle::wait_until_stable(const std::string& path) {
    if (const auto it = seen_.find(path); it != seen_.end()) it->second.wait_stable = true;
}

void InboxSettle::tried(const std::vector<std::string>& paths) {
    for (const std::string& p : paths)
        if (const auto it = seen_.find(p); it != seen_.end()) it->second.tried = true;
}

}  // namespace kiosk::update
