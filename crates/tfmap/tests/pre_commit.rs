//! The pre-commit hook installs and runs with the real `pre-commit`: a repository using the
//! hook (`repo:` a fresh git repository of this workspace's files, as a clean clone would
//! have them) fails on a finding and passes once it is fixed. Offline: pre-commit clones a
//! local path and cargo builds from its cache (`CARGO_NET_OFFLINE`). Skipped, with a
//! message, where pre-commit is not installed; `.ci/run` installs it and sets
//! `TFMAP_PRE_COMMIT`, and under CI a missing pre-commit fails the test.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace's files as git would commit them (tracked and new, not ignored) in a new
/// repository with one commit; returns that commit.
fn hook_repository(to: &Path) -> String {
    let root = common::root();
    let listed = Command::new("git")
        .arg("-C")
        .arg(&root)
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .output()
        .unwrap();
    assert!(listed.status.success());
    for file in listed.stdout.split(|b| *b == 0).filter(|f| !f.is_empty()) {
        let file = std::str::from_utf8(file).unwrap();
        let from = root.join(file);
        if !from.is_file() {
            continue; // deleted in the working tree
        }
        let target = to.join(file);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&from, &target).unwrap();
    }
    common::git(to, &["init", "-q", "-b", "main"]);
    common::git(to, &["add", "-A"]);
    common::git(to, &["commit", "-q", "-m", "tfmap"]);
    let head = Command::new("git")
        .arg("-C")
        .arg(to)
        .args(["rev-parse", "HEAD"])
        .output()
        .unwrap();
    String::from_utf8(head.stdout).unwrap().trim().to_string()
}

/// `pre-commit run --all-files` in `repo`; returns the exit code and the output.
fn run_hook(pre_commit: &Path, repo: &Path, cache: &Path) -> (Option<i32>, String) {
    let output = Command::new(pre_commit)
        .args(["run", "--all-files", "--color", "never"])
        .current_dir(repo)
        .env("PRE_COMMIT_HOME", cache)
        .env("CARGO_NET_OFFLINE", "true")
        // One build shared by every run of this test, kept in the workspace's target
        // directory; a quick profile, since what is tested is that the hook installs.
        .env(
            "TFMAP_HOOK_TARGET_DIR",
            common::root().join("target/pre-commit-hook"),
        )
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256")
        .output()
        .unwrap();
    (
        output.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    )
}

#[test]
fn the_hook_installs_from_a_clone_and_gates_the_repository() {
    let Some(pre_commit) = common::tool("TFMAP_PRE_COMMIT", "pre-commit") else {
        return;
    };
    let scratch: PathBuf =
        std::env::temp_dir().join(format!("tfmap-pre-commit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let (hook, repo, cache) = (
        scratch.join("hook"),
        scratch.join("repo"),
        scratch.join("cache"),
    );
    let rev = hook_repository(&hook);
    std::fs::create_dir_all(&repo).unwrap();
    std::fs::write(
        repo.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: tfmap-check\n",
            hook.display()
        ),
    )
    .unwrap();
    // An EKS cluster with Services that have findings (warnings): the hook fails.
    let fixture = common::root().join("testdata/kubernetes/eks-lb-variants");
    for file in ["main.tf", "services.yaml"] {
        std::fs::copy(fixture.join(file), repo.join(file)).unwrap();
    }
    common::git(&repo, &["init", "-q", "-b", "main"]);
    common::git(&repo, &["add", "-A"]);
    let (code, output) = run_hook(&pre_commit, &repo, &cache);
    assert_eq!(code, Some(1), "{output}");
    assert!(
        output.contains("The gate fails (--fail-on warning)") && output.contains("[TFM00"),
        "{output}"
    );
    // Without the Services, nothing is left to report: it passes.
    std::fs::remove_file(repo.join("services.yaml")).unwrap();
    common::git(&repo, &["add", "-A"]);
    let (code, output) = run_hook(&pre_commit, &repo, &cache);
    assert_eq!(code, Some(0), "{output}");
    assert!(
        output.contains("tfmap check") && output.contains("Passed"),
        "{output}"
    );
    let _ = std::fs::remove_dir_all(&scratch);
}
