// Cron: the 5-field parser and the next-fire-time engine behind vl_cron_next,
// vl_cron and vl_due_rules. Pure C++ (no SQLite), unit-tested in
// tests/unit/cron_test.cpp.
//
// Times are whole seconds since the Unix epoch, UTC. Time zones come from
// Howard Hinnant's date library (Debian libhowardhinnant-date-dev) reading the
// OS tz database, never from offset rules of our own.
//
// Daylight saving, decided once here for every caller: the schedule is read in
// local wall-clock time, and each local minute that matches maps to exactly one
// UTC instant:
//   * a local time that exists once maps to it;
//   * a local time skipped by a change (in the gap) maps to the instant of the
//     change, i.e. "just after" the gap (02:30 on a spring-forward night in New
//     York fires at 03:00 EDT); several skipped matches collapse into that one
//     instant, so they fire once;
//   * a local time that occurs twice (the repeated hour) maps to its first
//     occurrence only, so the repeated hour fires once.
// That mapping is monotone, which is what lets the search jump field by field.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}

namespace vl::cron {

// A malformed expression. `problem` names the field and its value; the
// caller prefixes its function name (vl::Error(fn, problem, expected)).
struct SyntaxError {
  std::string problem;
  std::string expected;
};

struct Schedule {
  uint64_t minutes = 0;  // bit 0..59
  uint32_t hours = 0;    // bit 0..23
  uint32_t doms = 0;     // bit 1..31
  uint16_t months = 0;   // bit 1..12
  uint8_t dows = 0;      // bit 0..6, 0 = Sunday
  // Standard (Vixie) cron: a day field that starts with '*' ("*", "*/2") is
  // unrestricted. When both day fields are restricted a day matches if either
  // matches; otherwise both must.
  bool dom_star = true;
  bool dow_star = true;

  bool day_matches(unsigned dom, unsigned dow) const;
};

// Longest expression accepted; anything longer is refused before parsing, so
// an error message never echoes megabytes.
constexpr size_t kMaxExpressionLength = 1000;

// Throws SyntaxError. Also refuses an expression that can never fire
// ("0 0 31 2 *"), so every search below terminates within a few years.
Schedule parse(std::string_view expr);

// Looks an IANA name up in the OS tz database (on Windows the tzdata folder
// beside the DLL, cron/tzdata_location.h); false when it is not there
// (names are case-sensitive, as in the database). In the functions below a
// null zone means UTC.
bool find_zone(std::string_view name, const date::time_zone** out);

// The first fire time strictly after `after`, or nullopt when it would fall
// after 9999-12-31 23:59 (the last time the text format can show).
std::optional<int64_t> next_after(const Schedule& s, int64_t after, const date::time_zone* tz);

// Local wall-clock time of `t` in `tz` (UTC when null), as seconds on the
// same scale (for display).
int64_t to_local(int64_t t, const date::time_zone* tz);

// Accepts 'YYYY-MM-DD HH:MM:SS', 'YYYY-MM-DD HH:MM', 'YYYY-MM-DD' and the ISO
// forms the legacy app wrote: 'T' instead of the space, an optional fraction
// of a second (dropped: fire times are whole minutes, so "strictly after
// 10:00:00.5" and "strictly after 10:00:00" give the same answer) and an
// optional trailing 'Z'. All are UTC. Returns nullopt for anything else,
// including an impossible date such as 2026-02-30.
std::optional<int64_t> parse_time(std::string_view text);

// 'YYYY-MM-DD HH:MM:SS'.
std::string format_time(int64_t t);

}  // namespace vl::cron
