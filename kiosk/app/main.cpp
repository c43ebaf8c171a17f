// The kiosk executable: the engine's command line and main loop with the real screens.
#include "kiosk/engine/cli.h"
#include "kiosk/ui/services.h"
#include "kiosk/ui/strings.h"

int main(int argc, char** argv) {
    return kiosk::engine::kiosk_main(
        argc, argv,
        [](kiosk::ui::AppServices& services) { return kiosk::ui::make_kiosk_app(services); },
        kiosk::ui::all_ui_strings());
}
