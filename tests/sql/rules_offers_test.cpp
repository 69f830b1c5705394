// domain-rules.md, Offers, and vl_expire_offers().
#include <gtest/gtest.h>

#include "tests/sql/rules_support.h"

namespace {

std::unique_ptr<vltest::Db> offers_db(const std::string& name) {
  auto db = rules::plain_db(name);
  db->exec("INSERT INTO inventory(id, user_id, title, list_price) VALUES ('i1', 'u1', 'a', 10);"
           "INSERT INTO listings(id, inventory_id, user_id, platform, title, price) VALUES ('l1', 'i1', 'u1', 'ebay', 't', 10)");
  return db;
}

TEST(RulesOffers, AmountsStatusMachineAndRespondedAt) {
  auto db = offers_db("offers_rules.db");
  EXPECT_EQ(db->error("INSERT INTO offers(user_id, listing_id, platform, offer_amount) VALUES ('u1', 'l1', 'ebay', 0)"),
            "vaultlister: offers: offer_amount must be greater than 0 (give the amount the buyer offered)");
  EXPECT_EQ(db->error("INSERT INTO offers(user_id, listing_id, platform, offer_amount, status) VALUES ('u1', 'l1', 'ebay', 5, 'countered')"),
            "vaultlister: offers: a countered offer needs counter_amount greater than 0 (set counter_amount with the status)");
  db->exec("INSERT INTO offers(id, user_id, listing_id, platform, offer_amount) VALUES ('o1', 'u1', 'l1', 'ebay', 5)");
  EXPECT_EQ(db->error("UPDATE offers SET offer_amount = -1"),
            "vaultlister: offers: offer_amount must be a number >= 0 (got a negative or non-numeric value)");
  EXPECT_EQ(db->error("UPDATE offers SET status = 'countered', counter_amount = 0"),
            "vaultlister: offers: a countered offer needs counter_amount greater than 0 (set counter_amount with the status)");
  EXPECT_EQ(db->text("SELECT responded_at FROM offers"), "NULL");
  db->exec("UPDATE offers SET status = 'countered', counter_amount = 8");
  std::string first = db->text("SELECT responded_at FROM offers");
  EXPECT_NE(first, "NULL");
  db->exec("UPDATE offers SET status = 'countered', counter_amount = 7.5");
  db->exec("UPDATE offers SET status = 'accepted'");
  EXPECT_EQ(db->text("SELECT responded_at FROM offers"), first);
  EXPECT_EQ(db->error("UPDATE offers SET status = 'pending'"),
            "vaultlister: offers: status cannot move from accepted to pending (accepted is final)");
  db->exec("INSERT INTO offers(id, user_id, listing_id, platform, offer_amount, status) VALUES ('o2', 'u1', 'l1', 'ebay', 5, 'declined')");
  EXPECT_NE(db->text("SELECT responded_at FROM offers WHERE id = 'o2'"), "NULL");
}

TEST(VlExpireOffers, MarksPassedOffersWhateverTheTimestampForm) {
  std::string path = vltest::temp_path("offers_expire.db");
  vltest::Db db(path);
  db.exec("SELECT vl_migrate()");
  db.exec("INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'a@x', 'h', 'a');"
          "INSERT INTO inventory(id, user_id, title, list_price) VALUES ('i1', 'u1', 'a', 10);"
          "INSERT INTO listings(id, inventory_id, user_id, platform, title, price) VALUES ('l1', 'i1', 'u1', 'ebay', 't', 10);"
          "INSERT INTO offers(id, user_id, listing_id, platform, offer_amount, expires_at) VALUES "
          "('a', 'u1', 'l1', 'ebay', 5, '2026-11-25 10:00:00'),"
          "('b', 'u1', 'l1', 'ebay', 5, '2026-11-25T11:30:00Z'),"
          "('c', 'u1', 'l1', 'ebay', 5, '2026-11-25T13:00:00.000Z'),"
          "('d', 'u1', 'l1', 'ebay', 5, NULL)");
  db.exec("INSERT INTO offers(id, user_id, listing_id, platform, offer_amount, status, counter_amount, expires_at) VALUES "
          "('e', 'u1', 'l1', 'ebay', 5, 'countered', 6, '2026-11-24 00:00:00'),"
          "('f', 'u1', 'l1', 'ebay', 5, 'accepted', NULL, '2026-11-24 00:00:00')");
  // Text comparison would call 'b' later than 12:00 ("T" > " "): julianday does not.
  EXPECT_EQ(db.integer("SELECT vl_expire_offers('2026-11-25 12:00:00')"), 3);
  EXPECT_EQ(db.table("SELECT id, status FROM offers ORDER BY id"),
            "a|expired\nb|expired\nc|pending\nd|pending\ne|expired\nf|accepted");
  EXPECT_EQ(db.integer("SELECT vl_expire_offers('2026-11-25 12:00:00')"), 0);
  // Without an argument: the current time. One offer far in the past, one far in the future.
  db.exec("UPDATE offers SET expires_at = '9999-12-31T00:00:00Z' WHERE id = 'c';"
          "INSERT INTO offers(id, user_id, listing_id, platform, offer_amount, expires_at) VALUES ('g', 'u1', 'l1', 'ebay', 5, '2000-01-01')");
  EXPECT_EQ(db.integer("SELECT vl_expire_offers()"), 1);
  EXPECT_EQ(db.table("SELECT id FROM offers WHERE status = 'pending' ORDER BY id"), "c\nd");
  EXPECT_EQ(db.error("SELECT vl_expire_offers(NULL)"),
            "vaultlister: vl_expire_offers: now is NULL (a date and time such as '2026-11-25 12:00:00', or no argument for the current time)");
  EXPECT_EQ(db.error("SELECT vl_expire_offers('soon')"),
            "vaultlister: vl_expire_offers: now is not a date and time (a date and time such as '2026-11-25 12:00:00' or '2026-11-25T12:00:00Z')");
  EXPECT_EQ(db.error("SELECT vl_expire_offers('')"),
            "vaultlister: vl_expire_offers: now is not a date and time (a date and time such as '2026-11-25 12:00:00' or '2026-11-25T12:00:00Z')");
  EXPECT_EQ(db.error("SELECT vl_expire_offers(x'00')").rfind("vaultlister: vl_expire_offers: now ", 0), 0u);
  EXPECT_EQ(db.error("SELECT vl_expire_offers(char(0xd800))").rfind("vaultlister: vl_expire_offers: ", 0), 0u);
  EXPECT_EQ(db.error("SELECT vl_expire_offers(1, 2)").rfind("vaultlister: vl_expire_offers: ", 0), 0u);
  EXPECT_EQ(db.error("CREATE VIEW v AS SELECT vl_expire_offers(); SELECT * FROM v").empty(), false);
  vltest::Db bare;
  EXPECT_EQ(bare.error("SELECT vl_expire_offers()"),
            "vaultlister: vl_expire_offers: database 'main' has no offers table (run SELECT vl_migrate() first)");
}

}  // namespace
