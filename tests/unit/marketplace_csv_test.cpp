// Marketplace export parsing, on fixtures written in the shapes the
// marketplaces produce (docs/imports.md lists the quirks).
#include <gtest/gtest.h>

#include <cmath>

#include "ext/core/error.h"
#include "ext/imports/csv_reader.h"
#include "ext/imports/marketplace_csv.h"

using vl::imports::parse_date;
using vl::imports::parse_export;
using vl::imports::parse_money;
using vl::imports::SaleLine;

namespace {
// A fixed 13% + $0.30 estimate, to see that eBay lines ask for one.
vl::Cents fake_fee(const std::string& platform, vl::Cents price, vl::Cents shipping, const std::string&) {
  EXPECT_EQ(platform, "ebay");
  return vl::Cents::from_double((price + shipping).dollars() * 0.13 + 0.30);
}
std::vector<SaleLine> parse(const std::string& text, const std::string& platform = "") {
  return parse_export("test", text, platform, fake_fee);
}
std::string error_of(const std::string& text, const std::string& platform = "") {
  try {
    parse(text, platform);
  } catch (const vl::Error& e) {
    return e.what();
  }
  return "";
}

const char* kEbayHeader =
    "Sales Record Number,Order Number,Buyer Username,Buyer Name,Item Number,Item Title,Custom Label,"
    "Quantity,Sold For,Shipping And Handling,Total Price,Sale Date\r\n";
}  // namespace

TEST(Money, Spellings) {
  bool ok;
  EXPECT_EQ(*parse_money("$1,234.50", &ok), 1234.50);
  EXPECT_TRUE(ok);
  EXPECT_EQ(*parse_money("(12.00)", &ok), -12.0);
  EXPECT_EQ(*parse_money("-$5.25", &ok), -5.25);
  EXPECT_EQ(*parse_money("25.00 USD", &ok), 25.0);
  EXPECT_FALSE(parse_money("--", &ok).has_value());
  EXPECT_TRUE(ok);
  EXPECT_FALSE(parse_money("", &ok).has_value());
  EXPECT_TRUE(ok);
  parse_money("$12.x0", &ok);
  EXPECT_FALSE(ok);
  parse_money("twelve", &ok);
  EXPECT_FALSE(ok);
}

TEST(Dates, Spellings) {
  EXPECT_EQ(*parse_date("Sep-27-26"), "2026-09-27");
  EXPECT_EQ(*parse_date("Sep-27-2026"), "2026-09-27");
  EXPECT_EQ(*parse_date("09/27/2026"), "2026-09-27");
  EXPECT_EQ(*parse_date("9/7/26"), "2026-09-07");
  EXPECT_EQ(*parse_date("2026-09-27"), "2026-09-27");
  EXPECT_EQ(*parse_date("2026-09-27T18:04:05.000Z"), "2026-09-27");
  EXPECT_EQ(*parse_date("Sep 27, 2026"), "2026-09-27");
  EXPECT_FALSE(parse_date("2026-02-30").has_value());
  EXPECT_FALSE(parse_date("2025-02-29").has_value());
  EXPECT_EQ(*parse_date("2028-02-29"), "2028-02-29");
  EXPECT_FALSE(parse_date("Foo-27-26").has_value());
  EXPECT_FALSE(parse_date("13/01/2026").has_value());
  EXPECT_FALSE(parse_date("yesterday").has_value());
}

