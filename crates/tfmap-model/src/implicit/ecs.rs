//! The ECS tasks RunTask starts for a launcher that lives outside ECS: an EventBridge rule's
//! target (A12), an EventBridge Scheduler schedule (A13), a Step Functions state machine
//! (section 4). Like a CronJob's Jobs (K6) they are created at run time and run to
//! completion; unlike them, nothing in the cluster owns them and Terraform never sees them.

use super::{Implicit, Spec};
use crate::analysis::{Analysis, Node};
use crate::vocabulary::{EdgeKind, Role};
use tfmap_core::Value;

const TASK_TYPE: &str = "aws_ecs_task";
const LIFECYCLE: &str = "ephemeral: each task runs to completion and a failed one is not re-run by ECS; nothing is in Terraform state";

/// Draws the tasks `launcher` starts, when it starts a task definition (a `schedules` edge).
pub fn run_task(implicit: &mut Implicit, analysis: &Analysis, launcher: &Node) {
    if analysis
        .edges_from(&launcher.id, &[EdgeKind::Schedules])
        .next()
        .is_none()
    {
        return;
    }
    let (created_by, knowledge, reason, pairs) = match launcher.resource_type.as_str() {
        "aws_cloudwatch_event_target" => event_target(analysis, launcher),
        "aws_scheduler_schedule" => scheduler(launcher),
        "aws_sfn_state_machine" => state_machine(),
        _ => return,
    };
    let clusters: Vec<String> = analysis
        .edges_from(&launcher.id, &[EdgeKind::RunsOn])
        .filter(|e| {
            analysis
                .node(&e.to)
                .is_some_and(|n| n.role == Role::Cluster)
        })
        .map(|e| e.to.clone())
        .collect();
    let spec_attributes = pairs
        .into_iter()
        .filter_map(|(key, value)| Some((key.to_string(), value?)))
        .collect();
    let id = implicit.create(
        launcher,
        Spec {
            part: "tasks".into(),
            resource_type: TASK_TYPE,
            created_by,
            lifecycle: LIFECYCLE,
            reason,
            knowledge,
            attributes: spec_attributes,
        },
    );
    // The tasks appear on the cluster the launcher names (A12).
    for cluster in clusters {
        implicit.link(&id, &cluster, EdgeKind::RunsOn, launcher);
    }
}

/// An EventBridge target's `ecs_target` or a schedule's `target.ecs_parameters` starts
/// tasks (A12, A13) even when its task definition is not one this code declares (an ARN
/// written as text, a variable): then no launcher edge exists and nothing is drawn, which is
/// said rather than left silent.
pub fn undeclared_task_definition(
    implicit: &mut Implicit,
    analysis: &Analysis,
    resource: &tfmap_loader::Resource,
) {
    let parameters = match resource.resource_type.as_str() {
        "aws_cloudwatch_event_target" => resource.body.block("ecs_target"),
        "aws_scheduler_schedule" => resource
            .body
            .block("target")
            .and_then(|t| t.body.block("ecs_parameters")),
        _ => None,
    };
    let Some(parameters) = parameters else {
        return;
    };
    if analysis
        .edges_from(&resource.id, &[EdgeKind::Schedules])
        .next()
        .is_some()
    {
        return;
    }
    let named = parameters
        .body
        .value("task_definition_arn")
        .map_or_else(|| "none".to_string(), printed);
    implicit.diagnostics.push(tfmap_core::Diagnostic::info(
        resource.location.clone(),
        format!(
            "{}: starts ECS tasks with RunTask, but its task_definition_arn ({named}) is no task definition declared in this code; its tasks are not drawn",
            resource.address
        ),
    ));
}

