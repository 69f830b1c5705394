// The cron parser's and time reader's refusals, each word for word, and the
// edges of the next-time search (ext/cron/cron.h) that cron_test.cpp leaves
// out: names in every field, steps, split on any white space, the last
// minute a fire time can have in a zone west of UTC.
#include <gtest/gtest.h>

#include <date/tz.h>

#include "ext/cron/cron.h"

namespace cron = vl::cron;

namespace {

std::string refusal(const std::string& expr) {
  try {
    cron::parse(expr);
  } catch (const cron::SyntaxError& e) {
    return e.problem + " (" + e.expected + ")";
  }
  return "parsed";
}

const std::string kMinute = "(minute is 0-59; use *, lists a,b, ranges a-b and steps /n)";
const std::string kMonth = "(month is 1-12 or jan-dec; use *, lists a,b, ranges a-b and steps /n)";
const std::string kDow =
    "(day-of-week is 0-7 (0 and 7 are sunday) or sun-sat; use *, lists a,b, ranges a-b and steps /n)";
const std::string kShape =
    "(5 fields: minute hour day-of-month month day-of-week, or @hourly, @daily, @weekly, @monthly, "
    "@yearly)";

std::string next(const char* expr, const char* after, const char* zone = nullptr) {
  const date::time_zone* tz = nullptr;
  if (zone) {
    EXPECT_TRUE(cron::find_zone(zone, &tz)) << zone;
  }
  auto a = cron::parse_time(after);
  EXPECT_TRUE(a.has_value()) << after;
  auto n = cron::next_after(cron::parse(expr), a.value_or(0), tz);
  return n ? cron::format_time(*n) : "none";
}

}  // namespace

TEST(CronRefusals, ValuesAndNames) {
  EXPECT_EQ(refusal("1- * * * *"), "bad minute '1-': a value is missing " + kMinute);
  EXPECT_EQ(refusal("-5 * * * *"), "bad minute '-5': a value is missing " + kMinute);
  EXPECT_EQ(refusal("5x * * * *"), "bad minute '5x': '5x' is not a number " + kMinute);
  EXPECT_EQ(refusal("99999 * * * *"), "bad minute '99999': 99999 is out of range " + kMinute);
  EXPECT_EQ(refusal("abc * * * *"), "bad minute 'abc': 'abc' is not a number " + kMinute);
  EXPECT_EQ(refusal("* * * janu *"), "bad month 'janu': 'janu' is not a number or a name " + kMonth);
  EXPECT_EQ(refusal("* * * * xyz"), "bad day-of-week 'xyz': 'xyz' is not a number or a name " + kDow);
  EXPECT_EQ(refusal("* * * * mon-"), "bad day-of-week 'mon-': a value is missing " + kDow);
  EXPECT_EQ(refusal("* * * jan-xyz *"), "bad month 'jan-xyz': 'xyz' is not a number or a name " + kMonth);
  EXPECT_EQ(refusal("* * * * sat-mon"), "bad day-of-week 'sat-mon': range sat-mon runs backwards " + kDow);
  // Characters on either side of the digits, in a value and in a step.
  EXPECT_EQ(refusal("5. * * * *"), "bad minute '5.': '5.' is not a number " + kMinute);
  EXPECT_EQ(refusal("!5 * * * *"), "bad minute '!5': '!5' is not a number " + kMinute);
  EXPECT_EQ(refusal("*/1. * * * *"), "bad minute '*/1.': step '1.' is not a number " + kMinute);
  EXPECT_EQ(refusal("5"), "expression '5' has 1 fields " + kShape);
}

TEST(CronRefusals, Steps) {
  EXPECT_EQ(refusal("*/ * * * *"), "bad minute '*/': a step is missing after '/' " + kMinute);
  EXPECT_EQ(refusal("*/x * * * *"), "bad minute '*/x': step 'x' is not a number " + kMinute);
  EXPECT_EQ(refusal("*/1x * * * *"), "bad minute '*/1x': step '1x' is not a number " + kMinute);
  EXPECT_EQ(refusal("*/61 * * * *"), "bad minute '*/61': step 61 is out of range " + kMinute);
  EXPECT_EQ(refusal("*/99999999999 * * * *"),
            "bad minute '*/99999999999': step 99999999999 is out of range " + kMinute);
}

