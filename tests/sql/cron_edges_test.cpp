// vl_cron_next and vl_cron at their edges (cron_test.cpp has the main
// cases): how long arguments are named in refusals, NULLs next to a zone,
// the hidden argument columns, a descending order, and a window of exactly
// the row cap.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/testdb.h"

using vltest::Db;

namespace {

const std::string kTimeExpected =
    "('YYYY-MM-DD HH:MM:SS', 'YYYY-MM-DD' or ISO 8601 such as '2026-03-01T10:00:00.000Z', in UTC)";
const std::string kZoneExpected = "(an IANA time zone name such as 'America/New_York', or NULL for UTC)";

}  // namespace

TEST(CronEdgesSql, LongTimesAndZonesAreNotEchoed) {
  Db db;
  std::string t40(40, '9'), t41(41, '9');
  EXPECT_EQ(db.error("SELECT vl_cron_next('* * * * *', '" + t40 + "')"),
            "vaultlister: vl_cron_next: after '" + t40 + "' is not a date-time " + kTimeExpected);
  EXPECT_EQ(db.error("SELECT vl_cron_next('* * * * *', '" + t41 + "')"),
            "vaultlister: vl_cron_next: after of 41 characters is not a date-time " + kTimeExpected);
  EXPECT_EQ(db.error("SELECT * FROM vl_cron('* * * * *', '2026-01-01', '" + t41 + "')"),
            "vaultlister: vl_cron: stop of 41 characters is not a date-time " + kTimeExpected);
  std::string z60 = "Mars/" + std::string(55, 'x'), z61 = z60 + "x";
  EXPECT_EQ(db.error("SELECT vl_cron_next('* * * * *', '2026-01-01', '" + z60 + "')"),
            "vaultlister: vl_cron_next: unknown time zone '" + z60 + "' " + kZoneExpected);
  EXPECT_EQ(db.error("SELECT vl_cron_next('* * * * *', '2026-01-01', '" + z61 + "')"),
            "vaultlister: vl_cron_next: unknown time zone of 61 characters " + kZoneExpected);
  EXPECT_EQ(db.error("SELECT * FROM vl_cron('* * * * *', '2026-01-01', '2026-01-02', '" + z61 + "')"),
            "vaultlister: vl_cron: unknown time zone of 61 characters " + kZoneExpected);
}

TEST(CronEdgesSql, NullArgumentsNextToAZone) {
  Db db;
  EXPECT_EQ(db.text("SELECT vl_cron_next(NULL, '2026-01-01', NULL)"), "NULL");
  EXPECT_EQ(db.text("SELECT vl_cron_next('@daily', NULL, 'UTC')"), "NULL");
  // vl_cron: no rows for a NULL argument, yet a bad zone is still refused.
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_cron(NULL, '2026-01-01', '2026-01-02', 'UTC')"), 0);
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_cron('@daily', NULL, '2026-01-02', NULL)"), 0);
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_cron('@daily', '2026-01-01', NULL)"), 0);
  EXPECT_EQ(db.error("SELECT * FROM vl_cron('@daily', '2026-01-01', NULL, 'Mars/Base')"),
            "vaultlister: vl_cron: unknown time zone 'Mars/Base' " + kZoneExpected);
}

TEST(CronEdgesSql, HiddenColumnsEchoTheArgumentsAndDescendingOrderIsSorted) {
  Db db;
  EXPECT_EQ(db.table("SELECT fire_at, expr, start, stop, timezone FROM vl_cron('@daily', '2026-01-01', "
                     "'2026-01-03')"),
            "2026-01-01 00:00:00|@daily|2026-01-01|2026-01-03|NULL\n"
            "2026-01-02 00:00:00|@daily|2026-01-01|2026-01-03|NULL");
  EXPECT_EQ(db.table("SELECT local_time, timezone FROM vl_cron('0 12 * * *', '2026-07-01', '2026-07-02', "
                     "'Europe/London')"),
            "2026-07-01 12:00:00|Europe/London");
  EXPECT_EQ(db.table("SELECT fire_at FROM vl_cron('@daily', '2026-01-01', '2026-01-04') ORDER BY fire_at DESC"),
            "2026-01-03 00:00:00\n2026-01-02 00:00:00\n2026-01-01 00:00:00");
  auto plan = db.table("EXPLAIN QUERY PLAN SELECT fire_at FROM vl_cron('@daily', '2026-01-01', '2026-01-04') "
                       "ORDER BY fire_at DESC");
  EXPECT_NE(plan.find("ORDER BY"), std::string::npos) << plan;  // a sorter: not consumed
  plan = db.table("EXPLAIN QUERY PLAN SELECT fire_at FROM vl_cron('@daily', '2026-01-01', '2026-01-04') "
                  "ORDER BY local_time");
  EXPECT_NE(plan.find("ORDER BY"), std::string::npos) << plan;
}

TEST(CronEdgesSql, AWindowOfExactlyTheRowCapIsAllowed) {
  Db db;
  // 1 000 000 minutes after 2026-01-01 is 2027-11-26 10:40: the window holds
  // exactly the cap, and the next fire time is the (excluded) stop.
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_cron('* * * * *', '2026-01-01', '2027-11-26 10:40:00')"),
            1000000);
  EXPECT_EQ(db.error("SELECT count(*) FROM vl_cron('* * * * *', '2026-01-01', '2027-11-26 10:41:00')"),
            "vaultlister: vl_cron: the window holds more than 1000000 fire times (a shorter window, or a LIMIT)");
}
