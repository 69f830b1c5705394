/*
** vl_profit_loss: the seller's income statement, one row per month and
** platform, over a window of sale dates [start, end).
**
**   SELECT month, platform, orders, gross, net, margin
**     FROM vl_profit_loss('2025-01-01', '2026-01-01');
**   -- 2025-01|ebay|12|640.5|231.18|36.09
**   -- 2025-01|||0|0.0|-52.4|          <- overhead: expenses without a
**                                          platform and mileage
**
**   SELECT sum(net) FROM vl_profit_loss('2025-01-01', '2026-01-01', 'u1');
**
** Declared schema:
**   CREATE TABLE x(month TEXT, platform TEXT, orders INTEGER, gross REAL,
**                  refunds REAL, fees REAL, shipping REAL, cogs REAL,
**                  expenses REAL, net REAL, margin REAL, roi REAL,
**                  start HIDDEN, end HIDDEN, user_id HIDDEN)
**
** Where each figure comes from (docs/sql/vl_profit_loss.md has the formula):
**   sales not cancelled, by substr(created_at, 1, 7):
**     orders, gross = sale_price + shipping_charged, fees += platform_fee,
**     shipping += shipping_cost, cogs += unit_cost (the snapshot the sale's
**     net_profit used);
**   returns (not rejected), by substr(refunded_at, 1, 7), on the sale's
**   platform unless the return names one:
**     refunds += refund_amount, fees -= fee_refund, shipping +=
**     return_shipping_cost, cogs -= the sale's unit_cost when restock = 1;
**   expenses by spent_at: on their platform's row, or the overhead row
**   (platform NULL) when they name none;
**   mileage by driven_at: miles x mileage_rates.cents_per_mile of that year,
**   on the overhead row.
** Every amount is taken to the cent on its own and summed in integer cents.
** An unknown part (a NULL unit_cost, a NULL expense amount, a year without a
** mileage rate) makes its figure NULL, and so net and roi; never 0. margin
** is NULL when gross is 0, roi when cogs is not above 0.
** A cancelled sale is left out of its month whenever it was cancelled: the
** statement is restated, not corrected in a later month.
**
** xBestIndex contract: three HIDDEN arguments; start and end are required
** (a plan without a usable equality constraint on both is
** SQLITE_CONSTRAINT), user_id is optional (NULL or absent: every user). Plan
** encoding as in core/vtab.h. Rows are computed in xFilter, ordered by
** month, then platform with the overhead row last.
**
** INNOCUOUS: it reads only rows of main that a view could read.
*/
#include <cmath>
#include <cstring>
#include <map>
#include <tuple>

#include "ext/core/stmt.h"
#include "ext/analytics/report.h"
#include "ext/vtab/modules.h"

namespace vl {
namespace {

using report::Money;

struct Group {
  int64_t orders = 0;
  int64_t gross = 0, refunds = 0, fees = 0, shipping = 0;
  Money cogs, expenses;
};

// month, then 0 for a platform row / 1 for the overhead row, then platform:
// the overhead row sorts after the month's platforms.
using Key = std::tuple<std::string, int, std::string>;

class Statement {
 public:
  Group& at(const char* month, const char* platform) {
    // Sales arrive in rowid order, which runs in bursts of one month and
    // platform: remember the last group and skip the map lookup while it holds.
    if (last_ != nullptr && std::strncmp(month, last_month_, 7) == 0 && last_platform_ == platform)
      return *last_;
    std::strncpy(last_month_, month, 7);
    last_platform_ = platform;
    last_ = &groups_[Key(std::string(month, strnlen(month, 7)), 0, platform)];
    return *last_;
  }
  Group& overhead(const char* month) {
    last_ = nullptr;
    return groups_[Key(std::string(month, strnlen(month, 7)), 1, std::string())];
  }
  Group& at_or_overhead(const char* month, const char* platform) {
    if (platform == nullptr) return overhead(month);
    last_ = nullptr;
    return groups_[Key(std::string(month, strnlen(month, 7)), 0, platform)];
  }
  const std::map<Key, Group>& groups() const { return groups_; }

 private:
  std::map<Key, Group> groups_;
  Group* last_ = nullptr;
  char last_month_[8] = {};
  std::string last_platform_;
};

const char* text_or(sqlite3_stmt* s, int col, const char* fallback) {
  const unsigned char* p = sqlite3_column_text(s, col);
  return p != nullptr ? reinterpret_cast<const char*>(p) : fallback;
}

struct ProfitLoss : RowsShape<12, 3, 2> {
  static constexpr const char* kFn = "vl_profit_loss";
  static constexpr const char* kSchema =
      "CREATE TABLE x(month TEXT, platform TEXT, orders INTEGER, gross REAL, refunds REAL, "
      "fees REAL, shipping REAL, cogs REAL, expenses REAL, net REAL, margin REAL, roi REAL, "
      "start HIDDEN, \"end\" HIDDEN, user_id HIDDEN)";

