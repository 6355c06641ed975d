#!/usr/bin/env bash
# Runs the fuzz targets with libFuzzer through cargo-fuzz.
#   fuzz/run.sh SECONDS [TARGET...]     (default: every target, 60 seconds each)
# The seed corpus is built from testdata/ and examples/ into target/fuzz-corpus/ (kept
# between runs, never committed). A crash is saved under fuzz/artifacts/TARGET/ and the run
# fails; turn it into a fixture under testdata/hostile/ before fixing it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(hcl_loader yaml_loader pipeline)
fi

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz --locked --quiet
fi
# cargo-fuzz passes sanitizer flags that only nightly accepts; the machine's toolchain is
# stable, and this lets it accept them for the fuzz build only.
export RUSTC_BOOTSTRAP=1

seed() {
  local target="$1" dir="target/fuzz-corpus/$1"
  mkdir -p "$dir"
  [ -n "$(ls -A "$dir")" ] && return
  case "$target" in
    yaml_loader) find testdata examples -type f \( -name '*.yaml' -o -name '*.yml' \) ;;
    # The evaluation bombs of testdata/hostile/ run to their budgets (about 0.5 s each in a
    # release build, ten seconds under the sanitizer): tests/hostile.rs times them, and as
    # seeds they would only slow every mutation down.
    *) find testdata examples -type f \( -name '*.tf' -o -name '*.tfvars' \) -size -64k \
         -not -path 'testdata/hostile/*' ;;
  esac | sort | while read -r file; do
    cp "$file" "$dir/$(echo "$file" | tr '/' '_')"
  done
}

for target in "${targets[@]}"; do
  seed "$target"
  echo "== fuzzing $target for ${seconds}s"
  log="target/fuzz-$target.log"
  status=0
  cargo fuzz run --fuzz-dir fuzz "$target" "target/fuzz-corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    >"$log" 2>&1 || status=$?
  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|Done)" "$log" || true
  # A crash, leak, timeout or out-of-memory fails the run; a slow unit (libFuzzer keeps one
  # past 10 s) is reported, not a failure: slowness is measured by the benchmarks.
  for slow in fuzz/artifacts/"$target"/slow-unit-*; do
    if [ -e "$slow" ]; then echo "fuzz: $target kept a slow input: $slow" >&2; fi
  done
  failed=$( (find "fuzz/artifacts/$target" -type f -not -name 'slow-unit-*' 2>/dev/null || true) | head -1)
  if [ "$status" -ne 0 ] || [ -n "$failed" ]; then
    tail -n 60 "$log" >&2
    echo "fuzz: $target failed (exit $status); crashes, if any, are in fuzz/artifacts/$target" >&2
    exit 1
  fi
done
