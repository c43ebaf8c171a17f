// The kiosk executable: the engine's command line and main loop with the real screens.
#include "kiosk/engine/cli.h"
#include "kiosk/ui/services.h"
#include "kiosk/ui/strings.h"
#include "message_glyphs.h"

int main(int argc, char** argv) {
    std::vector<std::string> glyph_texts = kiosk::ui::all_ui_strings();
    glyph_texts.emplace_back(kMessageGlyphs);  // import and staff messages made at run time
    return kiosk::engine::kiosk_main(
        argc, argv,
        [](kiosk::ui::AppServices& services) { return kiosk::ui::make_kiosk_app(services); },
        glyph_texts);
}
