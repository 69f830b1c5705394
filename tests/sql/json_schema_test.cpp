// vl_json_valid / vl_json_errors: validation, the shipped schemas, the
// per-connection cache, and every refusal with its exact words.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/testdb.h"

using vltest::Db;
using vltest::lit;
using vltest::expect_refusals;

namespace {
const char* kIntA = R"('{"type":"object","properties":{"a":{"type":"integer"}}}')";

const std::string kRefExpected = "(a $ref of the form #/definitions/name to a schema object with no $ref inside)";

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST(JsonSchema, ValidAndInvalid) {
  Db db;
  EXPECT_EQ(db.integer(std::string("SELECT vl_json_valid('{\"a\":1}', ") + kIntA + ")"), 1);
  EXPECT_EQ(db.integer(std::string("SELECT vl_json_valid('{\"a\":\"x\"}', ") + kIntA + ")"), 0);
  EXPECT_EQ(db.integer(std::string("SELECT vl_json_valid('[]', ") + kIntA + ")"), 0);
  EXPECT_EQ(db.text(std::string("SELECT vl_json_errors('{\"a\":1}', ") + kIntA + ")"), "[]");
  EXPECT_EQ(db.text(std::string("SELECT vl_json_errors('{\"a\":\"x\"}', ") + kIntA + ")"),
            R"([{"pointer":"/a","reason":"fails \"type\": \"integer\" at schema #/properties/a"}])");
  EXPECT_EQ(db.text("SELECT vl_json_errors('[1, [2, \"x\"]]', "
                    "'{\"items\":{\"type\":\"array\",\"items\":{\"type\":\"number\"}}}')"),
            R"([{"pointer":"/0","reason":"fails \"type\": \"array\" at schema #/items"}])");
  EXPECT_EQ(db.text("SELECT vl_json_errors('{\"a/b~\":1}', '{\"additionalProperties\":false}')"),
            R"([{"pointer":"/a~1b~0","reason":"fails \"additionalProperties\": false at schema #"}])");
  EXPECT_EQ(db.text("SELECT vl_json_errors('{}', '{\"required\":[\"id\"]}')"),
            R"([{"pointer":"","reason":"fails \"required\": [\"id\"] at schema #"}])");
  // A local $ref without cycles works.
  EXPECT_EQ(db.text("SELECT vl_json_errors('[\"x\"]', '{\"definitions\":{\"n\":{\"type\":\"number\"}},"
                    "\"items\":{\"$ref\":\"#/definitions/n\"}}')"),
            R"([{"pointer":"/0","reason":"fails \"type\": \"number\" at schema #/definitions/n"}])");
  // The output is JSON that SQLite's own functions read.
  EXPECT_EQ(db.text(std::string("SELECT json_extract(vl_json_errors('{\"a\":2.5}', ") + kIntA +
                    "), '$[0].pointer')"),
            "/a");
}

TEST(JsonSchema, ShippedSchemas) {
  Db db;
  for (const char* type : {"share", "follow", "offer", "relist", "price_drop", "custom", "otl"}) {
    for (const char* part : {"conditions", "actions"}) {
      std::string name = std::string("automation_") + type + "_" + part;
      std::string doc = std::string(part) == "actions" && (std::string(type) == "offer" || std::string(type) == "otl")
                            ? R"({"discount_percent":10,"max_per_run":5})"
                        : std::string(part) == "actions" && std::string(type) == "price_drop"
                            ? R"({"drop_percent":5})"
                            : "{}";
      EXPECT_EQ(db.integer("SELECT vl_json_valid('" + doc + "', '" + name + "')"), 1) << name;
      EXPECT_EQ(db.integer("SELECT vl_json_valid('[]', '" + name + "')"), 0) << name;
    }
  }
  EXPECT_EQ(db.text("SELECT vl_json_errors('{\"discount_percent\":150}', 'automation_offer_actions')"),
            R"([{"pointer":"/discount_percent","reason":"fails \"maximum\": 100 at schema #/properties/discount_percent"}])");
  EXPECT_EQ(db.integer("SELECT vl_json_valid('{}', 'automation_offer_actions')"), 0);
  EXPECT_EQ(db.integer("SELECT vl_json_valid('{\"min_price\":-1}', 'automation_share_conditions')"), 0);
  EXPECT_EQ(db.integer("SELECT vl_json_valid('{\"conditions\":[\"mint\"]}', 'automation_relist_conditions')"), 0);
  EXPECT_EQ(db.integer("SELECT vl_json_valid('{\"anything\":[1,2]}', 'automation_custom_actions')"), 1);
  EXPECT_EQ(db.integer("SELECT vl_json_valid('{\"auto_sync\":true,\"rate_caps\":{\"shares_per_day\":3000},"
                       "\"currency\":\"USD\"}', 'shop_settings')"), 1);
  EXPECT_EQ(db.integer("SELECT vl_json_valid('{\"sync_interval_minutes\":1}', 'shop_settings')"), 0);
  EXPECT_EQ(db.integer("SELECT vl_json_valid('{\"category_id\":11450,\"item_specifics\":{\"Brand\":\"Acme\","
                       "\"Size\":[\"M\",\"L\"]},\"best_offer\":{\"enabled\":true}}', "
                       "'listing_platform_specific_data')"), 1);
  EXPECT_EQ(db.integer("SELECT vl_json_valid('{\"who_made\":\"robot\"}', 'listing_platform_specific_data')"), 0);
  // Every shipped schema file is reachable by its stem and compiles.
  std::string listing = vltest::read_source("docs/json-schemas.md");
  EXPECT_NE(listing.find("`shop_settings`"), std::string::npos);
}

