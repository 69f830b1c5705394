// Marketplace export parsing: the refusals and odd spellings that the format
// tests (marketplace_csv_test.cpp) do not reach — every money and date shape
// that must be refused, each missing value named by line and column, and the
// rows a parser must skip or key apart.
#include <gtest/gtest.h>

#include <cmath>

#include "ext/core/error.h"
#include "ext/imports/marketplace_csv.h"

using vl::imports::normalize_header;
using vl::imports::parse_date;
using vl::imports::parse_export;
using vl::imports::parse_money;
using vl::imports::SaleLine;

namespace {

vl::Cents flat_fee(const std::string&, vl::Cents price, vl::Cents shipping, const std::string&) {
  return (price + shipping).percent(10000);  // 10 %
}

std::vector<SaleLine> parse(const std::string& text, const std::string& platform = "") {
  return parse_export("vl_import_sales", text, platform, flat_fee);
}

std::string error_of(const std::string& text, const std::string& platform = "") {
  try {
    auto lines = parse(text, platform);
    return "parsed " + std::to_string(lines.size()) + " lines";
  } catch (const vl::Error& e) {
    return e.what();
  }
}

// Money that parses: value; money that is refused: "refused"; nothing: "none".
std::string money(const char* text) {
  bool ok = false;
  auto v = parse_money(text, &ok);
  if (!ok) return v ? "refused with a value" : "refused";
  if (!v) return "none";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", *v);
  return buf;
}

std::string date(const char* text) { return parse_date(text).value_or("none"); }

const char* kEbay =
    "Sales Record Number,Order Number,Buyer Username,Buyer Name,Item Number,Item Title,Custom Label,"
    "Quantity,Sold For,Shipping And Handling,Total Price,Sale Date\n";
const char* kPosh = "Order Date,SKU,Order Id,Listing Title,Order Price,Your Earnings,Buyer Username\n";
const char* kMercari = "Item Id,Sold Date,Item Title,Order Status,Item Price,Net Seller Proceeds\n";

}  // namespace

TEST(MoneyEdges, RefusesHalfParenthesesDoubleSignsAndStrayText) {
  EXPECT_EQ(money("(12.00"), "refused");
  EXPECT_EQ(money("12.00)"), "refused");
  EXPECT_EQ(money("()"), "refused");        // parentheses around nothing
  EXPECT_EQ(money("(-5.00)"), "refused");   // two negative signs
  EXPECT_EQ(money("--5"), "refused");
  EXPECT_EQ(money("5-"), "refused");        // a sign after the digits
  EXPECT_EQ(money("USD 25"), "refused");    // the code only after the amount
  EXPECT_EQ(money("25 USDX"), "refused");
  EXPECT_EQ(money("$"), "refused");
  EXPECT_EQ(money("1.2.3"), "refused");
  EXPECT_EQ(money("1234567890123456789"), "refused");  // 19 digits
  EXPECT_EQ(money("123456789012345678"), "123456789012345680.00");  // 18 digits still read
  EXPECT_EQ(money("  $ 1,000  "), "1000.00");
  EXPECT_EQ(money("(1,000.50)"), "-1000.50");
  EXPECT_EQ(money("25USD"), "25.00");
  EXPECT_EQ(money("  --  "), "none");
}

TEST(DateEdges, IsoNeedsFullFieldsAndASeparatorBeforeTheTime) {
  EXPECT_EQ(date("2026-09-27 18:04"), "2026-09-27");
  EXPECT_EQ(date("2026-09-27T18:04:05Z"), "2026-09-27");
  EXPECT_EQ(date("2026-09-27X"), "none");
  EXPECT_EQ(date("2026-9-27"), "none");
  EXPECT_EQ(date("20x6-09-27"), "none");
  EXPECT_EQ(date("2026/09-27"), "none");  // a slash: read as M/D/Y, and refused
  EXPECT_EQ(date("2026-0x-27"), "none");
  EXPECT_EQ(date("2026-09x27"), "none");
  EXPECT_EQ(date("2026-09-2x"), "none");
}

