#!/usr/bin/env bash
# bench/run.sh <builddir> — what `make bench` runs after building <builddir>/vaultlister.so:
# compiles the C++ EVP baseline (g++ -O2, libcrypto), then runs bench/run.js, which writes
# <builddir>/bench/results.json. Extra arguments go to run.js (for example --quick).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(cd "${1:-build}" && pwd)"; shift || true
mkdir -p "$build/bench"
g++ -O2 -std=c++17 -Wall -Wextra -Werror -o "$build/bench/evp_baseline" "$root/bench/evp_baseline.cpp" -lcrypto
node "$root/bench/run.js" --ext "$build/vaultlister" --evp "$build/bench/evp_baseline" \
     --out "$build/bench/results.json" "$@"
