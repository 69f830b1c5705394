#include "ext/cron/cron_args.h"

#include <string>

#include "ext/core/error.h"
#include "ext/core/function.h"

namespace vl::cron {

Schedule schedule_text(std::string_view fn, std::string_view text, std::string_view context) {
  try {
    return parse(text);
  } catch (const SyntaxError& e) {
    throw Error(fn, std::string(context) + e.problem, e.expected);
  }
}

Schedule schedule_arg(std::string_view fn, sqlite3_value* v) {
  return schedule_text(fn, arg_text(fn, "expression", v));
}

int64_t time_text(std::string_view fn, std::string_view what, std::string_view text) {
  if (auto t = parse_time(text)) return *t;
  // A date-time is at most ~30 characters; a longer value is not echoed.
  std::string shown = text.size() <= 40 ? "'" + std::string(text) + "'"
                                        : "of " + std::to_string(text.size()) + " characters";
  throw Error(fn, std::string(what) + " " + shown + " is not a date-time",
              "'YYYY-MM-DD HH:MM:SS', 'YYYY-MM-DD' or ISO 8601 such as "
              "'2026-03-01T10:00:00.000Z', in UTC");
}

int64_t time_arg(std::string_view fn, std::string_view what, sqlite3_value* v) {
  return time_text(fn, what, arg_text(fn, what, v));
}

const date::time_zone* zone_text(std::string_view fn, std::string_view name,
                                 std::string_view context) {
  const date::time_zone* tz = nullptr;
  if (find_zone(name, &tz)) return tz;
  std::string shown = name.size() <= 60 ? "'" + std::string(name) + "'"
                                        : "of " + std::to_string(name.size()) + " characters";
  throw Error(fn, std::string(context) + "unknown time zone " + shown,
              "an IANA time zone name such as 'America/New_York', or NULL for UTC");
}

const date::time_zone* zone_arg(std::string_view fn, sqlite3_value* v) {
  if (is_null(v)) return nullptr;
  return zone_text(fn, arg_text(fn, "timezone", v));
}

}  // namespace vl::cron
