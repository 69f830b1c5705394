// vl::Cents (ext/core/money.h): the one money type of the C++ code.
#include <gtest/gtest.h>

#include <string>

#include "ext/core/error.h"
#include "ext/core/money.h"
#include "ext/imports/marketplace_csv.h"

using vl::Cents;

TEST(Cents, ReadsDoublesToTheCentHalfAwayFromZero) {
  EXPECT_EQ(Cents::from_double(1234.50).cents(), 123450);
  EXPECT_EQ(Cents::from_double(0.125).cents(), 13);    // an exact half rounds away from zero
  EXPECT_EQ(Cents::from_double(-0.125).cents(), -13);
  EXPECT_EQ(Cents::from_double(1.005).cents(), 100);  // the double is 1.00499...
  EXPECT_EQ(Cents::from_double(1.0e9).cents(), 100000000000);
  // Every two-decimal amount comes back as the double its text reads as.
  for (int64_t c : {0, 1, 5, 99, 105, 267, 123450, 99999999})
    EXPECT_EQ(Cents::of(c).dollars(), std::stod(Cents::of(c).text())) << c;
}

TEST(Cents, SharesAddUpAndPercentRoundsHalfUp) {
  Cents total = Cents::of(1001);
  EXPECT_EQ(total.share(3, 0).cents(), 335);
  EXPECT_EQ(total.share(3, 1).cents(), 333);
  EXPECT_EQ(total.share(3, 2).cents(), 333);
  EXPECT_EQ(Cents::of(3000).percent(13600).cents(), 408);  // 13.6 % of 30.00
  EXPECT_EQ(Cents::of(5).percent(10000).cents(), 1);       // 0.5 cent rounds up
  EXPECT_EQ(Cents::of(4).percent(10000).cents(), 0);
}

TEST(Cents, TextIsPlainAndSigned) {
  EXPECT_EQ(Cents::of(123450).text(), "1234.50");
  EXPECT_EQ(Cents::of(5).text(), "0.05");
  EXPECT_EQ(Cents::of(-150).text(), "-1.50");
  EXPECT_EQ(Cents::of(-5).text(), "-0.05");
}

// An export's amount past the int64 cents range is refused by name, not wrapped.
TEST(Cents, ExportAmountsBeyondTheRangeAreRefused) {
  const std::string text =
      "Item Id,Sold Date,Item Title,Order Status,Item Price,Net Seller Proceeds\n"
      "m1,2026-09-27,Coat,Completed,$1000000000.01,5\n";
  try {
    vl::imports::parse_export("test", text, "", nullptr);
    FAIL() << "no refusal";
  } catch (const vl::Error& e) {
    EXPECT_STREQ(e.what(),
                 "vaultlister: test: line 2, column 'Item Price': '$1000000000.01' is too large (an amount "
                 "of at most 1000000000)");
  }
}
