// vl_cron_next and vl_cron through a real connection: happy paths, every
// refusal word for word, NULL / blob / empty / huge / invalid UTF-8 inputs,
// daylight saving, the row cap, and the query plan.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/testdb.h"

using vltest::Db;

namespace {

const std::string kTimeExpected =
    "('YYYY-MM-DD HH:MM:SS', 'YYYY-MM-DD' or ISO 8601 such as '2026-03-01T10:00:00.000Z', in "
    "UTC)";

TEST(CronNextSql, HappyPath) {
  Db db;
  EXPECT_EQ(db.text("SELECT vl_cron_next('*/15 * * * *', '2026-03-01 10:07:00')"),
            "2026-03-01 10:15:00");
  EXPECT_EQ(db.text("SELECT vl_cron_next('0 9 * * mon-fri', '2026-03-06 09:00:00', NULL)"),
            "2026-03-09 09:00:00");
  EXPECT_EQ(db.text("SELECT vl_cron_next('0 9 * * *', '2026-03-01T10:00:00.000Z', "
                    "'America/New_York')"),
            "2026-03-01 14:00:00");
  EXPECT_EQ(db.text("SELECT vl_cron_next('@monthly', '2026-03-01')"), "2026-04-01 00:00:00");
  EXPECT_EQ(db.text("SELECT vl_cron_next('0 0 13 * fri', '2026-03-01')"), "2026-03-06 00:00:00");
}

TEST(CronNextSql, DaylightSaving) {
  Db db;
  // Gap: 02:30 does not exist on 2026-03-08 in New York; fires at 03:00 EDT.
  EXPECT_EQ(db.text("SELECT vl_cron_next('30 2 * * *', '2026-03-08', 'America/New_York')"),
            "2026-03-08 07:00:00");
  // Repeated hour: 01:30 fires at its first occurrence only.
  EXPECT_EQ(db.text("SELECT vl_cron_next('30 1 * * *', '2026-11-01 05:30:00', 'America/New_York')"),
            "2026-11-02 06:30:00");
  // London spring forward at 01:00 UTC on 2026-03-29.
  EXPECT_EQ(db.text("SELECT vl_cron_next('30 1 * * *', '2026-03-29', 'Europe/London')"),
            "2026-03-29 01:00:00");
}

TEST(CronNextSql, NullsGiveNull) {
  Db db;
  EXPECT_EQ(db.text("SELECT vl_cron_next(NULL, '2026-01-01')"), "NULL");
  EXPECT_EQ(db.text("SELECT vl_cron_next('* * * * *', NULL)"), "NULL");
  EXPECT_EQ(db.text("SELECT vl_cron_next('59 23 31 12 *', '9999-12-31 23:59:00')"), "NULL");
  // A NULL schedule still refuses an unknown zone.
  EXPECT_EQ(db.error("SELECT vl_cron_next(NULL, '2026-01-01', 'Nowhere/City')"),
            "vaultlister: vl_cron_next: unknown time zone 'Nowhere/City' (an IANA time zone "
            "name such as 'America/New_York', or NULL for UTC)");
}

TEST(CronNextSql, Refusals) {
  Db db;
  EXPECT_EQ(db.error("SELECT vl_cron_next('* * * * *')"),
            "vaultlister: vl_cron_next: wrong number of arguments: 1 (vl_cron_next(expr, after "
            "[, timezone]))");
  EXPECT_EQ(db.error("SELECT vl_cron_next('61 * * * *', '2026-01-01')"),
            "vaultlister: vl_cron_next: bad minute '61': 61 is out of range (minute is 0-59; use "
            "*, lists a,b, ranges a-b and steps /n)");
  EXPECT_EQ(db.error("SELECT vl_cron_next('0 24 * * *', '2026-01-01')"),
            "vaultlister: vl_cron_next: bad hour '24': 24 is out of range (hour is 0-23; use *, "
            "lists a,b, ranges a-b and steps /n)");
  EXPECT_EQ(db.error("SELECT vl_cron_next('0 0 32 * *', '2026-01-01')"),
            "vaultlister: vl_cron_next: bad day-of-month '32': 32 is out of range (day-of-month "
            "is 1-31; use *, lists a,b, ranges a-b and steps /n)");
  EXPECT_EQ(db.error("SELECT vl_cron_next('0 0 1 13 *', '2026-01-01')"),
            "vaultlister: vl_cron_next: bad month '13': 13 is out of range (month is 1-12 or "
            "jan-dec; use *, lists a,b, ranges a-b and steps /n)");
  EXPECT_EQ(db.error("SELECT vl_cron_next('0 0 * * funday', '2026-01-01')"),
            "vaultlister: vl_cron_next: bad day-of-week 'funday': 'funday' is not a number or a "
            "name (day-of-week is 0-7 (0 and 7 are sunday) or sun-sat; use *, lists a,b, ranges "
            "a-b and steps /n)");
  EXPECT_EQ(db.error("SELECT vl_cron_next('0 0 31 2 *', '2026-01-01')"),
            "vaultlister: vl_cron_next: bad day-of-month '31': no such day in month '2' (a day "
            "that exists in one of the chosen months)");
  EXPECT_EQ(db.error("SELECT vl_cron_next('@reboot', '2026-01-01')"),
            "vaultlister: vl_cron_next: unknown shortcut '@reboot' (5 fields: minute hour "
            "day-of-month month day-of-week, or @hourly, @daily, @weekly, @monthly, @yearly)");
  EXPECT_EQ(db.error("SELECT vl_cron_next('* * * * *', '2026-02-30')"),
            "vaultlister: vl_cron_next: after '2026-02-30' is not a date-time " + kTimeExpected);
  EXPECT_EQ(db.error("SELECT vl_cron_next('* * * * *', '2026-01-01', 'Mars/Base')"),
            "vaultlister: vl_cron_next: unknown time zone 'Mars/Base' (an IANA time zone name "
            "such as 'America/New_York', or NULL for UTC)");
}

TEST(CronNextSql, BlobEmptyHugeInvalidUtf8) {
  Db db;
  EXPECT_EQ(db.error("SELECT vl_cron_next(x'2a', '2026-01-01')"),
            "vaultlister: vl_cron_next: expression is a blob (text)");
  EXPECT_EQ(db.error("SELECT vl_cron_next('* * * * *', x'00')"),
            "vaultlister: vl_cron_next: after is a blob (text)");
  EXPECT_EQ(db.error("SELECT vl_cron_next('* * * * *', '2026-01-01', x'00')"),
            "vaultlister: vl_cron_next: timezone is a blob (text)");
  EXPECT_EQ(db.error("SELECT vl_cron_next('', '2026-01-01')"),
            "vaultlister: vl_cron_next: expression is empty (5 fields: minute hour day-of-month "
            "month day-of-week, or @hourly, @daily, @weekly, @monthly, @yearly)");
  EXPECT_EQ(db.error("SELECT vl_cron_next('* * * * *', '')"),
            "vaultlister: vl_cron_next: after '' is not a date-time " + kTimeExpected);
  EXPECT_EQ(db.error("SELECT vl_cron_next('* * * * *', '2026-01-01', '')"),
            "vaultlister: vl_cron_next: unknown time zone '' (an IANA time zone name such as "
            "'America/New_York', or NULL for UTC)");
  EXPECT_EQ(db.error("SELECT vl_cron_next(printf('%.*c', 100000, '*'), '2026-01-01')"),
            "vaultlister: vl_cron_next: expression is too long (100000 characters) (at most 1000 "
            "characters)");
  EXPECT_EQ(db.error("SELECT vl_cron_next('* * * * *', printf('%.*c', 100000, '2'))"),
            "vaultlister: vl_cron_next: after of 100000 characters is not a date-time " +
                kTimeExpected);
  EXPECT_EQ(db.error("SELECT vl_cron_next(CAST(x'2aff' AS TEXT), '2026-01-01')"),
            "vaultlister: vl_cron_next: expression is not valid UTF-8 (UTF-8 text)");
  EXPECT_EQ(db.error("SELECT vl_cron_next('* * * * *', '2026-01-01', CAST(x'ff' AS TEXT))"),
            "vaultlister: vl_cron_next: timezone is not valid UTF-8 (UTF-8 text)");
  // A number is read as text: not a date-time.
  EXPECT_EQ(db.error("SELECT vl_cron_next('* * * * *', 2461100.5)"),
            "vaultlister: vl_cron_next: after '2461100.5' is not a date-time " + kTimeExpected);
}

TEST(CronNextSql, ParsedOncePerStatementStillRightPerRow) {
  Db db;
  db.exec("CREATE TABLE r(expr TEXT, after TEXT, tz TEXT)");
  db.exec("INSERT INTO r VALUES ('0 9 * * *', '2026-01-01', 'UTC'), "
          "('0 9 * * *', '2026-07-01', 'Europe/London'), ('*/5 * * * *', '2026-01-01', NULL)");
  EXPECT_EQ(db.table("SELECT vl_cron_next(expr, after, tz) FROM r ORDER BY rowid"),
            "2026-01-01 09:00:00\n2026-07-01 08:00:00\n2026-01-01 00:05:00");
}

TEST(CronTableSql, WindowIsHalfOpenAndOrdered) {
  Db db;
  EXPECT_EQ(db.table("SELECT fire_at FROM vl_cron('0 9 * * mon-fri', '2026-03-02 09:00:00', "
                     "'2026-03-06 09:00:00')"),
            "2026-03-02 09:00:00\n2026-03-03 09:00:00\n2026-03-04 09:00:00\n2026-03-05 09:00:00");
  EXPECT_EQ(db.table("SELECT * FROM vl_cron('0 * * * *', '2026-03-08 05:00', '2026-03-08 09:00', "
                     "'America/New_York')"),
            "2026-03-08 05:00:00|2026-03-08 00:00:00\n2026-03-08 06:00:00|2026-03-08 01:00:00\n"
            "2026-03-08 07:00:00|2026-03-08 03:00:00\n2026-03-08 08:00:00|2026-03-08 04:00:00");
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_cron('*/15 * * * *', '2026-01-01', '2026-01-02')"),
            96);
  EXPECT_EQ(db.table("SELECT fire_at FROM vl_cron WHERE expr = '@yearly' AND start = '2026-01-01' "
                     "AND stop = '2028-06-01' AND timezone = 'UTC'"),
            "2026-01-01 00:00:00\n2027-01-01 00:00:00\n2028-01-01 00:00:00");
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_cron('* * * * *', '2026-01-02', '2026-01-01')"), 0);
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_cron(NULL, '2026-01-01', '2026-01-02')"), 0);
}

