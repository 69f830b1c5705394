// One table of every bad input the project's issues and docs/sql/*.md name: the SQL, its exact
// `vaultlister:` error, and proof that the data is unchanged afterwards (a snapshot of the schema
// and of every row of every table of main and of the attached schema `empty`, taken before and
// compared after each case). docs/reliability.md.
//
// The first block is every "Error:" example of docs/sql/*.md, adapted only to this file's shared
// fixture (the doc's key is the connection key here; `empty` is attached once; the rule r1 of
// vl_due_rules' example belongs to a user whose time zone is already 'Mars/Base'). A test below
// re-reads the docs and fails if one of their error examples is missing from this table. Then
// the documented errors listed in prose, then the domain rules' refusals (sql/triggers/*.sql,
// domain-rules.md), then huge and malformed inputs (api.md).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "tests/support/testdb.h"

namespace {

struct BadInput {
  const char* sql;
  const char* error;  // exact
};

// clang-format off
const BadInput kBadInputs[] = {
    // ---- docs/sql/*.md "Error:" examples -------------------------------------------------------
    {"SELECT decrypt('gcm:000102030405060708090a0b:975210bef0cb3645dfce48f3545df518:0717e6d73a0d1be3033dea2a8f4919', NULL, 'shop-2');",
     "vaultlister: decrypt: authentication failed (the key and aad the value was encrypted with)"},
    {"SELECT decrypt('00112233445566778899aabbccddeeff:bdaac178593d530ba74626ceb7948036');",
     "vaultlister: decrypt: legacy AES-CBC values are not read by default (SELECT vl_legacy_cbc(1) first, for the one-time conversion to GCM in docs/secrets.md)"},
    {"SELECT decrypt('00112233445566778899aabbccddeeff:bdaac178593d530ba74626ceb7948037');",
     "vaultlister: decrypt: legacy AES-CBC values are not read by default (SELECT vl_legacy_cbc(1) first, for the one-time conversion to GCM in docs/secrets.md)"},
    {"SELECT decrypt(encrypt('x', NULL, json_array('shops', 'credentials', 1)));",
     "vaultlister: decrypt: no aad for a value bound to its place (the aad it was encrypted with, e.g. json_array('shops', 'credentials', id))"},
    {"SELECT vl_legacy_cbc(NULL);",
     "vaultlister: vl_legacy_cbc: on must be 0 or 1 (1 to read legacy AES-CBC values on this connection, 0 to stop)"},
    {"SELECT vl_legacy_cbc();",
     "vaultlister: vl_legacy_cbc: wrong number of arguments: 0 (vl_legacy_cbc(on))"},
    {"SELECT encrypt('x', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');",
     "vaultlister: encrypt: key is a weak passphrase: 1 different character (a passphrase of at least 32 characters with at least 8 different ones, 64 hex digits, or a 32-byte blob)"},
    {"SELECT decrypt(encrypt('x'), 'another key, also at least 32 characters');",
     "vaultlister: decrypt: authentication failed (the key and aad the value was encrypted with)"},
    {"SELECT decrypt('{\"not\":\"encrypted\"}');",
     "vaultlister: decrypt: ciphertext is not an encrypted value (v2:<kind><binding>:<key id>:<salt>:<iv>:<tag>:<ciphertext hex> as encrypt writes it, gcm:<iv 24 hex>:<tag 32 hex>:<ciphertext hex>, or the legacy <iv 32 hex>:<ciphertext hex>)"},
    // vl_legacy_cbc(1) is evaluated first, in the same row: legacy reading is on from here.
    {"SELECT vl_legacy_cbc(1), decrypt('00112233445566778899aabbccddeeff:bdaac178593d530ba74626ceb7948036', NULL, 'shop-1');",
     "vaultlister: decrypt: aad given for a legacy cbc value (no aad: legacy values were written without one)"},
    {"SELECT decrypt(x'00');",
     "vaultlister: decrypt: ciphertext is a blob (text)"},
    {"SELECT encrypt('x', 'too short');",
     "vaultlister: encrypt: key is too short: 9 characters (a 32-byte blob, 64 hex digits, or text of at least 32 characters)"},
    {"SELECT encrypt('x', x'0011');",
     "vaultlister: encrypt: key is a blob of 2 bytes (a 32-byte blob, 64 hex digits, or text of at least 32 characters)"},
    {"SELECT encrypt(x'00');",
     "vaultlister: encrypt: plaintext is a blob (text)"},
    {"SELECT encrypt(CAST(x'c0af' AS TEXT));",
     "vaultlister: encrypt: plaintext is not valid UTF-8 (UTF-8 text)"},
    {"SELECT encrypt();",
     "vaultlister: encrypt: wrong number of arguments: 0 (encrypt(plaintext [, key [, aad]]))"},
    {"SELECT net_profit(1, 2, 3);",
     "vaultlister: net_profit: wrong number of arguments: 3 (net_profit(sale_price, platform_fee, shipping_cost, cost_price))"},
    {"SELECT net_profit(10, 'abc', 0, 0);",
     "vaultlister: net_profit: platform_fee is text that is not a number (a number)"},
    {"SELECT platform_fee('amazon', 10);",
     "vaultlister: platform_fee: unknown platform 'amazon' (one of: alias, depop, ebay, etsy, facebook, flightclub, grailed, mercari, poshmark, restocks, shopify, vinted, whatnot)"},
    {"SELECT platform_fee('ebay', 10, 0, '2020-01-01');",
     "vaultlister: platform_fee: no fee rule for 'ebay' is in force on 2020-01-01 (a date on or after 2023-02-01, or add a rule to platform_fee_rules that covers it)"},
    {"SELECT platform_fee('ebay', -5);",
     "vaultlister: platform_fee: sale_price is negative (an amount of 0 or more)"},
    {"SELECT platform_fee('ebay', 10, 0, '2025-02-30');",
     "vaultlister: platform_fee: on_date is not a valid date (a date 'YYYY-MM-DD' or an ISO 8601 datetime such as '2025-01-06T12:00:00Z')"},
    {"SELECT count(*) FROM vl_cron('* * * * *', '2026-01-01', '2126-01-01');",
     "vaultlister: vl_cron: the window holds more than 1000000 fire times (a shorter window, or a LIMIT)"},
    {"SELECT * FROM vl_cron('* * * * *', 'soon', '2026-01-02');",
     "vaultlister: vl_cron: start 'soon' is not a date-time ('YYYY-MM-DD HH:MM:SS', 'YYYY-MM-DD' or ISO 8601 such as '2026-03-01T10:00:00.000Z', in UTC)"},
    {"SELECT vl_cron_next('0 24 * * *', '2026-01-01');",
     "vaultlister: vl_cron_next: bad hour '24': 24 is out of range (hour is 0-23; use *, lists a,b, ranges a-b and steps /n)"},
    {"SELECT vl_cron_next('0 0 31 2 *', '2026-01-01');",
     "vaultlister: vl_cron_next: bad day-of-month '31': no such day in month '2' (a day that exists in one of the chosen months)"},
    {"SELECT vl_cron_next('* * * *', '2026-01-01');",
     "vaultlister: vl_cron_next: expression '* * * *' has 4 fields (5 fields: minute hour day-of-month month day-of-week, or @hourly, @daily, @weekly, @monthly, @yearly)"},
    {"SELECT vl_cron_next('* * * * *', '2026-01-01', 'america/new_york');",
     "vaultlister: vl_cron_next: unknown time zone 'america/new_york' (an IANA time zone name such as 'America/New_York', or NULL for UTC)"},
    {"SELECT vl_cron_next('* * * * *', '2026-02-30');",
     "vaultlister: vl_cron_next: after '2026-02-30' is not a date-time ('YYYY-MM-DD HH:MM:SS', 'YYYY-MM-DD' or ISO 8601 such as '2026-03-01T10:00:00.000Z', in UTC)"},
    {"SELECT * FROM vl_crosslist('nope');",
     "vaultlister: vl_crosslist: no inventory item with id 'nope' (the id of a row of inventory)"},
    {"SELECT * FROM vl_crosslist('item-1', 'ebay, amazon');",
     "vaultlister: vl_crosslist: unknown platform 'amazon' (one of: depop, ebay, etsy, facebook, grailed, mercari, poshmark, vinted, whatnot)"},
    {"SELECT * FROM vl_due_rules('tomorrow');",
     "vaultlister: vl_due_rules: now 'tomorrow' is not a date-time ('YYYY-MM-DD HH:MM:SS', 'YYYY-MM-DD' or ISO 8601 such as '2026-03-01T10:00:00.000Z', in UTC)"},
    {"SELECT * FROM vl_due_rules('2026-03-10');",
     "vaultlister: vl_due_rules: rule 'r1' owner has unknown time zone 'Mars/Base' (an IANA time zone name such as 'America/New_York', or NULL for UTC)"},
    {"SELECT vl_expire_offers(NULL);",
     "vaultlister: vl_expire_offers: now is NULL (a date and time such as '2026-11-25 12:00:00', or no argument for the current time)"},
    {"SELECT vl_expire_offers('tomorrow');",
     "vaultlister: vl_expire_offers: now is not a date and time (a date and time such as '2026-11-25 12:00:00' or '2026-11-25T12:00:00Z')"},
    {"SELECT * FROM vl_fee_breakdown('ebay', 'ten');",
     "vaultlister: vl_fee_breakdown: sale_price is text that is not a number (a number)"},
    {"SELECT * FROM vl_health('nope');",
     "vaultlister: vl_health: no database named 'nope' (main or the name of an attached database)"},
    {"SELECT * FROM vl_health(NULL);",
     "vaultlister: vl_health: schema is NULL (text)"},
    {"SELECT vl_info('main');",
     "vaultlister: vl_info: wrong number of arguments: 1 (vl_info() takes no arguments)"},
    {"SELECT vl_install_triggers('empty');",
     "vaultlister: vl_install_triggers: database 'empty' has no vaultlister schema (run SELECT vl_migrate() first)"},
    {"SELECT vl_install_triggers(NULL);",
     "vaultlister: vl_install_triggers: schema is NULL (text)"},
    {"SELECT vl_json_errors('{}', NULL);",
     "vaultlister: vl_json_errors: schema is NULL (text)"},
    {"SELECT vl_json_errors('', '{}');",
     "vaultlister: vl_json_errors: document is not valid JSON at byte 0: the document is empty (a JSON document)"},
    {"SELECT vl_json_valid('{\"a\": 1', '{}');",
     "vaultlister: vl_json_valid: document is not valid JSON at byte 7: missing a comma or '}' after an object member (a JSON document)"},
    {"SELECT vl_json_valid('{}', 'shop_setting');",
     "vaultlister: vl_json_valid: schema is neither a JSON object nor a shipped schema name: 'shop_setting' (a JSON Schema object, or a name from docs/json-schemas.md such as shop_settings)"},
    {"SELECT vl_json_valid(NULL, '{}');",
     "vaultlister: vl_json_valid: document is NULL (text)"},
    {"SELECT * FROM vl_marketplace_csv(CAST('Item Id,Sold Date,Item Title,Order Status,Item Price,Net Seller Proceeds\nm1,2025-03-01,Hat,Completed,twenty,18.00\n' AS BLOB));",
     "vaultlister: vl_marketplace_csv: line 2, column 'Item Price': 'twenty' is not an amount (an amount such as $1,234.50)"},
    {"SELECT * FROM vl_marketplace_csv(CAST('a,b\n1,2\n' AS BLOB));",
     "vaultlister: vl_marketplace_csv: no known header row in the first 15 lines (an eBay orders report, a Poshmark sales report or a Mercari sales CSV)"},
    {"SELECT vl_migrate('nope');",
     "vaultlister: vl_migrate: no database named 'nope' (main or the name of an attached database)"},
    {"SELECT vl_migrate(NULL);",
     "vaultlister: vl_migrate: schema is NULL (text)"},
    {"SELECT * FROM vl_migrations('nope');",
     "vaultlister: vl_migrations: no database named 'nope' (main or the name of an attached database)"},
    {"SELECT * FROM vl_migrations(1);",
     "vaultlister: vl_migrations: schema is not text (a schema name such as 'main')"},
    {"SELECT vl_random_token(NULL);",
     "vaultlister: vl_random_token: nbytes is NULL (an integer from 1 to 1024)"},
    {"SELECT vl_random_token(0);",
     "vaultlister: vl_random_token: nbytes is out of range: 0 (an integer from 1 to 1024)"},
    {"SELECT vl_random_token(1.5);",
     "vaultlister: vl_random_token: nbytes is not a whole number (an integer)"},
    {"SELECT vl_schema_version('nope');",
     "vaultlister: vl_schema_version: no database named 'nope' (main or the name of an attached database)"},
    {"SELECT vl_schema_version(NULL);",
     "vaultlister: vl_schema_version: schema is NULL (text)"},
    {"SELECT * FROM vl_search(NULL);",
     "vaultlister: vl_search: query is NULL (text)"},
    {"SELECT * FROM vl_search(CAST(x'6aff' AS TEXT));",
     "vaultlister: vl_search: query is not valid UTF-8 (UTF-8 text)"},
    {"SELECT * FROM vl_search('shirt', NULL);",
     "vaultlister: vl_search: user_id is NULL (a users.id, or leave it out to search every user)"},
    {"SELECT * FROM vl_search;",
     "vaultlister: vl_search: no query given (vl_search(query [, user_id]) or WHERE query = ...)"},
    {"SELECT vl_search_snippet(inventory_fts, 5, '[', ']', '…', 6) FROM inventory_fts WHERE inventory_fts MATCH 'fleece';",
     "column index out of range"},
    {"SELECT vl_search_snippet(inventory_fts, 1) FROM inventory_fts WHERE inventory_fts MATCH 'fleece';",
     "vaultlister: vl_search_snippet: wrong number of arguments (vl_search_snippet(fts_table, column, open, close, ellipsis, tokens))"},
    {"SELECT vl_search_snippet('notes', 1, '[', ']', '…', 6);",
     "vaultlister: vl_search_snippet: the first argument is not an FTS5 table of the query (vl_search_snippet(fts_table, column, open, close, ellipsis, tokens), with fts_table an FTS5 table the query reads)"},
    {"SELECT vl_set_key('short');",
     "vaultlister: vl_set_key: key is too short: 5 characters (a 32-byte blob, 64 hex digits, or text of at least 32 characters)"},
    {"SELECT vl_set_key(NULL, 'the old key, at least thirty-two characters');",
     "vaultlister: vl_set_key: previous_key given without a key (a key, or NULL alone to clear)"},
    {"SELECT vl_sha256(CAST(x'ff' AS TEXT));",
     "vaultlister: vl_sha256: value is not valid UTF-8 (UTF-8 text)"},
    {"SELECT vl_sha256();",
     "vaultlister: vl_sha256: wrong number of arguments: 0 (vl_sha256(text_or_blob))"},
    {"SELECT vl_uuid(NULL);",
     "vaultlister: vl_uuid: wrong number of arguments: 1 (vl_uuid() takes no arguments)"},
    {"SELECT vl_version(1);",
     "vaultlister: vl_version: wrong number of arguments: 1 (vl_version() takes no arguments)"},
    {"SELECT * FROM vl_account_health('2025-06-31');",
     "vaultlister: vl_account_health: as_of '2025-06-31' is not a date (a day as YYYY-MM-DD, such as '2025-01-01')"},
    {"SELECT * FROM vl_inventory_aging('30/06/2025');",
     "vaultlister: vl_inventory_aging: as_of '30/06/2025' is not a date (a day as YYYY-MM-DD, such as '2025-01-01')"},
    {"SELECT * FROM vl_profit_loss('2025-02-30', '2025-03-01');",
     "vaultlister: vl_profit_loss: start '2025-02-30' is not a date (a day as YYYY-MM-DD, such as '2025-01-01')"},
    {"SELECT * FROM vl_profit_loss('2025-02-01', '2025-01-01');",
     "vaultlister: vl_profit_loss: end '2025-01-01' is before start '2025-02-01' (an end on or after the start: the window is [start, end))"},
    {"SELECT * FROM vl_sell_through('2025-04-01', '2025-01-01');",
     "vaultlister: vl_sell_through: end '2025-01-01' is before start '2025-04-01' (an end on or after the start: the window is [start, end))"},

    // ---- documented in prose (docs/sql/*.md "Errors" lists) ----------------------------------------
    {"SELECT * FROM vl_profit_loss(x'00', '2025-03-01')",
     "vaultlister: vl_profit_loss: start is a blob (text)"},
    {"SELECT * FROM vl_sell_through('2025-1-1', '2025-04-01')",
     "vaultlister: vl_sell_through: start '2025-1-1' is not a date (a day as YYYY-MM-DD, such as '2025-01-01')"},
    {"SELECT * FROM vl_sell_through('2025-01-01', '2025-04-01', x'01')",
     "vaultlister: vl_sell_through: platform is a blob (text)"},
    {"SELECT * FROM vl_inventory_aging(x'01')",
     "vaultlister: vl_inventory_aging: as_of is a blob (text)"},
    {"SELECT * FROM vl_account_health(x'01')",
     "vaultlister: vl_account_health: as_of is a blob (text)"},
    {"SELECT decrypt(CAST(x'c0af' AS TEXT))",
     "vaultlister: decrypt: ciphertext is not valid UTF-8 (UTF-8 text)"},
    {"SELECT decrypt()",
     "vaultlister: decrypt: wrong number of arguments: 0 (decrypt(ciphertext [, key [, aad]]))"},
    {"SELECT net_profit(10, 0, x'00', 0)",
     "vaultlister: net_profit: shipping_cost is a blob (a number)"},
    {"SELECT net_profit(9e999, 0, 0, 0)",
     "vaultlister: net_profit: sale_price is not finite (a number)"},
    {"SELECT vl_random_token(x'01')",
     "vaultlister: vl_random_token: nbytes is a blob (a number)"},
    {"SELECT vl_random_token(1, 2)",
     "vaultlister: vl_random_token: wrong number of arguments: 2 (vl_random_token(nbytes))"},
    {"SELECT vl_set_key('a key of at least thirty-two characters!', 'x', 'y')",
     "vaultlister: vl_set_key: wrong number of arguments: 3 (vl_set_key(key [, previous_key]))"},
    {"SELECT vl_json_valid('{}')",
     "vaultlister: vl_json_valid: wrong number of arguments: 1 (vl_json_valid(document, schema))"},
    {"SELECT vl_json_valid(x'7b7d', '{}')",
     "vaultlister: vl_json_valid: document is a blob (text)"},
    {"SELECT vl_json_valid(CAST(x'c0af' AS TEXT), '{}')",
     "vaultlister: vl_json_valid: document is not valid UTF-8 (UTF-8 text)"},
    {"SELECT vl_json_valid('', '{}')",
     "vaultlister: vl_json_valid: document is not valid JSON at byte 0: the document is empty (a JSON document)"},
    {"SELECT vl_json_valid('{}', '')",
     "vaultlister: vl_json_valid: schema is empty (a JSON Schema object or the name of a shipped schema)"},
    {"SELECT vl_json_valid('{\"a\":\"' || char(0) || '\"}', '{}')",
     "vaultlister: vl_json_valid: document contains a NUL character (JSON text)"},
    {"SELECT vl_json_valid('{}', '{\"$ref\":\"#\"}')",
     "vaultlister: vl_json_valid: schema has an unsupported $ref '#' (a $ref of the form #/definitions/name to a schema object with no $ref inside)"},
    {"SELECT vl_json_valid('\"a\"', '{\"type\":\"string\",\"pattern\":\"^a$\"}')",
     "vaultlister: vl_json_valid: schema uses \"pattern\", which this build does not support (a schema without regular expressions; use enum, minLength or maxLength)"},
    {"SELECT vl_health.name FROM vl_health(x'6d61696e')",
     "vaultlister: vl_health: schema is a blob (text)"},
    {"SELECT * FROM vl_search('shirt', x'7531')",
     "vaultlister: vl_search: user_id is a blob (text)"},
    {"SELECT * FROM vl_marketplace_csv(NULL)",
     "vaultlister: vl_marketplace_csv: source is NULL (a file path or the file's bytes)"},
    {"SELECT * FROM vl_marketplace_csv('/tmp')",
     "vaultlister: vl_marketplace_csv: '/tmp' is not a regular file (a readable regular file)"},
    {"SELECT * FROM vl_marketplace_csv(CAST('a,b' AS BLOB), 'etsy')",
     "vaultlister: vl_marketplace_csv: unknown platform 'etsy' (ebay, poshmark or mercari)"},
    {"SELECT * FROM vl_marketplace_csv(x'c0af2c0a')",
     "vaultlister: vl_marketplace_csv: source is not valid UTF-8 (a UTF-8 CSV export)"},
    {"SELECT vl_import_sales(CAST('Poshmark Sales Report for @closet\nOrder Date,SKU,Order Id,Listing Title,Order Price,Seller Shipping Discount,Your Earnings,Buyer Username\n03/04/2025,PAT-1,65a1b2c3d4,Patagonia Fleece,$45.00,$2.00,$34.00,shopper1\n' AS BLOB))",
     "vaultlister: vl_import_sales: user_id is needed: the database has several users (vl_import_sales(source, platform, user_id))"},
    {"SELECT vl_import_sales(CAST('Poshmark Sales Report for @closet\nOrder Date,SKU,Order Id,Listing Title,Order Price,Seller Shipping Discount,Your Earnings,Buyer Username\n03/04/2025,PAT-1,65a1b2c3d4,Patagonia Fleece,$45.00,$2.00,$34.00,shopper1\n' AS BLOB), 'poshmark', 'nobody')",
     "vaultlister: vl_import_sales: no user with id 'nobody' (the id of a row in users)"},
    {"SELECT vl_import_sales(CAST('Item Id,Sold Date,Item Title,Order Status,Item Price,Net Seller Proceeds\nm1,2025-03-01,Hat,Completed,twenty,18.00\n' AS BLOB), NULL, 'u1')",
     "vaultlister: vl_import_sales: line 2, column 'Item Price': 'twenty' is not an amount (an amount such as $1,234.50)"},
    {"SELECT vl_import_sales(CAST('a,b\n1,2\n' AS BLOB), NULL, 'u1')",
     "vaultlister: vl_import_sales: no known header row in the first 15 lines (an eBay orders report, a Poshmark sales report or a Mercari sales CSV)"},

    // ---- domain rules: refused writes (sql/triggers/*.sql) ------------------------------------------
    {"INSERT INTO sales(user_id, platform, sale_price, status) VALUES ('u1', 'ebay', 10, NULL)",
     "vaultlister: sales: status cannot be NULL (name one of the statuses, or leave it out for pending)"},
    {"UPDATE sales SET status = 'delivered' WHERE id = 's1'",
     "vaultlister: sales: status cannot move from pending to delivered (allowed: pending -> confirmed, shipped, cancelled)"},
    {"INSERT INTO sales(user_id, platform, sale_price) VALUES ('u1', 'ebay', -1)",
     "vaultlister: sales: sale_price must be a number >= 0 (got a negative or non-numeric value)"},
    {"INSERT INTO sales(user_id, platform, sale_price, platform_fee) VALUES ('u1', 'ebay', 10, 'lots')",
     "vaultlister: sales: platform_fee must be a number >= 0 (got a negative or non-numeric value)"},
    {"INSERT INTO sales(user_id, listing_id, platform, sale_price) VALUES ('u2', 'l1', 'ebay', 10)",
     "vaultlister: sales: listing_id names a listing of another user (use a listing of the same user_id)"},
    {"UPDATE inventory SET quantity = -1 WHERE id = 'item-1'",
     "vaultlister: inventory: quantity must be a whole number >= 0 (got a negative or non-numeric value)"},
    {"UPDATE inventory SET cost_price = -0.01 WHERE id = 'item-1'",
     "vaultlister: inventory: cost_price must be a number >= 0 (got a negative or non-numeric value)"},
    {"INSERT INTO inventory(id, user_id, title, list_price, tags) VALUES ('t9', 'u1', 'x', 1, '[1]')",
     "vaultlister: inventory: tags must be a JSON array of non-empty strings (for example [\"vintage\",\"denim\"])"},
    {"INSERT INTO listings(inventory_id, user_id, platform, title, price) VALUES ('sold-1', 'u1', 'etsy', 'x', 5)",
     "vaultlister: listings: the item is sold out, sold or deleted (restock or restore the item before listing it)"},
    {"INSERT INTO listings(inventory_id, user_id, platform, title, price) VALUES ('item-1', 'u2', 'etsy', 'x', 5)",
     "vaultlister: listings: inventory_id names an item of another user (list an item of the same user_id)"},
    {"UPDATE listings SET status = 'sold' WHERE id = 'l-draft'",
     "vaultlister: listings: status cannot move from draft to sold (allowed: draft -> pending, active, archived)"},
    {"UPDATE listings SET price = -5 WHERE id = 'l1'",
     "vaultlister: listings: price must be a number >= 0 (got a negative or non-numeric value)"},
    {"INSERT INTO offers(user_id, listing_id, platform, offer_amount) VALUES ('u1', 'l1', 'ebay', 0)",
     "vaultlister: offers: offer_amount must be greater than 0 (give the amount the buyer offered)"},
    {"UPDATE offers SET status = 'countered' WHERE id = 'o1'",
     "vaultlister: offers: a countered offer needs counter_amount greater than 0 (set counter_amount with the status)"},
    {"INSERT INTO shops(user_id, platform, credentials) VALUES ('u1', 'mercari', '{\"token\":\"plain\"}')",
     "vaultlister: shops: credentials must be an encrypted envelope, not plaintext (store encrypt(credentials): gcm:<24 hex>:<32 hex>:<hex>)"},
    {"UPDATE shops SET credentials = 'hunter2' WHERE id = 'shop-1'",
     "vaultlister: shops: credentials must be an encrypted envelope, not plaintext (store encrypt(credentials): gcm:<24 hex>:<32 hex>:<hex>)"},
    {"INSERT INTO api_keys(user_id, name, key_prefix, key_hash) VALUES ('u1', 'k', 'vl_', 'vl_live_plainkey')",
     "vaultlister: api_keys: key_hash must be the sha-256 of the key as 64 lower-case hex digits (store vl_sha256(key), never the key)"},
    {"UPDATE audit_logs SET action = 'nothing happened'",
     "vaultlister: audit_logs: rows are append-only (insert a new row instead; DELETE stays possible for retention)"},

    // ---- huge and malformed inputs (api.md) -------------------------------------------------------
    {"SELECT vl_json_valid('[' || replace(hex(zeroblob(8388608)), '0', '1') || ']', '{}')",
     "vaultlister: vl_json_valid: document is larger than 16 MiB (16777218 bytes) (a document of at most 16777216 bytes)"},
    {"SELECT vl_json_valid(replace(hex(zeroblob(150)), '0', '[') || replace(hex(zeroblob(150)), '0', ']'), '{}')",
     "vaultlister: vl_json_valid: document nests deeper than 256 levels (at most 256 levels of nesting)"},
    {"SELECT vl_random_token(1025)",
     "vaultlister: vl_random_token: nbytes is out of range: 1025 (an integer from 1 to 1024)"},

    // ---- the seller's numbers (0006_analytics) ---------------------------------------------------
    {"SELECT vl_allocate_lot('empty', 'fifo')",
     "vaultlister: vl_allocate_lot: unknown method 'fifo' ('even' or 'value')"},
    {"SELECT * FROM vl_cogs(1800)",
     "vaultlister: vl_cogs: year 1800 is out of range (a calendar year from 1900 to 9999)"},
    {"SELECT * FROM vl_1099k(2025, 'nobody')",
     "vaultlister: vl_1099k: no user with id 'nobody' (the id of a row in users)"},
};
// clang-format on

// The shared fixture: a migrated file with a little of everything the cases touch.
const char* kFixture = R"sql(
SELECT vl_migrate();
ATTACH ':memory:' AS empty;
CREATE TABLE empty.keep(x); INSERT INTO empty.keep VALUES ('attached row');
INSERT INTO users(id, email, password_hash, username) VALUES
  ('u1', 'ann@example.com', 'h1', 'ann'), ('u2', 'bob@example.com', 'h2', 'bob');
INSERT INTO users(id, email, password_hash, username, timezone) VALUES ('u3', 'cy@example.com', 'h3', 'cy', 'Mars/Base');
INSERT INTO automation_rules(id, user_id, name, type, platform, schedule, last_run_at)
  VALUES ('r1', 'u3', 'morning share', 'share', 'poshmark', '0 9 * * *', '2026-03-01T14:00:00.000Z');
INSERT INTO inventory(id, user_id, sku, title, brand, list_price, cost_price, quantity, status, tags) VALUES
  ('item-1', 'u1', 'PAT-1', 'Patagonia Fleece', 'Patagonia', 50, 12, 3, 'active', '["outdoor"]'),
  ('sold-1', 'u1', 'OLD-1', 'Sold Shirt', NULL, 20, 5, 0, 'sold', '[]');
INSERT INTO listings(id, inventory_id, user_id, platform, title, price, status) VALUES
  ('l1', 'item-1', 'u1', 'ebay', 'Patagonia Fleece', 50, 'active'),
  ('l-draft', 'item-1', 'u1', 'poshmark', 'Patagonia Fleece', 52, 'draft');
INSERT INTO sales(id, user_id, listing_id, platform, sale_price, platform_fee) VALUES ('s1', 'u1', 'l1', 'ebay', 50, 6.6);
INSERT INTO offers(id, user_id, listing_id, platform, offer_amount) VALUES ('o1', 'u1', 'l1', 'ebay', 40);
INSERT INTO shops(id, user_id, platform, is_connected, credentials)
  VALUES ('shop-1', 'u1', 'ebay', 1, 'gcm:00112233445566778899aabb:00112233445566778899aabbccddeeff:c0ffee');
)sql";

