/*
** vl_inventory_aging: what is sitting unsold, by how long it has been listed.
**
**   SELECT bucket, items, units, cost_value FROM vl_inventory_aging('2025-06-30');
**   -- 0-30|4|5|61.5
**   -- 31-60|0|0|0.0
**   -- ...
**   -- 365+|1|1|12.0
**   -- never listed|2|2|
**
** Declared schema:
**   CREATE TABLE x(bucket TEXT, items INTEGER, units INTEGER,
**                  cost_value REAL, as_of HIDDEN, user_id HIDDEN)
**
** Always the seven buckets, in this order: '0-30', '31-60', '61-90',
** '91-180', '181-365', '365+' (whole days from the day of the item's
** first_listed_at to as_of) and 'never listed' (no first listing on or
** before as_of). The stock is the items' current quantity > 0, of items
** created on or before as_of whose status is not 'sold' or 'deleted'.
** cost_value = sum of quantity x cost_price, in cents; NULL when one of the
** bucket's items has no cost_price (unknown, never 0).
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

struct Bucket {
  const char* name;
  int64_t max_days;  // inclusive upper bound; the last aged bucket has none
};
constexpr Bucket kBuckets[] = {{"0-30", 30},    {"31-60", 60},    {"61-90", 90},
                               {"91-180", 180}, {"181-365", 365}, {"365+", INT64_MAX}};
constexpr int kAged = sizeof(kBuckets) / sizeof(kBuckets[0]);

struct InventoryAging : RowsShape<4, 2, 1> {
  static constexpr const char* kFn = "vl_inventory_aging";
  static constexpr const char* kSchema =
      "CREATE TABLE x(bucket TEXT, items INTEGER, units INTEGER, cost_value REAL, "
      "as_of HIDDEN, user_id HIDDEN)";

  static void produce(sqlite3* db, void*, sqlite3_value* const* args, std::vector<Row>& out) {
    // age: -1 = not listed on or before as_of.
    auto q = report::as_of_query(
        db, kFn, args,
        "SELECT CASE WHEN first_listed_at IS NULL OR date(first_listed_at) > ?1 THEN -1 "
        "ELSE CAST(julianday(?1) - julianday(date(first_listed_at)) AS INTEGER) END, "
        "quantity, cost_price FROM main.inventory "
        "WHERE quantity > 0 AND status NOT IN ('sold', 'deleted') "
        "AND (created_at IS NULL OR date(created_at) <= ?1)",
        "user_id");
    if (!q) return;
    Stmt& s = *q;

    struct Totals {
      int64_t items = 0, units = 0;
      report::Money cost;
    } totals[kAged + 1];
    while (s.step()) {
      int64_t age = s.int64(0);
      int b = kAged;  // never listed
      if (age >= 0) {
        b = 0;
        while (age > kBuckets[b].max_days) ++b;
      }
      int64_t quantity = s.int64(1);
      totals[b].items += 1;
      totals[b].units += quantity;
      if (s.is_null(2))
        totals[b].cost.add_unknown();
      else
        totals[b].cost.add(report::cents(s.real(2)) * quantity);
    }
    for (int b = 0; b <= kAged; ++b) {
      out.push_back(make_row(std::string(b < kAged ? kBuckets[b].name : "never listed"), totals[b].items,
                             totals[b].units, report::money_cell(totals[b].cost)));
    }
  }
};

}  // namespace

const sqlite3_module* vl_inventory_aging_module() {
  return rows_module<InventoryAging>();
}

}  // namespace vl
