// How long staff wait for a pack built from the content workbook (issue 15: at most 2 s for the
// built-in content on this machine), beside the same build from the CSV folder, in one run.
#include <filesystem>
#include <stdexcept>

#include "kiosk/pack/content_source.h"
#include "kiosk/pack/pack_writer.h"
#include "kiosk/pack/pinyin.h"
#include "kiosk/pack/workbook_source.h"
#include "kiosk/pack/workbook_writer.h"
#include "tests/bench/bench_stats.h"
#include "tests/bench/benchmarks.h"

namespace kiosk::bench {

namespace fs = std::filesystem;

nlohmann::json bench_workbook(const std::string& content_dir, const std::string& work_dir,
                              int runs) {
    fs::remove_all(work_dir);
    fs::create_directories(work_dir);
    const auto dict = pack::PinyinDict::load(pack::kDefaultPinyinDict);
    pack::Diagnostics diag;
    const auto content = pack::load_content_dir(content_dir, diag);
    if (!content) throw std::runtime_error("the content folder has errors: " + content_dir);
    pack::write_workbook(*content, work_dir);
    const std::string workbook = (fs::path(work_dir) / pack::kWorkbookFile).string();

    // Each build as kiosk-pack does it: read and check everything, prepare the pictures, write.
    const auto build = [&](bool from_workbook) {
        pack::Diagnostics d;
        Stopwatch clock;
        const auto loaded = from_workbook ? pack::load_workbook(workbook, d)
                                          : pack::load_content_dir(content_dir, d);
        if (!loaded) throw std::runtime_error("the build found errors");
        pack::write_pack(*loaded, pack::PackMeta{1, "bench", true}, dict,
                         (fs::path(work_dir) / "pack.db").string());
        return clock.ms() / 1000.0;
    };
    std::vector<double> workbook_s, csv_s;
    for (int i = 0; i < runs; ++i) {  // interleaved, so both see the same machine load
        workbook_s.push_back(build(true));
        csv_s.push_back(build(false));
    }
    const double wb = median(workbook_s), csv = median(csv_s);
    return {{"runs", runs},
            {"workbook_mb", round3(double(fs::file_size(workbook)) / 1e6)},
            {"from_workbook_s", summary(workbook_s)},
            {"from_csv_s", summary(csv_s)},
            {"workbook_over_csv", round3(csv > 0 ? wb / csv : 0)}};
}

}  // namespace kiosk::bench
