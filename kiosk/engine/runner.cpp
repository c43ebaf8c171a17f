// The main loop. Sections: process clock and signals · runner state · callbacks · content and fonts
// · replay host · frame · loop.
#include "kiosk/engine/runner.h"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <imgui.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <future>
#include <optional>
#include <sstream>

#include "kiosk/core/frame_pacing.h"
#include "kiosk/core/glyph_set.h"
#include "kiosk/engine/font_cache.h"
#include "kiosk/engine/fonts.h"
#include "kiosk/engine/main_thread_queue.h"
#include "kiosk/engine/render_path.h"
#include "kiosk/engine/replay_interpreter.h"
#include "kiosk/engine/texture_cache.h"
#include "kiosk/engine/touch_input.h"
#include "kiosk/engine/writers.h"
#include "kiosk/logging/log.h"
#include "platform/glfw/input_injector.h"
#include "platform/glfw/shm_surface.h"
#include "platform/glfw/window.h"

namespace kiosk::engine {

// --- process clock and signals ---
double ms_since_process_start() {
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    const double now_s = double(now.tv_sec) + double(now.tv_nsec) * 1e-9;
    std::ifstream stat("/proc/self/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const auto paren = text.rfind(')');  // the command name may contain spaces
    if (paren == std::string::npos) return 0;
    std::istringstream fields(text.substr(paren + 2));
    std::string field;
    for (int i = 3; i <= 22 && fields >> field; ++i) {
        if (i == 22) return (now_s - std::stod(field) / double(sysconf(_SC_CLK_TCK))) * 1000.0;
    }
    return 0;
}

namespace {

std::atomic<bool> g_stop{false};

// SIGTERM/SIGINT are taken by a thread (sigwait), which may safely wake the GLFW loop.
void start_signal_thread() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);  // before any other thread exists: inherited
    std::thread([set] {
        int sig = 0;
        sigwait(&set, &sig);
        g_stop = true;
        glfwPostEmptyEvent();
    }).detach();
}

// The ImGui context; its backends belong to the render path, which goes first.
struct ImGuiContextOwner {
    explicit ImGuiContextOwner(ImFontAtlas* fonts) {
        IMGUI_CHECKVERSION();
        ImGui::CreateContext(fonts);  // borrowed: the runner owns the atlas
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;  // no files written behind our back
        io.LogFilename = nullptr;
        io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;  // the cursor stays hidden
    }
    ~ImGuiContextOwner() { ImGui::DestroyContext(); }
    ImGuiContextOwner(const ImGuiContextOwner&) = delete;
    ImGuiContextOwner& operator=(const ImGuiContextOwner&) = delete;
};

// GL or the CPU renderer (config `renderer`), decided before the window opens: the software
// path's window has no GL context, so no Mesa driver (libLLVM: ~50 MB) is loaded for it.
RenderChoice choose_path(const RunOptions& options) {
    platform::display_available();  // GLFW initialised (the window reuses it)
    RenderChoice choice =
        choose_render_path(options.config.renderer, font_cache_dir(options.config.font_cache_dir));
    if (choice.software && !platform::ShmSurface::supported()) {
        log_warn(
            "renderer: the screen cannot show the CPU renderer's frames (not 24-bit X11); "
            "drawing with OpenGL");
        choice = {false, "the screen is not 24-bit X11"};
    }
    return choice;
}

platform::WindowOptions window_options(const Config& config, const RenderChoice& choice) {
    platform::WindowOptions w{config.window_width, config.window_height, config.screen_width_mm,
                              config.screen_height_mm};
    w.opengl = !choice.software;
    return w;
}

// The software path when chosen and possible (an X11 window of 24-bit colour), else GL.
std::unique_ptr<RenderPath> make_path(platform::Window& window, const RenderChoice& choice) {
    if (!window.opengl()) return make_software_path(window.handle(), choice.why);
    return make_gl_path(window.handle());
}

// The main-thread queue, waking the GLFW loop while the window exists: a worker (a stick job may
// outlive everything) can still post after it is gone.
struct WakingQueue {
    explicit WakingQueue(std::shared_ptr<MainThreadQueue> shared)
        : queue(shared ? std::move(shared) : std::make_shared<MainThreadQueue>()) {
        queue->set_wake([] { glfwPostEmptyEvent(); });  // thread-safe in GLFW
    }
    ~WakingQueue() { queue->set_wake({}); }
    WakingQueue(const WakingQueue&) = delete;
    WakingQueue& operator=(const WakingQueue&) = delete;
    MainThreadQueue* operator->() const { return queue.get(); }
    std::shared_ptr<MainThreadQueue> queue;
};

// UI scale: 1.0 at a 1080 px short side.
float ui_scale_for(int width_px, int height_px) {
    return std::max(0.5f, static_cast<float>(std::min(width_px, height_px)) / 1080.f);
}

// Every character the fonts need: the UI's own strings and the pack's texts.
std::u32string font_codepoints(const std::vector<std::string>& ui_strings,
                               const std::shared_ptr<ContentDb>& content) {
    std::u32string codepoints = collect_codepoints(ui_strings);
    if (content) codepoints += content->all_text_codepoints();
    std::sort(codepoints.begin(), codepoints.end());
    codepoints.erase(std::unique(codepoints.begin(), codepoints.end()), codepoints.end());
    return codepoints;
}

// Fonts prepared on a worker while the window and GL context open (both take a few hundred ms).
struct EarlyFonts {
    float scale = 0;  // 0: nothing prepared
    ui::Fonts fonts;
    FontBuildStats stats;
    std::exception_ptr error;
};

std::future<EarlyFonts> prepare_fonts_early(const RunOptions& options, ImFontAtlas* atlas) {
    const platform::PixelSize size = platform::expected_window_pixels(
        platform::WindowOptions{options.config.window_width, options.config.window_height});
    if (size.width <= 0 || size.height <= 0) return {};
    const float scale = ui_scale_for(size.width, size.height);
    return std::async(std::launch::async, [&options, atlas, scale] {
        EarlyFonts early;
        early.scale = scale;
        try {
            early.fonts = load_or_build_fonts(font_codepoints(options.ui_strings, options.content),
                                              scale, font_cache_dir(options.config.font_cache_dir),
                                              &early.stats, atlas);
        } catch (...) {
            early.error = std::current_exception();
        }
        return early;
    });
}

// --- runner state ---
class Runner final : private ReplayHost {
  public:
    // entered_ms: ms since process start when run_kiosk was entered (config and content opened).
    Runner(const RunOptions& options, const AppFactory& make_app, double entered_ms);
    int run();

