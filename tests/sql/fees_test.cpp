// platform_fee, vl_fee_breakdown and the seeded platform_fee_rules: the
// published schedules at their boundaries (price bands, minimums, per-order
// fees, the days a regime changes), user edits, and refused inputs.
#include <gtest/gtest.h>

#include "tests/support/testdb.h"

using vltest::Db;
using vltest::expect_refusals;

namespace {

struct Migrated : Db {
  Migrated() { exec("SELECT vl_migrate()"); }
};

double fee(Db& db, const std::string& args) { return db.real("SELECT platform_fee(" + args + ")"); }


const std::string kDateExpected = "(a date 'YYYY-MM-DD' or an ISO 8601 datetime such as '2025-01-06T12:00:00Z')";

}  // namespace

TEST(Fees, EbayPerOrderFeeSwitchesAboveTenDollarsFrom20240315) {
  Migrated db;
  // 13.6% of the order total, plus $0.30 up to $10.00 and $0.40 from $10.01.
  EXPECT_DOUBLE_EQ(fee(db, "'ebay', 10.00, 0, '2024-03-15'"), 1.36 + 0.30);
  EXPECT_DOUBLE_EQ(fee(db, "'ebay', 10.01, 0, '2024-03-15'"), 1.36 + 0.40);
  // Shipping counts toward the order total: $8 + $2.01 is over $10.
  EXPECT_DOUBLE_EQ(fee(db, "'ebay', 8, 2.01, '2025-01-01'"), 1.36 + 0.40);
  // The day before, the per-order fee was a flat $0.30 and the rate 13.25%.
  EXPECT_DOUBLE_EQ(fee(db, "'ebay', 10.01, 0, '2024-03-14'"), 1.33 + 0.30);
  EXPECT_DOUBLE_EQ(fee(db, "'ebay', 100, 0, '2024-03-14'"), 13.25 + 0.30);
}

TEST(Fees, EbayTieredRateAbove7500) {
  Migrated db;
  EXPECT_DOUBLE_EQ(fee(db, "'ebay', 7500, 0, '2025-06-01'"), 1020.40);
  // 13.6% of the first 7,500 and 2.35% of the 2,500 above.
  EXPECT_DOUBLE_EQ(fee(db, "'ebay', 10000, 0, '2025-06-01'"), 1020 + 58.75 + 0.40);
  EXPECT_EQ(db.rows("SELECT component, base, percent, amount FROM "
                    "vl_fee_breakdown('ebay', 10000, 0, '2025-06-01')"),
            (std::vector<std::string>{"commission|10000.0|13.6|1020.0",
                                      "commission|10000.0|2.35|58.75", "per_order|10000.0|0.0|0.4"}));
}

TEST(Fees, PoshmarkFlatUnder15AndTwentyPercentFrom15) {
  Migrated db;
  EXPECT_DOUBLE_EQ(fee(db, "'poshmark', 0, 0, '2025-01-01'"), 2.95);
  EXPECT_DOUBLE_EQ(fee(db, "'poshmark', 14.99, 0, '2025-01-01'"), 2.95);
  EXPECT_DOUBLE_EQ(fee(db, "'poshmark', 15, 0, '2025-01-01'"), 3.00);
  EXPECT_DOUBLE_EQ(fee(db, "'poshmark', 100, 25, '2025-01-01'"), 20.00);  // item only
}

TEST(Fees, PoshmarkOctober2024ExperimentLastedUntilTheReversal) {
  Migrated db;
  // 5.99% of the order total + $1 / $2 / $3 by item price band.
  EXPECT_DOUBLE_EQ(fee(db, "'poshmark', 14.99, 0, '2024-10-20'"), 0.90 + 1.00);
  EXPECT_DOUBLE_EQ(fee(db, "'poshmark', 15, 0, '2024-10-20'"), 0.90 + 2.00);
  EXPECT_DOUBLE_EQ(fee(db, "'poshmark', 49.99, 0, '2024-10-20'"), 2.99 + 2.00);
  EXPECT_DOUBLE_EQ(fee(db, "'poshmark', 50, 7, '2024-10-20'"), 3.41 + 3.00);
  EXPECT_DOUBLE_EQ(fee(db, "'poshmark', 50, 7, '2024-10-21'"), 10.00);
  EXPECT_DOUBLE_EQ(fee(db, "'poshmark', 50, 7, '2024-10-06'"), 10.00);
}

