// domain-rules.md, Automation (run counts) and Outbox (webhook_deliveries).
#include <gtest/gtest.h>

#include "tests/sql/rules_support.h"

namespace {

TEST(RulesAutomation, LogsCountOnTheirRule) {
  auto db = rules::plain_db("automation.db");
  db->exec("INSERT INTO automation_rules(id, user_id, name, type) VALUES ('r1', 'u1', 'share', 'share')");
  db->exec("INSERT INTO automation_logs(user_id, rule_id, type, status, created_at) VALUES ('u1', 'r1', 'share', 'success', '2026-11-01 10:00:00')");
  db->exec("INSERT INTO automation_logs(user_id, rule_id, type, status, created_at) VALUES ('u1', 'r1', 'share', 'failure', '2026-11-02 10:00:00')");
  db->exec("INSERT INTO automation_logs(user_id, rule_id, type, status, created_at) VALUES ('u1', 'r1', 'share', 'skipped', '2026-11-03 10:00:00')");
  db->exec("INSERT INTO automation_logs(user_id, rule_id, type) VALUES ('u1', NULL, 'share')");  // no rule: nothing to count
  EXPECT_EQ(db->table("SELECT run_count, error_count, last_run_at FROM automation_rules"), "3|1|2026-11-03 10:00:00");
}

TEST(RulesOutbox, EventsReachOnlyActiveWebhooksThatAskForThem) {
  auto db = rules::plain_db("outbox.db");
  const std::string env = rules::kEnvelope;
  db->exec("INSERT INTO webhooks(id, user_id, url, secret, events) VALUES "
           "('wa', 'u1', 'https://a.test', '" + env + "', '[\"sale.created\",\"sale.status_changed\",\"offer.created\",\"listing.sold\",\"inventory.low_stock\",\"inventory.oversold\"]'),"
           "('wb', 'u1', 'https://b.test', '" + env + "', '[\"sale.created\"]'),"
           "('wc', 'u2', 'https://c.test', '" + env + "', '[\"sale.created\"]')");
  db->exec("INSERT INTO webhooks(id, user_id, url, secret, events, is_active) VALUES ('wd', 'u1', 'https://d.test', '" + env + "', '[\"sale.created\"]', 0)");
  db->exec("INSERT INTO inventory(id, user_id, title, list_price, quantity, low_stock_threshold, status) VALUES ('i1', 'u1', 'Tee', 10, 3, 1, 'active');"
           "INSERT INTO listings(id, inventory_id, user_id, platform, title, price, status) VALUES ('l1', 'i1', 'u1', 'ebay', 't', 10, 'active')");
  db->exec("INSERT INTO offers(id, user_id, listing_id, platform, offer_amount) VALUES ('o1', 'u1', 'l1', 'ebay', 8)");
  db->exec("INSERT INTO sales(id, user_id, listing_id, platform, sale_price) VALUES ('s1', 'u1', 'l1', 'ebay', 10)");   // 2
  db->exec("INSERT INTO sales(id, user_id, listing_id, platform, sale_price) VALUES ('s2', 'u1', 'l1', 'ebay', 10)");   // 1: low
  db->exec("INSERT INTO sales(id, user_id, listing_id, platform, sale_price) VALUES ('s3', 'u1', 'l1', 'ebay', 10)");   // 0: sold
  db->exec("INSERT INTO sales(id, user_id, inventory_id, platform, sale_price) VALUES ('s4', 'u1', 'i1', 'etsy', 10)"); // oversold
  db->exec("UPDATE sales SET status = 'confirmed' WHERE id = 's1'");
  EXPECT_EQ(db->table("SELECT webhook_id, event_type, coalesce(json_extract(payload, '$.sale_id'), json_extract(payload, '$.offer_id'), "
                      "json_extract(payload, '$.listing_id'), json_extract(payload, '$.inventory_id')) FROM webhook_deliveries "
                      "ORDER BY webhook_id, rowid"),
            "wa|offer.created|o1\nwa|sale.created|s1\nwa|sale.created|s2\nwa|inventory.low_stock|i1\nwa|sale.created|s3\n"
            "wa|listing.sold|l1\nwa|sale.created|s4\nwa|inventory.oversold|s4\nwa|sale.status_changed|s1\n"
            "wb|sale.created|s1\nwb|sale.created|s2\nwb|sale.created|s3\nwb|sale.created|s4");
  EXPECT_EQ(db->text("SELECT payload FROM webhook_deliveries WHERE event_type = 'sale.status_changed'"),
            "{\"event\":\"sale.status_changed\",\"sale_id\":\"s1\",\"platform\":\"ebay\",\"from\":\"pending\",\"to\":\"confirmed\"}");
  EXPECT_EQ(db->integer("SELECT count(*) FROM webhook_deliveries WHERE status <> 'pending' OR json_valid(payload) = 0"), 0);
}

}  // namespace

