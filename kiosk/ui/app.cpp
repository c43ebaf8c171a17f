// The kiosk app: one frame = idle check, top bar, the current screen (cross-fading from the
// previous one), the idle fade to attract, then navigation requests. Implements make_kiosk_app.
// Sections: vertex fade · top bar · the app · visitor statistics · factory
#include <algorithm>
#include <cmath>
#include <ctime>

#include "kiosk/core/idle_state.h"
#include "kiosk/engine/icons.h"
#include "kiosk/stats/visit_tracker.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/staff_panel.h"
#include "kiosk/ui/strings.h"

namespace kiosk::ui {
namespace {

// --- vertex fade: transitions and the idle fade re-colour what a screen just drew ---
void fade_vertices(ImDrawList* dl, int from, float alpha, ImVec2 shift) {
    alpha = std::clamp(alpha, 0.f, 1.f);
    for (int i = from; i < dl->VtxBuffer.Size; ++i) {
        ImDrawVert& v = dl->VtxBuffer[i];
        v.pos.x += shift.x;
        v.pos.y += shift.y;
        const auto a = static_cast<float>((v.col >> IM_COL32_A_SHIFT) & 0xFF);
        const auto na = static_cast<ImU32>(a * alpha + 0.5f);
        v.col = (v.col & ~IM_COL32_A_MASK) | (na << IM_COL32_A_SHIFT);
    }
}

Lang lang_from(const std::string& code) {
    return code == "en" ? Lang::En : Lang::Zh;
}

// --- top bar (and the portrait bottom bar: primary navigation within reach) ---
void draw_bars(Screen& sc, bool& back, bool& search, bool& lang, bool& home) {
    Ui& ui = sc.ui;
    const Metrics& m = ui.m;
    const float W = m.viewport.x, H = m.viewport.y;
    ui.dl->AddRectFilled(ImVec2(0, 0), ImVec2(W, m.bar_h), rgb(palette::kBackground));
    ui.dl->AddLine(ImVec2(0, m.bar_h), ImVec2(W, m.bar_h), rgb(palette::kDivider), 2 * m.s);
    const float by = (m.bar_h - m.target) * 0.5f;
    const bool can_back = !is_screen(sc.route, ScreenId::Home);
    const std::string back_l = tr(sc.lang(), Str::Back), search_l = tr(sc.lang(), Str::Search),
                      lang_l = tr(sc.lang(), Str::LanguageSwitch),
                      home_l = tr(sc.lang(), Str::Home);
    float left = m.margin * 0.5f;
    float right = W - m.margin * 0.5f;
    // Alliance mark first, in the top-left corner: that square (bar_h wide) is where staff tap
    // the hidden gesture, so it holds no visitor target; the mark itself does nothing.
    ImFont* icon_font = ui.h1();
    const float mark = std::min(m.target, 64 * m.s);
    const float my = (m.bar_h - mark) * 0.5f;
    fill_rounded(ui.dl, ui.corners(), ImVec2(left, my), ImVec2(left + mark, my + mark),
                 rgb(palette::kAccent), mark * 0.28f);
    const float iw = text_width(icon_font, "\uE9F4");
    ui.dl->AddText(icon_font, icon_font->FontSize,
                   ImVec2(left + (mark - iw) * 0.5f, my + (mark - icon_font->FontSize) * 0.5f),
                   rgb(palette::kOnAccent), "\uE9F4");  // hub: the alliance as a network
    left += mark + 16 * m.s;
    if (!m.portrait) {
        if (can_back) {
            left = std::max(left, m.bar_h + m.gap * 0.5f);  // outside the staff corner
            const float w = button_width(ui, icons::kBack, back_l);
            back = button(ui, "nav.back", {left, by, w, m.target}, icons::kBack, back_l);
            left += w + m.gap;
        }
        const float wh = button_width(ui, icons::kHome, home_l);
        right -= wh;
        home = button(ui, "nav.home", {right, by, wh, m.target}, icons::kHome, home_l);
        const float wl = button_width(ui, icons::kLanguage, lang_l);
        right -= wl + m.gap;
        lang = button(ui, "nav.lang", {right, by, wl, m.target}, icons::kLanguage, lang_l);
        const float ws = button_width(ui, icons::kSearch, search_l);
        right -= ws + m.gap;
        search = button(
            ui, "nav.search", {right, by, ws, m.target}, icons::kSearch, search_l,
            is_screen(sc.route, ScreenId::Search) ? ButtonStyle::Accent : ButtonStyle::Surface);
        right -= m.gap;
    } else {
        // Portrait totem: the actions live in a bottom bar, reachable from a wheelchair.
        const float y0 = H - m.bar_h;
        ui.dl->AddRectFilled(ImVec2(0, y0), ImVec2(W, H), rgb(palette::kBackground));
        ui.dl->AddLine(ImVec2(0, y0), ImVec2(W, y0), rgb(palette::kDivider), 2 * m.s);
        const int n = can_back ? 4 : 3;
        const float bw = (W - m.margin - m.gap * static_cast<float>(n - 1)) / static_cast<float>(n);
        float x = m.margin * 0.5f;
        const float y = y0 + by;
        if (can_back) {
            back = button(ui, "nav.back", {x, y, bw, m.target}, icons::kBack, back_l);
            x += bw + m.gap;
        }
        search = button(
            ui, "nav.search", {x, y, bw, m.target}, icons::kSearch, search_l,
            is_screen(sc.route, ScreenId::Search) ? ButtonStyle::Accent : ButtonStyle::Surface);
        x += bw + m.gap;
        lang = button(ui, "nav.lang", {x, y, bw, m.target}, icons::kLanguage, lang_l);
        x += bw + m.gap;
        home = button(ui, "nav.home", {x, y, bw, m.target}, icons::kHome, home_l);
    }
    // Title.
    ImFont* f = ui.h2();
    const std::string& full = sc.c.alliance().name.pick(sc.lang());
    std::string title = full.empty() ? tr(sc.lang(), Str::AllianceTitle) : full;
    if (text_width(f, title) > right - left) title = tr(sc.lang(), Str::AllianceShort);
    draw_line(ui.dl, f, ImVec2(left, (m.bar_h - f->FontSize) * 0.5f), rgb(palette::kText), title,
              right - left);
}

// --- the app ---
class App final : public KioskApp {
  public:
    explicit App(AppServices& services)
        : sv_(services), idle_(std::max(1, services.config.idle_timeout_s)), staff_(services) {
        session_.lang = lang_from(sv_.config.default_language);
        nav_.reset(route_to(ScreenId::Attract), 0);
        ui_.services = &sv_;
        apply_draw_style();  // the runner made the ImGui context before the app
    }

