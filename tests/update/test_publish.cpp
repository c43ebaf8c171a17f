// Publishing from the publisher kiosk (kiosk/update/publish.h): the pair it puts into its inbox is
// one every kiosk that trusts its key imports with the normal importer, and one no other kiosk
// does; a missing, linked, FIFO, locked or unreadable key, built-in content only or no inbox is
// refused with a line saying what to do, and no refusal or failure leaves anything behind in the
// inbox or changes a pair published before.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "kiosk/update/digests.h"
#include "kiosk/update/install_state.h"
#include "kiosk/update/pack_validator.h"
#include "kiosk/update/publish.h"
#include "tests/update/pack_fixture.h"

using namespace kiosk::update;
using kiosk::test::KioskBench;
using kiosk::test::read_bytes;
using kiosk::test::TempDir;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

Digest512 blake_of(const std::string& path) {
    const std::string bytes = slurp(path);
    Blake2b512 hash;
    hash.update(bytes.data(), bytes.size());
    return hash.finish();
}

std::set<std::string> names_in(const std::string& dir) {
    std::set<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        names.insert(e.path().filename().string());
    return names;
}

// The publisher: a kiosk with version `version` installed, its own key pair and a sync inbox.
struct Publisher {
    KioskBench kiosk;
    std::string inbox = kiosk.root / "inbox";
    std::string key_path = kiosk.root / "publish.key";
    PublicKey pub;
    SecretKey sec;

    explicit Publisher(int64_t version = 5) {
        std::filesystem::create_directories(inbox);
        generate_keypair(pub, sec);
        std::ofstream(key_path) << format_secret_key(sec);
        install(version);
    }
    void install(int64_t version) const {
        REQUIRE(
            kiosk.import(kiosk.signed_pack(version, "v" + std::to_string(version) + ".pack")).ok);
    }
    PublishOptions options() const {
        PublishOptions o;
        o.data_dir = kiosk.data_dir;
        o.inbox_dir = inbox;
        o.key_path = key_path;
        o.host = "office-kiosk";
        return o;
    }
    std::string pack() const { return inbox + "/office-kiosk.pack"; }
    // Nothing of a publish in progress is left: not in the inbox, not in the data dir.
    void check_no_temporary_files() const {
        for (const std::string& name : names_in(inbox))
            CHECK((name == "office-kiosk.pack" || name == "office-kiosk.pack.minisig"));
        CHECK_FALSE(std::filesystem::exists(kiosk.data_dir + "/" + kPublishPackTemp));
        CHECK_FALSE(std::filesystem::exists(kiosk.data_dir + "/" + kPublishSigTemp));
    }
};

// A refusal staff can act on: not published, both languages, nothing in the inbox.
void check_refused(const Publisher& p, const PublishResult& r, const std::string& says_en) {
    INFO(r.message.en);
    CHECK_FALSE(r.ok);
    CHECK_FALSE(r.message.zh.empty());
    CHECK(r.message.en.find(says_en) != std::string::npos);
    CHECK(r.message.zh.find('\n') == std::string::npos);
    CHECK(r.message.en.find('\n') == std::string::npos);
    CHECK(names_in(p.inbox).empty());
    p.check_no_temporary_files();
}

}  // namespace