TEST(CronRefusals, ShapeAndShortcuts) {
  EXPECT_EQ(refusal("@daily 5"), "expression '@daily 5' has 2 fields " + kShape);
  EXPECT_EQ(refusal("@fortnightly"), "unknown shortcut '@fortnightly' " + kShape);
  EXPECT_EQ(refusal(" \t\r\n "), "expression is empty " + kShape);
  EXPECT_EQ(refusal("0 0 31 2,4,6,9,11 *"),
            "bad day-of-month '31': no such day in month '2,4,6,9,11' (a day that exists in one of the chosen "
            "months)");
}

TEST(CronParseEdges, NamesStepsAndWhiteSpace) {
  auto s = cron::parse("0\t12\n*\r* \t SUN");
  EXPECT_EQ(s.dows, 1u);
  EXPECT_EQ(s.hours, 1u << 12);
  EXPECT_EQ(cron::parse("@HOURLY").minutes, 1u);
  EXPECT_EQ(cron::parse("@Annually").months, 1u << 1);
  EXPECT_EQ(cron::parse("@midnight").hours, 1u);
  // "a/n" on the day-of-week runs to saturday; 7/2 is sunday alone.
  EXPECT_EQ(cron::parse("0 0 * * 3/2").dows, (1u << 3) | (1u << 5));
  EXPECT_EQ(cron::parse("0 0 * * 7/2").dows, 1u);
  EXPECT_EQ(cron::parse("0 0 * * */2").dows, (1u << 0) | (1u << 2) | (1u << 4) | (1u << 6));
  EXPECT_EQ(cron::parse("0 0 * Jan-MAR/2 *").months, (1u << 1) | (1u << 3));
  EXPECT_EQ(cron::parse("50/5 * * * *").minutes, (uint64_t{1} << 50) | (uint64_t{1} << 55));
  // The day-of-month check allows 29 February (leap years exist).
  EXPECT_EQ(cron::parse("0 0 29 2 *").doms, 1u << 29);
  // A restricted day-of-week lifts that check: it may fire on either rule.
  EXPECT_EQ(cron::parse("0 0 31 2 mon").dows, 1u << 1);
}

TEST(CronTimeEdges, EveryMalformedPiece) {
  for (const char* bad :
       {"202", "2026/01/01", "2026-01/01", "20x6-01-01", "2026-0x-01", "2026-01-0x", "2026-01-01X10:00",
        "2026-01-01 1x:00", "2026-01-01 10-00", "2026-01-01 10:0", "2026-01-01 10:00:6", "2026-01-01 10:00:0x",
        "2026-01-01 10:00Zx", "2026-01-01 10:00:00.5x", "2026-01-01 10", "2026-01-01 ", "2026-00-01",
        "2026-01-00", "2026-01-01 10:60", "2026-01-01T10:00:00ZZ", "2026-01-0/", "2026-01-01 10:00:00.5!"})
    EXPECT_FALSE(cron::parse_time(bad).has_value()) << bad;
  EXPECT_EQ(cron::format_time(*cron::parse_time("2026-01-01 10:00Z")), "2026-01-01 10:00:00");
  EXPECT_EQ(cron::format_time(*cron::parse_time("2026-01-01T10:00:59.123456")), "2026-01-01 10:00:59");
  EXPECT_EQ(cron::format_time(*cron::parse_time("2024-02-29T23:59")), "2024-02-29 23:59:00");
}

TEST(CronNextEdges, YearsWithoutAMatchAndTheLastMinute) {
  // No 29 February until 2028; the month search wraps the year.
  EXPECT_EQ(next("0 0 29 2 *", "2028-02-29 00:00:00"), "2032-02-29 00:00:00");
  EXPECT_EQ(next("0 23 * * *", "2026-12-31 23:30:00"), "2027-01-01 23:00:00");
  EXPECT_EQ(next("59 * 31 * *", "2026-04-01"), "2026-05-31 00:59:00");
  // 23:59 on the last day of 9999 in New York is 04:59 UTC in the year 10000:
  // beyond what the text format can show, so there is no next time.
  EXPECT_EQ(next("59 23 31 12 *", "9999-12-31 00:00:00", "America/New_York"), "none");
  EXPECT_EQ(next("0 0 31 12 *", "9999-12-30 00:00:00", "America/New_York"), "9999-12-31 05:00:00");
  EXPECT_EQ(cron::to_local(0, nullptr), 0);
}
