// import_pack: the stick is read once, into a private staging file; everything after that works
// on the local copy only. Sections: helpers · source checks · copy · install · import_pack
#include "kiosk/update/importer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "kiosk/update/checked_images.h"
#include "kiosk/update/digests.h"
#include "kiosk/update/install_state.h"
#include "kiosk/update/minisign.h"
#include "kiosk/update/pack_validator.h"
#include "kiosk/update/search_rebuild.h"
#include "platform/usb/stick_io.h"

namespace kiosk::update {
namespace {

constexpr long long kSignatureMax = 4096;
constexpr uint64_t kSpareBytes = 32ull << 20;  // keep the disk from filling to the last byte

// --- helpers ---
class Fd {
  public:
    explicit Fd(int fd = -1) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

std::string in_dir(const std::string& dir, const char* name) {
    return dir + "/" + name;
}

uint64_t statvfs_free(const std::string& dir) {
    struct statvfs vfs {};
    if (::statvfs(dir.c_str(), &vfs) != 0) return 0;
    return static_cast<uint64_t>(vfs.f_bavail) * vfs.f_frsize;
}

void check_cancel(const ImportOptions& o) {
    if (o.cancel && o.cancel->load())
        refuse(RefusalCode::Cancelled, "the import was cancelled", "导入已取消");
}

void report(const ImportOptions& o, ImportPhase phase, uint64_t done, uint64_t total) {
    if (o.progress) o.progress(phase, done, total);
}

[[noreturn]] void write_failed(int err, const char* what_en, const char* what_zh) {
    if (err == ENOSPC || err == EDQUOT)
        refuse(RefusalCode::NoRoom, "the kiosk's disk is full", "展示机磁盘已满");
    refuse(RefusalCode::WriteFailed, std::string(what_en) + ": " + std::strerror(err),
           std::string(what_zh) + "：" + std::strerror(err));
}

// --- source checks ---
// Opens a file from the stick through stick_io (no links, no FIFOs, only regular files), turning
// its errors into refusals.
[[noreturn]] void refuse_stick_file(const platform::StickIoError& e, const std::string& path,
                                    bool is_signature) {
    const std::string name = std::filesystem::path(path).filename().string();
    using Kind = platform::StickIoError::Kind;
    switch (e.kind) {
        case Kind::Missing:
            if (is_signature)
                refuse(RefusalCode::NoSignature, "the pack is not signed (" + name + " is missing)",
                       "内容包未签名（缺少 " + name + "）");
            break;
        case Kind::Link:
            refuse(RefusalCode::NotAFile, name + " is a link, not a pack file",
                   name + " 是链接，不是内容包文件");
        case Kind::NotRegular:
            refuse(RefusalCode::NotAFile, name + " is not an ordinary file (a folder or device?)",
                   name + " 不是普通文件（可能是文件夹或设备）");
        case Kind::TooBig:
            refuse(RefusalCode::BadSignatureFile, "the signature file has an impossible size",
                   "签名文件大小异常");
        case Kind::Failed:
            break;
    }
    refuse(RefusalCode::ReadFailed, name + " cannot be read: " + std::strerror(e.err),
           name + " 无法读取：" + std::strerror(e.err));
}

platform::UniqueFd open_regular(const std::string& path, struct stat& st) {
    try {
        return platform::open_stick_file(path, st);
    } catch (const platform::StickIoError& e) {
        refuse_stick_file(e, path, false);
    }
}

Signature read_signature(const std::string& path) {
    std::string text;
    try {
        text = platform::read_stick_file(path, kSignatureMax);
    } catch (const platform::StickIoError& e) {
        refuse_stick_file(e, path, true);
    }
    if (text.empty())
        refuse(RefusalCode::BadSignatureFile, "the signature file has an impossible size",
               "签名文件大小异常");
    return parse_signature(text);
}

// --- copy ---
struct Copied {
    Digest512 blake{};
    std::string sha256;
};

// Hashes the copied bytes on two threads (BLAKE2b-512 for the signature, SHA-256 for the reports)
// while the main thread reads and writes the next chunks: the copy then runs at the speed of its
// slowest part instead of the sum of all three. Chunks go round a ring of kRingChunks buffers;
// a buffer is refilled only after both hashers are done with it.
class OverlappedHashing {
  public:
    OverlappedHashing() : ring_(kRingChunks, std::vector<unsigned char>(kChunk)) {
        hashers_.emplace_back([this] {
            hash_all(0, [this](const unsigned char* p, size_t n) { blake_.update(p, n); });
        });
        hashers_.emplace_back([this] {
            hash_all(1, [this](const unsigned char* p, size_t n) { sha_.update(p, n); });
        });
    }
    ~OverlappedHashing() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        changed_.notify_all();
        for (auto& t : hashers_)
            if (t.joinable()) t.join();
    }
    OverlappedHashing(const OverlappedHashing&) = delete;
    OverlappedHashing& operator=(const OverlappedHashing&) = delete;

