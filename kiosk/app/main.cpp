// The kiosk executable: the engine's command line and main loop with the real screens.
#include <malloc.h>

#include "kiosk/engine/cli.h"
#include "kiosk/ui/services.h"
#include "kiosk/ui/strings.h"
#include "message_glyphs.h"

int main(int argc, char** argv) {
    // One malloc arena: each worker thread (imports, texture loads) would otherwise keep an arena
    // of its own whose freed memory stays resident, and RSS grew a few MB per installed pack in
    // the soak (docs/performance.md, Soak).
    mallopt(M_ARENA_MAX, 1);
    std::vector<std::string> glyph_texts = kiosk::ui::all_ui_strings();
    glyph_texts.emplace_back(kMessageGlyphs);  // import and staff messages made at run time
    return kiosk::engine::kiosk_main(
        argc, argv,
        [](kiosk::ui::AppServices& services) { return kiosk::ui::make_kiosk_app(services); },
        glyph_texts);
}