    void frame(const Touch& touch, ImVec2 viewport) override {
        now_ = touch.time_s;
        cache_.bind(sv_.content);
        ui_.touch = touch;
        ui_.now = now_;
        ui_.lang = session_.lang;
        ui_.m = make_metrics(sv_.scale, sv_.min_target_px, viewport);
        if (touch.pressed || touch.down) idle_.touch(now_);
        if (idle_.take_reset(now_)) {
            if (sv_.record_visits)
                visits_.end_session(now_, std::time(nullptr), idle_.idle_seconds(now_));
            reset_session();
            staff_.close();  // an idle staff panel closes with the visitor session
            // A workbook preview never outlives the staff member who started it.
            if (sv_.staff) sv_.staff->workbook_idle();
        }
        const ImportOverlay overlay = sv_.import_overlay ? sv_.import_overlay() : ImportOverlay{};
        const bool staff_up = staff_.open();
        // The workbook offer steps aside while its PIN is typed.
        const bool overlay_up = !(staff_up && overlay.offers_pin) && import_view_.update(overlay);
        const float banner_h =
            !staff_up && staff_.previewing() ? staff_.preview_banner_height(ui_.m) : 0.f;
        // A finger that lands in the staff corner belongs to the hidden gesture, never to the
        // visitor screens (the attract screen still wakes: its whole surface means "start").
        if (touch.pressed)
            corner_touch_ = !staff_up && !is_screen(nav_.current(), ScreenId::Attract) &&
                            staff_.in_corner(touch.press_pos, ui_.m);
        bool gesture_done = false;
        if (!staff_up && !overlay_up) gesture_done = staff_.feed_gesture(touch, ui_.m);
        // Visitor screens get no finger while a staff view or the import card is up.
        Touch visitor_touch = touch;
        if (staff_up || overlay_up || corner_touch_ || gesture_done) {
            visitor_touch = Touch{};
            visitor_touch.pos = touch.pos;
            visitor_touch.time_s = touch.time_s;
            visitor_touch.dt = touch.dt;
        }
        if (!touch.down && !touch.released) corner_touch_ = false;
        ui_.touch = visitor_touch;

        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(viewport);
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
        ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.f);
        // No window background: the runner's glClear paints the same navy, and a full-screen
        // quad would be blended over every pixel each frame for nothing.
        ImGui::Begin("kiosk", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoInputs |
                         ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoSavedSettings |
                         ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoNav);
        ui_.dl = ImGui::GetWindowDrawList();
        ui_.clip = {0, 0, viewport.x, viewport.y};
        ui_.clip_stack.clear();
        ui_.dl->PushClipRect(ImVec2(0, 0), viewport, false);
        begin_touch_frame(ui_);

