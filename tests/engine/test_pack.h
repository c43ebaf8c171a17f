// A tiny content pack for engine tests: the real schema, a name, one good and one broken image.
#pragma once

#include <string>

namespace kiosk::testing {

// Writes the pack to path (replacing it). Media ids: "good" (64×48 PNG), "bad" (not an image).
void write_test_pack(const std::string& path);

// stb_image_write's callback for encoding into a std::vector<unsigned char> (the context).
void append_bytes(void* context, void* data, int size);

}  // namespace kiosk::testing
