#!/usr/bin/env bash
# scripts/stage-bindings.sh <vaultlister.so|vaultlister.dll> <node package dir> <python package dir>
# Copies the built library into the npm and pip package trees, with build.json naming the
# platform and CPU it was built for (the loaders refuse any other). A vaultlister.dll (make dll)
# makes a win32-x64 package: the DLL and the tzdata folder beside it.
set -euo pipefail
so="$1"; node_dir="$2"; py_dir="$3"
[[ -f "$so" ]] || { echo "vaultlister: stage-bindings: $so does not exist (run make first)" >&2; exit 1; }
case "$(uname -m)" in
  x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) arch="$(uname -m)" ;;
esac
platform=linux
if [[ "$so" == *.dll ]]; then platform=win32 arch=x64; fi
info="{\"platform\":\"$platform\",\"arch\":\"$arch\"}"
for dest in "$node_dir/lib" "$py_dir/vaultlister"; do
  mkdir -p "$dest"
  rm -rf "$dest/vaultlister.so" "$dest/vaultlister.dll" "$dest/tzdata"
  cp "$so" "$dest/$(basename "$so")"
  [[ "$platform" == win32 ]] && cp -r "$(dirname "$so")/tzdata" "$dest/tzdata"
  echo "$info" > "$dest/build.json"
done
