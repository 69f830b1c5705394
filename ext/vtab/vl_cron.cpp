/*
** vl_cron: every fire time of a cron expression in a window of time.
**
**   SELECT fire_at FROM vl_cron('0 9 * * mon-fri', '2026-03-02', '2026-03-07');
**   -- 2026-03-02 09:00:00 ... 2026-03-06 09:00:00 (5 rows, UTC)
**   SELECT fire_at, local_time
**     FROM vl_cron('30 2 * * *', '2026-03-07', '2026-03-10', 'America/New_York');
**   -- 2026-03-07 07:30:00|2026-03-07 02:30:00
**   -- 2026-03-08 07:00:00|2026-03-08 03:00:00   (02:30 skipped by DST: fires at 03:00)
**   -- 2026-03-09 06:30:00|2026-03-09 02:30:00
**
** Declared schema:
**   CREATE TABLE x(fire_at TEXT, local_time TEXT,
**                  expr HIDDEN, start HIDDEN, stop HIDDEN, timezone HIDDEN)
**
** fire_at is UTC, 'YYYY-MM-DD HH:MM:SS'; local_time is the wall-clock time in
** `timezone` at that instant. The window is half-open: start <= fire_at <
** stop, so consecutive windows tile without a repeat. The first row equals
** vl_cron_next(expr, start - 1 second, timezone); each next row is
** vl_cron_next of the previous one. Rules for daylight saving: cron/cron.h.
**
** xBestIndex contract: HIDDEN arguments expr, start, stop (required) and
** timezone (optional, NULL or absent = UTC), each only from an equality
** constraint, in that order; see core/vtab.h for the plan encoding. A missing
** required argument makes the plan SQLITE_CONSTRAINT. Rows come out in
** ascending fire_at, so an ORDER BY fire_at (ascending) is consumed.
**
** Rows are computed one at a time in xNext (streaming), so memory stays
** constant; still, a window may hold at most kMaxRows = 1,000,000 fire times
** (a '* * * * *' over two years): asking for more is an error rather than a
** statement that runs for minutes. LIMIT stops earlier without an error.
*/
#include <optional>

#include "ext/core/function.h"
#include "ext/core/vtab.h"
#include "ext/cron/cron_args.h"
#include "ext/vtab/modules.h"

namespace vl {
namespace {

constexpr const char* kFn = "vl_cron";
constexpr int64_t kMaxRows = 1000000;

enum Column { kFireAt, kLocalTime, kExpr, kStart, kStop, kTimezone };
constexpr int kVisible = 2;
constexpr int kArgs = 4;
constexpr int kRequired = 3;

struct CronTable : sqlite3_vtab {
  static constexpr const char* kSchema =
      "CREATE TABLE x(fire_at TEXT, local_time TEXT, expr HIDDEN, start HIDDEN, stop HIDDEN, "
      "timezone HIDDEN)";
  // INNOCUOUS (its registry row): pure computation over its arguments, safe
  // in views and triggers of an untrusted file.
  static CronTable* connect(sqlite3*, void*) { return new CronTable(); }
  int best_index(sqlite3_index_info* info) {
    int rc = plan_hidden_args(info, kVisible, kArgs, kRequired);
    if (rc != SQLITE_OK) return rc;
    if (info->nOrderBy == 1 && info->aOrderBy[0].iColumn == kFireAt && !info->aOrderBy[0].desc)
      info->orderByConsumed = 1;
    return SQLITE_OK;
  }
};

struct CronCursor : sqlite3_vtab_cursor {
  explicit CronCursor(CronTable&) {}
  cron::Schedule schedule;
  const date::time_zone* tz = nullptr;
  int64_t stop = 0;
  std::optional<int64_t> current;
  int64_t row = 0;
  ValueHolder args[kArgs];

  void filter(int idxNum, const char*, int argc, sqlite3_value** argv) {
    current.reset();
    row = 0;
    int next = 0;
    for (int i = 0; i < kArgs; ++i)
      args[i] = ValueHolder((idxNum & (1 << i)) && next < argc ? argv[next++] : nullptr);
    sqlite3_value* expr = args[0].get();
    sqlite3_value* start = args[1].get();
    sqlite3_value* stop_v = args[2].get();
    // A NULL argument gives no rows, like vl_cron_next's NULL result.
    if (!given(expr) || !given(start) || !given(stop_v)) {
      if (args[3].get()) cron::zone_arg(kFn, args[3].get());
      return;
    }
    schedule = cron::schedule_arg(kFn, expr);
    int64_t from = cron::time_arg(kFn, "start", start);
    stop = cron::time_arg(kFn, "stop", stop_v);
    tz = args[3].get() ? cron::zone_arg(kFn, args[3].get()) : nullptr;
    current = cron::next_after(schedule, from - 1, tz);
    if (current && *current >= stop) current.reset();
  }
  void next() {
    if (!current) return;
    if (++row >= kMaxRows) {
      auto more = cron::next_after(schedule, *current, tz);
      if (more && *more < stop)
        throw Error(kFn, "the window holds more than 1000000 fire times",
                    "a shorter window, or a LIMIT");
    }
    current = cron::next_after(schedule, *current, tz);
    if (current && *current >= stop) current.reset();
  }
  bool eof() const { return !current.has_value(); }
  void column(sqlite3_context* ctx, int col) {
    switch (col) {
      case kFireAt:
        result_text(ctx, cron::format_time(*current));
        break;
      case kLocalTime:
        result_text(ctx, cron::format_time(cron::to_local(*current, tz)));
        break;
      default:
        if (sqlite3_value* v = args[col - kVisible].get()) sqlite3_result_value(ctx, v);
        break;
    }
  }
  int64_t rowid() const { return row + 1; }
};

}  // namespace

const sqlite3_module* vl_cron_module() { return VTabModule<CronTable, CronCursor>::module(); }

}  // namespace vl
