// load_config: a JSON object over the defaults; every key must be a known field of the right type.
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "kiosk/core/config.h"

namespace kiosk {
namespace {

using Json = nlohmann::json;
// Reads one JSON value into the config; returns an error text ("" = fine).
using Reader = std::function<std::string(const Json&, Config&)>;

Reader text(std::string Config::*field) {
    return [field](const Json& v, Config& c) -> std::string {
        if (!v.is_string()) return "expected a text in quotes";
        c.*field = v.get<std::string>();
        return "";
    };
}

Reader whole(int Config::*field) {
    return [field](const Json& v, Config& c) -> std::string {
        if (!v.is_number_integer()) return "expected a whole number";
        const auto n = v.get<long long>();
        if (n < std::numeric_limits<int>::min() || n > std::numeric_limits<int>::max())
            return "number out of range";
        c.*field = static_cast<int>(n);
        return "";
    };
}

Reader big_whole(long long Config::*field) {
    return [field](const Json& v, Config& c) -> std::string {
        if (!v.is_number_integer()) return "expected a whole number";
        if (v.is_number_unsigned() &&
            v.get<unsigned long long>() >
                static_cast<unsigned long long>(std::numeric_limits<long long>::max()))
            return "number out of range";
        c.*field = v.get<long long>();
        return "";
    };
}

Reader real(double Config::*field) {
    return [field](const Json& v, Config& c) -> std::string {
        if (!v.is_number()) return "expected a number";
        c.*field = v.get<double>();
        return "";
    };
}

Reader flag(bool Config::*field) {
    return [field](const Json& v, Config& c) -> std::string {
        if (!v.is_boolean()) return "expected true or false";
        c.*field = v.get<bool>();
        return "";
    };
}

Reader text_list(std::vector<std::string> Config::*field) {
    return [field](const Json& v, Config& c) -> std::string {
        if (!v.is_array()) return "expected a list of texts, e.g. [\"/media\"]";
        std::vector<std::string> out;
        for (const auto& item : v) {
            if (!item.is_string()) return "expected a list of texts, e.g. [\"/media\"]";
            out.push_back(item.get<std::string>());
        }
        c.*field = std::move(out);
        return "";
    };
}

const std::map<std::string, Reader>& readers() {
    static const std::map<std::string, Reader> table = {
        {"data_dir", text(&Config::data_dir)},
        {"builtin_pack", text(&Config::builtin_pack)},
        {"pack_override", text(&Config::pack_override)},
        {"window_width", whole(&Config::window_width)},
        {"window_height", whole(&Config::window_height)},
        {"screen_width_mm", real(&Config::screen_width_mm)},
        {"screen_height_mm", real(&Config::screen_height_mm)},
        {"min_target_mm", real(&Config::min_target_mm)},
        {"tap_slop_mm", real(&Config::tap_slop_mm)},
        {"idle_timeout_s", whole(&Config::idle_timeout_s)},
        {"attract_highlight_s", real(&Config::attract_highlight_s)},
        {"attract_max_cpu_percent", real(&Config::attract_max_cpu_percent)},
        {"attract_max_fps", real(&Config::attract_max_fps)},
        {"default_language", text(&Config::default_language)},
        {"font_cache_dir", text(&Config::font_cache_dir)},
        {"renderer", text(&Config::renderer)},
        {"texture_budget_bytes", big_whole(&Config::texture_budget_bytes)},
        {"mount_roots", text_list(&Config::mount_roots)},
        {"keys_dir", text(&Config::keys_dir)},
        {"publish_key", text(&Config::publish_key)},
        {"max_pack_bytes", big_whole(&Config::max_pack_bytes)},
        {"workbook_import", flag(&Config::workbook_import)},
        {"visitor_statistics", flag(&Config::visitor_statistics)},
        {"sync_inbox", text(&Config::sync_inbox)},
        {"sync_status_dir", text(&Config::sync_status_dir)},
        {"sync_stable_s", whole(&Config::sync_stable_s)},
        {"sync_rest_socket", text(&Config::sync_rest_socket)},
        {"sync_rest_key_file", text(&Config::sync_rest_key_file)},
        {"sync_folder_id", text(&Config::sync_folder_id)},
        {"pack_tool", text(&Config::pack_tool)},
        {"workbook_build_s", whole(&Config::workbook_build_s)},
        {"open_from", text(&Config::open_from)},
        {"open_until", text(&Config::open_until)},
        {"after_hours_wake_min", whole(&Config::after_hours_wake_min)},
        {"staff_pin_file", text(&Config::staff_pin_file)},
    };
    return table;
}

// Values the type alone does not rule out but the kiosk cannot use.
std::string check_value(const std::string& key, const Config& c) {
    if (key == "default_language" && c.default_language != "zh" && c.default_language != "en")
        return "expected \"zh\" or \"en\"";
    if (key == "renderer" && c.renderer != "auto" && c.renderer != "gl" && c.renderer != "software")
        return "expected \"auto\", \"gl\" or \"software\"";
    if (key == "idle_timeout_s" && c.idle_timeout_s <= 0) return "expected more than 0 seconds";
    if (key == "workbook_build_s" && c.workbook_build_s <= 0) return "expected more than 0 seconds";
    if (key == "sync_stable_s" && c.sync_stable_s <= 0) return "expected more than 0 seconds";
    if (key == "sync_folder_id" && c.sync_folder_id.empty())
        return "expected the inbox folder's id, as in Syncthing (\"jbnm-packs\")";
    if (key == "attract_max_cpu_percent" &&
        !(c.attract_max_cpu_percent > 0 && c.attract_max_cpu_percent <= 100))
        return "expected a percentage above 0 and at most 100";
    if (key == "attract_max_fps" && !(c.attract_max_fps >= 1 && c.attract_max_fps <= 240))
        return "expected 1 to 240 frames per second";
    if ((key == "window_width" && c.window_width < 0) ||
        (key == "window_height" && c.window_height < 0))
        return "expected 0 (fullscreen) or a size in pixels";
    return "";
}

}  // namespace

Config load_config(const std::string& path, Config base) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open the config file");
    std::stringstream buffer;
    buffer << in.rdbuf();
    Json doc;
    try {
        doc = Json::parse(buffer.str());
    } catch (const Json::parse_error& e) {
        throw std::runtime_error(path + ": not valid JSON (" + e.what() + ")");
    }
    if (!doc.is_object())
        throw std::runtime_error(path + ": expected a JSON object like {\"idle_timeout_s\": 90}");
    for (const auto& [key, value] : doc.items()) {
        const auto found = readers().find(key);
        if (found == readers().end())
            throw std::runtime_error(path + ": " + key + ": unknown setting (check the spelling)");
        std::string error = found->second(value, base);
        if (error.empty()) error = check_value(key, base);
        if (!error.empty()) throw std::runtime_error(path + ": " + key + ": " + error);
    }
    return base;
}

}  // namespace kiosk
