//! What starts ECS tasks from outside ECS (EventBridge targets, Scheduler schedules, Step
//! Functions state machines), on the `ecs-launchers` fixture: the edges, the implicit tasks
//! and what is reported instead of guessed.

use crate::common;
use tfmap_model::{Analysis, EdgeKind, WorkloadKind};

fn analyse() -> Analysis {
    common::analyse("testdata/terraform/ecs-launchers")
}

fn targets(analysis: &Analysis, from: &str, kind: EdgeKind) -> Vec<String> {
    let mut found: Vec<String> = analysis
        .edges
        .iter()
        .filter(|e| e.from == from && e.kind == kind)
        .map(|e| e.to.clone())
        .collect();
    found.sort();
    found.dedup();
    found
}

#[test]
fn state_machines_launch_the_task_definitions_their_run_task_states_name() {
    let analysis = analyse();
    assert_eq!(
        targets(
            &analysis,
            "aws_sfn_state_machine.release",
            EdgeKind::Schedules
        ),
        ["aws_ecs_task_definition.migrate"]
    );
    assert_eq!(
        targets(&analysis, "aws_sfn_state_machine.release", EdgeKind::RunsOn),
        ["aws_ecs_cluster.jobs"]
    );
    // Named by family and revision inside a Map state of a template.
    assert_eq!(
        targets(
            &analysis,
            "aws_sfn_state_machine.backfill",
            EdgeKind::Schedules
        ),
        ["aws_ecs_task_definition.backfill"]
    );
    for not_launching in [
        "aws_sfn_state_machine.lambda_only",
        "aws_sfn_state_machine.dynamic",
    ] {
        assert!(targets(&analysis, not_launching, EdgeKind::Schedules).is_empty());
    }
    assert!(analysis.diagnostics.iter().any(|d| d
        .message
        .contains("aws_sfn_state_machine.dynamic: state \"Run\" runs an ECS task whose task definition comes from the state's input")));
}

#[test]
fn each_launcher_gets_implicit_tasks_on_its_cluster_with_its_knowledge_row() {
    let analysis = analyse();
    let expected = [
        (r#"aws_cloudwatch_event_target.nightly["export"]"#, "A12"),
        ("aws_cloudwatch_event_target.upload", "A12"),
        ("aws_scheduler_schedule.cleanup", "A13"),
        ("aws_sfn_state_machine.release", "4"),
        ("aws_sfn_state_machine.backfill", "4"),
    ];
    for (launcher, row) in expected {
        let id = format!("implicit/{launcher}/tasks");
        let node = analysis
            .node(&id)
            .unwrap_or_else(|| panic!("{id} is drawn"));
        assert_eq!(node.resource_type, "aws_ecs_task");
        let implicit = node.implicit.as_ref().unwrap();
        assert_eq!(implicit.knowledge, row, "{id}");
        assert_eq!(implicit.cause, launcher);
        assert_eq!(
            targets(&analysis, &id, EdgeKind::RunsOn),
            ["aws_ecs_cluster.jobs"]
        );
    }
    for not_launching in [
        "aws_cloudwatch_event_target.upload_queue",
        "aws_sfn_state_machine.lambda_only",
        "aws_sfn_state_machine.dynamic",
    ] {
        assert!(
            analysis
                .node(&format!("implicit/{not_launching}/tasks"))
                .is_none()
        );
    }
}

#[test]
fn workload_kinds_follow_what_starts_the_task() {
    let analysis = analyse();
    let kind = |id: &str| {
        analysis
            .workloads
            .iter()
            .find(|w| w.id == id)
            .map(|w| w.kind)
    };
    assert_eq!(
        kind(r#"aws_cloudwatch_event_target.nightly["reindex"]"#),
        Some(WorkloadKind::Batch)
    );
    assert_eq!(
        kind("aws_cloudwatch_event_target.upload"),
        Some(WorkloadKind::EventDriven)
    );
    assert_eq!(
        kind("aws_scheduler_schedule.cleanup"),
        Some(WorkloadKind::Batch)
    );
    assert_eq!(
        kind("aws_sfn_state_machine.release"),
        Some(WorkloadKind::Workflow)
    );
    assert_eq!(
        kind("aws_ecs_task_definition.adhoc"),
        Some(WorkloadKind::Unlaunched)
    );
    assert_eq!(kind("aws_ecs_task_definition.migrate"), None);
    assert_eq!(kind("aws_cloudwatch_event_target.upload_queue"), None);
    assert_eq!(kind("aws_sfn_state_machine.lambda_only"), None);
}

#[test]
fn a_target_whose_task_definition_is_not_declared_is_reported_not_drawn() {
    let analysis = analyse();
    let id = "aws_cloudwatch_event_target.external";
    assert!(targets(&analysis, id, EdgeKind::Schedules).is_empty());
    assert!(analysis.node(&format!("implicit/{id}/tasks")).is_none());
    assert!(analysis.workloads.iter().all(|w| w.id != id));
    assert!(analysis.diagnostics.iter().any(|d| d.message.starts_with(
        "aws_cloudwatch_event_target.external: starts ECS tasks with RunTask, but its task_definition_arn (arn:aws:ecs:eu-west-1:111122223333:task-definition/external:4) is no task definition declared"
    )));
    // The targets that do start a declared task definition are not reported.
    assert!(
        !analysis
            .diagnostics
            .iter()
            .any(|d| d.message.starts_with("aws_cloudwatch_event_target.upload"))
    );
}
