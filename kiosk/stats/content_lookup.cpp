#include "kiosk/stats/content_lookup.h"

#include "kiosk/core/content_db.h"

namespace kiosk::stats {

ItemExists item_exists_in(const ContentDb& content) {
    return [&content](const std::string& kind, const std::string& id) {
        return content.item_name(kind, id).has_value();
    };
}

}  // namespace kiosk::stats
