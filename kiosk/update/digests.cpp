// sha256 and Sha256 (OpenSSL EVP), to_hex, Blake2b512 (libsodium). A failure inside either library
// is out of memory or a broken install, never a bad pack, so it throws instead of refusing.
#include "kiosk/update/digests.h"

#include <openssl/evp.h>

#include <new>
#include <stdexcept>

namespace kiosk::update {

Digest256 sha256(const void* data, size_t size) {
    Digest256 out{};
    unsigned int written = 0;
    if (EVP_Digest(data, size, out.data(), &written, EVP_sha256(), nullptr) != 1 ||
        written != out.size())
        throw std::runtime_error("OpenSSL digest failed");
    return out;
}

std::string to_hex(std::span<const unsigned char> bytes) {
    static const char* const hex = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const unsigned char c : bytes) {
        out += hex[c >> 4];
        out += hex[c & 15];
    }
    return out;
}

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
    if (!ctx_) throw std::bad_alloc();
    if (EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr) != 1) {
        EVP_MD_CTX_free(ctx_);
        throw std::runtime_error("OpenSSL cannot start a digest");
    }
}

Sha256::~Sha256() {
    EVP_MD_CTX_free(ctx_);
}

void Sha256::update(const void* data, size_t size) {
    if (EVP_DigestUpdate(ctx_, data, size) != 1)
        throw std::runtime_error("OpenSSL digest update failed");
}

std::string Sha256::finish_hex() {
    Digest256 digest{};
    unsigned int written = 0;
    if (EVP_DigestFinal_ex(ctx_, digest.data(), &written) != 1 || written != digest.size())
        throw std::runtime_error("OpenSSL digest failed");
    return to_hex(digest);
}

Blake2b512::Blake2b512() {
    // sodium_init() picks the vectorised BLAKE2b; without it libsodium runs its portable code.
    static const bool ready = sodium_init() >= 0;
    if (!ready) throw std::runtime_error("libsodium could not start");
    crypto_generichash_blake2b_init(&state_, nullptr, 0, crypto_generichash_blake2b_BYTES_MAX);
}

void Blake2b512::update(const void* data, size_t size) {
    crypto_generichash_blake2b_update(&state_, static_cast<const unsigned char*>(data), size);
}

Digest512 Blake2b512::finish() {
    Digest512 out{};
    crypto_generichash_blake2b_final(&state_, out.data(), out.size());
    return out;
}

}  // namespace kiosk::update
