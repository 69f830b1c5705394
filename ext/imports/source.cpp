#include "ext/imports/source.h"

#include <new>
#include <optional>
#include <utility>

#include "ext/core/error.h"
#include "ext/core/file.h"
#include "ext/core/function.h"
#include "ext/fees/fee_args.h"
#include "ext/fees/fees.h"

namespace vl::imports {

std::string read_source(std::string_view fn, sqlite3_value* source) {
  if (!given(source))
    throw Error(fn, "source is NULL", "a file path or the file's bytes");
  if (sqlite3_value_type(source) == SQLITE_BLOB) {
    size_t n = static_cast<size_t>(sqlite3_value_bytes(source));
    if (n > kMaxExportBytes)
      throw Error(fn, "source is larger than " + std::to_string(kMaxExportBytes) + " bytes", "a smaller export");
    if (n == 0) return std::string();
    const void* p = sqlite3_value_blob(source);
    if (p == nullptr) throw std::bad_alloc();  // SQLite could not produce the bytes
    return std::string(static_cast<const char*>(p), n);
  }
  std::string path(arg_text(fn, "source", source));
  return read_regular_file(fn, path, kMaxExportBytes);
}

std::string platform_arg(std::string_view fn, sqlite3_value* platform) {
  if (!given(platform)) return "";
  std::string p(arg_text(fn, "platform", platform));
  for (const auto& known : known_platforms())
    if (p == known) return p;
  throw Error(fn, "unknown platform '" + p + "'", "ebay, poshmark or mercari");
}

std::vector<SaleLine> parse_source(std::string_view fn, sqlite3* db, sqlite3_value* source,
                                   sqlite3_value* platform) {
  std::string plat = platform_arg(fn, platform);
  std::string bytes = read_source(fn, source);
  if (!valid_utf8(bytes.data(), bytes.size()))
    throw Error(fn, "source is not valid UTF-8", "a UTF-8 CSV export");
  // The estimate is platform_fee()'s, and its refusals speak as
  // platform_fee (no rule in force that day, a negative price): the schedule
  // is what the seller must fix. Rules are read once per parse, only when an
  // eBay line needs them.
  static constexpr std::string_view kFeeFn = "platform_fee";
  std::optional<std::pair<std::string, std::vector<fees::Rule>>> rules;
  FeeEstimator fee = [&](const std::string& p, Cents price, Cents shipping, const std::string& date) {
    fees::checked_money(kFeeFn, "sale_price", price);
    fees::checked_money(kFeeFn, "shipping_charged", shipping);
    if (!rules || rules->first != p) rules.emplace(p, fees::load_rules(db, kFeeFn, p));
    return fees::total(fees::apply(kFeeFn, p, rules->second, price, shipping, date));
  };
  return parse_export(fn, bytes, plat, fee);
}

}  // namespace vl::imports
