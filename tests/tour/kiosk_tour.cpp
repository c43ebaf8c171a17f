// kiosk-tour --pack FILE --window WxH --out DIR: taps through every screen like a visitor and
// saves DIR/NN-name.png for each, so people can judge the look at any resolution.
#include <filesystem>
#include <iostream>
#include <string>

#include "tests/gui_support/kiosk_driver.h"

using kiosk::testing::KioskDriver;

namespace {

// Taps the first target whose id starts with `prefix`; false when none is on screen.
bool tap_prefix(KioskDriver& k, const std::string& prefix) {
    const nlohmann::json s = k.state();
    for (const auto& t : s.at("targets")) {
        const std::string id = t.at("id");
        if (id.rfind(prefix, 0) != 0) continue;
        const std::string before = s.value("screen", "");
        k.tap(t.at("x").get<float>() + t.at("w").get<float>() / 2,
              t.at("y").get<float>() + t.at("h").get<float>() / 2);
        // A busy machine draws slowly: give the screen change up to ~2 s to show.
        for (int i = 0; i < 10 && k.state().value("screen", "") == before; ++i) k.wait(200);
        k.wait(300);  // let the transition finish
        return true;
    }
    std::cerr << "kiosk-tour: nothing starting with \"" << prefix << "\" on screen "
              << s.value("screen", "") << "\n";
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    std::string pack, window = "1920x1080", out = "out/shots";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--pack")
            pack = argv[i + 1];
        else if (flag == "--window")
            window = argv[i + 1];
        else if (flag == "--out")
            out = argv[i + 1];
    }
    if (pack.empty()) {
        std::cerr << "usage: kiosk-tour --pack FILE [--window WxH] [--out DIR]\n";
        return 2;
    }
    std::filesystem::create_directories(out);
    int n = 0;
    try {
        KioskDriver k({"--pack", pack, "--window", window});
        auto shot = [&](const std::string& name) {
            char prefix[16];
            std::snprintf(prefix, sizeof prefix, "%02d-", ++n);
            k.shot(std::filesystem::absolute(out + "/" + window + "-" + prefix + name + ".png"));
        };
        k.wait(300);
        shot("attract");
        const nlohmann::json first = k.state();
        k.tap(first["window"]["w"].get<float>() / 2,  // any touch leaves the attract screen
              first["window"]["h"].get<float>() / 2);
        k.wait(500);
        shot("home");
        const char* sections[][3] = {{"home.members", "member.", "members"},
                                     {"home.highlights", "highlight.", "highlights"},
                                     {"home.projects", "project.", "projects"},
                                     {"home.experts", "person.", "experts"},
                                     {"home.timeline", "event.", "timeline"}};
        for (const auto& s : sections) {
            tap_prefix(k, "nav.home");
            if (!tap_prefix(k, s[0])) continue;
            shot(s[2]);
            if (tap_prefix(k, s[1])) shot(std::string(s[2]) + "-detail");
        }
        tap_prefix(k, "nav.home");
        tap_prefix(k, "home.about");
        shot("about");
        tap_prefix(k, "nav.search");
        for (const char* key : {"key.n", "key.j", "key.d", "key.x"}) tap_prefix(k, key);
        shot("search-njdx");
        tap_prefix(k, "nav.lang");
        shot("search-en");
        tap_prefix(k, "nav.home");
        tap_prefix(k, "home.members");
        shot("members-en");
        tap_prefix(k, "nav.home");
        tap_prefix(k, "home.highlights");
        shot("highlights-en");  // English titles and summaries are the longest card texts
        if (tap_prefix(k, "highlight.") && tap_prefix(k, "member."))
            shot("member-highlights-en");  // a member page with its strip of highlight cards
        k.quit();
    } catch (const std::exception& e) {
        std::cerr << "kiosk-tour: " << e.what() << "\n";
        return 1;
    }
    std::cout << n << " screenshots in " << out << "\n";
    return 0;
}