TEST(DateEdges, SlashDatesNeedThreeNumericParts) {
  EXPECT_EQ(date("09/27/2026 10:00 AM"), "2026-09-27");
  EXPECT_EQ(date("09/27"), "none");
  EXPECT_EQ(date("/27/2026"), "none");
  EXPECT_EQ(date("123/1/2026"), "none");
  EXPECT_EQ(date("1//2026"), "none");
  EXPECT_EQ(date("1/123/2026"), "none");
  EXPECT_EQ(date("1/1/202"), "none");
  EXPECT_EQ(date("a1/1/2026"), "none");
  EXPECT_EQ(date("1/b/2026"), "none");
  EXPECT_EQ(date("1/1/20x6"), "none");
  EXPECT_EQ(date("12/31/99"), "2099-12-31");  // two-digit years are 20xx
}

TEST(DateEdges, EbayMonthNameDates) {
  EXPECT_EQ(date("Sep-27-26 10:00:00 PDT"), "2026-09-27");
  EXPECT_EQ(date("sep-27-2026"), "2026-09-27");
  EXPECT_EQ(date("Xyz-27-26"), "none");
  EXPECT_EQ(date("Sep-2726xx"), "none");  // no second dash
  EXPECT_EQ(date("Sep--2026"), "none");
  EXPECT_EQ(date("Sep-123-26"), "none");
  EXPECT_EQ(date("Sep-27-2026x"), "none");
  EXPECT_EQ(date("Sep-2a-26"), "none");
  EXPECT_EQ(date("Sep-27-2x"), "none");
}

TEST(DateEdges, SpelledOutDates) {
  EXPECT_EQ(date("December 5, 2026"), "2026-12-05");
  EXPECT_EQ(date("Xyz 27, 2026"), "none");
  EXPECT_EQ(date("September27,2026"), "none");  // no space
  EXPECT_EQ(date("Sep 27 2026 xx"), "none");    // no comma
  EXPECT_EQ(date("Sep ,27 2026"), "none");      // the comma before the day
  EXPECT_EQ(date("Sep 127, 2026"), "none");
  EXPECT_EQ(date("Sep 2x, 2026"), "none");
  EXPECT_EQ(date("Sep 27, 26xx"), "none");
  EXPECT_EQ(date("Sep 27, 202"), "none");
  EXPECT_EQ(date("Sep 27"), "none");  // too short for any month-name form
  EXPECT_EQ(date("12345"), "none");
}

TEST(DateEdges, CalendarRangeAndLeapYears) {
  EXPECT_EQ(date("1989-12-31"), "none");
  EXPECT_EQ(date("1990-01-01"), "1990-01-01");
  EXPECT_EQ(date("2200-12-31"), "2200-12-31");
  EXPECT_EQ(date("2201-01-01"), "none");
  EXPECT_EQ(date("2026-00-10"), "none");
  EXPECT_EQ(date("2026-13-01"), "none");
  EXPECT_EQ(date("2026-01-00"), "none");
  EXPECT_EQ(date("2026-04-31"), "none");
  EXPECT_EQ(date("2000-02-29"), "2000-02-29");  // divisible by 400
  EXPECT_EQ(date("2100-02-29"), "none");        // divisible by 100 only
  EXPECT_EQ(date("2024-02-29"), "2024-02-29");
}

TEST(HeaderEdges, NormalizesPunctuationCaseAndSpaces) {
  EXPECT_EQ(normalize_header("  Sold For (USD) "), "sold for usd");
  EXPECT_EQ(normalize_header("Sales Tax (Paid by Buyer)"), "sales tax paid by buyer");
  EXPECT_EQ(normalize_header("--"), "");
  EXPECT_EQ(normalize_header("Item#2"), "item 2");
}

TEST(HeaderEdges, MissingColumnsAreAllNamed) {
  EXPECT_EQ(error_of("Sales Record Number,Sold For,Sale Date\n1,$1,Sep-27-26\n"),
            "vaultlister: vl_import_sales: line 1: the ebay header lacks required columns 'order number', "
            "'item title' (an unmodified export from the marketplace)");
  EXPECT_EQ(error_of("x\nMercari Selling Fee,Item Title\n"),
            "vaultlister: vl_import_sales: line 2: the mercari header lacks required columns 'item id', "
            "'sold date', 'order status', 'item price' (an unmodified export from the marketplace)");
}