// The schema and every row of main and of the attached `empty`.
std::string snapshot(vltest::Db& db) { return db.snapshot("main") + db.snapshot("empty"); }

TEST(BadInputs, EachIsRefusedWithItsExactErrorAndChangesNothing) {
  vltest::Db db(vltest::temp_path("bad_inputs.db"));
  db.exec("SELECT vl_set_key('docs-example-key-0123456789abcdef!')");  // the docs runner's key
  db.exec(kFixture);
  const std::string before = snapshot(db);
  ASSERT_NE(before.find("## sales\n's1'"), std::string::npos) << "the fixture is not in place";
  for (const BadInput& c : kBadInputs) {
    SCOPED_TRACE(c.sql);
    EXPECT_EQ(db.error(c.sql), c.error);
    EXPECT_EQ(sqlite3_get_autocommit(db.get()), 1) << "a transaction was left open";
    EXPECT_EQ(snapshot(db), before);
  }
}

// Every "Error:" example of docs/sql/*.md is in the table above, with the same message.
TEST(BadInputs, TheTableHoldsEveryDocumentedErrorExample) {
  std::set<std::string> messages;
  for (const BadInput& c : kBadInputs) messages.insert(c.error);
  int examples = 0;
  const std::regex block("```output\n((?:[^`]|`(?!``))*)```");
  for (const auto& entry : std::filesystem::directory_iterator(std::string(VL_SOURCE_DIR) + "/docs/sql")) {
    if (entry.path().extension() != ".md") continue;
    std::string text = vltest::read_source("docs/sql/" + entry.path().filename().string());
    for (std::sregex_iterator it(text.begin(), text.end(), block), end; it != end; ++it) {
      std::istringstream lines((*it)[1].str());
      for (std::string line; std::getline(lines, line);) {
        if (line.rfind("Error: ", 0) != 0) continue;
        ++examples;
        EXPECT_EQ(messages.count(line.substr(7)), 1u) << entry.path().filename() << ": " << line;
      }
    }
  }
  EXPECT_GE(examples, 60);
}

}  // namespace
