// A tiny KioskApp for testing the engine alone (never part of the product): a red top bar, a
// button that counts taps, a list area that counts drags, and the images "good" and "bad".
#include <cstdio>

#include "kiosk/engine/cli.h"
#include "kiosk/engine/icons.h"

namespace {

using kiosk::ui::Target;

class EngineTestApp final : public kiosk::ui::KioskApp {
  public:
    explicit EngineTestApp(kiosk::ui::AppServices& services) : s_(services) {}

    void frame(const kiosk::ui::Touch& touch, ImVec2 vp) override {
        ImDrawList* dl = ImGui::GetBackgroundDrawList();
        dl->AddRectFilled({0, 0}, vp, IM_COL32(11, 31, 51, 255));
        dl->AddRectFilled({0, 0}, {vp.x, vp.y * 0.1f}, IM_COL32(255, 0, 0, 255));
        const char* title = idle_ > s_.config.idle_timeout_s ? "待机 Attract" : "测试联盟 Test";
        dl->AddText(s_.fonts.h1, s_.fonts.h1->FontSize, {vp.x * 0.02f, vp.y * 0.12f},
                    IM_COL32(244, 247, 250, 255), title);
        dl->AddText(s_.fonts.icons, s_.fonts.icons->FontSize, {vp.x * 0.6f, vp.y * 0.12f},
                    IM_COL32(25, 195, 177, 255), kiosk::icons::kHome);

        const Target button{"test.button", "button",    "计数 Count", vp.x * 0.1f,
                            vp.y * 0.3f,   vp.x * 0.3f, vp.y * 0.2f};
        const bool over = inside(button, touch.pos) && touch.down && !touch.dragging;
        dl->AddRectFilled({button.x, button.y}, {button.x + button.w, button.y + button.h},
                          over ? IM_COL32(120, 240, 200, 255) : IM_COL32(25, 195, 177, 255), 16);
        if (touch.tap && inside(button, touch.press_pos)) ++taps_;
        s_.report_target(button);

        const Target list{"test.list", "card",      "列表 List", vp.x * 0.5f,
                          vp.y * 0.3f, vp.x * 0.4f, vp.y * 0.5f};
        dl->AddRectFilled({list.x, list.y}, {list.x + list.w, list.y + list.h},
                          IM_COL32(19, 49, 79, 255), 16);
        if (touch.released && touch.dragging) ++drags_;
        if (touch.tap && inside(list, touch.press_pos)) ++taps_;
        s_.report_target(list);

        image("good", vp.x * 0.1f, vp.y * 0.6f, vp.y * 0.15f);
        image("bad", vp.x * 0.3f, vp.y * 0.6f, vp.y * 0.15f);
    }
    NextFrame next_frame() const override { return {}; }
    kiosk::ui::AppState state() const override {
        kiosk::ui::AppState st;
        st.screen = idle_ > s_.config.idle_timeout_s ? "attract" : "test";
        st.language = "zh";
        st.detail_id = "taps=" + std::to_string(taps_);
        st.search_text = "drags=" + std::to_string(drags_);
        return st;
    }
    void advance_idle(double seconds) override { idle_ += seconds; }
    void content_changed() override {}

  private:
    static bool inside(const Target& t, ImVec2 p) {
        return p.x >= t.x && p.x < t.x + t.w && p.y >= t.y && p.y < t.y + t.h;
    }
    void image(const char* id, float x, float y, float side) {
        const kiosk::ui::TextureRef tex = s_.textures->get(id, true);
        ImDrawList* dl = ImGui::GetBackgroundDrawList();
        if (tex.id)
            dl->AddImage(tex.id, {x, y}, {x + side, y + side});
        else
            dl->AddRectFilled({x, y}, {x + side, y + side}, IM_COL32(90, 100, 110, 255));
        const char* label = tex.id ? "loaded" : tex.failed ? "failed" : "loading";
        s_.report_target({std::string("test.image.") + id, "image", label, x, y, side, side});
    }

    kiosk::ui::AppServices& s_;
    int taps_ = 0, drags_ = 0;
    double idle_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
    return kiosk::engine::kiosk_main(
        argc, argv,
        [](kiosk::ui::AppServices& services) { return std::make_unique<EngineTestApp>(services); },
        {"测试联盟 Test", "待机 Attract", "计数 Count", "列表 List"});
}
