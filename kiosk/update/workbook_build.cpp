// build_workbook: copy off the stick · run the builder · validate · compare; and the report.
// Sections: copy · builder output · build_workbook · report
#include "kiosk/update/workbook_build.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <sstream>

#include "kiosk/update/install_state.h"
#include "kiosk/update/pack_validator.h"
#include "kiosk/update/refusal.h"
#include "kiosk/update/search_rebuild.h"
#include "platform/usb/stick_io.h"

namespace fs = std::filesystem;

namespace kiosk::update {
namespace {

// A problem of the copy, in the builder's form: "where: zh / en".
struct CopyProblem : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// --- copy ---
struct CopyBudget {
    long long bytes_left;
    int files_left;
    std::vector<std::string>* problems;
    const std::function<long(int, void*, size_t)>* read_source;  // empty: read_stick
};

// What a stick error means for staff, for `shown` (kiosk/content/people.csv).
[[noreturn]] void stick_problem(const platform::StickIoError& e, const std::string& shown) {
    using Kind = platform::StickIoError::Kind;
    if (e.kind == Kind::Link)
        throw CopyProblem(shown +
                          ": 是链接，不是文件夹或文件本身；请复制文件本身 / is a link, not the "
                          "folder or file itself; copy the real one");
    if (e.kind == Kind::TooBig)
        throw CopyProblem(shown +
                          ": 文件太多，请只放内容需要的文件 / too many files; keep only what the "
                          "content needs");
    throw CopyProblem(shown +
                      ": 无法读取U盘上的文件，请换一个U盘再试 / cannot be read from the stick; "
                      "try another stick (" +
                      e.what() + ")");
}

// One regular file `name` of the stick folder `dir` into `to` (a new file), within the budget.
void copy_file(int dir, const std::string& name, const std::string& to, const std::string& shown,
               CopyBudget& budget) {
    if (--budget.files_left < 0)
        throw CopyProblem(shown +
                          ": 文件太多，请只放内容需要的文件 / too many files; keep only "
                          "what the content needs");
    struct stat st {};
    platform::UniqueFd src;
    try {
        src = platform::open_stick_file_at(dir, name, st);
    } catch (const platform::StickIoError& e) {
        using Kind = platform::StickIoError::Kind;
        if (e.kind == Kind::Link || e.kind == Kind::NotRegular) {
            budget.problems->push_back(shown +
                                       ": 不是普通文件（链接或设备），已跳过；请复制文件本身 / not "
                                       "an ordinary file (a link or device), skipped; copy the "
                                       "file itself");
            return;
        }
        stick_problem(e, shown);
    }
    budget.bytes_left -= st.st_size;
    if (budget.bytes_left < 0)
        throw CopyProblem(shown +
                          ": 文件总量太大，请缩小图片 / the files are too big in all; "
                          "make the pictures smaller");
    const int dst = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (dst < 0)
        throw CopyProblem(shown + ": 无法写入展示机磁盘 / cannot be written to the kiosk's disk (" +
                          std::strerror(errno) + ")");
    char buf[1 << 16];
    long long done = 0;
    for (;;) {
        long n = 0;
        if (*budget.read_source) {
            const platform::StickCall call;  // timed like read_stick
            n = (*budget.read_source)(src.get(), buf, sizeof buf);
        } else {
            n = platform::read_stick(src.get(), buf, sizeof buf);
        }
        if (n < 0) {
            ::close(dst);
            throw CopyProblem(shown +
                              ": 读取U盘失败（U盘是否被拔出？）/ reading the stick failed "
                              "(was it pulled out?)");
        }
        if ((done += n) > st.st_size) {  // still being written: a copy would be cut anywhere
            ::close(dst);
            throw CopyProblem(shown +
                              ": 读取时文件还在变大；请等文件复制完，再插入U盘 / the file grew "
                              "while it was read; let the copy finish, then plug the stick in");
        }
        if (n == 0) break;
        if (::write(dst, buf, static_cast<size_t>(n)) != n) {
            ::close(dst);
            throw CopyProblem(shown + ": 展示机磁盘已满 / the kiosk's disk is full");
        }
    }
    ::close(dst);
}

// The regular files of the stick folder `dir` into `to`; its images/ folder too when
// `with_images`. Folders are opened from their parent's fd: nothing on the way is followed.
void copy_folder(int dir, const std::string& to, const std::string& shown, bool with_images,
                 CopyBudget& budget) {
    fs::create_directories(to);
    std::vector<std::string> names;
    try {
        names = platform::list_stick_folder(
            dir, static_cast<size_t>(std::max(budget.files_left, 0)) + 1);
    } catch (const platform::StickIoError& e) {
        stick_problem(e, shown);
    }
    for (const std::string& name : names) {
        if (platform::is_stick_folder(dir, name)) {
            if (!with_images || name != "images") continue;
            try {
                const platform::UniqueFd images = platform::open_stick_folder(dir, name, false);
                copy_folder(images.get(), to + "/images", shown + "images/", false, budget);
            } catch (const platform::StickIoError& e) {
                stick_problem(e, shown + "images/");
            }
            continue;
        }
        copy_file(dir, name, to + "/" + name, shown + name, budget);
    }
}

// --- builder output ---
// The builder prints one problem a line; notes start "note: "; its closing count is dropped
// (it tells a PC user to build again; staff plug the stick in again instead).
void take_output(const std::string& output, WorkbookBuild& b) {
    std::istringstream lines(output);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty() || line.find("nothing was written") != std::string::npos) continue;
        if (line.rfind("note: ", 0) == 0)
            b.notes.push_back(line.substr(6));
        else
            b.problems.push_back(line);
    }
}