type Described = (
    &'static str,
    &'static str,
    String,
    Vec<(&'static str, Option<Value>)>,
);

/// `task_count` as written, else ECS RunTask's default of one (A12, A13).
fn task_count(launcher: &Node, key: &str) -> Option<Value> {
    Some(
        launcher
            .attributes
            .get(key)
            .cloned()
            .unwrap_or_else(|| Value::from("1 (default)")),
    )
}

fn event_target(analysis: &Analysis, target: &Node) -> Described {
    let rules: Vec<&Node> = analysis
        .edges_from(&target.id, &[EdgeKind::AttachedTo])
        .filter_map(|e| analysis.node(&e.to))
        .filter(|n| n.resource_type == "aws_cloudwatch_event_rule")
        .collect();
    let first = |key: &str| {
        rules
            .iter()
            .find_map(|r| r.attributes.get(key).filter(|v| !v.is_null()).cloned())
    };
    let schedule = first("schedule_expression");
    let pattern = first("event_pattern");
    let reason = match (&schedule, &pattern) {
        (Some(schedule), _) => format!(
            "EventBridge calls RunTask at each tick of {}: tasks appear on the cluster; the scheduler lives outside ECS",
            printed(schedule)
        ),
        (None, Some(_)) => "EventBridge calls RunTask each time an event matches the rule's event_pattern: tasks appear on the cluster, started by events, not by a schedule".to_string(),
        (None, None) => "EventBridge calls RunTask when the rule fires (its schedule or event pattern is not known here): tasks appear on the cluster".to_string(),
    };
    (
        "EventBridge (calls ECS RunTask for the rule's target)",
        "A12",
        reason,
        vec![
            ("schedule_expression", schedule),
            ("event_pattern", pattern),
            ("task_count", task_count(target, "ecs_target.task_count")),
        ],
    )
}

fn scheduler(schedule: &Node) -> Described {
    let expression = schedule
        .attributes
        .get("schedule_expression")
        .filter(|v| !v.is_null())
        .cloned();
    let when = expression.as_ref().map_or_else(
        || "at each tick".to_string(),
        |e| format!("at each tick of {}", printed(e)),
    );
    (
        "EventBridge Scheduler (calls ECS RunTask)",
        "A13",
        format!(
            "EventBridge Scheduler calls RunTask {when}: tasks appear on the cluster; its retry_policy retries the RunTask call, not a task that exited non-zero (not a Job backoffLimit)"
        ),
        vec![
            ("schedule_expression", expression),
            (
                "task_count",
                task_count(schedule, "target.ecs_parameters.task_count"),
            ),
        ],
    )
}

fn state_machine() -> Described {
    (
        "Step Functions (a Task state calling ecs:runTask or ecs:runTask.sync)",
        "4",
        "the state machine calls RunTask when an execution reaches the state: tasks appear on the cluster; with ecs:runTask.sync it waits for them to stop, and its Retry can start a failed one again (the counterpart of a Job's backoffLimit)".to_string(),
        Vec::new(),
    )
}

/// A value as a reader sees it: a string as written (unknown parts as markers).
fn printed(value: &Value) -> String {
    value
        .text()
        .map_or_else(|| value.to_string(), std::borrow::Cow::into_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Edge, Mode};
    use crate::vocabulary::Source;

    fn node(resource_type: &str, name: &str, attributes: &[(&str, Value)]) -> Node {
        let (platform, role) = crate::classify::classify(resource_type);
        Node {
            id: format!("{resource_type}.{name}"),
            source: Source::Terraform,
            mode: Mode::Managed,
            resource_type: resource_type.to_string(),
            name: name.to_string(),
            module: String::new(),
            root: ".".to_string(),
            platform,
            role,
            location: None,
            attributes: attributes
                .iter()
                .map(|(k, v)| ((*k).to_string(), v.clone()))
                .collect(),
            containers: Vec::new(),
            kubernetes: None,
            implicit: None,
            repetition: Vec::new(),
            planned_actions: Vec::new(),
        }
    }

    fn edge(from: &str, to: &str, kind: EdgeKind) -> Edge {
        Edge::bare(from, to, kind)
    }

    /// The implicit tasks of `launcher`, given the rule's attributes and its own.
    fn tasks(launcher: Node, rule: &[(&str, Value)], schedules: bool) -> Option<Node> {
        let id = launcher.id.clone();
        let nodes = vec![
            launcher,
            node("aws_cloudwatch_event_rule", "r", rule),
            node("aws_ecs_task_definition", "job", &[]),
            node("aws_ecs_cluster", "main", &[]),
        ];
        let mut analysis = Analysis::new(Vec::new(), nodes, Vec::new(), Default::default());
        analysis.edges = vec![
            edge(&id, "aws_cloudwatch_event_rule.r", EdgeKind::AttachedTo),
            edge(&id, "aws_ecs_cluster.main", EdgeKind::RunsOn),
        ];
        if schedules {
            analysis.edges.push(edge(
                &id,
                "aws_ecs_task_definition.job",
                EdgeKind::Schedules,
            ));
        }
        analysis.finish();
        let mut implicit = Implicit::default();
        let launcher = analysis.node(&id).expect("the launcher is a node");
        run_task(&mut implicit, &analysis, launcher);
        assert!(
            implicit
                .edges
                .iter()
                .all(|e| e.from == id || e.to == "aws_ecs_cluster.main"),
            "{:?}",
            implicit.edges
        );
        implicit.nodes.into_iter().next()
    }

    #[test]
    fn an_event_pattern_target_starts_tasks_on_events_with_one_task_by_default() {
        let pattern = Value::from(r#"{"source":["aws.s3"]}"#);
        let target = node("aws_cloudwatch_event_target", "t", &[]);
        let drawn = tasks(target, &[("event_pattern", pattern.clone())], true).unwrap();
        let info = drawn.implicit.as_ref().unwrap();
        assert_eq!(info.knowledge, "A12");
        assert!(
            info.reason.contains("each time an event matches"),
            "{}",
            info.reason
        );
        assert_eq!(drawn.attributes.get("event_pattern"), Some(&pattern));
        assert_eq!(
            drawn.attributes.get("task_count"),
            Some(&Value::from("1 (default)"))
        );
        assert!(!drawn.attributes.contains_key("schedule_expression"));
    }

    #[test]
    fn a_schedule_keeps_its_expression_and_task_count() {
        let schedule = node(
            "aws_scheduler_schedule",
            "s",
            &[
                ("schedule_expression", Value::from("rate(1 hour)")),
                ("target.ecs_parameters.task_count", Value::from(3)),
            ],
        );
        let drawn = tasks(schedule, &[], true).unwrap();
        assert_eq!(drawn.implicit.as_ref().unwrap().knowledge, "A13");
        assert_eq!(drawn.attributes.get("task_count"), Some(&Value::from(3)));
        assert_eq!(
            drawn.attributes.get("schedule_expression"),
            Some(&Value::from("rate(1 hour)"))
        );
    }

    #[test]
    fn a_launcher_that_starts_no_task_definition_draws_no_tasks() {
        let target = node("aws_cloudwatch_event_target", "queue", &[]);
        assert!(tasks(target, &[("event_pattern", Value::from("{}"))], false).is_none());
        let machine = node("aws_sfn_state_machine", "lambda", &[]);
        assert!(tasks(machine, &[], false).is_none());
    }
}
