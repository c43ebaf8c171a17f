// Streaming digests of whole pack files (gigabytes), each from the library that is fastest at it
// on the 2-vCPU EPYC bench machine (1 MiB blocks, measured 2026-11-27):
// - SHA-256 through OpenSSL's libcrypto, which uses the CPU's SHA instructions: ~1,500 MB/s
//   (libsodium's portable C: ~220 MB/s);
// - BLAKE2b-512 through libsodium, whose AVX2 code is picked by sodium_init(): ~855 MB/s
//   (OpenSSL: ~690 MB/s; libsodium without sodium_init(): ~300 MB/s).
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string>

#include <sodium.h>

struct evp_md_ctx_st;

namespace kiosk::update {

using Digest256 = std::array<unsigned char, 32>;
using Digest512 = std::array<unsigned char, 64>;

// SHA-256 of bytes already in memory (one image, one small file).
Digest256 sha256(const void* data, size_t size);

// Lowercase hex, two digits a byte, as status and import reports show digests.
std::string to_hex(std::span<const unsigned char> bytes);

// Streaming SHA-256 whose result is lowercase hex, as status and import reports show it.
class Sha256 {
  public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(const void* data, size_t size);
    std::string finish_hex();

  private:
    evp_md_ctx_st* ctx_ = nullptr;
};

// Streaming BLAKE2b-512, the prehash minisign's "ED" algorithm signs.
class Blake2b512 {
  public:
    Blake2b512();
    void update(const void* data, size_t size);
    Digest512 finish();

  private:
    crypto_generichash_blake2b_state state_{};
};

}  // namespace kiosk::update
