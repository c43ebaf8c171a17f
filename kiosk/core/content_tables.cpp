// The content description (content_tables.h): the tables, then what is derived from them.
// Sections: enum values · tables · lookups · derived SQL
#include "kiosk/core/content_tables.h"

#include <stdexcept>

namespace kiosk::content {
namespace {

// --- enum values
constexpr EnumValue kMemberKinds[] = {
    {"university", "高校", "University"},
    {"institute", "科研院所", "Research institute"},
    {"enterprise", "企业", "Enterprise"},
    {"association", "行业协会", "Industry association"},
    {"finance", "金融机构", "Financial institution"},
    {"intermediary", "中介服务机构", "Intermediary"},
};
constexpr EnumValue kImageFormats[] = {{"png", "PNG", "PNG"}, {"jpeg", "JPEG", "JPEG"}};
constexpr EnumValue kPartyRoles[] = {{"enterprise", "企业方", "Enterprise side"},
                                     {"academic", "院校方", "University or institute side"}};

// Limits in characters: generous for real texts, catching pasted chapters.
constexpr int kName = 120;    // names, titles, labels
constexpr int kShort = 300;   // card lines, roles, captions
constexpr int kMedium = 600;  // summaries
constexpr int kLong = 6000;   // bodies, biographies
constexpr const char* kEnterpriseKinds[] = {"enterprise"};
constexpr const char* kAcademicKinds[] = {"university", "institute"};

// Field builders, so each table below reads as a list of columns.
Field id() {
    return {.name = "id",
            .kind = FieldKind::Id,
            .help_zh = "编号：小写字母、数字、- 和 _",
            .help_en = "id: lower-case letters, digits, - and _"};
}
Field sort() {
    return {.name = "sort", .kind = FieldKind::Sort};
}
Field text(const char* name, int max_chars, bool required, const char* zh, const char* en) {
    return {.name = name,
            .kind = FieldKind::Bilingual,
            .required = required,
            .max_chars = max_chars,
            .help_zh = zh,
            .help_en = en};
}
Field flag(const char* name, const char* zh, const char* en) {
    return {.name = name, .kind = FieldKind::Flag, .help_zh = zh, .help_en = en};
}
Field sample() {
    return flag("is_sample", "1 = 示例（屏幕上显示“示例”标记），0 = 真实信息",
                "1 = a sample (shown with a Sample badge), 0 = real");
}
Field ref(const char* name, const char* target, bool required, const char* zh, const char* en) {
    return {.name = name,
            .kind = FieldKind::Ref,
            .required = required,
            .target = target,
            .help_zh = zh,
            .help_en = en};
}
Field image(const char* name, bool required, const char* zh, const char* en) {
    return {.name = name,
            .kind = FieldKind::Image,
            .required = required,
            .target = "media",
            .help_zh = zh,
            .help_en = en};
}
Field links(const char* name, const char* target, const char* link, const char* zh,
            const char* en) {
    return {.name = name,
            .kind = FieldKind::Links,
            .required = false,
            .target = target,
            .link = link,
            .help_zh = zh,
            .help_en = en};
}
// One side of a project: never empty, and only members of the given kinds.
Field party(const char* name, const char* role, std::span<const char* const> kinds, const char* zh,
            const char* en) {
    return {.name = name,
            .kind = FieldKind::Links,
            .target = "member",
            .link = "project_party",
            .role = role,
            .target_kinds = kinds,
            .help_zh = zh,
            .help_en = en};
}
Field pinyin() {
    return {.name = "pinyin",
            .kind = FieldKind::Pinyin,
            .required = false,
            .help_zh = "可选：名字的拼音，音节间用空格，如 du you wei",
            .help_en = "optional: the name's pinyin, syllables spaced, e.g. du you wei"};
}
// A table of (owner, target) pairs made from a Links field.
Table link_table(const char* name, const char* owner, const char* owner_column, const char* target,
                 const char* target_column, int since = 1) {
    return {.name = name,
            .source = Source::Links,
            .fields = {ref(owner_column, owner, true, "", ""),
                       ref(target_column, target, true, "", "")},
            .key = {owner_column, target_column},
            .since_version = since};
}
// A gallery: pictures of an owner row, in order.
// label_zh/en: the gallery's name for staff ("亮点图片"), its workbook sheet's too.
Table gallery_table(const char* name, const char* file, const char* owner, const char* owner_column,
                    const char* label_zh, const char* label_en, int since = 1) {
    Field picture =
        image("media_id", true, "图片文件名（images 文件夹中）", "an image file in images/");
    picture.file_column = "image";
    return {.name = name,
            .file = file,
            .label_zh = label_zh,
            .label_en = label_en,
            .fields = {ref(owner_column, owner, true, "所属条目的编号", "the id of its entry"),
                       sort(), picture, text("caption", kShort, true, "图片说明", "caption")},
            .key = {owner_column, "sort"},
            .since_version = since};
}

// --- tables
std::vector<Table> make_tables() {
    std::vector<Table> t;
    t.push_back(
        {.name = "meta",
         .source = Source::Builder,
         .fields =
             {{.name = "key", .kind = FieldKind::Id},
              {.name = "value", .kind = FieldKind::Text, .required = false, .max_chars = 8192}},
         .key = {"key"}});
    t.push_back(
        {.name = "media",
         .source = Source::Builder,
         .label_zh = "图片",
         .label_en = "images",
         .fields = {id(),
                    {.name = "format", .kind = FieldKind::Enum, .values = kImageFormats},
                    {.name = "width", .kind = FieldKind::Integer, .min = 1, .max = 4096},
                    {.name = "height", .kind = FieldKind::Integer, .min = 1, .max = 4096},
                    {.name = "bytes", .kind = FieldKind::Blob},
                    {.name = "thumb_width", .kind = FieldKind::Integer, .min = 1, .max = 1024},
                    {.name = "thumb_height", .kind = FieldKind::Integer, .min = 1, .max = 1024},
                    {.name = "thumb", .kind = FieldKind::Blob, .derived = true}},
         .key = {"id"},
         .counted = true});
    t.push_back({.name = "alliance",
                 .file = "alliance",
                 .label_zh = "联盟介绍",
                 .label_en = "alliance texts",
                 .fields = {{.name = "key",
                             .kind = FieldKind::Id,
                             .help_zh = "条目名：name、intro、founded、theme、model、initiator "
                                        "必须有，其余条目列在“关于”页",
                             .help_en = "entry name: name, intro, founded, theme, model and "
                                        "initiator are needed; others are listed on the About "
                                        "page"},
                            text("", kLong, true, "中文 / 英文内容", "Chinese / English text")},
                 .key = {"key"},
                 // The texts the screens show; further keys are listed on the About page.
                 .required_keys = {"name", "intro", "founded", "theme", "model", "initiator"}});
    t.push_back({.name = "key_number",
                 .file = "key_numbers",
                 .label_zh = "关键数字",
                 .label_en = "key numbers",
                 .fields = {id(),
                            sort(),
                            {.name = "value",
                             .max_chars = 16,
                             .help_zh = "原样显示，如 200+",
                             .help_en = "shown as written, e.g. 200+"},
                            text("label", kName, true, "说明", "label")},
                 .key = {"id"}});
    t.push_back({.name = "vision",
                 .file = "vision",
                 .label_zh = "愿景",
                 .label_en = "vision keywords",
                 .fields = {id(), sort(), text("keyword", kName, true, "关键词", "keyword"),
                            text("text", kMedium, true, "说明", "text")},
                 .key = {"id"}});
    t.push_back({.name = "focus_area",
                 .file = "focus_areas",
                 .label_zh = "重点方向",
                 .label_en = "focus areas",
                 .fields = {id(),
                            sort(),
                            text("name", kName, true, "名称", "name"),
                            text("summary", kMedium, true, "简介", "summary"),
                            {.name = "color",
                             .kind = FieldKind::Color,
                             .help_zh = "颜色，如 #F5A524",
                             .help_en = "colour, e.g. #F5A524"},
                            {.name = "icon",
                             .kind = FieldKind::Icon,
                             .help_zh = "图标名（Material Icons），如 bolt",
                             .help_en = "a Material Icons name, e.g. bolt"}},
                 .key = {"id"}});
    t.push_back({.name = "member",
                 .file = "members",
                 .label_zh = "成员",
                 .label_en = "members",
                 .fields = {id(),
                            sort(),
                            {.name = "kind",
                             .kind = FieldKind::Enum,
                             .values = kMemberKinds,
                             .help_zh = "类别",
                             .help_en = "kind"},
                            text("name", kName, true, "名称", "name"),
                            text("short", kShort, true, "卡片上的一句话", "one line for cards"),
                            text("long", kLong, true, "详情页介绍", "the detail page's text"),
                            image("logo", false, "标志图片，可空（显示首字）",
                                  "logo image, may be empty (the first letter is drawn)"),
                            sample(),
                            links("focus_ids", "focus_area", "member_focus",
                                  "重点方向编号，多个用 ; 分隔", "focus area ids, separated by ;"),
                            pinyin()},
                 .key = {"id"},
                 .search = {.title = "name",
                            .body = {"short", "long"},
                            .subtitle = {.from = Subtitle::From::EnumLabel, .field = "kind"}},
                 .counted = true});
    t.push_back(link_table("member_focus", "member", "member_id", "focus_area", "focus_id"));
    t.push_back(
        {.name = "person",
         .file = "people",
         .label_zh = "人物",
         .label_en = "people",
         .fields = {id(), sort(), text("name", kName, true, "姓名", "name"),
                    text("role", kShort, true, "身份，如 中国科学院院士",
                         "role, e.g. CAS academician"),
                    text("affiliation", kShort, true, "单位", "affiliation"),
                    ref("member_id", "member", false, "所属成员编号，可空",
                        "the member they belong to, may be empty"),
                    flag("is_academician", "1 = 院士", "1 = academician"),
                    flag("is_speaker", "1 = 报告嘉宾", "1 = speaker"),
                    text("bio", kLong, true, "简介", "biography"),
                    image("photo", false, "照片，可空", "photo, may be empty"), sample(), pinyin()},
         .key = {"id"},
         .search = {.title = "name",
                    .body = {"role", "affiliation", "bio"},
                    .subtitle = {.from = Subtitle::From::FieldText, .field = "role"}},
         .counted = true});
    t.push_back({.name = "highlight",
                 .file = "highlights",
                 .label_zh = "科研亮点",
                 .label_en = "highlights",
                 .fields = {id(), sort(),
                            ref("focus_id", "focus_area", true, "重点方向编号", "focus area id"),
                            text("title", kName, true, "标题", "title"),
                            text("summary", kMedium, true, "卡片文字", "card text"),
                            text("body", kLong, true, "详情", "detail text"), sample(),
                            links("member_ids", "member", "highlight_member", "相关成员编号",
                                  "ids of the members involved")},
                 .key = {"id"},
                 .search = {.title = "title",
                            .body = {"summary", "body"},
                            .subtitle = {.from = Subtitle::From::RefName, .field = "focus_id"}},
                 .counted = true});
    t.push_back(gallery_table("highlight_media", "highlight_images", "highlight", "highlight_id",
                              "亮点图片", "highlight pictures"));
    t.push_back(link_table("highlight_member", "highlight", "highlight_id", "member", "member_id"));
    t.push_back({.name = "base",
                 .file = "bases",
                 .label_zh = "成果转化基地",
                 .label_en = "bases",
                 .fields = {id(), sort(), text("name", kName, true, "名称", "name"),
                            text("summary", kMedium, true, "简介", "summary"), sample()},
                 .key = {"id"},
                 .search = {.title = "name",
                            .body = {"summary"},
                            .subtitle = {.zh = "成果转化基地", .en = "Transformation base"}}});
    t.push_back({.name = "batch",
                 .file = "batches",
                 .label_zh = "签约批次",
                 .label_en = "signing batches",
                 .fields = {{.name = "number",
                             .kind = FieldKind::Integer,
                             .min = 1,
                             .max = 9999,
                             .help_zh = "批次号 1、2、3……",
                             .help_en = "batch number 1, 2, 3, …"},
                            {.name = "date",
                             .kind = FieldKind::Date,
                             .required = false,
                             .help_zh = "日期 YYYY-MM-DD，可空",
                             .help_en = "date, may be empty"},
                            text("name", kName, true, "名称，如 第一批签约", "name"),
                            text("place", kShort, false, "地点，可空", "place, may be empty"),
                            sample()},
                 .key = {"number"},
                 .since_version = 2});
    t.push_back({.name = "project",
                 .file = "projects",
                 .label_zh = "签约项目",
                 .label_en = "projects",
                 .fields = {id(),
                            sort(),
                            {.name = "batch",
                             .kind = FieldKind::Ref,
                             .target = "batch",
                             .help_zh = "签约批次号（batches 表中）",
                             .help_en = "the signing batch number (from batches)"},
                            ref("focus_id", "focus_area", true, "重点方向编号", "focus area id"),
                            text("title", kName, true, "标题", "title"),
                            text("summary", kMedium, true, "简介", "summary"),
                            sample(),
                            party("enterprise_ids", "enterprise", kEnterpriseKinds,
                                  "企业方成员编号", "the enterprise members"),
                            party("academic_ids", "academic", kAcademicKinds, "院校方成员编号",
                                  "the university or institute members")},
                 .key = {"id"},
                 .search = {.title = "title",
                            .body = {"summary"},
                            .subtitle = {.from = Subtitle::From::RefName, .field = "batch"}},
                 .counted = true});
    Table party = link_table("project_party", "project", "project_id", "member", "member_id");
    party.fields.push_back({.name = "role", .kind = FieldKind::Enum, .values = kPartyRoles});
    t.push_back(std::move(party));
    t.push_back(
        {.name = "event",
         .file = "events",
         .label_zh = "大事记",
         .label_en = "events",
         .fields = {id(),
                    sort(),
                    {.name = "date",
                     .kind = FieldKind::Date,
                     .help_zh = "日期 YYYY-MM-DD",
                     .help_en = "date YYYY-MM-DD"},
                    text("title", kName, true, "标题", "title"),
                    text("summary", kMedium, true, "卡片文字", "card text"),
                    text("body", kLong, true, "详情", "detail text"),
                    sample(),
                    links("member_ids", "member", "event_member", "相关成员编号", "member ids"),
                    links("project_ids", "project", "event_project", "相关项目编号", "project ids"),
                    links("base_ids", "base", "event_base", "相关基地编号", "base ids"),
                    links("person_ids", "person", "event_person", "相关人物编号", "person ids")},
         .key = {"id"},
         .search = {.title = "title",
                    .body = {"summary", "body"},
                    .subtitle = {.from = Subtitle::From::FieldText, .field = "date"}},
         .counted = true,
         .since_version = 2});
    t.push_back(gallery_table("event_media", "event_images", "event", "event_id", "大事记图片",
                              "event pictures", 2));
    t.push_back(link_table("event_member", "event", "event_id", "member", "member_id", 2));
    t.push_back(link_table("event_project", "event", "event_id", "project", "project_id", 2));
    t.push_back(link_table("event_base", "event", "event_id", "base", "base_id", 2));
    t.push_back(link_table("event_person", "event", "event_id", "person", "person_id", 2));
    return t;
}

const std::vector<Table>& all_tables() {
    static const std::vector<Table> tables = make_tables();
    return tables;
}

}  // namespace

std::span<const Table> tables() {
    return all_tables();
}

const Table* find_table(const std::string& name) {
    for (const Table& t : all_tables())
        if (name == t.name) return &t;
    return nullptr;
}

const Field* find_field(const Table& table, const std::string& name) {
    for (const Field& f : table.fields)
        if (name == f.name) return &f;
    return nullptr;
}

// --- lookups
bool valid_date(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[i] < '0' || s[i] > '9') return false;
    const int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)),
              d = std::stoi(s.substr(8, 2));
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > days[m - 1]) return false;
    return !(m == 2 && d == 29 && (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0)));
}