TEST(Fees, MercariRegimesChangeOnTheirDays) {
  Migrated db;
  // 10% + 2.9% + $0.50 on the item; processing on item + shipping from 2023-04-17.
  EXPECT_DOUBLE_EQ(fee(db, "'mercari', 20, 5, '2023-04-16'"), 2.00 + 0.58 + 0.50);
  EXPECT_DOUBLE_EQ(fee(db, "'mercari', 20, 5, '2023-04-17'"), 2.00 + 0.73 + 0.50);
  EXPECT_DOUBLE_EQ(fee(db, "'mercari', 20, 5, '2024-03-27'"), 0.0);
  EXPECT_DOUBLE_EQ(fee(db, "'mercari', 20, 5, '2025-01-05'"), 0.0);
  EXPECT_DOUBLE_EQ(fee(db, "'mercari', 20, 5, '2025-01-06'"), 2.50);
  // Datetime forms are read by their date as written.
  EXPECT_DOUBLE_EQ(fee(db, "'mercari', 20, 5, '2025-01-06T00:00:00Z'"), 2.50);
  EXPECT_DOUBLE_EQ(fee(db, "'mercari', 20, 5, '2025-01-05 23:59:59.999'"), 0.0);
  EXPECT_DOUBLE_EQ(fee(db, "'mercari', 20, 5, '2025-01-06T08:30:00-05:00'"), 2.50);
}

TEST(Fees, FacebookMinimumFee) {
  Migrated db;
  EXPECT_DOUBLE_EQ(fee(db, "'facebook', 0, 0, '2025-01-01'"), 0.80);
  EXPECT_DOUBLE_EQ(fee(db, "'facebook', 7.99, 0, '2025-01-01'"), 0.80);
  EXPECT_DOUBLE_EQ(fee(db, "'facebook', 8.10, 0, '2025-01-01'"), 0.81);
  EXPECT_DOUBLE_EQ(fee(db, "'facebook', 5, 0, '2024-04-14'"), 0.40);
  EXPECT_DOUBLE_EQ(fee(db, "'facebook', 5, 0, '2024-04-15'"), 0.80);
}

TEST(Fees, OtherSeededPlatforms) {
  Migrated db;
  EXPECT_DOUBLE_EQ(fee(db, "'depop', 40, 10, '2024-06-30'"), 5.00 + 2.10);
  EXPECT_DOUBLE_EQ(fee(db, "'depop', 40, 10, '2024-07-01'"), 2.10);
  EXPECT_DOUBLE_EQ(fee(db, "'etsy', 20, 5, '2025-01-01'"), 0.20 + 1.63 + 1.00);
  EXPECT_DOUBLE_EQ(fee(db, "'whatnot', 100, 10, '2025-01-01'"), 8.00 + 3.49);
  EXPECT_DOUBLE_EQ(fee(db, "'vinted', 100, 10, '2025-01-01'"), 0.0);
  // Every seeded row names its source.
  EXPECT_EQ(db.integer("SELECT count(*) FROM platform_fee_rules WHERE trim(source) = ''"), 0);
  EXPECT_GE(db.integer("SELECT count(DISTINCT platform) FROM platform_fee_rules"), 9);
}

