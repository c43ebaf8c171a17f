// minisign-compatible keys and signatures (Ed25519 over BLAKE2b-512 of the file, "ED"), libsodium.
// Sections: types · keys · signatures · trusted comment "version=N built=ISO"
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sodium.h>

#include "kiosk/update/digests.h"

namespace kiosk::update {

using KeyId = std::array<unsigned char, 8>;

// Hex as minisign prints it (the id read as a little-endian 64-bit number), e.g. BB15CBEECEA01899.
std::string key_id_hex(const KeyId& id);

struct PublicKey {
    KeyId id{};
    std::array<unsigned char, 32> pk{};
};

struct SecretKey {
    KeyId id{};
    std::array<unsigned char, 64> sk{};  // libsodium layout: seed || public key
};

struct Signature {
    KeyId key_id{};
    std::array<unsigned char, 64> sig{};         // over BLAKE2b-512(file)
    std::string trusted_comment;                 // text after "trusted comment: "
    std::array<unsigned char, 64> global_sig{};  // over sig || trusted_comment
};

// --- keys --- (parsers throw RefusedError with RefusalCode::BadKeyFile)
void generate_keypair(PublicKey& pub, SecretKey& sec);
std::string format_public_key(const PublicKey& key);  // minisign .pub file text
std::string format_secret_key(const SecretKey& key);  // minisign unencrypted secret key file
PublicKey parse_public_key(std::string_view file_text);
// True when the key is password-protected (scrypt, as minisign -G makes it by default).
bool secret_key_needs_password(std::string_view file_text);
// Accepts minisign's secret keys, password-protected (give `password`) or not (minisign -G -W),
// and kiosk-pack's own. A wrong password is a BadKeyFile refusal that says so.
SecretKey parse_secret_key(std::string_view file_text, std::string_view password = {});
// Every readable *.pub in `dir`; malformed files are skipped (listed in `skipped` when given).
std::vector<PublicKey> load_trusted_keys(const std::string& dir,
                                         std::vector<std::string>* skipped = nullptr);

// --- signatures ---
// Throws RefusedError(BadSignatureFile) when the text is not a minisign "ED" signature.
Signature parse_signature(std::string_view file_text);
std::string format_signature(const Signature& sig);
Signature sign_digest(const SecretKey& key, const Digest512& file_digest,
                      const std::string& trusted_comment);
// The trusted keys with the signature's id whose global signature (over sig || trusted comment)
// verifies: cheap, needs no file bytes, so a pack is checked this far before it is copied.
// Throws RefusedError: NoTrustedKeys, UnknownKey or BadSignature; never returns an empty list.
std::vector<PublicKey> keys_vouching_for(const Signature& sig,
                                         const std::vector<PublicKey>& trusted);
// Checks both signatures against every trusted key with the signature's id. Throws RefusedError:
// NoTrustedKeys, UnknownKey or BadSignature. Returns the key that verified.
PublicKey verify_digest(const Signature& sig, const std::vector<PublicKey>& trusted,
                        const Digest512& file_digest);

// --- trusted comment ---
struct VersionComment {
    int64_t version = 0;
    std::string built_at;
};
std::string make_version_comment(int64_t version, const std::string& built_at);
// nullopt unless the comment holds "version=<positive integer>".
std::optional<VersionComment> parse_version_comment(std::string_view comment);

}  // namespace kiosk::update
