// State JSON and PNG writers for replay.
#include "kiosk/engine/writers.h"

#include <stb_image_write.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace kiosk::engine {

nlohmann::json state_json(const ui::AppState& state, const std::vector<ui::Target>& targets,
                          int width, int height, const StateExtras& extras) {
    nlohmann::json j;
    j["screen"] = state.screen;
    j["language"] = state.language;
    j["kind_filter"] = state.kind_filter;
    j["focus_filter"] = state.focus_filter;
    j["search_text"] = state.search_text;
    j["detail_id"] = state.detail_id;
    j["window"] = {{"w", width}, {"h", height}};
    nlohmann::json list = nlohmann::json::array();
    for (const ui::Target& t : targets)
        list.push_back({{"id", t.id},
                        {"kind", t.kind},
                        {"label", t.label},
                        {"x", t.x},
                        {"y", t.y},
                        {"w", t.w},
                        {"h", t.h}});
    j["targets"] = std::move(list);
    j["scale"] = extras.scale;
    j["min_target_px"] = extras.min_target_px;
    j["frames"] = extras.frames;
    j["frame_cpu_ms"] = {{"p50", extras.frame_cpu.p50_ms},
                         {"p99", extras.frame_cpu.p99_ms},
                         {"count", extras.frame_cpu.count},
                         {"build_p50", extras.frame_build_cpu.p50_ms},
                         {"build_p99", extras.frame_build_cpu.p99_ms},
                         {"submit_p50", extras.frame_submit_cpu.p50_ms},
                         {"submit_p99", extras.frame_submit_cpu.p99_ms}};
    j["draw"] = {{"vertices", extras.draw_vertices},
                 {"indices", extras.draw_indices},
                 {"commands", extras.draw_commands}};
    j["overflowing"] = extras.overflowing;
    j["render"] = extras.render;
    j["pack"] = extras.pack;
    const TextureCacheStats& tx = extras.textures;
    j["textures"] = {{"bytes", tx.bytes},
                     {"count", tx.count},
                     {"uploads", tx.uploads},
                     {"evictions", tx.evictions},
                     {"failures", tx.failures},
                     {"pending", tx.pending},
                     {"dropped", tx.dropped},
                     {"decoded_waiting_peak", tx.decoded_waiting_peak},
                     {"decoded_waiting_bytes_peak", tx.decoded_waiting_bytes_peak}};
    const FontBuildStats& f = extras.fonts;
    j["fonts"] = {{"atlas_w", f.atlas_width},  {"atlas_h", f.atlas_height},
                  {"build_ms", f.build_ms},    {"codepoints", f.codepoints},
                  {"missing", f.missing},      {"raster_factor", f.raster_factor},
                  {"from_cache", f.from_cache}};
    if (f.gpu_texture_matches >= 0) j["fonts"]["gpu_texture_matches"] = f.gpu_texture_matches == 1;
    return j;
}

void write_text_file(const std::string& path, const std::string& text) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
        out << text;
        if (!out.flush()) throw std::runtime_error("cannot write " + path + ": disk full?");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw std::runtime_error("cannot write " + path + ": " + ec.message());
}

void write_png_bottom_up(const std::string& path, int width, int height,
                         const std::vector<unsigned char>& rgb) {
    if (width <= 0 || height <= 0 || rgb.size() < static_cast<std::size_t>(width) * height * 3)
        throw std::runtime_error("cannot write " + path + ": no image data");
    const int stride = width * 3;
    // A negative stride from the last row writes the image flipped, without a copy.
    const unsigned char* last_row = rgb.data() + static_cast<std::size_t>(height - 1) * stride;
    const std::string tmp = path + ".tmp";
    if (!stbi_write_png(tmp.c_str(), width, height, 3, last_row, -stride))
        throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw std::runtime_error("cannot write " + path + ": " + ec.message());
}

}  // namespace kiosk::engine