TEST(Fees, RoundingEachRowToTheCentAndTheTotalIsTheirSum) {
  Migrated db;
  // 13.6% of 0.05 = 0.0068 -> 0.01; 13.6% of 0.03 = 0.00408 -> 0.00; half up: 12.5 -> 13 cents.
  EXPECT_DOUBLE_EQ(fee(db, "'ebay', 0.05, 0, '2025-01-01'"), 0.31);
  EXPECT_DOUBLE_EQ(fee(db, "'ebay', 0.03, 0, '2025-01-01'"), 0.30);
  EXPECT_DOUBLE_EQ(fee(db, "'poshmark', 0.625, 0, '2024-10-20'"), 0.04 + 1.00);  // 0.63 * 5.99%
  for (const char* args : {"'ebay', 12345.67, 8.91, '2025-02-03'", "'mercari', 19.99, 7.49, '2023-05-01'",
                           "'etsy', 33.33, 3.33, '2026-01-01'", "'whatnot', 0.01, 0, '2025-01-01'"}) {
    EXPECT_EQ(db.text(std::string("SELECT printf('%.2f', total(amount)) FROM vl_fee_breakdown(") + args + ")"),
              db.text(std::string("SELECT printf('%.2f', platform_fee(") + args + "))"))
        << args;
  }
}

TEST(Fees, DefaultsShippingZeroAndToday) {
  Migrated db;
  EXPECT_DOUBLE_EQ(fee(db, "'ebay', 20"), fee(db, "'ebay', 20, 0, date('now')"));
  EXPECT_DOUBLE_EQ(fee(db, "'ebay', 20, NULL, '2025-01-01'"), fee(db, "'ebay', 20, 0, '2025-01-01'"));
  EXPECT_EQ(db.text("SELECT platform_fee('ebay', NULL)"), "NULL");
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_fee_breakdown('ebay', NULL)"), 0);
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_fee_breakdown('ebay', 20) WHERE component = 'per_order'"),
            1);
  EXPECT_DOUBLE_EQ(fee(db, "'EBay', 20, 0, '2025-01-01'"), fee(db, "'ebay', 20, 0, '2025-01-01'"));
}

TEST(Fees, EditingARuleChangesFutureResultsNotThePast) {
  Migrated db;
  // Close the current commission on 2026-12-01 and add the new rate from then.
  db.exec("UPDATE platform_fee_rules SET effective_to = '2026-12-01' WHERE platform = 'poshmark' "
          "AND effective_to IS NULL AND price_min = 15");
  db.exec("INSERT INTO platform_fee_rules (platform, component, effective_from, price_min, percent, "
          "applies_to, source) VALUES ('poshmark', 'commission', '2026-12-01', 15, 18, 'item', 'test')");
  EXPECT_DOUBLE_EQ(fee(db, "'poshmark', 100, 0, '2026-11-30'"), 20.00);
  EXPECT_DOUBLE_EQ(fee(db, "'poshmark', 100, 0, '2026-12-01'"), 18.00);
  // A recorded sale keeps the fee it was stored with: nothing recomputes it.
  db.exec("INSERT INTO users (id, email, password_hash, username) VALUES ('u', 'u@x', 'h', 'u')");
  db.exec("INSERT INTO sales (user_id, platform, sale_price, platform_fee) "
          "VALUES ('u', 'poshmark', 100, platform_fee('poshmark', 100, 0, '2026-11-30'))");
  db.exec("UPDATE platform_fee_rules SET percent = 25 WHERE platform = 'poshmark' AND price_min = 15 "
          "AND effective_from = '2024-10-21'");
  EXPECT_DOUBLE_EQ(db.real("SELECT platform_fee FROM sales"), 20.00);
  EXPECT_DOUBLE_EQ(fee(db, "'poshmark', 100, 0, '2026-11-30'"), 25.00);
  // A new platform is a row away.
  db.exec("INSERT INTO platform_fee_rules (platform, component, effective_from, percent, fixed_amount, "
          "source) VALUES ('kidizen', 'commission', '2020-01-01', 12, 0.5, 'test')");
  EXPECT_DOUBLE_EQ(fee(db, "'kidizen', 10, 0, '2025-01-01'"), 1.70);
}

