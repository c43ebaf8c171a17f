// StickImport worker, stage texts and the report written back to the stick.
#include "kiosk/update/stick_import.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "kiosk/core/local_time.h"
#include "kiosk/update/minisign.h"
#include "platform/usb/mount_watcher.h"
#include "platform/usb/stick_io.h"

namespace kiosk::update {
namespace {

constexpr std::size_t kSignatureMax = 4096;

struct StageText {
    const char* zh;
    const char* en;
};

StageText stage_text(StickStage stage) {
    switch (stage) {
        case StickStage::Idle:
            return {"", ""};
        case StickStage::Found:
            return {"发现内容包", "Content pack found"};
        case StickStage::Copying:
            return {"正在复制内容包…", "Copying the pack…"};
        case StickStage::Verifying:
            return {"正在验证签名…", "Verifying the signature…"};
        case StickStage::Checking:
            return {"正在检查内容…", "Checking the content…"};
        case StickStage::Installing:
            return {"正在导入…", "Importing…"};
        case StickStage::Done:
            return {"导入完成", "Import finished"};
        case StickStage::Refused:
            return {"未导入内容包", "The pack was not imported"};
        case StickStage::Stalled:
            return {"U盘没有响应…", "The stick does not answer…"};
    }
    return {"", ""};
}

// Overall percent: copying 0–60, verifying 60–65, checking 65–95, installing 95–100.
int overall_percent(ImportPhase phase, uint64_t done, uint64_t total) {
    const double f = total > 0 ? double(done) / double(total) : 0.0;
    switch (phase) {
        case ImportPhase::Copying:
            return int(60 * f);
        case ImportPhase::Verifying:
            return 60 + int(5 * f);
        case ImportPhase::Checking:
            return 65 + int(30 * f);
        case ImportPhase::Installing:
            return 95 + int(5 * f);
        case ImportPhase::Done:
            return 100;
    }
    return 0;
}

StickStage stage_of(ImportPhase phase) {
    switch (phase) {
        case ImportPhase::Copying:
            return StickStage::Copying;
        case ImportPhase::Verifying:
            return StickStage::Verifying;
        case ImportPhase::Checking:
            return StickStage::Checking;
        case ImportPhase::Installing:
            return StickStage::Installing;
        case ImportPhase::Done:
            return StickStage::Installing;
    }
    return StickStage::Copying;
}

// The final texts for a result, as the card shows them and the report on the stick states them.
void describe_result(StickImportStatus& status, ImportResult result) {
    const StickStage stage = result.ok ? StickStage::Done : StickStage::Refused;
    status.stage = stage;
    status.title_zh = stage_text(stage).zh;
    status.title_en = stage_text(stage).en;
    if (result.ok) {
        const PackInfo& i = result.info;
        status.percent = 100;
        status.detail_zh =
            "新版本 " + std::to_string(i.pack_version) + "：" + content::counts_text(i.counts, 0);
        status.detail_en = "New version " + std::to_string(i.pack_version) + ": " +
                           content::counts_text(i.counts, 1);
        status.todo_zh = "可以拔出U盘。";
        status.todo_en = "You can remove the stick.";
    } else {
        status.detail_zh = result.refusal.zh;
        status.detail_en = result.refusal.en;
        status.todo_zh = result.refusal.todo_zh + " 展示机仍显示原有内容。";
        status.todo_en = result.refusal.todo_en + " The kiosk keeps showing its current content.";
    }
    status.result = std::move(result);
}

}  // namespace

struct StickImport::Shared {
    mutable std::mutex mutex;
    std::condition_variable finished;
    StickImportStatus status;
    bool running = false;
    std::atomic<bool> cancel{false};
    std::shared_ptr<platform::StickWatch> watch = std::make_shared<platform::StickWatch>();

