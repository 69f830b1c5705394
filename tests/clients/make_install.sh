#!/usr/bin/env bash
# `make install DESTDIR=...` from a clean clone of this checkout's HEAD: it must build what it
# installs (nothing is built beforehand), put the library, the preload library and the docs under
# DESTDIR, and the installed vaultlister.so must load into the sqlite3 shell. Builds the library
# once more from scratch (a few minutes on 2 cores).
set -euo pipefail
: "${VL_SOURCE:?repo root}"
source "$VL_SOURCE/tests/clients/lib/skip.sh"
fail() { echo "FAIL: $*" >&2; exit 1; }
git -C "$VL_SOURCE" rev-parse --verify -q HEAD >/dev/null ||
  vl_skip make_install "$VL_SOURCE is not a git checkout, so there is no clean clone to install from"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
git clone --quiet --no-hardlinks "$VL_SOURCE" "$tmp/src"
dest="$tmp/dest"
make -C "$tmp/src" install DESTDIR="$dest" PREFIX=/usr/local JOBS="${JOBS:-2}" >"$tmp/make.log" 2>&1 ||
  { tail -n 30 "$tmp/make.log" >&2; fail "make install DESTDIR=$dest failed"; }

lib="$dest/usr/local/lib"
for f in "$lib/vaultlister.so" "$lib/vaultlister_preload.so" "$dest/usr/local/share/doc/vaultlister/README.md" \
         "$dest/usr/local/share/doc/vaultlister/sql/vl_migrate.md"; do
  [[ -f "$f" ]] || fail "make install did not install $f"
done
# Nothing outside DESTDIR/usr/local.
extra="$(cd "$dest" && find . -mindepth 1 -maxdepth 2 ! -path ./usr ! -path ./usr/local)"
[[ -z "$extra" ]] || fail "make install wrote outside PREFIX: $extra"

want="$(head -n1 "$tmp/src/VERSION")"
got="$(sqlite3 -batch -bail :memory: ".load $lib/vaultlister" "SELECT vl_version();")"
[[ "$got" == "$want" ]] || fail "the installed library says vl_version() = '$got', expected '$want'"
echo "make install DESTDIR: installed and loaded vaultlister $got from a clean clone"