  private:
    static Runner* self(GLFWwindow* w) { return static_cast<Runner*>(glfwGetWindowUserPointer(w)); }
    void install_callbacks();
    void build_fonts_now();
    void upload_fonts();
    void install_content(std::shared_ptr<ContentDb> db);
    void update_metrics();

    // ReplayHost
    long long frames_drawn() const override { return frames_; }
    void advance_idle(double seconds) override { app_->advance_idle(seconds); }
    void capture_next_frame(std::string path) override { capture_path_ = std::move(path); }
    void write_state(const std::string& path) override;

    // The steps of one loop turn, in order.
    bool advance_replay(double now);
    bool display_asleep() const;
    void wait_for_events(bool draw, bool asleep, double now);
    void run_hooks_and_results(double now);
    bool take_touches(double now, bool asleep);
    bool follow_window_size();
    void draw_frame(double now);
    void capture_frame();
    void note_ready();
    double wait_timeout(double now, const ui::KioskApp::NextFrame& want) const;
    bool frame_due(const ui::KioskApp::NextFrame& want, double now) const;

    const RunOptions& options_;
    Config config_;
    std::unique_ptr<ImFontAtlas> font_atlas_;  // outlives the ImGui context that borrows it
    std::future<EarlyFonts> early_fonts_;      // joined before the atlas goes
    RenderChoice choice_;
    platform::Window window_;
    std::optional<platform::InputInjector> injector_;
    ImGuiContextOwner imgui_;
    std::unique_ptr<RenderPath> path_;  // after the context, gone before it
    ui::AppServices services_;
    std::unique_ptr<TextureCache> textures_;  // releases its textures through path_
    std::unique_ptr<ui::KioskApp> app_;
    WakingQueue main_thread_;  // after the window: stops waking it before it goes
    std::unique_ptr<ReplayInterpreter> replay_;
    TouchTracker touch_{8.f};
    std::vector<ui::Target> targets_;
    std::vector<std::string> overflowing_;  // ids of cards whose content did not fit, this frame
    FontBuildStats font_stats_;
    FrameTimes frame_times_;  // building the UI + submitting its draw data (the two below)
    FrameTimes build_times_, submit_times_;
    struct {
        int vertices = 0, indices = 0, commands = 0;
    } last_draw_;
    FramePacer pacer_;
    double last_frame_at_ = -1;
    double min_frame_interval_s_ = 0;  // 1/refresh when the path has no vsync
    platform::ScreenGeometry geometry_;

