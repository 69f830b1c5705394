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

#include "ext/core/money.h"

namespace vl::imports {

struct SaleLine {
  std::string platform;
  std::string order_id;
  std::optional<std::string> item_id, sku;
  std::string title;
  std::string sold_at;  // YYYY-MM-DD
  long long quantity = 1;
  Cents sale_price;
  std::optional<Cents> shipping_charged, seller_shipping_cost, platform_fee;
  std::optional<Cents> tax_amount;  // sales tax the buyer paid, when the export says
  bool fee_estimated = false;
  std::optional<Cents> net_proceeds;
  std::optional<std::string> buyer;
  std::string status;  // completed | cancelled | the export's own word, lower case
  size_t line = 0;
  std::string import_key;  // stable across re-imports of the same or an overlapping file
};

// (platform, sale_price, shipping_charged, sale date) -> fee.
using FeeEstimator = std::function<Cents(const std::string&, Cents, Cents, const std::string&)>;

// The platforms we read, in the order they are tried when detecting.
const std::vector<std::string>& known_platforms();

// Parses a whole export. `platform` empty = detect from the header.
// Throws vl::Error (prefixed with `fn`) naming the line and column of the
// first unreadable value (an amount beyond Cents::kMaxDollars either way is
// one), or the required columns that are missing.
std::vector<SaleLine> parse_export(std::string_view fn, std::string_view bytes,
                                   const std::string& platform, const FeeEstimator& fee);

// Exposed for unit tests. parse_money reads the text as written (a double);
// an export's amounts are taken to the cent from it (ext/core/money.h).
std::optional<double> parse_money(std::string_view text, bool* ok);
std::optional<std::string> parse_date(std::string_view text);
std::string normalize_header(std::string_view text);

}  // namespace vl::imports
