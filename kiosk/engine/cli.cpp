// Command line parsing and content selection for the kiosk executable.
#include "kiosk/engine/cli.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "kiosk/engine/operations.h"
#include "platform/glfw/window.h"

namespace kiosk::engine {

namespace {

constexpr const char* kUsage =
    "Usage: kiosk [options]\n"
    "The touch kiosk of the Nanjing Jiangbei New Materials Industry Innovation Alliance.\n"
    "  --window WxH       windowed, e.g. 1920x1080 (default: fullscreen on the primary monitor)\n"
    "  --pack FILE        show this content file\n"
    "  --data-dir DIR     folder with the installed pack (DIR/current.db)\n"
    "  --config FILE      JSON configuration (keys as in kiosk/core/config.h)\n"
    "  --replay FILE|-    read test commands from FILE or stdin: tap X Y, drag X1 Y1 X2 Y2 MS,\n"
    "                     wait MS, idle S, shot PATH.png, state PATH.json, quit\n"
    "  --shot-prefix P    prepend P to relative shot paths\n"
    "  --renderer R       auto (default), gl or software: how frames are drawn\n"
    "  --help             this text\n"
    "Content: --pack, else DATA_DIR/current.db, else the built-in pack of the configuration.\n";

struct Flags {
    std::optional<std::string> config, pack, data_dir, window, renderer;
    std::string replay, shot_prefix;
    bool help = false;
};

Flags parse_flags(int argc, char** argv) {
    Flags f;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "--help" || arg == "-h")
            f.help = true;
        else if (arg == "--window")
            f.window = value();
        else if (arg == "--pack")
            f.pack = value();
        else if (arg == "--data-dir")
            f.data_dir = value();
        else if (arg == "--config")
            f.config = value();
        else if (arg == "--replay")
            f.replay = value();
        else if (arg == "--renderer")
            f.renderer = value();
        else if (arg == "--shot-prefix")
            f.shot_prefix = value();
        else
            throw std::invalid_argument("unknown option " + arg);
    }
    return f;
}

void parse_window(const std::string& text, Config* config) {
    int w = 0, h = 0;
    char x = 0, extra = 0;
    if (std::sscanf(text.c_str(), "%d%c%d%c", &w, &x, &h, &extra) != 3 || (x != 'x' && x != 'X') ||
        w < 320 || h < 240 || w > 16384 || h > 16384)
        throw std::invalid_argument("--window wants WIDTHxHEIGHT like 1920x1080, not \"" + text +
                                    "\"");
    config->window_width = w;
    config->window_height = h;
}

// --pack must open; an installed pack that fails falls back to the built-in one (with a warning).
std::shared_ptr<ContentDb> open_content(const Config& config, const std::string& startup_pack,
                                        std::string* problem) {
    std::vector<std::string> candidates;
    if (!config.pack_override.empty()) {
        candidates.push_back(config.pack_override);
    } else {
        candidates.push_back(startup_pack);
        if (startup_pack != config.builtin_pack) candidates.push_back(config.builtin_pack);
    }
    for (const std::string& path : candidates) {
        try {
            if (!std::filesystem::exists(path)) {
                *problem += "  " + path + ": the file does not exist\n";
                continue;
            }
            return std::make_shared<ContentDb>(path, IndexLoading::OnRequest);
        } catch (const std::exception& e) {
            *problem += "  " + path + ": " + e.what() + "\n";
            std::fprintf(stderr, "kiosk: cannot use %s: %s\n", path.c_str(), e.what());
        }
    }
    return nullptr;
}

}  // namespace

int kiosk_main(int argc, char** argv, const AppFactory& make_app,
               const std::vector<std::string>& ui_strings) {
    Flags flags;
    Config config;
    try {
        flags = parse_flags(argc, argv);
        if (flags.help) {
            std::cout << kUsage;
            return 0;
        }
        if (flags.config) config = load_config(*flags.config, config);
        if (flags.window) parse_window(*flags.window, &config);
        if (flags.pack) config.pack_override = *flags.pack;
        if (flags.data_dir) config.data_dir = *flags.data_dir;
        if (flags.renderer) {
            if (*flags.renderer != "auto" && *flags.renderer != "gl" &&
                *flags.renderer != "software")
                throw std::invalid_argument("--renderer wants auto, gl or software, not \"" +
                                            *flags.renderer + "\"");
            config.renderer = *flags.renderer;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kiosk: %s\n参数或配置有误。Run `kiosk --help` for the options.\n",
                     e.what());
        return 2;
    }

    Operations operations(config);
    const std::string startup_pack =
        config.pack_override.empty() ? operations.startup_pack_path() : config.pack_override;
    std::string problem;
    std::shared_ptr<ContentDb> content = open_content(config, startup_pack, &problem);
    if (!content) {
        std::fprintf(stderr,
                     "kiosk: no content to show. 没有可显示的内容。\n%s"
                     "What to do: pass a content pack with --pack FILE (a developer build has "
                     "build/builtin.db), or install one with `kiosk-pack import`.\n"
                     "处理办法：用 --pack 指定内容包文件，或用 kiosk-pack import 安装内容包。\n",
                     problem.c_str());
        return 2;
    }
    if (!platform::display_available()) {
        std::fprintf(stderr,
                     "kiosk: no display found (DISPLAY is not set or cannot be opened), so the "
                     "kiosk cannot open its window here.\n未找到显示器，无法打开窗口。\n"
                     "To see it anyway, take screenshots headless: ./dev.sh screenshots  "
                     "(writes out/shots/*.png)\n");
        return 2;
    }
    RunOptions options;
    options.config = config;
    options.content = content;
    options.replay = flags.replay;
    options.shot_prefix = flags.shot_prefix;
    options.ui_strings = ui_strings;
    operations.attach(&options);
    return run_kiosk(options, make_app);
}

}  // namespace kiosk::engine
