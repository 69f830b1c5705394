#!/usr/bin/env bash
# tests/windows/run.sh <windows build dir> <linux build dir> — make test-windows.
#
# vaultlister.dll in a Windows sqlite3.exe (Debian's SQLite 3.40.1 source, cross-built by
# scripts/win-sqlite3.sh) under Debian's Wine, next to the Linux vaultlister.so in Debian's
# sqlite3:
#   1. the DLL imports only Windows' own DLLs (objdump -p against an allow-list) and exports
#      exactly the entry points ext/ marks VL_EXPORT;
#   2. every ```sql example of docs/ gives the output shown (tests/docs/run_examples.py --shell);
#   3. tests/windows/domain.sql on a file database gives domain.expected on both platforms;
#   4. ciphertext written on Linux decrypts on Windows and the reverse;
#   5. vl_cron_next gives the same UTC times on both for every zone name of the tzdata folder
#      shipped beside the DLL, at instants around the 2026 changes.
# Debian packages no Windows build of Python, so the DLL is not loaded from a Windows Python.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
win="$(cd "${1:?usage: run.sh <windows build dir> <linux build dir>}" && pwd)"
lin="$(cd "${2:?usage: run.sh <windows build dir> <linux build dir>}" && pwd)"
here="$root/tests/windows"
dll="$win/vaultlister.dll" exe="$win/sqlite3.exe" so="$lin/vaultlister"
for f in "$dll" "$exe" "$so.so"; do [[ -f "$f" ]] || { echo "FAIL: $f is missing (make dll, make build)" >&2; exit 1; }; done
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
failures=0
ok() { echo "ok: $*"; }
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# ---- 1. imports and exports -------------------------------------------------------------
objdump=x86_64-w64-mingw32-objdump
allowed=" advapi32.dll bcrypt.dll crypt32.dll kernel32.dll msvcrt.dll ole32.dll shell32.dll user32.dll ws2_32.dll "
imports="$($objdump -p "$dll" | sed -n 's/^[[:space:]]*DLL Name: //p' | sort -f)"
echo "vaultlister.dll imports: $(echo $imports)"
bad=""
for d in $imports; do [[ "$allowed" == *" ${d,,} "* ]] || bad+=" $d"; done
[[ -z "$bad" && -n "$imports" ]] && ok "imports only Windows system DLLs" || fail "imports outside the allow-list:$bad"
exports="$($objdump -p "$dll" | sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' |
           sed -n 's/^[[:space:]]*\[ *[0-9]*\] //p' | sort | tr '\n' ' ')"
want_exports="$(grep -hoE 'extern "C" VL_EXPORT int sqlite3_[a-z0-9_]+_init' "$root"/ext/*.cpp |
                grep -oE 'sqlite3_[a-z0-9_]+_init' | sort | tr '\n' ' ')"
[[ -n "$exports" && "$exports" == "$want_exports" ]] && ok "exports: $exports" ||
  fail "exports '$exports', expected '$want_exports'"

# ---- Wine: a private prefix under the build folder, one wineserver for the whole run ------
export WINEPREFIX="$win/wine" WINEDEBUG=-all WINEARCH=win64 WINEDLLOVERRIDES="mscoree,mshtml="
if [[ ! -f "$WINEPREFIX/system.reg" ]]; then
  echo "creating the Wine prefix $WINEPREFIX (first run only)"
  wineboot -i >/dev/null 2>&1 || true
fi
wineserver -p 120 2>/dev/null || true   # already running: fine
wsql() { wine "$exe" "$@" | tr -d '\r'; }
wext="Z:$win/vaultlister"   # Wine's Z: is the Unix root
version="$(wsql -batch ':memory:' '.load '"$wext" 'SELECT vl_version(), sqlite_version();')"
[[ "$version" == "$(head -n1 "$root/VERSION")|3.40.1" ]] && ok "loaded in sqlite3.exe: $version" ||
  fail "vl_version()|sqlite_version() under Wine: '$version'"

# ---- 2. the documented examples ---------------------------------------------------------
if env -u VAULTLISTER_KEY /usr/bin/python3 "$root/tests/docs/run_examples.py" --shell "wine $exe -batch" "$wext" "$root/docs" \
     >"$tmp/docs.out" 2>&1; then
  ok "$(tail -n1 "$tmp/docs.out")"
