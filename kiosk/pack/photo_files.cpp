// Picture file names: which files count, and case-insensitive lookup.
#include "kiosk/pack/photo_files.h"

#include <algorithm>
#include <array>

#include "kiosk/pack/text.h"

namespace kiosk::pack {

bool is_picture_file_name(const std::string& file_name) {
    static constexpr std::array<const char*, 13> kExtensions = {
        ".jpg",  ".jpeg", ".jpe", ".jfif", ".png", ".heic", ".heif",
        ".avif", ".webp", ".gif", ".bmp",  ".tif", ".tiff"};
    // Hidden files are no pictures: macOS leaves "._IMG_0001.JPG" beside each photo on a stick.
    if (file_name.empty() || file_name[0] == '.') return false;
    const size_t dot = file_name.rfind('.');
    if (dot == std::string::npos) return false;
    const std::string ext = ascii_lower(file_name.substr(dot));
    return std::find(kExtensions.begin(), kExtensions.end(), ext) != kExtensions.end();
}

std::vector<std::string> find_picture_file(const std::map<std::string, std::string>& files,
                                           const std::string& ref) {
    std::vector<std::string> found;
    for (const auto& [name, stem] : files)
        if (name == ref || stem == ref) found.push_back(name);
    if (!found.empty()) return found;
    const std::string want = ascii_lower(ref);
    for (const auto& [name, stem] : files)
        if (ascii_lower(name) == want || ascii_lower(stem) == want) found.push_back(name);
    return found;
}

}  // namespace kiosk::pack
