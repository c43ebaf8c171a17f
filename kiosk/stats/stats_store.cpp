// The statistics database: schema, set-aside of a bad file, batched writes, roll-up and cap, and
// the summary read back for charts and reports.
// Sections: dates · schema and opening · writing · roll-up and cap · summary
#include "kiosk/stats/stats_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <stdexcept>

namespace kiosk::stats {
namespace fs = std::filesystem;

// --- dates: local calendar days as "YYYY-MM-DD"; arithmetic on the civil date, not on seconds,
// so a daylight-saving change never skips or repeats a day ---
namespace {

struct Civil {
    int y = 1970, m = 1, d = 1;
};

bool parse_day(const std::string& day, Civil& c) {
    if (day.size() != 10 || day[4] != '-' || day[7] != '-') return false;
    return std::sscanf(day.c_str(), "%4d-%2d-%2d", &c.y, &c.m, &c.d) == 3 && c.m >= 1 &&
           c.m <= 12 && c.d >= 1 && c.d <= 31;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
long long days_from_civil(Civil c) {
    const int y = c.y - (c.m <= 2 ? 1 : 0);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int mp = (c.m + 9) % 12;
    const int doy = (153 * mp + 2) / 5 + c.d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<long long>(era) * 146097 + doe - 719468;
}

Civil civil_from_days(long long z) {
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const long long doe = z - era * 146097;
    const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long long mp = (5 * doy + 2) / 153;
    Civil c;
    c.d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    c.m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    c.y = static_cast<int>(yoe + era * 400 + (c.m <= 2 ? 1 : 0));
    return c;
}

std::string day_text(Civil c) {
    char buf[48];  // room for any int, though years stay four digits
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.y, c.m, c.d);
    return buf;
}

std::tm local_tm(long long unix_s) {
    const auto t = static_cast<std::time_t>(unix_s);
    std::tm tm{};
    localtime_r(&t, &tm);
    return tm;
}

}  // namespace

std::string local_day(long long unix_s) {
    const std::tm tm = local_tm(unix_s);
    return day_text({tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday});
}

int local_hour(long long unix_s) {
    return local_tm(unix_s).tm_hour;
}

std::string add_days(const std::string& day, int n) {
    Civil c;
    if (!parse_day(day, c)) throw std::invalid_argument("not a date (YYYY-MM-DD): " + day);
    return day_text(civil_from_days(days_from_civil(c) + n));
}

int weekday_of(const std::string& day) {
    Civil c;
    if (!parse_day(day, c)) throw std::invalid_argument("not a date (YYYY-MM-DD): " + day);
    // 1970-01-01 was a Thursday (3 with Monday = 0).
    return static_cast<int>(((days_from_civil(c) % 7) + 7 + 3) % 7);
}

// --- schema and opening ---
namespace {

constexpr int kApplicationId = 0x4A42'4E53;  // "JBNS": the kiosk's statistics
constexpr int kSchemaVersion = 1;
constexpr int kKeepSetAside = 3;  // older set-aside files are deleted

// hour = -1: a whole day, after the roll-up.
constexpr const char* kSchema = R"sql(
CREATE TABLE sessions(day TEXT NOT NULL, hour INTEGER NOT NULL, lang TEXT NOT NULL,
  length_bucket INTEGER NOT NULL, screens_bucket INTEGER NOT NULL, count INTEGER NOT NULL,
  seconds REAL NOT NULL, PRIMARY KEY(day, hour, lang, length_bucket, screens_bucket)) WITHOUT ROWID;
CREATE TABLE views(day TEXT NOT NULL, hour INTEGER NOT NULL, screen TEXT NOT NULL,
  kind TEXT NOT NULL, id TEXT NOT NULL, dwell_bucket INTEGER NOT NULL, count INTEGER NOT NULL,
  seconds REAL NOT NULL, PRIMARY KEY(day, hour, screen, kind, id, dwell_bucket)) WITHOUT ROWID;
CREATE TABLE searches(day TEXT NOT NULL, hour INTEGER NOT NULL, total INTEGER NOT NULL,
  empty INTEGER NOT NULL, PRIMARY KEY(day, hour)) WITHOUT ROWID;
CREATE TABLE missed_queries(day TEXT NOT NULL, query TEXT NOT NULL, count INTEGER NOT NULL,
  PRIMARY KEY(day, query)) WITHOUT ROWID;
CREATE TABLE health(day TEXT NOT NULL, hour INTEGER NOT NULL, event TEXT NOT NULL,
  count INTEGER NOT NULL, PRIMARY KEY(day, hour, event)) WITHOUT ROWID;
CREATE TABLE items(kind TEXT NOT NULL, id TEXT NOT NULL, name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL, last_seen TEXT NOT NULL, PRIMARY KEY(kind, id)) WITHOUT ROWID;
)sql";

// The tables that hold a day column, for roll-up, cap and ranges.
constexpr const char* kDayTables[] = {"sessions", "views", "searches", "missed_queries", "health"};

std::string stamp_now() {
    const std::tm tm = local_tm(std::time(nullptr));
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
    return buf;
}

int pragma_int(SQLite::Database& db, const char* pragma) {
    return db.execAndGet(std::string("PRAGMA ") + pragma).getInt();
}

// Opens `path` as our statistics database, making the schema in a new file. Throws on a file that
// is not one (any SQLite::Exception, a failed quick check, another application or version).
std::unique_ptr<SQLite::Database> open_ours(const std::string& path) {
    auto db =
        std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db->setBusyTimeout(2000);
    const std::string check = db->execAndGet("PRAGMA quick_check").getString();
    if (check != "ok") throw std::runtime_error("quick_check: " + check);
    const int app = pragma_int(*db, "application_id");
    const int tables = db->execAndGet("SELECT count(*) FROM sqlite_master").getInt();
    if (app == 0 && tables == 0) {
        // New: incremental vacuum must be chosen before the first table.
        db->exec("PRAGMA auto_vacuum = INCREMENTAL");
        db->exec("PRAGMA journal_mode = WAL");
        SQLite::Transaction t(*db);
        db->exec(kSchema);
        db->exec("PRAGMA application_id = " + std::to_string(kApplicationId));
        db->exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
        t.commit();
    } else if (app != kApplicationId || pragma_int(*db, "user_version") != kSchemaVersion) {
        throw std::runtime_error("not the kiosk's statistics (format " +
                                 std::to_string(pragma_int(*db, "user_version")) + ")");
    }
    db->exec("PRAGMA journal_mode = WAL");
    // A commit is on the disk when it returns: a power cut loses at most the unflushed batch.
    db->exec("PRAGMA synchronous = FULL");
    return db;
}

// Moves path (and its WAL) to path.broken-STAMP, removes its shared-memory file, and keeps only
// the newest kKeepSetAside such files. Returns the new name.
std::string set_aside(const std::string& path) {
    const std::string moved = path + ".broken-" + stamp_now();
    std::error_code ec;
    fs::rename(path, moved, ec);
    if (ec) throw std::runtime_error("cannot move " + path + " aside: " + ec.message());
    fs::rename(path + "-wal", moved + "-wal", ec);
    fs::remove(path + "-shm", ec);
    std::vector<fs::path> old;
    const fs::path dir = fs::path(path).parent_path().empty() ? "." : fs::path(path).parent_path();
    const std::string prefix = fs::path(path).filename().string() + ".broken-";
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (name.rfind(prefix, 0) == 0 && name.find("-wal") == std::string::npos)
            old.push_back(e.path());
    }
    std::sort(old.begin(), old.end());  // the stamp sorts by time
    for (size_t i = 0; i + kKeepSetAside < old.size(); ++i) {
        fs::remove(old[i], ec);
        fs::remove(old[i].string() + "-wal", ec);
    }
    return moved;
}

}  // namespace

