//! The `--fail-on` gate: it fails on warnings by default and on a file the change breaks,
//! and the output says why.

use crate::common;

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
    // The JSON carries the same outcome; the exit code is 1 exactly when it failed.
    for (fail_on, failed) in [("error", true), ("never", false)] {
        let json = tfmap(&[
            "diff",
            arg(&base),
            arg(&head),
            "--format",
            "json",
            "--fail-on",
            fail_on,
        ]);
        let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
        let gate = &value["gate"];
        assert_eq!(gate["fail_on"], fail_on);
        assert_eq!(gate["failed"], failed);
        assert_eq!(json.code, Some(i32::from(failed)));
        let kinds: Vec<&str> = gate["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["kind"].as_str().unwrap())
            .collect();
        let expected: &[&str] = if failed {
            &["diagnostic", "unread"]
        } else {
            &[]
        };
        assert_eq!(kinds, expected);
    }
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

/// The gate's line and reasons (the text output from "The gate fails" on).
fn gate_part(run: &Run) -> &str {
    run.stdout
        .find("The gate fails")
        .map_or("", |at| &run.stdout[at..])
}

/// A repository whose first commit is the fixture `base`, and whose last commit is the
/// fixture `head` with `config` as `.tfmap.toml` when given; `diff --git HEAD~1 HEAD` in
/// `format`.
fn diff_of_commits(name: &str, base: &str, head: &str, config: Option<&str>, format: &str) -> Run {
    let repo = std::env::temp_dir().join(format!("tfmap-gate-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&repo);
    copy_dir(&common::root().join(base), &repo);
    common::git(&repo, &["init", "-q", "-b", "main"]);
    common::git(&repo, &["add", "-A"]);
    common::git(&repo, &["commit", "-q", "-m", "base"]);
    copy_dir(&common::root().join(head), &repo);
    if let Some(config) = config {
        std::fs::write(repo.join(".tfmap.toml"), config).unwrap();
    }
    common::git(&repo, &["add", "-A"]);
    common::git(&repo, &["commit", "-q", "--allow-empty", "-m", "head"]);
    let run = tfmap(&[
        "diff",
        "--git",
        "HEAD~1",
        "HEAD",
        arg(&repo),
        "--format",
        format,
    ]);
    let _ = std::fs::remove_dir_all(&repo);
    run
}

/// A change that adds the two TFM001 warnings of `testdata/diff/head`, with `config` as
/// `.tfmap.toml` when given.
fn diff_of_a_change_with_config(name: &str, config: Option<&str>) -> Run {
    diff_of_commits(
        name,
        "testdata/diff/base",
        "testdata/diff/head",
        config,
        "text",
    )
}

#[test]
fn a_head_side_configuration_does_not_loosen_the_gate() {
    let plain = diff_of_a_change_with_config("plain", None);
    assert_eq!(plain.code, Some(1), "{}{}", plain.stdout, plain.stderr);
    let reasons = |run: &Run| {
        gate_part(run)
            .lines()
            .filter(|l| l.contains("[TFM001]"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(reasons(&plain).len(), 2, "{}", plain.stdout);
    for (name, config) in [
        ("disable", "[rules]\ndisable = [\"TFM001\"]\n"),
        ("severity", "[rules]\nseverity = { TFM001 = \"info\" }\n"),
    ] {
        let run = diff_of_a_change_with_config(name, Some(config));
        assert_eq!(run.code, plain.code, "{name}: {}{}", run.stdout, run.stderr);
        // The same findings fail it, at the base's severity; the configuration change is
        // named too.
        assert_eq!(reasons(&run), reasons(&plain), "{name}: {}", run.stdout);
        assert!(
            run.stdout.contains(
                "The head changes .tfmap.toml: this change was judged with the base's configuration"
            ),
            "{name}: {}",
            run.stdout
        );
    }
}

#[test]
fn an_inline_ignore_the_change_adds_does_not_loosen_the_gate() {
    let scratch = std::env::temp_dir().join(format!("tfmap-gate-ignore-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let (base, head) = (scratch.join("base"), scratch.join("head"));
    copy_dir(&common::root().join("testdata/diff/base"), &base);
    copy_dir(&common::root().join("testdata/diff/head"), &head);
    let plain = tfmap(&["diff", arg(&base), arg(&head)]);
    let before = scratch.join("before-the-ignore");
    copy_dir(&head, &before);
    // The comment line above the Ingress becomes an ignore of its finding.
    let manifest = head.join("k8s/public.yaml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let (first, rest) = text.split_once('\n').unwrap();
    assert!(first.starts_with('#'));
    std::fs::write(
        &manifest,
        format!("# tfmap:ignore[TFM001] the change says it is fine\n{rest}"),
    )
    .unwrap();
    let ignored = tfmap(&["diff", arg(&base), arg(&head)]);
    assert_eq!(plain.code, Some(1));
    assert_eq!(ignored.code, plain.code, "{}", ignored.stdout);
    assert_eq!(
        gate_part(&ignored).lines().next(),
        gate_part(&plain).lines().next(),
        "{}",
        ignored.stdout
    );
    assert!(
        gate_part(&ignored).contains("(hidden by a tfmap:ignore comment the change adds"),
        "{}",
        ignored.stdout
    );
    let json = tfmap(&["diff", arg(&base), arg(&head), "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        value["findings"]["suppressed_added"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(value["findings"]["added"].as_array().unwrap().len(), 1);
    // Hiding a finding the base reports is listed, neither resolved nor failing the gate.
    let hiding = tfmap(&["diff", arg(&before), arg(&head), "--format", "json"]);
    assert_eq!(hiding.code, Some(0), "{}", hiding.stdout);
    let value: serde_json::Value = serde_json::from_str(&hiding.stdout).unwrap();
    let hidden = value["findings"]["suppressed_existing"].as_array().unwrap();
    assert_eq!(hidden.len(), 1, "{value}");
    assert_eq!(hidden[0]["rule"], "TFM001");
    assert!(value["findings"]["removed"].as_array().unwrap().is_empty());
    // An ignore the base already has is the base's decision: nothing new fails the gate.
    let unchanged = tfmap(&["diff", arg(&head), arg(&head)]);
    assert_eq!(unchanged.code, Some(0), "{}", unchanged.stdout);
    let _ = std::fs::remove_dir_all(&scratch);
}

/// `check --format json` carries the gate as `diff` does, after the analysis document,
/// which is otherwise the one `analyze --format json` prints (the field is additive).
#[test]
fn check_json_says_why_the_gate_failed() {
    let dir = common::root().join("testdata/kubernetes/eks-lb-variants");
    let analysed = tfmap(&["analyze", arg(&dir), "--format", "json"]);
    let analysis: serde_json::Value = serde_json::from_str(&analysed.stdout).unwrap();
    let warnings = analysis["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "warning")
        .count();
    assert!(warnings > 0);
    for (fail_on, failed) in [("warning", true), ("never", false)] {
        let run = tfmap(&["check", arg(&dir), "--format", "json", "--fail-on", fail_on]);
        assert_eq!(run.code, Some(i32::from(failed)), "{}", run.stderr);
        let mut value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let gate = value.as_object_mut().unwrap().remove("gate").unwrap();
        assert_eq!(value, analysis, "check JSON is the analysis and its gate");
        assert_eq!(gate["fail_on"], fail_on);
        assert_eq!(gate["failed"], failed);
        let reasons = gate["reasons"].as_array().unwrap();
        assert_eq!(reasons.len(), if failed { warnings } else { 0 });
        assert!(reasons.iter().all(|r| r["kind"] == "finding"
            && r["severity"] == "warning"
            && r["rule"].as_str().unwrap().starts_with("TFM")));
    }
    // A file that does not parse is a reason of its own kind.
    let broken = scratch("check-json", &[BROKEN]);
    let run = tfmap(&["check", arg(&broken), "--format", "json"]);
    assert_eq!(run.code, Some(1));
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["gate"]["reasons"][0]["kind"], "diagnostic");
    assert_eq!(value["gate"]["reasons"][0]["file"], "broken.tf");
    let _ = std::fs::remove_dir_all(broken);
}

/// Editing `.tfmap.toml` does not fail the gate by itself: the base's configuration judges
/// the change anyway, so the edit cannot loosen it. The output still names the edit.
#[test]
fn editing_the_configuration_alone_passes_the_gate_and_says_so() {
    let loosening = "[rules]\ndisable = [\"TFM001\"]\n";
    let head = "testdata/diff/head";
    let text = diff_of_commits("config-only", head, head, Some(loosening), "text");
    assert_eq!(text.code, Some(0), "{}{}", text.stdout, text.stderr);
    assert!(
        text.stdout.contains("The head changes .tfmap.toml: this change was judged with the base's configuration (the edit cannot loosen this gate, and does not fail it)"),
        "{}",
        text.stdout
    );
    assert!(!text.stdout.contains("The gate fails"), "{}", text.stdout);
    let json = diff_of_commits("config-only-json", head, head, Some(loosening), "json");
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["configuration_changed"], true);
    assert_eq!(value["gate"]["failed"], false);
    assert_eq!(value["gate"]["reasons"], serde_json::json!([]));
    // The base's findings are the same on both sides: the disabled rule hid nothing.
    assert_eq!(value["findings"]["removed"], serde_json::json!([]));
    let markdown = diff_of_commits("config-only-md", head, head, Some(loosening), "markdown");
    assert_eq!(markdown.code, Some(0));
    assert!(
        markdown.stdout.contains("The head changes .tfmap.toml"),
        "{}",
        markdown.stdout
    );
}
