//! SARIF that GitHub code scanning accepts: checked with Microsoft's SARIF multitool, which
//! validates against the SARIF 2.1.0 schema and the specification's rules.

use crate::common::{self, root};

use std::path::Path;

fn sarif(relative: &str) -> String {
    let analysis = common::analyse(relative);
    tfmap_render::sarif::to_string(&analysis.findings)
}

#[test]
fn sarif_snapshot() {
    insta::assert_snapshot!(
        "sarif_eks_lb_variants",
        sarif("testdata/kubernetes/eks-lb-variants")
    );
}

#[test]
fn sarif_validates_against_the_schema() {
    let Some(multitool) = common::tool("TFMAP_SARIF_MULTITOOL", "sarif-multitool") else {
        return;
    };
    let scratch = std::env::temp_dir().join(format!("tfmap-sarif-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    for dir in [
        "testdata/kubernetes/eks-lb-variants",
        "testdata/kubernetes/hostile-names",
        "examples/eks-api",
        "testdata/rules/tfm005-positive",
    ] {
        validate(&multitool, &scratch, dir, &sarif(dir));
    }
    let _ = std::fs::remove_dir_all(&scratch);
}

/// The SARIF of a diff whose head has a file tfmap cannot read and a new diagnostic.
fn diff_sarif_with_blind_spots() -> String {
    let head = std::env::temp_dir().join(format!("tfmap-sarif-head-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&head);
    std::fs::create_dir_all(&head).unwrap();
    std::fs::write(
        head.join("main.tf"),
        "resource \"aws_ecs_cluster\" \"a\" {\n  name = \"a\"\n}\n",
    )
    .unwrap();
    std::fs::write(head.join("broken file.tf"), "resource \"x\" {\n").unwrap();
    std::fs::write(head.join("app.yaml"), "kind: [\n").unwrap();
    let load = common::analyse_dir;
    let (base, head_analysis) = (load(&root().join("testdata/diff/base")), load(&head));
    let _ = std::fs::remove_dir_all(&head);
    let diff = tfmap_model::diff::diff(&base, &head_analysis);
    assert_eq!(diff.unread_added.len(), 2);
    tfmap_render::sarif::diff_to_string(
        diff.findings_added.iter().copied(),
        &tfmap_render::sarif::BlindSpots {
            unread: &diff.unread_added,
            diagnostics: &diff.diagnostics_added,
        },
        "",
    )
}

#[test]
fn diff_sarif_names_what_the_change_hides_and_validates() {
    let text = diff_sarif_with_blind_spots();
    assert!(text.contains("tfmap/unread-file") && text.contains("broken%20file.tf"));
    let Some(multitool) = common::tool("TFMAP_SARIF_MULTITOOL", "sarif-multitool") else {
        return;
    };
    let scratch = std::env::temp_dir().join(format!("tfmap-sarif-diff-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    validate(&multitool, &scratch, "diff", &text);
    let _ = std::fs::remove_dir_all(&scratch);
}

/// Runs the multitool's validator on `text`, with the SARIF specification's rules and with
/// GitHub's upload rules (`Gh`); fails on any error either reports.
fn validate(multitool: &Path, scratch: &Path, what: &str, text: &str) {
    for rules in ["Sarif", "Gh"] {
        validate_with(
            multitool,
            scratch,
            &format!("{what} ({rules} rules)"),
            text,
            rules,
        );
    }
}

fn validate_with(multitool: &Path, scratch: &Path, what: &str, text: &str, rules: &str) {
    let input = scratch.join("findings.sarif");
    std::fs::write(&input, text).unwrap();
    let output = std::process::Command::new(multitool)
        .arg("validate")
        .arg(&input)
        .arg("-o")
        .arg(scratch.join("validation.sarif"))
        .args(["--log", "ForceOverwrite", "--rule-kind", rules])
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&output.stdout);
    // The multitool exits 0 even on errors: its report says what is wrong.
    let errors: Vec<&str> = log.lines().filter(|l| l.contains(": error")).collect();
    assert!(
        output.status.success() && log.contains("Done."),
        "{what}: the validator did not run:\n{log}"
    );
    assert!(
        errors.is_empty(),
        "{what}: invalid SARIF:\n{}",
        errors.join("\n")
    );
}

/// `tfmap check infra --format sarif` in a repository: every URI is relative to the
/// repository root under `%SRCROOT%`, every result has a fingerprint, and the rules link
/// their documentation when the package names its repository.
#[test]
fn check_sarif_paths_start_at_the_repository_root() {
    let repo = std::env::temp_dir().join(format!("tfmap-sarif-repo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&repo);
    let infra = repo.join("infra");
    std::fs::create_dir_all(&infra).unwrap();
    let fixture = root().join("testdata/kubernetes/eks-lb-variants");
    for entry in std::fs::read_dir(&fixture).unwrap().filter_map(Result::ok) {
        std::fs::copy(entry.path(), infra.join(entry.file_name())).unwrap();
    }
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tfmap"))
        .args(["check", "infra", "--format", "sarif", "--fail-on", "never"])
        .current_dir(&repo)
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let _ = std::fs::remove_dir_all(&repo);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let run = &value["runs"][0];
    assert!(run["originalUriBaseIds"]["%SRCROOT%"].is_object(), "{run}");
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        let artifact = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        let uri = artifact["uri"].as_str().unwrap();
        assert!(uri.starts_with("infra/"), "{uri}");
        assert!(fixture.join(&uri["infra/".len()..]).is_file(), "{uri}");
        assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
        assert!(result["partialFingerprints"]["tfmapSubject/v1"].is_string());
    }
    for rule in run["tool"]["driver"]["rules"].as_array().unwrap() {
        let expected = tfmap_render::sarif::help_uri(
            env!("CARGO_PKG_REPOSITORY"),
            rule["id"].as_str().unwrap(),
        );
        assert_eq!(rule["helpUri"].as_str(), expected.as_deref());
    }
    let Some(multitool) = common::tool("TFMAP_SARIF_MULTITOOL", "sarif-multitool") else {
        return;
    };
    let scratch = std::env::temp_dir().join(format!("tfmap-sarif-root-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    validate(&multitool, &scratch, "check infra", &text);
    let _ = std::fs::remove_dir_all(&scratch);
}