StatsStore::StatsStore(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}
StatsStore::~StatsStore() = default;

std::unique_ptr<StatsStore> StatsStore::open(const std::string& path, std::string* set_aside_as) {
    try {
        return std::unique_ptr<StatsStore>(new StatsStore(open_ours(path)));
    } catch (const std::exception& first) {
        std::error_code ec;
        if (!fs::exists(path, ec)) throw;  // nothing to set aside: the dir is not writable
        const std::string moved = set_aside(path);
        if (set_aside_as != nullptr) *set_aside_as = moved + " (" + first.what() + ")";
        return std::unique_ptr<StatsStore>(new StatsStore(open_ours(path)));
    }
}

// --- writing ---
void StatsStore::write(const StatsBatch& batch) {
    if (batch.empty()) return;
    SQLite::Transaction t(*db_);
    SQLite::Statement session(*db_, R"sql(
        INSERT INTO sessions VALUES(?1, ?2, ?3, ?4, ?5, 1, ?6)
        ON CONFLICT DO UPDATE SET count = count + 1, seconds = seconds + excluded.seconds)sql");
    for (const SessionRecord& s : batch.sessions) {
        session.bind(1, s.day);
        session.bind(2, s.hour);
        session.bind(3, s.lang == "en" ? "en" : "zh");
        session.bind(4, bucket_of(kSessionSecondsEdges, s.seconds));
        session.bind(5, bucket_of(kScreensEdges, s.screens));
        session.bind(6, std::max(0.0, s.seconds));
        session.exec();
        session.reset();
    }
    SQLite::Statement view(*db_, R"sql(
        INSERT INTO views VALUES(?1, ?2, ?3, ?4, ?5, ?6, 1, ?7)
        ON CONFLICT DO UPDATE SET count = count + 1, seconds = seconds + excluded.seconds)sql");
    SQLite::Statement name(*db_, R"sql(
        INSERT INTO items VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT DO UPDATE SET
        name_zh = excluded.name_zh, name_en = excluded.name_en, last_seen = excluded.last_seen)sql");
    for (const ViewRecord& v : batch.views) {
        view.bind(1, v.day);
        view.bind(2, v.hour);
        view.bind(3, v.screen);
        view.bind(4, v.kind);
        view.bind(5, v.id);
        view.bind(6, bucket_of(kDwellSecondsEdges, v.seconds));
        view.bind(7, std::max(0.0, v.seconds));
        view.exec();
        view.reset();
        if (v.name.zh.empty() && v.name.en.empty()) continue;
        // A list screen's name is kept under kind "screen".
        name.bind(1, v.kind.empty() ? std::string("screen") : v.kind);
        name.bind(2, v.kind.empty() ? v.screen : v.id);
        name.bind(3, v.name.zh);
        name.bind(4, v.name.en);
        name.bind(5, v.day);
        name.exec();
        name.reset();
    }
    SQLite::Statement search(*db_, R"sql(
        INSERT INTO searches VALUES(?1, ?2, 1, ?3)
        ON CONFLICT DO UPDATE SET total = total + 1, empty = empty + excluded.empty)sql");
    SQLite::Statement missed(*db_, R"sql(
        INSERT INTO missed_queries VALUES(?1, ?2, 1)
        ON CONFLICT DO UPDATE SET count = count + 1)sql");
    for (const SearchRecord& s : batch.searches) {
        search.bind(1, s.day);
        search.bind(2, s.hour);
        search.bind(3, s.hits == 0 ? 1 : 0);
        search.exec();
        search.reset();
        if (s.hits != 0 || s.query.empty()) continue;
        missed.bind(1, s.day);
        missed.bind(2, s.query);
        missed.exec();
        missed.reset();
    }
    SQLite::Statement health(*db_, R"sql(
        INSERT INTO health VALUES(?1, ?2, ?3, ?4)
        ON CONFLICT DO UPDATE SET count = count + excluded.count)sql");
    for (const HealthRecord& h : batch.health) {
        health.bind(1, h.day);
        health.bind(2, h.hour);
        health.bind(3, h.event);
        health.bind(4, h.count);
        health.exec();
        health.reset();
    }
    t.commit();
}

