// Font atlas: size and build time of the engine's build_fonts for the UI strings and every
// character of the pack, at 1080p and 4K scale. Needs an ImGui context, no window or GL.
#include <imgui.h>

#include <algorithm>
#include <vector>

#include "kiosk/core/content_db.h"
#include "kiosk/core/glyph_set.h"
#include "kiosk/engine/fonts.h"
#include "kiosk/ui/strings.h"
#include "tests/bench/bench_stats.h"
#include "tests/bench/benchmarks.h"

namespace kiosk::bench {

nlohmann::json bench_fonts(const std::string& pack, int runs) {
    Stopwatch glyph_clock;
    std::u32string codepoints = collect_codepoints(ui::all_ui_strings());
    {
        // Without the grid and search indexes: the figure is the character set alone (closing a
        // pack opened with IndexLoading::AtOpen waits for its index load).
        const ContentDb db(pack, IndexLoading::WhenFirstNeeded);
        codepoints += db.all_text_codepoints();
    }
    std::sort(codepoints.begin(), codepoints.end());
    codepoints.erase(std::unique(codepoints.begin(), codepoints.end()), codepoints.end());
    const double glyph_ms = glyph_clock.ms();

    ImGui::CreateContext();
    nlohmann::json out = {{"codepoints", codepoints.size()}, {"collect_ms", round3(glyph_ms)}};
    for (const float scale : {1.0f, 2.0f}) {
        std::vector<double> build_ms, rgba_ms;
        engine::FontBuildStats stats;
        for (int r = 0; r < runs; ++r) {
            engine::build_fonts(codepoints, scale, &stats);
            build_ms.push_back(stats.build_ms);
            Stopwatch rgba_clock;  // the conversion the GL upload asks for, after the build
            unsigned char* pixels = nullptr;
            int w = 0, h = 0;
            ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
            rgba_ms.push_back(rgba_clock.ms());
        }
        out[scale == 1.0f ? "scale_1" : "scale_2"] = {
            {"atlas", std::to_string(stats.atlas_width) + "x" + std::to_string(stats.atlas_height)},
            {"atlas_w", stats.atlas_width},
            {"atlas_h", stats.atlas_height},
            {"build_ms", summary(build_ms)},
            {"rgba_ms", summary(rgba_ms)},
            {"missing", stats.missing},
            {"raster_factor", round3(stats.raster_factor)},
            {"attempts", stats.attempts}};
    }
    ImGui::DestroyContext();
    return out;
}

}  // namespace kiosk::bench
