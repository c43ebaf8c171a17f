#include "kiosk/update/inbox.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <set>

namespace kiosk::update {
namespace {

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// lstat of a regular file in dir: false for links, folders, FIFOs and anything missing.
bool regular(int dir_fd, const std::string& name, struct stat& st) {
    return ::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
}

long long mtime_ns(const struct stat& st) {
    return static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
}

}  // namespace

bool is_sync_temporary(const std::string& name) {
    return (name.rfind(".syncthing.", 0) == 0 || name.rfind("~syncthing~", 0) == 0) &&
           ends_with(name, ".tmp");
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
    for (dirent* e = ::readdir(d); e != nullptr && names.size() < 10000; e = ::readdir(d)) {
        const std::string name = e->d_name;
        if (is_sync_temporary(name))
            in_transfer.insert(name.substr(11, name.size() - 11 - 4));  // both prefixes: 11
        else
            names.push_back(name);
    }
    std::vector<InboxPack> packs;
    for (const std::string& name : names) {
        if (!ends_with(name, ".pack") || in_transfer.count(name) ||
            in_transfer.count(name + ".minisig"))
            continue;
        struct stat pack {
        }, sig{};
        if (!regular(dir_fd, name, pack) || !regular(dir_fd, name + ".minisig", sig)) continue;
        packs.push_back({dir + "/" + name, static_cast<long long>(pack.st_size), mtime_ns(pack),
                         static_cast<long long>(sig.st_size), mtime_ns(sig)});
    }
    ::closedir(d);  // closes dir_fd
    std::sort(packs.begin(), packs.end(),
              [](const InboxPack& a, const InboxPack& b) { return a.path < b.path; });
    return packs;
}

std::vector<std::string> InboxSettle::ready(const std::vector<InboxPack>& packs, double now) {
    std::map<std::string, Seen> next;
    std::vector<std::string> out;
    for (const InboxPack& p : packs) {
        const auto old = seen_.find(p.path);
        Seen s = old != seen_.end() && old->second.form == p ? old->second : Seen{p, now, false};
        if (!s.tried && now - s.since >= stable_s_) out.push_back(p.path);
        next[p.path] = s;
    }
    seen_ = std::move(next);  // a pack gone from the inbox is forgotten
    return out;
}

void InboxSettle::tried(const std::vector<std::string>& paths) {
    for (const std::string& p : paths)
        if (const auto it = seen_.find(p); it != seen_.end()) it->second.tried = true;
}

}  // namespace kiosk::update