// --- roll-up and cap ---
void StatsStore::maintain(const std::string& today, long long cap_bytes) {
    const std::string cutoff = add_days(today, -kKeepHourlyDays);
    {
        SQLite::Transaction t(*db_);
        // Hours before the cutoff become one row per day (hour -1).
        const char* rollups[] = {
            R"sql(INSERT INTO sessions SELECT day, -1, lang, length_bucket, screens_bucket,
                  sum(count), sum(seconds) FROM sessions WHERE day < ?1 AND hour >= 0
                  GROUP BY day, lang, length_bucket, screens_bucket
                  ON CONFLICT DO UPDATE SET count = count + excluded.count,
                  seconds = seconds + excluded.seconds)sql",
            R"sql(INSERT INTO views SELECT day, -1, screen, kind, id, dwell_bucket, sum(count),
                  sum(seconds) FROM views WHERE day < ?1 AND hour >= 0
                  GROUP BY day, screen, kind, id, dwell_bucket
                  ON CONFLICT DO UPDATE SET count = count + excluded.count,
                  seconds = seconds + excluded.seconds)sql",
            R"sql(INSERT INTO searches SELECT day, -1, sum(total), sum(empty) FROM searches
                  WHERE day < ?1 AND hour >= 0 GROUP BY day
                  ON CONFLICT DO UPDATE SET total = total + excluded.total,
                  empty = empty + excluded.empty)sql",
            R"sql(INSERT INTO health SELECT day, -1, event, sum(count) FROM health
                  WHERE day < ?1 AND hour >= 0 GROUP BY day, event
                  ON CONFLICT DO UPDATE SET count = count + excluded.count)sql",
        };
        for (const char* sql : rollups) {
            SQLite::Statement s(*db_, sql);
            s.bind(1, cutoff);
            s.exec();
        }
        for (const char* table : {"sessions", "views", "searches", "health"}) {
            SQLite::Statement s(
                *db_, std::string("DELETE FROM ") + table + " WHERE day < ?1 AND hour >= 0");
            s.bind(1, cutoff);
            s.exec();
        }
        // Only the most frequent missed queries of a day are kept.
        SQLite::Statement trim(*db_, R"sql(
            DELETE FROM missed_queries WHERE (day, query) IN (
              SELECT day, query FROM (SELECT day, query, row_number() OVER (
                PARTITION BY day ORDER BY count DESC, query) AS rank FROM missed_queries)
              WHERE rank > ?1))sql");
        trim.bind(1, kMissedQueriesPerDay);
        trim.exec();
        t.commit();
    }
    // Over the cap: the oldest days go, a share at a time, until the live pages fit.
    for (int round = 0; round < 20 && size_bytes() > cap_bytes; ++round) {
        const auto range = day_range();
        if (!range || range->first == range->second) break;  // never today's counts
        Civil a, b;
        parse_day(range->first, a);
        parse_day(range->second, b);
        const long long span = days_from_civil(b) - days_from_civil(a) + 1;
        const double over = static_cast<double>(size_bytes() - cap_bytes) /
                            static_cast<double>(std::max(1LL, size_bytes()));
        const long long drop = std::clamp<long long>(
            static_cast<long long>(over * static_cast<double>(span)) + 1, 1, span - 1);
        const std::string keep_from = day_text(civil_from_days(days_from_civil(a) + drop));
        SQLite::Transaction t(*db_);
        for (const char* table : kDayTables) {
            SQLite::Statement s(*db_, std::string("DELETE FROM ") + table + " WHERE day < ?1");
            s.bind(1, keep_from);
            s.exec();
        }
        t.commit();
    }
    // Names of items no view refers to any more (their days went) are forgotten too.
    db_->exec(R"sql(DELETE FROM items WHERE NOT EXISTS (SELECT 1 FROM views v WHERE
        (items.kind = 'screen' AND v.kind = '' AND v.screen = items.id) OR
        (v.kind = items.kind AND v.id = items.id)))sql");
    db_->exec("PRAGMA incremental_vacuum");
    db_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