TEST(CronTableSql, RepeatedHourOnceAndTheRowCap) {
  Db db;
  // 2026-11-01 01:00-01:59 local happens twice in New York; each fires once.
  EXPECT_EQ(db.integer("SELECT count(*) FROM vl_cron('*/10 1 * * *', '2026-11-01', "
                       "'2026-11-02', 'America/New_York')"),
            6);
  EXPECT_EQ(db.error("SELECT count(*) FROM vl_cron('* * * * *', '2026-01-01', '2100-01-01')"),
            "vaultlister: vl_cron: the window holds more than 1000000 fire times (a shorter "
            "window, or a LIMIT)");
  // Streaming: a LIMIT over a century window returns at once, no error.
  EXPECT_EQ(db.integer("SELECT count(*) FROM (SELECT * FROM vl_cron('* * * * *', '2026-01-01', "
                       "'2126-01-01') LIMIT 5)"),
            5);
}

TEST(CronTableSql, RefusalsAndPlan) {
  Db db;
  EXPECT_EQ(db.error("SELECT * FROM vl_cron('61 * * * *', '2026-01-01', '2026-01-02')"),
            "vaultlister: vl_cron: bad minute '61': 61 is out of range (minute is 0-59; use *, "
            "lists a,b, ranges a-b and steps /n)");
  EXPECT_EQ(db.error("SELECT * FROM vl_cron('* * * * *', 'soon', '2026-01-02')"),
            "vaultlister: vl_cron: start 'soon' is not a date-time " + kTimeExpected);
  EXPECT_EQ(db.error("SELECT * FROM vl_cron('* * * * *', '2026-01-01', x'00')"),
            "vaultlister: vl_cron: stop is a blob (text)");
  EXPECT_EQ(db.error("SELECT * FROM vl_cron('* * * * *', '2026-01-01', '2026-01-02', 'Mars/Base')"),
            "vaultlister: vl_cron: unknown time zone 'Mars/Base' (an IANA time zone name such as "
            "'America/New_York', or NULL for UTC)");
  EXPECT_NE(db.error("SELECT * FROM vl_cron('* * * * *', '2026-01-01')"), "");
  auto plan = db.table("EXPLAIN QUERY PLAN SELECT fire_at FROM vl_cron('* * * * *', "
                       "'2026-01-01', '2026-01-02') ORDER BY fire_at");
  EXPECT_NE(plan.find("VIRTUAL TABLE INDEX 7"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("ORDER BY"), std::string::npos) << plan;  // consumed, no sorter
}

}  // namespace

namespace {

TEST(CronFlagsSql, PureAndInnocuous) {
  Db db;
  EXPECT_EQ(db.table("SELECT name, (flags & 0x80000) != 0, (flags & 0x800) != 0, "
                     "(flags & 0x200000) != 0 FROM pragma_function_list "
                     "WHERE name = 'vl_cron_next'"),
            "vl_cron_next|0|1|1");
  // INNOCUOUS: a view stored in a file may use both under trusted_schema=OFF.
  db.exec("PRAGMA trusted_schema = OFF");
  db.exec("CREATE VIEW v AS SELECT vl_cron_next('@daily', '2026-01-01') AS n, "
          "(SELECT count(*) FROM vl_cron('@hourly', '2026-01-01', '2026-01-02')) AS c");
  EXPECT_EQ(db.table("SELECT n, c FROM v"), "2026-01-02 00:00:00|24");
}

}  // namespace
