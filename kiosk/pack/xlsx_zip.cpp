#include "kiosk/pack/xlsx_zip.h"

#include <minizip/unzip.h>

#include <algorithm>
#include <cstring>

#include "kiosk/pack/text.h"

namespace kiosk::pack::xlsx {
namespace {

constexpr std::uint64_t kRatioFloor = 1u << 20;  // small entries may compress very well

// minizip reads the archive through these: a read-only view of the bytes in memory.
struct MemoryFile {
    const std::string* bytes = nullptr;
    std::uint64_t pos = 0;
};

voidpf ZCALLBACK mem_open(voidpf opaque, const void*, int) {
    return opaque;
}
uLong ZCALLBACK mem_read(voidpf, voidpf stream, void* buf, uLong size) {
    auto* f = static_cast<MemoryFile*>(stream);
    const std::uint64_t left = f->bytes->size() - std::min<std::uint64_t>(f->pos, f->bytes->size());
    const uLong n = static_cast<uLong>(std::min<std::uint64_t>(size, left));
    std::memcpy(buf, f->bytes->data() + f->pos, n);
    f->pos += n;
    return n;
}
uLong ZCALLBACK mem_write(voidpf, voidpf, const void*, uLong) {
    return 0;
}
ZPOS64_T ZCALLBACK mem_tell(voidpf, voidpf stream) {
    return static_cast<MemoryFile*>(stream)->pos;
}
long ZCALLBACK mem_seek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
    auto* f = static_cast<MemoryFile*>(stream);
    std::uint64_t base = 0;
    if (origin == ZLIB_FILEFUNC_SEEK_CUR) base = f->pos;
    if (origin == ZLIB_FILEFUNC_SEEK_END) base = f->bytes->size();
    if (offset > f->bytes->size() || base + offset > f->bytes->size()) return -1;
    f->pos = base + offset;
    return 0;
}
int ZCALLBACK mem_close(voidpf, voidpf) {
    return 0;
}
int ZCALLBACK mem_error(voidpf, voidpf) {
    return 0;
}

bool starts_with(const std::string& s, const char* prefix, size_t n) {
    return s.size() >= n && std::memcmp(s.data(), prefix, n) == 0;
}

// An OLE2 compound file holds each stream's name in UTF-16LE in its directory.
bool ole2_has_stream(const std::string& bytes, const std::string& ascii_name) {
    std::string wide;
    for (char c : ascii_name) wide += {c, '\0'};
    return bytes.find(wide) != std::string::npos;
}

// Says what a file that is not a zip is, and what to do with it.
std::string not_a_zip(const std::string& bytes) {
    if (bytes.empty())
        return "文件是空的（0 字节）；请在 Excel/WPS 中重新保存为 .xlsx / the file is empty "
               "(0 bytes); save the workbook again as .xlsx in Excel/WPS";
    if (starts_with(bytes, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
        if (ole2_has_stream(bytes, "EncryptedPackage"))
            return "工作簿设置了打开密码；请在 Excel/WPS 中取消密码后再保存为 .xlsx / the workbook "
                   "is "
                   "password-protected; remove the password in Excel/WPS and save it as .xlsx";
        return "这是旧格式的 .xls 或 WPS 的 .et 文件；请在 Excel/WPS 中“另存为” .xlsx / this is an "
               "old "
               ".xls or a WPS .et file; use \"Save as\" .xlsx in Excel/WPS";
    }
    const std::string head = bytes.substr(0, 4096);
    const std::string lower = ascii_lower(head);
    if (lower.find("<html") != std::string::npos || lower.find("<table") != std::string::npos ||
        lower.find("<?xml") != std::string::npos || lower.find("<!doctype") != std::string::npos)
        return "这是网页（HTML/XML）文件，只是扩展名改成了 .xlsx；请在 Excel/WPS 中打开并“另存为” "
               ".xlsx / "
               "this is a web page (HTML/XML) renamed to .xlsx; open it in Excel/WPS and use "
               "\"Save "
               "as\" .xlsx";
    if (head.find('\0') == std::string::npos)
        return "这是文本文件（例如 CSV），只是扩展名改成了 .xlsx；请在 Excel/WPS 中打开并“另存为” "
               ".xlsx / "
               "this is a text file (such as CSV) renamed to .xlsx; open it in Excel/WPS and use "
               "\"Save as\" .xlsx";
    return "不是 Excel 工作簿（.xlsx）；请在 Excel/WPS 中保存为 .xlsx / not an Excel workbook "
           "(.xlsx); "
           "save it as .xlsx in Excel/WPS";
}

const char* const kDamaged =
    "文件不完整或已损坏（可能没有复制完）；请重新复制，或在 Excel/WPS 中重新保存为 .xlsx / the "
    "file is "
    "incomplete or damaged (perhaps not fully copied); copy it again or save it again as .xlsx in "
    "Excel/WPS";

}  // namespace

struct ZipArchive::Impl {
    std::string bytes;
    MemoryFile file;
    unzFile zip = nullptr;
    std::string name;
    XlsxLimits limits;
    Diagnostics* diag = nullptr;
    std::uint64_t total = 0;