const EnumValue* enum_value(const Field& field, const std::string& id) {
    for (const EnumValue& v : field.values)
        if (id == v.id) return &v;
    return nullptr;
}

std::span<const EnumValue> enum_values(const std::string& table, const std::string& field) {
    const Table* t = find_table(table);
    const Field* f = t ? find_field(*t, field) : nullptr;
    if (!f) throw std::logic_error("no field " + table + "." + field + " in the description");
    return f->values;
}

std::string bilingual_column(const Field& field, int lang) {
    const char* suffix = lang == 0 ? "zh" : "en";
    return field.name[0] ? std::string(field.name) + "_" + suffix : std::string(suffix);
}

std::vector<std::string> file_columns(const Field& field) {
    if (field.kind == FieldKind::Sort || field.kind == FieldKind::Blob) return {};
    if (field.kind == FieldKind::Bilingual)
        return {bilingual_column(field, 0), bilingual_column(field, 1)};
    return {field.file_column ? field.file_column : field.name};
}

std::vector<Column> columns(const Table& table) {
    std::vector<Column> out;
    for (const Field& f : table.fields) {
        if (f.kind == FieldKind::Links || f.kind == FieldKind::Pinyin) continue;
        if (f.kind == FieldKind::Bilingual) {
            out.push_back({bilingual_column(f, 0), &f, 0});
            out.push_back({bilingual_column(f, 1), &f, 1});
        } else {
            out.push_back({f.name, &f, -1});
        }
    }
    return out;
}

