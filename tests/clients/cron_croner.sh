#!/usr/bin/env bash
# vl_cron_next against croner (an independent cron implementation) on random
# expressions, times and zones, through better-sqlite3; see
# tests/node/cron_crosscheck.js for what is compared and what is excluded.
set -euo pipefail
: "${VL_EXT:?path of the built library without suffix}" "${VL_SOURCE:?repo root}"
cd "$VL_SOURCE/tests/node"
exec node cron_crosscheck.js "$VL_EXT"
