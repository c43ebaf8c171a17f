// Texture cache: worker decode, main-thread upload, LRU under a byte budget.
#include "kiosk/engine/texture_cache.h"

#include <GL/gl.h>
#include <malloc.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <mutex>

namespace kiosk::engine {

ImTextureID GlTextureUploader::create(int width, int height, const unsigned char* rgba) {
    GLuint name = 0;
    glGenTextures(1, &name);
    glBindTexture(GL_TEXTURE_2D, name);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    glBindTexture(GL_TEXTURE_2D, 0);
    return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(name));
}

void GlTextureUploader::destroy(ImTextureID id) {
    const auto name = static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(id));
    glDeleteTextures(1, &name);
}

namespace {
// Image-sized blocks (decoded pixels here, texture storage inside Mesa's llvmpipe) get their own
// mappings, returned to the system when freed. glibc otherwise raises its mmap threshold to the
// largest block freed so far (up to 32 MiB), after which these blocks come from the main heap,
// which fragments as textures are evicted and never shrinks: on the large pack's grid tour the
// heap held ~320 MB of RSS for ~170 MB of live allocations. A fixed threshold turns that off.
void keep_image_blocks_out_of_the_heap() {
    static std::once_flag once;
    std::call_once(once, [] { mallopt(M_MMAP_THRESHOLD, 256 * 1024); });
}
}  // namespace

TextureCache::TextureCache(long long budget_bytes, Fetch fetch, TextureUploader* uploader,
                           std::function<void()> wake, DecodedQueueLimits decoded_limits)
    : budget_(budget_bytes),
      uploader_(uploader),
      wake_(std::move(wake)),
      fetch_(std::move(fetch)),
      decoded_limits_(decoded_limits) {
    keep_image_blocks_out_of_the_heap();
    worker_ = std::thread([this] { worker_loop(); });
}

TextureCache::~TextureCache() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        jobs_.clear();
    }
    cv_.notify_all();
    worker_.join();
    for (auto& [key, entry] : entries_)
        if (entry.id) uploader_->destroy(entry.id);
}

ui::TextureRef TextureCache::get(const std::string& media_id, bool thumb, float width_px,
                                 float height_px) {
    if (media_id.empty()) return {nullptr, 0, 0, true};
    const CoverSize cover = cover_size_step(width_px, height_px);
    // Built in a buffer kept between calls: asking for the images on screen, every frame,
    // allocates nothing once the buffer has grown to the longest key.
    key_.assign(media_id);
    char suffix[48];
    const int n = std::snprintf(suffix, sizeof suffix, "#%s@%dx%d", thumb ? "thumb" : "full",
                                cover.width, cover.height);
    key_.append(suffix, static_cast<std::size_t>(std::clamp(n, 0, int(sizeof suffix) - 1)));
    asked_since_pump_ = true;
    auto it = entries_.find(key_);
    if (it != entries_.end()) {
        it->second.last_used = frame_;
        it->second.last_asked = drawn_frames_;
        return {it->second.id, it->second.width, it->second.height, it->second.failed};
    }
    {
        std::lock_guard lock(mutex_);
        // A full queue means the screen asks for more than we can decode: ask again next frame.
        if (static_cast<int>(jobs_.size()) >= kMaxQueued) return {};
        jobs_.push_back({key_, media_id, thumb, cover, generation_});
    }
    cv_.notify_one();
    Entry entry;
    entry.queued = true;
    entry.last_used = frame_;
    entry.last_asked = drawn_frames_;
    entries_.emplace(key_, entry);
    ++stats_.pending;
    return {};
}

void TextureCache::worker_loop() {
    for (;;) {
        Job job;
        Fetch fetch;
        {
            // Only the worker adds to done_, so room counted here is still there when it adds.
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [this] {
                return stop_ || (!jobs_.empty() &&
                                 static_cast<int>(done_.size()) < decoded_limits_.max_images);
            });
            if (stop_) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
            fetch = fetch_;
            working_ = true;
        }
        Decoded result{job.key, job.generation, 0, 0, {}};
        try {
            if (std::optional<MediaBlob> blob =
                    fetch ? fetch(job.media_id, job.thumb) : std::nullopt) {
                const long long size = decoded_bytes(blob->bytes, job.cover);
                {
                    // Decode only when the pixels fit beside those already waiting.
                    std::unique_lock lock(mutex_);
                    cv_.wait(lock, [&] {
                        return stop_ || done_.empty() ||
                               done_bytes_ + size <= decoded_limits_.max_bytes;
                    });
                    if (stop_) return;
                }
                decode_image(blob->bytes, kMaxImageSide, job.cover, &result.width, &result.height,
                             &result.rgba);
            }
        } catch (const std::exception&) {
            result.rgba.clear();  // a broken pack row is a bad image, not a crash
        }
        {
            std::lock_guard lock(mutex_);
            working_ = false;
            done_bytes_ += static_cast<long long>(result.rgba.size());
            done_.push_back(std::move(result));
            done_peak_ = std::max(done_peak_, static_cast<int>(done_.size()));
            done_bytes_peak_ = std::max(done_bytes_peak_, done_bytes_);
        }
        if (wake_) wake_();
    }
}

