// domain-rules.md, "Everywhere": updated_at, tenancy, no negative money or
// quantities. Run through a connection that never loaded the extension.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <vector>

#include "tests/sql/rules_support.h"

namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(RulesCommon, UpdatedAtIsRefreshedUnlessSet) {
  auto db = rules::plain_db("common_touch.db");
  db->exec("INSERT INTO inventory(id, user_id, title, list_price, updated_at) VALUES ('i1', 'u1', 'Coat', 10, '2000-01-01 00:00:00')");
  db->exec("UPDATE inventory SET notes = 'x' WHERE id = 'i1'");
  EXPECT_EQ(db->integer("SELECT updated_at BETWEEN datetime('now', '-60 seconds') AND CURRENT_TIMESTAMP FROM inventory WHERE id = 'i1'"), 1);
  db->exec("UPDATE inventory SET notes = 'y', updated_at = '2001-02-03 04:05:06' WHERE id = 'i1'");
  EXPECT_EQ(db->text("SELECT updated_at FROM inventory WHERE id = 'i1'"), "2001-02-03 04:05:06");
  // Also under recursive triggers: no loop, same result.
  db->exec("PRAGMA recursive_triggers = ON; UPDATE inventory SET notes = 'z' WHERE id = 'i1'");
  EXPECT_EQ(db->integer("SELECT updated_at BETWEEN datetime('now', '-60 seconds') AND CURRENT_TIMESTAMP FROM inventory WHERE id = 'i1'"), 1);
  db->exec("UPDATE users SET full_name = 'A', updated_at = '1999-01-01' WHERE id = 'u1'; UPDATE users SET full_name = 'B' WHERE id = 'u1'");
  EXPECT_EQ(db->integer("SELECT updated_at BETWEEN datetime('now', '-60 seconds') AND CURRENT_TIMESTAMP FROM users WHERE id = 'u1'"), 1);
}