TEST(Csv, QuotesCrlfBomAndLineNumbers) {
  auto r = vl::csv::read("t", "\xEF\xBB\xBF" "a,b\r\n\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",z\r\n");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].fields[0], "a");
  EXPECT_EQ(r[1].line, 3u);
  EXPECT_EQ(r[1].fields[0], "x, y");
  EXPECT_EQ(r[1].fields[1], "say \"hi\"");
  EXPECT_EQ(r[2].fields[0], "multi\nline");
  EXPECT_THROW(vl::csv::read("t", "a,\"open\n"), vl::Error);
}

TEST(Ebay, FileShapeQuirksAndMultiItemOrders) {
  std::string text = std::string(",,,,,,,,,,,\r\n") + kEbayHeader +
                     "\"\"\r\n"
                     "1001,12-34567-89012,buyer_one,Ann,,,,,,\"$9.00\",\"$64.00\",Sep-27-26\r\n"
                     "1002,12-34567-89012,,,2345,Levi's 501 Jeans 32x30,SKU-1,1,\"$30.00\",,,\r\n"
                     "1003,12-34567-89012,,,2346,\"Pendleton Wool Shirt, L\",SKU-2,1,\"$25.00\",,,\r\n"
                     "1004,11-11111-11111,buyer_two,Bo,3456,Nike Air Max 90,SKU-3,2,\"$1,234.50\",\"$12.00\",\"$1,246.50\",Oct-01-26\r\n"
                     "3,record(s) downloaded,\r\n"
                     "Seller ID : thriftqueen\r\n";
  auto lines = parse(text);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].platform, "ebay");
  EXPECT_EQ(lines[0].order_id, "12-34567-89012");
  EXPECT_EQ(*lines[0].buyer, "buyer_one");   // from the order row
  EXPECT_EQ(lines[0].sold_at, "2026-09-27");  // from the order row
  EXPECT_EQ(*lines[0].sku, "SKU-1");
  EXPECT_EQ(lines[0].line, 5u);  // line 4 is the order row
  EXPECT_EQ(lines[1].title, "Pendleton Wool Shirt, L");
  // The order row's $9.00 shipping goes to the order's first item row only.
  EXPECT_EQ(lines[0].shipping_charged->dollars(), 9.0);
  EXPECT_FALSE(lines[1].shipping_charged.has_value());
  EXPECT_FALSE(lines[0].tax_amount.has_value());  // this layout has no tax column
  EXPECT_EQ(lines[2].quantity, 2);
  EXPECT_EQ(lines[2].sale_price.dollars(), 1234.50);
  EXPECT_EQ(lines[2].shipping_charged->dollars(), 12.0);
  EXPECT_TRUE(lines[2].fee_estimated);
  EXPECT_DOUBLE_EQ(lines[2].platform_fee->dollars(), 162.35);  // (1234.50 + 12) * 13% + 0.30
  EXPECT_DOUBLE_EQ(lines[2].net_proceeds->dollars(), 1084.15);
  EXPECT_EQ(lines[2].import_key, "ebay:11-11111-11111:3456");
}

TEST(Ebay, UnreadableValuesNameLineAndColumn) {
  std::string text = std::string(kEbayHeader) + "1,1-1,b,B,9,Coat,S,1,$abc,,,Sep-27-26\r\n";
  EXPECT_EQ(error_of(text),
            "vaultlister: test: line 2, column 'Sold For': '$abc' is not an amount (an amount such as $1,234.50)");
  text = std::string(kEbayHeader) + "1,1-1,b,B,9,Coat,S,1,$5,,,Sept 31\r\n";
  EXPECT_EQ(error_of(text),
            "vaultlister: test: line 2, column 'Sale Date': 'Sept 31' is not a date (a date such as 2026-09-27, "
            "09/27/2026 or Sep-27-26)");
  EXPECT_EQ(error_of("Sales Record Number,Order Number,Item Title,Sold For\n1,2,t,$1\n"),
            "vaultlister: test: line 1: the ebay header lacks required columns 'sale date' (an unmodified export "
            "from the marketplace)");
}

TEST(Poshmark, NewLayoutWithPreambleBundlesAndDashes) {
  std::string text =
      "Poshmark Sales Report for @closet\n12/31/2024 - 12/31/2025\n\"\"\n"
      "Listing Date,Order Date,SKU,Order Id,Listing Title,Department,Category,Subcategory,Brand,Color,Size,"
      "Bundle Order?,Offer Order,NWT,Cost Price,Order Price,Lowest Set Price,Seller Shipping Discount,"
      "Upgraded Shipping Label Fee,Packaging Fee,Your Earnings,Buyer State,Buyer Zip Code,Buyer Username,"
      "Sales Tax (Paid by Buyer),Notes,Other Info\n"
      "01/02/2025,03/04/2025,P-1,65a1b2c3d4,Madewell Tote,Women,Bags,,Madewell,Black,OS,Y,N,N,--,$40.00,,"
      "$2.00,--,$1.00,$29.00,CA,90210,shopper1,$3.20,,\n"
      "01/02/2025,03/04/2025,P-2,65a1b2c3d4,J.Crew Sweater,Women,Tops,,J.Crew,Navy,M,Y,N,N,--,$20.00,,"
      "--,--,--,$16.00,CA,90210,shopper1,--,,\n";
  auto lines = parse(text);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].platform, "poshmark");
  EXPECT_EQ(lines[0].sold_at, "2025-03-04");
  EXPECT_DOUBLE_EQ(lines[0].platform_fee->dollars(), 8.0);  // 40 - 29 - 2 - 1
  EXPECT_DOUBLE_EQ(lines[0].seller_shipping_cost->dollars(), 3.0);
  EXPECT_DOUBLE_EQ(lines[0].net_proceeds->dollars(), 29.0);
  EXPECT_DOUBLE_EQ(lines[1].platform_fee->dollars(), 4.0);
  EXPECT_EQ(lines[1].order_id, lines[0].order_id);  // a bundle: one order, two lines
  EXPECT_NE(lines[1].import_key, lines[0].import_key);
  EXPECT_FALSE(lines[0].fee_estimated);
}

