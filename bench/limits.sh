#!/usr/bin/env bash
# Benchmark: tfmap on inputs at each documented limit (docs/reliability.md) and on the
# inputs of issue #13 that once took minutes inside them. Not a test: it prints times, it
# fails only when tfmap fails. See "Limits at their boundary" in docs/performance.md.
#
#   bench/limits.sh                          every case
#   LIMITS="tf-json heredoc" bench/limits.sh   some cases (target/release/tfmap-corpus --list-limits)
#   TFMAP=/path/to/tfmap bench/limits.sh     time another build of tfmap (e.g. an older commit)
#   LIMITS_TIMEOUT=600 bench/limits.sh       give up on a case after this many seconds (300)
#
# Needs: cargo, python3, GNU time (/usr/bin/time) and hyperfine. On Debian or Ubuntu:
#   apt-get install -y hyperfine time
# Each input is written to a temporary directory (removed at the end; the 200,000-file case
# takes about 800 MB of disk while it runs). Results go to target/bench/limits/.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in hyperfine python3 /usr/bin/time; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "bench/limits.sh: $tool is missing; on Debian or Ubuntu: apt-get install -y hyperfine time python3" >&2
    exit 2
  fi
done

log() { printf '== %s\n' "$*" >&2; }

log "building tfmap and tfmap-corpus (release)"
cargo build --release --locked -p tfmap -p tfmap-corpus >&2
tfmap=${TFMAP:-$PWD/target/release/tfmap}
corpus=$PWD/target/release/tfmap-corpus
cases=${LIMITS:-$("$corpus" --list-limits | awk '{ print $1 }')}
timeout_seconds=${LIMITS_TIMEOUT:-300}

results=$PWD/target/bench/limits
mkdir -p "$results"
work=$(mktemp -d "${TMPDIR:-/tmp}/tfmap-limits.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Repetitions from the first run's wall time.
hyperfine_runs() { # seconds
  awk -v t="$1" 'BEGIN {
    if (t < 0.5) print "--warmup 1 --min-runs 5";
    else if (t < 10) print "--runs 3";
    else print "--runs 1" }'
}

table=$results/table.md
{
  echo "tfmap: $tfmap ($(git rev-parse --short HEAD)$(git diff --quiet HEAD -- crates || echo ' modified'))"
  echo "cpu: $(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| case | input | median s | runs | peak MB | diagnostics |"
  echo "| --- | --- | ---: | ---: | ---: | ---: |"
} > "$table"

for case in $cases; do
  dir=$work/$case
  log "$case: writing the input"
  "$corpus" --limit "$case" --out "$dir" >&2
  files=$(find "$dir" -type f | wc -l)
  megabytes=$(du -sb "$dir" | awk '{ printf "%.1f", $1 / 1048576 }')
  input="$files files, $megabytes MB"
  cmd="$tfmap analyze $dir --format json"
  # First run: checks that tfmap succeeds, counts its diagnostics, gives the peak RSS.
  start=$(date +%s.%N)
  if ! timeout "$timeout_seconds" /usr/bin/time -f %M -o "$results/$case.rss" \
    $cmd > "$results/$case.json" 2> "$results/$case.stderr"; then
    log "$case: failed or ran past ${timeout_seconds}s (see $results/$case.stderr)"
    echo "| $case | $input | over ${timeout_seconds} s or failed | 0 | – | – |" >> "$table"
    continue
  fi
  seconds=$(awk -v start="$start" -v end="$(date +%s.%N)" 'BEGIN { print end - start }')
  diagnostics=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["diagnostics"]))' "$results/$case.json")
  rm -f "$results/$case.json"
  log "$case: first run ${seconds}s; timing"
  # shellcheck disable=SC2046 # the run options are words on purpose
  hyperfine --style basic $(hyperfine_runs "$seconds") --export-json "$results/$case.hyperfine.json" \
    -n "$case" "$cmd > /dev/null" >&2
  python3 - "$results/$case.hyperfine.json" "$results/$case.rss" "$case" "$input" "$diagnostics" >> "$table" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))["results"][0]
peak_mb = int(open(sys.argv[2]).read().split()[-1]) / 1024
print(f"| {sys.argv[3]} | {sys.argv[4]} | {result['median']:.2f} | {len(result['times'])} | {peak_mb:.0f} | {sys.argv[5]} |")
PY
  rm -rf "$dir"
done

cat "$table"