TEST(JsonSchema, OverAColumnAndTheCache) {
  Db db;
  db.exec("CREATE TABLE d(j TEXT)");
  db.exec("INSERT INTO d WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) "
          "SELECT CASE WHEN i % 10 = 0 THEN json_object('a', 'x') ELSE json_object('a', i) END FROM n");
  EXPECT_EQ(db.integer(std::string("SELECT sum(vl_json_valid(j, ") + kIntA + ")) FROM d"), 4500);
  // The schema from a column (no auxdata): 40 distinct schemas, more than the
  // cache holds, give the right answers while entries are evicted.
  db.exec("CREATE TABLE s(k INTEGER, schema TEXT)");
  db.exec("INSERT INTO s WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40) "
          "SELECT i, json_object('maximum', i) FROM n");
  EXPECT_EQ(db.integer("SELECT sum(vl_json_valid('20', schema)) FROM s, (SELECT 1 UNION ALL SELECT 2)"), 42);
  EXPECT_EQ(db.integer("SELECT sum(vl_json_valid(k, schema)) FROM s"), 40);
}

// One validator per compiled schema is reused row after row: a row that
// fails halfway, or is not even JSON, or nests too deep, leaves nothing
// behind for the next row.
TEST(JsonSchema, ReusedValidatorStartsCleanOnEveryRow) {
  Db db;
  db.exec("CREATE TABLE d(i INTEGER PRIMARY KEY, j TEXT)");
  db.exec("INSERT INTO d(j) VALUES ('{\"a\":[1,2,{\"b\":\"x\"}],\"n\":1}'), "
          "('{\"a\":[1,2,{\"b\":3}],\"n\":1}'), ('{\"a\":[1,'), "
          "('{\"a\":[1,2,{\"b\":4}],\"n\":\"no\"}'), ('{\"a\":[],\"n\":2}'), "
          "('{\"a\":[{\"b\":1},{\"b\":1}],\"n\":2}'), ('{\"a\":[{\"b\":1},{\"b\":2}],\"n\":2}')");
  const std::string schema =
      "'{\"type\":\"object\",\"required\":[\"n\"],\"properties\":{\"n\":{\"type\":\"integer\"},"
      "\"a\":{\"type\":\"array\",\"uniqueItems\":true,\"items\":{\"anyOf\":[{\"type\":\"integer\"},"
      "{\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"integer\"}}}]}}}}'";
  EXPECT_EQ(db.table("SELECT i, CASE WHEN j LIKE '%[1,' THEN 'bad' ELSE vl_json_errors(j, " + schema +
                     ") END FROM d ORDER BY i"),
            "1|[{\"pointer\":\"/a/2\",\"reason\":\"fails \\\"anyOf\\\": [{\\\"type\\\":\\\"integer\\\"},"
            "{\\\"type\\\":\\\"object\\\",\\\"properties\\\":{\\\"b\\\":{\\\"type\\\":\\\"integer\\\"}}}] "
            "at schema #/properties/a/items\"}]\n"
            "2|[]\n3|bad\n"
            "4|[{\"pointer\":\"/n\",\"reason\":\"fails \\\"type\\\": \\\"integer\\\" at schema #/properties/n\"}]\n"
            "5|[]\n"
            "6|[{\"pointer\":\"/a/1\",\"reason\":\"fails \\\"uniqueItems\\\": true at schema #/properties/a\"}]\n"
            "7|[]");
  // The malformed row as an error, then the same statement shape is fine again.
  EXPECT_EQ(db.error("SELECT vl_json_valid(j, " + schema + ") FROM d ORDER BY i"),
            "vaultlister: vl_json_valid: document is not valid JSON at byte 8: invalid value (a JSON document)");
  EXPECT_EQ(db.integer("SELECT sum(vl_json_valid(j, " + schema + ")) FROM d WHERE i <> 3"), 3);
  EXPECT_EQ(db.error("SELECT vl_json_valid(replace(hex(zeroblob(300)), '00', '['), " + schema + ")"),
            "vaultlister: vl_json_valid: document nests deeper than 256 levels (at most 256 levels of nesting)");
  EXPECT_EQ(db.integer("SELECT sum(vl_json_valid(j, " + schema + ")) FROM d WHERE i <> 3"), 3);
}