    // The next buffer to fill; waits until both hashers have finished with it.
    unsigned char* next_buffer() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] {
            return failure_ || produced_ - std::min(consumed_[0], consumed_[1]) < kRingChunks;
        });
        if (failure_) std::rethrow_exception(failure_);
        return ring_[produced_ % kRingChunks].data();
    }
    // The buffer from next_buffer() holds `size` bytes to hash.
    void hash(size_t size) {
        {
            std::lock_guard lock(mutex_);
            sizes_[produced_ % kRingChunks] = size;
            ++produced_;
        }
        changed_.notify_all();
    }
    Copied finish() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        changed_.notify_all();
        for (auto& t : hashers_) t.join();
        if (failure_) std::rethrow_exception(failure_);
        Copied out;
        out.blake = blake_.finish();
        out.sha256 = sha_.finish_hex();
        return out;
    }
    static constexpr size_t kChunk = 4 << 20;

  private:
    static constexpr uint64_t kRingChunks = 4;

    template <typename Update>
    void hash_all(int hasher, const Update& update) {
        try {
            for (;;) {
                uint64_t chunk = 0;
                size_t size = 0;
                {
                    std::unique_lock lock(mutex_);
                    changed_.wait(lock, [&] { return stopping_ || consumed_[hasher] < produced_; });
                    if (consumed_[hasher] == produced_) return;  // stopping, all hashed
                    chunk = consumed_[hasher];
                    size = sizes_[chunk % kRingChunks];
                }
                update(ring_[chunk % kRingChunks].data(), size);
                {
                    std::lock_guard lock(mutex_);
                    ++consumed_[hasher];
                }
                changed_.notify_all();
            }
        } catch (...) {
            std::lock_guard lock(mutex_);
            if (!failure_) failure_ = std::current_exception();
            changed_.notify_all();
        }
    }

    std::vector<std::vector<unsigned char>> ring_;
    size_t sizes_[kRingChunks] = {};
    uint64_t produced_ = 0;
    uint64_t consumed_[2] = {0, 0};
    bool stopping_ = false;
    std::exception_ptr failure_;
    std::mutex mutex_;
    std::condition_variable changed_;
    Blake2b512 blake_;
    Sha256 sha_;
    std::vector<std::thread> hashers_;
};

