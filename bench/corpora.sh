#!/usr/bin/env bash
# Benchmark: tfmap on the real repositories of the corpora directory, side by side with
# `terraform fmt -recursive -check` (the cheapest thing that reads every .tf file) in the
# same hyperfine run, plus tfmap's peak memory. Not a test: numbers go to
# target/bench/corpora/table.md and, by hand, to docs/performance.md.
#
#   bench/corpora.sh                        every corpus under ../shared/corpora
#   TFMAP_CORPORA=DIR bench/corpora.sh      another corpora directory
set -euo pipefail
cd "$(dirname "$0")/.."

corpora=${TFMAP_CORPORA:-../shared/corpora}
out=target/bench/corpora
mkdir -p "$out"
cargo build --release --locked -p tfmap >&2
tfmap=$PWD/target/release/tfmap
command -v hyperfine >/dev/null || { echo "bench/corpora.sh: needs hyperfine (just bench installs it)" >&2; exit 2; }
have_terraform=$(command -v terraform || true)

median() { python3 -c 'import json,sys,statistics; r=json.load(open(sys.argv[1]))["results"]; print(" ".join("%.3f" % statistics.median(x["times"]) for x in r))' "$1"; }

{
  echo "| corpus | tfmap text s | tfmap JSON s | terraform fmt s | text / fmt | tfmap peak MB |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  for dir in "$corpora"/*/; do
    name=$(basename "$dir")
    commands=("$tfmap analyze $dir" "$tfmap analyze $dir --format json")
    [ -n "$have_terraform" ] && commands+=("terraform -chdir=$dir fmt -recursive -check")
    hyperfine -N -i -w 1 -r 5 --export-json "$out/$name.json" "${commands[@]}" >&2
    read -r text json fmt <<<"$(median "$out/$name.json")"
    peak=$( { /usr/bin/time -f '%M' "$tfmap" analyze "$dir" --format json >/dev/null; } 2>&1 | tail -1)
    ratio=$([ -n "${fmt:-}" ] && python3 -c "print(f'{$text/$fmt:.2f}')" || echo "-")
    echo "| $name | $text | $json | ${fmt:--} | $ratio | $((peak / 1024)) |"
  done
} | tee "$out/table.md"
