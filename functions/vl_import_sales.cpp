// vl_import_sales(source [, platform [, user_id]]): a marketplace's sales
// export into `sales`, idempotently and all or nothing.
//
// Each line's import_key (platform, order, item; see
// ext/imports/marketplace_csv.cpp) is recorded in vl_imported_sales. A key
// already there is never imported again — even if the user edited or deleted
// that sale since — so re-importing the same or an overlapping file adds
// nothing and changes no row. DIRECTONLY: it reads files and writes.
#include "ext/core/function.h"
#include "ext/core/json.h"
#include "ext/core/stmt.h"
#include "ext/core/money.h"
#include "functions/analytics.h"
#include "functions/functions.h"
#include "ext/imports/source.h"

namespace vl::fn {
namespace {

constexpr std::string_view kFn = "vl_import_sales";

// The user the sales are for (analytics::resolve_user), who must exist: an
// import into a database without users is refused rather than empty.
std::string resolve_user(sqlite3* db, sqlite3_value* arg) {
  constexpr std::string_view kUsage = "vl_import_sales(source, platform, user_id)";
  std::optional<std::string> user = analytics::resolve_user(db, kFn, arg, kUsage);
  if (!user) throw Error(kFn, "user_id is needed: the database has no users", kUsage);
  return *user;
}

// Part k of an amount split over a line's units (Cents::share: the parts add
// up to it exactly, the first takes the remainder), as a REAL for the row.
double share(const std::optional<Cents>& total, long long units, long long k) {
  return total.value_or(Cents()).share(units, k).dollars();
}

}  // namespace

void vl_import_sales(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  check_arity(kFn, argc, 1, 3, "vl_import_sales(source [, platform [, user_id]])");
  sqlite3* db = sqlite3_context_db_handle(ctx);
  // vl_imported_sales is migration 5, sales.shipping_charged migration 6.
  if (query_int(db, "SELECT count(*) FROM main.sqlite_master WHERE type = 'table' AND name = 'vl_imported_sales'",
                kFn) == 0 ||
      query_int(db, "SELECT count(*) FROM pragma_table_info('sales', 'main') WHERE name = 'shipping_charged'", kFn) == 0) {
    throw Error(kFn, "the database has no vaultlister schema of version 6 or newer", "run SELECT vl_migrate() first");
  }
  auto lines = imports::parse_source(kFn, db, argv[0], argc > 1 ? argv[1] : nullptr);

  WriteTransaction tx(db, kFn);
  std::string user = resolve_user(db, argc > 2 ? argv[2] : nullptr);
  Stmt known(db, "SELECT 1 FROM main.vl_imported_sales WHERE user_id = ?1 AND import_key = ?2", kFn);
  Stmt item(db,
            "SELECT id FROM main.inventory WHERE user_id = ?1 AND sku = ?2 AND status != 'deleted' "
            "ORDER BY created_at, rowid LIMIT 1",
            kFn);
  Stmt insert(db,
              "INSERT INTO main.sales(user_id, inventory_id, platform, platform_order_id, buyer_username, "
              "sale_price, platform_fee, shipping_cost, status, created_at, notes, shipping_charged, tax_amount) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'delivered', ?9 || ' 00:00:00', ?10, ?11, ?12) RETURNING id",
              kFn);
  Stmt record(db,
              "INSERT INTO main.vl_imported_sales(user_id, import_key, sale_id, platform, source_line) "
              "VALUES (?1, ?2, ?3, ?4, ?5)",
              kFn);

  long long read = 0, imported = 0, present = 0, cancelled = 0, unmatched = 0;
  std::string platform;
  for (const auto& line : lines) {
    ++read;
    platform = line.platform;
    if (line.status != "completed") {
      ++cancelled;
      continue;
    }
    std::optional<std::string> inventory_id;
    if (line.sku) {
      item.reset();
      item.bind(1, user).bind(2, *line.sku);
      if (item.step()) inventory_id = item.text(0);
      item.reset();
    }
    bool counted_unmatched = false;
    // A sale row takes one unit of stock (domain rules), so a line of
    // quantity N becomes N sales.
    for (long long k = 0; k < line.quantity; ++k) {
      std::string key = line.quantity == 1 ? line.import_key
                                           : line.import_key + "/" + std::to_string(k + 1);
      known.reset();
      known.bind(1, user).bind(2, key);
      bool seen = known.step();
      known.reset();
      if (seen) {
        ++present;
        continue;
      }
      if (!inventory_id && !counted_unmatched) {
        ++unmatched;
        counted_unmatched = true;
      }
      insert.reset();
      insert.bind(1, user);
      if (inventory_id) insert.bind(2, *inventory_id); else insert.bind(2, nullptr);
      insert.bind(3, line.platform).bind(4, line.order_id);
      if (line.buyer) insert.bind(5, *line.buyer); else insert.bind(5, nullptr);
      insert.bind(6, share(line.sale_price, line.quantity, k));
      insert.bind(7, share(line.platform_fee, line.quantity, k));
      insert.bind(8, share(line.seller_shipping_cost, line.quantity, k));
      insert.bind(9, line.sold_at);
      insert.bind(11, share(line.shipping_charged, line.quantity, k));
      insert.bind(12, share(line.tax_amount, line.quantity, k));
      insert.bind(10, "imported from a " + line.platform + " export, line " + std::to_string(line.line) +
                          (line.fee_estimated ? " (fee estimated)" : ""));
      if (!insert.step()) throw Error(kFn, "the sale insert returned no id", "a sales row");
      std::string sale_id = insert.text(0);
      insert.reset();
      record.reset();
      record.bind(1, user).bind(2, key).bind(3, sale_id).bind(4, line.platform).bind(5, static_cast<int64_t>(line.line));
      record.run();
      ++imported;
    }
  }
  tx.commit();

  vl::json::Buffer buf;
  vl::json::Writer w(buf);
  w.StartObject();
  w.Key("platform");
  if (platform.empty()) w.Null(); else w.String(platform.c_str());
  w.Key("read");
  w.Int64(read);
  w.Key("imported");
  w.Int64(imported);
  w.Key("already_present");
  w.Int64(present);
  w.Key("skipped_cancelled");
  w.Int64(cancelled);
  w.Key("unmatched_sku");
  w.Int64(unmatched);
  // Any unreadable line aborts the whole import with an error naming it, so
  // a report only exists for a file that was read without one.
  w.Key("errors");
  w.StartArray();
  w.EndArray();
  w.EndObject();
  result_text(ctx, buf.GetString());
}

}  // namespace vl::fn
