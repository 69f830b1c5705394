// vl_due_rules: which automation rules are due at `now`, in their owner's
// time zone, from last_run_at (or created_at) in either stored time format.
#include <gtest/gtest.h>

#include "tests/support/testdb.h"

using vltest::Db;

namespace {

void seed(Db& db) {
  db.exec("SELECT vl_migrate()");
  db.exec("INSERT INTO users (id, email, password_hash, username, timezone) VALUES "
          "('u-ny', 'ny@example.com', 'x', 'ny', 'America/New_York'), "
          "('u-utc', 'utc@example.com', 'x', 'utc', 'UTC'), "
          "('u-null', 'null@example.com', 'x', 'nullzone', NULL)");
  // created_at / last_run_at in both formats the database holds.
  db.exec("INSERT INTO automation_rules (id, user_id, name, type, platform, is_enabled, schedule, "
          "last_run_at, created_at) VALUES "
          "('r-daily9', 'u-ny', 'share 9am NY', 'share', 'poshmark', 1, '0 9 * * *', "
          " '2026-03-01T14:00:00.000Z', '2026-01-01 00:00:00'), "
          "('r-hourly', 'u-utc', 'hourly', 'relist', 'ebay', 1, '@hourly', NULL, "
          " '2026-03-02 12:10:00'), "
          "('r-off', 'u-utc', 'disabled', 'share', NULL, 0, '* * * * *', NULL, "
          " '2026-01-01 00:00:00'), "
          "('r-nosched', 'u-utc', 'manual', 'custom', NULL, 1, NULL, NULL, '2026-01-01 00:00:00'), "
          "('r-blank', 'u-utc', 'blank', 'custom', NULL, 1, '  ', NULL, '2026-01-01 00:00:00'), "
          "('r-nullzone', 'u-null', 'null zone', 'offer', NULL, 1, '0 9 * * *', "
          " '2026-03-01 14:00:00', '2026-01-01')");
}

TEST(DueRulesSql, DueAtNowInOwnersZone) {
  Db db;
  seed(db);
  // 13:59 UTC = 08:59 EST: the 9am NY rules are not yet due; hourly is (13:00).
  EXPECT_EQ(db.table("SELECT rule_id, due_at FROM vl_due_rules('2026-03-02 13:59:00')"),
            "r-hourly|2026-03-02 13:00:00");
  // 14:00 UTC = 09:00 EST: due exactly at their fire time.
  EXPECT_EQ(db.table("SELECT rule_id, user_id, name, type, platform, schedule, timezone, due_at "
                     "FROM vl_due_rules('2026-03-02T14:00:00.000Z')"),
            "r-hourly|u-utc|hourly|relist|ebay|@hourly|UTC|2026-03-02 13:00:00\n"
            "r-daily9|u-ny|share 9am NY|share|poshmark|0 9 * * *|America/New_York|"
            "2026-03-02 14:00:00\n"
            "r-nullzone|u-null|null zone|offer|NULL|0 9 * * *|America/New_York|2026-03-02 14:00:00");
  // After DST starts (2026-03-08), 9am NY is 13:00 UTC; due_at is the first
  // missed fire time.
  EXPECT_EQ(db.text("SELECT due_at FROM vl_due_rules('2026-03-10') WHERE rule_id = 'r-daily9'"),
            "2026-03-02 14:00:00");
  db.exec("UPDATE automation_rules SET last_run_at = '2026-03-09 12:00:00' WHERE id = 'r-daily9'");
  EXPECT_EQ(db.text("SELECT due_at FROM vl_due_rules('2026-03-09 13:00:00') "
                    "WHERE rule_id = 'r-daily9'"),
            "2026-03-09 13:00:00");
  EXPECT_EQ(db.text("SELECT now FROM vl_due_rules('2026-03-09 13:00:00') LIMIT 1"),
            "2026-03-09 13:00:00");
}

TEST(DueRulesSql, DisabledAndUnscheduledNeverAppear) {
  Db db;
  seed(db);
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_due_rules('2030-01-01') "
                       "WHERE rule_id IN ('r-off', 'r-nosched', 'r-blank')"),
            0);
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_due_rules('2030-01-01')"), 3);
  db.exec("UPDATE automation_rules SET is_enabled = 1 WHERE id = 'r-off'");
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_due_rules('2030-01-01')"), 4);
}

