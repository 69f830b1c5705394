// Cron expressions (vl::cron::parse) and the next-fire-time search, plus the
// time-text reader. Input: "<expr>\x1f<after>\x1f<zone>" (later parts optional).
#include <cstdint>
#include <string>

#include "ext/cron/cron.h"
#include "tests/fuzz/fuzz_sql.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  std::string part[3];
  int n = vlfuzz::split(data, size, part, 3);
  std::optional<int64_t> after = n > 1 ? vl::cron::parse_time(part[1]) : std::nullopt;
  const date::time_zone* tz = nullptr;
  if (n > 2 && !vl::cron::find_zone(part[2], &tz)) tz = nullptr;
  try {
    vl::cron::Schedule s = vl::cron::parse(part[0]);
    auto next = vl::cron::next_after(s, after.value_or(1795000000), tz);
    if (next) {
      std::string text = vl::cron::format_time(*next);
      // The engine's own output must read back as the same instant.
      auto back = vl::cron::parse_time(text);
      if (!back || *back != *next) __builtin_trap();
      vl::cron::to_local(*next, tz);
    }
  } catch (const vl::cron::SyntaxError&) {
  }
  return 0;
}