TEST(Poshmark, OlderLayoutNetEarnings) {
  std::string text =
      "Order Date,SKU,Order Id,Listing Title,Order Price,Net Earnings,Sales Tax (Paid by Seller),Buyer Username\n"
      "5/6/24,,abc123,Coach Wallet,$50.00,$40.05,--,x\n";
  auto lines = parse(text, "poshmark");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_DOUBLE_EQ(lines[0].platform_fee->dollars(), 9.95);
  EXPECT_FALSE(lines[0].sku.has_value());
}

TEST(Mercari, QuotedIsoFeeErasAndCancellations) {
  std::string text =
      "\"Item Id\",\"Sold Date\",\"Canceled Date\",\"Completed Date\",\"Item Title\",\"Order Status\","
      "\"Shipped to State\",\"Shipped from State\",\"Item Price\",\"Buyer Shipping Fee\",\"Seller Shipping Fee\","
      "\"Mercari Selling Fee\",\"Payment Processing Fee\",\"Shipping Adjustment Fee\",\"Net Seller Proceeds\","
      "\"Sales Tax Charged to Buyer\",\"Merchant Fees Charged to Buyer\"\n"
      "\"m12345678901\",\"2024-11-02\",\"\",\"2024-11-06\",\"Patagonia Fleece\",\"Completed\",\"NY\",\"CA\","
      "\"45.00\",\"0.00\",\"7.50\",\"4.50\",\"1.65\",\"0.00\",\"31.35\",\"3.00\",\"0.00\"\n"
      "\"m22222222222\",\"2025-02-10\",\"2025-02-11\",\"\",\"Vans Old Skool\",\"Canceled\",\"\",\"\","
      "\"30.00\",\"\",\"\",\"\",\"\",\"\",\"0.00\",\"\",\"\"\n";
  auto lines = parse(text);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].platform, "mercari");
  EXPECT_EQ(lines[0].order_id, "m12345678901");
  EXPECT_DOUBLE_EQ(lines[0].platform_fee->dollars(), 6.15);
  EXPECT_DOUBLE_EQ(lines[0].seller_shipping_cost->dollars(), 7.5);
  EXPECT_EQ(lines[0].status, "completed");
  EXPECT_EQ(lines[1].status, "cancelled");
  // After 2025-01-06 the processing-fee column may be absent altogether.
  std::string later =
      "Item Id,Sold Date,Item Title,Order Status,Item Price,Mercari Selling Fee,Net Seller Proceeds\n"
      "m3,2025-03-01,Hat,Completed,$20.00,$2.00,$18.00\n";
  EXPECT_DOUBLE_EQ(parse(later)[0].platform_fee->dollars(), 2.0);
}

TEST(Detect, UnknownLayoutAndWrongPlatform) {
  EXPECT_EQ(error_of("a,b,c\n1,2,3\n"),
            "vaultlister: test: no known header row in the first 15 lines (an eBay orders report, a Poshmark sales "
            "report or a Mercari sales CSV)");
  EXPECT_EQ(error_of("Item Id,Sold Date,Item Title,Order Status,Item Price,Net Seller Proceeds\n", "ebay"),
            "vaultlister: test: no ebay header row in the first 15 lines (ebay sales export)");
  EXPECT_EQ(error_of("x\n", "etsy"), "vaultlister: test: unknown platform 'etsy' (ebay, poshmark or mercari)");
}
