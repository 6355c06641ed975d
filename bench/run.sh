#!/usr/bin/env bash
# Benchmark: tfmap against the tools a user would reach for instead, on generated corpora of
# 200, 2,000 and 20,000 resources. See docs/performance.md for what each tool measures.
#
#   bench/run.sh                       everything (the full run takes tens of minutes)
#   BENCH_SIZES="200 2000" bench/run.sh
#   BENCH_PEERS="cat terraform-fmt" bench/run.sh     tfmap is always measured: it is the 1.0
#
# Peers: cat terraform-fmt checkov tfparse python-hcl2 hcl2json. Results, hyperfine's JSON
# and each tool's first-run output go to target/bench/results/<size>/ (a size that is run
# again is replaced); the tables of this run are printed and written to
# target/bench/results/tables.md.
set -euo pipefail
cd "$(dirname "$0")/.."

bench=target/bench
results=$bench/results
sizes=${BENCH_SIZES:-"200 2000 20000"}
peers=${BENCH_PEERS:-"cat terraform-fmt checkov tfparse python-hcl2 hcl2json"}
seed=1
# A tool whose first run takes longer than this is stopped and reported as timed out.
timeout_seconds=${BENCH_TIMEOUT:-1800}

# Versions the numbers in docs/performance.md were taken with.
checkov_version=3.3.30
tfparse_version=0.6.22
python_hcl2_version=8.1.4
hcl2json_version=0.21.0

log() { printf '== %s\n' "$*" >&2; }

for peer in $peers; do
  case $peer in
    cat | terraform-fmt | checkov | tfparse | python-hcl2 | hcl2json) ;;
    *) echo "bench/run.sh: unknown peer '$peer' in BENCH_PEERS" >&2; exit 2 ;;
  esac
done

mkdir -p "$results"
declare -A install_status=()

log "building tfmap and tfmap-corpus (release)"
cargo build --release --locked -p tfmap -p tfmap-corpus >&2
tfmap=$PWD/target/release/tfmap

if ! command -v hyperfine >/dev/null 2>&1; then
  log "installing hyperfine (Debian package)"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >&2
fi

# One virtual environment per Python peer: checkov depends on its own fork of python-hcl2,
# which installs the same `hcl2` module as python-hcl2 itself.
venv() { # name package==version
  local dir=$bench/venv/$1
  if [ -x "$dir/bin/python" ] && "$dir/bin/pip" show -q "${2%%==*}" 2>/dev/null \
    && [ "$("$dir/bin/pip" show "${2%%==*}" | sed -n 's/^Version: //p')" = "${2##*==}" ]; then
    return 0
  fi
  log "installing $2 into $dir"
  rm -rf "$dir"
  python3 -m venv "$dir" >&2 && "$dir/bin/pip" install -q --disable-pip-version-check "$2" >&2
}

install_peer() {
  case $1 in
    cat) ;;
    terraform-fmt)
      command -v terraform >/dev/null 2>&1 || { install_status[$1]="not run: terraform is not on PATH"; return; } ;;
    checkov) venv checkov "checkov==$checkov_version" || install_status[$1]="install failed" ;;
    tfparse) venv tfparse "tfparse==$tfparse_version" || install_status[$1]="install failed" ;;
    python-hcl2) venv hcl2 "python-hcl2==$python_hcl2_version" || install_status[$1]="install failed" ;;
    hcl2json)
      if [ ! -f "$bench/node/node_modules/@cdktf/hcl2json/package.json" ] \
        || ! grep -q "\"version\": \"$hcl2json_version\"" "$bench/node/node_modules/@cdktf/hcl2json/package.json"; then
        log "installing @cdktf/hcl2json@$hcl2json_version into $bench/node"
        mkdir -p "$bench/node"
        (cd "$bench/node" && npm install --no-audit --no-fund --silent "@cdktf/hcl2json@$hcl2json_version" >&2) \
          || install_status[$1]="install failed"
      fi ;;
  esac
}

for peer in $peers; do install_peer "$peer"; done

