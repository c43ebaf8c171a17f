// StickImport worker, stage texts and the report written back to the stick.
#include "kiosk/update/stick_import.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "kiosk/update/minisign.h"

namespace kiosk::update {
namespace {

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

}  // namespace

StickImport::~StickImport() {
    cancel();
    wait();
}

void StickImport::wait() {
    if (worker_.joinable()) worker_.join();
}

void StickImport::set_stage(StickStage stage, int percent) {
    std::lock_guard lock(mutex_);
    status_.stage = stage;
    status_.percent = std::max(status_.percent, percent);
    status_.title_zh = stage_text(stage).zh;
    status_.title_en = stage_text(stage).en;
}

bool StickImport::start(const std::string& pack_path, ImportOptions options) {
    if (running_.exchange(true)) return false;
    wait();
    cancel_.store(false);
    {
        std::lock_guard lock(mutex_);
        status_ = {};
        status_.pack_name = std::filesystem::path(pack_path).filename().string();
    }
    set_stage(StickStage::Found, 0);
    options.cancel = &cancel_;
    options.progress = [this](ImportPhase phase, uint64_t done, uint64_t total) {
        set_stage(stage_of(phase), overall_percent(phase, done, total));
    };
    worker_ = std::thread([this, pack_path, options = std::move(options)] {
        ImportResult result = import_pack(pack_path, options);
        {
            std::lock_guard lock(mutex_);
            const StickStage stage = result.ok ? StickStage::Done : StickStage::Refused;
            status_.stage = stage;
            status_.title_zh = stage_text(stage).zh;
            status_.title_en = stage_text(stage).en;
            if (result.ok) {
                const PackInfo& i = result.info;
                status_.percent = 100;
                status_.detail_zh =
                    "新版本 " + std::to_string(i.pack_version) + "：成员 " +
                    std::to_string(i.members) + "、人物 " + std::to_string(i.people) + "、成果 " +
                    std::to_string(i.highlights) + "、项目 " + std::to_string(i.projects) +
                    "、图片 " + std::to_string(i.media);
                status_.detail_en = "New version " + std::to_string(i.pack_version) + ": " +
                                    std::to_string(i.members) + " members, " +
                                    std::to_string(i.people) + " people, " +
                                    std::to_string(i.highlights) + " highlights, " +
                                    std::to_string(i.projects) + " projects, " +
                                    std::to_string(i.media) + " images";
                status_.todo_zh = "可以拔出U盘。";
                status_.todo_en = "You can remove the stick.";
            } else {
                status_.detail_zh = result.refusal.zh;
                status_.detail_en = result.refusal.en;
                status_.todo_zh = result.refusal.todo_zh + " 展示机仍显示原有内容。";
                status_.todo_en =
                    result.refusal.todo_en + " The kiosk keeps showing its current content.";
            }
            status_.result = std::move(result);
        }
        running_.store(false);
    });
    return true;
}

StickImportStatus StickImport::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

std::string choose_pack(std::vector<std::string> pack_paths) {
    std::sort(pack_paths.begin(), pack_paths.end());
    std::string best;
    int64_t best_version = -1;
    for (const auto& path : pack_paths) {
        int64_t version = 0;
        std::ifstream in(path + ".minisig", std::ios::binary);
        std::string text(4096, '\0');
        in.read(text.data(), static_cast<std::streamsize>(text.size()));
        text.resize(static_cast<size_t>(in.gcount()));
        try {
            if (auto c = parse_version_comment(parse_signature(text).trusted_comment))
                version = c->version;
        } catch (const std::exception&) {
            version = 0;
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
        out +=
            "\nSHA-256: " + s.result.sha256 + "\n签名密钥 / Signing key: " + s.result.key_id + "\n";
    return out;
}

}  // namespace kiosk::update
