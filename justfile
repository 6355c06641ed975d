# Common tasks. `just` is optional: every recipe is a plain cargo command.

# Analyse a bundled example.
example name="ecs-api":
    cargo run --release -- analyze examples/{{name}}

# Run all tests (the README's test command).
test:
    cargo nextest run --workspace

# tfmap over the public corpora in ../shared/corpora: fails on an error diagnostic not listed
# in testdata/corpora/errors.toml, and prints nodes, edges and diagnostics per corpus.
corpora:
    cargo build --release
    TFMAP_CORPORA={{justfile_directory()}}/../shared/corpora TFMAP_CORPORA_BIN={{justfile_directory()}}/target/release/tfmap cargo nextest run -p tfmap --test integration -E 'test(/^corpora::/)' --no-capture

# Review changed snapshots after an intended output change.
snapshots:
    INSTA_UPDATE=always cargo nextest run --workspace
    git status --short -- '*.snap'

# Formatting and lints, as CI runs them.
lint:
    cargo fmt --all --check
    cargo clippy --workspace --all-targets -- -D warnings

# Everything CI runs.
ci:
    bash .ci/run

# Re-render the example diagrams committed under docs/diagrams (needs Graphviz).
diagrams:
    for e in ecs-api ecs-batch gke-api gke-batch eks-api mixed-ecs-gke; do cargo run --release -- graph examples/$e --format svg -o docs/diagrams/$e.svg; done

# Fuzz every target for the given seconds each (cargo-fuzz, libFuzzer; installs cargo-fuzz).
fuzz seconds="600":
    bash fuzz/run.sh {{seconds}}

# Time tfmap against the tools users would pick instead, on generated corpora
# (docs/performance.md). BENCH_SIZES="200 2000" and BENCH_PEERS="cat checkov" limit a run.
bench:
    bash bench/run.sh

# Time tfmap on inputs at each documented limit and on issue #13's former cliffs
# (docs/performance.md, "Limits at their boundary"). LIMITS="tf-json heredoc" picks cases.
bench-limits:
    bash bench/limits.sh

# tfmap on the real corpora (../shared/corpora), side by side with terraform fmt.
bench-corpora:
    bash bench/corpora.sh
