// The registration of every SQL name the library adds.
#pragma once

#include "core/api.h"

namespace vl {

// Registers every function and module on `db`. Stops at the first failure,
// writes a message naming it into *err (sqlite3_malloc'd) and returns its
// code; the functions registered before it stay (SQLite offers no way to
// register atomically), but a failed load is reported to the caller.
int register_all(sqlite3* db, char** err);

struct FunctionDef {
  const char* name;
  int n_arg;  // -1: the function checks its own arity, to speak in our voice
  int flags;
  void (*impl)(sqlite3_context*, int, sqlite3_value**);
  const char* why;  // why these flags
};

struct ModuleDef {
  const char* name;
  const sqlite3_module* (*module)();
  const char* why;
};

// The tables themselves, for tests and docs tooling that compare the
// registered surface with what is documented.
extern const FunctionDef kFunctions[];
extern const int kFunctionCount;
extern const ModuleDef kModules[];
extern const int kModuleCount;

}  // namespace vl
