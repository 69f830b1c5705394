// The registration of every SQL name the library adds.
#pragma once

#include "ext/core/api.h"

namespace vl {

// Which exported entry point loaded the library (ext/entry.cpp).
enum class EntryPoint {
  kAll,        // sqlite3_vaultlister_init
  kNoSecrets,  // sqlite3_vaultlister_nosecrets_init: no function that uses a key
};
const char* entry_point_name(EntryPoint e);

// Registers every function and module on `db` (for kNoSecrets, all but the
// rows whose flags say uses_key). Stops at the first failure, writes a
// message naming it into *err (sqlite3_malloc'd) and returns its code; the
// functions registered before it stay (SQLite offers no way to register
// atomically), but a failed load is reported to the caller.
int register_all(sqlite3* db, char** err, EntryPoint entry);

// A row's flag set (registry.cpp names them: kPure, kSecret, ...).
struct FlagSet {
  int sqlite;     // what sqlite3_create_function_v2 gets
  bool uses_key;  // reads or changes key material: left out by the nosecrets entry point
};

struct FunctionDef {
  const char* name;
  int n_arg;  // -1: the function checks its own arity, to speak in our voice
  FlagSet flags;
  void (*impl)(sqlite3_context*, int, sqlite3_value**);
  const char* why;  // why these flags
  // Also an FTS5 auxiliary function of the same name, registered after impl
  // (ext/search/fts5.h). impl then answers only calls FTS5 does not take (its
  // first argument is not an FTS5 table) and carries the flags, which SQLite
  // copies to the FTS5 function it substitutes.
  fts5_extension_function fts5 = nullptr;
};

struct ModuleDef {
  const char* name;
  const sqlite3_module* (*module)();
  unsigned traits;  // VTabTraits (core/vtab.h): applied by every xConnect
  const char* why;  // why these traits
};

// The tables themselves, for tests and docs tooling that compare the
// registered surface with what is documented.
extern const FunctionDef kFunctions[];
extern const int kFunctionCount;
extern const ModuleDef kModules[];
extern const int kModuleCount;

}  // namespace vl
