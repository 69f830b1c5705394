/*
** vl_sell_through: how fast listed stock turns into sales, per platform and
** for all platforms together, over a window of days [start, end).
**
**   SELECT platform, sold_items, active_items, sell_through,
**          median_days_to_sell FROM vl_sell_through('2025-01-01', '2025-04-01');
**   -- ebay|3|2|60.0|12.5
**   -- mercari|1|1|50.0|40.0
**   -- |4|3|57.14|14.0            <- platform NULL: every platform
**
**   SELECT * FROM vl_sell_through('2025-01-01', '2025-04-01', 'ebay', 'u1');
**
** Declared schema:
**   CREATE TABLE x(platform TEXT, sold_items INTEGER, active_items INTEGER,
**                  sell_through REAL, units_sold INTEGER,
**                  units_listed INTEGER, median_days_to_sell REAL,
**                  mean_days_to_sell REAL, median_days_to_list REAL,
**                  start HIDDEN, end HIDDEN, only_platform HIDDEN,
**                  user_id HIDDEN)
**
** Figures (docs/sql/vl_sell_through.md):
**   units_sold   sales in the window, not cancelled (a sale is one unit);
**   sold_items   distinct items among them;
**   active_items distinct items with a listing live at end: listed before
**                end, and active now or sold on or after end (the date of
**                its sale, as imports record it; else its sold_at);
**   sell_through sold_items / (sold_items + active_items) x 100;
**   units_listed units of the items first listed in the window (their
**                quantity now plus their sales not cancelled); per platform,
**                the items whose listing there was listed in the window;
**   days to sell from the item's first_listed_at to the sale (relists do
**                not reset it), sales before their first listing left out;
**   days to list from acquisition (the lot's purchased_at, else the item's
**                created_at) to the listing counted in units_listed.
** Days are fractional (julianday differences), two decimals; NULL when
** there is nothing to measure, as is sell_through with no item.
**
** xBestIndex contract: four HIDDEN arguments; start and end are required (a
** plan without a usable equality constraint on both is SQLITE_CONSTRAINT),
** only_platform (just that platform's row) and user_id are optional (NULL
** or absent: all). Plan encoding as in core/vtab.h. Rows are computed in
** xFilter, by platform, the all-platforms row last.
**
** INNOCUOUS: it reads only rows of main that a view could read.
*/
#include <map>
#include <set>

#include "ext/core/function.h"
#include "ext/core/stmt.h"
#include "ext/analytics/report.h"
#include "ext/vtab/modules.h"

namespace vl {
namespace {

struct Figures {
  std::set<std::string> sold, active;
  int64_t units_sold = 0, units_listed = 0;
  std::vector<double> days_to_sell, days_to_list;
};

// Days from column `from` to column `to` (julian days); an unknown or negative
// span (a listing recorded before the item, an import) measures nothing.
void add_days(std::vector<double>& days, const Stmt& s, int from, int to) {
  if (s.is_null(from) || s.is_null(to)) return;
  double d = s.real(to) - s.real(from);
  if (d >= 0) days.push_back(d);
}

struct Filter {
  const report::Window& w;
  const std::optional<std::string>& platform;
  const std::optional<std::string>& user;

  // Appends the optional filters to `sql` (the platform as ?4, the user as
  // report::window_query's ?3) and binds every parameter.
  Stmt prepare(sqlite3* db, std::string sql, const char* platform_col, const char* user_col) const {
    if (platform && platform_col != nullptr) sql += std::string(" AND ") + platform_col + " = ?4";
    Stmt s = report::window_query(db, "vl_sell_through", std::move(sql), w, user_col, user);
    // ?N beyond the last one the text names cannot be bound (SQLITE_RANGE).
    if (platform && sqlite3_bind_parameter_count(s.get()) >= 4) s.bind(4, *platform);
    return s;
  }
};

struct SellThrough : RowsShape<9, 4, 2> {
  static constexpr const char* kFn = "vl_sell_through";
  static constexpr const char* kSchema =
      "CREATE TABLE x(platform TEXT, sold_items INTEGER, active_items INTEGER, "
      "sell_through REAL, units_sold INTEGER, units_listed INTEGER, median_days_to_sell REAL, "
      "mean_days_to_sell REAL, median_days_to_list REAL, start HIDDEN, \"end\" HIDDEN, "
      "only_platform HIDDEN, user_id HIDDEN)";