TEST(Fees, ConstantPlatformAcrossManyRowsAndMixedPlatforms) {
  Migrated db;
  db.exec("CREATE TABLE s(platform TEXT, price REAL)");
  db.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) "
          "INSERT INTO s SELECT CASE i % 3 WHEN 0 THEN 'ebay' WHEN 1 THEN 'mercari' ELSE 'poshmark' END, "
          "i * 0.5 FROM n");
  EXPECT_DOUBLE_EQ(db.real("SELECT total(platform_fee('poshmark', price, 0, '2025-01-01')) FROM s"),
                   db.real("SELECT total(CASE WHEN price < 15 THEN 2.95 ELSE round(price * 0.2, 2) END) FROM s"));
  EXPECT_DOUBLE_EQ(db.real("SELECT total(platform_fee(platform, price, 0, '2025-06-01')) FROM s"),
                   db.real("SELECT total(b.amount) FROM s, "
                           "vl_fee_breakdown(s.platform, s.price, 0, '2025-06-01') AS b"));
}

TEST(Fees, Refusals) {
  Migrated db;
  EXPECT_EQ(db.error("SELECT platform_fee('nope', 1)"),
            "vaultlister: platform_fee: unknown platform 'nope' (one of: alias, depop, ebay, etsy, "
            "facebook, flightclub, grailed, mercari, poshmark, restocks, shopify, vinted, whatnot)");
  EXPECT_EQ(db.error("SELECT * FROM vl_fee_breakdown('', 1)"),
            "vaultlister: vl_fee_breakdown: unknown platform '' (one of: alias, depop, ebay, etsy, "
            "facebook, flightclub, grailed, mercari, poshmark, restocks, shopify, vinted, whatnot)");
  EXPECT_EQ(db.error("SELECT platform_fee('ebay', 1, 0, '2023-01-31')"),
            "vaultlister: platform_fee: no fee rule for 'ebay' is in force on 2023-01-31 (a date on or "
            "after 2023-02-01, or add a rule to platform_fee_rules that covers it)");
  EXPECT_EQ(db.error("SELECT platform_fee('ebay', -0.01)"),
            "vaultlister: platform_fee: sale_price is negative (an amount of 0 or more)");
  EXPECT_EQ(db.error("SELECT platform_fee('ebay', 1, -1)"),
            "vaultlister: platform_fee: shipping_charged is negative (an amount of 0 or more)");
  EXPECT_EQ(db.error("SELECT platform_fee('ebay', 1e300)"),
            "vaultlister: platform_fee: sale_price is too large (an amount of at most 1000000000)");
  EXPECT_EQ(db.error("SELECT platform_fee('ebay', x'00')"),
            "vaultlister: platform_fee: sale_price is a blob (a number)");
  EXPECT_EQ(db.error("SELECT platform_fee('ebay', 'ten')"),
            "vaultlister: platform_fee: sale_price is text that is not a number (a number)");
  EXPECT_EQ(db.error("SELECT platform_fee(NULL, 1)"), "vaultlister: platform_fee: platform is NULL (text)");
  EXPECT_EQ(db.error("SELECT platform_fee(x'6562', 1)"), "vaultlister: platform_fee: platform is a blob (text)");
  EXPECT_EQ(db.error("SELECT platform_fee(CAST(x'ff' AS TEXT), 1)"),
            "vaultlister: platform_fee: platform is not valid UTF-8 (UTF-8 text)");
  EXPECT_EQ(db.error("SELECT platform_fee(printf('%.200c', 'e'), 1)"),
            "vaultlister: platform_fee: platform is too long (a platform name such as 'ebay')");
  const std::string bad_date =
      " (a date 'YYYY-MM-DD' or an ISO 8601 datetime such as '2025-01-06T12:00:00Z')";
  for (const char* d : {"'2024-02-30'", "'2023-02-29'", "'2025-13-01'", "'25-01-01'", "'2025-01-01x'",
                        "'2025-01-01T25:00'", "'2025-01-01T10:00+5'", "''", "'now'"})
    EXPECT_EQ(db.error(std::string("SELECT platform_fee('ebay', 1, 0, ") + d + ")"),
              "vaultlister: platform_fee: on_date is not a valid date" + bad_date)
        << d;
  EXPECT_DOUBLE_EQ(fee(db, "'ebay', 1, 0, '2024-02-29'"), 0.13 + 0.30);
  EXPECT_EQ(db.error("SELECT platform_fee('ebay', 1, 0, 20250101)"),
            "vaultlister: platform_fee: on_date is not text" + bad_date);
  EXPECT_EQ(db.error("SELECT platform_fee('ebay', 1, 0, NULL)"),
            "vaultlister: platform_fee: on_date is NULL (a date 'YYYY-MM-DD'; leave the argument out for today)");
  EXPECT_EQ(db.error("SELECT platform_fee('ebay')"),
            "vaultlister: platform_fee: wrong number of arguments: 1 (platform_fee(platform, sale_price [, "
            "shipping_charged [, on_date]]))");
  EXPECT_NE(db.error("SELECT * FROM vl_fee_breakdown('ebay')"), "");
}

