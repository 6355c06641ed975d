//! `tfmap diff --git` on a real git repository built in a temporary directory.

use crate::common;

use common::{git, root};
use std::path::Path;
use std::process::Command;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().filter_map(Result::ok) {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn tfmap(args: &[&str]) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_tfmap"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

#[test]
fn diff_between_commits_of_a_real_repository() {
    let repo = std::env::temp_dir().join(format!("tfmap-git-diff-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&repo);
    let infra = repo.join("infra");
    copy_dir(&root().join("testdata/diff/base"), &infra);
    std::fs::remove_file(infra.join("k8s/public.yaml")).ok();
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "base"]);
    // Commit 2: an Ingress and a LoadBalancer Service on GKE.
    std::fs::copy(
        root().join("testdata/diff/head/k8s/public.yaml"),
        infra.join("k8s/public.yaml"),
    )
    .unwrap();
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "expose web"]);
    // Commit 3: a new ECS image and desired count.
    std::fs::copy(
        root().join("testdata/diff/head/main.tf"),
        infra.join("main.tf"),
    )
    .unwrap();
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "api 1.5.0"]);

    let infra_arg = infra.to_str().unwrap();
    let (code, json) = tfmap(&[
        "diff", "--git", "HEAD~2", "--head", "HEAD", infra_arg, "--format", "json",
    ]);
    assert_eq!(code, Some(1), "the two new warnings fail the default gate");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let ids = |pointer: &str| -> Vec<String> {
        value
            .pointer(pointer)
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids("/resources/added"),
        ["k8s/Ingress/default/web", "k8s/Service/default/web-public"]
    );
    assert_eq!(
        ids("/resources/changed"),
        ["aws_ecs_service.api", "aws_ecs_task_definition.api"]
    );
    assert_eq!(
        value
            .pointer("/implicit/added")
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        10
    );
    assert_eq!(
        value
            .pointer("/findings/added")
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let (_, markdown) = tfmap(&[
        "diff", "--git", "HEAD~2", "--head", "HEAD", infra_arg, "--format", "markdown",
    ]);
    insta::assert_snapshot!("git_diff_markdown", markdown);

    // Only the ECS change between the last two commits.
    let (_, json) = tfmap(&[
        "diff", "--git", "HEAD~1", "--head", "HEAD", infra_arg, "--format", "json",
    ]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        value
            .pointer("/resources/added")
            .unwrap()
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        value
            .pointer("/resources/changed")
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // Without --head the working tree is the head; the work tree is never touched.
    std::fs::remove_file(infra.join("k8s/public.yaml")).unwrap();
    let (_, json) = tfmap(&["diff", "--git", "HEAD", infra_arg, "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value
            .pointer("/resources/removed")
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let status = Command::new("git")
        .arg("-C")
        .arg(&repo)
        .args(["status", "--porcelain"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&status.stdout).trim(),
        "D infra/k8s/public.yaml"
    );

    let (code, _) = tfmap(&["diff", "--git", "no-such-ref", infra_arg]);
    assert_eq!(code, Some(2));
    let _ = std::fs::remove_dir_all(&repo);
}

/// `tfmap diff --git BASE HEAD [PATH]` reads as `git diff BASE HEAD` does: the same change
/// as `--git BASE --head HEAD`; a name that is both a revision and a directory is refused.
#[test]
fn the_head_revision_can_follow_the_base_as_in_git_diff() {
    let repo = std::env::temp_dir().join(format!("tfmap-git-positional-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&repo);
    let infra = repo.join("infra");
    copy_dir(&root().join("testdata/diff/base"), &infra);
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "base"]);
    copy_dir(&root().join("testdata/diff/head"), &infra);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "head"]);
    git(&repo, &["branch", "infra"]);
    let run = |dir: &Path, args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_tfmap"))
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    let json = ["--format", "json", "--fail-on", "never"];
    let flagged = run(
        &repo,
        &[
            &["diff", "--git", "HEAD~1", "--head", "HEAD", "infra"][..],
            &json[..],
        ]
        .concat(),
    );
    assert_eq!(flagged.0, Some(0), "{}", flagged.2);
    assert!(flagged.1.contains("k8s/Ingress/default/web"));
    let positional = run(
        &repo,
        &[&["diff", "--git", "HEAD~1", "HEAD", "infra"][..], &json[..]].concat(),
    );
    assert_eq!(positional.1, flagged.1, "{}", positional.2);
    // From inside the directory, the path may be left out.
    let inside = run(
        &infra,
        &[&["diff", "--git", "HEAD~1", "HEAD"][..], &json[..]].concat(),
    );
    assert_eq!(inside.1, flagged.1, "{}", inside.2);
    // `infra` is a branch and a directory: ambiguous, as in git.
    let ambiguous = run(&repo, &["diff", "--git", "HEAD~1", "infra"]);
    assert_eq!(ambiguous.0, Some(2));
    assert!(
        ambiguous.2.contains("both a revision and a directory"),
        "{}",
        ambiguous.2
    );
    let twice = run(
        &repo,
        &["diff", "--git", "HEAD~1", "HEAD", "infra", "--head", "HEAD"],
    );
    assert_eq!(twice.0, Some(2), "{}", twice.2);
    let _ = std::fs::remove_dir_all(&repo);
}
