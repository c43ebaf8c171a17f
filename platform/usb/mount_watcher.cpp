// PollingMountWatcher and the report writer. lstat everywhere: a symlinked "kiosk" folder on a
// stick is ignored rather than followed elsewhere.
#include "platform/usb/mount_watcher.h"

#include "platform/usb/stick_io.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace kiosk::platform {
namespace {

bool real_dir(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::vector<std::string> subdirs(const std::string& dir) {
    std::vector<std::string> out;
    DIR* d = ::opendir(dir.c_str());
    if (!d) return out;
    while (const dirent* e = ::readdir(d)) {
        const std::string name = e->d_name;
        if (name == "." || name == "..") continue;
        const std::string path = dir + "/" + name;
        if (real_dir(path)) out.push_back(path);
    }
    ::closedir(d);
    std::sort(out.begin(), out.end());
    return out;
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() > suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool writable(const std::string& mount) {
    struct statvfs vfs {};
    if (::statvfs(mount.c_str(), &vfs) != 0 || (vfs.f_flag & ST_RDONLY)) return false;
    return ::access((mount + "/kiosk").c_str(), W_OK) == 0;
}

}  // namespace

std::vector<std::string> find_packs(const std::string& mount) {
    std::vector<std::string> packs;
    const std::string dir = mount + "/kiosk";
    if (!real_dir(dir)) return packs;
    DIR* d = ::opendir(dir.c_str());
    if (!d) return packs;
    while (const dirent* e = ::readdir(d)) {
        const std::string name = e->d_name;
        if (ends_with(name, ".pack") && name[0] != '.') packs.push_back(dir + "/" + name);
    }
    ::closedir(d);
    std::sort(packs.begin(), packs.end());
    return packs;
}

std::string find_content_source(const std::string& mount) {
    struct stat st {};
    const std::string workbook = mount + "/kiosk/content.xlsx";
    if (::lstat(workbook.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return workbook;
    if (real_dir(mount + "/kiosk/content")) return mount + "/kiosk/content";
    return {};
}

PollingMountWatcher::PollingMountWatcher(std::vector<std::string> roots)
    : roots_(std::move(roots)) {}

std::vector<StickFound> PollingMountWatcher::poll() {
    std::vector<StickFound> found;
    std::map<std::string, bool> present;
    for (const auto& root : roots_) {
        for (const auto& level1 : subdirs(root)) {
            std::vector<std::string> candidates = {level1};
            if (!real_dir(level1 + "/kiosk")) candidates = subdirs(level1);  // /media/USER/LABEL
            for (const auto& mount : candidates) {
                if (!real_dir(mount + "/kiosk")) continue;
                auto packs = find_packs(mount);
                present[mount] = !packs.empty();
                const auto seen = reported_.find(mount);
                if (seen != reported_.end() && (seen->second || packs.empty())) continue;
                found.push_back(
                    {mount, std::move(packs), writable(mount), find_content_source(mount)});
            }
        }
    }
    gone_.clear();
    for (const auto& [mount, had_packs] : reported_)
        if (!present.count(mount)) gone_.push_back(mount);
    reported_ = std::move(present);  // a stick pulled out and plugged in again is new again
    return found;
}

struct MountWatchThread::Shared {
    std::unique_ptr<MountWatcher> watcher;
    std::function<void(const StickFound&)> on_found;
    std::function<void(const std::string&)> on_gone;
    std::mutex mutex;  // held while calling back, so no call back starts after stop
    std::condition_variable wake;
    bool stop = false, stopped = false;
};

MountWatchThread::MountWatchThread(std::unique_ptr<MountWatcher> watcher,
                                   std::chrono::milliseconds interval,
                                   std::function<void(const StickFound&)> on_found,
                                   std::function<void(const std::string& mount)> on_gone)
    : shared_(std::make_shared<Shared>()) {
    shared_->watcher = std::move(watcher);
    shared_->on_found = std::move(on_found);
    shared_->on_gone = std::move(on_gone);
    std::thread([s = shared_, interval] {
        std::unique_lock lock(s->mutex);
        while (!s->stop) {
            lock.unlock();
            const std::vector<StickFound> found = s->watcher->poll();  // may block on a stick
            const std::vector<std::string> gone = s->watcher->gone();
            lock.lock();
            if (s->stop) break;
            for (const auto& stick : found) s->on_found(stick);
            if (s->on_gone)
                for (const auto& mount : gone) s->on_gone(mount);
            s->wake.wait_for(lock, interval, [&] { return s->stop; });
        }
        s->stopped = true;
        s->wake.notify_all();
    }).detach();
}

MountWatchThread::~MountWatchThread() {
    std::unique_lock lock(shared_->mutex);
    shared_->stop = true;
    shared_->wake.notify_all();
    shared_->wake.wait_for(lock, std::chrono::seconds(2), [&] { return shared_->stopped; });
}

bool write_stick_report(const std::string& mount, const std::string& text) {
    try {
        const UniqueFd root = open_stick_root(mount);
        const UniqueFd kiosk = open_kiosk_folder(root.get(), false);
        write_stick_file(kiosk.get(), "import-report.txt", text);
        return true;
    } catch (const StickIoError&) {
        return false;
    }
}

}  // namespace kiosk::platform
