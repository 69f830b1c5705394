// The cron parser and next-time engine (ext/cron/cron.h), without SQLite.
// Expected times are worked out by hand from the tz database's published
// rules (e.g. New York: DST from 2026-03-08 07:00 UTC to 2026-11-01 06:00 UTC).
#include <gtest/gtest.h>

#include <date/tz.h>

#include "ext/cron/cron.h"

namespace cron = vl::cron;

namespace {

int64_t at(const char* text) {
  auto t = cron::parse_time(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t.value_or(0);
}

std::string next(const char* expr, const char* after, const char* zone = nullptr) {
  const date::time_zone* tz = nullptr;
  if (zone) {
    EXPECT_TRUE(cron::find_zone(zone, &tz)) << zone;
  }
  auto n = cron::next_after(cron::parse(expr), at(after), tz);
  return n ? cron::format_time(*n) : "none";
}

// The first characters of `s`, as many as `expected` has.
std::string head(const std::string& s, const std::string& expected) {
  return s.substr(0, expected.size());
}

std::string syntax_error(const char* expr) {
  try {
    cron::parse(expr);
  } catch (const cron::SyntaxError& e) {
    return e.problem + " (" + e.expected + ")";
  }
  return "parsed";
}

TEST(CronParse, FieldsListsRangesStepsNames) {
  auto s = cron::parse("0,30 9-17/4 1,15 jan-mar,DEC mon-fri");
  EXPECT_EQ(s.minutes, (uint64_t{1} << 0) | (uint64_t{1} << 30));
  EXPECT_EQ(s.hours, (1u << 9) | (1u << 13) | (1u << 17));
  EXPECT_EQ(s.doms, (1u << 1) | (1u << 15));
  EXPECT_EQ(s.months, (1u << 1) | (1u << 2) | (1u << 3) | (1u << 12));
  EXPECT_EQ(s.dows, 0b0111110);
  EXPECT_FALSE(s.dom_star);
  EXPECT_FALSE(s.dow_star);
}

TEST(CronParse, SundayIsZeroOrSeven) {
  EXPECT_EQ(cron::parse("0 0 * * 7").dows, 1u);
  EXPECT_EQ(cron::parse("0 0 * * 5-7").dows, (1u << 5) | (1u << 6) | 1u);
  EXPECT_EQ(cron::parse("0 0 * * fri-sun").dows, (1u << 5) | (1u << 6) | 1u);
  EXPECT_EQ(cron::parse("0 0 * * *").dows, 0x7Fu);
}

TEST(CronParse, StepFromAValueRunsToTheEnd) {
  EXPECT_EQ(cron::parse("50/5 * * * *").minutes, (uint64_t{1} << 50) | (uint64_t{1} << 55));
}

TEST(CronParse, ShortcutsEqualTheirExpansion) {
  auto same = [](const char* a, const char* b) {
    auto x = cron::parse(a), y = cron::parse(b);
    return x.minutes == y.minutes && x.hours == y.hours && x.doms == y.doms &&
           x.months == y.months && x.dows == y.dows && x.dom_star == y.dom_star &&
           x.dow_star == y.dow_star;
  };
  EXPECT_TRUE(same("@hourly", "0 * * * *"));
  EXPECT_TRUE(same("@daily", "0 0 * * *"));
  EXPECT_TRUE(same("@weekly", "0 0 * * 0"));
  EXPECT_TRUE(same("@monthly", "0 0 1 * *"));
  EXPECT_TRUE(same("@YEARLY", "0 0 1 1 *"));
  EXPECT_TRUE(same("@annually", "0 0 1 1 *"));
}

TEST(CronParse, ErrorsNameTheFieldAndValue) {
  EXPECT_EQ(syntax_error("61 * * * *"),
            "bad minute '61': 61 is out of range (minute is 0-59; use *, lists a,b, ranges a-b "
            "and steps /n)");
  EXPECT_EQ(head(syntax_error("* 24 * * *"), "bad hour '24': 24 is out of range"), "bad hour '24': 24 is out of range");
  EXPECT_EQ(head(syntax_error("* * 0 * *"), "bad day-of-month '0': 0 is out of range"), "bad day-of-month '0': 0 is out of range");
  EXPECT_EQ(head(syntax_error("* * * foo *"), "bad month 'foo': 'foo' is not a number or a"), "bad month 'foo': 'foo' is not a number or a");
  EXPECT_EQ(head(syntax_error("* * * * 8"), "bad day-of-week '8': 8 is out of rang"), "bad day-of-week '8': 8 is out of rang");
  EXPECT_EQ(head(syntax_error("*/0 * * * *"), "bad minute '*/0': step 0 is out of ra"), "bad minute '*/0': step 0 is out of ra");
  EXPECT_EQ(head(syntax_error("5-3 * * * *"), "bad minute '5-3': range 5-3 runs backw"), "bad minute '5-3': range 5-3 runs backw");
  EXPECT_EQ(head(syntax_error("1,,2 * * * *"), "bad minute '1,,2': a list item is empty"), "bad minute '1,,2': a list item is empty");
  EXPECT_EQ(syntax_error("* * * *"),
            "expression '* * * *' has 4 fields (5 fields: minute hour day-of-month month "
            "day-of-week, or @hourly, @daily, @weekly, @monthly, @yearly)");
  EXPECT_EQ(head(syntax_error(""), "expression is empty"), "expression is empty");
  EXPECT_EQ(head(syntax_error("@every"), "unknown shortcut '@every'"), "unknown shortcut '@every'");
  EXPECT_EQ(head(syntax_error("0 0 30 2 *"), "bad day-of-month '30': no such day in month '2' (a"), "bad day-of-month '30': no such day in month '2' (a");
  EXPECT_EQ(head(syntax_error(std::string(1001, '*').c_str()), "expression is too long (1001 character"), "expression is too long (1001 character");
}

TEST(CronParse, DayRuleOrWhenBothRestricted) {
  auto both = cron::parse("0 0 13 * 5");  // the 13th OR any friday
  EXPECT_TRUE(both.day_matches(13, 2));
  EXPECT_TRUE(both.day_matches(6, 5));
  EXPECT_FALSE(both.day_matches(6, 2));
  auto star_step = cron::parse("0 0 */2 * 5");  // '*'-led day field: AND (Vixie cron)
  EXPECT_TRUE(star_step.day_matches(1, 5));
  EXPECT_FALSE(star_step.day_matches(2, 5));
  EXPECT_FALSE(star_step.day_matches(1, 4));
}

TEST(CronTime, ParsesTheAcceptedForms) {
  EXPECT_EQ(at("1970-01-01 00:00:00"), 0);
  EXPECT_EQ(at("1970-01-02"), 86400);
  EXPECT_EQ(at("2026-03-01T10:00:00.000Z"), at("2026-03-01 10:00:00"));
  EXPECT_EQ(at("2026-03-01T10:00:00Z"), at("2026-03-01 10:00:00"));
  EXPECT_EQ(at("2026-03-01 10:00"), at("2026-03-01 10:00:00"));
  for (const char* bad : {"2026-02-29", "2026-13-01", "2026-01-01 24:00:00", "2026-1-1",
                          "2026-01-01x", "2026-01-01T10:00:00+02:00", "", "yesterday",
                          "2026-01-01 10:00:00.", "2026-01-01 10:00:60"})
    EXPECT_FALSE(cron::parse_time(bad).has_value()) << bad;
  EXPECT_EQ(cron::format_time(at("2024-02-29 23:59:59")), "2024-02-29 23:59:59");
  EXPECT_EQ(cron::format_time(-1), "1969-12-31 23:59:59");
}

TEST(CronNext, Utc) {
  EXPECT_EQ(next("*/15 * * * *", "2026-03-01 10:07:00"), "2026-03-01 10:15:00");
  EXPECT_EQ(next("*/15 * * * *", "2026-03-01 10:15:00"), "2026-03-01 10:30:00");  // strictly after
  EXPECT_EQ(next("0 9 * * mon-fri", "2026-03-06 09:00:00"), "2026-03-09 09:00:00");
  EXPECT_EQ(next("0 0 29 2 *", "2026-01-01"), "2028-02-29 00:00:00");
  EXPECT_EQ(next("0 0 13 * 5", "2026-03-01"), "2026-03-06 00:00:00");  // friday first
  EXPECT_EQ(next("0 0 13 * 5", "2026-03-10"), "2026-03-13 00:00:00");
  EXPECT_EQ(next("@yearly", "2026-12-31 23:59:59"), "2027-01-01 00:00:00");
  EXPECT_EQ(next("59 23 31 12 *", "9999-12-31 23:58:00"), "9999-12-31 23:59:00");
  EXPECT_EQ(next("59 23 31 12 *", "9999-12-31 23:59:00"), "none");
}

TEST(CronNext, NewYorkSpringForwardGapFiresOnceJustAfter) {
  // 2026-03-08: 02:00 EST becomes 03:00 EDT at 07:00 UTC.
  EXPECT_EQ(next("30 2 * * *", "2026-03-07 08:00:00", "America/New_York"),
            "2026-03-08 07:00:00");
  EXPECT_EQ(next("30 2 * * *", "2026-03-08 07:00:00", "America/New_York"),
            "2026-03-09 06:30:00");
  // Four skipped matches and the 03:00 match share one instant: once.
  EXPECT_EQ(next("*/15 2,3 * * *", "2026-03-08 06:59:00", "America/New_York"),
            "2026-03-08 07:00:00");
  EXPECT_EQ(next("*/15 2,3 * * *", "2026-03-08 07:00:00", "America/New_York"),
            "2026-03-08 07:15:00");
}

TEST(CronNext, NewYorkFallBackRepeatedHourFiresOnce) {
  // 2026-11-01: 02:00 EDT becomes 01:00 EST at 06:00 UTC; 01:xx happens twice.
  EXPECT_EQ(next("30 1 * * *", "2026-11-01 05:00:00", "America/New_York"),
            "2026-11-01 05:30:00");
  EXPECT_EQ(next("30 1 * * *", "2026-11-01 05:30:00", "America/New_York"),
            "2026-11-02 06:30:00");
  // `after` inside the second pass: nothing of the repeated hour fires again.
  EXPECT_EQ(next("*/10 * * * *", "2026-11-01 06:15:00", "America/New_York"),
            "2026-11-01 07:00:00");
  EXPECT_EQ(next("*/10 * * * *", "2026-11-01 05:50:00", "America/New_York"),
            "2026-11-01 07:00:00");
}

TEST(CronNext, LordHoweHalfHourShift) {
  // 2026-10-04 02:00 +1030 becomes 02:30 +11 (15:30 UTC on the 3rd);
  // 2026-04-05 02:00 +11 becomes 01:30 +1030 (15:00 UTC on the 4th).
  EXPECT_EQ(next("15 2 * * *", "2026-10-03 12:00:00", "Australia/Lord_Howe"),
            "2026-10-03 15:30:00");
  EXPECT_EQ(next("45 1 * * *", "2026-04-04 14:30:00", "Australia/Lord_Howe"),
            "2026-04-04 14:45:00");
  EXPECT_EQ(next("45 1 * * *", "2026-04-04 14:45:00", "Australia/Lord_Howe"),
            "2026-04-05 15:15:00");
}

TEST(CronNext, LondonAndKolkata) {
  EXPECT_EQ(next("0 9 * * *", "2026-06-01", "Europe/London"), "2026-06-01 08:00:00");
  EXPECT_EQ(next("0 9 * * *", "2026-12-01", "Europe/London"), "2026-12-01 09:00:00");
  EXPECT_EQ(next("0 9 * * *", "2026-12-01", "Asia/Kolkata"), "2026-12-01 03:30:00");
}

TEST(CronZone, UnknownNamesAreNotFound) {
  const date::time_zone* tz = nullptr;
  EXPECT_FALSE(cron::find_zone("Mars/Base", &tz));
  EXPECT_FALSE(cron::find_zone("", &tz));
  EXPECT_TRUE(cron::find_zone("UTC", &tz));
}

}  // namespace