TEST(RulesCommon, CrossUserReferencesAreRefused) {
  auto db = rules::plain_db("common_tenancy.db");
  db->exec("INSERT INTO inventory(id, user_id, title, list_price) VALUES ('i1', 'u1', 'Coat', 10), ('i2', 'u2', 'Hat', 5);"
           "INSERT INTO listings(id, inventory_id, user_id, platform, title, price) VALUES ('l1', 'i1', 'u1', 'ebay', 'Coat', 10);"
           "INSERT INTO sales(id, user_id, inventory_id, platform, sale_price, status) VALUES ('s1', 'u1', 'i1', 'ebay', 10, 'cancelled')");
  EXPECT_EQ(db->error("INSERT INTO listings(inventory_id, user_id, platform, title, price) VALUES ('i1', 'u2', 'ebay', 't', 1)"),
            "vaultlister: listings: inventory_id names an item of another user (list an item of the same user_id)");
  EXPECT_EQ(db->error("UPDATE listings SET user_id = 'u2' WHERE id = 'l1'"),
            "vaultlister: listings: inventory_id names an item of another user (list an item of the same user_id)");
  EXPECT_EQ(db->error("INSERT INTO sales(user_id, listing_id, platform, sale_price) VALUES ('u2', 'l1', 'ebay', 1)"),
            "vaultlister: sales: listing_id names a listing of another user (use a listing of the same user_id)");
  EXPECT_EQ(db->error("INSERT INTO sales(user_id, inventory_id, platform, sale_price) VALUES ('u2', 'i1', 'ebay', 1)"),
            "vaultlister: sales: inventory_id names an item of another user (use an item of the same user_id)");
  EXPECT_EQ(db->error("INSERT INTO sales(user_id, listing_id, inventory_id, platform, sale_price) VALUES ('u1', 'l1', 'i2', 'ebay', 1)"),
            "vaultlister: sales: inventory_id names an item of another user (use an item of the same user_id)");
  db->exec("INSERT INTO inventory(id, user_id, title, list_price) VALUES ('i3', 'u1', 'Scarf', 5)");
  EXPECT_EQ(db->error("INSERT INTO sales(user_id, listing_id, inventory_id, platform, sale_price) VALUES ('u1', 'l1', 'i3', 'ebay', 1)"),
            "vaultlister: sales: listing_id and inventory_id name different items (give the listing's inventory_id, or leave inventory_id NULL)");
  EXPECT_EQ(db->error("INSERT INTO offers(user_id, listing_id, platform, offer_amount) VALUES ('u2', 'l1', 'ebay', 1)"),
            "vaultlister: offers: listing_id names a listing of another user (use a listing of the same user_id)");
  EXPECT_EQ(db->error("INSERT INTO returns(user_id, sale_id) VALUES ('u2', 's1')"),
            "vaultlister: returns: sale_id names a sale of another user (use a sale of the same user_id)");
  EXPECT_EQ(db->error("INSERT INTO price_history(inventory_id, user_id) VALUES ('i1', 'u2')"),
            "vaultlister: price_history: inventory_id names an item of another user (use an item of the same user_id)");
  EXPECT_EQ(db->error("INSERT INTO image_assets(user_id, inventory_id, url) VALUES ('u2', 'i1', 'https://x')"),
            "vaultlister: image_assets: inventory_id names an item of another user (use an item of the same user_id)");
  EXPECT_EQ(db->error("INSERT INTO messages(user_id, platform, listing_id, direction, body) VALUES ('u2', 'ebay', 'l1', 'inbound', 'hi')"),
            "vaultlister: messages: listing_id names a listing of another user (use a listing of the same user_id)");
  db->exec("INSERT INTO bundles(id, user_id) VALUES ('b2', 'u2')");
  EXPECT_EQ(db->error("INSERT INTO bundle_items(bundle_id, inventory_id) VALUES ('b2', 'i1')"),
            "vaultlister: bundle_items: inventory_id names an item of another user than the bundle's (bundle items of the bundle owner only)");
  EXPECT_EQ(db->error("INSERT INTO bundles(user_id, sale_id) VALUES ('u2', 's1')"),
            "vaultlister: bundles: sale_id names a sale of another user (use a sale of the same user_id)");
  db->exec("INSERT INTO tags(id, user_id, name) VALUES ('t2', 'u2', 'mine')");
  EXPECT_EQ(db->error("INSERT INTO inventory_tags(inventory_id, tag_id) VALUES ('i1', 't2')"),
            "vaultlister: inventory_tags: tag_id names a tag of another user (tag an item with its owner's tags)");
  db->exec("INSERT INTO automation_rules(id, user_id, name, type) VALUES ('r2', 'u2', 'r', 'share')");
  EXPECT_EQ(db->error("INSERT INTO automation_logs(user_id, rule_id, type) VALUES ('u1', 'r2', 'share')"),
            "vaultlister: automation_logs: rule_id names a rule of another user (log runs of the same user's rules)");
  // Refused writes changed nothing; same-user references pass.
  EXPECT_EQ(db->integer("SELECT count(*) FROM listings"), 1);
  EXPECT_EQ(db->integer("SELECT count(*) FROM sales"), 1);
  EXPECT_EQ(db->error("INSERT INTO returns(user_id, sale_id) VALUES ('u1', 's1')"), "");
  // A dangling reference is the foreign key's business, not tenancy's.
  EXPECT_EQ(db->error("INSERT INTO sales(user_id, inventory_id, platform, sale_price) VALUES ('u1', 'nope', 'ebay', 1)"),
            "FOREIGN KEY constraint failed");
}