TEST(HeaderEdges, TheHeaderIsSoughtInTheFirstFifteenRecordsOnly) {
  std::string preamble;
  for (int i = 0; i < 15; ++i) preamble += "note " + std::to_string(i) + "\n";
  EXPECT_EQ(error_of(preamble + kMercari + "m1,2025-03-01,Hat,Completed,$20.00,$18.00\n"),
            "vaultlister: vl_import_sales: no known header row in the first 15 lines (an eBay orders report, a "
            "Poshmark sales report or a Mercari sales CSV)");
  preamble.erase(0, preamble.find('\n') + 1);  // 14 lines of preamble
  auto lines = parse(preamble + kMercari + "m1,2025-03-01,Hat,Completed,$20.00,$18.00\n");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].line, 16u);
  // A platform named: another platform's header is not taken for it.
  EXPECT_EQ(error_of(std::string(kEbay), "poshmark"),
            "vaultlister: vl_import_sales: no poshmark header row in the first 15 lines (poshmark sales export)");
}

TEST(EbayEdges, MissingAndUnreadableValuesNameLineAndColumn) {
  std::string h = kEbay;
  EXPECT_EQ(error_of(h + "1,,b,B,9,Coat,S,1,$5,,,Sep-27-26\n"),
            "vaultlister: vl_import_sales: line 2, column 'Order Number': the order number is missing (an order "
            "number)");
  EXPECT_EQ(error_of(h + "1,1-1,b,B,9,Coat,S,1,,,,Sep-27-26\n"),
            "vaultlister: vl_import_sales: line 2, column 'Sold For': the amount is missing (an amount)");
  EXPECT_EQ(error_of(h + "1,1-1,b,B,9,Coat,S,1,$5,,,\n"),
            "vaultlister: vl_import_sales: line 2, column 'Sale Date': the date is missing (a date)");
  for (const char* q : {"0", "-1", "2x", "abc", "100001"}) {
    EXPECT_EQ(error_of(h + "1,1-1,b,B,9,Coat,S," + q + ",$5,,,Sep-27-26\n"),
              std::string("vaultlister: vl_import_sales: line 2, column 'Quantity': '") + q +
                  "' is not a quantity (a whole number of at least 1)")
        << q;
  }
  EXPECT_EQ(error_of(h + "1,1-1,b,B,9,Coat,S,1,$5,$x,,Sep-27-26\n"),
            "vaultlister: vl_import_sales: line 2, column 'Shipping And Handling': '$x' is not an amount (an "
            "amount such as $1,234.50)");
  // An order row (no item) whose date is unreadable is refused too.
  EXPECT_EQ(error_of(h + "1,1-1,b,B,,,,,,,,someday\n"),
            "vaultlister: vl_import_sales: line 2, column 'Sale Date': 'someday' is not a date (a date such as "
            "2026-09-27, 09/27/2026 or Sep-27-26)");
  // A line whose item number is there but whose title is not.
  EXPECT_EQ(error_of(h + "1,1-1,b,B,9,,S,1,$5,,,Sep-27-26\n"),
            "vaultlister: vl_import_sales: line 2, column 'Item Title': the title is missing (the item's title)");
}