else
  cat "$tmp/docs.out" >&2; fail "docs examples under Wine"
fi

# ---- 3. the domain script ---------------------------------------------------------------
for side in linux windows; do
  mkdir -p "$tmp/$side"
  cp "$here"/*.csv "$root/tests/fixtures/legacy/vaultlister_app.sql" "$tmp/$side/"
done
(cd "$tmp/linux" && sqlite3 -batch -bail domain.db -cmd ".load $so" <"$here/domain.sql") >"$tmp/linux.out" 2>&1 || true
(cd "$tmp/windows" && wsql -batch -bail domain.db -cmd ".load $wext" <"$here/domain.sql") >"$tmp/windows.out" 2>&1 || true
for side in linux windows; do
  if diff -u "$here/domain.expected" "$tmp/$side.out" >"$tmp/$side.diff"; then
    ok "domain script on $side ($(wc -l <"$tmp/$side.out") lines as expected)"
  else
    cat "$tmp/$side.diff" >&2; fail "domain script on $side differs from domain.expected"
  fi
done

# ---- 4. ciphertext across platforms -----------------------------------------------------
export VAULTLISTER_KEY="windows-linux-interop-key-0123456789!"
key="x'000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'"
db="$tmp/secrets.db"
sqlite3 -batch -bail "$db" -cmd ".load $so" \
  "CREATE TABLE s(origin TEXT, kind TEXT, v TEXT);" \
  "INSERT INTO s VALUES ('linux', 'env', encrypt('from Linux ✓')), ('linux', 'key+aad', encrypt('from Linux ✓', $key, 'shop-1'));"
# SQL with non-ASCII text goes to sqlite3.exe on stdin: Windows hands command-line arguments to a
# program in its ANSI code page, where '✓' becomes '?'.
wsql -batch -bail "Z:$db" -cmd ".load $wext" >/dev/null <<SQL
INSERT INTO s VALUES ('windows', 'env', encrypt('from Windows ✓')), ('windows', 'key+aad', encrypt('from Windows ✓', $key, 'shop-1'));
SQL
read_all="SELECT origin, kind, CASE kind WHEN 'env' THEN decrypt(v) ELSE decrypt(v, $key, 'shop-1') END FROM s ORDER BY origin, kind;"
on_linux="$(sqlite3 -batch -bail "$db" -cmd ".load $so" "$read_all" 2>&1)"
on_windows="$(wsql -batch -bail "Z:$db" -cmd ".load $wext" "$read_all" 2>&1)"
want="linux|env|from Linux ✓
linux|key+aad|from Linux ✓
windows|env|from Windows ✓
windows|key+aad|from Windows ✓"
[[ "$on_linux" == "$want" ]] && ok "Linux decrypts what Windows wrote" || fail "on Linux: $on_linux"
[[ "$on_windows" == "$want" ]] && ok "Windows decrypts what Linux wrote" || fail "on Windows: $on_windows"
unset VAULTLISTER_KEY

# ---- 5. every zone: the same UTC times on both -------------------------------------------
/usr/bin/python3 "$here/zones.py" "$win/tzdata" >"$tmp/zones.sql"
sqlite3 -batch -cmd ".load $so" <"$tmp/zones.sql" >"$tmp/zones.linux" 2>&1 || true
wsql -batch -cmd ".load $wext" <"$tmp/zones.sql" >"$tmp/zones.windows" 2>&1 || true
zones="$(wc -l <"$tmp/zones.linux")"
if diff "$tmp/zones.linux" "$tmp/zones.windows" >"$tmp/zones.diff"; then
  ok "vl_cron_next: $zones zones, the same UTC times on Linux and Windows"
else
  if /usr/bin/python3 "$here/zones.py" --explain "$win/tzdata" "$tmp/zones.diff"; then
    ok "vl_cron_next: $zones zones compared; they differ only where the two tz releases differ"
  else
    fail "time zones differ between Linux and Windows"
  fi
fi
grep -q '^America/New_York|' "$tmp/zones.windows" && grep -q '^Asia/Kolkata|' "$tmp/zones.windows" ||
  fail "the zone list lacks America/New_York or Asia/Kolkata"

echo "windows python: not run (Debian packages no Windows build of Python)"
if ((failures)); then echo "test-windows: $failures check(s) failed" >&2; exit 1; fi
echo "test-windows: all checks passed"