TEST_CASE("a published pack verifies with the publisher's key, and the kiosks trusting it follow",
          "[publish]") {
    Publisher p(5);
    const PublishResult r = publish_installed_pack(p.options());
    INFO(r.log_line);
    REQUIRE(r.ok);
    CHECK(r.version == 5);
    CHECK(r.key_id == key_id_hex(p.pub.id));
    CHECK(r.pack_path == p.pack());
    CHECK(r.message.zh.find("已发布第 5 版") != std::string::npos);
    CHECK(r.message.en.find("Published version 5") != std::string::npos);
    p.check_no_temporary_files();

    // The signature is what `kiosk-pack sign` writes for this pack, over the bytes published.
    const Signature sig = parse_signature(slurp(p.pack() + ".minisig"));
    const kiosk::PackInfo info = read_pack_info(p.pack());
    CHECK(sig.trusted_comment == make_version_comment(5, info.built_at));
    CHECK(verify_digest(sig, {p.pub}, blake_of(p.pack())).id == p.pub.id);

    // Kiosk B trusts the publisher's key: its importer installs the pack.
    KioskBench b;
    std::ofstream(b.keys_dir + "/office-kiosk.pub") << format_public_key(p.pub);
    const ImportResult imported = b.import(p.pack());
    INFO(imported.refusal.en);
    REQUIRE(imported.ok);
    CHECK(imported.info.pack_version == 5);
    CHECK(imported.key_id == key_id_hex(p.pub.id));
    CHECK(installed_status(b.data_dir).info.pack_version == 5);

    // Kiosk C trusts only the office's key: the publisher cannot sign for it.
    KioskBench c;
    CHECK(c.import(p.pack()).refusal.code == RefusalCode::UnknownKey);
}

TEST_CASE("publishing again replaces the pair with the newer installed pack", "[publish]") {
    Publisher p(5);
    REQUIRE(publish_installed_pack(p.options()).ok);
    p.install(6);
    const PublishResult r = publish_installed_pack(p.options());
    REQUIRE(r.ok);
    CHECK(r.version == 6);
    CHECK(read_pack_info(p.pack()).pack_version == 6);
    CHECK(verify_digest(parse_signature(slurp(p.pack() + ".minisig")), {p.pub}, blake_of(p.pack()))
              .id == p.pub.id);
    p.check_no_temporary_files();
}

TEST_CASE("publishing is refused, saying what to do, when the kiosk cannot publish", "[publish]") {
    Publisher p(5);
    PublishOptions o = p.options();

    SECTION("not a publisher: no key configured") {
        o.key_path.clear();
        check_refused(p, publish_installed_pack(o), "publish_key is empty");
    }
    SECTION("the key file is missing") {
        o.key_path = p.kiosk.root / "nowhere.key";
        check_refused(p, publish_installed_pack(o), "kiosk-sync-setup --publisher");
    }
    SECTION("the key is password-protected") {
        const std::string pub = p.kiosk.root / "m.pub";
        REQUIRE(std::system(("printf 'horse battery\\nhorse battery\\n' | minisign -G -p " + pub +
                             " -s " + o.key_path + " -f >/dev/null 2>&1")
                                .c_str()) == 0);
        check_refused(p, publish_installed_pack(o), "password-protected");
    }
    SECTION("the key is a link, even to a good key") {
        const std::string target = p.kiosk.root / "elsewhere.key";
        std::filesystem::rename(o.key_path, target);
        std::filesystem::create_symlink(target, o.key_path);
        check_refused(p, publish_installed_pack(o), "not a plain file");
    }
    SECTION("the key is a FIFO (reading it must not block)") {
        std::filesystem::remove(o.key_path);
        REQUIRE(::mkfifo(o.key_path.c_str(), 0600) == 0);
        check_refused(p, publish_installed_pack(o), "not a plain file");
    }
    SECTION("the key cannot be parsed") {
        std::ofstream(o.key_path, std::ios::trunc) << "untrusted comment: a shopping list\nmilk\n";
        check_refused(p, publish_installed_pack(o), "not a key the kiosk can read");
    }
    SECTION("the key's halves do not belong together") {
        SecretKey damaged = p.sec;
        damaged.sk[40] ^= 0x01;  // the public half
        std::ofstream(o.key_path, std::ios::trunc) << format_secret_key(damaged);
        check_refused(p, publish_installed_pack(o), "damaged");
    }
    SECTION("only the built-in content: nothing installed") {
        o.data_dir = p.kiosk.root / "fresh-data";
        std::filesystem::create_directories(o.data_dir);
        check_refused(p, publish_installed_pack(o), "built-in content");
    }
    SECTION("no inbox configured") {
        o.inbox_dir.clear();
        check_refused(p, publish_installed_pack(o), "sync_inbox is empty");
    }
    SECTION("the inbox folder is missing") {
        o.inbox_dir = p.kiosk.root / "gone-inbox";
        check_refused(p, publish_installed_pack(o), "does not exist");
        CHECK_FALSE(std::filesystem::exists(o.inbox_dir));
    }
}

