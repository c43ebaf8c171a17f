// The zip layer of the xlsx reader: tells what a file that is not an xlsx is (old .xls/.et,
// password-protected, web page or CSV renamed, empty, truncated), and inflates entries from
// memory in bounded chunks, counting sizes and the ratio as it goes.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "kiosk/pack/diagnostics.h"
#include "kiosk/pack/xlsx_reader.h"

namespace kiosk::pack::xlsx {

class ZipArchive {
  public:
    // Takes the whole file; refuses (with a message in diag, naming `file`) anything that is not
    // a readable zip. Zip entry names are only ever compared, never used as paths.
    static std::unique_ptr<ZipArchive> open(std::string bytes, const std::string& file,
                                            const XlsxLimits& limits, Diagnostics& diag);
    ~ZipArchive();
    ZipArchive(const ZipArchive&) = delete;
    ZipArchive& operator=(const ZipArchive&) = delete;

    bool has(const std::string& entry);
    // Feeds the inflated bytes of `entry` to `sink` in chunks. Returns false when the entry is
    // missing, refused (limits, damage; reported in diag) or the sink returned false.
    bool read(const std::string& entry, const std::function<bool(const char*, size_t)>& sink);

  private:
    ZipArchive() = default;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kiosk::pack::xlsx