    void refuse(const std::string& what) { diag->error(name, 0, what); }
};

std::unique_ptr<ZipArchive> ZipArchive::open(std::string bytes, const std::string& file,
                                             const XlsxLimits& limits, Diagnostics& diag) {
    if (!starts_with(bytes, "PK\x03\x04", 4) && !starts_with(bytes, "PK\x05\x06", 4)) {
        diag.error(file, 0, not_a_zip(bytes));
        return nullptr;
    }
    std::unique_ptr<ZipArchive> archive(new ZipArchive);
    archive->impl_ = std::make_unique<Impl>();
    Impl& z = *archive->impl_;
    z.bytes = std::move(bytes);
    z.file.bytes = &z.bytes;
    z.name = file;
    z.limits = limits;
    z.diag = &diag;
    zlib_filefunc64_def funcs{mem_open, mem_read,  mem_write, mem_tell,
                              mem_seek, mem_close, mem_error, &z.file};
    z.zip = unzOpen2_64("memory", &funcs);
    unz_global_info64 info{};
    if (!z.zip || unzGetGlobalInfo64(z.zip, &info) != UNZ_OK) {
        diag.error(file, 0, kDamaged);
        return nullptr;
    }
    if (info.number_entry > static_cast<ZPOS64_T>(limits.max_zip_entries)) {
        diag.error(
            file, 0,
            "压缩包里的文件太多（" + std::to_string(info.number_entry) +
                " 个），不像 Excel 工作簿；请在 Excel/WPS 中重新保存为 .xlsx / the zip holds too "
                "many entries for a workbook; save it again as .xlsx in Excel/WPS");
        return nullptr;
    }
    return archive;
}

ZipArchive::~ZipArchive() {
    if (impl_ && impl_->zip) unzClose(impl_->zip);
}

bool ZipArchive::has(const std::string& entry) {
    return unzLocateFile(impl_->zip, entry.c_str(), 2) == UNZ_OK;
}

bool ZipArchive::read(const std::string& entry,
                      const std::function<bool(const char*, size_t)>& sink) {
    Impl& z = *impl_;
    if (unzLocateFile(z.zip, entry.c_str(), 2) != UNZ_OK) return false;
    unz_file_info64 info{};
    if (unzGetCurrentFileInfo64(z.zip, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK) {
        z.refuse(kDamaged);
        return false;
    }
    if (info.flag & 1u) {
        z.refuse(
            "工作簿设置了密码；请在 Excel/WPS 中取消密码后再保存为 .xlsx / the workbook is "
            "password-protected; remove the password in Excel/WPS and save it as .xlsx");
        return false;
    }
    if (info.compression_method != 0 && info.compression_method != Z_DEFLATED) {
        z.refuse(entry + " 使用了不支持的压缩方式；请在 Excel/WPS 中重新保存为 .xlsx / " + entry +
                 " uses an unsupported compression; save the workbook again as .xlsx in Excel/WPS");
        return false;
    }
    if (unzOpenCurrentFile(z.zip) != UNZ_OK) {
        z.refuse(kDamaged);
        return false;
    }
    const ZPOS64_T start = unzGetCurrentFileZStreamPos64(z.zip);
    const std::string too_big =
        entry +
        " 解压后过大，可能是“压缩炸弹”；已拒绝，请检查文件来源并在 Excel/WPS 中重新保存 / " +
        entry +
        " expands too much (a zip bomb?); refused: check where the file came from and save it "
        "again in Excel/WPS";
    std::uint64_t inflated = 0;
    char buf[64 * 1024];
    bool ok = true;
    for (;;) {
        const int n = unzReadCurrentFile(z.zip, buf, sizeof buf);
        if (n < 0) {
            z.refuse(kDamaged);
            ok = false;
            break;
        }
        if (n == 0) break;
        inflated += static_cast<std::uint64_t>(n);
        z.total += static_cast<std::uint64_t>(n);
        const std::uint64_t consumed = unzGetCurrentFileZStreamPos64(z.zip) - start;
        if (inflated > z.limits.max_entry_bytes || z.total > z.limits.max_total_bytes ||
            (inflated > kRatioFloor &&
             inflated > z.limits.max_ratio * std::max<std::uint64_t>(consumed, 1))) {
            z.refuse(too_big);
            ok = false;
            break;
        }
        if (!sink(buf, static_cast<size_t>(n))) {
            ok = false;
            break;
        }
    }
    // A CRC mismatch shows only at the close, once everything was read.
    if (unzCloseCurrentFile(z.zip) != UNZ_OK && ok) {
        z.refuse(kDamaged);
        ok = false;
    }
    return ok;
}

}  // namespace kiosk::pack::xlsx
