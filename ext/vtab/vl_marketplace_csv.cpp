/*
** vl_marketplace_csv: a marketplace's sales export as rows, one per sold
** line item, normalized across eBay, Poshmark and Mercari.
**
**   SELECT order_id, sold_at, sale_price, platform_fee
**     FROM vl_marketplace_csv('/home/me/Downloads/ebay-orders.csv');
**   SELECT * FROM vl_marketplace_csv(readfile('sales.csv'), 'poshmark');
**
** Declared schema:
**   CREATE TABLE x(platform, order_id, item_id, sku, title, sold_at, quantity,
**                  sale_price, shipping_charged, seller_shipping_cost,
**                  platform_fee, fee_estimated, net_proceeds, buyer, status,
**                  line, import_key, tax_amount, source HIDDEN,
**                  platform_hint HIDDEN)
**
** xBestIndex contract: HIDDEN arguments `source` (required: a path as TEXT or
** the file's bytes as a BLOB) and `platform_hint` (optional: 'ebay',
** 'poshmark' or 'mercari'; detected from the header when NULL or absent),
** taken only from equality constraints; a plan without `source` is
** SQLITE_CONSTRAINT. The file is parsed whole in xFilter: a file with an
** unreadable value is an error naming its line and column, never a partial
** result.
**
** Security: DIRECTONLY (its registry row). A path names a file on the machine running SQLite;
** a view or trigger in a database file from someone else must not be able to
** read files, so only statements the application prepares may call it. Only
** regular files are read (no FIFOs or devices), at most 64 MiB.
*/
#include "ext/core/vtab.h"
#include "ext/vtab/modules.h"
#include "ext/imports/source.h"

namespace vl {
namespace {

struct MarketplaceCsv : RowsShape<18, 2, 1> {
  static constexpr const char* kSchema =
      "CREATE TABLE x(platform TEXT, order_id TEXT, item_id TEXT, sku TEXT, title TEXT, "
      "sold_at TEXT, quantity INTEGER, sale_price REAL, shipping_charged REAL, "
      "seller_shipping_cost REAL, platform_fee REAL, fee_estimated INTEGER, net_proceeds REAL, "
      "buyer TEXT, status TEXT, line INTEGER, import_key TEXT, tax_amount REAL, source HIDDEN, platform_hint HIDDEN)";

  static Cell opt(const std::optional<std::string>& v) {
    if (v) return *v;
    return std::monostate{};
  }
  static Cell opt(const std::optional<Cents>& v) {
    if (v) return v->dollars();
    return std::monostate{};
  }

  static void produce(sqlite3* db, void*, sqlite3_value* const* args, std::vector<Row>& out) {
    for (auto& s : imports::parse_source("vl_marketplace_csv", db, args[0], args[1])) {
      Row r;
      r.reserve(kVisible);
      r.emplace_back(s.platform);
      r.emplace_back(s.order_id);
      r.push_back(opt(s.item_id));
      r.push_back(opt(s.sku));
      r.emplace_back(s.title);
      r.emplace_back(s.sold_at);
      r.emplace_back(static_cast<int64_t>(s.quantity));
      r.emplace_back(s.sale_price.dollars());
      r.push_back(opt(s.shipping_charged));
      r.push_back(opt(s.seller_shipping_cost));
      r.push_back(opt(s.platform_fee));
      r.emplace_back(static_cast<int64_t>(s.fee_estimated ? 1 : 0));
      r.push_back(opt(s.net_proceeds));
      r.push_back(opt(s.buyer));
      r.emplace_back(s.status);
      r.emplace_back(static_cast<int64_t>(s.line));
      r.emplace_back(s.import_key);
      r.push_back(opt(s.tax_amount));
      out.push_back(std::move(r));
    }
  }
};

}  // namespace

const sqlite3_module* vl_marketplace_csv_module() { return rows_module<MarketplaceCsv>(); }

}  // namespace vl