std::string child_failure(const ChildOutcome& c, const ChildLimits& l) {
    using End = ChildOutcome::End;
    switch (c.end) {
        case End::NotStarted:
            return "kiosk-pack: 无法启动内容包生成程序，请联系管理员 / the pack builder cannot "
                   "be started; call the administrator (" +
                   c.error + ")";
        case End::TimedOut:
            return "kiosk-pack: 生成超过 " + std::to_string(int(l.wall_s)) +
                   " 秒，已停止；请减少行数或缩小图片 / the build took longer than " +
                   std::to_string(int(l.wall_s)) +
                   " s and was stopped; use fewer rows or smaller pictures";
        case End::Signaled:
            if (c.signal == SIGXFSZ)
                return "kiosk-pack: 生成的内容包超过大小上限，请缩小图片 / the pack grew over the "
                       "size limit; make the pictures smaller";
            return "kiosk-pack: 生成中断（信号 " + std::to_string(c.signal) +
                   "，可能内存不足）；请减少内容或缩小图片 / the build stopped (signal " +
                   std::to_string(c.signal) +
                   ", perhaps out of memory); use less content or smaller pictures";
        case End::Exited:
            break;
    }
    return "kiosk-pack: 生成失败（退出码 " + std::to_string(c.exit_code) +
           "）/ the build failed (exit code " + std::to_string(c.exit_code) + ")";
}

}  // namespace

void remove_workbook_files(const std::string& data_dir) {
    std::error_code ec;
    fs::remove_all(fs::path(data_dir) / kWorkbookSourceDir, ec);
    fs::remove(fs::path(data_dir) / kWorkbookCandidate, ec);
}

// --- build_workbook ---
WorkbookBuild build_workbook(const WorkbookBuildOptions& o) {
    WorkbookBuild b;
    const fs::path src(o.source);
    const bool folder = src.extension() != ".xlsx";
    b.source_name = "kiosk/" + src.filename().string() + (folder ? "/" : "");
    remove_workbook_files(o.data_dir);
    const fs::path stage = fs::path(o.data_dir) / kWorkbookSourceDir;
    fs::path built_from;
    CopyBudget budget{o.max_source_bytes, o.max_files, &b.problems, &o.read_source};
    // However it ends, the copy goes (here, on the worker: it can be 20,000 files), and so does
    // a candidate that is not ok.
    struct Cleanup {
        const fs::path& stage;
        const WorkbookBuild& build;
        const fs::path candidate;
        ~Cleanup() {
            std::error_code ec;
            fs::remove_all(stage, ec);
            if (!build.ok) fs::remove(candidate, ec);
        }
    } cleanup{stage, b, fs::path(o.data_dir) / kWorkbookCandidate};
    try {
        fs::create_directories(stage);
        // From the stick's root down, each folder opened from its parent: a link put in the
        // way after the stick was found is refused, never followed.
        const fs::path kiosk_dir = src.parent_path();
        const platform::UniqueFd root = platform::open_stick_root(kiosk_dir.parent_path().string());
        const platform::UniqueFd kiosk = platform::open_kiosk_folder(root.get(), false);
        if (folder) {
            built_from = stage / "content";
            const platform::UniqueFd content =
                platform::open_stick_folder(kiosk.get(), src.filename().string(), false);
            copy_folder(content.get(), built_from, b.source_name, true, budget);
        } else {
            built_from = stage / "content.xlsx";
            copy_file(kiosk.get(), src.filename().string(), built_from, b.source_name, budget);
            if (platform::is_stick_folder(kiosk.get(), "images")) {
                const platform::UniqueFd images =
                    platform::open_stick_folder(kiosk.get(), "images", false);
                copy_folder(images.get(), (stage / "images").string(), "kiosk/images/", false,
                            budget);
            }
        }
    } catch (const platform::StickIoError& e) {
        try {
            stick_problem(e, b.source_name);
        } catch (const std::exception& problem) {
            b.problems.push_back(problem.what());
        }
        return b;
    } catch (const std::exception& e) {  // CopyProblem, or the disk
        b.problems.push_back(e.what());
        return b;
    }
    if (!b.problems.empty()) return b;  // a skipped file would only show as a missing picture

    const std::string candidate = (fs::path(o.data_dir) / kWorkbookCandidate).string();
    const int64_t version = version_floor(o.data_dir) + 1;
    const ChildOutcome child =
        run_limited({o.pack_tool, "build", built_from.string(), "-o", candidate, "--version",
                     std::to_string(version), "--title", "workbook"},
                    o.limits, o.cancel);
    take_output(child.output, b);
    if (child.output_cut)
        b.problems.push_back(
            "kiosk-pack: 问题太多，只列出前面的部分 / too many problems; only the "
            "first ones are listed");
    if (!child.ok()) {
        if (child.end != ChildOutcome::End::Exited || b.problems.empty())
            b.problems.push_back(child_failure(child, o.limits));
        return b;
    }
    b.problems.clear();  // a successful build printed its summary line only
    try {
        b.info = validate_pack_file(candidate, {}, {}, o.cancel);
        rebuild_search_index(candidate);
    } catch (const RefusedError& e) {
        const Refusal& r = e.refusal;
        b.problems.push_back(b.source_name + ": " + r.zh + "，" + r.todo_zh + " / " + r.en + "; " +
                             r.todo_en);
        return b;
    } catch (const std::exception& e) {  // the disk, or SQLite: never out of the stick worker
        b.problems.push_back(b.source_name +
                             ": 检查生成的内容包时出错，请再试一次 / checking the built pack "
                             "failed; try again (" +
                             e.what() + ")");
        return b;
    }
    try {
        b.diff = diff_packs(o.installed_pack, candidate);
    } catch (const std::exception& e) {
        b.notes.push_back(std::string("cannot compare with the installed content: ") + e.what());
    }
    b.ok = true;  // the candidate holds it all now: the stage goes
    b.candidate = candidate;
    return b;
}

