// The kiosk's whole configuration: one struct, each default documented beside its field.
// Loaded from a JSON file (keys = field names); command-line flags override it. Unknown keys and
// wrong types are refused with a message naming the key, so a typo never silently does nothing.
#pragma once

#include <string>
#include <vector>

namespace kiosk {

struct Config {
    // --- content ---
    // Folder holding the installed pack (current.db), the previous one, staging files and logs.
    std::string data_dir = "/var/lib/jbnm-kiosk";
    // The pack shown when data_dir holds none: the built-in content installed with the program.
    std::string builtin_pack = "/usr/share/jbnm-kiosk/builtin.db";
    // --pack FILE: show exactly this file (tests, previews); empty = data_dir, then builtin_pack.
    std::string pack_override;

    // --- screen and touch ---
    // 0×0 = fullscreen on the primary monitor in its current mode; otherwise a window of that size.
    int window_width = 0;
    int window_height = 0;
    // Physical screen size in millimetres; 0 = ask the monitor (EDID). Set it when the monitor
    // reports nonsense, as many touch panels do. Used to make targets at least min_target_mm.
    double screen_width_mm = 0;
    double screen_height_mm = 0;
    // Smallest edge of any tappable target, in millimetres on the real screen.
    double min_target_mm = 15.0;
    // A finger that moves more than this many millimetres is a drag, never a tap.
    double tap_slop_mm = 4.0;

    // --- visitors ---
    // Seconds without a touch before fading back to the attract screen and resetting language,
    // search and filters.
    int idle_timeout_s = 90;
    // Seconds each highlight stays on the attract screen before cross-fading to the next.
    double attract_highlight_s = 8.0;
    // Share of one CPU core, in percent, the attract loop's animation may use. Its frames are
    // spaced by what a frame measurably costs: full rate on a GPU, a frame every second or two
    // when software renders (a fanless box idles most of its twelve hours a day).
    double attract_max_cpu_percent = 4.0;
    // The attract loop never draws faster than this, even when frames are cheap.
    double attract_max_fps = 30.0;
    // Language a visitor session starts in: "zh" or "en".
    std::string default_language = "zh";

    // Folder for the font atlas cache (a start then skips rasterising the fonts). Empty:
    // $XDG_CACHE_HOME/jbnm-kiosk, else $HOME/.cache/jbnm-kiosk. A bad or stale file is rebuilt.
    std::string font_cache_dir;

    // --- drawing ---
    // How frames are drawn: "auto" (the GPU through OpenGL; the CPU renderer when this machine's
    // OpenGL is itself a software rasteriser such as llvmpipe: no GPU driver, a VM, Xvfb), "gl"
    // (always OpenGL) or "software" (always the CPU renderer, never OpenGL).
    std::string renderer = "auto";

    // --- images ---
    // Bytes of decoded textures kept on the GPU; least recently drawn are released first. Images
    // are decoded at the size they are drawn, so 32 MiB holds about a hundred 1080p grid cards
    // or four full-screen photos; what is on screen is always kept, even beyond the budget.
    long long texture_budget_bytes = 32ll << 20;

    // --- content packs from USB ---
    // Folders where USB sticks get mounted; a new mount below any of them is checked for packs.
    std::vector<std::string> mount_roots = {"/media", "/run/media"};
    // Folder of trusted minisign public keys (*.pub). Empty or missing: no pack is accepted.
    std::string keys_dir = "/etc/jbnm-kiosk/keys";
    // The publisher kiosk's own minisign secret key (kiosk-sync-setup --publisher makes it): the
    // staff panel then offers to publish the installed pack into sync_inbox for the other kiosks.
    // Empty: not a publisher (the default; install.sh --sync --publisher sets it).
    std::string publish_key;
    // Largest pack file accepted from a stick.
    long long max_pack_bytes = 4ll << 30;
    // A stick with a staff workbook (kiosk/content.xlsx, or a content folder kiosk/content/) and
    // no signed pack offers to build, preview and install it after the staff PIN. false: such a
    // stick is ignored; only signed packs are imported.
    bool workbook_import = true;
    // Visitor statistics (docs/privacy.md): counts of sessions, views and searches per hour in
    // data_dir/stats.db, nothing about a person. false: nothing is recorded.
    bool visitor_statistics = true;
    // Several kiosks kept in step by Syncthing (deploy/README.md): a folder Syncthing fills with
    // signed packs, imported like a stick once Syncthing's REST API says the folder is idle with
    // nothing left to fetch, or, when it cannot be asked, once a pack has not changed for
    // sync_stable_s seconds; and a folder this kiosk writes status/<host>.json into. Empty: off
    // (the default; install.sh --sync sets both and the REST socket).
    std::string sync_inbox;
    std::string sync_status_dir;
    int sync_stable_s = 10;
    // Syncthing's GUI/REST Unix socket (empty: not asked), the file with its API key
    // (STGUIAPIKEY=...), and the id of the folder that fills sync_inbox.
    std::string sync_rest_socket;
    std::string sync_rest_key_file = "/etc/jbnm-kiosk/syncthing.env";
    std::string sync_folder_id = "jbnm-packs";
    // The pack builder the kiosk runs for a workbook. Empty: kiosk-pack in the kiosk program's
    // own folder (/proc/self/exe), where the package installs both.
    std::string pack_tool;
    // Seconds a workbook build may take before it is stopped (CPU seconds: the same).
    int workbook_build_s = 120;

    // --- unattended operation ---
    // Opening hours, local time "HH:MM"; outside them the display sleeps. Equal = always open.
    std::string open_from = "00:00";
    std::string open_until = "00:00";
    // Minutes the kiosk stays awake after a touch outside opening hours.
    int after_hours_wake_min = 5;
    // File with the staff PIN hash (libsodium crypto_pwhash_str). Missing: the panel cannot open.
    std::string staff_pin_file = "/etc/jbnm-kiosk/staff-pin";
};

// Reads a JSON config file over the defaults. Throws std::runtime_error with "FILE: key: what".
Config load_config(const std::string& path, Config base = {});

}  // namespace kiosk
