//! A change cannot hide what it adds. Each case adds an ECS service in a way tfmap cannot
//! read (too large, numbers or nesting its parser refuses, a name that is not UTF-8, past a
//! limit, a link out of the root, a FIFO, a broken file that changes while staying broken)
//! or tries to make tfmap skip it (the head's own `.tfmap.toml`). In every diff format the
//! default gate must fail and the output must name the file, or (for the head's own
//! configuration, which is not used) show the resource.

use std::path::{Path, PathBuf};
use std::process::Command;

const CLUSTER: &str = "resource \"aws_ecs_cluster\" \"main\" {\n  name = \"main\"\n}\n";

/// An ECS service whose `desired_count` is `value`.
fn service(value: &str) -> String {
    format!(
        "resource \"aws_ecs_service\" \"hidden\" {{\n  name          = \"hidden\"\n  cluster       = aws_ecs_cluster.main.id\n  desired_count = {value}\n}}\n"
    )
}

/// A base and a head directory with the cluster; removed when dropped.
struct Change(PathBuf);

impl Change {
    fn new(name: &str) -> Change {
        let dir = std::env::temp_dir().join(format!("tfmap-hide-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for side in ["base", "head"] {
            std::fs::create_dir_all(dir.join(side)).unwrap();
            std::fs::write(dir.join(side).join("main.tf"), CLUSTER).unwrap();
        }
        Change(dir)
    }

    fn base(&self) -> PathBuf {
        self.0.join("base")
    }

    fn head(&self) -> PathBuf {
        self.0.join("head")
    }
}

impl Drop for Change {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `tfmap diff BASE HEAD` in every format; returns (format, exit code, stdout).
fn diff_every_format(change: &Change, extra: &[&str]) -> Vec<(&'static str, Option<i32>, String)> {
    ["text", "json", "markdown", "sarif"]
        .into_iter()
        .map(|format| {
            let output = Command::new(env!("CARGO_BIN_EXE_tfmap"))
                .arg("diff")
                .arg(change.base())
                .arg(change.head())
                .args(["--format", format])
                .args(extra)
                .output()
                .unwrap();
            (
                format,
                output.status.code(),
                String::from_utf8_lossy(&output.stdout).into_owned(),
            )
        })
        .collect()
}

/// The default gate fails and every format names `needle`.
fn assert_caught(name: &str, change: &Change, extra: &[&str], needle: &str) {
    for (format, code, output) in diff_every_format(change, extra) {
        assert_eq!(
            code,
            Some(1),
            "{name}: `diff --format {format}` let the change pass:\n{output}"
        );
        assert!(
            output.contains(needle),
            "{name}: `diff --format {format}` does not name {needle:?}:\n{output}"
        );
    }
}

fn padded(text: &str, bytes: usize) -> String {
    let mut padded = text.to_string();
    while padded.len() < bytes {
        padded.push_str("# padding padding padding padding padding padding padding\n");
    }
    padded
}

#[test]
fn files_tfmap_cannot_parse_fail_the_gate() {
    let cases = [
        ("huge-exponent", service("1e999")),
        ("long-literal", service(&"9".repeat(400))),
        (
            "deep-nesting",
            service(&format!("{}1{}", "[".repeat(70), "]".repeat(70))),
        ),
    ];
    for (name, text) in cases {
        let change = Change::new(name);
        std::fs::write(change.head().join("hidden.tf"), text).unwrap();
        assert_caught(name, &change, &[], "hidden.tf");
    }
}

#[test]
fn files_past_a_limit_fail_the_gate() {
    let change = Change::new("too-large");
    std::fs::write(change.head().join("hidden.tf"), padded(&service("1"), 600)).unwrap();
    assert_caught(
        "too-large",
        &change,
        &["--max-file-size", "300"],
        "hidden.tf",
    );

    let change = Change::new("past-max-files");
    std::fs::write(change.head().join("zz-hidden.tf"), service("1")).unwrap();
    assert_caught(
        "past-max-files",
        &change,
        &["--max-files", "1"],
        "zz-hidden.tf",
    );

    let change = Change::new("past-total-size");
    std::fs::write(
        change.head().join("zz-hidden.tf"),
        padded(&service("1"), 300),
    )
    .unwrap();
    assert_caught(
        "past-total-size",
        &change,
        &["--max-total-size", "200"],
        "zz-hidden.tf",
    );
}

#[cfg(unix)]
#[test]
fn names_links_and_special_files_fail_the_gate() {
    use std::os::unix::ffi::OsStrExt;
    let change = Change::new("not-utf8-name");
    let name = std::ffi::OsStr::from_bytes(b"hidden\xff.tf");
    std::fs::write(change.head().join(name), service("1")).unwrap();
    assert_caught("not-utf8-name", &change, &[], "hidden");

    let change = Change::new("link-out");
    let outside = change.0.join("outside.tf");
    std::fs::write(&outside, service("1")).unwrap();
    std::os::unix::fs::symlink(&outside, change.head().join("hidden.tf")).unwrap();
    assert_caught("link-out", &change, &[], "hidden.tf");

    let change = Change::new("fifo");
    let status = Command::new("mkfifo")
        .arg(change.head().join("hidden.tf"))
        .status()
        .unwrap();
    assert!(status.success());
    assert_caught("fifo", &change, &[], "hidden.tf");
}

#[test]
fn a_broken_file_that_changes_while_broken_fails_the_gate() {
    let change = Change::new("still-broken");
    std::fs::write(change.base().join("broken.tf"), "resource \"x\" {\n").unwrap();
    std::fs::write(
        change.head().join("broken.tf"),
        format!("{}resource \"x\" {{\n", service("1")),
    )
    .unwrap();
    assert_caught("still-broken", &change, &[], "broken.tf");

    // Unchanged and still broken: nothing new is hidden, the gate passes.
    let change = Change::new("same-broken");
    for side in [change.base(), change.head()] {
        std::fs::write(side.join("broken.tf"), "resource \"x\" {\n").unwrap();
    }
    for (format, code, output) in diff_every_format(&change, &[]) {
        assert_eq!(code, Some(0), "{format}:\n{output}");
    }
}

#[test]
fn a_broken_yaml_document_fails_the_gate() {
    let change = Change::new("yaml-document");
    let good = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n";
    std::fs::write(change.base().join("app.yaml"), good).unwrap();
    std::fs::write(
        change.head().join("app.yaml"),
        format!("{good}---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: hidden\n  labels: {{a: [}}\n"),
    )
    .unwrap();
    assert_caught("yaml-document", &change, &[], "app.yaml");
}

#[test]
fn the_heads_own_configuration_cannot_ignore_its_files() {
    let change = Change::new("own-config");
    std::fs::write(change.head().join("hidden.tf"), service("1")).unwrap();
    std::fs::write(
        change.head().join(".tfmap.toml"),
        "[paths]\nignore = [\"hidden.tf\"]\n",
    )
    .unwrap();
    // The base's configuration (none) is used for both sides: the service shows, and the
    // edit is named (it does not fail the gate: it hid nothing from this change).
    for (format, code, output) in diff_every_format(&change, &[]) {
        assert_eq!(code, Some(0), "{format}:\n{output}");
        if format != "sarif" {
            assert!(
                output.contains("aws_ecs_service.hidden"),
                "{format}:\n{output}"
            );
            assert!(output.contains(".tfmap.toml") || output.contains("configuration_changed"));
        }
    }
}

#[test]
fn nothing_hidden_passes_the_gate() {
    let change = Change::new("visible");
    std::fs::write(change.head().join("visible.tf"), service("2")).unwrap();
    for (format, code, output) in diff_every_format(&change, &[]) {
        assert_eq!(code, Some(0), "{format}:\n{output}");
    }
    assert!(Path::new(&change.head()).join("visible.tf").is_file());
}
