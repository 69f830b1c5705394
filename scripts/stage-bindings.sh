#!/usr/bin/env bash
# scripts/stage-bindings.sh <vaultlister.so> <node package dir> <python package dir>
# Copies the built library into the npm and pip package trees, with build.json naming the
# platform and CPU it was built for (the loaders refuse any other).
set -euo pipefail
so="$1"; node_dir="$2"; py_dir="$3"
[[ -f "$so" ]] || { echo "vaultlister: stage-bindings: $so does not exist (run make first)" >&2; exit 1; }
case "$(uname -m)" in
  x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) arch="$(uname -m)" ;;
esac
info="{\"platform\":\"linux\",\"arch\":\"$arch\"}"
mkdir -p "$node_dir/lib" "$py_dir/vaultlister"
cp "$so" "$node_dir/lib/vaultlister.so"
echo "$info" > "$node_dir/lib/build.json"
cp "$so" "$py_dir/vaultlister/vaultlister.so"
echo "$info" > "$py_dir/vaultlister/build.json"
