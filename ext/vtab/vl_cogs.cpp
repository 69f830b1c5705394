/*
** vl_cogs: the Schedule C view of one calendar year's cost of goods sold,
** one row.
**
**   SELECT * FROM vl_cogs(2025);
**   SELECT cogs, sold_cost FROM vl_cogs(2025, 'user-id');
**
** Declared schema:
**   CREATE TABLE x(beginning_inventory REAL, purchases REAL,
**                  ending_inventory REAL, cogs REAL, sold_cost REAL,
**                  year HIDDEN, user_id HIDDEN)
**
** Every item is a ledger of units at its cost_price (per unit):
**   acquired  = quantity + units its sales took and kept, on its acquisition
**               date (its lot's purchased_at, else inventory.created_at);
**   sold      = one unit per sale on the sale's created_at, except a
**               cancelled sale and an oversold one (they took no unit);
**   restocked = one unit back per return with restocked_at, on that date;
**   disposed  = a deleted item's remaining quantity, on its disposed_at.
** beginning / ending inventory value the units on hand at the start of the
** year and of the next; purchases value the units acquired in the year;
** cogs = beginning + purchases - ending. sold_cost adds up, independently,
** sales.unit_cost of the units sold in the year, less those restocked in it,
** plus the cost of the units disposed of in it: the two agree when every
** sale's cost is its item's. All sums are in cents. A figure that would count
** a unit of unknown cost (cost_price or unit_cost NULL, or a sale without an
** item) is NULL, never a guess of 0.
**
** xBestIndex contract: year (required) and user_id (optional; the one user
** of the database when left out) as HIDDEN arguments, equality constraints
** only (core/vtab.h plan encoding). Rows are computed in xFilter from tables
** of main. INNOCUOUS: it reads only rows a view of the same file could read.
*/
#include <limits>
#include <map>
#include <set>

#include "ext/core/function.h"
#include "ext/core/stmt.h"
#include "ext/core/vtab.h"
#include "ext/vtab/modules.h"
#include "functions/analytics.h"

namespace vl {
namespace {

constexpr const char* kFn = "vl_cogs";
constexpr double kNever = std::numeric_limits<double>::infinity();

// A sum in cents that turns unknown (NULL) once a unit of unknown cost is in it.
struct Amount {
  int64_t cents = 0;
  bool known = true;
  void add(const std::optional<int64_t>& unit_cents, int64_t units) {
    if (units == 0) return;
    if (!unit_cents) known = false; else cents += *unit_cents * units;
  }
  Cell cell() const {
    if (!known) return std::monostate{};
    return static_cast<double>(cents) / 100.0;
  }
};

struct Item {
  std::optional<int64_t> cost;
  double acquired_at = kNever, disposed_at = kNever;
  int64_t quantity = 0;
  bool deleted = false;
  std::vector<double> taken, restocked;  // julian days of units out and back
};

double day_or_never(const Stmt& s, int col) { return s.is_null(col) ? kNever : s.real(col); }

int64_t before(const std::vector<double>& days, double t) {
  int64_t n = 0;
  for (double d : days) n += d < t;
  return n;
}

struct Cogs : RowsShape<5, 2, 1> {
  static constexpr const char* kSchema =
      "CREATE TABLE x(beginning_inventory REAL, purchases REAL, ending_inventory REAL, cogs REAL, "
      "sold_cost REAL, year HIDDEN, user_id HIDDEN)";

