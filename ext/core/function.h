// Scalar-function plumbing: the exception-catching trampoline, argument
// checks that speak in our voice, and the per-connection state.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "ext/core/api.h"
#include "ext/core/error.h"
#include "ext/core/text.h"  // valid_utf8, for the argument readers' callers

namespace vl {

using ScalarFn = void (*)(sqlite3_context*, int, sqlite3_value**);

// Wraps a function body so that no C++ exception reaches SQLite: vl::Error
// becomes sqlite3_result_error with its code, std::bad_alloc becomes
// SQLITE_NOMEM.
template <ScalarFn Body>
void guarded(sqlite3_context* ctx, int argc, sqlite3_value** argv) noexcept {
  try {
    Body(ctx, argc, argv);
  } catch (...) {
    result_current_exception(ctx);
  }
}

// Per-connection state shared by the functions and modules of one load.
// Each area that needs state (the key ring, the compiled JSON Schema cache)
// keeps it in its own slot; a shared_ptr<void> carries the area's deleter,
// so core knows nothing of the areas and everything is freed with the
// connection.
struct ConnState {
  explicit ConnState(sqlite3* connection) : db(connection) {}
  sqlite3* db;
  std::shared_ptr<void> keys;     // functions/crypto.cpp
  std::shared_ptr<void> schemas;  // functions/json_schema.cpp
  std::shared_ptr<void> origin;   // ext/schema_origin.cpp: the table texts encrypt last read
  const char* entry_point = "";   // the exported entry point that loaded us (vl_info)
};

// The state of the connection a function runs on (its user-data pointer).
ConnState& conn_state(sqlite3_context* ctx);

// Arity check for functions registered with nArg = -1 (they are, so that a
// wrong count gets our message instead of SQLite's generic one).
// `usage` is the signature shown to the user, e.g. "net_profit(sale_price, ...)".
void check_arity(std::string_view fn, int argc, int min, int max, std::string_view usage);

// Argument readers. `what` names the argument in errors ("sale_price").
// arg_number: INTEGER or REAL, or text that is wholly a number; anything
// else (a blob, words) is an error. The caller handles NULL first.
double arg_number(std::string_view fn, std::string_view what, sqlite3_value* v);
// arg_int: an integer value (or text of one).
int64_t arg_int(std::string_view fn, std::string_view what, sqlite3_value* v);
// arg_text: TEXT (or a number, read as text); a BLOB is refused, and so is
// text that is not valid UTF-8.
std::string_view arg_text(std::string_view fn, std::string_view what, sqlite3_value* v);
bool is_null(sqlite3_value* v);
// An argument that was given and is not NULL. A table-valued function's
// optional HIDDEN argument left out of the call arrives as nullptr
// (core/vtab.h), and a NULL one means the same as leaving it out.
bool given(sqlite3_value* v);

void result_text(sqlite3_context* ctx, std::string_view text);

}  // namespace vl