// Which words a malformed document gets does not depend on the parse mode:
// a first token that cannot start a value says "the document is empty" when
// it is structural, "invalid value" otherwise (RapidJSON's iterative wording,
// which this function has always reported).
TEST(JsonSchema, MalformedDocumentWords) {
  Db db;
  auto err = [&](const std::string& doc) {
    return db.error("SELECT vl_json_valid('" + doc + "', '{}')");
  };
  const std::string pre = "vaultlister: vl_json_valid: document is not valid JSON at byte ";
  const std::string post = " (a JSON document)";
  EXPECT_EQ(err("]"), pre + "0: the document is empty" + post);
  EXPECT_EQ(err("  }x"), pre + "2: the document is empty" + post);
  EXPECT_EQ(err(",1"), pre + "0: the document is empty" + post);
  EXPECT_EQ(err(" :"), pre + "1: the document is empty" + post);
  EXPECT_EQ(err("x"), pre + "0: invalid value" + post);
  EXPECT_EQ(err(" nul"), pre + "4: invalid value" + post);
  EXPECT_EQ(err("[]]"), pre + "2: the document root must not be followed by other values" + post);
  EXPECT_EQ(err("[1,]"), pre + "3: invalid value" + post);
  EXPECT_EQ(err("{\"a\" 1}"), pre + "5: missing a colon after a name of object member" + post);
}

