// platform_fee(platform, sale_price [, shipping_charged [, on_date]]): the
// seller's fee for one sale under the schedule in force on that date.
#include <memory>

#include "ext/core/function.h"
#include "ext/fees/fee_args.h"
#include "ext/fees/fees.h"
#include "functions/functions.h"

namespace vl::fn {
namespace {

// The rules of one platform, kept with sqlite3_set_auxdata on the platform
// argument: when the platform is a constant (platform_fee('ebay', price) over
// a table) SQLite keeps it for the whole statement, so the table is read
// once per statement instead of once per row. A per-connection cache of
// prepared statements is deliberately not used: a statement still open when
// the application calls sqlite3_close makes the close fail with SQLITE_BUSY,
// and an edit of platform_fee_rules would need an invalidation signal.
struct CachedRules {
  std::string platform;
  std::vector<fees::Rule> rules;
};

void free_cached(void* p) { delete static_cast<CachedRules*>(p); }

}  // namespace

void platform_fee(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  static constexpr const char* kFn = "platform_fee";
  check_arity(kFn, argc, 2, 4, "platform_fee(platform, sale_price [, shipping_charged [, on_date]])");
  std::string platform = fees::read_platform(kFn, argv[0]);
  if (is_null(argv[1])) return;  // NULL sale_price: NULL, like the other money functions
  Cents price = fees::read_money(kFn, "sale_price", argv[1]);
  Cents shipping;
  if (argc >= 3 && !is_null(argv[2])) shipping = fees::read_money(kFn, "shipping_charged", argv[2]);
  std::string on_date = argc >= 4 ? fees::read_date(kFn, argv[3]) : fees::today_utc();

  auto* cached = static_cast<CachedRules*>(sqlite3_get_auxdata(ctx, 0));
  std::unique_ptr<CachedRules> fresh;
  if (cached == nullptr || cached->platform != platform) {
    fresh.reset(new CachedRules{platform, fees::load_rules(sqlite3_context_db_handle(ctx), kFn, platform)});
    cached = fresh.get();
  }
  auto lines = fees::apply(kFn, platform, cached->rules, price, shipping, on_date);
  sqlite3_result_double(ctx, fees::total(lines).dollars());
  // Handed over last: SQLite may free it at once when it cannot keep it.
  if (fresh) sqlite3_set_auxdata(ctx, 0, fresh.release(), free_cached);
}

}  // namespace vl::fn
