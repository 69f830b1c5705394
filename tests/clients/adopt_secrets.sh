#!/usr/bin/env bash
# Legacy secrets written by Node's crypto (tests/node/legacy_secrets.js) still open with
# decrypt() after vl_migrate() adopts the file.
set -euo pipefail
: "${VL_EXT:?path of the built library without suffix}" "${VL_SOURCE:?repo root}"
NODE_PATH="$VL_SOURCE/tests/node/node_modules" exec node "$VL_SOURCE/tests/node/legacy_secrets.js" "$VL_EXT" "$VL_SOURCE"