Copied copy_to_staging(int src, uint64_t size, int dst, const std::string& staging,
                       DurableSteps& steps, const ImportOptions& o) {
    // A stick is read once, front to back: a larger read-ahead window keeps it streaming.
    ::posix_fadvise(src, 0, 0, POSIX_FADV_SEQUENTIAL);
    constexpr size_t kChunk = OverlappedHashing::kChunk;
    OverlappedHashing hashing;
    uint64_t done = 0;
    report(o, ImportPhase::Copying, 0, size);
    for (;;) {
        check_cancel(o);
        unsigned char* buf = hashing.next_buffer();
        const size_t want = static_cast<size_t>(std::min<uint64_t>(kChunk, size + 1 - done));
        const long n =
            o.read_source ? o.read_source(src, buf, want) : platform::read_stick(src, buf, want);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            refuse(RefusalCode::ReadFailed, "reading the stick failed (was it pulled out?)",
                   "读取U盘失败（U盘是否被拔出？）");
        if (n == 0) break;
        // The stick's pages are read once: let them go now, and the staging write below reuses
        // them. On this VM a page the cache has not used before costs ~13 µs (the host hands it
        // back), which made the copy of a 2.7 GB pack ~9 s instead of ~1 s (issue 18).
        ::posix_fadvise(src, static_cast<off_t>(done), n, POSIX_FADV_DONTNEED);
        done += static_cast<uint64_t>(n);
        if (done > size)
            refuse(RefusalCode::ReadFailed, "the pack changed while it was being copied",
                   "复制过程中内容包发生了变化");
        if (const int err = steps.write_all(dst, buf, static_cast<size_t>(n), staging))
            write_failed(err, "copying to the kiosk's disk failed", "复制到展示机磁盘失败");
        hashing.hash(static_cast<size_t>(n));
        report(o, ImportPhase::Copying, done, size);
    }
    if (done != size)
        refuse(RefusalCode::ReadFailed, "the pack ended early (was the stick pulled out?)",
               "内容包提前结束（U盘是否被拔出？）");
    // No fsync here: it waits until just before the switch (see EarlyWriteback), so the copy is
    // written out while the checks decode images instead of before them.
    return hashing.finish();
}

// Starts writing the staged copy to the disk while the checks decode images. Left alone, the
// kernel keeps most of a large pack dirty in memory until the fsync before the switch, which
// then waits for all of it (~1 s here; far longer on a slow eMMC). This is only a head start:
// that fsync is still what makes the copy durable. Joined before the file is closed.
class EarlyWriteback {
  public:
    explicit EarlyWriteback(int fd)
        : thread_([fd] { ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE); }) {}
    ~EarlyWriteback() { thread_.join(); }
    EarlyWriteback(const EarlyWriteback&) = delete;
    EarlyWriteback& operator=(const EarlyWriteback&) = delete;

  private:
    std::thread thread_;
};

// --- install ---
// current.db is the old or the new pack at every instant; previous.db keeps the old one.
// The version high-water mark follows the switch: before it, the mark would refuse this same
// pack's retry after a crash. A mark that cannot be written fails nothing, since the switch is
// done: the installed version holds the floor, and a rollback raises the mark before dropping it.
void install(const std::string& dir, const std::string& staging, uint64_t staging_inode,
             int64_t version, DurableSteps& steps) {
    const std::string current = in_dir(dir, kCurrentPackName);
    const std::string previous = in_dir(dir, kPreviousPackName);
    const std::string previous_tmp = previous + ".tmp";
    int err = write_trial_state(dir, TrialState{staging_inode, 0}, steps);
    if (!err && !installed_pack_path(dir).empty()) {
        err = steps.unlink(previous_tmp);
        if (!err) err = steps.link(current, previous_tmp);
        if (!err) err = steps.rename(previous_tmp, previous);
    }
    if (!err) err = steps.rename(staging, current);
    if (!err) err = steps.fsync_dir(dir);
    if (err) write_failed(err, "switching to the new pack failed", "切换到新内容包失败");
    write_version_high_water(dir, version, steps);
}

// The records of the images just installed, beside those of the pack now kept as previous.db,
// written after the switch: a power cut before this leaves records that name no installed pack
// file (read_installed_records skips them), so the next import checks every image. Failing to
// write costs only that shortcut, never the install. Returns 0 or errno.
int record_checked_images(const std::string& dir, const PackFileId& installed,
                          const ImageRecords& images, const InstalledRecords& before,
                          DurableSteps& steps) {
    CheckedImagesFile file;
    file.packs.emplace_back(installed, images.passed);
    const auto previous = pack_file_id(in_dir(dir, kPreviousPackName));
    if (before.current_id && previous && *previous == *before.current_id)
        file.packs.emplace_back(*previous, before.current);
    return write_checked_images(dir, file, steps);
}