    std::string capture_path_;  // non-empty: the next frame is written as PNG (replay `shot`)

    // Start phases (ms since process start), logged once with the `ready` line: the first thing
    // to read when a kiosk starts slowly on new hardware.
    std::vector<std::pair<const char*, double>> start_marks_;
    void mark_start(const char* phase) {
        start_marks_.emplace_back(phase, ms_since_process_start());
    }

    long long frames_ = 0;
    bool ready_ = false, need_frame_ = true;
    double last_input_ = 0;
};

Runner::Runner(const RunOptions& options, const AppFactory& make_app, double entered_ms)
    : options_(options),
      config_(options.config),
      font_atlas_(std::make_unique<ImFontAtlas>()),
      early_fonts_(prepare_fonts_early(options, font_atlas_.get())),
      choice_(choose_path(options)),
      window_(window_options(options.config, choice_)),
      imgui_(font_atlas_.get()),
      path_(make_path(window_, choice_)),
      main_thread_(options.main_thread),
      pacer_(options.config.attract_max_cpu_percent / 100.0, options.config.attract_max_fps),
      start_marks_{{"entered", entered_ms}} {
    mark_start("window and GL");
    log_info("drawing with " + path_->description());
    glfwSetWindowUserPointer(window_.handle(), this);
    glfwFocusWindow(window_.handle());
    if (!options.replay.empty()) {
        injector_.emplace(window_.handle());
        if (!injector_->available())
            throw std::runtime_error("replay needs the XTest extension of the X server");
    }
    install_callbacks();
    update_metrics();
    if (!path_->vsync()) min_frame_interval_s_ = 1.0 / window_.refresh_hz();

    services_.config = config_;
    services_.content = options.content;
    services_.report_target = [this](ui::Target t) { targets_.push_back(std::move(t)); };
    services_.report_overflow = [this](const std::string& id) { overflowing_.push_back(id); };
    services_.render_path = path_->description();
    EarlyFonts early = early_fonts_.valid() ? early_fonts_.get() : EarlyFonts{};
    mark_start("waiting for fonts");
    if (early.error) std::rethrow_exception(early.error);  // e.g. a font file missing
    if (early.scale > 0 && std::abs(early.scale - services_.scale) < 0.01f) {
        services_.fonts = early.fonts;
        font_stats_ = early.stats;
        upload_fonts();
    } else {
        build_fonts_now();  // the window came out another size than expected
    }
    mark_start("font texture and shaders");
    textures_ = std::make_unique<TextureCache>(config_.texture_budget_bytes, nullptr, path_.get(),
                                               [] { glfwPostEmptyEvent(); });
    install_content(options.content);
    services_.textures = textures_.get();
    if (options.hooks.configure_services) options.hooks.configure_services(services_);
    app_ = make_app(services_);
    if (!app_) throw std::runtime_error("the screens could not be created");
    mark_start("content and screens");
    if (!options.replay.empty())
        replay_ = std::make_unique<ReplayInterpreter>(options.replay, *main_thread_.queue,
                                                      static_cast<ReplayHost&>(*this), *injector_,
                                                      options.shot_prefix);
    last_input_ = window_.now();
}

// --- callbacks: ours record pointer events, then chain to ImGui's backend ---
void Runner::install_callbacks() {
    GLFWwindow* w = window_.handle();
    glfwSetMouseButtonCallback(w, [](GLFWwindow* win, int button, int action, int mods) {
        ImGui_ImplGlfw_MouseButtonCallback(win, button, action, mods);
        if (button != GLFW_MOUSE_BUTTON_LEFT) return;
        double x = 0, y = 0;
        glfwGetCursorPos(win, &x, &y);
        self(win)->touch_.push(
            {action == GLFW_PRESS ? PointerEvent::Type::Press : PointerEvent::Type::Release,
             static_cast<float>(x), static_cast<float>(y), glfwGetTime()});
    });
    glfwSetCursorPosCallback(w, [](GLFWwindow* win, double x, double y) {
        self(win)->touch_.push({PointerEvent::Type::Move, static_cast<float>(x),
                                static_cast<float>(y), glfwGetTime()});
    });
    glfwSetScrollCallback(w, ImGui_ImplGlfw_ScrollCallback);
    glfwSetKeyCallback(w, ImGui_ImplGlfw_KeyCallback);
    glfwSetCharCallback(w, ImGui_ImplGlfw_CharCallback);
    glfwSetWindowFocusCallback(w, ImGui_ImplGlfw_WindowFocusCallback);
    glfwSetCursorEnterCallback(w, ImGui_ImplGlfw_CursorEnterCallback);
    glfwSetMonitorCallback(ImGui_ImplGlfw_MonitorCallback);
    glfwSetWindowRefreshCallback(w, [](GLFWwindow* win) {  // uncovered: its pixels were lost
        self(win)->path_->window_exposed();
        self(win)->need_frame_ = true;
    });
}

// --- content and fonts ---
void Runner::update_metrics() {
    geometry_ = window_.geometry();
    const double px_per_mm = geometry_.px_per_mm();
    services_.scale = ui_scale_for(geometry_.width_px, geometry_.height_px);
    services_.min_target_px =
        std::max(static_cast<float>(config_.min_target_mm * px_per_mm), 56.f * services_.scale);
    touch_ = TouchTracker(static_cast<float>(config_.tap_slop_mm * px_per_mm));
}

void Runner::build_fonts_now() {
    services_.fonts = load_or_build_fonts(font_codepoints(options_.ui_strings, services_.content),
                                          services_.scale, font_cache_dir(config_.font_cache_dir),
                                          &font_stats_, font_atlas_.get());
    upload_fonts();
}

void Runner::upload_fonts() {
    path_->upload_fonts(font_stats_);
}

void Runner::install_content(std::shared_ptr<ContentDb> db) {
    const bool swap = services_.content != db;
    services_.content = db;
    if (swap) build_fonts_now();
    // The worker gets its own connection (SQLite connections are not shared across threads),
    // opened lazily on the worker thread itself.
    struct WorkerDb {
        std::string path;
        std::unique_ptr<ContentDb> db;
    };
    auto worker_db = std::make_shared<WorkerDb>(WorkerDb{db ? db->path() : "", nullptr});
    textures_->reset([worker_db](const std::string& id, bool thumb) -> std::optional<MediaBlob> {
        if (worker_db->path.empty()) return std::nullopt;
        if (!worker_db->db)  // images only: no grid or search indexes on this connection
            worker_db->db =
                std::make_unique<ContentDb>(worker_db->path, IndexLoading::WhenFirstNeeded);
        return worker_db->db->media(id, thumb);
    });
    if (app_ && swap) app_->content_changed();
    need_frame_ = true;
}

// --- replay host: what `state` writes ---
void Runner::write_state(const std::string& path) {
    // The font texture is read back from the GPU once per atlas (a test asserts text is drawable).
    if (font_stats_.gpu_texture_matches < 0) {
        font_stats_.gpu_texture_matches = path_->font_texture_matches(font_stats_);
        if (!font_stats_.gpu_texture_matches)
            std::fprintf(stderr, "kiosk: the font texture on the GPU is not the built atlas\n");
    }
    StateExtras extras{frames_,
                       frame_times_.summary(),
                       services_.content->path(),
                       textures_->stats(),
                       font_stats_,
                       services_.scale,
                       services_.min_target_px,
                       build_times_.summary(),
                       submit_times_.summary(),
                       last_draw_.vertices,
                       last_draw_.indices,
                       last_draw_.commands,
                       overflowing_,
                       {{"path", path_->software() ? "software" : "gl"},
                        {"description", path_->description()},
                        {"frame", path_->frame_facts()}}};
    const nlohmann::json j =
        state_json(app_->state(), targets_, geometry_.width_px, geometry_.height_px, extras);
    write_text_file(path, j.dump(2) + "\n");
}

// --- frame ---
void Runner::draw_frame(double now) {
    ui::Touch touch = touch_.next_frame(now);
    const double cpu_start_ms = FrameTimes::thread_cpu_ms();
    const double process_start_s = FrameTimes::process_cpu_s();
    path_->new_frame();
    ImGui::NewFrame();
    targets_.clear();
    overflowing_.clear();
    const ImVec2 viewport = ImGui::GetIO().DisplaySize;
    app_->frame(touch, viewport);
    ImGui::Render();
    const double cpu_built_ms = FrameTimes::thread_cpu_ms();
    ImDrawData* draw = ImGui::GetDrawData();
    path_->draw(draw, geometry_.width_px, geometry_.height_px);
    const double cpu_end_ms = FrameTimes::thread_cpu_ms();
    frame_times_.record(cpu_end_ms - cpu_start_ms);
    build_times_.record(cpu_built_ms - cpu_start_ms);
    submit_times_.record(cpu_end_ms - cpu_built_ms);
    last_draw_ = {draw->TotalVtxCount, draw->TotalIdxCount, 0};
    for (int i = 0; i < draw->CmdListsCount; ++i)
        last_draw_.commands += draw->CmdLists[i]->CmdBuffer.Size;
    if (!ready_ && draw->TotalVtxCount == 0) {  // never show an empty first frame
        need_frame_ = true;
        return;
    }
    if (!capture_path_.empty()) capture_frame();  // before the back buffer is swapped away
    window_.swap();
    path_->present();
    pacer_.record_frame_cost(FrameTimes::process_cpu_s() - process_start_s);
    last_frame_at_ = now;
    ++frames_;
    if (!ready_) note_ready();
    if (options_.hooks.on_frame) options_.hooks.on_frame(now);
}

// Replay `shot`: the frame just drawn as a PNG.
void Runner::capture_frame() {
    const std::vector<unsigned char> rgb = path_->read_rgb(geometry_.width_px, geometry_.height_px);
    try {
        write_png_bottom_up(capture_path_, geometry_.width_px, geometry_.height_px, rgb);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error %d: %s\n", replay_ ? replay_->line() : 0, e.what());
    }
    capture_path_.clear();
}

// After the first frame with content: `ready <ms>`, the start phases in the log, the hook.
void Runner::note_ready() {
    ready_ = true;
    mark_start("first frame");
    std::printf("ready %.0f\n", start_marks_.back().second);
    std::fflush(stdout);
    std::string phases;
    double previous = start_marks_.front().second;
    phases += "before the window " + std::to_string(std::lround(previous)) + " ms";
    for (auto it = start_marks_.begin() + 1; it != start_marks_.end(); ++it) {
        phases += ", " + std::string(it->first) + " " +
                  std::to_string(std::lround(it->second - previous)) + " ms";
        previous = it->second;
    }
    log_info("ready in " + std::to_string(std::lround(previous)) + " ms (" + phases + ")");
    // Member order and search names load now, after the first frame rather than during it.
    if (services_.content) services_.content->prefetch_indexes();
    if (options_.hooks.on_ready) options_.hooks.on_ready();
}

// Whether the app's own motion needs a frame now; ambient (attract) frames are spaced by cost.
bool Runner::frame_due(const ui::KioskApp::NextFrame& want, double now) const {
    if (want.now) return true;
    if (want.ambient && now >= pacer_.next_ambient_frame_at(last_frame_at_)) return true;
    return want.at >= 0 && now >= want.at;
}

// How long the loop may sleep: until the next replay deadline, the idle timeout, the app's next
// change, or a hook's wish.
double Runner::wait_timeout(double now, const ui::KioskApp::NextFrame& want) const {
    double timeout = -1;
    auto consider = [&](double seconds) {
        if (seconds >= 0 && (timeout < 0 || seconds < timeout)) timeout = seconds;
    };
    if (replay_) consider(replay_->seconds_until_due(now));
    // The app must see the idle timeout pass to fade to the attract screen.
    const double idle_at = last_input_ + config_.idle_timeout_s + 0.05;
    if (idle_at > now) consider(idle_at - now);
    if (textures_->busy()) consider(0.05);
    if (want.ambient) consider(std::max(0.0, pacer_.next_ambient_frame_at(last_frame_at_) - now));
    if (want.at >= 0) consider(std::max(0.0, want.at - now));
    if (options_.hooks.next_wakeup_s) consider(options_.hooks.next_wakeup_s(now));
    return timeout;
}

// --- loop: one turn is the steps below; each says whether the picture must be drawn ---
int Runner::run() {
    while (!g_stop) {
        double now = window_.now();
        bool draw = need_frame_;
        if (advance_replay(now)) draw = true;
        if (replay_ && replay_->quit_requested()) break;
        const bool asleep = display_asleep();
        wait_for_events(draw, asleep, now);
        now = window_.now();
        run_hooks_and_results(now);
        if (take_touches(now, asleep)) draw = true;
        if (textures_->pump() > 0) draw = true;
        if (follow_window_size()) draw = true;
        draw = draw || need_frame_ || frame_due(app_->next_frame(), now);
        // Still asleep after this turn's touches: draw nothing (replay keeps drawing so its
        // commands complete).
        if (asleep && display_asleep() && !replay_) draw = false;
        need_frame_ = false;
        if (draw && !g_stop) draw_frame(now);
        if (window_.should_close()) break;
    }
    return 0;
}

// Replay commands act on content, so they start after the first frame.
bool Runner::advance_replay(double now) {
    return replay_ && ready_ && replay_->advance(now);
}

bool Runner::display_asleep() const {
    return options_.hooks.display_asleep && options_.hooks.display_asleep();
}

// Events only, when a frame is wanted now; else sleep until an event, a posted result or the
// next thing due.
void Runner::wait_for_events(bool draw, bool asleep, double now) {
    const ui::KioskApp::NextFrame want = app_->next_frame();
    const bool wanted = !asleep && (draw || frame_due(want, now));
    // Without vsync nothing else keeps a fling from drawing hundreds of frames a second.
    if (wanted) {
        // Input that arrives meanwhile is taken by the callbacks and goes to the paced frame.
        for (double early = last_frame_at_ + min_frame_interval_s_ - now; early > 0.0005 && !g_stop;
             early = last_frame_at_ + min_frame_interval_s_ - window_.now())
            window_.wait_events(early);
        window_.poll_events();
    } else
        window_.wait_events(wait_timeout(now, asleep ? ui::KioskApp::NextFrame{} : want));
}

// What workers handed over, the hooks' turn, and a newly installed pack.
void Runner::run_hooks_and_results(double now) {
    main_thread_->drain();
    if (options_.hooks.on_loop) options_.hooks.on_loop(now);
    if (options_.hooks.take_new_content)
        if (std::shared_ptr<ContentDb> db = options_.hooks.take_new_content())
            install_content(std::move(db));
}

// Touches since the last turn; true when there were any (they go to the next frame).
bool Runner::take_touches(double now, bool asleep) {
    if (!touch_.has_events()) return false;
    last_input_ = now;
    if (options_.hooks.on_input) options_.hooks.on_input(now);
    if (asleep) touch_.discard_events();  // this touch only wakes the display
    return true;
}

// A resized window (a rotated screen): new metrics, and new fonts when the scale changed.
bool Runner::follow_window_size() {
    const platform::ScreenGeometry g = window_.geometry();
    if (g.width_px == geometry_.width_px && g.height_px == geometry_.height_px) return false;
    const float old_scale = services_.scale;
    update_metrics();
    if (std::abs(services_.scale - old_scale) > 0.01f) build_fonts_now();
    return true;
}

}  // namespace

int run_kiosk(const RunOptions& options, const AppFactory& make_app) {
    const double entered_ms = ms_since_process_start();
    start_signal_thread();
    int status = 0;
    try {
        Runner runner(options, make_app, entered_ms);
        status = runner.run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kiosk: %s\n", e.what());
        status = 1;
    }
    return status;
}

}  // namespace kiosk::engine
