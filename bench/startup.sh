#!/usr/bin/env bash
# Start-up time of the llmcost launcher, per command: the median of N runs (default 5) of wall time and of CPU time
# (user + sys), JVM start included, measured through ./llmcost exactly as a user runs it. Output is discarded; the
# first (untimed) runs build the jar and record the class-data archives if they are missing or stale.
# Usage: bench/startup.sh [N]        Env: LLMCOST_STARTUP_VARIANTS=1 also times the JVM options one by one.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

commands=(
  "--help"
  "analyze --model llama-3.1-8b"
  "train --model llama-3.1-8b --tokens 15T"
  "serve --model llama-3.1-8b"
  "optimal --flops 1e23"
  "sweep --quiet --out $out/default"
)

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# Times one command line N times; prints "median wall s, median CPU s".
time_runs() {
  local walls=() cpus=() i start end t0 t1 st
  for ((i = 0; i < runs; i++)); do
    read -ra st < /proc/$BASHPID/stat  # fields 14-17: own and waited-for children's user and sys ticks
    t0=$((st[13] + st[14] + st[15] + st[16]))
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    read -ra st < /proc/$BASHPID/stat
    t1=$((st[13] + st[14] + st[15] + st[16]))
    walls+=("$(awk -v ns=$((end - start)) 'BEGIN {printf "%.3f", ns / 1e9}')")
    cpus+=("$(awk -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", t / hz}')")
  done
  printf '%s s wall, %s s CPU' "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | median)"
}

"$root/llmcost" --help >/dev/null  # build + archives, untimed
"$root/llmcost" sweep --quiet --out "$out/default" >/dev/null
echo "llmcost start-up, median of $runs runs ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
for c in "${commands[@]}"; do
  # shellcheck disable=SC2086
  printf '%-45s %s\n' "llmcost ${c%% --out*}" "$(time_runs "$root/llmcost" $c)"
done

if [[ "${LLMCOST_STARTUP_VARIANTS:-0}" == 1 ]]; then
  jar="$root/engine/target/llmcost.jar"
  jsa="$root/engine/target/llmcost.jsa"
  sweep_jsa="$root/engine/target/llmcost-sweep.jsa"
  java_runs() {  # label, then java options and the command
    local label="$1"; shift
    # shellcheck disable=SC2086
    printf '%-45s %s\n' "$label" "$(time_runs java -Xlog:cds=off "$@")"
  }
  echo "analyze --model llama-3.1-8b, JVM options one by one (java directly, no launcher):"
  for opts in "" "-XX:SharedArchiveFile=$jsa" "-XX:TieredStopAtLevel=1" \
      "-XX:SharedArchiveFile=$jsa -XX:TieredStopAtLevel=1" \
      "-XX:SharedArchiveFile=$jsa -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"; do
    # shellcheck disable=SC2086
    java_runs "${opts//$jsa/llmcost.jsa}" $opts -cp "$jar" io.llmcost.cli.Main analyze --model llama-3.1-8b
  done
  echo "sweep (default), JVM options one by one:"
  c2="@$root/engine/conf/sweep-jvm.options"  # the launcher's C2 thresholds for sweeps
  for opts in "" "-XX:SharedArchiveFile=$sweep_jsa" "$c2" "-XX:SharedArchiveFile=$sweep_jsa $c2" \
      "-XX:SharedArchiveFile=$sweep_jsa -XX:TieredStopAtLevel=1"; do
    label="${opts//$sweep_jsa/llmcost-sweep.jsa}"
    # shellcheck disable=SC2086
    java_runs "${label//$c2/C2 thresholds x100}" $opts -cp "$jar" io.llmcost.cli.Main sweep --quiet --out "$out/v"
  done
fi
