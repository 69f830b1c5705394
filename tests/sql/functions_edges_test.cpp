// Scalar functions at the edges their main tests leave out: every JSON value
// kind through the validator (and after a first violation), long schema
// texts in messages, $ref and size refusals and the schema cache; every
// accepted and refused spelling of a fee date and custom fee rules (minimum
// and maximum fee, bands, component order); net_profit beyond 2^52; envelope
// shapes decrypt refuses; the sources vl_import_sales and vl_marketplace_csv
// read. Every refusal is checked word for word and against a snapshot of
// every row of every table, taken before and compared after.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "support/testdb.h"

using vltest::Db;
using vltest::expect_refusals;

namespace {

std::string lit(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// A migrated database with one user, an item and a listing.
struct Seller : Db {
  Seller() {
    exec("SELECT vl_migrate()");
    exec("INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'ann@example.com', 'h', 'ann');"
         "INSERT INTO inventory(id, user_id, sku, title, list_price, cost_price, quantity, status) VALUES "
         "  ('i1', 'u1', 'SKU-1', 'Wool Coat', 80, 20, 3, 'active');"
         "INSERT INTO listings(id, inventory_id, user_id, platform, title, price, status) VALUES "
         "  ('l1', 'i1', 'u1', 'ebay', 'Wool Coat', 80, 'active');");
  }
};

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

const std::string kRefExpected = "(a $ref of the form #/definitions/name to a schema object with no $ref inside)";
const std::string kDateExpected = "(a date 'YYYY-MM-DD' or an ISO 8601 datetime such as '2025-01-06T12:00:00Z')";
const std::string kEnvelopeExpected =
    "(v2:<kind><binding>:<key id>:<salt>:<iv>:<tag>:<ciphertext hex> as encrypt writes it, "
    "gcm:<iv 24 hex>:<tag 32 hex>:<ciphertext hex>, or the legacy <iv 32 hex>:<ciphertext hex>)";

}  // namespace

TEST(JsonSchemaEdges, EveryValueKindBeforeAndAfterAViolation) {
  Db db;
  const std::string all = "[null, true, false, -5, 5, -3000000000, 5000000000, 18446744073709551615, 1.5, "
                          "\"s\", {\"k\": [1]}, []]";
  EXPECT_EQ(db.integer("SELECT vl_json_valid('null', '{}')"), 1);
  EXPECT_EQ(db.integer("SELECT vl_json_valid(" + lit(all) + ", '{}')"), 1);
  // The first item breaks the schema; every later event is still read (the
  // text must be valid JSON to the end) but no longer validated.
  EXPECT_EQ(db.text("SELECT vl_json_errors(" + lit(all) + ", '{\"items\":{\"type\":\"integer\"}}')"),
            "[{\"pointer\":\"/0\",\"reason\":\"fails \\\"type\\\": \\\"integer\\\" at schema #/items\"}]");
}

TEST(JsonSchemaEdges, LongKeywordValuesAreShortenedOnACharacterBoundary) {
  Db db;
  // 80 two-byte characters: the cut at byte 117 falls inside one and moves back.
  std::string e80 = repeat("\xC3\xA9", 80);
  std::string want = "[{\"pointer\":\"\",\"reason\":\"fails \\\"enum\\\": [\\\"" + repeat("\xC3\xA9", 57) +
                     "... at schema #\"}]";
  EXPECT_EQ(db.text("SELECT vl_json_errors('\"x\"', '{\"enum\":[\"" + e80 + "\"]}')"), want);
  std::string ab = repeat("ab", 80);
  EXPECT_EQ(db.text("SELECT vl_json_errors('\"x\"', '{\"enum\":[\"" + ab + "\"]}')"),
            "[{\"pointer\":\"\",\"reason\":\"fails \\\"enum\\\": [\\\"" + ab.substr(0, 115) + "... at schema #\"}]");
  // A $ref'd definition is named where it sits.
  EXPECT_EQ(db.text("SELECT vl_json_errors('{\"a\":\"s\"}', '{\"definitions\":{\"x\":{\"type\":\"integer\"}},"
                    "\"properties\":{\"a\":{\"$ref\":\"#/definitions/x\"}}}')"),
            "[{\"pointer\":\"/a\",\"reason\":\"fails \\\"type\\\": \\\"integer\\\" at schema #/definitions/x\"}]");
}

TEST(JsonSchemaEdges, RefusedSchemasAndDocuments) {
  Db db;
  std::string long_ref = "#/definitions/" + std::string(70, 'x');
  expect_refusals(
      db,
      {
          {"SELECT vl_json_valid('{}', '{\"$ref\":\"#/definitions/missing\"}')",
           "vaultlister: vl_json_valid: schema has an unsupported $ref '#/definitions/missing' " + kRefExpected},
          {"SELECT vl_json_valid('{}', '{\"definitions\":{\"x\":5},\"$ref\":\"#/definitions/x\"}')",
           "vaultlister: vl_json_valid: schema has an unsupported $ref '#/definitions/x' " + kRefExpected},
          {"SELECT vl_json_valid('{}', '{\"definitions\":{\"x\":{\"$ref\":\"#/definitions/y\"},\"y\":{}},"
           "\"$ref\":\"#/definitions/x\"}')",
           "vaultlister: vl_json_valid: schema has an unsupported $ref '#/definitions/x' " + kRefExpected},
          {"SELECT vl_json_valid('{}', '{\"$ref\":\"" + long_ref + "\"}')",
           "vaultlister: vl_json_valid: schema has an unsupported $ref '" + long_ref.substr(0, 64) + "...' " +
               kRefExpected},
          {"SELECT vl_json_valid('{}', '{\"$ref\":\"#/a~2\"}')",
           "vaultlister: vl_json_valid: schema has an unsupported $ref '#/a~2' " + kRefExpected},
          {"SELECT vl_json_valid('{}', '{\"$ref\":\"http://example.com/s.json\"}')",
           "vaultlister: vl_json_valid: schema has an unsupported $ref 'http://example.com/s.json' " + kRefExpected},
          {"SELECT vl_json_valid('{}', '{\"patternProperties\":{\"^a\":{}}}')",
           "vaultlister: vl_json_valid: schema uses \"patternProperties\", which this build does not support (a "
           "schema without regular expressions; use enum, minLength or maxLength)"},
          {"SELECT vl_json_valid('{}', '" + std::string(70, 'n') + "')",
           "vaultlister: vl_json_valid: schema is neither a JSON object nor a shipped schema name: '(a long text)' (a "
           "JSON Schema object, or a name from docs/json-schemas.md such as shop_settings)"},
          {"SELECT vl_json_valid('{}', '{' || replace(hex(zeroblob(1048576)), '00', ' ') || '}')",
           "vaultlister: vl_json_valid: schema is larger than 1 MiB (1048578 bytes) (a schema of at most 1048576 "
           "bytes)"},
          {"SELECT vl_json_valid('{}', '{' || replace(hex(zeroblob(300)), '00', '\"a\":{') || "
           "replace(hex(zeroblob(300)), '00', '}') || '}')",
           "vaultlister: vl_json_valid: schema nests deeper than 256 levels (at most 256 levels of nesting)"},
          {"SELECT vl_json_valid('{}', '{\"a\":')",
           "vaultlister: vl_json_valid: schema is not valid JSON at byte 5: invalid value (a JSON Schema object)"},
          {"SELECT vl_json_valid('  x', '{}')",
           "vaultlister: vl_json_valid: document is not valid JSON at byte 2: invalid value (a JSON document)"},
          {"SELECT vl_json_valid(' ]', '{}')",
           "vaultlister: vl_json_valid: document is not valid JSON at byte 1: the document is empty (a JSON "
           "document)"},
          {"SELECT vl_json_errors('[1,]', '{}')",
           "vaultlister: vl_json_errors: document is not valid JSON at byte 3: invalid value (a JSON document)"},
          {"SELECT vl_json_errors('[1, \"x\", [1, 2}', '{\"items\":{\"type\":\"integer\"}}')",
           "vaultlister: vl_json_errors: document is not valid JSON at byte 14: missing a comma or ']' after an array "
           "element (a JSON document)"},
      });
}

// Regression: RapidJSON 1.1.0 crashed the host (a null schema dereferenced)
// on a "not" or an "allOf"/"anyOf"/"oneOf"/"items" element that is not an
// object, and asserted on a "patternProperties" that is not an object.
TEST(JsonSchemaEdges, NonSchemaValuesWhereASchemaBelongsAreRefused) {
  Db db;
  const std::string kSchemaExpected = "(a JSON Schema object wherever draft-04 takes a schema)";
  const std::string kNoRegex =
      "vaultlister: vl_json_valid: schema uses \"patternProperties\", which this build does not support (a schema "
      "without regular expressions; use enum, minLength or maxLength)";
  expect_refusals(
      db,
      {
          {"SELECT vl_json_valid('1', '{\"not\":5}')",
           "vaultlister: vl_json_valid: schema's \"not\" at # is not a schema object " + kSchemaExpected},
          {"SELECT vl_json_valid('1', '{\"allOf\":[5]}')",
           "vaultlister: vl_json_valid: schema's \"allOf\" at # holds a value that is not a schema object " +
               kSchemaExpected},
          {"SELECT vl_json_valid('1', '{\"anyOf\":[{}, \"x\"]}')",
           "vaultlister: vl_json_valid: schema's \"anyOf\" at # holds a value that is not a schema object " +
               kSchemaExpected},
          {"SELECT vl_json_errors('1', '{\"oneOf\":[true]}')",
           "vaultlister: vl_json_errors: schema's \"oneOf\" at # holds a value that is not a schema object " +
               kSchemaExpected},
          {"SELECT vl_json_valid('[1]', '{\"items\":[{}, 5]}')",
           "vaultlister: vl_json_valid: schema's \"items\" at # holds a value that is not a schema object " +
               kSchemaExpected},
          {"SELECT vl_json_valid('{\"a\":1}', '{\"properties\":{\"a/b~\":{\"not\":[]}}}')",
           "vaultlister: vl_json_valid: schema's \"not\" at #/properties/a~1b~0 is not a schema object " +
               kSchemaExpected},
          {"SELECT vl_json_valid('{}', '{\"additionalProperties\":{\"oneOf\":[null]}}')",
           "vaultlister: vl_json_valid: schema's \"oneOf\" at #/additionalProperties holds a value that is not a "
           "schema object " + kSchemaExpected},
          {"SELECT vl_json_valid('1', '{\"definitions\":{\"x\":{\"not\":5}},\"$ref\":\"#/definitions/x\"}')",
           "vaultlister: vl_json_valid: schema's \"not\" at #/definitions/x is not a schema object " + kSchemaExpected},
          {"SELECT vl_json_valid('1', '{\"allOf\":[{\"anyOf\":[{\"not\":1}]}]}')",
           "vaultlister: vl_json_valid: schema's \"not\" at #/allOf/0/anyOf/0 is not a schema object " + kSchemaExpected},
          {"SELECT vl_json_valid('1', '{\"patternProperties\":5}')", kNoRegex},
          {"SELECT vl_json_valid('1', '{\"properties\":{\"patternProperties\":[]}}')", kNoRegex},
      });
  // Schemas with those keywords used as they should be still work.
  EXPECT_EQ(db.integer("SELECT vl_json_valid('{\"not\":1}', '{\"properties\":{\"not\":{\"not\":{}}},"
                       "\"allOf\":[],\"anyOf\":[{}],\"items\":{}}')"),
            0);
  EXPECT_EQ(db.integer("SELECT vl_json_valid('[1, \"a\"]', '{\"items\":[{\"type\":\"integer\"}, "
                       "{\"oneOf\":[{\"type\":\"string\"}, {\"type\":\"null\"}]}]}')"),
            1);
}

TEST(JsonSchemaEdges, ViolationsAtEveryKindOfValue) {
  Db db;
  const std::string str = "'{\"type\":\"string\"}'";
  EXPECT_EQ(db.text("SELECT vl_json_errors('true', " + str + ")"),
            "[{\"pointer\":\"\",\"reason\":\"fails \\\"type\\\": \\\"string\\\" at schema #\"}]");
  for (const char* doc : {"null", "-5", "-3000000000", "5000000000", "1.5", "{}", "[]"})
    EXPECT_EQ(db.integer(std::string("SELECT vl_json_valid('") + doc + "', " + str + ")"), 0) << doc;
  EXPECT_EQ(db.text("SELECT vl_json_errors('[1,2]', '{\"maxItems\":1}')"),
            "[{\"pointer\":\"\",\"reason\":\"fails \\\"maxItems\\\": 1 at schema #\"}]");
}

TEST(JsonSchemaEdges, TheConnectionKeepsTheLastThirtyTwoSchemas) {
  Db db;
  db.exec("CREATE TABLE docs(n INTEGER)");
  db.exec("WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 40) INSERT INTO docs SELECT n FROM k");
  // 41 schemas, each used by its own statement, then the first again (evicted
  // and compiled anew), then the last (still cached): the answers never change.
  for (int round = 0; round < 2; ++round) {
    for (int n = 0; n <= 40; ++n) {
      std::string schema = "{\"maximum\":" + std::to_string(n) + "}";
      EXPECT_EQ(db.integer("SELECT count(*) FROM docs WHERE vl_json_valid(CAST(n AS TEXT), " + lit(schema) + ")"),
                n + 1)
          << n;
    }
  }
  // A schema given per row (not a constant): found in the cache row by row.
  EXPECT_EQ(db.integer("SELECT count(*) FROM docs WHERE vl_json_valid('5', '{\"maximum\":' || (n % 3 + 4) || '}')"),
            27);
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

// Regression: above 9e13 the hand-written mirror of round() was off by up to
// half a unit (4503599627370495.5 came back .0 on SQLite 3.53 and .5 on 3.40,
// where round() itself gives the opposite); the host's round() now answers.
TEST(NetProfitEdges, HugeAmountsEqualTheHostsOwnRound) {
  Db db;
  db.exec("CREATE TABLE x(v REAL)");
  db.exec("INSERT INTO x VALUES (4503599627370495.5), (2251799813685247.5), (1125899906842623.75), "
          "(123456789012345.67), (90000000000000.125), (89999999999999.995), (-4503599627370495.5), "
          "(-123456789012345.67), (1e16), (-1e16), (1e300), (4503599627370497.0)");
  EXPECT_EQ(db.integer("SELECT count(*) FROM x WHERE net_profit(v, 0, 0, 0) IS NOT round(v, 2)"), 0)
      << db.table("SELECT v, net_profit(v, 0, 0, 0), round(v, 2) FROM x");
  EXPECT_EQ(db.integer("SELECT count(*) FROM x WHERE net_profit(0, -v, 0, 0) IS NOT round(0 - -v, 2)"), 0);
  EXPECT_EQ(db.text("SELECT net_profit(1e16, 0, 0, 0) = 1e16 AND net_profit(0, 1e16, 0, 0) = -1e16"), "1");
}

TEST(CryptoEdges, BlobAadAndEnvelopeShapes) {
  Db db;
  db.exec("SELECT vl_set_key('a passphrase of at least thirty-two characters', NULL)");
  db.exec("SELECT vl_legacy_cbc(1)");  // the CBC shapes below are read
  // A blob aad counts by its bytes; an empty one is no aad at all.
  EXPECT_EQ(db.text("SELECT decrypt(encrypt('x', NULL, x''), NULL, x'') || decrypt(encrypt('x', NULL, x''))"), "xx");
  EXPECT_EQ(db.text("SELECT decrypt(encrypt('y', NULL, x'0102'), NULL, x'0102')"), "y");
  const std::string not_envelope = "vaultlister: decrypt: ciphertext is not an encrypted value " + kEnvelopeExpected;
  const std::string auth = "vaultlister: decrypt: authentication failed (the key and aad the value was encrypted with)";
  expect_refusals(
      db, {
              {"SELECT decrypt(encrypt('y', NULL, x'0102'), NULL, x'0103')", auth},
              {"SELECT decrypt('gcm:000102030405060708090a0b:000102030405060708090a0b0c0d0e0f:abc')", not_envelope},
              {"SELECT decrypt('gcm:00010203040506070809zz0b:000102030405060708090a0b0c0d0e0f:abcd')", not_envelope},
              {"SELECT decrypt('gcm:000102030405060708090a0b:000102030405060708090a0b0c0d0ezz:abcd')", not_envelope},
              {"SELECT decrypt('gcm:000102030405060708090a0b:000102030405060708090a0b0c0d0e0f:abzz')", not_envelope},
              {"SELECT decrypt('000102030405060708090a0b0c0d0ezz:abcd')", not_envelope},
              {"SELECT decrypt('000102030405060708090a0b0c0d0e0f:')", not_envelope},
              {"SELECT decrypt('000102030405060708090a0b0c0d0e0f:abc')", not_envelope},
              {"SELECT decrypt('000102030405060708090a0b0c0d0e0f:abzz')", not_envelope},
              {"SELECT decrypt('a:b:c:d')", not_envelope},
              {"SELECT decrypt('gcm:a:b:c:d')", not_envelope},
              // Well-formed, but a CBC body that is not whole blocks, and a
              // GCM value whose tag does not match: both just fail to open.
              {"SELECT decrypt('000102030405060708090a0b0c0d0e0f:abcd')", auth},
              {"SELECT decrypt('gcm:000102030405060708090a0b:000102030405060708090a0b0c0d0e0f:')", auth},
          });
  // vl_set_key(key, NULL): one key, as without the second argument.
  EXPECT_EQ(db.integer("SELECT vl_set_key('another passphrase of thirty-two characters!', NULL)"), 1);
  // Tokens of 1 and 2 bytes: base64url without padding.
  EXPECT_EQ(db.text("SELECT length(vl_random_token(1)) || length(vl_random_token(2)) || length(vl_random_token(3))"),
            "234");
}

TEST(ImportSourceEdges, PathsThatAreNotExportsAreRefused) {
  Seller db;
  std::string dir = vltest::temp_path("import-edges");
  ::mkdir(dir.c_str(), 0700);
  std::string fifo = dir + "/fifo.csv", big = dir + "/big.csv";
  ::unlink(fifo.c_str());
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // A sparse file one byte over the limit: its size is refused before any read.
  FILE* f = std::fopen(big.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(::ftruncate(fileno(f), (64 << 20) + 1), 0);
  std::fclose(f);
  expect_refusals(
      db, {
              {"SELECT * FROM vl_marketplace_csv('')",
               "vaultlister: vl_marketplace_csv: source is an empty path (a file path or the file's bytes)"},
              {"SELECT * FROM vl_marketplace_csv('" + dir + "/none.csv')",
               "vaultlister: vl_marketplace_csv: cannot open '" + dir +
                   "/none.csv': No such file or directory (a readable regular file)"},
              {"SELECT vl_import_sales('" + fifo + "', NULL, 'u1')",
               "vaultlister: vl_import_sales: '" + fifo + "' is not a regular file (a readable regular file)"},
              {"SELECT vl_import_sales('" + big + "', NULL, 'u1')",
               "vaultlister: vl_import_sales: '" + big + "' is larger than 67108864 bytes (a smaller export file)"},
              {"SELECT * FROM vl_marketplace_csv(zeroblob(67108865))",
               "vaultlister: vl_marketplace_csv: source is larger than 67108864 bytes (a smaller export)"},
              {"SELECT vl_import_sales(x'', NULL, 'u1')",
               "vaultlister: vl_import_sales: no known header row in the first 15 lines (an eBay orders report, a "
               "Poshmark sales report or a Mercari sales CSV)"},
              // An eBay line is priced with the fee schedule of its day; before
              // the first schedule there is none, and the import stops.
              {"SELECT vl_import_sales(CAST('Sales Record Number,Order Number,Item Title,Sold For,Sale Date\n"
               "1,1-1,Coat,$5,Jan-05-20\n' AS BLOB), NULL, 'u1')",
               "vaultlister: platform_fee: no fee rule for 'ebay' is in force on 2020-01-05 (a date on or after "
               "2023-02-01, or add a rule to platform_fee_rules that covers it)"},
          });
  ::unlink(fifo.c_str());
  ::unlink(big.c_str());
}

TEST(ImportSourceEdges, NoUsersHeaderOnlyAndUnmatchedMultiUnitLines) {
  Db empty;
  empty.exec("SELECT vl_migrate()");
  expect_refusals(empty, {{"SELECT vl_import_sales(CAST('Item Id,Sold Date,Item Title,Order Status,Item Price,Net Seller Proceeds\n' AS "
                           "BLOB))",
                           "vaultlister: vl_import_sales: user_id is needed: the database has no users "
                           "(vl_import_sales(source, platform, user_id))"}});
  Seller db;
  // A header and no line: nothing read, no platform to report.
  EXPECT_EQ(db.text("SELECT vl_import_sales(CAST('Item Id,Sold Date,Item Title,Order Status,Item Price,Net Seller Proceeds\n' AS BLOB), "
                    "NULL, NULL)"),
            "{\"platform\":null,\"read\":0,\"imported\":0,\"already_present\":0,\"skipped_cancelled\":0,"
            "\"unmatched_sku\":0,\"errors\":[]}");
  // Two units of an unknown SKU: two sales, one unmatched line; again: both present.
  const std::string csv =
      "CAST('Sales Record Number,Order Number,Item Title,Custom Label,Quantity,Sold For,Sale Date\n"
      "1,9-9,Scarf,NOPE,2,$10.00,Mar-05-25\n' AS BLOB)";
  EXPECT_EQ(db.text("SELECT vl_import_sales(" + csv + ")"),
            "{\"platform\":\"ebay\",\"read\":1,\"imported\":2,\"already_present\":0,\"skipped_cancelled\":0,"
            "\"unmatched_sku\":1,\"errors\":[]}");
  EXPECT_EQ(db.table("SELECT import_key FROM vl_imported_sales ORDER BY 1"), "ebay:9-9:NOPE/1\nebay:9-9:NOPE/2");
  EXPECT_EQ(db.text("SELECT vl_import_sales(" + csv + ", 'ebay', 'u1')"),
            "{\"platform\":\"ebay\",\"read\":1,\"imported\":0,\"already_present\":2,\"skipped_cancelled\":0,"
            "\"unmatched_sku\":0,\"errors\":[]}");
}
