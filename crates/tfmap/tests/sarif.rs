//! SARIF that GitHub code scanning accepts: checked with Microsoft's SARIF multitool, which
//! validates against the SARIF 2.1.0 schema and the specification's rules.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use tfmap_loader::LoadOptions;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sarif(relative: &str) -> String {
    let analysis = tfmap_model::analyze(
        tfmap_loader::load_directory(&root().join(relative), &LoadOptions::default()).unwrap(),
    );
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
        let input = scratch.join("findings.sarif");
        std::fs::write(&input, sarif(dir)).unwrap();
        let output = std::process::Command::new(&multitool)
            .arg("validate")
            .arg(&input)
            .arg("-o")
            .arg(scratch.join("validation.sarif"))
            .args(["--log", "ForceOverwrite"])
            .output()
            .unwrap();
        let log = String::from_utf8_lossy(&output.stdout);
        // The multitool exits 0 even on errors: its report says what is wrong.
        let errors: Vec<&str> = log.lines().filter(|l| l.contains(": error")).collect();
        assert!(
            output.status.success() && log.contains("Done."),
            "{dir}: the validator did not run:\n{log}"
        );
        assert!(
            errors.is_empty(),
            "{dir}: invalid SARIF:\n{}",
            errors.join("\n")
        );
    }
    let _ = std::fs::remove_dir_all(&scratch);
}