TEST(EbayEdges, FillerRowsShortRowsAndKeys) {
  std::string h = kEbay;
  auto lines = parse(h +
                     ",,,Only a name,,,,,,,,\n"                          // no order, no item: a filler row
                     "1,7-7,,,,,,,,,,Oct-02-26\n"                        // an order row without buyer
                     "2,7-7,,,,Wool Hat,,1,$10.00,--,,\n"                // no item, no SKU: keyed by title
                     "3,7-7,,,,Wool Hat,,1,$10.00,,,\n"                  // the same key again
                     "4,7-7,zed,,,Scarf,SKU-9,,$4.00\n"                  // a short row: later columns absent
                     "5,9-9,own,,,Gloves,,3,$6.00,,,Oct-03-26\n");       // an order never announced
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].sold_at, "2026-10-02");  // from the order row
  EXPECT_FALSE(lines[0].buyer.has_value());   // the order row had none either
  EXPECT_FALSE(lines[0].shipping_charged.has_value());
  EXPECT_EQ(lines[0].import_key, "ebay:7-7:wool hat");
  EXPECT_EQ(lines[1].import_key, "ebay:7-7:wool hat#2");
  EXPECT_EQ(lines[1].line, 5u);
  EXPECT_EQ(lines[2].import_key, "ebay:7-7:SKU-9");
  EXPECT_EQ(*lines[2].buyer, "zed");  // its own, not the order row's
  EXPECT_EQ(lines[2].quantity, 1);
  EXPECT_FALSE(lines[2].shipping_charged.has_value());
  EXPECT_DOUBLE_EQ(lines[2].platform_fee->dollars(), 0.4);
  EXPECT_EQ(lines[2].sold_at, "2026-10-02");  // the short row has no date column: the order's
  EXPECT_EQ(lines[3].quantity, 3);
  EXPECT_EQ(*lines[3].buyer, "own");
  // An order row without a date gives its items none to inherit.
  EXPECT_EQ(error_of(h + "1,6-6,b,,,,,,,,,\n2,6-6,,,,Hat,,1,$1.00,,,\n"),
            "vaultlister: vl_import_sales: line 3, column 'Sale Date': the date is missing (a date)");
}

TEST(PoshmarkEdges, MissingValuesNameLineAndColumn) {
  std::string h = kPosh;
  EXPECT_EQ(error_of(h + "3/4/2025,P-1,,Tote,$40.00,$29.00,b\n"),
            "vaultlister: vl_import_sales: line 2, column 'Order Id': the order id is missing (an order id)");
  EXPECT_EQ(error_of(h + "3/4/2025,P-1,o1,Tote,$40.00,,b\n"),
            "vaultlister: vl_import_sales: line 2, column 'Your Earnings': the amount is missing (an amount)");
  EXPECT_EQ(error_of(h + "3/4/2025,P-1,o1,,$40.00,$29.00,b\n"),
            "vaultlister: vl_import_sales: line 2, column 'Listing Title': the title is missing (the item's "
            "title)");
  // Earnings above the price (a refund of fees): the fee is never negative.
  auto lines = parse(h + "3/4/2025,,o1,Tote,$40.00,$41.00,b\n");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_DOUBLE_EQ(lines[0].platform_fee->dollars(), 0.0);
  EXPECT_EQ(lines[0].import_key, "poshmark:o1:tote");
}

TEST(MercariEdges, MissingValuesAndStatusWords) {
  std::string h = kMercari;
  EXPECT_EQ(error_of(h + ",2025-03-01,Hat,Completed,$20.00,$18.00\n"),
            "vaultlister: vl_import_sales: line 2, column 'Item Id': the item id is missing (an item id such as "
            "m12345678901)");
  EXPECT_EQ(error_of(h + "m1,2025-03-01,Hat,,$20.00,$18.00\n"),
            "vaultlister: vl_import_sales: line 2, column 'Order Status': the order status is missing (Completed "
            "or Canceled)");
  EXPECT_EQ(error_of(h + "m1,2025-03-01,,Completed,$20.00,$18.00\n"),
            "vaultlister: vl_import_sales: line 2, column 'Item Title': the title is missing (the item's title)");
  auto lines = parse(h +
                     "m1,2025-03-01,Hat,Cancelled,$20.00,$0.00\n"
                     "m2,2025-03-01,Cap,Shipped,$20.00,--\n"
                     "m2,2025-03-01,Cap,CANCELED,$20.00,--\n");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].status, "cancelled");
  EXPECT_EQ(lines[1].status, "shipped");  // the export's own word, lower case
  EXPECT_FALSE(lines[1].net_proceeds.has_value());
  EXPECT_EQ(lines[2].status, "cancelled");
  EXPECT_EQ(lines[2].import_key, "mercari:m2:m2#2");
}
