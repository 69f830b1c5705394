// SQL arguments of the cron functions and tables, read in one voice:
// vaultlister: <function>: <what was wrong> (<what was expected>).
#pragma once

#include <cstdint>
#include <string_view>

#include "ext/core/api.h"
#include "ext/cron/cron.h"

namespace vl::cron {

// The expression argument; NULL is the caller's business (checked first).
Schedule schedule_arg(std::string_view fn, sqlite3_value* v);
// Same text already read (vl_due_rules reads it from a row). `context`
// prefixes the problem, e.g. "rule 'r1' schedule: ".
Schedule schedule_text(std::string_view fn, std::string_view text, std::string_view context = {});

// A time argument named `what` ("after", "now", ...).
int64_t time_arg(std::string_view fn, std::string_view what, sqlite3_value* v);
int64_t time_text(std::string_view fn, std::string_view what, std::string_view text);

// The timezone argument: NULL is UTC (nullptr); an unknown name is an error
// naming it.
const date::time_zone* zone_arg(std::string_view fn, sqlite3_value* v);
const date::time_zone* zone_text(std::string_view fn, std::string_view name,
                                 std::string_view context = {});

}  // namespace vl::cron
