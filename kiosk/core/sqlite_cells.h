// Reading one cell of a pack's query result as the model's types. Shared by ContentDb and the
// tables' own readers (content_events.h).
#pragma once

#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "kiosk/core/content_model.h"

namespace kiosk {

std::string read_text(SQLite::Statement& s, int col);       // NULL → ""
Bilingual read_bilingual(SQLite::Statement& s, int first);  // columns first (zh), first + 1 (en)

}  // namespace kiosk