        if (staff_up) {
            ui_.touch = overlay_up ? visitor_touch : touch;
            staff_.draw(ui_);
        } else {
            // Any touch on the attract screen goes home; that press taps nothing else.
            if (is_screen(nav_.current(), ScreenId::Attract) && visitor_touch.pressed) {
                ui_.swallow_touch = true;
                nav_.reset(route_to(ScreenId::Home), now_);
            }
            ui_.dl->AddRectFilled(ImVec2(0, 0), viewport, rgb(palette::kBackground));
            draw_routes(viewport, banner_h);
            if (banner_h > 0) staff_.draw_preview_banner(ui_, ui_.m.bar_h);
        }
        ui_.touch = touch;
        if (overlay_up) {
            switch (import_view_.draw(ui_, overlay)) {
                case ImportOverlayView::Tapped::EnterPin:
                    staff_.open_workbook_keypad(now_);
                    break;
                case ImportOverlayView::Tapped::CloseOffer:
                    if (sv_.staff) sv_.staff->workbook_close();
                    break;
                case ImportOverlayView::Tapped::None:
                    break;
            }
        }

        // Idle: the attract screen fades in over whatever is shown.
        const float fade = idle_.fade(now_);
        if (fade > 0 && !is_screen(nav_.current(), ScreenId::Attract)) {
            const int from = ui_.dl->VtxBuffer.Size;
            ui_.interactive = false;
            Screen sc{ui_, session_, cache_, attract_route_};
            sc.attract_t0 = attract_t0_;
            screen_row(ScreenId::Attract).draw(sc, {0, 0, viewport.x, viewport.y});
            fade_vertices(ui_.dl, from, fade, ImVec2(0, 0));
            ui_.interactive = true;
            ui_.wants_frames = true;
        }
        end_touch_frame(ui_);
        ui_.dl->PopClipRect();
        ImGui::End();
        ImGui::PopStyleVar(2);
        apply_requests();
        record_visit(visitor_touch.pressed || visitor_touch.down);
    }

    NextFrame next_frame() const override {
        NextFrame next;
        next.now =
            ui_.wants_frames || nav_.transitioning(now_) || idle_.phase(now_) == IdlePhase::Fading;
        next.ambient = ui_.ambient_frames;
        next.at = ui_.redraw_at;
        return next;
    }

    AppState state() const override {
        AppState st;
        st.screen = staff_.open() ? staff_.screen_name() : nav_.current().screen;
        st.language = session_.lang == Lang::En ? "en" : "zh";
        st.kind_filter = session_.kind_filter.value_or("");
        st.focus_filter = st.screen == screen_row(ScreenId::Highlights).name
                              ? session_.highlight_focus
                              : session_.member_focus;
        st.search_text = session_.search;
        st.detail_id = nav_.current().id;
        return st;
    }

    void advance_idle(double seconds) override { idle_.advance(seconds); }

    void content_changed() override {
        cache_.clear();
        cache_.bind(sv_.content);
        // Keep the screen when its item still exists; otherwise go home.
        const Route& r = nav_.current();
        const ScreenRow* row = find_screen(r.screen);
        if (row != nullptr && row->exists != nullptr && !row->exists(cache_, r.id)) nav_.home(now_);
    }

  private:
    void draw_screen(const Route& route, const Rect& full, const Rect& content) {
        Screen sc{ui_, session_, cache_, route};
        sc.attract_t0 = attract_t0_;
        if (const ScreenRow* row = find_screen(route.screen))
            row->draw(sc, row->full_screen ? full : content);
        if (sc.go_to) request_ = *sc.go_to;
        if (sc.go_back) back_requested_ = true;
    }

    static bool full_screen(const Route& route) {
        const ScreenRow* row = find_screen(route.screen);
        return row != nullptr && row->full_screen;
    }

