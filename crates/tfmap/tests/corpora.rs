//! tfmap over the public repositories in `TFMAP_CORPORA` (`.ci/run` sets it to
//! `../shared/corpora`): code that many people apply, so every error diagnostic is either a
//! file Terraform (or kubectl) rejects too, listed with why in `testdata/corpora/errors.toml`
//! under `[[rejected]]`, or a known tfmap defect listed under `[[defect]]` with its exact
//! count, so that a new false error fails the test and a fixed one must be struck off.
//! Any crash fails it too. Without the variable the test says it skipped; under CI a missing
//! directory fails it. `TFMAP_CORPORA_BIN` points at a release build (the largest corpus
//! takes minutes in a debug build). The findings per rule on each corpus must equal the table
//! in `testdata/corpora/findings.toml`, so that a rule's reach on real code never changes
//! silently (each finding has a verdict in `docs/rules/corpora.md`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Deserialize)]
struct Listed {
    #[serde(default)]
    rejected: Vec<Rejected>,
    #[serde(default)]
    defect: Vec<Defect>,
}

/// Errors on files that Terraform or kubectl refuses as they stand.
#[derive(Deserialize)]
struct Rejected {
    corpus: String,
    /// The file, or a directory prefix ending in `/`.
    file: String,
    message: String,
    why: String,
}

/// A tfmap defect: every error of this corpus whose message starts with `message`.
#[derive(Deserialize)]
struct Defect {
    corpus: String,
    message: String,
    count: usize,
    #[allow(dead_code)]
    issue: u32,
}

/// Corpus → rule id → how many findings it gives there (absent: none).
type FindingCounts = BTreeMap<String, BTreeMap<String, usize>>;

/// Where the counts of findings per rule and corpus differ from the committed table.
fn finding_count_problems(
    name: &str,
    report: &serde_json::Value,
    table: &FindingCounts,
) -> Vec<String> {
    let mut found: BTreeMap<String, usize> = BTreeMap::new();
    for finding in report["findings"].as_array().unwrap() {
        *found
            .entry(finding["rule"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    let listed = table.get(name).cloned().unwrap_or_default();
    let rules: std::collections::BTreeSet<&String> = found.keys().chain(listed.keys()).collect();
    rules
        .into_iter()
        .filter_map(|rule| {
            let (now, expected) = (
                found.get(rule).copied().unwrap_or(0),
                listed.get(rule).copied().unwrap_or(0),
            );
            (now != expected).then(|| {
                format!(
                    "{name}: {rule} gives {now} findings, testdata/corpora/findings.toml lists {expected}: judge the change in docs/rules/corpora.md and update the table"
                )
            })
        })
        .collect()
}

#[derive(Debug)]
struct Error {
    file: String,
    line: u64,
    message: String,
}

fn corpora() -> Option<PathBuf> {
    match std::env::var_os("TFMAP_CORPORA") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            assert!(
                dir.is_dir(),
                "TFMAP_CORPORA={} is not a directory",
                dir.display()
            );
            Some(dir)
        }
        None => {
            assert!(
                std::env::var_os("CI").is_none(),
                "TFMAP_CORPORA is not set; .ci/run sets it"
            );
            eprintln!("skipped: TFMAP_CORPORA is not set");
            None
        }
    }
}

fn analyse(binary: &std::path::Path, dir: &std::path::Path) -> (serde_json::Value, String) {
    let output = std::process::Command::new(binary)
        .args(["analyze", "--format", "json"])
        .arg(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}: tfmap failed: {stderr}",
        dir.display()
    );
    (serde_json::from_slice(&output.stdout).unwrap(), stderr)
}

#[test]
fn corpora_give_only_the_listed_errors_and_finding_counts() {
    let Some(root) = corpora() else {
        return;
    };
    let binary = std::env::var_os("TFMAP_CORPORA_BIN")
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_tfmap")), PathBuf::from);
    let listed: Listed = toml::from_str(
        &std::fs::read_to_string(common::root().join("testdata/corpora/errors.toml")).unwrap(),
    )
    .unwrap();
    let finding_counts: FindingCounts = toml::from_str(
        &std::fs::read_to_string(common::root().join("testdata/corpora/findings.toml")).unwrap(),
    )
    .unwrap();
    for rejected in &listed.rejected {
        assert!(
            !rejected.why.trim().is_empty(),
            "{}: say why",
            rejected.file
        );
    }
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no corpus in {}", root.display());
    let mut problems = Vec::new();
    let mut rejected_used = vec![0usize; listed.rejected.len()];
    for name in &names {
        let (report, _) = analyse(&binary, &root.join(name));
        problems.extend(finding_count_problems(name, &report, &finding_counts));
        let diagnostics = report["diagnostics"].as_array().unwrap();
        let count = |severity: &str| {
            diagnostics
                .iter()
                .filter(|d| d["severity"] == severity)
                .count()
        };
        eprintln!(
            "{name}: {} nodes, {} edges, {} errors, {} warnings, {} info",
            report["nodes"].as_array().unwrap().len(),
            report["edges"].as_array().unwrap().len(),
            count("error"),
            count("warning"),
            count("info"),
        );
        let errors = diagnostics
            .iter()
            .filter(|d| d["severity"] == "error")
            .map(|d| Error {
                file: d["file"].as_str().unwrap().to_string(),
                line: d["line"].as_u64().unwrap_or(0),
                message: d["message"].as_str().unwrap().to_string(),
            });
        let mut defects: BTreeMap<usize, usize> = BTreeMap::new();
        for error in errors {
            let rejected = listed.rejected.iter().position(|r| {
                r.corpus == *name
                    && error.message.starts_with(&r.message)
                    && (error.file == r.file
                        || (r.file.ends_with('/') && error.file.starts_with(&r.file)))
            });
            if let Some(index) = rejected {
                rejected_used[index] += 1;
                continue;
            }
            match listed
                .defect
                .iter()
                .position(|d| d.corpus == *name && error.message.starts_with(&d.message))
            {
                Some(index) => *defects.entry(index).or_default() += 1,
                None => problems.push(format!(
                    "{name}/{}:{}: unexpected error: {}",
                    error.file, error.line, error.message
                )),
            }
        }
        for (index, defect) in listed
            .defect
            .iter()
            .enumerate()
            .filter(|(_, d)| d.corpus == *name)
        {
            let found = defects.get(&index).copied().unwrap_or(0);
            if found != defect.count {
                problems.push(format!(
                    "{name}: defect {:?} listed {} times, found {found}: update testdata/corpora/errors.toml",
                    defect.message, defect.count
                ));
            }
        }
    }
    for (rejected, used) in listed.rejected.iter().zip(rejected_used) {
        if used == 0 && names.contains(&rejected.corpus) {
            problems.push(format!(
                "{}/{}: listed as rejected but gives no such error any more",
                rejected.corpus, rejected.file
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
