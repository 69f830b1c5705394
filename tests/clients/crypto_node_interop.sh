#!/usr/bin/env bash
# encrypt/decrypt against Node's crypto module, both directions (GCM, legacy
# CBC, both key readings, aad), through better-sqlite3 (SQLite 3.53).
set -euo pipefail
export NODE_PATH="$VL_SOURCE/tests/node/node_modules"
exec node "$VL_SOURCE/tests/node/crypto_interop.js" "$VL_EXT"
