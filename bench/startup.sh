#!/usr/bin/env bash
# Start-up cost of the IAM catalogue (issue 15): `cogform validate` on a project without
# user-written statements (examples/minimal: the catalogue is never read) and on one with
# them (examples/social: only the services its statements name are parsed), for each binary
# given, alternating rounds so that the machine's load hits all alike.
# Not run by CI. usage: bench/startup.sh BINARY... [-- RUNS]   (default 50 runs each)
set -euo pipefail
cd "$(dirname "$0")/.."
bins=(); runs=50
while (($#)); do
  if [[ $1 == -- ]]; then runs=$2; break; fi
  bins+=("$1"); shift
done
((${#bins[@]})) || { echo "usage: bench/startup.sh BINARY... [-- RUNS]" >&2; exit 2; }
if command -v hyperfine >/dev/null; then
  cmds=()
  for ex in minimal social; do for b in "${bins[@]}"; do cmds+=("$b -C examples/$ex validate"); done; done
  exec hyperfine -N --warmup 5 --runs "$runs" "${cmds[@]}"
fi
# Fallback: mean wall time of RUNS runs, in rounds.
declare -A total
for ((i = 0; i < runs; i++)); do
  for ex in minimal social; do for b in "${bins[@]}"; do
    t0=$(date +%s%N); "$b" -C "examples/$ex" validate >/dev/null 2>&1; t1=$(date +%s%N)
    total["$b $ex"]=$(( ${total["$b $ex"]:-0} + t1 - t0 ))
  done; done
done
for k in "${!total[@]}"; do printf '%s: %.1f ms\n' "$k" "$(echo "${total[$k]} / $runs / 1000000" | bc -l)"; done | sort