TEST_CASE("a publish that fails midway leaves the pair published before intact", "[publish]") {
    Publisher p(5);
    REQUIRE(publish_installed_pack(p.options()).ok);
    const auto old_pack = read_bytes(p.pack());
    const auto old_sig = read_bytes(p.pack() + ".minisig");
    p.install(6);
    PublishOptions o = p.options();
    int err = 0;
    StepKind failing = StepKind::Write;
    bool temporaries_outside_inbox = false;
    o.step_hook = [&](int, StepKind kind, const std::string&) {
        if (kind == StepKind::Rename)  // both files are whole by now, and not in the inbox
            temporaries_outside_inbox =
                names_in(p.inbox).size() == 2 &&
                std::filesystem::exists(p.kiosk.data_dir + "/" + kPublishPackTemp) &&
                std::filesystem::exists(p.kiosk.data_dir + "/" + kPublishSigTemp);
        return kind == failing ? err : 0;
    };

    SECTION("the data disk is full") {
        failing = StepKind::Write, err = ENOSPC;
        const PublishResult r = publish_installed_pack(o);
        CHECK_FALSE(r.ok);
        CHECK(r.message.en.find("disk is full") != std::string::npos);
    }
    SECTION("the inbox cannot be written") {
        failing = StepKind::Rename, err = EACCES;
        const PublishResult r = publish_installed_pack(o);
        CHECK_FALSE(r.ok);
        CHECK(r.message.en.find("nothing was published") != std::string::npos);
        CHECK(temporaries_outside_inbox);
    }
    SECTION("the inbox is on another disk") {
        failing = StepKind::Rename, err = EXDEV;
        const PublishResult r = publish_installed_pack(o);
        CHECK_FALSE(r.ok);
        CHECK(r.message.en.find("another disk") != std::string::npos);
    }
    CHECK(read_bytes(p.pack()) == old_pack);
    CHECK(read_bytes(p.pack() + ".minisig") == old_sig);
    p.check_no_temporary_files();
    CHECK(installed_status(p.kiosk.data_dir).info.pack_version == 6);  // nothing installed changed
}

TEST_CASE("a publish stopped between the pack and its signature says so, and never verifies",
          "[publish]") {
    Publisher p(5);
    REQUIRE(publish_installed_pack(p.options()).ok);
    p.install(6);
    PublishOptions o = p.options();
    int renames = 0;
    o.step_hook = [&](int, StepKind kind, const std::string&) {
        return kind == StepKind::Rename && ++renames == 2 ? EIO : 0;
    };
    const PublishResult r = publish_installed_pack(o);
    CHECK_FALSE(r.ok);
    CHECK(r.message.en.find("Tap Publish again") != std::string::npos);
    // The new pack beside the old signature: no kiosk that trusts the key takes it.
    KioskBench b;
    std::ofstream(b.keys_dir + "/office-kiosk.pub") << format_public_key(p.pub);
    CHECK(b.import(p.pack()).refusal.code == RefusalCode::BadSignature);
    p.check_no_temporary_files();
    // Publishing again mends it.
    REQUIRE(publish_installed_pack(p.options()).ok);
    CHECK(b.import(p.pack()).ok);
}

TEST_CASE("a publish cut short leaves no copy of the pack behind after the next start",
          "[publish]") {
    Publisher p(5);
    for (const char* name : {kPublishPackTemp, kPublishSigTemp})
        std::ofstream(p.kiosk.data_dir + "/" + name) << "half a pack";
    remove_publish_leftovers(p.kiosk.data_dir);
    p.check_no_temporary_files();
    CHECK(installed_status(p.kiosk.data_dir).info.pack_version == 5);
}
