#!/usr/bin/env bash
# CLI start-up benchmark: kstack's short commands against `kubectl version --client`, in one run.
#
#   scripts/bench-startup.sh [-n RUNS] [-w WARMUP] [KSTACK]
#
# KSTACK is the launcher to time (default: bin/kstack of this checkout; give an unpacked distribution's bin/kstack,
# after its install step `KSTACK_CDS=sync bin/kstack version --client`). Times `version --client`, `config` and
# `convert` of examples/wordsmith, and, when KUBECONFIG names a cluster, `ls` (with `kubectl get stacks` beside it).
# The commands run in turn (one run of each, then the next round), so that they share whatever else the machine is
# doing; WARMUP rounds (default 2) are not counted. For each command: the median, fastest and slowest wall time of
# RUNS (default 15), the median CPU time (user + system of the process and its children, from bash's `times`), and
# the median wall time as a multiple of kubectl's. Needs only bash, kstack and kubectl: no hyperfine.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs=15 warmup=2
while getopts n:w: opt; do
  case "$opt" in
    n) runs="$OPTARG" ;;
    w) warmup="$OPTARG" ;;
    *) sed -n '2,12p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
kstack="${1:-$root/bin/kstack}"
wordsmith="$root/examples/wordsmith/docker-compose.yml"

names=("kubectl version --client" "kstack version --client" "kstack config -f wordsmith" "kstack convert -f wordsmith")
commands=("kubectl version --client" "$kstack version --client" "$kstack config -f $wordsmith"
  "$kstack convert -f $wordsmith")
if [ -n "${KUBECONFIG:-}" ]; then
  names+=("kubectl get stacks" "kstack ls")
  commands+=("kubectl get stacks" "$kstack ls")
fi

# Every command once, its output checked: a benchmark of a failing command measures nothing.
for i in "${!commands[@]}"; do
  # shellcheck disable=SC2086
  if ! ${commands[$i]} >/dev/null 2>/tmp/bench-startup.err.$$; then
    echo "bench-startup: '${names[$i]}' failed:" >&2
    cat /tmp/bench-startup.err.$$ >&2
    rm -f /tmp/bench-startup.err.$$
    exit 1
  fi
done
rm -f /tmp/bench-startup.err.$$

# Sets cpu_us to the CPU time (user + system) of the children so far, in microseconds: the second line of `times`,
# which has to run in this shell (in a $(...) subshell it would count the subshell's children).
times_file="$(mktemp)"
trap 'rm -f "$times_file"' EXIT
children_cpu() {
  local line user sys
  times >"$times_file"
  { read -r line; read -r line; } <"$times_file"
  user="${line%% *}" sys="${line##* }"
  seconds_us "$user"
  cpu_us=$seconds
  seconds_us "$sys"
  cpu_us=$((cpu_us + seconds))
}
# 1m2.345678s -> seconds=<microseconds>
seconds_us() {
  local t="$1" min sec frac
  min="${t%%m*}" sec="${t#*m}" sec="${sec%s}"
  frac="${sec#*.}000000"
  seconds=$(( (10#$min * 60 + 10#${sec%.*}) * 1000000 + 10#${frac:0:6} ))
}

declare -A wall cpu
for ((round = 0; round < warmup + runs; round++)); do
  for i in "${!commands[@]}"; do
    children_cpu
    c0=$cpu_us
    t0="$EPOCHREALTIME"
    # shellcheck disable=SC2086
    ${commands[$i]} >/dev/null 2>&1
    t1="$EPOCHREALTIME"
    children_cpu
    c1=$cpu_us
    if [ "$round" -ge "$warmup" ]; then
      wall[$i]+="$(( (${t1/./} - ${t0/./}) / 1000 )) "
      cpu[$i]+="$(( (c1 - c0) / 1000 )) "
    fi
  done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
extreme() { tr ' ' '\n' | grep . | sort -n | sed -n "$1"; }

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
  "$runs runs after $warmup warm-up rounds"
echo "launcher: $kstack"
yardstick="$(echo "${wall[0]}" | median)"
printf '%-30s %10s %10s %10s %12s %14s\n' command "wall (ms)" min max "CPU (ms)" "x kubectl"
for i in "${!commands[@]}"; do
  m="$(echo "${wall[$i]}" | median)"
  printf '%-30s %10s %10s %10s %12s %14s\n' "${names[$i]}" "$m" "$(echo "${wall[$i]}" | extreme 1p)" \
    "$(echo "${wall[$i]}" | extreme '$p')" "$(echo "${cpu[$i]}" | median)" \
    "$(awk -v a="$m" -v b="$yardstick" 'BEGIN {printf "%.1f", a / b}')"
done
echo "(medians; wall from bash's \$EPOCHREALTIME around each run, CPU from its \`times\`)"