    // banner_h: the workbook preview's banner under the top bar takes that much of the content.
    void draw_routes(ImVec2 vp, float banner_h) {
        const Metrics& m = ui_.m;
        const Rect full{0, 0, vp.x, vp.y};
        const Rect content{0, m.bar_h + banner_h, vp.x,
                           vp.y - m.bar_h * (m.portrait ? 2.f : 1.f) - banner_h};
        const float t = nav_.transition(now_);
        const Route* prev = nav_.previous();
        const float slide = 24 * m.s * static_cast<float>(nav_.direction());
        if (prev != nullptr && t < 1.f) {
            const Route before = *prev;
            const int from = ui_.dl->VtxBuffer.Size;
            ui_.interactive = false;
            ui_.push_clip(full_screen(before) ? full : content);
            draw_screen(before, full, content);
            ui_.pop_clip();
            ui_.interactive = true;
            fade_vertices(ui_.dl, from, 1.f - t, ImVec2(-slide * t, 0));
        }
        const Route current = nav_.current();
        const int from = ui_.dl->VtxBuffer.Size;
        ui_.push_clip(full_screen(current) ? full : content);
        draw_screen(current, full, content);
        ui_.pop_clip();
        if (prev != nullptr && t < 1.f)
            fade_vertices(ui_.dl, from, t, ImVec2(slide * (1.f - t), 0));
        if (!full_screen(current)) {
            Screen sc{ui_, session_, cache_, current};
            bool back = false, search = false, lang = false, home = false;
            draw_bars(sc, back, search, lang, home);
            if (back) back_requested_ = true;
            if (search) request_ = route_to(ScreenId::Search);
            if (home) home_requested_ = true;
            if (lang) session_.lang = session_.lang == Lang::Zh ? Lang::En : Lang::Zh;
        }
    }

    void apply_requests() {
        if (home_requested_) {
            nav_.home(now_);
        } else if (back_requested_) {
            if (nav_.can_go_back())
                nav_.back(now_);
            else
                nav_.home(now_);
        } else if (request_) {
            // A detail opened anew starts at its top.
            const std::string prefix = request_->screen + "/" + request_->id + "/";
            for (auto it = session_.scrollers.begin(); it != session_.scrollers.end();)
                it = it->first.rfind(prefix, 0) == 0 && !request_->id.empty()
                         ? session_.scrollers.erase(it)
                         : std::next(it);
            if (!request_->id.empty()) session_.galleries.erase(request_->id);
            nav_.go(*request_, now_);
        }
        request_.reset();
        back_requested_ = home_requested_ = false;
        const bool attract = is_screen(nav_.current(), ScreenId::Attract);
        if (attract && attract_t0_ < 0) attract_t0_ = now_;
        if (!attract) attract_t0_ = -1;
    }

    // --- visitor statistics: what is on screen now, to the tracker (cheap unless it changed) ---
    // touched: a finger on the visitor screens this frame (not on a staff view or the import card).
    void record_visit(bool touched) {
        if (!sv_.record_visits) return;
        if (staff_.open()) return visits_.discard_session();  // staff are not visitors
        const long long wall = std::time(nullptr);
        const Route& r = nav_.current();
        visits_.observe(now_, wall, r, is_screen(r, ScreenId::Attract),
                        session_.lang == Lang::En ? "en" : "zh", touched);
        if (is_screen(r, ScreenId::Search))  // the hits are the ones the screen just drew
            visits_.search_shown(now_, wall, session_.search,
                                 static_cast<int>(cache_.search(session_.search).size()));
        stats::StatsBatch done = visits_.take();
        if (!done.empty()) sv_.record_visits(std::move(done));
    }

    // A detail screen's item by its content name; a list screen by its home tile or bar label.
    stats::ViewedItem viewed_item(const Route& r) const {
        const ScreenRow* row = find_screen(r.screen);
        if (row != nullptr && row->exists != nullptr && row->shows && sv_.content) {
            const std::optional<Bilingual> name = sv_.content->item_name(row->shows->kind, r.id);
            return {row->shows->kind, name.value_or(Bilingual{r.id, r.id})};
        }
        const auto both = [](Str s) { return Bilingual{tr(Lang::Zh, s), tr(Lang::En, s)}; };
        if (row != nullptr && row->home) return {"", both(row->home->title)};
        if (is_screen(r, ScreenId::Home)) return {"", both(Str::Home)};
        if (is_screen(r, ScreenId::Search)) return {"", both(Str::Search)};
        return {"", {r.screen, r.screen}};
    }

    void reset_session() {
        session_ = Session{};
        session_.lang = lang_from(sv_.config.default_language);
        nav_.reset(route_to(ScreenId::Attract), now_);
        attract_t0_ = now_;
    }

    AppServices& sv_;
    IdleTracker idle_;
    Navigator nav_;
    Session session_;
    Cache cache_;
    Ui ui_;
    double now_ = 0;
    double attract_t0_ = 0;
    Route attract_route_ = route_to(ScreenId::Attract);
    StaffUi staff_;
    ImportOverlayView import_view_;
    bool corner_touch_ = false;  // the finger went down in the staff corner
    std::optional<Route> request_;
    bool back_requested_ = false, home_requested_ = false;
    stats::VisitTracker visits_{[this](const Route& r) { return viewed_item(r); }};
};

}  // namespace

// --- factory ---
std::unique_ptr<KioskApp> make_kiosk_app(AppServices& services) {
    return std::make_unique<App>(services);
}

}  // namespace kiosk::ui
