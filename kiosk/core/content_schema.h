// The content database schema: the one contract between the pack builder (writes it), the
// importer (validates it) and the kiosk (reads it). Bump kContentSchemaVersion on any change.
#pragma once

namespace kiosk {

// Stored in PRAGMA user_version of every content database.
inline constexpr int kContentSchemaVersion = 1;

// Every table the content database may hold; the importer refuses any other table, trigger or
// view. Texts come in pairs: *_zh (Simplified Chinese) and *_en (English). `is_sample` = 1 marks
// an entry the alliance's news report does not give; the UI badges it 示例 / Sample.
inline constexpr const char* kContentSchemaSql = R"SQL(
CREATE TABLE meta (              -- pack_version (integer as text), built_at (ISO 8601 UTC), title
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE media (             -- images, already resized by the pack builder
  id          TEXT PRIMARY KEY NOT NULL,   -- file stem in content/images/
  format      TEXT NOT NULL CHECK (format IN ('png','jpeg')),
  width       INTEGER NOT NULL CHECK (width  BETWEEN 1 AND 4096),
  height      INTEGER NOT NULL CHECK (height BETWEEN 1 AND 4096),
  bytes       BLOB NOT NULL,                 -- display size: long side <= 1600 px
  thumb_width  INTEGER NOT NULL CHECK (thumb_width  BETWEEN 1 AND 1024),
  thumb_height INTEGER NOT NULL CHECK (thumb_height BETWEEN 1 AND 1024),
  thumb       BLOB NOT NULL                  -- card size: long side <= 480 px
) WITHOUT ROWID;

CREATE TABLE alliance (          -- keyed texts: name, intro, founded, theme, model, initiator, ...
  key TEXT PRIMARY KEY NOT NULL,
  zh  TEXT NOT NULL,
  en  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE key_number (        -- the numbers on the attract and About screens
  id       TEXT PRIMARY KEY NOT NULL,
  sort     INTEGER NOT NULL,
  value    TEXT NOT NULL,        -- shown as is, e.g. "14", "60+"
  label_zh TEXT NOT NULL,
  label_en TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE vision (            -- the three vision keywords
  id TEXT PRIMARY KEY NOT NULL, sort INTEGER NOT NULL,
  keyword_zh TEXT NOT NULL, keyword_en TEXT NOT NULL,
  text_zh TEXT NOT NULL, text_en TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE focus_area (        -- the five focus areas
  id         TEXT PRIMARY KEY NOT NULL,       -- energy, optical, optoelectronic, bio, nano
  sort       INTEGER NOT NULL,
  name_zh    TEXT NOT NULL, name_en TEXT NOT NULL,
  summary_zh TEXT NOT NULL, summary_en TEXT NOT NULL,
  color      TEXT NOT NULL CHECK (length(color) = 7 AND substr(color,1,1) = '#'),
  icon       TEXT NOT NULL                   -- Material Icons ligature name, e.g. "bolt"
) WITHOUT ROWID;

CREATE TABLE member (
  id       TEXT PRIMARY KEY NOT NULL,
  sort     INTEGER NOT NULL,
  kind     TEXT NOT NULL CHECK (kind IN ('university','institute','enterprise','association',
                                         'finance','intermediary')),
  name_zh  TEXT NOT NULL, name_en TEXT NOT NULL,
  short_zh TEXT NOT NULL, short_en TEXT NOT NULL,
  long_zh  TEXT NOT NULL, long_en TEXT NOT NULL,
  logo     TEXT REFERENCES media(id),         -- NULL: the UI draws a monogram
  is_sample INTEGER NOT NULL CHECK (is_sample IN (0,1))
) WITHOUT ROWID;

CREATE TABLE member_focus (
  member_id TEXT NOT NULL REFERENCES member(id),
  focus_id  TEXT NOT NULL REFERENCES focus_area(id),
  PRIMARY KEY (member_id, focus_id)
) WITHOUT ROWID;

CREATE TABLE person (            -- academicians, speakers, officials named in the report
  id       TEXT PRIMARY KEY NOT NULL,
  sort     INTEGER NOT NULL,
  name_zh  TEXT NOT NULL, name_en TEXT NOT NULL,
  role_zh  TEXT NOT NULL, role_en TEXT NOT NULL,   -- e.g. 中国科学院院士 / CAS academician
  affiliation_zh TEXT NOT NULL, affiliation_en TEXT NOT NULL,
  member_id TEXT REFERENCES member(id),      -- affiliation, when it is a member
  is_academician INTEGER NOT NULL CHECK (is_academician IN (0,1)),
  is_speaker     INTEGER NOT NULL CHECK (is_speaker IN (0,1)),
  bio_zh TEXT NOT NULL, bio_en TEXT NOT NULL,
  photo TEXT REFERENCES media(id),
  is_sample INTEGER NOT NULL CHECK (is_sample IN (0,1))
) WITHOUT ROWID;

CREATE TABLE highlight (         -- research highlights
  id         TEXT PRIMARY KEY NOT NULL,
  sort       INTEGER NOT NULL,
  focus_id   TEXT NOT NULL REFERENCES focus_area(id),
  title_zh   TEXT NOT NULL, title_en TEXT NOT NULL,
  summary_zh TEXT NOT NULL, summary_en TEXT NOT NULL,
  body_zh    TEXT NOT NULL, body_en TEXT NOT NULL,
  is_sample  INTEGER NOT NULL CHECK (is_sample IN (0,1))
) WITHOUT ROWID;

CREATE TABLE highlight_media (   -- the gallery of a highlight, in order
  highlight_id TEXT NOT NULL REFERENCES highlight(id),
  sort         INTEGER NOT NULL,
  media_id     TEXT NOT NULL REFERENCES media(id),
  caption_zh   TEXT NOT NULL, caption_en TEXT NOT NULL,
  PRIMARY KEY (highlight_id, sort)
) WITHOUT ROWID;

CREATE TABLE highlight_member (
  highlight_id TEXT NOT NULL REFERENCES highlight(id),
  member_id    TEXT NOT NULL REFERENCES member(id),
  PRIMARY KEY (highlight_id, member_id)
) WITHOUT ROWID;

CREATE TABLE base (              -- the achievement-transformation bases
  id TEXT PRIMARY KEY NOT NULL, sort INTEGER NOT NULL,
  name_zh TEXT NOT NULL, name_en TEXT NOT NULL,
  summary_zh TEXT NOT NULL, summary_en TEXT NOT NULL,
  is_sample INTEGER NOT NULL CHECK (is_sample IN (0,1))
) WITHOUT ROWID;

CREATE TABLE project (           -- signed research–industry cooperation projects
  id         TEXT PRIMARY KEY NOT NULL,
  sort       INTEGER NOT NULL,
  batch      INTEGER NOT NULL CHECK (batch BETWEEN 1 AND 3),
  focus_id   TEXT NOT NULL REFERENCES focus_area(id),
  title_zh   TEXT NOT NULL, title_en TEXT NOT NULL,
  summary_zh TEXT NOT NULL, summary_en TEXT NOT NULL,
  is_sample  INTEGER NOT NULL CHECK (is_sample IN (0,1))
) WITHOUT ROWID;

CREATE TABLE project_party (
  project_id TEXT NOT NULL REFERENCES project(id),
  member_id  TEXT NOT NULL REFERENCES member(id),
  role       TEXT NOT NULL CHECK (role IN ('enterprise','academic')),
  PRIMARY KEY (project_id, member_id)
) WITHOUT ROWID;

-- Full-text index, filled by the pack builder (pinyin is computed there, never at run time).
-- kind: member | person | highlight | project | base; ref: that row's id.
-- pinyin: full pinyin of name_zh, syllables joined without spaces ("nanjingdaxue");
-- initials: first letters ("njdx"). trigram gives substring matching in both scripts.
-- The importer keeps the rows (search_index_content) and indexes them again itself.
CREATE VIRTUAL TABLE search_index USING fts5(
  kind UNINDEXED, ref UNINDEXED, name_zh, name_en, pinyin, initials, body,
  tokenize = 'trigram'
);
)SQL";

}  // namespace kiosk
