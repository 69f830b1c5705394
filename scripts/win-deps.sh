#!/usr/bin/env bash
# scripts/win-deps.sh <dir> — the Windows (x86_64-w64-mingw32) dependencies of vaultlister.dll,
# every one from Debian's own source packages, built once and cached under <dir>
# (make dll passes build-win/deps).
#
# Debian packages no mingw build of OpenSSL, libcsv or the date library's tz.cpp, but their source
# packages are in the archive. This script writes a private apt configuration under <dir>/apt
# (a deb-src entry for bookworm main on the mirror of /etc/apt/sources.list.d, signed by
# Debian's archive keyring), runs `apt-get update` and `apt-get source` with it, so apt
# verifies the Release signatures and every file's hash exactly as it does for binary packages,
# and the system's own apt state is left alone. Then:
#   <dir>/openssl/   libcrypto.a and include/ — ./Configure mingw64 no-shared, libcrypto only
#   <dir>/libcsv/    libcsv.a and csv.h
#   <dir>/date/      the date library's include/ and src/tz.cpp (compiled into the DLL by CMake)
#   <dir>/include/   sqlite3ext.h and RapidJSON (headers of Debian's libsqlite3-dev, rapidjson-dev)
#   <dir>/tzdata/    the IANA zone rules (text) of Debian's tzdata source, shipped beside the DLL
#   <dir>/sqlite3/   with --sqlite: Debian's sqlite3 source (make test-windows builds its shell)
#   <dir>/licenses/  each dependency's debian/copyright
# Each step leaves a stamp file; a second run finds the stamps and does nothing.
set -euo pipefail

dir="${1:?usage: win-deps.sh <dir>}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
jobs="${JOBS:-2}"
host=x86_64-w64-mingw32
src="$dir/src"
apt_dir="$dir/apt"

for tool in $host-gcc $host-g++ $host-ar dpkg-source make perl; do
  command -v "$tool" >/dev/null || {
    echo "vaultlister: win-deps.sh: $tool not found (make dll installs g++-mingw-w64-x86-64-posix, dpkg-dev, make, perl)" >&2
    exit 1
  }
done

# The mirror the system already uses (deb.debian.org unless /etc/apt says otherwise).
mirror="$(sed -n 's/^URIs:[[:space:]]*\(http[^[:space:]]*\/debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)"
mirror="${mirror:-http://deb.debian.org/debian}"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[[ -r "$keyring" ]] || { echo "vaultlister: win-deps.sh: $keyring missing (install debian-archive-keyring)" >&2; exit 1; }

apt_opts=(-o Dir::Etc::SourceList="$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o Dir::State::Lists="$apt_dir/lists" -o Dir::Cache="$apt_dir/cache"
          -o DPkg::Lock::Timeout=900)
# As root apt drops to the _apt user for downloads; a private directory owned by root would
# refuse it, so downloads run as the caller.
[[ "$(id -u)" == 0 ]] && apt_opts+=(-o APT::Sandbox::User=root)

apt_update() {
  [[ -f "$apt_dir/updated.stamp" ]] && return 0
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
  cat > "$apt_dir/sources.list" <<LIST
deb-src [signed-by=$keyring] $mirror bookworm main
LIST
  apt-get "${apt_opts[@]}" update
  touch "$apt_dir/updated.stamp"
}

# fetch <source package> : unpacks the newest version into $src/<package>-<version>, prints its path
fetch() {
  local pkg="$1" found
  found="$(find "$src" -maxdepth 1 -type d -name "$pkg-[0-9]*" 2>/dev/null | head -n1)"
  if [[ -z "$found" ]]; then
    apt_update >&2
    mkdir -p "$src"
    (cd "$src" && apt-get "${apt_opts[@]}" source "$pkg" >&2)
    found="$(find "$src" -maxdepth 1 -type d -name "$pkg-[0-9]*" | head -n1)"
  fi
  [[ -n "$found" ]] || { echo "vaultlister: win-deps.sh: apt-get source $pkg left no directory" >&2; exit 1; }
  mkdir -p "$dir/licenses"
  cp "$found/debian/copyright" "$dir/licenses/$pkg.copyright"
  echo "$found"
}

# ---- OpenSSL: static libcrypto only (no libssl, apps, tests, docs) ----------------------
if [[ ! -f "$dir/openssl/built.stamp" ]]; then
  s="$(fetch openssl)"
  echo "vaultlister: win-deps.sh: building libcrypto.a from $(basename "$s") (the slow step)"
  rm -rf "$dir/openssl" && mkdir -p "$dir/openssl/build"
  # OpenSSL's own warnings go to build.log, shown only when the build fails.
  if ! (cd "$dir/openssl/build" &&
        "$s/Configure" mingw64 no-shared no-tests no-module no-engine no-dso \
          --cross-compile-prefix=$host- --prefix="$dir/openssl/install" &&
        make -j"$jobs" build_generated &&
        make -j"$jobs" libcrypto.a) >"$dir/openssl/build.log" 2>&1; then
    tail -n 40 "$dir/openssl/build.log" >&2
    echo "vaultlister: win-deps.sh: the OpenSSL build failed (log: $dir/openssl/build.log)" >&2
    exit 1
  fi
  mkdir -p "$dir/openssl/lib" "$dir/openssl/include"
  cp "$dir/openssl/build/libcrypto.a" "$dir/openssl/lib/"
  cp -r "$s/include/openssl" "$dir/openssl/include/"
  cp "$dir/openssl/build/include/openssl/"*.h "$dir/openssl/include/openssl/"
  cp "$s/LICENSE.txt" "$dir/licenses/openssl.LICENSE.txt"
  touch "$dir/openssl/built.stamp"