  static void produce(sqlite3* db, void*, sqlite3_value* const* args, std::vector<Row>& out) {
    auto window = report::read_window(kFn, args[0], args[1]);
    auto user = report::read_user(kFn, args[2]);
    if (!window) return;
    Statement st;

    Stmt sales =
        report::window_query(db, kFn,
                             "SELECT substr(created_at, 1, 7), platform, sale_price, shipping_charged, "
                             "platform_fee, shipping_cost, unit_cost FROM main.sales "
                             "WHERE created_at >= ?1 AND created_at < ?2 AND status IS NOT 'cancelled'",
                             *window, "user_id", user);
    while (sales.step()) {
      sqlite3_stmt* s = sales.get();
      Group& g = st.at(text_or(s, 0, ""), text_or(s, 1, ""));
      g.orders += 1;
      g.gross += report::cents(sales.real(2)) + report::cents(sales.real(3));
      g.fees += report::cents(sales.real(4));
      g.shipping += report::cents(sales.real(5));
      g.cogs.add_column(sales, 6);
    }

    Stmt returns =
        report::window_query(db, kFn,
                             "SELECT substr(r.refunded_at, 1, 7), coalesce(r.platform, s.platform), "
                             "r.refund_amount, r.fee_refund, r.return_shipping_cost, r.restock, "
                             "s.unit_cost FROM main.returns r JOIN main.sales s ON s.id = r.sale_id "
                             "WHERE r.refunded_at >= ?1 AND r.refunded_at < ?2 "
                             "AND r.status IS NOT 'rejected'",
                             *window, "r.user_id", user);
    while (returns.step()) {
      sqlite3_stmt* s = returns.get();
      Group& g = st.at_or_overhead(text_or(s, 0, ""), text_or(s, 1, ""));
      g.refunds += report::cents(returns.real(2));
      g.fees -= report::cents(returns.real(3));
      g.shipping += report::cents(returns.real(4));
      if (returns.int64(5) == 1) g.cogs.add_column(returns, 6, -1);
    }

    Stmt expenses =
        report::window_query(db, kFn,
                             "SELECT substr(spent_at, 1, 7), platform, amount FROM main.expenses "
                             "WHERE spent_at >= ?1 AND spent_at < ?2",
                             *window, "user_id", user);
    while (expenses.step()) {
      sqlite3_stmt* s = expenses.get();
      Group& g = st.at_or_overhead(text_or(s, 0, ""), text_or(s, 1, nullptr));
      g.expenses.add_column(expenses, 2);
    }

    // miles x cents per mile is cents already; each trip is rounded on its own.
    Stmt mileage =
        report::window_query(db, kFn,
                             "SELECT substr(m.driven_at, 1, 7), m.miles, (SELECT r.cents_per_mile "
                             "FROM main.mileage_rates r WHERE r.year = "
                             "CAST(substr(m.driven_at, 1, 4) AS INTEGER)) FROM main.mileage m "
                             "WHERE m.driven_at >= ?1 AND m.driven_at < ?2",
                             *window, "m.user_id", user);
    while (mileage.step()) {
      Group& g = st.overhead(text_or(mileage.get(), 0, ""));
      if (mileage.is_null(1) || mileage.is_null(2))
        g.expenses.add_unknown();
      else
        g.expenses.add(std::llround(mileage.real(1) * mileage.real(2)));
    }

    for (const auto& [key, g] : st.groups()) {
      Money net;
      net.add(g.gross - g.refunds - g.fees - g.shipping);
      net.sub(g.cogs);
      net.sub(g.expenses);
      Row r;
      r.emplace_back(std::get<0>(key));
      if (std::get<1>(key) == 1)
        r.emplace_back(std::monostate{});
      else
        r.emplace_back(std::get<2>(key));
      r.emplace_back(g.orders);
      r.emplace_back(report::money_cell(g.gross));
      r.emplace_back(report::money_cell(g.refunds));
      r.emplace_back(report::money_cell(g.fees));
      r.emplace_back(report::money_cell(g.shipping));
      r.emplace_back(report::money_cell(g.cogs));
      r.emplace_back(report::money_cell(g.expenses));
      r.emplace_back(report::money_cell(net));
      Money gross;
      gross.add(g.gross);
      r.emplace_back(report::percent_cell(net, gross));
      // A month whose restocked returns outweigh its sales has cogs < 0: no
      // investment to return on, so roi is NULL as for 0.
      if (g.cogs.known && g.cogs.cents < 0)
        r.emplace_back(std::monostate{});
      else
        r.emplace_back(report::percent_cell(net, g.cogs));
      out.push_back(std::move(r));
    }
  }
};

}  // namespace

const sqlite3_module* vl_profit_loss_module() {
  return rows_module<ProfitLoss>();
}

}  // namespace vl
