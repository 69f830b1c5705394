#!/usr/bin/env bash
# scripts/win-dist.sh <windows build dir> — make dist: <dir>/vaultlister-<version>-windows-x86_64.zip
#   vaultlister.dll, tzdata/ (the zone rules it reads, beside it), licenses/ (vaultlister's notice
#   and the licences of everything linked into the DLL, from the Debian sources' copyright files:
#   OpenSSL, libcsv, date, RapidJSON, tzdata; the mingw-w64 runtime and libstdc++'s from the
#   cross compiler's packages) and docs/ with README.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
win="$(cd "${1:?usage: win-dist.sh <windows build dir>}" && pwd)"
version="$(head -n1 "$root/VERSION")"
name="vaultlister-$version-windows-x86_64"
stage="$win/dist/$name"
rm -rf "$win/dist" && mkdir -p "$stage/licenses"
cp "$win/vaultlister.dll" "$stage/"
cp -r "$win/tzdata" "$stage/tzdata"
cp -r "$root/docs" "$stage/docs" && rm -f "$stage/docs/README.md"
cp "$root/README.md" "$stage/"
cp "$win"/deps/licenses/* "$stage/licenses/"
for pkg in gcc-mingw-w64-base mingw-w64-common; do
  cp "/usr/share/doc/$pkg/copyright" "$stage/licenses/$pkg.copyright"
done
for want in openssl.copyright openssl.LICENSE.txt libcsv.copyright howardhinnant-date.copyright \
            rapidjson.copyright tzdata.copyright; do
  [[ -s "$stage/licenses/$want" ]] || { echo "vaultlister: win-dist.sh: licenses/$want is missing" >&2; exit 1; }
done
rm -f "$win/$name.zip"
(cd "$win/dist" && zip -qr "$win/$name.zip" "$name")
echo "vaultlister: $win/$name.zip ($(du -k "$win/$name.zip" | cut -f1) KiB)"
