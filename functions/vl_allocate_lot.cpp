// vl_allocate_lot(lot_id, method [, update_sold]): spreads a purchase lot's
// total_cost over its items and sets each item's cost_price (per unit).
//
// Work is in cents. 'even' gives every item the same share, 'value' shares in
// proportion to lot_items.estimated_value; both by largest remainder
// (functions/analytics.h), so the shares add up to total_cost exactly. An
// item's share is the cost of all its units: cost_price = share / units,
// rounded to the cent, where units = what it has in stock plus the units its
// sales took and kept (not cancelled, not oversold, not restocked).
//
// An item with a sale (any status but cancelled) keeps its cost_price, so the
// profit its sales reported stays as it was, unless update_sold = 1. The
// report names every item, its share and whether it was kept.
// DIRECTONLY: it writes.
#include "ext/core/function.h"
#include "ext/core/json.h"
#include "ext/core/stmt.h"
#include "functions/analytics.h"
#include "functions/functions.h"

namespace vl::fn {
namespace {

constexpr std::string_view kFn = "vl_allocate_lot";

struct Item {
  std::string id;
  std::optional<int64_t> estimate;  // cents
  std::optional<int64_t> previous;  // cents; NULL cost_price = unknown
  int64_t units = 0;
  bool sold = false;
};

void money_or_null(vl::json::Writer& w, const std::optional<int64_t>& c) {
  if (c) w.Double(static_cast<double>(*c) / 100.0); else w.Null();
}

}  // namespace

void vl_allocate_lot(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  check_arity(kFn, argc, 2, 3, "vl_allocate_lot(lot_id, method [, update_sold])");
  sqlite3* db = sqlite3_context_db_handle(ctx);
  if (is_null(argv[0])) throw Error(kFn, "lot_id is NULL", "the id of a row in lots");
  std::string lot(arg_text(kFn, "lot_id", argv[0]));
  if (is_null(argv[1])) throw Error(kFn, "method is NULL", "'even' or 'value'");
  std::string method(arg_text(kFn, "method", argv[1]));
  if (method != "even" && method != "value")
    throw Error(kFn, "unknown method '" + method + "'", "'even' or 'value'");
  bool update_sold = false;
  if (argc > 2 && !is_null(argv[2])) {
    int64_t u = arg_int(kFn, "update_sold", argv[2]);
    if (u != 0 && u != 1) throw Error(kFn, "update_sold is " + std::to_string(u), "0 (keep the cost of sold items) or 1");
    update_sold = u == 1;
  }
  analytics::require_analytics_schema(db, kFn);

  WriteTransaction tx(db, kFn);
  int64_t total = 0;
  {
    Stmt s(db, "SELECT total_cost FROM main.lots WHERE id = ?1", kFn);
    s.bind(1, lot);
    if (!s.step()) throw Error(kFn, "no lot with id '" + lot + "'", "the id of a row in lots");
    total = analytics::cents(s.real(0));
  }
  std::vector<Item> items;
  {
    Stmt s(db,
           "SELECT li.inventory_id, li.estimated_value, i.cost_price, "
           "  coalesce(i.quantity, 0) "
           "  + (SELECT count(*) FROM main.sales s WHERE s.inventory_id = i.id AND s.status <> 'cancelled' "
           "       AND NOT EXISTS (SELECT 1 FROM main.alerts a WHERE a.type = 'oversell' "
           "                         AND json_extract(a.data, '$.sale_id') = s.id)) "
           "  - (SELECT count(*) FROM main.returns r JOIN main.sales s ON s.id = r.sale_id "
           "       WHERE s.inventory_id = i.id AND r.restocked_at IS NOT NULL), "
           "  EXISTS (SELECT 1 FROM main.sales s WHERE s.inventory_id = i.id AND s.status <> 'cancelled') "
           "FROM main.lot_items li JOIN main.inventory i ON i.id = li.inventory_id "
           "WHERE li.lot_id = ?1 ORDER BY li.inventory_id",
           kFn);
    s.bind(1, lot);
    while (s.step()) {
      Item it;
      it.id = s.text(0);
      if (!s.is_null(1)) it.estimate = analytics::cents(s.real(1));
      if (!s.is_null(2)) it.previous = analytics::cents(s.real(2));
      it.units = s.int64(3);
      it.sold = s.int64(4) != 0;
      items.push_back(std::move(it));
    }
  }
  if (items.empty()) throw Error(kFn, "lot '" + lot + "' has no items", "rows in lot_items for it first");
  std::vector<int64_t> weights;
  if (method == "even") {
    weights.assign(items.size(), 1);
  } else {
    std::string missing;
    int64_t sum = 0;
    for (const Item& it : items) {
      if (!it.estimate) missing += (missing.empty() ? "" : ", ") + it.id;
      weights.push_back(it.estimate.value_or(0));
      sum += it.estimate.value_or(0);
    }
    if (!missing.empty())
      throw Error(kFn, "lot '" + lot + "' has items without an estimated_value: " + missing,
                  "an estimated_value for every item of the lot, or method 'even'");
    if (sum <= 0)
      throw Error(kFn, "the estimated values of lot '" + lot + "' add up to 0",
                  "estimated values above 0, or method 'even'");
  }
  std::vector<int64_t> shares = analytics::largest_remainder(total, weights);

  Stmt update(db, "UPDATE main.inventory SET cost_price = ?2 WHERE id = ?1", kFn);
  vl::json::Buffer buf;
  vl::json::Writer w(buf);
  w.StartObject();
  w.Key("lot_id");
  w.String(lot.c_str());
  w.Key("method");
  w.String(method.c_str());
  w.Key("total_cost");
  w.Double(static_cast<double>(total) / 100.0);
  w.Key("items");
  w.StartArray();
  int64_t updated = 0, kept = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    const Item& it = items[i];
    int64_t units = it.units > 0 ? it.units : 1;
    int64_t unit_cost = (shares[i] + units / 2) / units;
    bool keep = it.sold && !update_sold;
    if (keep) {
      ++kept;
    } else {
      update.reset();
      update.bind(1, it.id).bind(2, static_cast<double>(unit_cost) / 100.0).run();
      ++updated;
    }
    w.StartObject();
    w.Key("inventory_id");
    w.String(it.id.c_str());
    w.Key("share");
    w.Double(static_cast<double>(shares[i]) / 100.0);
    w.Key("units");
    w.Int64(units);
    w.Key("unit_cost");
    w.Double(static_cast<double>(unit_cost) / 100.0);
    w.Key("previous_cost");
    money_or_null(w, it.previous);
    w.Key("kept");
    w.Bool(keep);
    w.EndObject();
  }
  w.EndArray();
  w.Key("updated");
  w.Int64(updated);
  w.Key("kept");
  w.Int64(kept);
  w.EndObject();
  tx.commit();
  result_text(ctx, buf.GetString());
}

}  // namespace vl::fn
