// Writes the fuzzer's seed corpus: the sample content pack and a minisign signature of it.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "kiosk/update/minisign.h"
#include "tests/support/sample_content_db.h"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: make_fuzz_seed CORPUS_DIR\n";
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    std::filesystem::create_directories(dir);
    const std::string pack = (dir / "sample.pack").string();
    make_sample_content_db(pack);
    std::ifstream in(pack, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    kiosk::update::PublicKey pub;
    kiosk::update::SecretKey sec;
    kiosk::update::generate_keypair(pub, sec);
    kiosk::update::Blake2b512 hash;
    hash.update(bytes.data(), bytes.size());
    std::ofstream(dir / "sample.minisig") << kiosk::update::format_signature(
        kiosk::update::sign_digest(sec, hash.finish(), "version=7 built=x"));
    return 0;
}
