#!/usr/bin/env bash
# Performance guard: runs KernelBench briefly (the kernel and the per-point reference evaluator on the same grid
# points, in one JVM run) and exits 1 when reference / kernel falls below the threshold bench/README.md states.
# Usage: bench/guard.sh [THRESHOLD]   (needs bench/target/bench.jar: mvn -B -ntp package)
set -euo pipefail
threshold="${1:-100}"
cd "$(dirname "$0")/.."
jar=bench/target/bench.jar
if [[ ! -f "$jar" ]]; then
  echo "guard: $jar not found; build it with: mvn -B -ntp package" >&2
  exit 2
fi
csv="$(mktemp)"
trap 'rm -f "$csv"' EXIT
java -jar "$jar" 'KernelBench\.(kernel|reference)$' -f 1 -wi 2 -w 1s -i 3 -r 1s -rf csv -rff "$csv" >/dev/null
# JMH CSV: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"
score() { awk -F, -v name="\"io.llmcost.bench.KernelBench.$1\"" '$1 == name { print $5 }' "$csv"; }
kernel="$(score kernel)"
reference="$(score reference)"
if [[ -z "$kernel" || -z "$reference" ]]; then
  echo "guard: KernelBench produced no scores (see $csv)" >&2
  exit 2
fi
awk -v k="$kernel" -v r="$reference" -v t="$threshold" 'BEGIN {
  ratio = r / k
  printf "guard: kernel %.1f ns/point, reference %.1f ns/point: %.1fx (threshold %sx) ", k, r, ratio, t
  if (ratio < t) { print "FAIL"; exit 1 }
  print "ok"
}'
