# Sourced by client tests that need a tool the user may lack.
#   vl_skip "<test>" "<what is missing and how to get it>"
# prints one SKIPPED line and exits 77 (ctest reports the test as skipped). When VL_NO_SKIPS=1
# (set by .ci/run) a skip is a failure instead: CI must run every test.
vl_skip() {
  if [[ "${VL_NO_SKIPS:-0}" == 1 ]]; then
    echo "vaultlister: $1: FAILED (VL_NO_SKIPS=1, so this cannot be skipped): $2" >&2
    exit 1
  fi
  echo "SKIPPED: $1: $2"
  exit 77
}