bool TextureCache::is_stale(const Entry& entry) const {
    return entry.queued && entry.last_asked < drawn_frames_ - kForgetAfterFrames;
}

// The entry goes, so a screen that asks for the image again queues a fresh request.
void TextureCache::forget_request(std::unordered_map<std::string, Entry>::iterator entry) {
    entries_.erase(entry);
    --stats_.pending;
    ++stats_.dropped;
}

void TextureCache::drop_stale_requests() {
    const auto stale = [this](const std::string& key, long long generation) {
        if (generation != generation_) return false;  // pump discards it anyway
        const auto entry = entries_.find(key);
        if (entry == entries_.end() || !is_stale(entry->second)) return false;
        forget_request(entry);
        return true;
    };
    std::erase_if(jobs_, [&](const Job& job) { return stale(job.key, job.generation); });
    std::erase_if(done_, [&](const Decoded& item) {
        if (!stale(item.key, item.generation)) return false;
        done_bytes_ -= static_cast<long long>(item.rgba.size());
        return true;
    });
}

int TextureCache::pump(int max_uploads) {
    ++frame_;
    // Frames in which nothing asked for an image (an idle loop turn, a screen without pictures)
    // do not age requests: only screens that draw and no longer ask make a request stale.
    if (asked_since_pump_) ++drawn_frames_;
    asked_since_pump_ = false;
    {
        std::lock_guard lock(mutex_);
        drop_stale_requests();
    }
    cv_.notify_all();  // dropped work may have made room for the worker
    int uploaded = 0, changed = 0;
    while (uploaded < max_uploads) {
        Decoded item;
        {
            std::lock_guard lock(mutex_);
            if (done_.empty()) break;
            item = std::move(done_.front());
            done_.pop_front();
            done_bytes_ -= static_cast<long long>(item.rgba.size());
            if (item.generation != generation_) continue;  // content changed meanwhile
        }
        cv_.notify_all();
        auto it = entries_.find(item.key);
        if (it == entries_.end()) continue;
        Entry& entry = it->second;
        entry.queued = false;
        --stats_.pending;
        if (item.rgba.empty()) {
            entry.failed = true;
            ++stats_.failures;
            ++changed;
            continue;
        }
        // Room first, then the upload: the driver never holds more than the budget, even for
        // a moment (a gallery photo is ~8 MB; that moment was the kiosk's peak memory).
        evict_over_budget(4ll * item.width * item.height);
        entry.id = uploader_->create(item.width, item.height, item.rgba.data());
        entry.width = item.width;
        entry.height = item.height;
        stats_.bytes += 4ll * item.width * item.height;
        ++stats_.count;
        ++stats_.uploads;
        ++uploaded;
        ++changed;
    }
    evict_over_budget();
    return changed;
}

void TextureCache::evict_over_budget(long long incoming) {
    while (stats_.bytes > 0 && stats_.bytes + incoming > budget_) {
        // Oldest texture not drawn in the current or previous frame (those are on screen now).
        auto victim = entries_.end();
        for (auto it = entries_.begin(); it != entries_.end(); ++it)
            if (it->second.id && it->second.last_used < frame_ - 1 &&
                (victim == entries_.end() || it->second.last_used < victim->second.last_used))
                victim = it;
        if (victim == entries_.end()) break;  // everything held is visible: stay over for now
        uploader_->destroy(victim->second.id);
        const long long bytes = 4ll * victim->second.width * victim->second.height;
        stats_.bytes -= bytes;
        freed_since_trim_ += bytes;
        --stats_.count;
        ++stats_.evictions;
        entries_.erase(victim);
    }
    // Small textures live in the C heap (inside the driver). Freed ones leave holes that glibc
    // only gives back to the system on request; without this, a long fling through the grid
    // and then a full-screen gallery held both the grid's freed thumbnails and the photos.
    if (freed_since_trim_ >= kTrimAfterBytes) {
        malloc_trim(0);
        freed_since_trim_ = 0;
    }
}

void TextureCache::reset(Fetch fetch) {
    {
        std::lock_guard lock(mutex_);
        ++generation_;
        jobs_.clear();
        done_.clear();
        done_bytes_ = 0;
        fetch_ = std::move(fetch);
    }
    cv_.notify_all();
    for (auto& [key, entry] : entries_)
        if (entry.id) uploader_->destroy(entry.id);
    entries_.clear();
    const long long uploads = stats_.uploads, evictions = stats_.evictions;
    const long long failures = stats_.failures, dropped = stats_.dropped;
    stats_ = {};
    stats_.uploads = uploads;
    stats_.evictions = evictions;
    stats_.failures = failures;
    stats_.dropped = dropped;
}

TextureCacheStats TextureCache::stats() const {
    TextureCacheStats out = stats_;
    std::lock_guard lock(mutex_);
    out.decoded_waiting = static_cast<int>(done_.size());
    out.decoded_waiting_bytes = done_bytes_;
    out.decoded_waiting_peak = done_peak_;
    out.decoded_waiting_bytes_peak = done_bytes_peak_;
    return out;
}

bool TextureCache::busy() const {
    std::lock_guard lock(mutex_);
    return !jobs_.empty() || !done_.empty() || working_;
}

}  // namespace kiosk::engine
