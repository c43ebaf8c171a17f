// minisign file formats (https://jedisct1.github.io/minisign/) read and written with libsodium.
// Sections: helpers · hashing · keys · signatures · trusted comment
#include "kiosk/update/minisign.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "kiosk/update/refusal.h"

namespace kiosk::update {
namespace {

constexpr size_t kSecretKeyBlob = 2 + 2 + 2 + 32 + 8 + 8 + 8 + 64 + 32;  // 158 bytes

void ensure_sodium() {
    static const bool ok = sodium_init() >= 0;
    if (!ok) throw std::runtime_error("libsodium could not start");
}

std::string base64(const unsigned char* data, size_t size) {
    std::string out(sodium_base64_encoded_len(size, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

// Decodes exactly `want` bytes or returns an empty vector.
std::vector<unsigned char> unbase64(std::string_view text, size_t want) {
    std::vector<unsigned char> out(want + 1);
    size_t got = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &got, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != text.data() + text.size() || got != want)
        return {};
    out.resize(want);
    return out;
}

// Splits into lines, dropping "\r" before "\n"; at most `max_lines`.
std::vector<std::string_view> lines_of(std::string_view text, size_t max_lines) {
    std::vector<std::string_view> lines;
    while (!text.empty() && lines.size() < max_lines) {
        const size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    return lines;
}

[[noreturn]] void bad_key(const char* en, const char* zh) {
    refuse(RefusalCode::BadKeyFile, en, zh);
}
[[noreturn]] void bad_sig(const char* en, const char* zh) {
    refuse(RefusalCode::BadSignatureFile, en, zh);
}

// The key checksum minisign stores: BLAKE2b-256(sig_alg || key id || secret key).
std::array<unsigned char, 32> key_checksum(const SecretKey& key) {
    std::array<unsigned char, 32> chk{};
    crypto_generichash_state st;
    crypto_generichash_init(&st, nullptr, 0, chk.size());
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>("Ed"), 2);
    crypto_generichash_update(&st, key.id.data(), key.id.size());
    crypto_generichash_update(&st, key.sk.data(), key.sk.size());
    crypto_generichash_final(&st, chk.data(), chk.size());
    return chk;
}

}  // namespace

std::string key_id_hex(const KeyId& id) {
    static const char* digits = "0123456789ABCDEF";
    std::string out;
    for (size_t i = id.size(); i-- > 0;) {
        out += digits[id[i] >> 4];
        out += digits[id[i] & 15];
    }
    return out;
}

// --- keys ---
void generate_keypair(PublicKey& pub, SecretKey& sec) {
    ensure_sodium();
    crypto_sign_keypair(pub.pk.data(), sec.sk.data());
    randombytes_buf(pub.id.data(), pub.id.size());
    sec.id = pub.id;
}

std::string format_public_key(const PublicKey& key) {
    std::vector<unsigned char> blob = {'E', 'd'};
    blob.insert(blob.end(), key.id.begin(), key.id.end());
    blob.insert(blob.end(), key.pk.begin(), key.pk.end());
    return "untrusted comment: minisign public key " + key_id_hex(key.id) + "\n" +
           base64(blob.data(), blob.size()) + "\n";
}

std::string format_secret_key(const SecretKey& key) {
    std::vector<unsigned char> blob(kSecretKeyBlob, 0);
    std::memcpy(blob.data(), "Ed\0\0B2", 6);  // Ed25519, no KDF (unencrypted), BLAKE2b checksum
    unsigned char* p = blob.data() + 2 + 2 + 2 + 32 + 8 + 8;
    std::memcpy(p, key.id.data(), 8);
    std::memcpy(p + 8, key.sk.data(), 64);
    const auto chk = key_checksum(key);
    std::memcpy(p + 8 + 64, chk.data(), chk.size());
    std::string text = "untrusted comment: kiosk-pack secret key " + key_id_hex(key.id) +
                       " (unencrypted: keep this file offline)\n" +
                       base64(blob.data(), blob.size()) + "\n";
    sodium_memzero(blob.data(), blob.size());
    return text;
}

PublicKey parse_public_key(std::string_view file_text) {
    const auto lines = lines_of(file_text, 2);
    if (lines.size() < 2 || lines[0].rfind("untrusted comment:", 0) != 0)
        bad_key("the public key file is not in minisign format", "公钥文件不是 minisign 格式");
    const auto blob = unbase64(lines[1], 2 + 8 + 32);
    if (blob.empty() || blob[0] != 'E' || blob[1] != 'd')
        bad_key("the public key file is damaged or not an Ed25519 key",
                "公钥文件已损坏或不是 Ed25519 公钥");
    PublicKey key;
    std::copy_n(blob.begin() + 2, 8, key.id.begin());
    std::copy_n(blob.begin() + 10, 32, key.pk.begin());
    return key;
}

namespace {

// The secret key blob: "Ed", the KDF ("Sc" for scrypt, or two zero bytes), "B2", the KDF's salt,
// opslimit and memlimit (64-bit little-endian), then key id || secret key || checksum, which
// a password-protected key XORs with as many bytes of scrypt output.
constexpr size_t kKdfSaltAt = 6, kOpsLimitAt = 38, kMemLimitAt = 46, kKeyAt = 54;
constexpr size_t kKeyBytes = 8 + 64 + 32;
// minisign uses scrypt's "sensitive" limits (1 GiB); far more is a damaged or hostile file.
constexpr uint64_t kMaxOpsLimit = 1ull << 30, kMaxMemLimit = 4ull << 30;

uint64_t little_endian_64(const unsigned char* p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

std::vector<unsigned char> secret_key_blob(std::string_view file_text) {
    const auto lines = lines_of(file_text, 2);
    if (lines.size() < 2 || lines[0].rfind("untrusted comment:", 0) != 0)
        bad_key("the secret key file is not in minisign format", "私钥文件不是 minisign 格式");
    auto blob = unbase64(lines[1], kSecretKeyBlob);
    if (blob.empty() || blob[0] != 'E' || blob[1] != 'd' || blob[4] != 'B' || blob[5] != '2')
        bad_key("the secret key file is damaged", "私钥文件已损坏");
    const bool plain = blob[2] == 0 && blob[3] == 0, scrypt = blob[2] == 'S' && blob[3] == 'c';
    if (!plain && !scrypt)
        bad_key("the secret key is protected in a way this tool does not know",
                "私钥的加密方式无法识别");
    return blob;
}

// XORs the key part of a password-protected blob with scrypt(password, salt) in place.
void unlock_with_password(std::vector<unsigned char>& blob, std::string_view password) {
    if (password.empty())
        bad_key("the secret key is password-protected; give its password",
                "私钥设有密码；请提供密码");
    const uint64_t ops = little_endian_64(blob.data() + kOpsLimitAt);
    const uint64_t mem = little_endian_64(blob.data() + kMemLimitAt);
    if (ops > kMaxOpsLimit || mem > kMaxMemLimit)
        bad_key("the secret key file asks for an impossible amount of work to unlock",
                "私钥文件要求的解锁计算量异常");
    std::array<unsigned char, kKeyBytes> stream{};
    if (crypto_pwhash_scryptsalsa208sha256(stream.data(), stream.size(), password.data(),
                                           password.size(), blob.data() + kKdfSaltAt, ops,
                                           static_cast<size_t>(mem)) != 0)
        bad_key("unlocking the secret key ran out of memory", "解锁私钥时内存不足");
    for (size_t i = 0; i < kKeyBytes; ++i) blob[kKeyAt + i] ^= stream[i];
    sodium_memzero(stream.data(), stream.size());
}

}  // namespace

bool secret_key_needs_password(std::string_view file_text) {
    auto blob = secret_key_blob(file_text);
    const bool encrypted = blob[2] == 'S';
    sodium_memzero(blob.data(), blob.size());
    return encrypted;
}

SecretKey parse_secret_key(std::string_view file_text, std::string_view password) {
    ensure_sodium();
    auto blob = secret_key_blob(file_text);
    const bool encrypted = blob[2] == 'S';
    if (encrypted) unlock_with_password(blob, password);
    SecretKey key;
    const unsigned char* p = blob.data() + kKeyAt;
    std::copy_n(p, 8, key.id.begin());
    std::copy_n(p + 8, 64, key.sk.begin());
    std::array<unsigned char, 32> stored{};
    std::copy_n(p + 72, 32, stored.begin());
    sodium_memzero(blob.data(), blob.size());
    // minisign -W leaves the checksum zero; when present it must match. Behind a password it is
    // always there, and a mismatch means the password was wrong.
    const bool zero =
        std::all_of(stored.begin(), stored.end(), [](unsigned char c) { return c == 0; });
    if ((encrypted || !zero) && stored != key_checksum(key)) {
        sodium_memzero(key.sk.data(), key.sk.size());
        if (encrypted)
            bad_key("wrong password for the secret key (nothing was signed)",
                    "私钥密码错误（未签名任何内容）");
        bad_key("the secret key file is damaged (checksum)", "私钥文件已损坏（校验和不符）");
    }
    return key;
}

std::vector<PublicKey> load_trusted_keys(const std::string& dir,
                                         std::vector<std::string>* skipped) {
    std::vector<PublicKey> keys;
    std::error_code ec;
    if (dir.empty() || !std::filesystem::is_directory(dir, ec)) return keys;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.path().extension() != ".pub" || !entry.is_regular_file(ec)) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::string text(4096, '\0');
        in.read(text.data(), static_cast<std::streamsize>(text.size()));
        text.resize(static_cast<size_t>(in.gcount()));
        try {
            keys.push_back(parse_public_key(text));
        } catch (const RefusedError&) {
            if (skipped) skipped->push_back(entry.path().string());
        }
    }
    return keys;
}

// --- signatures ---
Signature parse_signature(std::string_view file_text) {
    const auto lines = lines_of(file_text, 4);
    if (lines.size() < 4 || lines[0].rfind("untrusted comment:", 0) != 0 ||
        lines[2].rfind("trusted comment: ", 0) != 0)
        bad_sig("the signature file is not in minisign format", "签名文件不是 minisign 格式");
    const auto blob = unbase64(lines[1], 2 + 8 + 64);
    const auto global = unbase64(lines[3], 64);
    if (blob.empty() || global.empty()) bad_sig("the signature file is damaged", "签名文件已损坏");
    if (blob[0] != 'E' || blob[1] != 'D')
        bad_sig(
            "the signature is of an old kind (sign with minisign 0.8 or newer, or kiosk-pack sign)",
            "签名格式过旧（请用 minisign 0.8 以上或 kiosk-pack sign 签名）");
    Signature sig;
    std::copy_n(blob.begin() + 2, 8, sig.key_id.begin());
    std::copy_n(blob.begin() + 10, 64, sig.sig.begin());
    sig.trusted_comment = std::string(lines[2].substr(17));
    std::copy_n(global.begin(), 64, sig.global_sig.begin());
    return sig;
}

std::string format_signature(const Signature& sig) {
    std::vector<unsigned char> blob = {'E', 'D'};
    blob.insert(blob.end(), sig.key_id.begin(), sig.key_id.end());
    blob.insert(blob.end(), sig.sig.begin(), sig.sig.end());
    return "untrusted comment: signature from kiosk-pack secret key " + key_id_hex(sig.key_id) +
           "\n" + base64(blob.data(), blob.size()) + "\ntrusted comment: " + sig.trusted_comment +
           "\n" + base64(sig.global_sig.data(), sig.global_sig.size()) + "\n";
}

Signature sign_digest(const SecretKey& key, const Digest512& file_digest,
                      const std::string& trusted_comment) {
    ensure_sodium();
    if (trusted_comment.find_first_of("\r\n") != std::string::npos)
        throw std::invalid_argument("trusted comment must be one line");
    Signature sig;
    sig.key_id = key.id;
    sig.trusted_comment = trusted_comment;
    crypto_sign_detached(sig.sig.data(), nullptr, file_digest.data(), file_digest.size(),
                         key.sk.data());
    std::vector<unsigned char> global(sig.sig.begin(), sig.sig.end());
    global.insert(global.end(), trusted_comment.begin(), trusted_comment.end());
    crypto_sign_detached(sig.global_sig.data(), nullptr, global.data(), global.size(),
                         key.sk.data());
    return sig;
}

std::vector<PublicKey> keys_vouching_for(const Signature& sig,
                                         const std::vector<PublicKey>& trusted) {
    ensure_sodium();
    if (trusted.empty())
        refuse(RefusalCode::NoTrustedKeys,
               "this kiosk has no trusted public key, so it accepts no pack",
               "本机未安装可信公钥，因此不接受任何内容包");
    // Ids are 8 random bytes, not a proof: two trusted keys may share one, so each is tried.
    std::vector<PublicKey> same_id;
    for (const PublicKey& k : trusted)
        if (k.id == sig.key_id) same_id.push_back(k);
    if (same_id.empty())
        refuse(RefusalCode::UnknownKey,
               "the pack is signed with key " + key_id_hex(sig.key_id) +
                   ", which this kiosk does not trust",
               "内容包使用的密钥 " + key_id_hex(sig.key_id) + " 不受本机信任");
    std::vector<unsigned char> global(sig.sig.begin(), sig.sig.end());
    global.insert(global.end(), sig.trusted_comment.begin(), sig.trusted_comment.end());
    std::vector<PublicKey> vouching;
    for (const PublicKey& k : same_id)
        if (crypto_sign_verify_detached(sig.global_sig.data(), global.data(), global.size(),
                                        k.pk.data()) == 0)
            vouching.push_back(k);
    if (vouching.empty())
        refuse(RefusalCode::BadSignature,
               "the signature file was changed after signing, or made with another key of the "
               "same id",
               "签名文件在签名后被修改，或由另一把同编号的密钥签署");
    return vouching;
}

PublicKey verify_digest(const Signature& sig, const std::vector<PublicKey>& trusted,
                        const Digest512& file_digest) {
    for (const PublicKey& k : keys_vouching_for(sig, trusted))
        if (crypto_sign_verify_detached(sig.sig.data(), file_digest.data(), file_digest.size(),
                                        k.pk.data()) == 0)
            return k;
    refuse(RefusalCode::BadSignature, "the pack was changed or damaged after it was signed",
           "内容包在签名后被修改或已损坏");
}

// --- trusted comment ---
std::string make_version_comment(int64_t version, const std::string& built_at) {
    return "version=" + std::to_string(version) + " built=" + built_at;
}

std::optional<VersionComment> parse_version_comment(std::string_view comment) {
    VersionComment out;
    bool have_version = false;
    std::istringstream words{std::string(comment)};
    std::string word;
    while (words >> word) {
        if (word.rfind("version=", 0) == 0) {
            const std::string digits = word.substr(8);
            if (digits.empty() || digits.size() > 18 ||
                !std::all_of(digits.begin(), digits.end(),
                             [](char c) { return c >= '0' && c <= '9'; }))
                return std::nullopt;
            out.version = std::stoll(digits);
            have_version = out.version > 0;
        } else if (word.rfind("built=", 0) == 0) {
            out.built_at = word.substr(6);
        }
    }
    if (!have_version) return std::nullopt;
    return out;
}

}  // namespace kiosk::update
