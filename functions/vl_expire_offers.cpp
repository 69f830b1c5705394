// vl_expire_offers([now]): the maintenance step of domain-rules.md (Offers):
// time passing fires no trigger, so a worker calls this to mark every pending
// or countered offer whose expires_at is at or before `now` as expired.
//
// Timestamps are compared through julianday() on both sides: the application
// wrote expires_at both as "YYYY-MM-DD HH:MM:SS" and as ISO 8601 with a "T"
// and a "Z", which compare wrongly as text.
#include "ext/core/function.h"
#include "ext/core/stmt.h"
#include "functions/functions.h"

namespace vl::fn {

void vl_expire_offers(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  constexpr std::string_view fn = "vl_expire_offers";
  check_arity(fn, argc, 0, 1, "vl_expire_offers([now])");
  sqlite3* db = sqlite3_context_db_handle(ctx);
  std::string now = "now";
  if (argc == 1) {
    if (is_null(argv[0])) throw Error(fn, "now is NULL", "a date and time such as '2026-11-25 12:00:00', or no argument for the current time");
    now = std::string(arg_text(fn, "now", argv[0]));
  }
  {
    Stmt check(db, "SELECT julianday(?1) IS NULL", fn);
    check.bind(1, now);
    if (check.step() && check.int64(0) == 1)
      throw Error(fn, "now is not a date and time", "a date and time such as '2026-11-25 12:00:00' or '2026-11-25T12:00:00Z'");
  }
  if (query_int(db, "SELECT count(*) FROM main.sqlite_master WHERE type = 'table' AND name = 'offers'", fn) == 0)
    throw Error(fn, "database 'main' has no offers table", "run SELECT vl_migrate() first");
  WriteTransaction tx(db, fn);
  Stmt update(db,
              "UPDATE main.offers SET status = 'expired' "
              "WHERE status IN ('pending', 'countered') AND expires_at IS NOT NULL "
              "AND julianday(expires_at) <= julianday(?1)",
              fn);
  update.bind(1, now).run();
  int changed = sqlite3_changes(db);
  tx.commit();
  sqlite3_result_int(ctx, changed);
}

}  // namespace vl::fn