    void set_stage(StickStage stage, int percent) {
        std::lock_guard lock(mutex);
        status.stage = stage;
        status.percent = std::max(status.percent, percent);
        status.title_zh = stage_text(stage).zh;
        status.title_en = stage_text(stage).en;
    }
    void finish(ImportResult result) {
        std::lock_guard lock(mutex);
        describe_result(status, std::move(result));
    }
};

StickImport::StickImport() : shared_(std::make_shared<Shared>()) {}

StickImport::~StickImport() {
    cancel();
    wait_for(2.0);  // a worker blocked on a dead stick is left behind; it owns `shared_`
}

bool StickImport::running() const {
    std::lock_guard lock(shared_->mutex);
    return shared_->running;
}

void StickImport::cancel() {
    shared_->cancel.store(true);
}

void StickImport::wait() {
    std::unique_lock lock(shared_->mutex);
    shared_->finished.wait(lock, [&] { return !shared_->running; });
}

bool StickImport::wait_for(double seconds) {
    std::unique_lock lock(shared_->mutex);
    return shared_->finished.wait_for(lock, std::chrono::duration<double>(seconds),
                                      [&] { return !shared_->running; });
}

bool StickImport::start(std::vector<std::string> pack_paths, ImportOptions options,
                        std::string report_mount, std::function<void()> on_finished) {
    if (pack_paths.empty()) return false;
    {
        std::lock_guard lock(shared_->mutex);
        if (shared_->running) return false;
        shared_->running = true;
        shared_->status = {};
        // The name shown until the worker has chosen (and the only one when there is one).
        shared_->status.pack_name = std::filesystem::path(pack_paths.front()).filename().string();
    }
    shared_->cancel.store(false);
    shared_->set_stage(StickStage::Found, 0);
    const std::shared_ptr<Shared> shared = shared_;
    options.cancel = &shared->cancel;
    options.progress = [weak = std::weak_ptr<Shared>(shared)](ImportPhase phase, uint64_t done,
                                                              uint64_t total) {
        if (const auto s = weak.lock())
            s->set_stage(stage_of(phase), overall_percent(phase, done, total));
    };
    if (options.read_source) {  // a test's reader: timed like the real one
        options.read_source = [inner = std::move(options.read_source)](int fd, void* buf,
                                                                       size_t size) {
            const platform::StickCall call;
            return inner(fd, buf, size);
        };
    }
    // Detached: the worker owns what it uses, so a stick that never answers cannot hold up the
    // kiosk or its shutdown.
    std::thread([shared, pack_paths = std::move(pack_paths), options = std::move(options),
                 report_mount = std::move(report_mount), on_finished = std::move(on_finished)] {
        platform::watch_stick_calls_on_this_thread(shared->watch);
        const std::string pack = choose_pack(pack_paths);
        {
            std::lock_guard lock(shared->mutex);
            shared->status.pack_name = std::filesystem::path(pack).filename().string();
        }
        ImportResult result = import_pack(pack, options);
        if (!report_mount.empty()) {
            StickImportStatus final_status;
            {
                std::lock_guard lock(shared->mutex);
                final_status = shared->status;
            }
            describe_result(final_status, result);
            platform::write_stick_report(report_mount,
                                         format_import_report(final_status, local_time_text()));
        }
        shared->finish(std::move(result));
        {
            std::lock_guard lock(shared->mutex);
            shared->running = false;
            shared->finished.notify_all();
        }
        if (on_finished) on_finished();
    }).detach();
    return true;
}

StickImportStatus StickImport::status() const {
    std::lock_guard lock(shared_->mutex);
    StickImportStatus s = shared_->status;
    if (shared_->running && shared_->watch->busy_for_s() > stall_limit_s) {
        s.stage = StickStage::Stalled;
        s.title_zh = stage_text(StickStage::Stalled).zh;
        s.title_en = stage_text(StickStage::Stalled).en;
        s.detail_zh = "U盘在 " + std::to_string(int(stall_limit_s)) + " 秒内没有回应读写。";
        s.detail_en = "The stick did not answer a read or write within " +
                      std::to_string(int(stall_limit_s)) + " s.";
        s.todo_zh = "请拔出U盘，换一个U盘再试。展示机仍显示原有内容。";
        s.todo_en =
            "Pull the stick out and try another stick. The kiosk keeps showing its current "
            "content.";
    }
    return s;
}

std::string choose_pack(std::vector<std::string> pack_paths) {
    std::sort(pack_paths.begin(), pack_paths.end());
    std::string best;
    int64_t best_version = -1;
    for (const auto& path : pack_paths) {
        int64_t version = 0;
        try {
            const std::string text = platform::read_stick_file(path + ".minisig", kSignatureMax);
            if (auto c = parse_version_comment(parse_signature(text).trusted_comment))
                version = c->version;
        } catch (const std::exception&) {
            version = 0;  // the import says why (missing, a FIFO, a link, too big, garbled)
        }
        if (version > best_version) {
            best = path;
            best_version = version;
        }
    }
    return best;
}

std::string format_import_report(const StickImportStatus& s, const std::string& when_iso) {
    std::string out = "展示机内容包导入报告 / Kiosk content pack import report\n";
    out += "时间 / Time: " + when_iso + "\n";
    out += "文件 / File: kiosk/" + s.pack_name + "\n\n";
    out += s.title_zh + "\n" + s.detail_zh + "\n" + s.todo_zh + "\n\n";
    out += s.title_en + "\n" + s.detail_en + "\n" + s.todo_en + "\n";
    if (s.stage == StickStage::Done)
        out += "\nSHA-256: " + s.result.sha256 + "\n签名密钥 / Signing key: " + s.result.key_id +
               "\n图片 / Pictures: " + images_summary_zh(s.result) + "; " +
               images_summary(s.result) + "\n";
    return out;
}

bool FinishedCardClock::finished() const {
    return stage_ == StickStage::Done || stage_ == StickStage::Refused ||
           stage_ == StickStage::Stalled;
}

void FinishedCardClock::update(StickStage stage, double now) {
    if (stage != stage_) since_ = now;  // a new outcome (or a stall that resolved) starts afresh
    stage_ = stage;
}

bool FinishedCardClock::visible(double now) const {
    if (stage_ == StickStage::Idle) return false;
    return !finished() || seconds_left(now) > 0;
}

int FinishedCardClock::seconds_left(double now) const {
    if (!finished()) return 0;
    const double keep = stage_ == StickStage::Done ? kOkKeepS : kRefusedKeepS;
    return std::max(0, static_cast<int>(std::ceil(keep - (now - since_))));
}

}  // namespace kiosk::update
