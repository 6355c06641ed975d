//! The `--fail-on` gate: it fails on warnings by default and on a file the change breaks,
//! and the output says why.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn tfmap(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_tfmap"))
        .args(args)
        .output()
        .unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// A scratch directory holding one valid ECS cluster, and with `extra` files.
fn scratch(name: &str, extra: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tfmap-gate-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("main.tf"),
        "resource \"aws_ecs_cluster\" \"main\" {\n  name = \"main\"\n}\n",
    )
    .unwrap();
    for (file, text) in extra {
        std::fs::write(dir.join(file), text).unwrap();
    }
    dir
}

const BROKEN: (&str, &str) = ("broken.tf", "resource \"aws_ecs_service\" \"x\" {\n");

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn a_file_the_change_breaks_fails_the_gate_and_is_named() {
    let base = scratch("base", &[]);
    let head = scratch("head", &[BROKEN]);
    let run = tfmap(&["diff", arg(&base), arg(&head), "--fail-on", "error"]);
    assert_eq!(run.code, Some(1), "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("The gate fails (--fail-on error): 1 error diagnostic, 1 unreadable file.")
            && run.stdout.contains("  broken.tf: tfmap cannot read it"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("The gate fails"), "{}", run.stderr);
    let markdown = tfmap(&["diff", arg(&base), arg(&head), "--format", "markdown"]);
    assert_eq!(markdown.code, Some(1));
    let gate_at = markdown.stdout.find("#### ❌ The gate fails").unwrap();
    let table_at = markdown.stdout.find("| | added |").unwrap();
    assert!(gate_at < table_at, "{}", markdown.stdout);
    assert!(
        markdown
            .stdout
            .contains("- broken.tf:1: error: HCL syntax error"),
        "{}",
        markdown.stdout
    );
    let report_only = tfmap(&["diff", arg(&base), arg(&head), "--fail-on", "never"]);
    assert_eq!(report_only.code, Some(0));
    assert!(!report_only.stdout.contains("The gate fails"));
    // A file broken on both sides is not the change's doing.
    let run = tfmap(&["diff", arg(&head), arg(&head)]);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    for dir in [base, head] {
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn check_fails_on_a_file_that_does_not_parse() {
    let dir = scratch("check", &[BROKEN]);
    let run = tfmap(&["check", arg(&dir), "--fail-on", "error"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stdout.contains("1 error diagnostic"), "{}", run.stdout);
    assert_eq!(
        tfmap(&["check", arg(&dir), "--fail-on", "never"]).code,
        Some(0)
    );
    std::fs::remove_file(dir.join(BROKEN.0)).unwrap();
    let clean = tfmap(&["check", arg(&dir)]);
    assert_eq!(clean.code, Some(0), "{}", clean.stdout);
    assert_eq!(clean.stdout, "No findings.\n");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_default_gate_fails_on_warnings_and_lists_them() {
    let dir = common::root().join("testdata/kubernetes/eks-lb-variants");
    let run = tfmap(&["check", arg(&dir)]);
    assert_eq!(run.code, Some(1));
    let (findings, listed) = run
        .stdout
        .split_once("The gate fails (--fail-on warning): ")
        .unwrap();
    // Every finding of the fixture is a warning: each is listed again as a reason.
    let count = |text: &str| text.lines().filter(|l| l.contains("warning [TFM")).count();
    assert!(count(findings) > 0);
    assert!(
        listed.starts_with(&format!(
            "{} findings at or above warning.",
            count(findings)
        )),
        "{listed}"
    );
    assert_eq!(count(listed), count(findings));
    assert_eq!(
        tfmap(&["check", arg(&dir), "--fail-on", "error"]).code,
        Some(0)
    );
}
