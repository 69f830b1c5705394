#include "ext/cron/cron.h"

#include "ext/cron/tzdata_location.h"

#include <date/date.h>
#include <date/tz.h>

#include <array>
#include <cstdio>
#include <vector>

namespace vl::cron {
namespace {

using std::chrono::seconds;

struct FieldSpec {
  const char* name;
  int min, max;
  const char* expected;
};

constexpr FieldSpec kFields[5] = {
    {"minute", 0, 59, "minute is 0-59; use *, lists a,b, ranges a-b and steps /n"},
    {"hour", 0, 23, "hour is 0-23; use *, lists a,b, ranges a-b and steps /n"},
    {"day-of-month", 1, 31, "day-of-month is 1-31; use *, lists a,b, ranges a-b and steps /n"},
    {"month", 1, 12, "month is 1-12 or jan-dec; use *, lists a,b, ranges a-b and steps /n"},
    {"day-of-week", 0, 7,
     "day-of-week is 0-7 (0 and 7 are sunday) or sun-sat; use *, lists a,b, ranges a-b and "
     "steps /n"},
};

constexpr std::array<const char*, 12> kMonthNames = {"jan", "feb", "mar", "apr", "may", "jun",
                                                     "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<const char*, 7> kDayNames = {"sun", "mon", "tue", "wed",
                                                  "thu", "fri", "sat"};

const char* kShapeExpected =
    "5 fields: minute hour day-of-month month day-of-week, or @hourly, @daily, @weekly, "
    "@monthly, @yearly";

[[noreturn]] void bad(int field, std::string_view text, const std::string& why) {
  throw SyntaxError{std::string("bad ") + kFields[field].name + " '" + std::string(text) +
                        "': " + why,
                    kFields[field].expected};
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// A number or (month, day-of-week) a three-letter name. `range_end`: "sun"
// at the end of a range means 7, so "fri-sun" runs forwards as in Vixie cron.
int value(int field, std::string_view whole, std::string_view v, bool range_end) {
  if (v.empty()) bad(field, whole, "a value is missing");
  if (v[0] >= '0' && v[0] <= '9') {
    int n = 0;
    for (char c : v) {
      if (c < '0' || c > '9') bad(field, whole, "'" + std::string(v) + "' is not a number");
      if (n > 1000) bad(field, whole, std::string(v) + " is out of range");
      n = n * 10 + (c - '0');
    }
    if (n < kFields[field].min || n > kFields[field].max)
      bad(field, whole, std::string(v) + " is out of range");
    return n;
  }
  if (v.size() == 3 && (field == 3 || field == 4)) {
    std::string l{lower(v[0]), lower(v[1]), lower(v[2])};
    if (field == 3) {
      for (size_t i = 0; i < kMonthNames.size(); ++i)
        if (l == kMonthNames[i]) return static_cast<int>(i) + 1;
    } else {
      for (size_t i = 0; i < kDayNames.size(); ++i)
        if (l == kDayNames[i]) return (i == 0 && range_end) ? 7 : static_cast<int>(i);
    }
  }
  bad(field, whole, "'" + std::string(v) + "' is not a number" +
                        ((field == 3 || field == 4) ? " or a name" : ""));
}

// Parses one field into a bit set over [min, max].
uint64_t parse_field(int field, std::string_view text) {
  const FieldSpec& f = kFields[field];
  uint64_t bits = 0;
  size_t pos = 0;
  while (true) {
    size_t comma = text.find(',', pos);
    std::string_view item =
        text.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    if (item.empty()) bad(field, text, "a list item is empty");
    std::string_view range = item;
    int step = 1;
    size_t slash = item.find('/');
    if (slash != std::string_view::npos) {
      range = item.substr(0, slash);
      std::string_view s = item.substr(slash + 1);
      if (s.empty()) bad(field, text, "a step is missing after '/'");
      step = 0;
      for (char c : s) {
        if (c < '0' || c > '9') bad(field, text, "step '" + std::string(s) + "' is not a number");
        if (step > 1000) break;
        step = step * 10 + (c - '0');
      }
      if (step < 1 || step > f.max - f.min + 1)
        bad(field, text, "step " + std::string(s) + " is out of range");
    }
    int lo, hi;
    if (range == "*") {
      lo = f.min;
      hi = f.max;
      if (field == 4) hi = 6;  // 7 is sunday again; * means each day once
    } else {
      size_t dash = range.find('-');
      if (dash == std::string_view::npos) {
        lo = value(field, text, range, false);
        // "a/n" is "a-max/n" (as croner and cronie read it).
        hi = slash != std::string_view::npos ? (field == 4 ? 6 : f.max) : lo;
        if (slash != std::string_view::npos && lo > hi) hi = lo;
      } else {
        lo = value(field, text, range.substr(0, dash), false);
        hi = value(field, text, range.substr(dash + 1), true);
        if (lo > hi)
          bad(field, text, "range " + std::string(range) + " runs backwards");
      }
    }
    for (int v = lo; v <= hi; v += step) bits |= uint64_t{1} << (field == 4 && v == 7 ? 0 : v);
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return bits;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::vector<std::string_view> split(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    size_t j = i;
    while (j < s.size() && !is_space(s[j])) ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

int days_in_month(int y, unsigned m) {
  return static_cast<int>(
      static_cast<unsigned>((date::year{y} / date::month{m} / date::last).day()));
}

// Next set bit at or above `from`, or -1.
int next_bit(uint64_t bits, int from) {
  if (from >= 64) return -1;
  uint64_t rest = bits & (~uint64_t{0} << from);
  return rest ? __builtin_ctzll(rest) : -1;
}

constexpr int64_t kDay = 86400;
// 9999-12-31 23:59:00 UTC: the last minute the text format can show.
constexpr int64_t kLastMinute = 253402300740;

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Smallest matching local minute >= `from` (seconds, a multiple of 60), found
// field by field: month, then day, then hour, then minute. Each step either
// returns or moves to the start of the next candidate unit, so a whole year
// costs at most ~12 month steps plus one step per day of the chosen months.
std::optional<int64_t> next_local(const Schedule& s, int64_t from) {
  int64_t days = floor_div(from, kDay);
  int64_t rem = from - days * kDay;
  date::year_month_day ymd{date::sys_days{date::days{days}}};
  int y = static_cast<int>(ymd.year());
  unsigned mo = static_cast<unsigned>(ymd.month());
  unsigned d = static_cast<unsigned>(ymd.day());
  int h = static_cast<int>(rem / 3600);
  int mi = static_cast<int>((rem % 3600) / 60);
  while (y <= 9999) {
    int m2 = next_bit(s.months, static_cast<int>(mo));
    if (m2 < 0) {
      ++y;
      mo = static_cast<unsigned>(next_bit(s.months, 1));
      d = 1, h = 0, mi = 0;
      continue;
    }
    if (static_cast<unsigned>(m2) != mo) {
      mo = static_cast<unsigned>(m2);
      d = 1, h = 0, mi = 0;
    }
    if (static_cast<int>(d) > days_in_month(y, mo)) {
      if (++mo > 12) mo = 1, ++y;
      d = 1, h = 0, mi = 0;
      continue;
    }
    date::sys_days day = date::year{y} / date::month{mo} / date::day{d};
    unsigned dow = date::weekday{day}.c_encoding();
    if (!s.day_matches(d, dow)) {
      ++d, h = 0, mi = 0;
      continue;
    }
    int h2 = next_bit(s.hours, h);
    if (h2 < 0) {
      ++d, h = 0, mi = 0;
      continue;
    }
    if (h2 != h) h = h2, mi = 0;
    int mi2 = next_bit(s.minutes, mi);
    if (mi2 < 0) {
      if (++h == 24) ++d, h = 0;
      mi = 0;
      continue;
    }
    return day.time_since_epoch().count() * kDay + h * 3600 + mi2 * 60;
  }
  return std::nullopt;
}

}  // namespace

bool Schedule::day_matches(unsigned dom, unsigned dow) const {
  bool in_dom = (doms >> dom) & 1u;
  bool in_dow = (dows >> dow) & 1u;
  if (!dom_star && !dow_star) return in_dom || in_dow;
  return in_dom && in_dow;
}

Schedule parse(std::string_view expr) {
  if (expr.size() > kMaxExpressionLength)
    throw SyntaxError{"expression is too long (" + std::to_string(expr.size()) + " characters)",
                      "at most " + std::to_string(kMaxExpressionLength) + " characters"};
  auto parts = split(expr);
  if (parts.empty()) throw SyntaxError{"expression is empty", kShapeExpected};
  if (parts.size() == 1 && parts[0][0] == '@') {
    std::string l;
    for (char c : parts[0]) l += lower(c);
    static const struct {
      const char* name;
      const char* expr;
    } kShortcuts[] = {{"@yearly", "0 0 1 1 *"}, {"@annually", "0 0 1 1 *"},
                      {"@monthly", "0 0 1 * *"}, {"@weekly", "0 0 * * 0"},
                      {"@daily", "0 0 * * *"},   {"@midnight", "0 0 * * *"},
                      {"@hourly", "0 * * * *"}};
    for (const auto& sc : kShortcuts)
      if (l == sc.name) return parse(sc.expr);
    throw SyntaxError{"unknown shortcut '" + std::string(parts[0]) + "'", kShapeExpected};
  }
  if (parts.size() != 5)
    throw SyntaxError{"expression '" + std::string(expr) + "' has " +
                          std::to_string(parts.size()) + " fields",
                      kShapeExpected};
  Schedule s;
  s.minutes = parse_field(0, parts[0]);
  s.hours = static_cast<uint32_t>(parse_field(1, parts[1]));
  s.doms = static_cast<uint32_t>(parse_field(2, parts[2]));
  s.months = static_cast<uint16_t>(parse_field(3, parts[3]));
  s.dows = static_cast<uint8_t>(parse_field(4, parts[4]));
  s.dom_star = parts[2][0] == '*';
  s.dow_star = parts[4][0] == '*';
  // When only the day-of-month decides, some (day, month) pair must exist,
  // counting 29 February; otherwise the expression never fires.
  if (s.dow_star) {
    bool any = false;
    for (unsigned m = 1; m <= 12 && !any; ++m) {
      if (!((s.months >> m) & 1u)) continue;
      int len = days_in_month(2000, m);  // 2000 is a leap year
      any = (s.doms & ((uint64_t{2} << len) - 2)) != 0;
    }
    if (!any)
      throw SyntaxError{"bad day-of-month '" + std::string(parts[2]) +
                            "': no such day in month '" + std::string(parts[3]) + "'",
                        "a day that exists in one of the chosen months"};
  }
  return s;
}

bool find_zone(std::string_view name, const date::time_zone** out) {
  try {
    use_bundled_tzdata();
    *out = date::locate_zone(name);
    return true;
  } catch (const std::runtime_error&) {
    // locate_zone's only way to say "not found"; a broken tz installation
    // surfaces the same way, and is named by the caller's message too.
    return false;
  }
}

int64_t to_local(int64_t t, const date::time_zone* tz) {
  if (tz == nullptr) return t;
  auto info = tz->get_info(date::sys_seconds{seconds{t}});
  return t + info.offset.count();
}

std::optional<int64_t> next_after(const Schedule& s, int64_t after, const date::time_zone* tz) {
  // Smallest whole local minute after the local time of `after`: in a
  // stretch with one offset, exactly the local minutes that map after it.
  int64_t from = (floor_div(to_local(after, tz), 60) + 1) * 60;
  for (int guard = 0; guard < 64; ++guard) {
    auto local = next_local(s, from);
    if (!local) return std::nullopt;
    int64_t fire;
    int64_t resume = *local + 60;
    if (tz == nullptr) {
      fire = *local;
    } else {
      auto li = tz->get_info(date::local_seconds{seconds{*local}});
      switch (li.result) {
        case date::local_info::unique:
          fire = *local - li.first.offset.count();
          break;
        case date::local_info::nonexistent:
          fire = date::floor<seconds>(li.first.end).time_since_epoch().count();
          break;
        default:  // ambiguous: its first occurrence only
          fire = *local - li.first.offset.count();
          // `after` lies in the second pass of a repeated stretch: every
          // local time up to the stretch's end already fired in the first.
          resume = date::floor<seconds>(li.first.end).time_since_epoch().count() +
                   li.first.offset.count();
          resume = (floor_div(resume - 1, 60) + 1) * 60;
          break;
      }
    }
    if (fire > after) return fire > kLastMinute ? std::nullopt : std::optional<int64_t>(fire);
    from = resume > *local ? resume : *local + 60;
  }
  return std::nullopt;  // unreachable for real zones (at most one repeated stretch is crossed)
}

std::optional<int64_t> parse_time(std::string_view t) {
  auto digits = [&](size_t at, size_t n, int* out) {
    if (at + n > t.size()) return false;
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      v = v * 10 + (t[i] - '0');
    }
    *out = v;
    return true;
  };
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!digits(0, 4, &y) || t.size() < 10 || t[4] != '-' || !digits(5, 2, &mo) || t[7] != '-' ||
      !digits(8, 2, &d))
    return std::nullopt;
  size_t i = 10;
  if (i < t.size()) {
    if (t[i] != ' ' && t[i] != 'T') return std::nullopt;
    if (!digits(i + 1, 2, &h) || i + 3 >= t.size() || t[i + 3] != ':' || !digits(i + 4, 2, &mi))
      return std::nullopt;
    i += 6;
    if (i < t.size() && t[i] == ':') {
      if (!digits(i + 1, 2, &sec)) return std::nullopt;
      i += 3;
      if (i < t.size() && t[i] == '.') {
        size_t j = i + 1;
        while (j < t.size() && t[j] >= '0' && t[j] <= '9') ++j;
        if (j == i + 1) return std::nullopt;
        i = j;
      }
    }
    if (i < t.size() && t[i] == 'Z') ++i;
    if (i != t.size()) return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, static_cast<unsigned>(mo)) || h > 23 ||
      mi > 59 || sec > 59)
    return std::nullopt;
  date::sys_days day = date::year{y} / date::month{static_cast<unsigned>(mo)} /
                       date::day{static_cast<unsigned>(d)};
  return day.time_since_epoch().count() * kDay + h * 3600 + mi * 60 + sec;
}

std::string format_time(int64_t t) {
  int64_t days = floor_div(t, kDay);
  int64_t rem = t - days * kDay;
  date::year_month_day ymd{date::sys_days{date::days{days}}};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d:%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(rem / 3600), static_cast<int>(rem % 3600 / 60),
                static_cast<int>(rem % 60));
  return buf;
}

}  // namespace vl::cron
