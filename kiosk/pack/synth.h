// Synthetic packs of realistic shape for benchmarks (issue 5): Chinese and English names and
// paragraphs of typical lengths, real JPEG/PNG images of typical sizes, every reference valid.
#pragma once

#include "kiosk/pack/pack_content.h"

namespace kiosk::pack {

struct SynthOptions {
    int members = 500;
    int highlights = 100;
    int projects = 50;
    int events = 24;
    int images = 400;
    unsigned seed = 1;         // same seed, same pack
    int distinct_images = 48;  // images are generated once and reused under many ids
};

PackContent synthesize(const SynthOptions& options);

}  // namespace kiosk::pack