namespace {

// 80_outbox.sql matches the event with a text search when the events array is flat (no nested
// value, no escape) and falls back to json_each otherwise: either way exactly the webhooks whose
// array has a top-level string element equal to the event get a delivery.
TEST(RulesOutbox, EventMatchIsExactForEveryShapeOfTheEventsArray) {
  auto db = rules::plain_db("outbox_match.db");
  const std::string env = rules::kEnvelope;
  struct Hook { const char* id; const char* events; bool delivered; };
  const Hook hooks[] = {
      {"h01", R"(["sale.created"])", true},
      {"h02", R"(["offer.created","sale.created"])", true},
      {"h03", R"([ "sale.created" , 5, null, true, 1.5e3 ])", true},  // flat, with other scalars
      {"h04", R"(  ["sale.created"])", true},              // leading spaces: fallback
      {"h05", R"(["sale\u002ecreated"])", true},           // an escape: fallback decodes it
      {"h06", R"(["sale.created\u0020"])", false},
      {"h07", R"(["x\"sale.created"])", false},            // the text holds "sale.created" inside a string
      {"h08", R"(["x\"sale.created\"y"])", false},
      {"h09", R"([["sale.created"]])", false},             // nested array
      {"h10", R"([{"sale.created":1}])", false},           // object key
      {"h11", R"([{"e":"sale.created"}])", false},         // object value
      {"h12", R"(["[", "sale.created"])", true},           // a '[' inside a string: fallback
      {"h13", R"(["{", "sale.created"])", true},
      {"h14", R"(["sale.created2", "xsale.created", "SALE.CREATED"])", false},
      {"h15", R"([])", false},
      {"h16", R"(["sale.status_changed"])", false},
      {"h17", R"([1, "sale.created"])", true},
      {"h18", R"(["a/b", "sale.created"])", true},         // a '/' or a single quote: fallback
      {"h19", R"(["it''s", "sale.created"])", true},
  };
  for (const Hook& h : hooks) {
    db->exec(std::string("INSERT INTO webhooks(id, user_id, url, secret, events) VALUES ('") + h.id +
             "', 'u1', 'https://a.test', '" + env + "', '" + h.events + "')");
  }
  db->exec("INSERT INTO sales(id, user_id, platform, sale_price) VALUES ('s1', 'u1', 'ebay', 10)");
  std::string want;
  for (const Hook& h : hooks) {
    if (h.delivered) want += std::string(want.empty() ? "" : "\n") + h.id;
  }
  EXPECT_EQ(db->table("SELECT webhook_id FROM webhook_deliveries WHERE event_type = 'sale.created' ORDER BY webhook_id"), want);
  // The same answer as json_each over every webhook, for this event and the others.
  for (const char* ev : {"sale.created", "sale.status_changed", "offer.created"}) {
    EXPECT_EQ(db->integer(std::string("SELECT count(*) FROM webhooks w WHERE (instr(w.events, '\"") + ev +
                          "\"') > 0) AND NOT EXISTS (SELECT 1 FROM json_each(w.events) WHERE value = '" + ev +
                          "') AND substr(w.events, 1, 1) = '[' AND instr(substr(w.events, 2), '[') = 0"
                          " AND instr(w.events, '{') = 0 AND instr(w.events, '\\') = 0"
                          " AND instr(w.events, '''') = 0 AND instr(w.events, '/') = 0"),
              0) << ev;
  }
}

}  // namespace
