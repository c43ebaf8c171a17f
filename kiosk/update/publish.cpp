// Publishing the installed pack from the publisher kiosk; see publish.h.
// Sections: messages · the key · the pack and its signature · publish
#include "kiosk/update/publish.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "kiosk/update/digests.h"
#include "kiosk/update/fleet_status.h"
#include "kiosk/update/install_state.h"
#include "kiosk/update/minisign.h"
#include "kiosk/update/pack_validator.h"
#include "kiosk/update/refusal.h"
#include "platform/usb/stick_io.h"

namespace kiosk::update {
namespace {

// A secret key file is a few hundred bytes; anything larger is not one.
constexpr size_t kKeyFileMax = 4096;
// The fix for a missing or bad key (as root: /usr/lib/jbnm-kiosk/kiosk-sync-setup).
constexpr const char* kSetupPublisher = "kiosk-sync-setup --publisher";

// --- messages ---
// Why publishing stopped: one line each, what is wrong then what to do, Chinese first.
struct PublishFailed {
    Bilingual message;
    std::string log_line;
};

[[noreturn]] void fail(std::string zh, std::string en, std::string log_line = {}) {
    if (log_line.empty()) log_line = en;
    throw PublishFailed{{std::move(zh), std::move(en)}, std::move(log_line)};
}

[[noreturn]] void fail_disk(int err, const std::string& what) {
    const std::string why = std::strerror(err);
    if (err == ENOSPC)
        fail("数据盘空间不足，未发布；请在员工面板查看剩余磁盘，清理后再试",
             "The data disk is full; nothing was published. Free some space, then try again",
             what + ": " + why);
    if (err == EXDEV)
        fail("同步收件箱与数据文件夹不在同一磁盘上，未发布；请把 sync_inbox 设在数据文件夹内",
             "The sync inbox is on another disk than the data folder; nothing was published. "
             "Put sync_inbox inside the data folder",
             what + ": " + why);
    fail("写入失败（" + why + "），未发布；请稍后再试，仍失败请查看日志",
         "Writing failed (" + why +
             "); nothing was published. Try again later; if it fails "
             "again, read the log",
         what + ": " + why);
}

// After the pack is in the inbox: receivers refuse it until its signature follows (the old one
// does not verify it), and a second try mends it.
[[noreturn]] void fail_halfway(int err, const std::string& what) {
    const std::string why = std::strerror(err);
    fail("发布只完成了一半（" + why + "）：其他展台不会接受缺少签名的内容包；请再点一次发布",
         "Publishing stopped halfway (" + why +
             "): no kiosk takes the pack without its signature. Tap Publish again",
         what + ": " + why);
}

// --- the key ---
// The publisher's secret key, read as a hostile file: a regular file only (no link, no FIFO, no
// device), bounded, unencrypted (the kiosk has nobody to ask for a password).
// A key the kiosk cannot use: what is wrong with it (the path goes to the log), and the fix. Each
// fix but a permission one is a new key: the old file deleted, the setup run again.
[[noreturn]] void key_unusable(const std::string& path, const std::string& zh,
                               const std::string& en, bool new_key = true) {
    const std::string name = std::filesystem::path(path).filename().string();
    if (!new_key)
        fail("发布密钥" + zh, "The publishing key " + en, "publishing key " + path + ": " + en);
    fail("发布密钥" + zh + "；请管理员删除 " + name + "，再运行 " + kSetupPublisher,
         "The publishing key " + en + "; an admin deletes " + name + ", then runs " +
             kSetupPublisher,
         "publishing key " + path + ": " + en);
}

SecretKey read_publish_key(const std::string& path) {
    std::string text;
    try {
        text = platform::read_stick_file(path, kKeyFileMax);
    } catch (const platform::StickIoError& e) {
        using Kind = platform::StickIoError::Kind;
        if (e.kind == Kind::Missing)
            fail(std::string("没有发布密钥；请管理员运行 ") + kSetupPublisher,
                 std::string("There is no publishing key; an admin runs ") + kSetupPublisher,
                 "publishing key " + path + ": missing");
        if (e.kind == Kind::Link || e.kind == Kind::NotRegular)
            key_unusable(path, "不是普通文件（链接或其他），已拒绝",
                         "is not a plain file (a link or other) and was refused");
        if (e.kind == Kind::TooBig) key_unusable(path, "不是密钥文件", "is not a key file");
        const std::string why = std::strerror(e.err);
        key_unusable(path, "无法读取（" + why + "）；请管理员设为 root:kiosk 0640",
                     "cannot be read (" + why + "); an admin makes it root:kiosk 0640", false);
    }
    bool needs_password = false;
    try {
        needs_password = secret_key_needs_password(text);
        if (!needs_password) {
            SecretKey key = parse_secret_key(text);
            sodium_memzero(text.data(), text.size());
            return key;
        }
    } catch (const RefusedError&) {
        // not a key: said below
    }
    sodium_memzero(text.data(), text.size());
    if (needs_password)
        key_unusable(path, "设有密码，展示机无法使用",
                     "is password-protected, which the kiosk cannot use");
    key_unusable(path, "无法识别", "is not a key the kiosk can read");
}

// Zeroes the secret key however publishing ends.
struct WipedKey {
    SecretKey key;
    ~WipedKey() { sodium_memzero(key.sk.data(), key.sk.size()); }
};

// --- the pack and its signature ---
// Temporary files in the data dir, removed unless renamed into the inbox.
class TempFile {
  public:
    explicit TempFile(std::string path) : path_(std::move(path)) {
        ::unlink(path_.c_str());  // one left by a publish cut short
        fd_ = platform::UniqueFd(
            ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
        if (fd_.get() < 0) fail_disk(errno, "create " + path_);
    }
    ~TempFile() {
        if (!renamed_) ::unlink(path_.c_str());
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    int fd() const { return fd_.get(); }
    const std::string& path() const { return path_; }
    void renamed() { renamed_ = true; }

  private:
    std::string path_;
    platform::UniqueFd fd_;
    bool renamed_ = false;
};

// Copies the installed pack (opened once: an import that replaces it meanwhile does not change
// what is copied) into `out`, fsynced; returns the BLAKE2b-512 of the bytes copied.
Digest512 copy_installed(const std::string& installed, TempFile& out, DurableSteps& steps) {
    struct stat st {};
    platform::UniqueFd in;
    try {
        in = platform::open_stick_file(installed, st);
    } catch (const platform::StickIoError& e) {
        fail("已安装的内容包无法读取，未发布；请重新导入内容包后再试",
             "The installed pack cannot be read; nothing was published. Import the pack again, "
             "then try again",
             std::string("installed pack unreadable: ") + e.what());
    }
    Blake2b512 hash;
    std::vector<char> buffer(1 << 20);
    for (;;) {
        const ssize_t n = ::read(in.get(), buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail_disk(errno, "read " + installed);
        if (n == 0) break;
        hash.update(buffer.data(), static_cast<size_t>(n));
        if (const int err =
                steps.write_all(out.fd(), buffer.data(), static_cast<size_t>(n), out.path()))
            fail_disk(err, "write " + out.path());
    }
    if (const int err = steps.fsync_file(out.fd(), out.path())) fail_disk(err, "fsync");
    return hash.finish();
}

void write_signature(TempFile& out, const std::string& text, DurableSteps& steps) {
    if (const int err = steps.write_all(out.fd(), text.data(), text.size(), out.path()))
        fail_disk(err, "write " + out.path());
    if (const int err = steps.fsync_file(out.fd(), out.path())) fail_disk(err, "fsync");
}

PublicKey public_half(const SecretKey& key) {
    PublicKey pub;
    pub.id = key.id;
    std::memcpy(pub.pk.data(), key.sk.data() + 32, pub.pk.size());
    return pub;
}

void require_inbox(const std::string& inbox) {
    if (inbox.empty())
        fail(
            "这台展示机没有同步收件箱（配置 sync_inbox 为空），无法发布；请管理员运行 install.sh "
            "--sync",
            "This kiosk has no sync inbox (sync_inbox is empty), so it cannot publish; an admin "
            "runs install.sh --sync");
    struct stat st {};
    if (::stat(inbox.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        fail(std::string("同步收件箱不存在，未发布；请管理员运行 ") + kSetupPublisher,
             std::string("The sync inbox does not exist; nothing was published. An admin runs ") +
                 kSetupPublisher,
             "the sync inbox " + inbox + " does not exist");
}

PublishResult publish(const PublishOptions& o) {
    if (o.key_path.empty())
        fail(std::string("这台展示机不是发布机（配置 publish_key 为空）；请管理员运行 ") +
                 kSetupPublisher,
             std::string("This kiosk is not a publisher (publish_key is empty); an admin runs ") +
                 kSetupPublisher);
    require_inbox(o.inbox_dir);
    const std::string installed = installed_pack_path(o.data_dir);
    if (installed.empty())
        fail("这台展示机显示的是内置内容，没有可发布的内容包；请先导入或接受一个工作簿",
             "This kiosk shows the built-in content: there is no pack to publish. Import a pack "
             "or accept a workbook first");
    const WipedKey secret{read_publish_key(o.key_path)};

    DurableSteps steps(o.step_hook);
    TempFile pack(o.data_dir + "/" + kPublishPackTemp);
    const Digest512 digest = copy_installed(installed, pack, steps);
    PackInfo info;
    try {
        info = read_pack_info(pack.path());
    } catch (const std::exception& e) {
        fail("已安装的内容包无法读取，未发布；请重新导入内容包后再试",
             "The installed pack cannot be read; nothing was published. Import the pack again, "
             "then try again",
             std::string("installed pack unreadable: ") + e.what());
    }
    const Signature sig =
        sign_digest(secret.key, digest, make_version_comment(info.pack_version, info.built_at));
    try {  // a key file whose halves do not belong together signs what no kiosk accepts
        verify_digest(sig, {public_half(secret.key)}, digest);
    } catch (const RefusedError&) {
        key_unusable(o.key_path, "已损坏（签名无法验证），未发布",
                     "is damaged (its signature does not verify); nothing was published");
    }
    TempFile signature(o.data_dir + "/" + kPublishSigTemp);
    write_signature(signature, format_signature(sig), steps);

    const std::string host = o.host.empty() ? this_host_name() : o.host;
    const std::string target = o.inbox_dir + "/" + published_pack_name(host);
    // The pack first: until its signature follows, receivers find no pair that verifies.
    if (const int err = steps.rename(pack.path(), target)) fail_disk(err, "rename to " + target);
    pack.renamed();
    if (const int err = steps.rename(signature.path(), target + ".minisig"))
        fail_halfway(err, "rename to " + target + ".minisig");
    signature.renamed();
    if (const int err = steps.fsync_dir(o.inbox_dir)) fail_halfway(err, "fsync " + o.inbox_dir);

    PublishResult r;
    r.ok = true;
    r.version = info.pack_version;
    r.key_id = key_id_hex(secret.key.id);
    r.pack_path = target;
    const std::string v = std::to_string(info.pack_version);
    r.message = {"已发布第 " + v + " 版，其他展台将自动更新",
                 "Published version " + v + "; the other kiosks follow"};
    r.log_line = "published version " + v + " as " + target + ", signed with key " + r.key_id;
    return r;
}

}  // namespace

void remove_publish_leftovers(const std::string& data_dir) {
    for (const char* name : {kPublishPackTemp, kPublishSigTemp})
        ::unlink((data_dir + "/" + name).c_str());
}

std::string published_pack_name(const std::string& host) {
    return host + ".pack";
}

PublishResult publish_installed_pack(const PublishOptions& options) {
    try {
        return publish(options);
    } catch (const PublishFailed& f) {
        PublishResult r;
        r.message = f.message;
        r.log_line = "publishing refused: " + f.log_line;
        return r;
    } catch (const std::exception& e) {
        PublishResult r;
        r.message = {std::string("发布失败：") + e.what() + "；请查看日志",
                     std::string("Publishing failed: ") + e.what() + "; read the log"};
        r.log_line = std::string("publishing failed: ") + e.what();
        return r;
    }
}

}  // namespace kiosk::update
