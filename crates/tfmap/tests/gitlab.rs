//! `--format gitlab`: GitLab Code Quality reports. Checked against a JSON schema written
//! from the fields GitLab documents (`testdata/schemas/gitlab-code-quality.schema.json`;
//! GitLab publishes none) with the real `ajv` validator, and for what a schema cannot say:
//! unique fingerprints, paths from the repository root that name real files, names from
//! the code kept as text.

use crate::common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs tfmap; returns its exit code and standard output.
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

/// A repository whose directory `infra` holds an EKS cluster and, in a directory named
/// like an attack, the hostile-names manifests (a LoadBalancer Service there gives a
/// finding whose message quotes a hostile name).
struct Repository(PathBuf);

/// The directory the manifests are in: a quote, markup, a backtick, U+202E, a mention.
const HOSTILE_DIR: &str = "ns \"<b>` \u{202e} @here";

impl Repository {
    fn new(name: &str) -> Repository {
        let root = std::env::temp_dir().join(format!("tfmap-gitlab-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let infra = root.join("infra");
        std::fs::create_dir_all(infra.join(HOSTILE_DIR)).unwrap();
        let fixtures = common::root().join("testdata/kubernetes");
        std::fs::copy(
            fixtures.join("eks-lb-variants/main.tf"),
            infra.join("main.tf"),
        )
        .unwrap();
        std::fs::copy(
            fixtures.join("hostile-names/objects.yaml"),
            infra.join(HOSTILE_DIR).join("objects.yaml"),
        )
        .unwrap();
        common::git(&root, &["init", "-q", "-b", "main"]);
        Repository(root)
    }

    fn infra(&self) -> PathBuf {
        self.0.join("infra")
    }
}

impl Drop for Repository {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What every report must be, whatever the schema says: ASCII text (characters past ASCII
/// are escapes), issues with distinct fingerprints, at paths that exist under `root`.
fn assert_well_formed(report: &str, root: &Path) -> Vec<Value> {
    assert!(report.is_ascii(), "{report}");
    let issues: Vec<Value> = serde_json::from_str(report).unwrap();
    let mut fingerprints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    fingerprints.sort_unstable();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), issues.len(), "{report}");
    for issue in &issues {
        let path = issue["location"]["path"].as_str().unwrap();
        assert!(root.join(path).exists(), "{path} is not in the repository");
    }
    issues
}

/// Validates `report` with the real `ajv` against the schema; skipped (with a message)
/// where ajv is not installed, failing under CI.
fn validate_with_ajv(name: &str, report: &str) {
    let Some(ajv) = common::tool("TFMAP_AJV", "ajv") else {
        return;
    };
    let scratch =
        std::env::temp_dir().join(format!("tfmap-gitlab-ajv-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let data = scratch.join("gl-code-quality-report.json");
    std::fs::write(&data, report).unwrap();
    let schema = common::root().join("testdata/schemas/gitlab-code-quality.schema.json");
    let output = Command::new(ajv)
        .arg("validate")
        .arg("-s")
        .arg(&schema)
        .arg("-d")
        .arg(&data)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&scratch);
    assert!(
        output.status.success(),
        "ajv refused the report:\n{}{}\n{report}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn check_reports_every_finding_with_repository_paths_and_hostile_names_as_text() {
    let repository = Repository::new("check");
    let infra = repository.infra();
    let (code, report) = tfmap(&["check", infra.to_str().unwrap(), "--format", "gitlab"]);
    assert_eq!(code, Some(1), "the Service's warning fails the gate");
    let issues = assert_well_formed(&report, &repository.0);
    validate_with_ajv("check", &report);
    // As many issues as findings, in the same order and at the same severity.
    let (_, json) = tfmap(&[
        "check",
        infra.to_str().unwrap(),
        "--format",
        "json",
        "--fail-on",
        "never",
    ]);
    let findings = serde_json::from_str::<Value>(&json).unwrap()["findings"].clone();
    let findings = findings.as_array().unwrap();
    assert_eq!(issues.len(), findings.len());
    for (issue, finding) in issues.iter().zip(findings) {
        assert_eq!(issue["check_name"], finding["rule"]);
        let expected = match finding["severity"].as_str().unwrap() {
            "warning" => "major",
            "info" => "info",
            other => panic!("unexpected severity {other}"),
        };
        assert_eq!(issue["severity"], expected);
        assert_eq!(issue["location"]["lines"]["begin"], finding["line"]);
        assert_eq!(
            issue["location"]["path"].as_str().unwrap(),
            format!("infra/{}", finding["file"].as_str().unwrap())
        );
    }
    // The Service's finding: its path names the hostile directory (as escapes in the text),
    // its description quotes the hostile name with no hidden character left raw.
    let service = issues
        .iter()
        .find(|i| i["check_name"] == "TFM001")
        .expect("the LoadBalancer Service's finding");
    assert_eq!(
        service["location"]["path"],
        format!("infra/{HOSTILE_DIR}/objects.yaml")
    );
    assert!(report.contains("\\u202e"), "{report}");
    let description = service["description"].as_str().unwrap();
    assert!(description.contains("svc}%%{init"), "{description}");
    assert!(!description.chars().any(char::is_control), "{description}");
    // The same code gives the same report.
    assert_eq!(
        tfmap(&["check", infra.to_str().unwrap(), "--format", "gitlab"]).1,
        report
    );
}

#[test]
fn diff_reports_new_findings_and_what_the_change_breaks() {
    let repository = Repository::new("diff");
    let infra = repository.infra();
    common::git(&repository.0, &["add", "-A"]);
    common::git(&repository.0, &["commit", "-q", "-m", "base"]);
    std::fs::write(
        infra.join("broken.tf"),
        "resource \"aws_ecs_service\" \"x\" {\n",
    )
    .unwrap();
    std::fs::copy(
        common::root().join("testdata/kubernetes/eks-lb-variants/services.yaml"),
        infra.join("services.yaml"),
    )
    .unwrap();
    let repo = repository.0.to_str().unwrap();
    let (code, report) = tfmap(&["diff", "--git", "HEAD", repo, "--format", "gitlab"]);
    assert_eq!(code, Some(1));
    let issues = assert_well_formed(&report, &repository.0);
    validate_with_ajv("diff", &report);
    let checks: Vec<&str> = issues
        .iter()
        .map(|i| i["check_name"].as_str().unwrap())
        .collect();
    // The new Services' findings, then the broken file: unread, and its syntax error.
    assert!(
        checks.iter().filter(|c| c.starts_with("TFM")).count() >= 2,
        "{checks:?}"
    );
    assert!(
        !checks.contains(&"TFM003"),
        "the base had those: {checks:?}"
    );
    let broken: Vec<&Value> = issues
        .iter()
        .filter(|i| i["location"]["path"] == "infra/broken.tf")
        .collect();
    let kinds: Vec<(&str, &str)> = broken
        .iter()
        .map(|i| {
            (
                i["check_name"].as_str().unwrap(),
                i["severity"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("tfmap/unread-file", "critical"),
            ("tfmap/diagnostic", "critical")
        ]
    );
    // Nothing changed: an empty report, still valid.
    let (code, empty) = tfmap(&["diff", "--git", "HEAD", "HEAD", repo, "--format", "gitlab"]);
    assert_eq!((code, empty.as_str()), (Some(0), "[]\n"));
}

#[test]
fn gitlab_report_snapshot() {
    let dir = common::root().join("testdata/kubernetes/eks-lb-variants");
    let (_, report) = tfmap(&[
        "check",
        dir.to_str().unwrap(),
        "--format",
        "gitlab",
        "--repo-root",
        dir.to_str().unwrap(),
    ]);
    insta::assert_snapshot!("gitlab_eks_lb_variants", report);
}