long long StatsStore::size_bytes() const {
    const long long pages = pragma_int(*db_, "page_count") - pragma_int(*db_, "freelist_count");
    return pages * pragma_int(*db_, "page_size");
}

std::optional<std::pair<std::string, std::string>> StatsStore::day_range() const {
    std::string lo, hi;
    for (const char* table : kDayTables) {
        SQLite::Statement s(*db_, std::string("SELECT min(day), max(day) FROM ") + table);
        if (!s.executeStep() || s.getColumn(0).isNull()) continue;
        const std::string a = s.getColumn(0).getString(), b = s.getColumn(1).getString();
        if (lo.empty() || a < lo) lo = a;
        if (hi.empty() || b > hi) hi = b;
    }
    if (lo.empty()) return std::nullopt;
    return std::make_pair(lo, hi);
}

// --- summary ---
StatsSummary StatsStore::summary(const std::string& from_day, const std::string& to_day,
                                 const ItemExists& exists) const {
    StatsSummary out;
    out.from_day = from_day;
    out.to_day = to_day;
    std::map<std::string, size_t> day_index;
    for (std::string d = from_day; d <= to_day; d = add_days(d, 1)) {
        day_index[d] = out.days.size();
        out.days.push_back(DaySummary{});
        out.days.back().day = d;
        if (out.days.size() > 20000) break;  // a range of more than fifty years is a mistake
    }
    std::map<std::pair<std::string, int>, HourSummary> hours;
    auto hour_of = [&](const std::string& day, int hour) -> HourSummary& {
        HourSummary& h = hours[{day, hour}];
        h.day = day;
        h.hour = hour;
        return h;
    };
    auto in_range = [&](SQLite::Statement& s) {
        s.bind(1, from_day);
        s.bind(2, to_day);
    };
    {
        SQLite::Statement s(*db_, R"sql(SELECT day, hour, lang, length_bucket, screens_bucket,
            count, seconds FROM sessions WHERE day BETWEEN ?1 AND ?2)sql");
        in_range(s);
        while (s.executeStep()) {
            const std::string day = s.getColumn(0).getString();
            const int hour = s.getColumn(1).getInt();
            const int count = s.getColumn(5).getInt();
            const double seconds = s.getColumn(6).getDouble();
            DaySummary& d = out.days[day_index.at(day)];
            d.sessions += count;
            d.session_seconds += static_cast<long long>(seconds + 0.5);
            out.sessions += count;
            (s.getColumn(2).getString() == "en" ? out.sessions_en : out.sessions_zh) += count;
            out.session_length[static_cast<size_t>(
                std::clamp(s.getColumn(3).getInt(), 0, kSessionBuckets - 1))] += count;
            out.session_screens[static_cast<size_t>(
                std::clamp(s.getColumn(4).getInt(), 0, kScreensBuckets - 1))] += count;
            if (hour < 0 || hour > 23) continue;
            HourSummary& h = hour_of(day, hour);
            h.sessions += count;
            h.session_seconds += static_cast<long long>(seconds + 0.5);
            out.heat[static_cast<size_t>(weekday_of(day))][static_cast<size_t>(hour)] += count;
        }
        out.heat_from_day = std::max(from_day, add_days(to_day, -kKeepHourlyDays));
    }
    {
        SQLite::Statement s(*db_, R"sql(SELECT day, hour, sum(count) FROM views
            WHERE day BETWEEN ?1 AND ?2 GROUP BY day, hour)sql");
        in_range(s);
        while (s.executeStep()) {
            const std::string day = s.getColumn(0).getString();
            const int hour = s.getColumn(1).getInt();
            out.days[day_index.at(day)].views += s.getColumn(2).getInt();
            if (hour >= 0 && hour <= 23) hour_of(day, hour).views += s.getColumn(2).getInt();
        }
    }
    {
        SQLite::Statement s(*db_, R"sql(SELECT day, hour, total, empty FROM searches
            WHERE day BETWEEN ?1 AND ?2)sql");
        in_range(s);
        while (s.executeStep()) {
            const std::string day = s.getColumn(0).getString();
            const int hour = s.getColumn(1).getInt();
            const int total = s.getColumn(2).getInt(), empty = s.getColumn(3).getInt();
            DaySummary& d = out.days[day_index.at(day)];
            d.searches += total;
            d.searches_empty += empty;
            out.searches += total;
            out.searches_empty += empty;
            if (hour < 0 || hour > 23) continue;
            hour_of(day, hour).searches += total;
            hour_of(day, hour).searches_empty += empty;
        }
    }
    {
        SQLite::Statement s(*db_, R"sql(SELECT day, event, sum(count) FROM health
            WHERE day BETWEEN ?1 AND ?2 GROUP BY day, event)sql");
        in_range(s);
        while (s.executeStep()) {
            DaySummary& d = out.days[day_index.at(s.getColumn(0).getString())];
            const std::string event = s.getColumn(1).getString();
            const int n = s.getColumn(2).getInt();
            if (event == "start") d.starts += n;
            if (event == "crash") d.crashes += n;
            if (event == "import") d.imports += n;
            if (event == "import_refused") d.imports_refused += n;
            if (event == "rollback") d.rollbacks += n;
            if (event == "display_on_minutes") d.display_on_hours += n / 60.0;
        }
    }
    for (auto& [key, h] : hours) out.hours.push_back(h);
    {
        // Items and list screens, with their last known names.
        SQLite::Statement s(*db_, R"sql(SELECT v.screen, v.kind, v.id, v.dwell_bucket,
            sum(v.count), sum(v.seconds), coalesce(i.name_zh, ''), coalesce(i.name_en, '')
            FROM views v LEFT JOIN items i ON i.kind = (CASE v.kind WHEN '' THEN 'screen'
            ELSE v.kind END) AND i.id = (CASE v.kind WHEN '' THEN v.screen ELSE v.id END)
            WHERE v.day BETWEEN ?1 AND ?2 GROUP BY v.screen, v.kind, v.id, v.dwell_bucket)sql");
        in_range(s);
        std::map<std::tuple<std::string, std::string, std::string>, ItemSummary> items;
        while (s.executeStep()) {
            const std::string screen = s.getColumn(0).getString(),
                              kind = s.getColumn(1).getString(), id = s.getColumn(2).getString();
            ItemSummary& it = items[{screen, kind, id}];
            it.screen = screen;
            it.kind = kind;
            it.id = id;
            it.name = {s.getColumn(6).getString(), s.getColumn(7).getString()};
            const int n = s.getColumn(4).getInt();
            it.views += n;
            it.seconds += static_cast<long long>(s.getColumn(5).getDouble() + 0.5);
            it.dwell[static_cast<size_t>(
                std::clamp(s.getColumn(3).getInt(), 0, kDwellBuckets - 1))] += n;
        }
        for (auto& [key, it] : items) {
            if (!it.kind.empty() && exists) it.gone = !exists(it.kind, it.id);
            (it.kind.empty() ? out.screens : out.items).push_back(std::move(it));
        }
        auto most_viewed = [](const ItemSummary& a, const ItemSummary& b) {
            return a.views != b.views ? a.views > b.views : a.seconds > b.seconds;
        };
        std::stable_sort(out.items.begin(), out.items.end(), most_viewed);
        std::stable_sort(out.screens.begin(), out.screens.end(), most_viewed);
    }
    {
        SQLite::Statement s(*db_, R"sql(SELECT query, sum(count) AS n FROM missed_queries
            WHERE day BETWEEN ?1 AND ?2 GROUP BY query ORDER BY n DESC, query LIMIT 50)sql");
        in_range(s);
        while (s.executeStep())
            out.missed_queries.push_back({s.getColumn(0).getString(), s.getColumn(1).getInt()});
    }
    return out;
}

