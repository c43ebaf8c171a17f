// A small but complete content pack for tests: every table filled with realistic rows.
// What it holds (tests may rely on these):
// - 5 focus areas: energy, optical, optoelectronic, bio, nano.
// - 15 members, 2+ of each kind; universities tsinghua, nju (南京大学, logo "logo_nju"), seu,
//   njtech (南京工业大学); institutes sioc, licp; the others are samples (is_sample = 1).
//   Member "seu" mentions 钙钛矿 / perovskite only in its long text (a body-only search word).
// - 10 people: academicians (马大为 …) and speakers; person "du_youwei" has photo "photo_du".
// - 6 highlights (2 in "energy"); "hl_battery" has a 3-image gallery g_battery_1..3.
// - 12 projects, 4 per batch, each with an enterprise and an academic party.
// - alliance texts, 6 key numbers, 3 vision keywords, 4 bases, meta pack_version 7.
// - 3 signing batches (第一批签约 …); 4 events: ev_founding (2024-04-28, links nju, njtech and
//   du_youwei), ev_bases (links base_buct, base_green), ev_signing (links proj_01, proj_05) and
//   ev_sample_visit (2024-09-12, a sample with a 2-picture gallery g_visit_1..2).
// - search_index rows for members, people, highlights, projects, bases and events, with
//   pinyin/initials.
// Images are real PNGs (a few pixels), so decoders accept them.
#pragma once

#include <string>

namespace kiosk {

// Writes the pack to path (replacing any file there) and returns path.
std::string make_sample_content_db(const std::string& path);

}  // namespace kiosk

using kiosk::make_sample_content_db;