TEST(DueRulesSql, NullNowAndRefusals) {
  Db db;
  seed(db);
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_due_rules(NULL)"), 0);
  EXPECT_EQ(db.error("SELECT * FROM vl_due_rules('tomorrow')"),
            "vaultlister: vl_due_rules: now 'tomorrow' is not a date-time ('YYYY-MM-DD HH:MM:SS', "
            "'YYYY-MM-DD' or ISO 8601 such as '2026-03-01T10:00:00.000Z', in UTC)");
  EXPECT_EQ(db.error("SELECT * FROM vl_due_rules(x'00')"),
            "vaultlister: vl_due_rules: now is a blob (text)");
  EXPECT_NE(db.error("SELECT * FROM vl_due_rules"), "");  // now is required
  db.exec("UPDATE users SET timezone = 'Mars/Base' WHERE id = 'u-utc'");
  EXPECT_EQ(db.error("SELECT * FROM vl_due_rules('2030-01-01')"),
            "vaultlister: vl_due_rules: rule 'r-hourly' owner has unknown time zone 'Mars/Base' "
            "(an IANA time zone name such as 'America/New_York', or NULL for UTC)");
  db.exec("UPDATE users SET timezone = 'UTC' WHERE id = 'u-utc'");
  db.exec("UPDATE automation_rules SET schedule = '0 25 * * *' WHERE id = 'r-hourly'");
  EXPECT_EQ(db.error("SELECT * FROM vl_due_rules('2030-01-01')"),
            "vaultlister: vl_due_rules: rule 'r-hourly' schedule: bad hour '25': 25 is out of "
            "range (hour is 0-23; use *, lists a,b, ranges a-b and steps /n)");
  db.exec("UPDATE automation_rules SET schedule = '@hourly', last_run_at = 'last week' "
          "WHERE id = 'r-hourly'");
  EXPECT_EQ(db.error("SELECT * FROM vl_due_rules('2030-01-01')"),
            "vaultlister: vl_due_rules: rule 'r-hourly' last_run_at/created_at 'last week' is not "
            "a date-time ('YYYY-MM-DD HH:MM:SS', 'YYYY-MM-DD' or ISO 8601 such as "
            "'2026-03-01T10:00:00.000Z', in UTC)");
}

TEST(DueRulesSql, NeverRunAndNoCreatedAtIsDueNow) {
  Db db;
  seed(db);
  db.exec("UPDATE automation_rules SET created_at = NULL, last_run_at = NULL "
          "WHERE id = 'r-hourly'");
  EXPECT_EQ(db.text("SELECT due_at FROM vl_due_rules('2026-03-02 12:34:56') "
                    "WHERE rule_id = 'r-hourly'"),
            "2026-03-02 12:34:56");
}

TEST(DueRulesSql, WithoutTheSchemaTheErrorSaysSo) {
  Db db;
  EXPECT_NE(db.error("SELECT * FROM vl_due_rules('2026-01-01')").find("automation_rules"),
            std::string::npos);
}

}  // namespace

TEST(DueRulesEdges, AScheduleThatNeverFiresAgainIsNotDue) {
  vltest::ShopFile s("due-edges.db");
  s.db.exec("INSERT INTO automation_rules(id, user_id, name, type, platform, schedule, last_run_at) VALUES "
            "('r1', 'u1', 'new year', 'share', 'poshmark', '0 0 1 1 *', '9999-06-01 00:00:00'),"
            "('r2', 'u1', 'daily', 'share', 'poshmark', '0 9 * * *', '2026-01-01 00:00:00')");
  EXPECT_EQ(s.db.table("SELECT rule_id, due_at FROM vl_due_rules('9999-12-31 23:00:00')"),
            "r2|2026-01-01 14:00:00");
  EXPECT_EQ(s.db.integer("SELECT count(*) FROM vl_due_rules(NULL)"), 0);
}

// The plan (core/vtab.h): idxNum bit 0 = the required time given.
TEST(DueRules, QueryPlanTakesTheTimeItIsGiven) {
  Db db;
  EXPECT_EQ(db.plan("SELECT * FROM vl_due_rules('2026-11-25 12:00:00')"), "SCAN vl_due_rules VIRTUAL TABLE INDEX 1:");
  EXPECT_EQ(db.error("SELECT * FROM vl_due_rules"), "no query solution");
}