TEST(JsonSchema, Refusals) {
  Db db;
  EXPECT_EQ(db.error("SELECT vl_json_valid('{}')"),
            "vaultlister: vl_json_valid: wrong number of arguments: 1 (vl_json_valid(document, schema))");
  EXPECT_EQ(db.error("SELECT vl_json_errors('{}', '{}', 1)"),
            "vaultlister: vl_json_errors: wrong number of arguments: 3 (vl_json_errors(document, schema))");
  EXPECT_EQ(db.error("SELECT vl_json_valid(NULL, '{}')"),
            "vaultlister: vl_json_valid: document is NULL (text)");
  EXPECT_EQ(db.error("SELECT vl_json_valid('{}', NULL)"),
            "vaultlister: vl_json_valid: schema is NULL (text)");
  EXPECT_EQ(db.error("SELECT vl_json_valid(x'7b7d', '{}')"),
            "vaultlister: vl_json_valid: document is a blob (text)");
  EXPECT_EQ(db.error("SELECT vl_json_errors('{}', x'7b7d')"),
            "vaultlister: vl_json_errors: schema is a blob (text)");
  EXPECT_EQ(db.error("SELECT vl_json_valid(cast(x'22ff22' AS TEXT), '{}')"),
            "vaultlister: vl_json_valid: document is not valid UTF-8 (UTF-8 text)");
  EXPECT_EQ(db.error("SELECT vl_json_valid('', '{}')"),
            "vaultlister: vl_json_valid: document is not valid JSON at byte 0: the document is empty (a JSON document)");
  EXPECT_EQ(db.error("SELECT vl_json_valid('{\"x\":1', '{\"type\":\"array\"}')"),
            "vaultlister: vl_json_valid: document is not valid JSON at byte 6: missing a comma or '}' after an object member (a JSON document)");
  EXPECT_EQ(db.error("SELECT vl_json_valid('{}' || char(0) || 'x', '{}')"),
            "vaultlister: vl_json_valid: document contains a NUL character (JSON text)");
  EXPECT_EQ(db.error("SELECT vl_json_valid('{}', '')"),
            "vaultlister: vl_json_valid: schema is empty (a JSON Schema object or the name of a shipped schema)");
  EXPECT_EQ(db.error("SELECT vl_json_valid('{}', 'shop_setting')"),
            "vaultlister: vl_json_valid: schema is neither a JSON object nor a shipped schema name: "
            "'shop_setting' (a JSON Schema object, or a name from docs/json-schemas.md such as shop_settings)");
  EXPECT_EQ(db.error("SELECT vl_json_valid('{}', '[]')"),
            "vaultlister: vl_json_valid: schema is neither a JSON object nor a shipped schema name: "
            "'[]' (a JSON Schema object, or a name from docs/json-schemas.md such as shop_settings)");
  EXPECT_EQ(db.error("SELECT vl_json_valid('{}', '{\"type\":')"),
            "vaultlister: vl_json_valid: schema is not valid JSON at byte 8: invalid value (a JSON Schema object)");
  EXPECT_EQ(db.error("SELECT vl_json_valid('{}', '{\"$ref\":\"#\"}')"),
            "vaultlister: vl_json_valid: schema has an unsupported $ref '#' (a $ref of the form "
            "#/definitions/name to a schema object with no $ref inside)");
  EXPECT_EQ(db.error("SELECT vl_json_valid('{}', '{\"$ref\":\"http://example.com/s.json\"}')"),
            "vaultlister: vl_json_valid: schema has an unsupported $ref 'http://example.com/s.json' (a $ref "
            "of the form #/definitions/name to a schema object with no $ref inside)");
  EXPECT_EQ(db.error("SELECT vl_json_valid('\"x\"', '{\"pattern\":\"(a*)*b\"}')"),
            "vaultlister: vl_json_valid: schema uses \"pattern\", which this build does not support "
            "(a schema without regular expressions; use enum, minLength or maxLength)");
  // Huge and deep inputs.
  EXPECT_EQ(db.error("SELECT vl_json_valid('\"' || hex(zeroblob(8388608)) || '\"', '{}')"),
            "vaultlister: vl_json_valid: document is larger than 16 MiB (16777218 bytes) "
            "(a document of at most 16777216 bytes)");
  EXPECT_EQ(db.integer("SELECT vl_json_valid('\"' || hex(zeroblob(4000000)) || '\"', '{\"maxLength\":10}')"), 0);
  EXPECT_EQ(db.error("SELECT vl_json_valid(replace(hex(zeroblob(100000)), '00', '['), '{}')"),
            "vaultlister: vl_json_valid: document nests deeper than 256 levels (at most 256 levels of nesting)");
  EXPECT_EQ(db.integer("SELECT vl_json_valid(replace(hex(zeroblob(255)), '00', '[') || "
                       "replace(hex(zeroblob(255)), '00', ']'), '{}')"), 1);
  EXPECT_EQ(db.error("SELECT vl_json_valid('{}', '{\"a\":' || replace(hex(zeroblob(300)), '00', '[') || "
                     "replace(hex(zeroblob(300)), '00', ']') || '}')"),
            "vaultlister: vl_json_valid: schema nests deeper than 256 levels (at most 256 levels of nesting)");
  EXPECT_EQ(db.error("SELECT vl_json_valid('{}', '{\"a\":\"' || hex(zeroblob(600000)) || '\"}')"),
            "vaultlister: vl_json_valid: schema is larger than 1 MiB (1200008 bytes) (a schema of at most 1048576 bytes)");
}

TEST(JsonSchema, IsPure) {
  Db db;
  EXPECT_EQ(db.integer("SELECT count(*) FROM pragma_function_list WHERE name IN "
                       "('vl_json_valid', 'vl_json_errors') AND flags & 0x200800 = 0x200800"),
            2);
  db.exec("CREATE TABLE r(conditions TEXT CHECK (vl_json_valid(conditions, 'automation_share_conditions')))");
  db.exec("INSERT INTO r VALUES ('{\"min_price\":5}')");
  EXPECT_NE(db.error("INSERT INTO r VALUES ('{\"min_price\":-5}')"), "");
}

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
