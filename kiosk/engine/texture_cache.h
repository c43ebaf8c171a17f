// Images for the screens: decoded on a worker thread at the size they are drawn (image_decode.h),
// uploaded on the main thread, kept under a byte budget (w*h*4 each, least recently drawn
// released first). A bad image is
// marked failed (the screen draws a placeholder); nothing here ever throws at the screens.
// Memory outside the budget is bounded too: decoded images waiting for upload are limited in
// count and bytes (the worker waits), and requests the screens stopped asking for (cards flung
// out of view) are dropped before or after decoding instead of being uploaded.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "kiosk/core/content_db.h"
#include "kiosk/engine/image_decode.h"
#include "kiosk/ui/services.h"

namespace kiosk::engine {

// Where textures go. The GL one is the product's; tests use a fake to check the accounting.
class TextureUploader {
  public:
    virtual ~TextureUploader() = default;
    virtual ImTextureID create(int width, int height, const unsigned char* rgba) = 0;
    virtual void destroy(ImTextureID id) = 0;
};
class GlTextureUploader final : public TextureUploader {
  public:
    ImTextureID create(int width, int height, const unsigned char* rgba) override;
    void destroy(ImTextureID id) override;
};

struct TextureCacheStats {
    long long bytes = 0;      // w*h*4 of every texture held
    int count = 0;            // textures held
    long long uploads = 0;    // since start
    long long evictions = 0;  // released to stay within the budget
    long long failures = 0;   // images that could not be decoded
    int pending = 0;          // waiting for or in decoding
    long long dropped = 0;    // requests dropped because the screens no longer asked for them
    // Decoded images waiting for upload: now, and the most there ever were.
    int decoded_waiting = 0;
    long long decoded_waiting_bytes = 0;
    int decoded_waiting_peak = 0;
    long long decoded_waiting_bytes_peak = 0;
};

// How much decoded (RGBA) memory may wait for upload. The worker decodes far faster than the main
// thread uploads (a few per frame), so without a bound a fling through thousands of cards piled up
// hundreds of megabytes of pixels. An image larger than max_bytes still passes, alone.
struct DecodedQueueLimits {
    int max_images = 8;
    long long max_bytes = 16ll << 20;  // two 1600x1200 photos, or dozens of card-sized ones
};

class TextureCache final : public ui::TextureSource {
  public:
    // Called on the worker thread only: the encoded bytes of a media id (nullopt: unknown id).
    using Fetch = std::function<std::optional<MediaBlob>(const std::string& id, bool thumb)>;
    static constexpr int kMaxQueued = 64;
    static constexpr int kMaxImageSide = 8192;
    // A request not asked for again within this many drawn frames (frames in which the screens
    // asked for any image) is dropped: its card has left the screen.
    static constexpr long long kForgetAfterFrames = 3;

    // wake: called from the worker when a decoded image is ready (e.g. glfwPostEmptyEvent).
    TextureCache(long long budget_bytes, Fetch fetch, TextureUploader* uploader,
                 std::function<void()> wake = {}, DecodedQueueLimits decoded_limits = {});
    ~TextureCache() override;  // stops the worker, releases every texture (main thread)
    TextureCache(const TextureCache&) = delete;
    TextureCache& operator=(const TextureCache&) = delete;

    // Each drawn size step (cover_size_step) of an image is its own texture.
    ui::TextureRef get(const std::string& media_id, bool thumb, float width_px = 0,
                       float height_px = 0) override;

    // Main thread, once per frame before drawing: marks a new LRU frame, drops requests no longer
    // asked for, uploads what the worker decoded (at most max_uploads), then evicts beyond the
    // budget. Returns how many images changed (uploaded or failed).
    int pump(int max_uploads = 4);
    // New content: forget every texture and pending decode; fetch from the new source from now on.
    void reset(Fetch fetch);
    TextureCacheStats stats() const;
    // Decodes are queued or results wait for upload: the runner should keep drawing.
    bool busy() const;

  private:
    struct Entry {
        ImTextureID id = nullptr;
        int width = 0, height = 0;
        bool failed = false;
        bool queued = false;  // decode requested, not uploaded yet
        long long last_used = 0;
        long long last_asked = 0;  // drawn_frames_ when the screens last asked for it
    };
    struct Job {
        std::string key, media_id;
        bool thumb = false;
        CoverSize cover;
        long long generation = 0;
    };
    struct Decoded {
        std::string key;
        long long generation = 0;
        int width = 0, height = 0;
        std::vector<unsigned char> rgba;  // empty: failed
    };

    void worker_loop();
    // Releases the least recently drawn textures (not those of this or the last frame) until
    // the held bytes plus `incoming` fit the budget.
    void evict_over_budget(long long incoming = 0);
    bool is_stale(const Entry& entry) const;
    void forget_request(std::unordered_map<std::string, Entry>::iterator entry);
    void drop_stale_requests();  // queued and decoded ones; caller holds mutex_

    static constexpr long long kTrimAfterBytes = 8ll << 20;
    long long freed_since_trim_ = 0;  // texture bytes released since memory was last trimmed
    long long budget_;
    TextureUploader* uploader_;
    std::function<void()> wake_;
    std::unordered_map<std::string, Entry> entries_;  // main thread only
    std::string key_;  // get()'s lookup key, reused (main thread only)
    long long frame_ = 0;
    long long drawn_frames_ = 0;  // pumps after which the screens asked for at least one image
    bool asked_since_pump_ = false;
    TextureCacheStats stats_;

    mutable std::mutex mutex_;  // guards everything below
    std::condition_variable cv_;
    Fetch fetch_;
    std::deque<Job> jobs_;
    std::deque<Decoded> done_;  // at most decoded_limits_.max_images, max_bytes (or one image)
    DecodedQueueLimits decoded_limits_;
    long long done_bytes_ = 0;
    int done_peak_ = 0;
    long long done_bytes_peak_ = 0;
    long long generation_ = 0;
    bool stop_ = false;
    bool working_ = false;
    std::thread worker_;
};

}  // namespace kiosk::engine
