//! The `--max-*` flags: past a limit, a clear diagnostic and the rest still analysed; a raised
//! limit reads what the default would stop.

use crate::common;

use std::process::Command;

/// `tfmap analyze DIR --format json` with extra flags, parsed.
fn analyze(dir: &str, flags: &[&str]) -> serde_json::Value {
    let output = Command::new(env!("CARGO_BIN_EXE_tfmap"))
        .arg("analyze")
        .arg(common::root().join(dir))
        .args(["--format", "json"])
        .args(flags)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

fn ids(json: &serde_json::Value) -> Vec<String> {
    json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect()
}

fn messages(json: &serde_json::Value) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn max_files() {
    let dir = "testdata/hostile/module-cycle";
    let limited = analyze(dir, &["--max-files", "1"]);
    assert_eq!(limited["stats"]["skipped"]["over the file limit"], 3);
    assert!(
        messages(&limited)
            .iter()
            .any(|m| m.contains("more than 1 files"))
    );
    let full = analyze(dir, &[]);
    assert!(
        full["stats"]["skipped"]
            .get("over the file limit")
            .is_none()
    );
}

#[test]
fn max_instances() {
    let dir = "testdata/terraform/for-each-services";
    let limited = analyze(dir, &["--max-instances", "2"]);
    assert!(ids(&limited).contains(&"aws_ecs_service.app".to_string()));
    assert!(
        messages(&limited)
            .iter()
            .any(|m| m.contains("gives 3 instances, more than tfmap expands (2"))
    );
    let full = analyze(dir, &[]);
    assert!(ids(&full).contains(&r#"aws_ecs_service.app["web"]"#.to_string()));
}

#[test]
fn max_module_depth() {
    let dir = "testdata/terraform/count-for-each-edge-cases";
    let limited = analyze(dir, &["--max-module-depth", "1"]);
    assert!(!ids(&limited).iter().any(|id| id.contains("module.queue")));
    assert!(
        messages(&limited)
            .iter()
            .any(|m| m.contains("nested deeper than 1 levels"))
    );
    let full = analyze(dir, &[]);
    assert!(ids(&full).iter().any(|id| id.contains("module.queue")));
}

#[test]
fn max_yaml_depth_and_file_size() {
    let dir = "testdata/kubernetes/selectors";
    let shallow = analyze(dir, &["--max-yaml-depth", "2"]);
    assert!(
        messages(&shallow)
            .iter()
            .any(|m| m.contains("YAML nested deeper than 2 levels"))
    );
    let tiny = analyze(dir, &["--max-file-size", "10"]);
    assert!(
        messages(&tiny)
            .iter()
            .any(|m| m.contains("over the limit of 10 bytes"))
    );
    let full = analyze(dir, &[]);
    assert!(
        !messages(&full)
            .iter()
            .any(|m| m.contains("nested deeper") || m.contains("over the limit")),
        "{:?}",
        messages(&full)
    );
}
