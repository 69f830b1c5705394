#include "ext/core/error.h"

#include <new>

namespace vl {

std::string message(std::string_view function, std::string_view problem,
                    std::string_view expected) {
  std::string out;
  out.reserve(16 + function.size() + problem.size() + expected.size());
  out += "vaultlister: ";
  out += function;
  out += ": ";
  out += problem;
  if (!expected.empty()) {
    out += " (";
    out += expected;
    out += ")";
  }
  return out;
}

namespace {

// The current exception's code and text. The text is nullptr for
// SQLITE_NOMEM; otherwise it points into the exception (alive while the
// caller's catch block runs) or into `scratch`.
int describe_current(const char** text, std::string* scratch) noexcept {
  *text = nullptr;
  try {
    throw;
  } catch (const Error& e) {
    *text = e.what();
    return e.code();
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  } catch (const std::exception& e) {
    try {
      *scratch = message("internal error", e.what());
    } catch (...) {
      return SQLITE_NOMEM;
    }
    *text = scratch->c_str();
    return SQLITE_ERROR;
  } catch (...) {
    *text = "vaultlister: internal error: unknown exception";
    return SQLITE_ERROR;
  }
}

}  // namespace

void result_current_exception(sqlite3_context* ctx) noexcept {
  const char* text;
  std::string scratch;
  int code = describe_current(&text, &scratch);
  if (text == nullptr) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  sqlite3_result_error(ctx, text, -1);
  // result_error_code keeps the message set just before it.
  sqlite3_result_error_code(ctx, code);
}

int vtab_current_exception(sqlite3_vtab* vtab) noexcept {
  return error_current_exception(vtab != nullptr ? &vtab->zErrMsg : nullptr);
}

int code_current_exception() noexcept {
  const char* text;
  std::string scratch;
  return describe_current(&text, &scratch);
}

void throw_sqlite_code(int rc) {
  if (rc == SQLITE_NOMEM) throw std::bad_alloc();
  throw Error::verbatim(sqlite3_errstr(rc), rc);
}

int error_current_exception(char** err) noexcept {
  const char* text;
  std::string scratch;
  int code = describe_current(&text, &scratch);
  if (text != nullptr && err != nullptr) {
    sqlite3_free(*err);
    *err = sqlite3_mprintf("%s", text);
  }
  return code;
}

}  // namespace vl