TEST(RulesCommon, NegativeAndNonNumericMoneyIsRefusedWithOurMessage) {
  auto db = rules::plain_db("common_money.db");
  EXPECT_EQ(db->error("INSERT INTO inventory(user_id, title, list_price) VALUES ('u1', 'x', -1)"),
            "vaultlister: inventory: list_price must be a number >= 0 (got a negative or non-numeric value)");
  EXPECT_EQ(db->error("INSERT INTO inventory(user_id, title, list_price, cost_price) VALUES ('u1', 'x', 1, 'abc')"),
            "vaultlister: inventory: cost_price must be a number >= 0 (got a negative or non-numeric value)");
  EXPECT_EQ(db->error("INSERT INTO inventory(user_id, title, list_price, quantity) VALUES ('u1', 'x', 1, 1.5)"),
            "vaultlister: inventory: quantity must be a whole number >= 0 (got a negative or non-numeric value)");
  EXPECT_EQ(db->error("INSERT INTO inventory(user_id, title, list_price, cost_price) VALUES ('u1', 'x', 1, x'00')"),
            "vaultlister: inventory: cost_price must be a number >= 0 (got a negative or non-numeric value)");
  // Numeric text is converted by the column's affinity and accepted; 0 and NULL are fine.
  db->exec("INSERT INTO inventory(id, user_id, title, list_price, cost_price, quantity) VALUES ('i1', 'u1', 'x', '12.50', NULL, 0)");
  EXPECT_EQ(db->text("SELECT typeof(list_price) || ' ' || list_price FROM inventory"), "real 12.5");
  EXPECT_EQ(db->error("UPDATE inventory SET quantity = -1 WHERE id = 'i1'"),
            "vaultlister: inventory: quantity must be a whole number >= 0 (got a negative or non-numeric value)");
  EXPECT_EQ(db->error("INSERT INTO sales(user_id, platform, sale_price, platform_fee) VALUES ('u1', 'ebay', 5, -0.01)"),
            "vaultlister: sales: platform_fee must be a number >= 0 (got a negative or non-numeric value)");
  EXPECT_EQ(db->error("INSERT INTO sales(user_id, platform, sale_price) VALUES ('u1', 'ebay', 1e999 * -1)"),
            "vaultlister: sales: sale_price must be a number >= 0 (got a negative or non-numeric value)");
  EXPECT_EQ(db->error("INSERT INTO returns(user_id, sale_id, refund_amount) VALUES ('u1', 'x', -2)"),
            "vaultlister: returns: refund_amount must be a number >= 0 (got a negative or non-numeric value)");
  EXPECT_EQ(db->integer("SELECT count(*) FROM sales"), 0);
  EXPECT_EQ(db->text("SELECT quantity FROM inventory"), "0");
}

// Every *_amounts_* column, each storage class: a non-negative number or NULL passes, a
// negative number, a word or a blob is refused (the type test is typeof(x) IN ('text', 'blob')).
TEST(RulesCommon, AmountChecksRefuseExactlyTextAndBlobAndNegatives) {
  auto db = rules::plain_db("common_amount_types.db");
  db->exec("INSERT INTO inventory(id, user_id, title, list_price) VALUES ('i1', 'u1', 'x', 1)");
  db->exec("INSERT INTO listings(id, inventory_id, user_id, platform, title, price) VALUES ('l1', 'i1', 'u1', 'ebay', 'x', 1)");
  const char* ok[] = {"0", "0.0", "-0.0", "3", "2.75", "'4'", "'4.5'", "NULL", "9223372036854775807", "1e308"};
  const char* bad[] = {"-1", "-0.01", "'abc'", "''", "'4x'", "x'00'", "x''", "'-3'"};
  for (const char* v : ok) {
    EXPECT_EQ(db->error(std::string("UPDATE listings SET shipping_price = ") + v + " WHERE id = 'l1'"), "") << v;
    EXPECT_EQ(db->error(std::string("UPDATE inventory SET cost_price = ") + v + " WHERE id = 'i1'"), "") << v;
  }
  for (const char* v : bad) {
    EXPECT_EQ(db->error(std::string("UPDATE listings SET shipping_price = ") + v + " WHERE id = 'l1'"),
              "vaultlister: listings: shipping_price must be a number >= 0 (got a negative or non-numeric value)") << v;
    EXPECT_EQ(db->error(std::string("INSERT INTO bundles(user_id, name, bundle_price) VALUES ('u1', 'b', ") + v + ")"),
              "vaultlister: bundles: bundle_price must be a number >= 0 (got a negative or non-numeric value)") << v;
  }
}