const Field& key_field(const Table& table) {
    const Field* f = table.key.size() == 1 ? find_field(table, table.key[0]) : nullptr;
    if (!f) throw std::logic_error(std::string("table ") + table.name + " has no single key");
    return *f;
}

bool integer_key(const Table& table) {
    return key_field(table).kind == FieldKind::Integer;
}

std::vector<const Table*> searchable_tables() {
    std::vector<const Table*> out;
    for (const Table& t : all_tables())
        if (t.search.title) out.push_back(&t);
    return out;
}

std::vector<const Table*> counted_tables() {
    std::vector<const Table*> out;
    for (const Table& t : all_tables())
        if (t.counted) out.push_back(&t);
    return out;
}

std::vector<TableCount> count_tables(int schema_version,
                                     const std::function<long long(const char*)>& count_of) {
    std::vector<TableCount> out;
    for (const Table* t : counted_tables())
        if (t->since_version <= schema_version) out.push_back({t, count_of(t->name)});
    return out;
}

std::string counts_text(const std::vector<TableCount>& counts, int lang) {
    std::string out;
    for (const TableCount& c : counts) {
        const std::string n = std::to_string(c.rows);
        if (lang == 0)
            out += (out.empty() ? "" : "、") + std::string(c.table->label_zh) + " " + n;
        else
            out += (out.empty() ? "" : ", ") + n + " " + c.table->label_en;
    }
    return out;
}

