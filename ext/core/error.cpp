#include "error.h"

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

void result_current_exception(sqlite3_context* ctx) noexcept {
  try {
    throw;
  } catch (const Error& e) {
    sqlite3_result_error(ctx, e.what(), -1);
    sqlite3_result_error_code(ctx, e.code());
    // result_error_code keeps the message set just before it.
  } catch (const std::bad_alloc&) {
    sqlite3_result_error_nomem(ctx);
  } catch (const std::exception& e) {
    std::string text = message("internal error", e.what());
    sqlite3_result_error(ctx, text.c_str(), -1);
  } catch (...) {
    sqlite3_result_error(ctx, "vaultlister: internal error: unknown exception", -1);
  }
}

int vtab_current_exception(sqlite3_vtab* vtab) noexcept {
  const char* text = nullptr;
  int code = SQLITE_ERROR;
  std::string scratch;
  try {
    throw;
  } catch (const Error& e) {
    text = e.what();
    code = e.code();
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  } catch (const std::exception& e) {
    try {
      scratch = message("internal error", e.what());
      text = scratch.c_str();
    } catch (...) {
      return SQLITE_NOMEM;
    }
  } catch (...) {
    text = "vaultlister: internal error: unknown exception";
  }
  if (vtab != nullptr) {
    sqlite3_free(vtab->zErrMsg);
    vtab->zErrMsg = sqlite3_mprintf("%s", text);
  }
  return code;
}

}  // namespace vl
