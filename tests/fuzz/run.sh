#!/usr/bin/env bash
# tests/fuzz/run.sh <fuzz build dir> <seconds>: runs every libFuzzer target of
# tests/fuzz for <seconds> each (ASan+UBSan), starting from its seed corpus in
# tests/fuzz/corpus/<target>/ (read-only: new inputs go to <build>/fuzz-corpus/),
# and prints one line per target with its executions. A crash leaves its input
# in <build>/fuzz-crashes/ and makes the script exit non-zero: minimize it and
# add it to tests/fuzz/corpus/<target>/ as a regression input (make test replays it).
set -uo pipefail
build="$1"; seconds="$2"
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$build/fuzz-crashes"
status=0
summary=()
for cpp in "$src"/fuzz_*.cpp; do
  t="$(basename "$cpp" .cpp)"
  work="$build/fuzz-corpus/$t"; mkdir -p "$work"
  maxlen=4096
  [[ "$t" == fuzz_migrate ]] && maxlen=300000
  [[ "$t" == fuzz_json_schema || "$t" == fuzz_csv ]] && maxlen=65536
  log="$build/fuzz-$t.log"
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$src/ubsan.supp" \
    "$build/tests/fuzz/$t" -max_total_time="$seconds" -max_len="$maxlen" -rss_limit_mb=2048 -timeout=20 \
    -print_final_stats=1 -artifact_prefix="$build/fuzz-crashes/$t-" "$work" "$src/corpus/$t" >"$log" 2>&1
  rc=$?
  runs="$(grep -o 'Done [0-9]* runs' "$log" | tail -1 | grep -o '[0-9]*')"
  [[ -z "$runs" ]] && runs="$(grep -o '^stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')"
  cov="$(grep -o 'cov: [0-9]*' "$log" | tail -1)"
  if (( rc != 0 )); then
    status=1
    summary+=("$(printf '%-18s FAILED (exit %d) after %s executions; see %s' "$t" "$rc" "${runs:-?}" "$log")")
  else
    summary+=("$(printf '%-18s %9s executions in %ss, %s, corpus %s files' "$t" "${runs:-?}" "$seconds" "${cov:-cov: ?}" "$(ls "$work" | wc -l)")")
  fi
done
printf '%s\n' "${summary[@]}"
exit $status
