//! `.tfmap.toml` and inline suppressions.

use crate::common::root;
use std::process::Command;

fn check_json(args: &[&str]) -> serde_json::Value {
    let output = Command::new(env!("CARGO_BIN_EXE_tfmap"))
        .args(["check", "--format", "json", "--fail-on", "never"])
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn findings(value: &serde_json::Value) -> Vec<String> {
    value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} {} {}", f["rule"], f["severity"], f["subject"]).replace('"', ""))
        .collect()
}

#[test]
fn suppressions_hide_findings_and_unused_ones_are_reported() {
    let value = check_json(&["testdata/config/suppress"]);
    let found = findings(&value);
    assert!(
        !found.contains(&"TFM002 warning k8s/Ingress/default/web".to_string()),
        "{found:?}"
    );
    assert!(
        found.contains(&"TFM002 warning k8s/Service/default/web".to_string()),
        "{found:?}"
    );
    assert_eq!(value["stats"]["suppressed_findings"], 1);
    let diagnostics: Vec<String> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{}:{} {}", d["file"], d["line"], d["message"]))
        .collect();
    assert!(
        diagnostics
            .iter()
            .any(|d| d.starts_with("\"main.tf\":11") && d.contains("unused suppression")),
        "{diagnostics:?}"
    );
}

/// What suppressions did to a fixture: its findings, the count hidden, its diagnostics.
fn suppression_outcome(dir: &str) -> String {
    let value = check_json(&[dir]);
    let diagnostics: Vec<String> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{}:{} {}", d["file"], d["line"], d["message"]).replace('"', ""))
        .collect();
    format!(
        "findings:\n{}\nsuppressed: {}\ndiagnostics:\n{}\n",
        findings(&value).join("\n"),
        value["stats"]["suppressed_findings"],
        diagnostics.join("\n")
    )
}

/// Markers in comments suppress; markers in string values (YAML quoted and block scalars,
/// HCL strings and heredocs) are data and neither suppress nor count as unused.
#[test]
fn only_comments_suppress() {
    insta::assert_snapshot!(
        "suppress_in_comments",
        suppression_outcome("testdata/config/suppress")
    );
    insta::assert_snapshot!(
        "suppress_in_strings",
        suppression_outcome("testdata/config/suppress-in-strings")
    );
}

#[test]
fn configuration_changes_rules_paths_and_clusters() {
    let value = check_json(&["testdata/config/settings"]);
    assert_eq!(
        findings(&value),
        [
            "TFM002 error k8s/Ingress/default/web",
            "TFM002 error k8s/Ingress/default/web-staging"
        ]
    );
    assert_eq!(value["stats"]["skipped"]["ignored by configuration"], 1);
    let runs_on: Vec<(String, String)> = value["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "runs_on")
        .map(|e| {
            (
                e["from"].as_str().unwrap().to_string(),
                e["to"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        runs_on.contains(&(
            "k8s/Ingress/default/web".into(),
            "aws_eks_cluster.prod".into()
        )),
        "{runs_on:?}"
    );
    assert!(
        runs_on.contains(&(
            "k8s/Ingress/default/web-staging".into(),
            "aws_eks_cluster.staging".into()
        )),
        "{runs_on:?}"
    );
    // Without the configuration the broken file is read, and the disabled rule speaks.
    let bare = check_json(&[
        "testdata/config/settings",
        "--config",
        "testdata/config/empty.toml",
    ]);
    assert!(findings(&bare).iter().any(|f| f.starts_with("TFM003")));
    assert!(
        bare["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["file"] == "legacy/broken.tf")
    );
}

#[test]
fn unknown_keys_are_errors_that_name_the_key() {
    let output = Command::new(env!("CARGO_BIN_EXE_tfmap"))
        .args([
            "check",
            "testdata/config/settings",
            "--config",
            "testdata/config/bad.toml",
        ])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bad.toml:3:1") && stderr.contains("`disabled`"),
        "{stderr}"
    );
}

/// A `.tfmap.toml` comes with the pull request: what its errors quote must reach standard
/// error escaped, with no escape sequence and no line a CI runner would read as a command.
#[test]
fn configuration_errors_reach_stderr_escaped() {
    let hostile = [
        "[rules]\n\"x\\u001b[31m\\n::error file=a::b\" = 1\n",
        "[rules]\ndisable = [\"\\u001b[31mTFM\\n::error file=a::b\"]\n",
        "[\"k\\u009b2J\\u202e\"]\n",
    ];
    for (index, text) in hostile.iter().enumerate() {
        let dir = std::env::temp_dir().join(format!(
            "tfmap-config-escape-{}-{index}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(".tfmap.toml"), text).unwrap();
        std::fs::write(dir.join("main.tf"), "").unwrap();
        let output = Command::new(env!("CARGO_BIN_EXE_tfmap"))
            .args(["check"])
            .arg(&dir)
            .output()
            .unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            !stderr
                .chars()
                .any(|c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c)),
            "{stderr:?}"
        );
        assert!(!stderr.lines().any(|l| l.starts_with("::")), "{stderr:?}");
        assert!(
            stderr.contains("\\u{1b}[31m") || stderr.contains("\\u{9b}"),
            "{stderr:?}"
        );
    }
}