std::unique_ptr<StatsStore> StatsStore::open_read_only(const std::string& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        throw std::runtime_error(
            "没有统计数据：" + path +
            " 不存在。展示机运行并有参观者后才会有统计。 / No statistics: " + path +
            " does not exist. They start once the kiosk has run "
            "with visitors.");
    try {
        auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READONLY);
        db->setBusyTimeout(2000);
        if (pragma_int(*db, "application_id") != kApplicationId ||
            pragma_int(*db, "user_version") != kSchemaVersion)
            throw std::runtime_error("not the kiosk's statistics");
        return std::unique_ptr<StatsStore>(new StatsStore(std::move(db)));
    } catch (const std::exception& e) {
        throw std::runtime_error("统计文件无法读取：" + path + "（" + e.what() +
                                 "）。展示机下次启动会把它移到一边并重新开始。 / The statistics "
                                 "file cannot be read: " +
                                 path + " (" + e.what() +
                                 "). The kiosk sets it aside and starts afresh at its next start.");
    }
}

StatsSummary read_summary(const std::string& path, const std::string& today, int days,
                          const ItemExists& exists) {
    const auto store = StatsStore::open_read_only(path);
    StatsSummary s = store->summary(add_days(today, -(std::max(1, days) - 1)), today, exists);
    // A report names the kiosk it came from (a park may run several) and when it was made.
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) == 0) s.kiosk_name = host;
    const std::tm now = local_tm(std::time(nullptr));
    char made[32];
    std::strftime(made, sizeof made, "%Y-%m-%d %H:%M", &now);
    s.made_at = made;
    return s;
}

}  // namespace kiosk::stats
