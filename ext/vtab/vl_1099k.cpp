/*
** vl_1099k: will each platform send a Form 1099-K for a calendar year, one
** row per platform the seller sold or refunded on in that year.
**
**   SELECT platform, gross, transactions, form_expected FROM vl_1099k(2025);
**
** Declared schema:
**   CREATE TABLE x(platform TEXT, gross REAL, transactions INTEGER,
**                  threshold_gross REAL, threshold_transactions INTEGER,
**                  form_expected INTEGER, basis TEXT, reconciled_gross REAL,
**                  year HIDDEN, user_id HIDDEN)
**
** The sales of the year are those not cancelled with created_at in
** [year-01-01, next year-01-01). Each sale counts by its platform's basis row
** in force on the sale's date (platform_gross_basis, valid_from <= date <
** valid_to): sale_price, plus shipping_charged when the row includes
** shipping, plus tax_amount when it includes tax. A platform without a row
** counts item + shipping (basis says so). transactions counts orders
** (distinct platform_order_id; a sale without one is its own order), not
** units. The threshold is the federal '1099-K' row of tax_form_thresholds
** for the year (the latest first_year if several match); form_expected is
** gross > threshold_gross and, when threshold_transactions is not NULL,
** transactions > threshold_transactions: both strict, compared in cents.
** With no threshold row, the threshold columns and form_expected are NULL.
** reconciled_gross = gross - the tax counted in it - refunds (returns of the
** platform's sales with refunded_at in the year): what is income.
**
** xBestIndex contract: year (required) and user_id (optional; the one user
** of the database when left out) as HIDDEN arguments, equality constraints
** only (core/vtab.h plan encoding). Rows are computed in xFilter from tables
** of main. INNOCUOUS: it reads only rows a view of the same file could read.
*/
#include <map>
#include <set>

#include "ext/core/function.h"
#include "ext/core/stmt.h"
#include "ext/core/vtab.h"
#include "ext/vtab/modules.h"
#include "functions/analytics.h"

namespace vl {
namespace {

constexpr const char* kFn = "vl_1099k";

struct Platform {
  int64_t gross = 0, tax = 0, refunds = 0;
  std::set<std::string> orders;
  std::set<std::string> bases;  // the basis rows used, as text
};

int64_t cents_or_zero(const Stmt& s, int col) { return s.is_null(col) ? 0 : analytics::cents(s.real(col)); }

struct Form1099K : RowsShape<8, 2, 1> {
  static constexpr const char* kSchema =
      "CREATE TABLE x(platform TEXT, gross REAL, transactions INTEGER, threshold_gross REAL, "
      "threshold_transactions INTEGER, form_expected INTEGER, basis TEXT, reconciled_gross REAL, "
      "year HIDDEN, user_id HIDDEN)";

  static void produce(sqlite3* db, void*, sqlite3_value* const* args, std::vector<Row>& out) {
    const auto [year, user] = analytics::year_report(db, kFn, args[0], args[1]);
    if (!user) return;
    const std::string start = std::to_string(year) + "-01-01", stop = std::to_string(year + 1) + "-01-01";
    std::map<std::string, Platform> platforms;
    {
      Stmt s(db,
             "SELECT s.platform, coalesce(s.platform_order_id, 'sale ' || s.id), s.sale_price, s.shipping_charged, "
             "  s.tax_amount, b.includes_shipping, b.includes_tax, "
             "  CASE WHEN b.platform IS NULL THEN 'default: item + shipping (no platform_gross_basis row)' "
             "  ELSE b.platform || ' from ' || b.valid_from || coalesce(' to ' || b.valid_to, '') || ': item' "
             "       || CASE WHEN b.includes_shipping THEN ' + shipping' ELSE '' END "
             "       || CASE WHEN b.includes_tax THEN ' + tax' ELSE '' END "
             "       || CASE WHEN b.verified THEN '' ELSE ' (unverified)' END END "
             "FROM main.sales s LEFT JOIN main.platform_gross_basis b ON b.rowid = ("
             "  SELECT g.rowid FROM main.platform_gross_basis g WHERE g.platform = s.platform "
             "    AND g.valid_from <= date(s.created_at) AND (g.valid_to IS NULL OR date(s.created_at) < g.valid_to) "
             "  ORDER BY g.valid_from DESC LIMIT 1) "
             "WHERE s.user_id = ?1 AND s.status IS NOT 'cancelled' "
             "  AND julianday(s.created_at) >= julianday(?2) AND julianday(s.created_at) < julianday(?3)",
             kFn);
      s.bind(1, *user).bind(2, start).bind(3, stop);
      while (s.step()) {
        Platform& p = platforms[s.text(0)];
        p.orders.insert(s.text(1));
        const bool shipping = s.is_null(5) || s.int64(5) != 0;  // no row: item + shipping
        const bool tax = !s.is_null(6) && s.int64(6) != 0;
        const int64_t tax_cents = cents_or_zero(s, 4);
        p.gross += cents_or_zero(s, 2) + (shipping ? cents_or_zero(s, 3) : 0) + (tax ? tax_cents : 0);
        if (tax) p.tax += tax_cents;
        p.bases.insert(s.text(7));
      }
    }
    {
      Stmt s(db,
             "SELECT s.platform, r.refund_amount FROM main.returns r JOIN main.sales s ON s.id = r.sale_id "
             "WHERE r.user_id = ?1 AND s.status IS NOT 'cancelled' AND r.refunded_at IS NOT NULL "
             "  AND julianday(r.refunded_at) >= julianday(?2) AND julianday(r.refunded_at) < julianday(?3)",
             kFn);
      s.bind(1, *user).bind(2, start).bind(3, stop);
      while (s.step()) platforms[s.text(0)].refunds += cents_or_zero(s, 1);
    }
    std::optional<int64_t> over_gross, over_count;
    bool threshold = false;
    {
      Stmt s(db,
             "SELECT gross_over, transactions_over FROM main.tax_form_thresholds "
             "WHERE form = '1099-K' AND jurisdiction = 'federal' AND first_year <= ?1 "
             "  AND (last_year IS NULL OR ?1 <= last_year) ORDER BY first_year DESC LIMIT 1",
             kFn);
      s.bind(1, year);
      if (s.step()) {
        threshold = true;
        over_gross = analytics::cents(s.real(0));
        if (!s.is_null(1)) over_count = s.int64(1);
      }
    }
    for (const auto& [name, p] : platforms) {
      const int64_t transactions = static_cast<int64_t>(p.orders.size());
      std::string basis;
      for (const std::string& b : p.bases) basis += (basis.empty() ? "" : "; ") + b;
      Row r;
      r.emplace_back(name);
      r.emplace_back(static_cast<double>(p.gross) / 100.0);
      r.emplace_back(transactions);
      if (threshold) {
        r.emplace_back(static_cast<double>(*over_gross) / 100.0);
        if (over_count) r.emplace_back(*over_count); else r.emplace_back(std::monostate{});
        bool expected = p.gross > *over_gross && (!over_count || transactions > *over_count);
        r.emplace_back(static_cast<int64_t>(expected ? 1 : 0));
      } else {
        r.emplace_back(std::monostate{});
        r.emplace_back(std::monostate{});
        r.emplace_back(std::monostate{});
      }
      if (basis.empty()) r.emplace_back(std::monostate{}); else r.emplace_back(basis);
      r.emplace_back(static_cast<double>(p.gross - p.tax - p.refunds) / 100.0);
      out.push_back(std::move(r));
    }
  }
};

}  // namespace

const sqlite3_module* vl_1099k_module() { return rows_module<Form1099K>(); }

}  // namespace vl
