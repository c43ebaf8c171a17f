// Texture cache: worker decode, main-thread upload, LRU under a byte budget.
#include "kiosk/engine/texture_cache.h"

#include <GL/gl.h>
#include <stb_image.h>

#include <cstdint>

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

bool decode_image(const std::vector<unsigned char>& bytes, int max_side, int* width, int* height,
                  std::vector<unsigned char>* rgba) {
    rgba->clear();
    if (bytes.empty() || bytes.size() > static_cast<std::size_t>(INT32_MAX)) return false;
    const int size = static_cast<int>(bytes.size());
    int w = 0, h = 0, channels = 0;
    // Check the header first so an absurd size never allocates.
    if (!stbi_info_from_memory(bytes.data(), size, &w, &h, &channels)) return false;
    if (w <= 0 || h <= 0 || w > max_side || h > max_side) return false;
    unsigned char* pixels = stbi_load_from_memory(bytes.data(), size, &w, &h, &channels, 4);
    if (!pixels) return false;
    rgba->assign(pixels, pixels + static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
    stbi_image_free(pixels);
    *width = w;
    *height = h;
    return true;
}

TextureCache::TextureCache(long long budget_bytes, Fetch fetch, TextureUploader* uploader,
                           std::function<void()> wake)
    : budget_(budget_bytes), uploader_(uploader), wake_(std::move(wake)), fetch_(std::move(fetch)) {
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

ui::TextureRef TextureCache::get(const std::string& media_id, bool thumb) {
    if (media_id.empty()) return {nullptr, 0, 0, true};
    std::string key = media_id + (thumb ? "#thumb" : "#full");
    auto it = entries_.find(key);
    if (it != entries_.end()) {
        it->second.last_used = frame_;
        return {it->second.id, it->second.width, it->second.height, it->second.failed};
    }
    {
        std::lock_guard lock(mutex_);
        // A full queue means the screen asks for more than we can decode: ask again next frame.
        if (static_cast<int>(jobs_.size()) >= kMaxQueued) return {};
        jobs_.push_back({key, media_id, thumb, generation_});
    }
    cv_.notify_one();
    Entry entry;
    entry.queued = true;
    entry.last_used = frame_;
    entries_.emplace(std::move(key), entry);
    ++stats_.pending;
    return {};
}

void TextureCache::worker_loop() {
    for (;;) {
        Job job;
        Fetch fetch;
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
            if (stop_) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
            fetch = fetch_;
            working_ = true;
        }
        Decoded result{job.key, job.generation, 0, 0, {}};
        try {
            if (std::optional<MediaBlob> blob =
                    fetch ? fetch(job.media_id, job.thumb) : std::nullopt)
                decode_image(blob->bytes, kMaxImageSide, &result.width, &result.height,
                             &result.rgba);
        } catch (const std::exception&) {
            result.rgba.clear();  // a broken pack row is a bad image, not a crash
        }
        {
            std::lock_guard lock(mutex_);
            working_ = false;
            done_.push_back(std::move(result));
        }
        if (wake_) wake_();
    }
}

int TextureCache::pump(int max_uploads) {
    ++frame_;
    int uploaded = 0, changed = 0;
    while (uploaded < max_uploads) {
        Decoded item;
        {
            std::lock_guard lock(mutex_);
            if (done_.empty()) break;
            item = std::move(done_.front());
            done_.pop_front();
            if (item.generation != generation_) continue;  // content changed meanwhile
        }
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

void TextureCache::evict_over_budget() {
    while (stats_.bytes > budget_) {
        // Oldest texture not drawn in the current or previous frame (those are on screen now).
        auto victim = entries_.end();
        for (auto it = entries_.begin(); it != entries_.end(); ++it)
            if (it->second.id && it->second.last_used < frame_ - 1 &&
                (victim == entries_.end() || it->second.last_used < victim->second.last_used))
                victim = it;
        if (victim == entries_.end()) return;  // everything held is visible: stay over for now
        uploader_->destroy(victim->second.id);
        stats_.bytes -= 4ll * victim->second.width * victim->second.height;
        --stats_.count;
        ++stats_.evictions;
        entries_.erase(victim);
    }
}

void TextureCache::reset(Fetch fetch) {
    {
        std::lock_guard lock(mutex_);
        ++generation_;
        jobs_.clear();
        done_.clear();
        fetch_ = std::move(fetch);
    }
    for (auto& [key, entry] : entries_)
        if (entry.id) uploader_->destroy(entry.id);
    entries_.clear();
    const long long uploads = stats_.uploads, evictions = stats_.evictions;
    const long long failures = stats_.failures;
    stats_ = {};
    stats_.uploads = uploads;
    stats_.evictions = evictions;
    stats_.failures = failures;
}

TextureCacheStats TextureCache::stats() const {
    return stats_;
}

bool TextureCache::busy() const {
    std::lock_guard lock(mutex_);
    return !jobs_.empty() || !done_.empty() || working_;
}

}  // namespace kiosk::engine
