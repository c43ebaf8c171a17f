// EvpDigest: OpenSSL EVP message digests; a failure there is out of memory, not a bad pack.
#include "kiosk/update/digests.h"

#include <openssl/evp.h>

#include <new>
#include <stdexcept>

namespace kiosk::update {

EvpDigest::EvpDigest(Algorithm algorithm) : ctx_(EVP_MD_CTX_new()) {
    if (!ctx_) throw std::bad_alloc();
    const EVP_MD* md = algorithm == Algorithm::Sha256 ? EVP_sha256() : EVP_blake2b512();
    if (EVP_DigestInit_ex(ctx_, md, nullptr) != 1) {
        EVP_MD_CTX_free(ctx_);
        throw std::runtime_error("OpenSSL cannot start a digest");
    }
}

EvpDigest::~EvpDigest() {
    EVP_MD_CTX_free(ctx_);
}

void EvpDigest::update(const void* data, size_t size) {
    if (EVP_DigestUpdate(ctx_, data, size) != 1)
        throw std::runtime_error("OpenSSL digest update failed");
}

void EvpDigest::finish(unsigned char* out) {
    unsigned int written = 0;
    if (EVP_DigestFinal_ex(ctx_, out, &written) != 1)
        throw std::runtime_error("OpenSSL digest failed");
}

std::string Sha256::finish_hex() {
    unsigned char digest[32];
    digest_.finish(digest);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned char c : digest) {
        out += hex[c >> 4];
        out += hex[c & 15];
    }
    return out;
}

}  // namespace kiosk::update
