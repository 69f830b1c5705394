// vl_cron_next(expr, after [, timezone]): the first fire time strictly after
// `after`. DST rules and the search live in ext/cron/cron.h.
//
// kPure: the answer depends on the arguments only (and on the tz database
// of the machine, which a tzdata upgrade may change like any system
// library; docs/sql/vl_cron_next.md says so for index users).
#include <memory>

#include "ext/core/function.h"
#include "ext/cron/cron_args.h"
#include "functions/functions.h"

namespace vl::fn {
namespace {
constexpr const char* kFn = "vl_cron_next";

// Parsed once per statement: SQLite keeps auxdata on an argument for as
// long as that argument is the same constant, so a scan over many rows with
// a literal expression (or a bound one) parses it once.
cron::Schedule cached_schedule(sqlite3_context* ctx, sqlite3_value* v) {
  if (auto* s = static_cast<cron::Schedule*>(sqlite3_get_auxdata(ctx, 0))) return *s;
  cron::Schedule s = cron::schedule_arg(kFn, v);
  // SQLite may free the copy at once (a non-constant argument); we keep ours.
  sqlite3_set_auxdata(ctx, 0, new cron::Schedule(s),
                      [](void* p) { delete static_cast<cron::Schedule*>(p); });
  return s;
}

struct ZoneBox {
  const date::time_zone* tz;
};

const date::time_zone* cached_zone(sqlite3_context* ctx, sqlite3_value* v) {
  if (auto* z = static_cast<ZoneBox*>(sqlite3_get_auxdata(ctx, 2))) return z->tz;
  const date::time_zone* tz = cron::zone_arg(kFn, v);
  sqlite3_set_auxdata(ctx, 2, new ZoneBox{tz}, [](void* p) { delete static_cast<ZoneBox*>(p); });
  return tz;
}
}  // namespace

void vl_cron_next(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  check_arity(kFn, argc, 2, 3, "vl_cron_next(expr, after [, timezone])");
  // A rule without a schedule has no next run: NULL in, NULL out, so
  // UPDATE ... SET next_run_at = vl_cron_next(schedule, ...) needs no CASE.
  if (is_null(argv[0]) || is_null(argv[1])) {
    if (argc == 3 && !is_null(argv[2])) cached_zone(ctx, argv[2]);  // still refuse a bad zone
    sqlite3_result_null(ctx);
    return;
  }
  cron::Schedule s = cached_schedule(ctx, argv[0]);
  int64_t after = cron::time_arg(kFn, "after", argv[1]);
  const date::time_zone* tz = argc == 3 ? cached_zone(ctx, argv[2]) : nullptr;
  auto next = cron::next_after(s, after, tz);
  if (!next) {
    sqlite3_result_null(ctx);
    return;
  }
  result_text(ctx, cron::format_time(*next));
}

}  // namespace vl::fn
