// What replay's `state` and `shot` write: the state JSON and a PNG of the frame.
#pragma once

#include "kiosk/engine/frame_times.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kiosk/engine/fonts.h"
#include "kiosk/engine/texture_cache.h"
#include "kiosk/ui/services.h"

namespace kiosk::engine {

struct StateExtras {
    long long frames = 0;
    FrameTimeSummary frame_cpu;
    std::string pack;
    TextureCacheStats textures;
    FontBuildStats fonts;
    float scale = 1, min_target_px = 0;
    FrameTimeSummary frame_build_cpu, frame_submit_cpu;  // the two parts of frame_cpu
    // Geometry of the last frame drawn: what a software renderer's per-frame cost follows.
    int draw_vertices = 0, draw_indices = 0, draw_commands = 0;
    std::vector<std::string> overflowing;  // cards whose content needed more height than given
    // {path: gl|software, description, frame: the software path's pixel counts}
    nlohmann::json render = nlohmann::json::object();
};

// {screen, language, kind_filter, focus_filter, search_text, detail_id, window:{w,h},
//  targets:[{id,kind,label,x,y,w,h}], scale, min_target_px, frames, pack, textures:{...},
//  fonts:{...}, frame_cpu_ms:{p50,p99,count,build_p50,build_p99,submit_p50,submit_p99},
//  draw:{vertices,indices,commands}, overflowing:[card ids], render:{path,description,frame}}
nlohmann::json state_json(const ui::AppState& state, const std::vector<ui::Target>& targets,
                          int width, int height, const StateExtras& extras);

// Writes through a temporary file and rename, so a reader never sees half a file.
// Throws std::runtime_error naming the path.
void write_text_file(const std::string& path, const std::string& text);

// rgb: width*height*3 bytes, bottom row first (as glReadPixels returns it); written top first.
void write_png_bottom_up(const std::string& path, int width, int height,
                         const std::vector<unsigned char>& rgb);

}  // namespace kiosk::engine