// The trigger families that cmake/sql_families.cmake writes from the directive lines of
// 10_common.sql, 45_analytics.sql and 80_outbox.sql: every table of each list has its triggers, and each outbox
// trigger matches and names its own event.
TEST(RulesCommon, GeneratedFamiliesAreInstalledAsListed) {
  auto db = rules::plain_db("common_families.db");
  auto names = [&](const std::string& where) {
    return db->text("SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'trigger' AND " +
                    where + " ORDER BY name)");
  };
  // (90_reference_data.sql writes the touch triggers of its platform_* tables itself.)
  EXPECT_EQ(names("name = tbl_name || '_touch' AND sql LIKE '%AFTER UPDATE ON%' AND tbl_name NOT LIKE 'platform%'"),
            "automation_rules_touch bundles_touch collaborations_touch expenses_touch feature_flags_touch "
            "image_assets_touch inventory_touch listing_templates_touch listings_touch lots_touch mileage_touch "
            "offers_touch reports_touch returns_touch sales_touch shipping_profiles_touch shops_touch "
            "user_preferences_touch users_touch webhooks_touch");
  EXPECT_EQ(names("(name = tbl_name || '_amounts_ins' AND sql LIKE '%BEFORE INSERT ON%') "
                  "OR (name = tbl_name || '_amounts_upd' AND sql LIKE '%BEFORE UPDATE OF%')"),
            "bundle_items_amounts_ins bundle_items_amounts_upd bundles_amounts_ins bundles_amounts_upd "
            "inventory_amounts_ins inventory_amounts_upd listings_amounts_ins listings_amounts_upd "
            "offers_amounts_ins offers_amounts_upd returns_amounts_ins returns_amounts_upd "
            "sales_amounts_ins sales_amounts_upd");
  // outbox_<a>_<b> delivers the event <a>.<b>: its event_type, its payload's "event", both matches.
  const std::string ev = "(substr(name, 8, instr(substr(name, 8), '_') - 1) || '.' || substr(name, 8 + instr(substr(name, 8), '_')))";
  EXPECT_EQ(names("name LIKE 'outbox%'"
                  " AND instr(sql, 'SELECT w.id, ''' || " + ev + " || ''', json_object(''event'', ''' || " + ev + " || ''',') > 0"
                  " AND instr(sql, '''\"' || " + ev + " || '\"''') > 0"
                  " AND instr(sql, 'e.value = ''' || " + ev + " || '''') > 0"),
            "outbox_inventory_low_stock outbox_inventory_oversold outbox_listing_sold outbox_offer_created "
            "outbox_sale_created outbox_sale_status_changed");
}

// Speed rule of the triggers (bench/README.md): SQLite codes an IN list of three or more
// constants as an ephemeral index rebuilt on every invocation of a trigger program, so no
// trigger may hold one (two constants are coded as two comparisons).
TEST(RulesCommon, NoTriggerHasAnInListOfThreeOrMoreConstants) {
  auto db = rules::plain_db("common_in_lists.db");
  const std::regex three(R"(IN\s*\(\s*'[^']*'\s*,\s*'[^']*'\s*,)", std::regex::icase);
  std::string found;
  for (const std::string& row : split_lines(db->table("SELECT name || ':' || replace(sql, char(10), ' ') FROM sqlite_master WHERE type = 'trigger'"))) {
    if (std::regex_search(row, three)) found += row.substr(0, row.find(':')) + " ";
  }
  EXPECT_EQ(found, "");
}

}  // namespace
