#!/usr/bin/env bash
# scripts/win-sqlite3.sh <deps dir> <out.exe> — a Windows sqlite3.exe for make test-windows.
#
# Both the shell and the library come from Debian's sqlite3 source package (3.40.1, fetched and
# verified by scripts/win-deps.sh <deps dir> --sqlite): its shell.c is generated from
# src/shell.c.in and matches its own amalgamation, which the newer amalgamation in better-sqlite3
# (3.5x) would not — a 3.40 shell over a 3.5x library is neither what SQLite ships nor what a
# user runs. 3.40.1 is also the SQLite of the Linux docs test (the system libsqlite3), so both
# platforms run the same SQLite. The amalgamation and shell.c are generated once on the build
# machine (configure; make sqlite3.c shell.c, which needs tclsh), then cross-compiled with the
# options of Debian's own libsqlite3 (debian/rules) plus FTS5; load_extension stays enabled.
set -euo pipefail
deps="${1:?usage: win-sqlite3.sh <deps dir> <out.exe>}"
out="${2:?usage: win-sqlite3.sh <deps dir> <out.exe>}"
src="$(cat "$deps/sqlite3/source-dir")"
gen="$deps/sqlite3/gen"

if [[ ! -f "$gen/generated.stamp" ]]; then
  rm -rf "$gen" && mkdir -p "$gen"
  (cd "$gen" && "$src/configure" --disable-tcl >/dev/null && make sqlite3.c shell.c >/dev/null)
  touch "$gen/generated.stamp"
fi
if [[ ! -f "$out" || "$out" -ot "$gen/generated.stamp" ]]; then
  x86_64-w64-mingw32-gcc-posix -O2 -fno-strict-aliasing -I"$gen" \
    -DSQLITE_SECURE_DELETE -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_FTS3 \
    -DSQLITE_ENABLE_FTS3_PARENTHESIS -DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_FTS5 \
    -DSQLITE_ENABLE_RTREE=1 -DSQLITE_SOUNDEX=1 -DSQLITE_ENABLE_DBSTAT_VTAB \
    -DSQLITE_LIKE_DOESNT_MATCH_BLOBS -DSQLITE_THREADSAFE=1 -DSQLITE_USE_URI=1 \
    -DSQLITE_ENABLE_STMTVTAB -DSQLITE_ENABLE_MATH_FUNCTIONS -DSQLITE_MAX_VARIABLE_NUMBER=250000 \
    "$gen/shell.c" "$gen/sqlite3.c" -static -o "$out"
fi
echo "vaultlister: win-sqlite3.sh: $out (SQLite $(cat "$src/VERSION"), Windows x86_64)"
