// The one way this library reaches SQLite: the extension API table.
//
// Every translation unit includes this header instead of <sqlite3.h>. The
// macros in sqlite3ext.h turn each sqlite3_* call into a call through the
// routine table the host hands to sqlite3_vaultlister_init, so the library
// never links libsqlite3 and always uses the host's own SQLite.
#pragma once

#include <sqlite3ext.h>

SQLITE_EXTENSION_INIT3

// Marks the library's entry points, its only exported symbols: the build hides every other
// symbol (-fvisibility=hidden); a Windows DLL exports exactly what is marked dllexport.
#ifdef _WIN32
#define VL_EXPORT __declspec(dllexport)
#else
#define VL_EXPORT __attribute__((visibility("default")))
#endif

namespace vl {
// Oldest SQLite this library supports. Older hosts are refused at load time
// with a clear message rather than failing later on a missing routine.
inline constexpr int kMinSqliteVersion = 3037000;
}  // namespace vl
