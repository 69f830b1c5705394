// Errors in one voice: "vaultlister: <function>: <problem> (<expected>)".
//
// Code below the SQLite callbacks throws vl::Error; the trampolines in
// function.h and vtab.h catch it and hand message and code to SQLite. No
// exception ever crosses a C frame of SQLite.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "ext/core/api.h"

namespace vl {

// Builds the canonical message. `expected` may be empty, then the
// parenthesised part is left out.
std::string message(std::string_view function, std::string_view problem,
                    std::string_view expected = {});

class Error : public std::runtime_error {
 public:
  Error(std::string_view function, std::string_view problem,
        std::string_view expected = {}, int code = SQLITE_ERROR)
      : std::runtime_error(message(function, problem, expected)), code_(code) {}
  // A message that is already in our voice (for example one produced by a
  // trigger's RAISE, or re-thrown with more context).
  static Error verbatim(std::string text, int code = SQLITE_ERROR) {
    return Error(std::move(text), code, 0);
  }
  int code() const noexcept { return code_; }

 private:
  Error(std::string text, int code, int) : std::runtime_error(text), code_(code) {}
  int code_;
};

// The one place a caught exception becomes SQLite's error, for each of the
// three sinks. Call only from inside a catch block. vl::Error gives its own
// text and code; std::bad_alloc becomes SQLITE_NOMEM (no text: there may be
// no memory for one); any other exception "vaultlister: internal error: ...".
//
// An SQLite function's result:
void result_current_exception(sqlite3_context* ctx) noexcept;
// A virtual-table callback: the text goes to pVtab->zErrMsg; returns the code.
int vtab_current_exception(sqlite3_vtab* vtab) noexcept;
// An error string SQLite frees (xConnect's, an init's *pzErrMsg): the text is
// sqlite3_mprintf'd into *err (when err is not NULL); returns the code.
int error_current_exception(char** err) noexcept;
// A C callback that can hand back only a code (a tokenizer's token callback):
// the code alone.
int code_current_exception() noexcept;

// A failure code an SQLite API returned, thrown to be reported as SQLite
// reports it (the code with SQLite's own text, sqlite3_errstr): for the codes
// of an API whose own functions report them so (FTS5's), where our words
// would add nothing. SQLITE_NOMEM is thrown as std::bad_alloc.
[[noreturn]] void throw_sqlite_code(int rc);

}  // namespace vl