  static void produce(sqlite3* db, void*, sqlite3_value* const* args, std::vector<Row>& out) {
    auto window = report::read_window(kFn, args[0], args[1]);
    std::optional<std::string> platform;
    if (given(args[2]))
      platform = std::string(arg_text(kFn, "platform", args[2]));
    auto user = report::read_user(kFn, args[3]);
    if (!window) return;
    Filter f{*window, platform, user};
    std::map<std::string, Figures> by_platform;
    if (platform) by_platform[*platform];  // its row even when it has nothing yet
    Figures all;

    // A sale without an item counts as an item of its own. Days to sell start
    // at the item's first listing anywhere, so a relist does not reset them.
    Stmt sales =
        f.prepare(db,
                  "SELECT s.platform, coalesce(s.inventory_id, 'sale:' || s.id), "
                  "julianday(s.created_at) - julianday(i.first_listed_at) FROM main.sales s "
                  "LEFT JOIN main.inventory i ON i.id = s.inventory_id "
                  "WHERE s.created_at >= ?1 AND s.created_at < ?2 AND s.status IS NOT 'cancelled'",
                  "s.platform", "s.user_id");
    while (sales.step()) {
      Figures& p = by_platform[sales.text(0)];
      std::string item = sales.text(1);
      for (Figures* x : {&p, &all}) {
        x->units_sold += 1;
        x->sold.insert(item);
        if (!sales.is_null(2) && sales.real(2) >= 0) x->days_to_sell.push_back(sales.real(2));
      }
    }

    Stmt active = f.prepare(
        db,
        "SELECT l.platform, l.inventory_id FROM main.listings l "
        "WHERE (l.status = 'active' OR (l.status = 'sold' AND coalesce((SELECT min(x.created_at) "
        "FROM main.sales x WHERE x.listing_id = l.id AND x.status IS NOT 'cancelled'), l.sold_at) "
        ">= ?2)) "
        "AND coalesce(l.listed_at, l.created_at) < ?2",
        "l.platform", "l.user_id");
    while (active.step()) {
      std::string item = active.text(1);
      by_platform[active.text(0)].active.insert(item);
      all.active.insert(item);
    }

    // units listed: what is left plus what sold (not cancelled); acquired:
    // the lot's purchase date, else the item's creation.
    static const std::string kUnitsAndAcquired =
        "i.quantity + (SELECT count(*) FROM main.sales x WHERE x.inventory_id = i.id "
        "AND x.status IS NOT 'cancelled'), julianday(coalesce((SELECT lo.purchased_at "
        "FROM main.lot_items li JOIN main.lots lo ON lo.id = li.lot_id "
        "WHERE li.inventory_id = i.id), i.created_at))";
    Stmt listed =
        f.prepare(db,
                  "SELECT l.platform, " + kUnitsAndAcquired +
                      ", julianday(l.listed_at) FROM main.listings l JOIN main.inventory i "
                      "ON i.id = l.inventory_id WHERE l.listed_at >= ?1 AND l.listed_at < ?2",
                  "l.platform", "l.user_id");
    while (listed.step()) {
      Figures& p = by_platform[listed.text(0)];
      p.units_listed += listed.int64(1);
      add_days(p.days_to_list, listed, 2, 3);
    }
    if (!platform) {
      Stmt first = f.prepare(db,
                             "SELECT NULL, " + kUnitsAndAcquired +
                                 ", julianday(i.first_listed_at) FROM main.inventory i "
                                 "WHERE i.first_listed_at >= ?1 AND i.first_listed_at < ?2",
                             nullptr, "i.user_id");
      while (first.step()) {
        all.units_listed += first.int64(1);
        add_days(all.days_to_list, first, 2, 3);
      }
    }

    auto emit = [&out](Cell name, const Figures& x) {
      int64_t sold = static_cast<int64_t>(x.sold.size()),
              live = static_cast<int64_t>(x.active.size());
      Row r;
      r.emplace_back(std::move(name));
      r.emplace_back(sold);
      r.emplace_back(live);
      r.emplace_back(report::percent_cell(sold, sold + live));
      r.emplace_back(x.units_sold);
      r.emplace_back(x.units_listed);
      r.emplace_back(report::median_cell(x.days_to_sell));
      r.emplace_back(report::mean_cell(x.days_to_sell));
      r.emplace_back(report::median_cell(x.days_to_list));
      out.push_back(std::move(r));
    };
    for (const auto& [name, x] : by_platform) emit(name, x);
    if (!platform) emit(std::monostate{}, all);
  }
};

}  // namespace

const sqlite3_module* vl_sell_through_module() {
  return rows_module<SellThrough>();
}

}  // namespace vl