// --- report ---
std::string format_workbook_report(const WorkbookBuild& b, WorkbookOutcome outcome,
                                   const std::string& when, const std::string& install_error) {
    std::string zh, en;
    switch (outcome) {
        case WorkbookOutcome::Refused:
            zh = "未导入：内容有问题，请按下面逐条修改后再插入U盘。展示机仍显示原有内容。";
            en = "Not imported: the content has problems. Fix each one below, then plug the stick "
                 "in again. The kiosk keeps showing its current content.";
            break;
        case WorkbookOutcome::Accepted:
            zh = "已由员工（凭员工密码）接受并导入，新版本 " + std::to_string(b.info.pack_version) +
                 "。";
            en = "Accepted by staff (with the staff PIN) and installed as version " +
                 std::to_string(b.info.pack_version) + ".";
            break;
        case WorkbookOutcome::Discarded:
            zh = "员工预览后放弃，未导入。展示机仍显示原有内容。";
            en = "Discarded by staff after the preview; nothing was installed.";
            break;
        case WorkbookOutcome::DiscardedIdle:
            zh =
                "预览时长时间无人操作（或超过 10 分钟），已自动放弃，未导入。要导入请重新插入U盘。";
            en = "The preview was left idle (or ran over 10 minutes) and discarded; nothing was "
                 "installed. Plug the stick in again to import.";
            break;
        case WorkbookOutcome::InstallFailed:
            zh = "导入失败，展示机仍显示原有内容：" + install_error;
            en = "Installing failed; the kiosk keeps showing its current content: " + install_error;
            break;
    }
    std::string out = "展示机内容工作簿导入报告 / Kiosk content workbook import report\n";
    out += "时间 / Time: " + when + "\n";
    out += "文件 / File: " + b.source_name + "\n\n" + zh + "\n" + en + "\n";
    if (b.ok) {
        const auto zh_lines = diff_lines(b.diff, 0), en_lines = diff_lines(b.diff, 1);
        out += "\n变化 / Changes:\n";
        if (zh_lines.empty()) out += "与展示机现有内容相同 / Same as the content on the kiosk\n";
        for (std::size_t i = 0; i < zh_lines.size(); ++i)
            out += zh_lines[i] + "\n" + en_lines[i] + "\n";
        out += "\n数量 / Counts: " + content::counts_text(b.info.counts, 0) + "\n" +
               content::counts_text(b.info.counts, 1) + "\n";
    } else {
        out += "\n问题 / Problems (" + std::to_string(b.problems.size()) + "):\n";
        for (const std::string& p : b.problems) out += p + "\n";
    }
    if (!b.notes.empty()) {
        out += "\n提示 / Notes:\n";
        for (const std::string& n : b.notes) out += n + "\n";
    }
    return out;
}

}  // namespace kiosk::update
