// SQL arguments of platform_fee, vl_fee_breakdown and vl_crosslist's fee,
// read in one voice: vaultlister: <function>: <what was wrong> (<what was
// expected>).
#pragma once

#include <string>
#include <string_view>

#include "ext/core/api.h"
#include "ext/core/money.h"

namespace vl::fees {

// A platform name: text, compared lower-case (platform columns are lower-case).
std::string read_platform(std::string_view fn, sqlite3_value* v);
// A non-negative amount of money (see ext/core/money.h for the rounding).
Cents read_money(std::string_view fn, std::string_view what, sqlite3_value* v);
// The same range check for an amount read elsewhere (an export's text):
// 0 or more and at most Cents::kMaxDollars, the engine's int64 range.
Cents checked_money(std::string_view fn, std::string_view what, Cents amount);
// YYYY-MM-DD, or a datetime / ISO 8601 text (space or T, seconds, fraction,
// Z or +HH:MM); the date part as written is returned.
std::string read_date(std::string_view fn, sqlite3_value* v);

}  // namespace vl::fees
