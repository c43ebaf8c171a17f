// libFuzzer target: arbitrary bytes as a pack file (the validator) and as a signature file.
// Any outcome but a refusal or acceptance (crash, hang, leak, UB) is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kiosk/update/minisign.h"
#include "kiosk/update/pack_validator.h"
#include "kiosk/update/refusal.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        kiosk::update::validate_pack_bytes(data, size);
    } catch (const kiosk::update::RefusedError&) {
    }
    try {
        kiosk::update::parse_signature(
            std::string_view(reinterpret_cast<const char*>(data), size < 4096 ? size : 4096));
    } catch (const kiosk::update::RefusedError&) {
    }
    return 0;
}