// The two steps both ways in (import_pack, install_built_pack) share around their own checks.
// The staged pack, validated against the records of the installed packs' images.
struct CheckedPack {
    InstalledRecords before;  // read before the switch: it names the packs installed then
    ImageRecords images;
    PackInfo info;
};

CheckedPack check_staged(const std::string& dir, const std::string& staging,
                         const CheckProgress& progress, const std::atomic<bool>* cancel) {
    CheckedPack out;
    out.before = read_installed_records(dir);
    out.images.known = &out.before.known;
    out.info = validate_pack_file(staging, {}, progress, cancel, &out.images);
    out.images.known = nullptr;  // only the validation reads it, and `out` may move
    return out;
}

// Makes the staged pack (fd open on it) durable and switches to it, then puts its images on
// record and fills in the result's pack and counts. A record not written is told, not refused.
void switch_to_staged(const std::string& dir, const std::string& staging, int fd,
                      const CheckedPack& pack, DurableSteps& steps, ImportResult& result) {
    if (const int err = steps.fsync_file(fd, staging))
        write_failed(err, "saving to the kiosk's disk failed", "保存到展示机磁盘失败");
    // The file as it stays (no write after the fsync): its inode for the trial, its id for the
    // records.
    errno = 0;
    const auto id = pack_file_id(fd);
    if (!id) write_failed(errno ? errno : EIO, "opening the new pack failed", "打开新内容包失败");
    install(dir, staging, id->inode, pack.info.pack_version, steps);
    if (const int err = record_checked_images(dir, *id, pack.images, pack.before, steps))
        result.records_unwritten = std::strerror(err);
    result.info = pack.info;
    result.images = pack.images.rows;
    result.images_checked = pack.images.rows_decoded;
    result.records_unusable = pack.before.unusable;
}

// The installed pack's version, for the report (0: none, or unreadable).
int64_t installed_version(const std::string& dir) {
    const std::string current = installed_pack_path(dir);
    if (current.empty()) return 0;
    try {
        return read_pack_info(current).pack_version;
    } catch (const RefusedError&) {
        return 0;  // unreadable installed pack: the high-water mark still holds the floor
    }
}

VersionComment signed_version(const Signature& sig) {
    const auto comment = parse_version_comment(sig.trusted_comment);
    if (!comment)
        refuse(RefusalCode::BadSignatureFile,
               "the signature carries no version (sign with kiosk-pack sign, or minisign -t "
               "\"version=N\")",
               "签名中没有版本号（请用 kiosk-pack sign 或 minisign -t \"version=N\" 签名）");
    return *comment;
}

