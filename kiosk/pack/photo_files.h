// Picture files in a content folder's images/ as staff name them: Chinese names, spaces, and
// extensions in any letter case (IMG_0001.JPG, 照片 1.Jpeg).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace kiosk::pack {

// Files images/ offers to the tables: JPEG and PNG, and the formats that are refused with what to
// do (HEIC, WebP, AVIF, GIF, BMP, TIFF) so a reference to one is told why rather than "not found".
bool is_picture_file_name(const std::string& file_name);

// The files a table's cell means, from `files` (file name → stem): the files whose name or stem is
// `ref` exactly; when none, those equal to it ignoring ASCII letter case. More than one is
// ambiguous (x.jpg and x.png for "x"; A.jpg and a.jpg for "A.JPG").
std::vector<std::string> find_picture_file(const std::map<std::string, std::string>& files,
                                           const std::string& ref);

}  // namespace kiosk::pack
