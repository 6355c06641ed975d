//! Variable values per environment through the binary: --var-file, --var, TF_VAR_* with and
//! without --tf-var-env, their precedence, and values no root module declares.

use crate::common::root;
use std::process::{Command, Output};

const DIR: &str = "testdata/terraform/variables-per-env";

/// Runs `tfmap analyze DIR ARGS…` with `TF_VAR_*` set only as given.
fn analyze(args: &[&str], environment: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tfmap"));
    command
        .arg("analyze")
        .arg(DIR)
        .args(args)
        .current_dir(root());
    for (key, _) in std::env::vars() {
        if key.starts_with("TF_VAR_") {
            command.env_remove(key);
        }
    }
    command.envs(environment.iter().copied());
    command.output().expect("tfmap runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("utf-8")
}

fn file(name: &str) -> String {
    format!("{DIR}/envs/{name}")
}

#[test]
fn the_directory_s_own_tfvars_are_read_by_themselves() {
    let text = stdout(&analyze(&[], &[]));
    // terraform.tfvars sets env and replicas = 2; a.auto.tfvars.json wins with 3.
    assert!(
        text.contains("[desired_count 3 · name staging-api]"),
        "{text}"
    );
    assert!(
        text.contains("image registry.example.com/api:default"),
        "{text}"
    );
}

#[test]
fn a_var_file_wins_over_the_directory_s_files() {
    let prod = file("prod.tfvars");
    let output = analyze(&["--var-file", &prod], &[]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.contains("name prod-api"), "{text}");
    assert!(
        text.contains("image registry.example.com/api:2.0.1"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "{prod}:3:1: warning: value for undeclared variable `unknown_var`"
        )),
        "{text}"
    );
}

#[test]
fn var_and_var_file_apply_in_command_line_order() {
    let json = file("prod.tfvars.json");
    let file_last = stdout(&analyze(&["--var", "replicas=7", "--var-file", &json], &[]));
    assert!(file_last.contains("desired_count 5"), "{file_last}");
    let var_last = stdout(&analyze(&["--var-file", &json, "--var", "replicas=7"], &[]));
    assert!(var_last.contains("desired_count 7"), "{var_last}");
}

#[test]
fn var_values_are_read_by_the_variable_type() {
    let output = analyze(
        &[
            "--format",
            "json",
            "--var",
            r#"subnets=["subnet-x", "subnet-y"]"#,
            "--var",
            "env=[not a list]",
        ],
        &[],
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let names: Vec<&str> = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["attributes"]["name"].as_str())
        .collect();
    assert!(names.contains(&"[not a list]-api"), "{names:?}");
    let text = stdout(&analyze(&["--var", "replicas=many"], &[]));
    assert!(
        text.contains("error: invalid value for variable `replicas`: a number is expected"),
        "{text}"
    );
}

#[test]
fn tf_var_environment_is_read_only_when_asked() {
    let environment = [("TF_VAR_image", "registry.example.com/api:from-env")];
    let without = stdout(&analyze(&[], &environment));
    assert!(without.contains("api:default"), "{without}");
    let with = stdout(&analyze(&["--tf-var-env"], &environment));
    assert!(with.contains("api:from-env"), "{with}");
    // The environment comes first: every file and flag wins over it.
    let both = stdout(&analyze(
        &[
            "--tf-var-env",
            "--var",
            "image=registry.example.com/api:flag",
        ],
        &environment,
    ));
    assert!(both.contains("api:flag"), "{both}");
    let replicas = stdout(&analyze(&["--tf-var-env"], &[("TF_VAR_replicas", "9")]));
    assert!(
        replicas.contains("desired_count 3"),
        "tfvars win: {replicas}"
    );
}

#[test]
fn an_undeclared_var_is_an_error_and_a_sensitive_value_never_shows() {
    let args = ["--var", "nope=1", "--var", "db_password=hunter2"];
    let relaxed = analyze(&args, &[]);
    assert_eq!(relaxed.status.code(), Some(0));
    let text = stdout(&relaxed);
    assert!(
        text.contains("error: --var nope: no root module declares a variable `nope`"),
        "{text}"
    );
    let json = analyze(&[&args[..], &["--format", "json"]].concat(), &[]);
    assert!(!stdout(&json).contains("hunter2"));
    assert!(!text.contains("hunter2"));
    let strict = analyze(&[&args[..], &["--strict"]].concat(), &[]);
    assert_eq!(strict.status.code(), Some(2));
}

#[test]
fn bad_flags_exit_2() {
    let no_equals = analyze(&["--var", "image"], &[]);
    assert_eq!(no_equals.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_equals.stderr).contains("expected NAME=VALUE"));
    let missing = analyze(&["--var-file", "does-not-exist.tfvars"], &[]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("does-not-exist.tfvars"));
}

#[test]
fn every_command_takes_the_values() {
    let prod = file("prod.tfvars");
    for command in ["graph", "compare", "check"] {
        let output = Command::new(env!("CARGO_BIN_EXE_tfmap"))
            .args([command, DIR, "--var-file", &prod])
            .current_dir(root())
            .output()
            .expect("tfmap runs");
        let text = stdout(&output);
        assert!(
            output.status.code() == Some(0) || output.status.code() == Some(1),
            "{command}: {text}"
        );
        if command != "check" {
            assert!(text.contains("2.0.1"), "{command}: {text}");
        }
    }
    let diff = Command::new(env!("CARGO_BIN_EXE_tfmap"))
        .args(["diff", DIR, DIR, "--var-file", &prod, "--format", "json"])
        .current_dir(root())
        .output()
        .expect("tfmap runs");
    assert_eq!(diff.status.code(), Some(0), "{}", stdout(&diff));
}