ImportResult run_import(const std::string& pack_path, const ImportOptions& o, DurableSteps& steps) {
    ImportResult result;
    const std::string& dir = o.data_dir;
    const std::string staging = in_dir(dir, kStagingName);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);

    // 1. Work before trust: no byte of the pack is read until its signature file names a trusted
    // key, that key signed the signature's comment, and the comment's version is newer.
    struct stat st {};
    const platform::UniqueFd src = open_regular(pack_path, st);
    const uint64_t size = static_cast<uint64_t>(st.st_size);
    if (size == 0)
        refuse(RefusalCode::Empty, "the pack file is empty (0 bytes)", "内容包文件为空（0 字节）");
    if (static_cast<long long>(size) > o.max_pack_bytes)
        refuse(RefusalCode::TooBig,
               "the pack is too big (" + std::to_string(size >> 20) + " MiB; the limit is " +
                   std::to_string(o.max_pack_bytes >> 20) + " MiB)",
               "内容包过大（" + std::to_string(size >> 20) + " MiB，上限 " +
                   std::to_string(o.max_pack_bytes >> 20) + " MiB）");
    const Signature sig = read_signature(pack_path + ".minisig");
    const std::vector<PublicKey> signers = keys_vouching_for(sig, load_trusted_keys(o.keys_dir));
    const VersionComment comment = signed_version(sig);
    result.previous_version = installed_version(dir);
    const int64_t floor = version_floor(dir);
    if (!o.force && comment.version <= floor)
        refuse(RefusalCode::NotNewer,
               "the pack's version " + std::to_string(comment.version) + " is not newer than " +
                   std::to_string(floor) + ", the newest installed on this kiosk",
               "内容包版本 " + std::to_string(comment.version) + " 不比本机装过的最新版本 " +
                   std::to_string(floor) + " 新");

    // 2. Copy to a private staging file, hashing while copying. A staging file left by an import
    // cut short would count against the free space.
    if (const int err = steps.unlink(staging))
        write_failed(err, "clearing old files failed", "清理旧文件失败");
    const uint64_t free_bytes = o.free_bytes ? o.free_bytes(dir) : statvfs_free(dir);
    if (free_bytes < size + kSpareBytes)
        refuse(RefusalCode::NoRoom,
               "the kiosk's disk lacks room (" + std::to_string((size + kSpareBytes) >> 20) +
                   " MiB needed, " + std::to_string(free_bytes >> 20) + " MiB free)",
               "展示机磁盘空间不足（需要 " + std::to_string((size + kSpareBytes) >> 20) +
                   " MiB，剩余 " + std::to_string(free_bytes >> 20) + " MiB）");
    Fd dst(::open(staging.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (dst.get() < 0) write_failed(errno, "creating the staging file failed", "创建暂存文件失败");
    const Copied copied = copy_to_staging(src.get(), size, dst.get(), staging, steps, o);

    // 3. Verify the signature over the local copy's hash.
    report(o, ImportPhase::Verifying, 0, 1);
    const PublicKey signer = verify_digest(sig, signers, copied.blake);
    report(o, ImportPhase::Verifying, 1, 1);

    // 4–6. Open with SQLite's defences; schema, rows, images. The disk writes meanwhile; a pack
    // refused before this point (most refusals: signature, version) is not pushed out early.
    check_cancel(o);
    const EarlyWriteback writeback(dst.get());
    const CheckedPack pack = check_staged(
        dir, staging,
        [&](double f) { report(o, ImportPhase::Checking, static_cast<uint64_t>(f * 1000), 1000); },
        o.cancel);
    const PackInfo& info = pack.info;
    if (info.pack_version != comment.version)
        refuse(RefusalCode::BadSignatureFile,
               "the signature says version " + std::to_string(comment.version) +
                   " but the pack is version " + std::to_string(info.pack_version),
               "签名中的版本 " + std::to_string(comment.version) + " 与内容包版本 " +
                   std::to_string(info.pack_version) + " 不符");
    check_cancel(o);
    // The index a visitor searches is built here from the checked rows, never taken from the pack.
    rebuild_search_index(staging);

    // 7. Make the copy durable, then switch atomically.
    report(o, ImportPhase::Installing, 0, 1);
    switch_to_staged(dir, staging, dst.get(), pack, steps, result);
    report(o, ImportPhase::Installing, 1, 1);
    report(o, ImportPhase::Done, 1, 1);
    result.ok = true;
    result.sha256 = copied.sha256;
    result.key_id = key_id_hex(signer.id);
    return result;
}

}  // namespace

namespace {
// 1200 → "1,200", in both languages' summaries.
std::string grouped(long long n) {
    const std::string digits = std::to_string(n);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}
}  // namespace

std::string images_summary(const ImportResult& r) {
    std::string out = "checked " + grouped(r.images_checked) + " of " + grouped(r.images) +
                      " pictures, " + grouped(r.images - r.images_checked) + " unchanged";
    if (!r.records_unusable.empty())
        out += " (the records of checked images were not used: " + r.records_unusable + ")";
    if (!r.records_unwritten.empty())
        out += " (the records of this pack's images could not be written: " + r.records_unwritten +
               ")";
    return out;
}