TEST(Fees, WithoutTheMigrationTheTableIsNamed) {
  Db db;
  EXPECT_EQ(db.error("SELECT platform_fee('ebay', 1)"),
            "vaultlister: platform_fee: main has no platform_fee_rules table (run SELECT vl_migrate() to "
            "install the fee schedules)");
  // A table of that name with other columns is not "missing": SQLite's own words are kept.
  db.exec("CREATE TABLE platform_fee_rules (platform TEXT)");
  EXPECT_EQ(db.error("SELECT platform_fee('ebay', 1)"), "vaultlister: platform_fee: no such column: id");
  // Nor is a view of that name over a table that is gone: the missing table is the one SQLite names.
  db.exec("DROP TABLE platform_fee_rules; CREATE VIEW platform_fee_rules AS SELECT * FROM gone");
  EXPECT_EQ(db.error("SELECT platform_fee('ebay', 1)"), "vaultlister: platform_fee: no such table: main.gone");
}

TEST(Fees, TableChecksRefuseNonsense) {
  Migrated db;
  const std::string cols =
      "INSERT INTO platform_fee_rules (platform, component, effective_from, effective_to, price_min, "
      "price_max, percent, min_fee, max_fee, source) VALUES ";
  EXPECT_NE(db.error(cols + "('Ebay', 'commission', '2020-01-01', NULL, 0, NULL, 1, NULL, NULL, 's')"), "");
  EXPECT_NE(db.error(cols + "('x', 'tip', '2020-01-01', NULL, 0, NULL, 1, NULL, NULL, 's')"), "");
  EXPECT_NE(db.error(cols + "('x', 'commission', '2020-02-30', NULL, 0, NULL, 1, NULL, NULL, 's')"), "");
  EXPECT_NE(db.error(cols + "('x', 'commission', '2020-01-01', '2020-01-01', 0, NULL, 1, NULL, NULL, 's')"), "");
  EXPECT_NE(db.error(cols + "('x', 'commission', '2020-01-01', NULL, 10, 5, 1, NULL, NULL, 's')"), "");
  EXPECT_NE(db.error(cols + "('x', 'commission', '2020-01-01', NULL, 0, NULL, 101, NULL, NULL, 's')"), "");
  EXPECT_NE(db.error(cols + "('x', 'commission', '2020-01-01', NULL, 0, NULL, 1, 2, 1, 's')"), "");
  EXPECT_NE(db.error(cols + "('x', 'commission', '2020-01-01', NULL, 0, NULL, 1, NULL, NULL, ' ')"), "");
  EXPECT_NE(db.error(cols + "('x', 'commission', 'soon', NULL, 0, NULL, 1, NULL, NULL, 's')"), "");
  EXPECT_EQ(db.error(cols + "('x', 'commission', '2020-01-01', '2020-01-02', 0, NULL, 1, 0.1, 9, 's')"), "");
}

