// Which GL_RENDERER strings mean "no GPU": the CPU renderer is chosen for those (issue 18).
#include <catch2/catch.hpp>

#include "kiosk/engine/render_path.h"

using kiosk::engine::is_software_gl;

TEST_CASE("software rasterisers are told from GPUs by their GL_RENDERER", "[render]") {
    // What Mesa and others report when no GPU driver works (a VM, Xvfb, a broken driver).
    for (const char* software :
         {"llvmpipe (LLVM 15.0.6, 256 bits)", "llvmpipe (LLVM 11.0.1, 128 bits)", "softpipe",
          "Software Rasterizer", "Mesa X11 swrast", "SWR (LLVM 12.0.0, 256 bits)",
          "Microsoft Basic Render Driver", "LLVMPIPE (LLVM 15, 256 BITS)", "Google SwiftShader"})
        CHECK(is_software_gl(software));
    // Real GPUs, including names that merely contain similar letters.
    for (const char* gpu :
         {"AMD Radeon Vega 8 Graphics (raveno, LLVM 15.0.6, DRM 3.49, 6.1.0-13-amd64)",
          "Mesa Intel(R) UHD Graphics 620 (KBL GT2)", "Mali-G52 (Panfrost)", "V3D 4.2",
          "NVIDIA GeForce GTX 1050/PCIe/SSE2", "Mesa DRI Intel(R) HD Graphics 500 (APL 2)",
          "Adreno (TM) 618", ""})
        CHECK_FALSE(is_software_gl(gpu));
}