fi

# ---- libcsv: one C file -------------------------------------------------------------
if [[ ! -f "$dir/libcsv/built.stamp" ]]; then
  s="$(fetch libcsv)"
  rm -rf "$dir/libcsv" && mkdir -p "$dir/libcsv"
  $host-gcc -O2 -Wall -c "$s/libcsv.c" -I"$s" -o "$dir/libcsv/libcsv.o"
  $host-ar rcs "$dir/libcsv/libcsv.a" "$dir/libcsv/libcsv.o"
  cp "$s/csv.h" "$dir/libcsv/"
  touch "$dir/libcsv/built.stamp"
fi

# ---- date: headers and tz.cpp, compiled by CMake into the DLL ---------------------------
if [[ ! -f "$dir/date/built.stamp" ]]; then
  s="$(fetch howardhinnant-date)"
  rm -rf "$dir/date" && mkdir -p "$dir/date"
  cp -r "$s/include" "$s/src" "$dir/date/"
  cp "$s/LICENSE.txt" "$dir/licenses/date.LICENSE.txt" 2>/dev/null || true
  touch "$dir/date/built.stamp"
fi

# ---- rapidjson: headers (rapidjson-dev, arch-independent) ; licence from its source --------
if [[ ! -f "$dir/licenses/rapidjson.copyright" ]]; then
  if [[ -r /usr/share/doc/rapidjson-dev/copyright ]]; then
    cp /usr/share/doc/rapidjson-dev/copyright "$dir/licenses/rapidjson.copyright"
  else
    fetch rapidjson >/dev/null
  fi
fi

# ---- headers the build machine has from Debian (arch-independent): SQLite's extension API
# (libsqlite3-dev) and RapidJSON (rapidjson-dev), copied so the cross build never searches
# /usr/include, which holds glibc's headers.
if [[ ! -f "$dir/include/copied.stamp" ]]; then
  rm -rf "$dir/include" && mkdir -p "$dir/include"
  cp /usr/include/sqlite3.h /usr/include/sqlite3ext.h "$dir/include/"
  cp -r /usr/include/rapidjson "$dir/include/"
  touch "$dir/include/copied.stamp"
fi

# ---- time zones: the IANA text data of Debian's tzdata source, read by date's tz.cpp -------
# date cannot read compiled zoneinfo on Windows (USE_OS_TZDB is refused there), so the DLL reads
# the same zone rules as text from a tzdata folder beside it (docs/install.md, "Time zones").
# windowsZones.xml only maps Windows' own zone names for date::current_zone(), which vaultlister
# never calls; date requires the file, so it gets one with no mappings.
if [[ ! -f "$dir/tzdata/built.stamp" ]]; then
  s="$(fetch tzdata)"
  rm -rf "$dir/tzdata" && mkdir -p "$dir/tzdata"
  # Indented comment lines (`\t\t#STDOFF\t2:05:08.9`, since 2018) are dropped: date 3.0.1's
  # parser only knows comments in column 1 and would print each one to stderr. Nothing else changes.
  for f in africa antarctica asia australasia backward etcetera europe northamerica \
           southamerica leapseconds; do
    sed -E '/^[[:space:]]+#/d' "$s/$f" >"$dir/tzdata/$f"
  done
  cp "$s/version" "$s/LICENSE" "$dir/tzdata/"
  cat > "$dir/tzdata/windowsZones.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8" ?>
<!-- vaultlister: no Windows zone-name mappings; zones are always named by their IANA name. -->
<supplementalData>
<windowsZones>
<mapTimezones otherVersion="none" typeVersion="none">
</mapTimezones>
</windowsZones>
</supplementalData>
XML
  touch "$dir/tzdata/built.stamp"
fi

# ---- sqlite3: the shell (and amalgamation) for make test-windows ------------------------
if [[ "${2:-}" == --sqlite && ! -f "$dir/sqlite3/fetched.stamp" ]]; then
  s="$(fetch sqlite3)"
  mkdir -p "$dir/sqlite3" && echo "$s" > "$dir/sqlite3/source-dir"
  touch "$dir/sqlite3/fetched.stamp"
fi
echo "vaultlister: win-deps.sh: dependencies ready in $dir"
