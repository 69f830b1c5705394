/*
** vl_account_health: the seller-cancellation rate each marketplace judges an
** account by, over the 90 days up to as_of, against its limit.
**
**   SELECT platform, orders, seller_cancellations, cancellation_rate,
**          limit_rate, at_risk FROM vl_account_health('2025-06-30');
**   -- ebay|40|1|2.5||
**   -- poshmark|30|1|3.33|3.0|1
**
** Declared schema:
**   CREATE TABLE x(platform TEXT, orders INTEGER,
**                  seller_cancellations INTEGER, cancellation_rate REAL,
**                  limit_rate REAL, at_risk INTEGER, as_of HIDDEN,
**                  user_id HIDDEN)
**
** The window is the 90 days ending on as_of, as_of included:
** [date(as_of, '-89 days'), date(as_of, '+1 day')) on sales.created_at.
** orders = every sale in it, cancelled ones included. A seller cancellation
** is a cancelled sale with cancelled_by = 'seller', or an oversold sale (an
** 'oversell' alert names it: the sales trigger records one when a sale
** arrives for an item with no stock) cancelled by anyone but the buyer.
** cancellation_rate = seller_cancellations / orders x 100, two decimals.
** limit_rate comes from main.account_limits (metric
** 'seller_cancellation_rate', the row in force on as_of; NULL when the
** platform has none) and at_risk = cancellation_rate >= limit_rate (NULL
** without a limit). One row per platform with orders, by platform.
**
** xBestIndex contract: two HIDDEN arguments; as_of (a day) is required (a
** plan without a usable equality constraint on it is SQLITE_CONSTRAINT),
** user_id is optional (NULL or absent: every user). Plan encoding as in
** core/vtab.h. Rows are computed in xFilter.
**
** INNOCUOUS: it reads only rows of main that a view could read.
*/
#include "ext/core/stmt.h"
#include "ext/analytics/report.h"
#include "ext/vtab/modules.h"

namespace vl {
namespace {

struct AccountHealth : RowsShape<6, 2, 1> {
  static constexpr const char* kFn = "vl_account_health";
  static constexpr const char* kSchema =
      "CREATE TABLE x(platform TEXT, orders INTEGER, seller_cancellations INTEGER, "
      "cancellation_rate REAL, limit_rate REAL, at_risk INTEGER, as_of HIDDEN, user_id HIDDEN)";

  static void produce(sqlite3* db, void*, sqlite3_value* const* args, std::vector<Row>& out) {
    auto q = report::as_of_query(
        db, kFn, args,
        "SELECT s.platform, count(*), "
        "sum(CASE WHEN s.status = 'cancelled' AND (s.cancelled_by IS 'seller' OR ("
        "s.cancelled_by IS NOT 'buyer' AND EXISTS (SELECT 1 FROM main.alerts a "
        "WHERE a.type = 'oversell' AND json_extract(a.data, '$.sale_id') = s.id))) "
        "THEN 1 ELSE 0 END), "
        "(SELECT l.limit_rate FROM main.account_limits l WHERE l.platform = s.platform "
        "AND l.metric = 'seller_cancellation_rate' AND l.valid_from <= ?1 "
        "AND (l.valid_to IS NULL OR l.valid_to > ?1) ORDER BY l.valid_from DESC LIMIT 1) "
        "FROM main.sales s "
        "WHERE s.created_at >= date(?1, '-89 days') AND s.created_at < date(?1, '+1 day')",
        "s.user_id", " GROUP BY s.platform ORDER BY s.platform");
    if (!q) return;
    Stmt& s = *q;
    while (s.step()) {
      int64_t orders = s.int64(1), cancelled = s.int64(2);
      Cell rate = report::percent_cell(cancelled, orders);
      Cell limit, at_risk;
      if (!s.is_null(3)) {
        limit = s.real(3);
        at_risk = static_cast<int64_t>(std::get<double>(rate) >= s.real(3) ? 1 : 0);
      }
      out.push_back(make_row(s.text(0), orders, cancelled, std::move(rate), std::move(limit),
                             std::move(at_risk)));
    }
  }
};

}  // namespace

const sqlite3_module* vl_account_health_module() {
  return rows_module<AccountHealth>();
}

}  // namespace vl