TEST(Fees, UsableFromViewsUnderTrustedSchemaOff) {
  Migrated db;
  EXPECT_EQ(db.text("SELECT flags & 0x200800 FROM pragma_function_list WHERE name = 'platform_fee'"),
            "2097152");  // INNOCUOUS, not DETERMINISTIC: it reads a table the user edits
  db.exec("PRAGMA trusted_schema = OFF");
  db.exec("CREATE VIEW f AS SELECT platform_fee('ebay', 10, 0, '2025-01-01') AS fee");
  db.exec("CREATE VIEW b AS SELECT * FROM vl_fee_breakdown('ebay', 10, 0, '2025-01-01')");
  db.exec("CREATE VIEW c AS SELECT * FROM vl_crosslist('none')");
  EXPECT_DOUBLE_EQ(db.real("SELECT fee FROM f"), 1.66);
  EXPECT_EQ(db.integer("SELECT count(*) FROM b"), 2);
  EXPECT_EQ(db.error("SELECT * FROM c"),
            "vaultlister: vl_crosslist: no inventory item with id 'none' (the id of a row of inventory)");
}

TEST(FeeEdges, EveryDateSpellingIsReadOrRefused) {
  Db db;
  db.exec("SELECT vl_migrate()");
  for (const char* d : {"2025-01-01", "2025-01-01 10:00", "2025-01-01T10:00:59", "2025-01-01T10:00:59.123Z",
                        "2025-01-01T10:00+05:30", "2025-01-01T10:00:00-08:00", "2025-01-01T23:59:59Z"})
    EXPECT_DOUBLE_EQ(db.real(std::string("SELECT platform_fee('EBAY', 10, 0, '") + d + "')"), 1.66) << d;
  std::vector<std::pair<std::string, std::string>> refused;
  for (const char* d :
       {"2100-02-29", "2025-00-10", "2025-01-00", "2025/01/01", "2025-01-0!", "2025-01-01 1x:00", "2025-01-01 10-00",
        "2025-01-01 10:0", "2025-01-01T24:00", "2025-01-01T10:60", "2025-01-01T10:00:6", "2025-01-01T10:00:60",
        "2025-01-01T10:00:00.", "2025-01-01T10:00:00.5x", "2025-01-01T10:00Zx", "2025-01-01T10:00Q",
        "2025-01-01T10:00+0530", "2025-01-01T10:00+24:00", "2025-01-01T10:00+05:60", "2025-01-01T10:00+05-30",
        "2025-01-01T10:00+x5:30", "2025-01-01T10:00+05:3x"})
    refused.push_back({std::string("SELECT platform_fee('ebay', 10, 0, '") + d + "')",
                       "vaultlister: platform_fee: on_date is not a valid date " + kDateExpected});
  expect_refusals(db, refused);
}

