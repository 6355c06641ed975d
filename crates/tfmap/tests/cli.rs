//! The binary as a user runs it: output, exit codes, determinism across thread counts.

use crate::common::root;
use std::process::{Command, Output};

fn tfmap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tfmap"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("tfmap runs")
}

#[test]
fn analyze_shows_the_ecs_api_architecture() {
    let output = tfmap(&["analyze", "examples/ecs-api"]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).expect("utf-8");
    for expected in [
        "aws_ecs_cluster.main",
        "aws_ecs_service.api",
        "aws_ecs_task_definition.api",
        "container api:",
        "aws_lb_target_group.api",
        "aws_lb_listener.https",
        "aws_lb.api",
        "aws_autoscaling_group.ecs",
        "aws_launch_template.ecs",
        "ECS_CLUSTER=${aws_ecs_cluster.main.name}",
        "service.tf:",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

#[test]
fn a_missing_directory_exits_with_2() {
    let output = tfmap(&["analyze", "testdata/does-not-exist"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("does-not-exist"));
}

#[test]
fn a_broken_file_is_reported_and_only_strict_fails() {
    let dir = "testdata/terraform/malformed-next-to-good";
    let relaxed = tfmap(&["analyze", dir]);
    assert_eq!(relaxed.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&relaxed.stdout).contains("broken.tf:4:24: error"));
    let strict = tfmap(&["analyze", "--strict", dir]);
    assert_eq!(strict.status.code(), Some(2));
}

#[test]
fn output_does_not_depend_on_thread_count() {
    for dir in [
        "examples/ecs-api",
        "examples/ecs-batch",
        "testdata/terraform/multiple-roots",
    ] {
        let one = tfmap(&["analyze", "--format", "json", "--threads", "1", dir]);
        let many = tfmap(&["analyze", "--format", "json", "--threads", "4", dir]);
        assert_eq!(one.status.code(), Some(0));
        assert!(
            one.stdout == many.stdout,
            "{dir}: output differs between 1 and 4 threads"
        );
    }
}
