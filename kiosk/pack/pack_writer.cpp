// Pack writer: schema, rows, search index and meta (with the character set) in one transaction,
// then VACUUM and rename.
// Sections: helpers · rows · search index · write_pack
#include "kiosk/pack/pack_writer.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <stdexcept>

#include "kiosk/core/content_schema.h"
#include "kiosk/core/pack_charset.h"

namespace kiosk::pack {

namespace fs = std::filesystem;

namespace {

// --- helpers ---

std::string iso_utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

void bind_blob(SQLite::Statement& st, int index, const std::vector<unsigned char>& bytes) {
    st.bindNoCopy(index, bytes.data(), static_cast<int>(bytes.size()));
}

void bind_opt(SQLite::Statement& st, int index, const std::string& value) {
    if (value.empty())
        st.bind(index);  // NULL
    else
        st.bind(index, value);
}

std::string join_texts(std::initializer_list<const std::string*> parts) {
    std::string out;
    for (const auto* p : parts) {
        if (p->empty()) continue;
        if (!out.empty()) out += '\n';
        out += *p;
    }
    return out;
}

// --- rows ---

void write_rows(SQLite::Database& db, const PackContent& c) {
    SQLite::Statement media(db, "INSERT INTO media VALUES (?,?,?,?,?,?,?,?)");
    for (const auto& m : c.media) {
        media.bind(1, m.id);
        media.bind(2, m.image->format);
        media.bind(3, m.image->width);
        media.bind(4, m.image->height);
        bind_blob(media, 5, m.image->bytes);
        media.bind(6, m.image->thumb_width);
        media.bind(7, m.image->thumb_height);
        bind_blob(media, 8, m.image->thumb);
        media.exec();
        media.reset();
    }
    SQLite::Statement alliance(db, "INSERT INTO alliance VALUES (?,?,?)");
    for (const auto& a : c.alliance) {
        alliance.bindNoCopy(1, a.key), alliance.bindNoCopy(2, a.zh), alliance.bindNoCopy(3, a.en);
        alliance.exec();
        alliance.reset();
    }
    int sort = 0;
    SQLite::Statement number(db, "INSERT INTO key_number VALUES (?,?,?,?,?)");
    for (const auto& n : c.key_numbers) {
        number.bind(1, n.id), number.bind(2, ++sort), number.bind(3, n.value);
        number.bind(4, n.label_zh), number.bind(5, n.label_en);
        number.exec();
        number.reset();
    }
    sort = 0;
    SQLite::Statement vision(db, "INSERT INTO vision VALUES (?,?,?,?,?,?)");
    for (const auto& v : c.vision) {
        vision.bind(1, v.id), vision.bind(2, ++sort), vision.bind(3, v.keyword_zh);
        vision.bind(4, v.keyword_en), vision.bind(5, v.text_zh), vision.bind(6, v.text_en);
        vision.exec();
        vision.reset();
    }
    sort = 0;
    SQLite::Statement focus(db, "INSERT INTO focus_area VALUES (?,?,?,?,?,?,?,?)");
    for (const auto& f : c.focus_areas) {
        focus.bind(1, f.id), focus.bind(2, ++sort), focus.bind(3, f.name_zh);
        focus.bind(4, f.name_en), focus.bind(5, f.summary_zh), focus.bind(6, f.summary_en);
        focus.bind(7, f.color), focus.bind(8, f.icon);
        focus.exec();
        focus.reset();
    }
    sort = 0;
    SQLite::Statement member(db, "INSERT INTO member VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    SQLite::Statement member_focus(db, "INSERT INTO member_focus VALUES (?,?)");
    for (const auto& m : c.members) {
        member.bind(1, m.id), member.bind(2, ++sort), member.bind(3, m.kind);
        member.bind(4, m.name_zh), member.bind(5, m.name_en), member.bind(6, m.short_zh);
        member.bind(7, m.short_en), member.bind(8, m.long_zh), member.bind(9, m.long_en);
        bind_opt(member, 10, m.logo);
        member.bind(11, m.is_sample ? 1 : 0);
        member.exec();
        member.reset();
        for (const auto& f : m.focus_ids) {
            member_focus.bind(1, m.id), member_focus.bind(2, f);
            member_focus.exec();
            member_focus.reset();
        }
    }
    sort = 0;
    SQLite::Statement person(db, "INSERT INTO person VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (const auto& p : c.people) {
        person.bind(1, p.id), person.bind(2, ++sort), person.bind(3, p.name_zh);
        person.bind(4, p.name_en), person.bind(5, p.role_zh), person.bind(6, p.role_en);
        person.bind(7, p.affiliation_zh), person.bind(8, p.affiliation_en);
        bind_opt(person, 9, p.member_id);
        person.bind(10, p.is_academician ? 1 : 0), person.bind(11, p.is_speaker ? 1 : 0);
        person.bind(12, p.bio_zh), person.bind(13, p.bio_en);
        bind_opt(person, 14, p.photo);
        person.bind(15, p.is_sample ? 1 : 0);
        person.exec();
        person.reset();
    }
    sort = 0;
    SQLite::Statement highlight(db, "INSERT INTO highlight VALUES (?,?,?,?,?,?,?,?,?,?)");
    SQLite::Statement gallery(db, "INSERT INTO highlight_media VALUES (?,?,?,?,?)");
    SQLite::Statement hl_member(db, "INSERT INTO highlight_member VALUES (?,?)");
    for (const auto& h : c.highlights) {
        highlight.bind(1, h.id), highlight.bind(2, ++sort), highlight.bind(3, h.focus_id);
        highlight.bind(4, h.title_zh), highlight.bind(5, h.title_en);
        highlight.bind(6, h.summary_zh), highlight.bind(7, h.summary_en);
        highlight.bind(8, h.body_zh), highlight.bind(9, h.body_en);
        highlight.bind(10, h.is_sample ? 1 : 0);
        highlight.exec();
        highlight.reset();
        int g = 0;
        for (const auto& img : h.gallery) {
            gallery.bind(1, h.id), gallery.bind(2, ++g), gallery.bind(3, img.media_id);
            gallery.bind(4, img.caption_zh), gallery.bind(5, img.caption_en);
            gallery.exec();
            gallery.reset();
        }
        for (const auto& m : h.member_ids) {
            hl_member.bind(1, h.id), hl_member.bind(2, m);
            hl_member.exec();
            hl_member.reset();
        }
    }
    sort = 0;
    SQLite::Statement base(db, "INSERT INTO base VALUES (?,?,?,?,?,?,?)");
    for (const auto& b : c.bases) {
        base.bind(1, b.id), base.bind(2, ++sort), base.bind(3, b.name_zh);
        base.bind(4, b.name_en), base.bind(5, b.summary_zh), base.bind(6, b.summary_en);
        base.bind(7, b.is_sample ? 1 : 0);
        base.exec();
        base.reset();
    }
    sort = 0;
    SQLite::Statement project(db, "INSERT INTO project VALUES (?,?,?,?,?,?,?,?,?)");
    SQLite::Statement party(db, "INSERT INTO project_party VALUES (?,?,?)");
    for (const auto& p : c.projects) {
        project.bind(1, p.id), project.bind(2, ++sort), project.bind(3, p.batch);
        project.bind(4, p.focus_id), project.bind(5, p.title_zh), project.bind(6, p.title_en);
        project.bind(7, p.summary_zh), project.bind(8, p.summary_en);
        project.bind(9, p.is_sample ? 1 : 0);
        project.exec();
        project.reset();
        for (int side = 0; side < 2; ++side) {
            for (const auto& m : side == 0 ? p.enterprise_ids : p.academic_ids) {
                party.bind(1, p.id), party.bind(2, m);
                party.bind(3, side == 0 ? "enterprise" : "academic");
                party.exec();
                party.reset();
            }
        }
    }
}

// --- search index ---

// "du you wei" → {"duyouwei", "dyw"}
PinyinResult syllables(const std::string& spaced) {
    PinyinResult out;
    bool start = true;
    for (char c : spaced) {
        if (c == ' ') {
            start = true;
            continue;
        }
        out.full += c;
        if (start) out.initials += c;
        start = false;
    }
    return out;
}

void write_search_index(SQLite::Database& db, const PackContent& c, const PinyinDict& dict) {
    SQLite::Statement st(db,
                         "INSERT INTO search_index (kind, ref, name_zh, name_en, pinyin, "
                         "initials, body) VALUES (?,?,?,?,?,?,?)");
    const auto add = [&](const char* kind, const std::string& ref, const std::string& name_zh,
                         const std::string& name_en, const std::string& body,
                         const std::string& pinyin_override = {}) {
        const PinyinResult py =
            pinyin_override.empty() ? dict.convert(name_zh) : syllables(pinyin_override);
        st.bind(1, kind), st.bind(2, ref), st.bind(3, name_zh), st.bind(4, name_en);
        st.bind(5, py.full), st.bind(6, py.initials), st.bind(7, body);
        st.exec();
        st.reset();
    };
    for (const auto& m : c.members)
        add("member", m.id, m.name_zh, m.name_en,
            join_texts({&m.short_zh, &m.long_zh, &m.short_en, &m.long_en}), m.pinyin);
    for (const auto& p : c.people)
        add("person", p.id, p.name_zh, p.name_en,
            join_texts({&p.role_zh, &p.affiliation_zh, &p.bio_zh, &p.role_en, &p.affiliation_en,
                        &p.bio_en}),
            p.pinyin);
    for (const auto& h : c.highlights)
        add("highlight", h.id, h.title_zh, h.title_en,
            join_texts({&h.summary_zh, &h.body_zh, &h.summary_en, &h.body_en}));
    for (const auto& p : c.projects)
        add("project", p.id, p.title_zh, p.title_en, join_texts({&p.summary_zh, &p.summary_en}));
    for (const auto& b : c.bases)
        add("base", b.id, b.name_zh, b.name_en, join_texts({&b.summary_zh, &b.summary_en}));
}

}  // namespace

// --- write_pack ---

WriteStats write_pack(const PackContent& content, const PackMeta& meta, const PinyinDict& dict,
                      const std::string& out_path) {
    const fs::path out(out_path);
    if (out.has_parent_path()) fs::create_directories(out.parent_path());
    const fs::path tmp = out.string() + ".tmp-" + std::to_string(::getpid());
    fs::remove(tmp);
    WriteStats stats;
    stats.pack_version = meta.pack_version > 0
                             ? meta.pack_version
                             : std::chrono::duration_cast<std::chrono::seconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
    try {
        {
            SQLite::Database db(tmp.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            db.exec("PRAGMA journal_mode = DELETE");
            db.exec("PRAGMA foreign_keys = ON");
            SQLite::Transaction tx(db);
            db.exec(kContentSchemaSql);
            write_rows(db, content);
            write_search_index(db, content, dict);
            SQLite::Statement put(db, "INSERT INTO meta VALUES (?,?)");
            const std::pair<std::string, std::string> rows[] = {
                {"pack_version", std::to_string(stats.pack_version)},
                {"built_at", iso_utc_now()},
                {"title", meta.title}};
            for (const auto& [k, v] : rows) {
                put.bind(1, k), put.bind(2, v);
                put.exec();
                put.reset();
            }
            // Last, so the set covers every text above including the meta values; the kiosk
            // reads it at start instead of scanning the whole pack.
            for (const auto& [k, v] : charset_meta_rows(scan_text_codepoints(db))) {
                put.bind(1, k), put.bind(2, v);
                put.exec();
                put.reset();
            }
            db.exec("PRAGMA user_version = " + std::to_string(kContentSchemaVersion));
            tx.commit();
            if (meta.vacuum) db.exec("VACUUM");
        }
        fs::rename(tmp, out);
    } catch (...) {
        std::error_code ec;
        fs::remove(tmp, ec);
        throw;
    }
    stats.file_bytes = static_cast<int64_t>(fs::file_size(out));
    return stats;
}

}  // namespace kiosk::pack