# The command that runs a tool on a corpus. Every one reads the whole corpus; what each
# does with it differs (docs/performance.md).
command_for() { # tool corpus-dir
  local dir=$2
  case $1 in
    tfmap) echo "$tfmap analyze --format json $dir" ;;
    cat) echo "find $dir -type f -exec cat {} +" ;;
    terraform-fmt) echo "terraform fmt -recursive -check $dir" ;;
    checkov) echo "$PWD/$bench/venv/checkov/bin/checkov -d $dir --framework terraform --quiet --compact --soft-fail --skip-download" ;;
    tfparse) echo "$PWD/$bench/venv/tfparse/bin/python $PWD/bench/peers/tfparse_roots.py $dir" ;;
    python-hcl2) echo "$PWD/$bench/venv/hcl2/bin/python $PWD/bench/peers/python_hcl2.py $dir" ;;
    hcl2json) echo "env NODE_PATH=$PWD/$bench/node/node_modules node $PWD/bench/peers/hcl2json.mjs $dir" ;;
  esac
}

# Repetitions from the first run's wall time: many for fast tools, one for tools that take
# minutes (that first run already read the corpus into the page cache).
hyperfine_runs() { # seconds
  awk -v t="$1" 'BEGIN {
    if (t < 0.5) print "--warmup 3 --min-runs 10";
    else if (t < 5) print "--warmup 1 --runs 5";
    else if (t < 60) print "--runs 3";
    else print "--runs 1" }'
}

{
  echo "date: $(date -u +%Y-%m-%d)"
  echo "tfmap: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- crates || echo ' (modified)')"
  echo "cpu: $(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  echo "memory: $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "hyperfine: $(hyperfine --version)"
  if command -v terraform >/dev/null 2>&1; then
    echo "terraform: $(terraform version 2>/dev/null | head -1)"
  fi
  echo "python: $(python3 --version 2>&1)"
  echo "node: $(node --version 2>/dev/null || echo missing)"
  echo "checkov: $checkov_version, tfparse: $tfparse_version, python-hcl2: $python_hcl2_version, @cdktf/hcl2json: $hcl2json_version"
} > "$results/machine.txt"

for size in $sizes; do
  corpus=$bench/corpus-$size
  out=$results/$size
  rm -rf "$out"
  mkdir -p "$out"
  log "corpus of $size resources"
  rm -rf "$corpus"
  target/release/tfmap-corpus --resources "$size" --seed "$seed" --out "$corpus" | tee "$out/corpus.txt" >&2

  for tool in tfmap $peers; do
    if [ -n "${install_status[$tool]:-}" ]; then
      echo "${install_status[$tool]}" > "$out/$tool.status"
      continue
    fi
    cmd=$(command_for "$tool" "$corpus")
    # First run: checks the tool works on this corpus, keeps its output, gives the peak RSS
    # (GNU time's %M: the largest resident set of the process or any child it waited for).
    start=$(date +%s.%N)
    if timeout "$timeout_seconds" /usr/bin/time -f %M -o "$out/$tool.rss" \
      bash -c "$cmd" > "$out/$tool.stdout" 2> "$out/$tool.stderr"; then
      seconds=$(awk -v start="$start" -v end="$(date +%s.%N)" 'BEGIN { print end - start }')
    else
      code=$?
      if [ "$code" = 124 ]; then
        echo "timed out after ${timeout_seconds}s" > "$out/$tool.status"
      else
        echo "failed: exit $code (see $out/$tool.stderr)" > "$out/$tool.status"
      fi
      log "$tool on $size resources: $(cat "$out/$tool.status")"
      continue
    fi
    log "$tool on $size resources: first run ${seconds}s; timing"
    # shellcheck disable=SC2046 # the run options are words on purpose
    if ! hyperfine --style basic $(hyperfine_runs "$seconds") --export-json "$out/$tool.json" \
      -n "$tool" "$cmd" >&2; then
      echo "failed under hyperfine" > "$out/$tool.status"
    fi
  done
done

# The bundled examples, side by side: the issue's target is under 50 ms each.
log "tfmap on the bundled examples; timing"
example_commands=()
for example in examples/*/; do
  example_commands+=(-n "$(basename "$example")" "$tfmap analyze --format json $example")
done
hyperfine --style basic --warmup 3 --min-runs 20 --export-json "$results/examples.json" \
  "${example_commands[@]}" >&2

python3 bench/report.py "$results" $sizes | tee "$results/tables.md"
