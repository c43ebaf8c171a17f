// Builds the engine tests' content pack with SQLiteCpp and the schema of kiosk/core.
#include "tests/engine/test_pack.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <stb_image_write.h>

#include <filesystem>
#include <vector>

#include "kiosk/core/content_tables.h"

namespace kiosk::testing {

void append_bytes(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<unsigned char>*>(context);
    const auto* bytes = static_cast<unsigned char*>(data);
    out->insert(out->end(), bytes, bytes + size);
}

namespace {

std::vector<unsigned char> two_colour_png(int w, int h) {
    std::vector<unsigned char> rgb(static_cast<std::size_t>(w) * h * 3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            unsigned char* p = &rgb[(static_cast<std::size_t>(y) * w + x) * 3];
            p[0] = x < w / 2 ? 250 : 20;
            p[1] = 200;
            p[2] = x < w / 2 ? 30 : 240;
        }
    std::vector<unsigned char> png;
    stbi_write_png_to_func(append_bytes, &png, w, h, 3, rgb.data(), w * 3);
    return png;
}

}  // namespace

void write_test_pack(const std::string& path) {
    std::filesystem::remove(path);
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec(kiosk::content::schema_sql());
    db.exec("PRAGMA user_version = " + std::to_string(kiosk::content::kSchemaVersion));
    db.exec(
        "INSERT INTO meta VALUES ('pack_version','1'),('built_at','2024-01-01T00:00:00Z'),"
        "('title','engine test')");
    db.exec("INSERT INTO alliance VALUES ('name','测试联盟','Test alliance')");
    const std::vector<unsigned char> good = two_colour_png(64, 48);
    const std::string garbage = "this is not an image at all, just text pretending to be PNG";
    SQLite::Statement insert(db, "INSERT INTO media VALUES (?,?,?,?,?,?,?,?)");
    auto add = [&](const char* id, const void* bytes, int size) {
        insert.reset();
        insert.bind(1, id);
        insert.bind(2, "png");
        insert.bind(3, 64);
        insert.bind(4, 48);
        insert.bind(5, bytes, size);
        insert.bind(6, 64);
        insert.bind(7, 48);
        insert.bind(8, bytes, size);
        insert.exec();
    };
    add("good", good.data(), static_cast<int>(good.size()));
    add("bad", garbage.data(), static_cast<int>(garbage.size()));
}

}  // namespace kiosk::testing
