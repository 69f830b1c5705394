#!/usr/bin/env bash
# The extension in a replicated 3-node dqlite cluster, through leader failovers: the same driver
# as `make test-dqlite` (tests/dqlite/run.sh), against this build's library and preload loader.
set -euo pipefail
: "${VL_BUILD:?build dir}" "${VL_SOURCE:?repo root}"
exec bash "$VL_SOURCE/tests/dqlite/run.sh" "$VL_BUILD"