// --- derived SQL
namespace {

std::string quoted_list(std::span<const EnumValue> values) {
    std::string out;
    for (const EnumValue& v : values) out += std::string(out.empty() ? "'" : ",'") + v.id + "'";
    return out;
}

std::string column_sql(const Column& c) {
    const Field& f = *c.field;
    const std::string& n = c.name;
    const std::string not_null = f.required ? " NOT NULL" : "";
    switch (f.kind) {
        case FieldKind::Id:
        case FieldKind::Text:
        case FieldKind::Bilingual:
        case FieldKind::Icon:
            return n + " TEXT NOT NULL";
        case FieldKind::Sort:
            return n + " INTEGER NOT NULL";
        case FieldKind::Integer:
            return n + " INTEGER NOT NULL CHECK (" + n + " BETWEEN " + std::to_string(f.min) +
                   " AND " + std::to_string(f.max) + ")";
        case FieldKind::Flag:
            return n + " INTEGER NOT NULL CHECK (" + n + " IN (0,1))";
        case FieldKind::Enum:
            return n + " TEXT NOT NULL CHECK (" + n + " IN (" + quoted_list(f.values) + "))";
        case FieldKind::Ref:
        case FieldKind::Image: {
            const Table& target = *find_table(f.target);
            const std::string type = integer_key(target) ? " INTEGER" : " TEXT";
            return n + type + not_null + " REFERENCES " + target.name + "(" +
                   key_field(target).name + ")";
        }
        case FieldKind::Color:
            return n + " TEXT NOT NULL CHECK (length(" + n + ") = 7 AND substr(" + n +
                   ",1,1) = '#')";
        case FieldKind::Date:
            return n + " TEXT NOT NULL CHECK (" + (f.required ? "" : n + " = '' OR ") + n +
                   " GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')";
        case FieldKind::Blob:
            return n + " BLOB NOT NULL";
        case FieldKind::Links:
        case FieldKind::Pinyin:
            break;
    }
    throw std::logic_error("no column for field " + n);
}

std::string build_schema() {
    std::string sql;
    for (const Table& t : all_tables()) {
        sql += "CREATE TABLE ";
        sql += t.name;
        sql += " (\n";
        for (const Column& c : columns(t)) sql += "  " + column_sql(c) + ",\n";
        std::string key;
        for (const char* k : t.key) key += std::string(key.empty() ? "" : ", ") + k;
        sql += "  PRIMARY KEY (" + key + ")\n) WITHOUT ROWID;\n";
    }
    // Filled by the pack builder (pinyin is computed there, never at run time) and rebuilt by
    // the importer. kind: a searchable table's name; ref: that row's key. pinyin: full pinyin of
    // name_zh without spaces ("nanjingdaxue"); initials: first letters ("njdx"); trigram gives
    // substring matching in both scripts.
    sql +=
        "CREATE VIRTUAL TABLE search_index USING fts5(\n"
        "  kind UNINDEXED, ref UNINDEXED, name_zh, name_en, pinyin, initials, body,\n"
        "  tokenize = 'trigram'\n);\n";
    return sql;
}

}  // namespace

const std::string& schema_sql() {
    static const std::string sql = build_schema();
    return sql;
}

}  // namespace kiosk::content