TEST(FeeEdges, CustomRulesMinimumMaximumBandsAndComponentOrder) {
  Db db;
  db.exec("SELECT vl_migrate()");
  // A file edited by another tool may hold components the CHECK does not
  // know: they come after ours, by name; equal bands go by id.
  db.exec(
      "PRAGMA ignore_check_constraints = ON;"
      "INSERT INTO platform_fee_rules(id, platform, component, effective_from, band_mode, price_min, price_max, "
      "  percent, fixed_amount, min_fee, max_fee, source) VALUES "
      " ('t1', 'testplat', 'zeta', '2020-01-01', 'whole', 0, NULL, 10, 0, NULL, 1, 's'),"
      " ('t2', 'testplat', 'alpha', '2020-01-01', 'whole', 0, NULL, 0, 0.5, NULL, NULL, 's'),"
      " ('t3', 'testplat', 'commission', '2020-01-01', 'tiered', 100, NULL, 50, 0, NULL, NULL, 's'),"
      " ('t4', 'testplat', 'commission', '2020-01-01', 'whole', 0, 5, 1, 0, 0.25, NULL, 's'),"
      " ('t5', 'testplat', 'other', '2020-01-01', 'whole', 0, NULL, 1, 0, NULL, NULL, 's'),"
      " ('t0', 'testplat', 'other', '2020-01-01', 'whole', 0, NULL, 2, 0, NULL, NULL, 's');"
      "PRAGMA ignore_check_constraints = OFF;");
  // 50: the tiered band (above 100) and the 0-5 band do not apply; zeta is capped at 1.
  EXPECT_EQ(db.table("SELECT component, amount FROM vl_fee_breakdown('testplat', 50, 0, '2025-01-01')"),
            "other|1.0\nother|0.5\nalpha|0.5\nzeta|1.0");
  EXPECT_DOUBLE_EQ(db.real("SELECT platform_fee('testplat', 50, 0, '2025-01-01')"), 3.0);
  // 3: the 0-5 band's 0.03 is raised to its minimum of 0.25.
  EXPECT_EQ(db.table("SELECT component, amount FROM vl_fee_breakdown('testplat', 3, 0, '2025-01-01')"),
            "commission|0.25\nother|0.06\nother|0.03\nalpha|0.5\nzeta|0.3");
  // 300: half of the 200 above the tiered band's floor.
  EXPECT_DOUBLE_EQ(db.real("SELECT platform_fee('testplat', 300, 0, '2025-01-01')"), 100 + 6 + 3 + 0.5 + 1);
}

TEST(FeeEdges, AnEmptyOrForeignRuleTableIsNamed) {
  Db db;
  db.exec("SELECT vl_migrate(); DELETE FROM platform_fee_rules");
  expect_refusals(db, {{"SELECT platform_fee('ebay', 1)",
                        "vaultlister: platform_fee: unknown platform 'ebay' (platform_fee_rules has no rules: add some)"},
                       {"SELECT * FROM vl_fee_breakdown('ebay', 1)",
                        "vaultlister: vl_fee_breakdown: unknown platform 'ebay' (platform_fee_rules has no rules: add "
                        "some)"}});
  Db other;
  other.exec("CREATE TABLE platform_fee_rules(platform TEXT)");
  expect_refusals(other, {{"SELECT platform_fee('ebay', 1)", "vaultlister: platform_fee: no such column: id"}});
}

TEST(FeeBreakdownEdges, NullShippingIsNoShipping) {
  Db db;
  db.exec("SELECT vl_migrate()");
  EXPECT_EQ(db.table("SELECT component, amount FROM vl_fee_breakdown('ebay', 100, NULL, '2025-06-01')"),
            db.table("SELECT component, amount FROM vl_fee_breakdown('ebay', 100, 0, '2025-06-01')"));
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_fee_breakdown('ebay', NULL)"), 0);
}

// The plan (core/vtab.h): idxNum bit i = argument i given; platform and price are required.
TEST(Fees, BreakdownQueryPlanTakesTheArgumentsItIsGiven) {
  Db db;
  EXPECT_EQ(db.plan("SELECT * FROM vl_fee_breakdown('ebay', 79)"), "SCAN vl_fee_breakdown VIRTUAL TABLE INDEX 3:");
  EXPECT_EQ(db.plan("SELECT * FROM vl_fee_breakdown('ebay', 79, 9.15, '2026-11-25')"),
            "SCAN vl_fee_breakdown VIRTUAL TABLE INDEX 15:");
  EXPECT_EQ(db.error("SELECT * FROM vl_fee_breakdown WHERE platform = 'ebay'"), "no query solution");
}