  static void produce(sqlite3* db, void*, sqlite3_value* const* args, std::vector<Row>& out) {
    const auto [year, user] = analytics::year_report(db, kFn, args[0], args[1]);
    Amount begin, purchases, end, sold;
    if (user) {
      double start = 0, stop = 0;
      {
        Stmt s(db, "SELECT julianday(printf('%04d-01-01', ?1)), julianday(printf('%04d-01-01', ?1 + 1))", kFn);
        s.bind(1, year).step();
        start = s.real(0);
        stop = s.real(1);
      }
      auto in_year = [&](double d) { return d >= start && d < stop; };
      std::map<std::string, Item> items;
      {
        Stmt s(db,
               "SELECT i.id, i.cost_price, julianday(coalesce(l.purchased_at, i.created_at)), coalesce(i.quantity, 0), "
               "  i.status = 'deleted' AND i.disposed_at IS NOT NULL, julianday(i.disposed_at) "
               "FROM main.inventory i LEFT JOIN main.lot_items li ON li.inventory_id = i.id "
               "LEFT JOIN main.lots l ON l.id = li.lot_id WHERE i.user_id = ?1",
               kFn);
        s.bind(1, *user);
        while (s.step()) {
          Item& it = items[s.text(0)];
          if (!s.is_null(1)) it.cost = analytics::cents(s.real(1));
          it.acquired_at = day_or_never(s, 2);
          it.quantity = s.int64(3);
          it.deleted = s.int64(4) != 0;
          it.disposed_at = day_or_never(s, 5);
        }
      }
      // The units sales took: every sale but a cancelled or an oversold one.
      {
        Stmt s(db,
               "SELECT s.inventory_id, s.unit_cost, julianday(s.created_at) FROM main.sales s "
               "WHERE s.user_id = ?1 AND s.status IS NOT 'cancelled' "
               "AND s.id NOT IN (SELECT json_extract(a.data, '$.sale_id') FROM main.alerts a "
               "                 WHERE a.user_id = ?1 AND a.type = 'oversell' "
               "                   AND json_extract(a.data, '$.sale_id') IS NOT NULL)",
               kFn);
        s.bind(1, *user);
        while (s.step()) {
          double day = day_or_never(s, 2);
          auto it = s.is_null(0) ? items.end() : items.find(s.text(0));
          if (it != items.end()) it->second.taken.push_back(day);
          if (in_year(day)) {
            std::optional<int64_t> c;
            if (!s.is_null(1) && it != items.end()) c = analytics::cents(s.real(1));
            sold.add(c, 1);
          }
        }
      }
      {
        Stmt s(db,
               "SELECT s.inventory_id, s.unit_cost, julianday(r.restocked_at) FROM main.returns r "
               "JOIN main.sales s ON s.id = r.sale_id WHERE r.user_id = ?1 AND r.restocked_at IS NOT NULL",
               kFn);
        s.bind(1, *user);
        while (s.step()) {
          auto it = s.is_null(0) ? items.end() : items.find(s.text(0));
          if (it == items.end()) continue;
          double day = day_or_never(s, 2);
          it->second.restocked.push_back(day);
          if (in_year(day)) {
            std::optional<int64_t> c;
            if (!s.is_null(1)) c = analytics::cents(s.real(1));
            sold.add(c ? std::optional<int64_t>(-*c) : std::nullopt, 1);
          }
        }
      }
      for (const auto& [id, it] : items) {
        const int64_t acquired = it.quantity + static_cast<int64_t>(it.taken.size()) -
                                 static_cast<int64_t>(it.restocked.size());
        auto on_hand = [&](double t) {
          int64_t n = (it.acquired_at < t ? acquired : 0) - before(it.taken, t) + before(it.restocked, t);
          if (it.deleted && it.disposed_at < t) n -= it.quantity;
          return n;
        };
        begin.add(it.cost, on_hand(start));
        end.add(it.cost, on_hand(stop));
        if (in_year(it.acquired_at)) purchases.add(it.cost, acquired);
        if (it.deleted && in_year(it.disposed_at)) sold.add(it.cost, it.quantity);
      }
    }
    Amount cogs = begin;
    cogs.known = begin.known && purchases.known && end.known;
    cogs.cents = begin.cents + purchases.cents - end.cents;
    Row r;
    r.push_back(begin.cell());
    r.push_back(purchases.cell());
    r.push_back(end.cell());
    r.push_back(cogs.cell());
    r.push_back(sold.cell());
    out.push_back(std::move(r));
  }
};

}  // namespace

const sqlite3_module* vl_cogs_module() { return rows_module<Cogs>(); }

}  // namespace vl
