// Marketplace sales exports (eBay orders report, Poshmark sales report,
// Mercari sales CSV) turned into one normalized line per sold item.
//
// The facts about each format — preambles, footers, aliases, money and date
// spellings, where fees come from — are in docs/imports.md. This file is pure
// C++ (no database): eBay's fee estimate is asked of the caller.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vl::imports {

struct SaleLine {
  std::string platform;
  std::string order_id;
  std::optional<std::string> item_id, sku;
  std::string title;
  std::string sold_at;  // YYYY-MM-DD
  long long quantity = 1;
  double sale_price = 0;
  std::optional<double> shipping_charged, seller_shipping_cost, platform_fee;
  std::optional<double> tax_amount;  // sales tax the buyer paid, when the export says
  bool fee_estimated = false;
  std::optional<double> net_proceeds;
  std::optional<std::string> buyer;
  std::string status;  // completed | cancelled | the export's own word, lower case
  size_t line = 0;
  std::string import_key;  // stable across re-imports of the same or an overlapping file
};

// (platform, sale_price, shipping_charged, sale date) -> fee in dollars.
using FeeEstimator =
    std::function<double(const std::string&, double, double, const std::string&)>;

// The platforms we read, in the order they are tried when detecting.
const std::vector<std::string>& known_platforms();

// Parses a whole export. `platform` empty = detect from the header.
// Throws vl::Error (prefixed with `fn`) naming the line and column of the
// first unreadable value, or the required columns that are missing.
std::vector<SaleLine> parse_export(std::string_view fn, std::string_view bytes,
                                   const std::string& platform, const FeeEstimator& fee);

// Exposed for unit tests.
std::optional<double> parse_money(std::string_view text, bool* ok);
std::optional<std::string> parse_date(std::string_view text);
std::string normalize_header(std::string_view text);

}  // namespace vl::imports