std::string images_summary_zh(const ImportResult& r) {
    std::string out = "检查 " + grouped(r.images_checked) + " / " + grouped(r.images) +
                      " 张图片，" + grouped(r.images - r.images_checked) + " 张未变";
    if (!r.records_unusable.empty()) out += "（未使用已检查图片的记录）";
    if (!r.records_unwritten.empty()) out += "（本包图片的检查记录未能写入）";
    return out;
}

const char* phase_name(ImportPhase phase) {
    switch (phase) {
        case ImportPhase::Copying:
            return "copying";
        case ImportPhase::Verifying:
            return "verifying";
        case ImportPhase::Checking:
            return "checking";
        case ImportPhase::Installing:
            return "installing";
        case ImportPhase::Done:
            return "done";
    }
    return "?";
}

namespace {

// The lock, and every failure turned into a refusal; the staging file never outlives a failure.
template <typename Run>
ImportResult guarded(const ImportOptions& options, const Run& run) {
    DurableSteps steps(options.step_hook);
    std::error_code ec;
    std::filesystem::create_directories(options.data_dir, ec);
    const ImportLock lock(options.data_dir);
    if (!lock.held()) {  // before the try: the staging file is the other import's
        ImportResult busy;
        busy.refusal = lock.refusal();
        return busy;
    }
    try {
        return run(steps);
    } catch (const RefusedError& e) {
        ::unlink(
            in_dir(options.data_dir, kStagingName).c_str());  // not durable: a leftover is harmless
        ImportResult refused;
        refused.refusal = e.refusal;
        return refused;
    } catch (const std::exception& e) {
        ::unlink(in_dir(options.data_dir, kStagingName).c_str());
        ImportResult failed;
        failed.refusal =
            make_refusal(RefusalCode::WriteFailed, std::string("unexpected error: ") + e.what(),
                         std::string("意外错误：") + e.what());
        return failed;
    }
}

}  // namespace

ImportResult import_pack(const std::string& pack_path, const ImportOptions& options) {
    return guarded(options,
                   [&](DurableSteps& steps) { return run_import(pack_path, options, steps); });
}

ImportResult install_built_pack(const std::string& pack_path, const ImportOptions& options) {
    return guarded(options, [&](DurableSteps& steps) {
        const std::string& dir = options.data_dir;
        const std::string staging = in_dir(dir, kStagingName);
        ImportResult result;
        result.previous_version = installed_version(dir);
        // A second name for the file: the preview may still read it by its own name.
        if (const int err = steps.unlink(staging))
            write_failed(err, "clearing old files failed", "清理旧文件失败");
        if (::link(pack_path.c_str(), staging.c_str()) != 0)
            write_failed(errno, "preparing the new pack failed", "准备新内容包失败");
        Fd fd(::open(staging.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
        if (fd.get() < 0) write_failed(errno, "opening the new pack failed", "打开新内容包失败");
        report(options, ImportPhase::Checking, 0, 1000);
        const CheckedPack pack = check_staged(dir, staging, {}, options.cancel);
        const PackInfo& info = pack.info;
        const int64_t floor = version_floor(dir);
        if (!options.force && info.pack_version <= floor)
            refuse(RefusalCode::NotNewer,
                   "the pack's version " + std::to_string(info.pack_version) +
                       " is not newer than " + std::to_string(floor) +
                       ", the newest installed on this kiosk",
                   "内容包版本 " + std::to_string(info.pack_version) + " 不比本机装过的最新版本 " +
                       std::to_string(floor) + " 新");
        report(options, ImportPhase::Installing, 0, 1);
        result.sha256 = sha256_file(staging);
        switch_to_staged(dir, staging, fd.get(), pack, steps, result);
        report(options, ImportPhase::Done, 1, 1);
        result.ok = true;
        return result;
    });
}

}  // namespace kiosk::update
