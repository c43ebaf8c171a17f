// minisign format: our keys and signatures round-trip, and interoperate with the real minisign
// tool.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "kiosk/update/minisign.h"
#include "kiosk/update/pack_commands.h"
#include "kiosk/update/refusal.h"
#include "tests/update/pack_fixture.h"

using namespace kiosk::update;
using kiosk::test::KioskBench;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

Digest512 digest_of(const std::string& path) {
    Blake2b512 h;
    const auto bytes = kiosk::test::read_bytes(path);
    h.update(bytes.data(), bytes.size());
    return h.finish();
}

int run(const std::string& command) {
    return std::system((command + " >/dev/null 2>&1").c_str());
}

}  // namespace

TEST_CASE("keys and signatures round-trip through their file formats", "[minisign]") {
    PublicKey pub;
    SecretKey sec;
    generate_keypair(pub, sec);
    const PublicKey pub2 = parse_public_key(format_public_key(pub));
    CHECK(pub2.id == pub.id);
    CHECK(pub2.pk == pub.pk);
    const SecretKey sec2 = parse_secret_key(format_secret_key(sec));
    CHECK(sec2.sk == sec.sk);
    CHECK(key_id_hex(pub.id).size() == 16);

    Digest512 d{};
    d[0] = 42;
    const Signature sig =
        parse_signature(format_signature(sign_digest(sec, d, "version=3 built=x")));
    CHECK(sig.trusted_comment == "version=3 built=x");
    CHECK(verify_digest(sig, {pub2}, d).id == pub.id);
    d[63] ^= 1;
    CHECK_THROWS_AS(verify_digest(sig, {pub2}, d), RefusedError);
}

TEST_CASE("garbage key and signature files are refused with a reason", "[minisign]") {
    CHECK_THROWS_AS(parse_public_key("hello"), RefusedError);
    CHECK_THROWS_AS(parse_secret_key("untrusted comment: x\nAAAA\n"), RefusedError);
    CHECK_THROWS_AS(parse_signature("untrusted comment: x\nAAAA\ntrusted comment: y\nAAAA\n"),
                    RefusedError);
    CHECK_THROWS_AS(parse_signature(""), RefusedError);
}

TEST_CASE("the version comment is parsed strictly", "[minisign]") {
    CHECK(parse_version_comment("version=12 built=2025-01-01T00:00:00Z")->version == 12);
    CHECK(parse_version_comment("version=12 built=2025")->built_at == "2025");
    CHECK_FALSE(parse_version_comment("timestamp:1 file:x"));
    CHECK_FALSE(parse_version_comment("version=-3"));
    CHECK_FALSE(parse_version_comment("version=0"));
    CHECK_FALSE(parse_version_comment("version=99999999999999999999"));
}

TEST_CASE("a pack signed by the real minisign tool verifies, and ours verifies with minisign",
          "[minisign][interop]") {
    REQUIRE(run("minisign -v") == 0);  // dev.sh installs Debian's minisign
    KioskBench bench;
    const std::string pub = bench.root / "m.pub", key = bench.root / "m.key";
    REQUIRE(run("minisign -G -W -p " + pub + " -s " + key) == 0);
    const std::string pack = bench.make_pack(8);
    REQUIRE(run("minisign -S -s " + key + " -m " + pack +
                " -t 'version=8 built=2025-02-02T00:00:00Z'") == 0);

    const Signature sig = parse_signature(slurp(pack + ".minisig"));
    const PublicKey minisign_key = parse_public_key(slurp(pub));
    CHECK(verify_digest(sig, {minisign_key}, digest_of(pack)).id == minisign_key.id);
    CHECK(parse_version_comment(sig.trusted_comment)->version == 8);

    // Our signer with minisign's secret key, checked by minisign.
    REQUIRE(cmd_sign({pack, "-s", key}) == 0);
    CHECK(run("minisign -V -p " + pub + " -m " + pack) == 0);
    // Our key files with minisign: sign with our secret key, verify with our public key.
    const std::string our_pub = bench.root / "k.pub", our_key = bench.root / "k.key";
    REQUIRE(cmd_keygen({"-p", our_pub, "-s", our_key}) == 0);
    REQUIRE(run("minisign -S -s " + our_key + " -m " + pack + " -t 'version=8 built=x'") == 0);
    CHECK(run("minisign -V -p " + our_pub + " -m " + pack) == 0);
    CHECK(cmd_verify({pack, "-p", our_pub}) == 0);
    // A wrong key fails both ways.
    CHECK(cmd_verify({pack, "-p", pub}) == 1);
    CHECK(run("minisign -V -p " + pub + " -m " + pack) != 0);
}

TEST_CASE("keygen refuses to overwrite a key unless forced", "[minisign]") {
    KioskBench bench;
    const std::string pub = bench.root / "k.pub", key = bench.root / "k.key";
    REQUIRE(cmd_keygen({"-p", pub, "-s", key}) == 0);
    const std::string before = slurp(key);
    CHECK(cmd_keygen({"-p", pub, "-s", key}) == 1);
    CHECK(slurp(key) == before);
    CHECK(cmd_keygen({"-p", pub, "-s", key, "--force"}) == 0);
    CHECK(slurp(key) != before);
    CHECK(cmd_keygen({"-p", pub}) == 2);
}

TEST_CASE("kiosk-pack sign takes minisign's password-protected keys, and refuses a wrong password",
          "[minisign][interop]") {
    KioskBench bench;
    const std::string pub = bench.root / "m.pub", key = bench.root / "m.key";
    // minisign -G protects the key with a password by default; it reads it from stdin (twice)
    // when stdin is not a terminal.
    REQUIRE(std::system(("printf 'horse battery\\nhorse battery\\n' | minisign -G -p " + pub +
                         " -s " + key + " >/dev/null 2>&1")
                            .c_str()) == 0);
    REQUIRE(secret_key_needs_password(slurp(key)));
    const std::string pack = bench.make_pack(8);
    const std::string right = bench.root / "right.txt", wrong = bench.root / "wrong.txt";
    std::ofstream(right) << "horse battery\n";
    std::ofstream(wrong) << "horse batterz\n";

    CHECK(cmd_sign({pack, "-s", key, "--password-file", wrong}) == 1);
    CHECK_FALSE(std::filesystem::exists(pack + ".minisig"));
    try {
        parse_secret_key(slurp(key), "horse batterz");
        FAIL("a wrong password unlocked the key");
    } catch (const RefusedError& e) {
        CHECK(e.refusal.code == RefusalCode::BadKeyFile);
        CHECK(e.refusal.en.find("wrong password") != std::string::npos);
        CHECK(e.refusal.zh.find("密码错误") != std::string::npos);
    }

    REQUIRE(cmd_sign({pack, "-s", key, "--password-file", right}) == 0);
    CHECK(run("minisign -V -p " + pub + " -m " + pack) == 0);
    CHECK(cmd_verify({pack, "-p", pub}) == 0);
}
