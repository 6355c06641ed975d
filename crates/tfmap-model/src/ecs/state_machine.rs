//! The states of a Step Functions `definition` that start ECS tasks: a `Task` state whose
//! `Resource` is `arn:aws:states:::ecs:runTask` (or `.sync`, which waits for the task to
//! stop; the knowledge base's section 4 maps it to a Job's retries). The loader has already
//! evaluated the definition (`jsonencode`, a heredoc, `templatefile`) to JSON text, known or
//! with unknown parts.

use super::json_template;
use tfmap_core::Value;

const RUN_TASK: &str = "arn:aws:states:::ecs:runTask";

/// One `Task` state that calls ECS RunTask.
#[derive(Debug, Clone, PartialEq)]
pub struct RunTaskState {
    /// The state's name (nested states of `Parallel` and `Map` states included).
    pub name: String,
    /// True for `ecs:runTask.sync`: the workflow waits for the task to stop.
    pub waits: bool,
    /// `Parameters.TaskDefinition` (or `Arguments`), as written; `None` when the state takes it
    /// from its input (`TaskDefinition.$`) or does not say.
    pub task_definition: Option<Value>,
    /// `Parameters.Cluster`, as written; ECS runs the task on `default` when absent.
    pub cluster: Option<Value>,
}

/// Why a definition could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefinitionError {
    /// The whole definition is known only at apply time.
    Unknown(String),
    /// Known, but not a JSON object with `States`.
    Invalid(String),
}

/// The RunTask states of a `definition` value, in the order they are written.
pub fn run_task_states(definition: &Value) -> Result<Vec<RunTaskState>, DefinitionError> {
    let json = match definition {
        Value::String(text) => serde_json::from_str::<serde_json::Value>(text)
            .map(Value::from)
            .map_err(|error| DefinitionError::Invalid(format!("not valid JSON: {error}")))?,
        Value::Unknown(unknown) if unknown.whole_origin().is_some() => {
            return Err(DefinitionError::Unknown(unknown.marker_text()));
        }
        Value::Unknown(unknown) => json_template::parse(unknown.parts())
            .map_err(|error| DefinitionError::Invalid(format!("not valid JSON: {error}")))?,
        other => {
            return Err(DefinitionError::Invalid(format!(
                "expected a JSON string, found {other}"
            )));
        }
    };
    let Some(states) = json.get("States").and_then(Value::as_object) else {
        return Err(DefinitionError::Invalid(
            "no States object at the top level".to_string(),
        ));
    };
    let mut found = Vec::new();
    collect(states, &mut found);
    Ok(found)
}

/// Walks one `States` object, into the branches of `Parallel` and the processors of `Map`.
fn collect(states: &tfmap_core::Map, found: &mut Vec<RunTaskState>) {
    for (name, state) in states {
        let nested = state
            .get("Branches")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .chain(
                ["Iterator", "ItemProcessor"]
                    .iter()
                    .filter_map(|k| state.get(*k)),
            );
        for machine in nested {
            if let Some(inner) = machine.get("States").and_then(Value::as_object) {
                collect(inner, found);
            }
        }
        if state.get("Type").and_then(Value::as_str) != Some("Task") {
            continue;
        }
        let Some(resource) = state.get("Resource").and_then(Value::as_str) else {
            continue;
        };
        let waits = match resource.strip_prefix(RUN_TASK) {
            Some("") => false,
            Some(".sync") => true,
            _ => continue,
        };
        // JSONPath states write `Parameters`, JSONata states `Arguments`.
        let parameters = state.get("Parameters").or_else(|| state.get("Arguments"));
        let field = |key: &str| parameters.and_then(|p| p.get(key)).cloned();
        found.push(RunTaskState {
            name: name.clone(),
            waits,
            task_definition: field("TaskDefinition"),
            cluster: field("Cluster"),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tfmap_core::Part;

    fn known(json: &str) -> Value {
        Value::from(json)
    }

    #[test]
    fn run_task_states_are_found_with_their_task_definition_and_cluster() {
        let states = run_task_states(&known(
            r#"{"StartAt":"A","States":{
                "A":{"Type":"Task","Resource":"arn:aws:states:::ecs:runTask.sync",
                     "Parameters":{"TaskDefinition":"report:3","Cluster":"prod"},"Next":"B"},
                "B":{"Type":"Task","Resource":"arn:aws:states:::ecs:runTask",
                     "Parameters":{"TaskDefinition":"cleanup"},"End":true}}}"#,
        ))
        .unwrap();
        assert_eq!(states.len(), 2);
        assert_eq!(states[0].name, "A");
        assert!(states[0].waits);
        assert_eq!(states[0].task_definition, Some(Value::from("report:3")));
        assert_eq!(states[0].cluster, Some(Value::from("prod")));
        assert!(!states[1].waits);
        assert_eq!(states[1].cluster, None);
    }

    #[test]
    fn other_tasks_and_lookalike_resources_are_not_run_task_states() {
        let states = run_task_states(&known(
            r#"{"States":{
                "Lambda":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke"},
                "Stop":{"Type":"Task","Resource":"arn:aws:states:::ecs:runTaskLater"},
                "Pass":{"Type":"Pass","Resource":"arn:aws:states:::ecs:runTask"}}}"#,
        ))
        .unwrap();
        assert!(states.is_empty(), "{states:?}");
    }

    #[test]
    fn states_inside_parallel_branches_and_map_processors_are_found() {
        let states = run_task_states(&known(
            r#"{"States":{
                "Fan":{"Type":"Parallel","Branches":[{"States":{
                    "One":{"Type":"Task","Resource":"arn:aws:states:::ecs:runTask.sync",
                           "Parameters":{"TaskDefinition":"one"}}}}]},
                "Each":{"Type":"Map","ItemProcessor":{"States":{
                    "Two":{"Type":"Task","Resource":"arn:aws:states:::ecs:runTask",
                           "Arguments":{"TaskDefinition":"two"}}}}}}}"#,
        ))
        .unwrap();
        let names: Vec<&str> = states.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["One", "Two"]);
        assert_eq!(states[1].task_definition, Some(Value::from("two")));
    }

    #[test]
    fn a_task_definition_taken_from_the_input_is_not_known() {
        let states = run_task_states(&known(
            r#"{"States":{"Run":{"Type":"Task","Resource":"arn:aws:states:::ecs:runTask.sync",
                "Parameters":{"TaskDefinition.$":"$.task"}}}}"#,
        ))
        .unwrap();
        assert_eq!(states[0].task_definition, None);
    }

    #[test]
    fn unknown_parts_keep_their_origins() {
        let definition = tfmap_core::Unknown::from_parts([
            Part::text(
                r#"{"States":{"Run":{"Type":"Task","Resource":"arn:aws:states:::ecs:runTask","Parameters":{"TaskDefinition":""#,
            ),
            Part::unknown("aws_ecs_task_definition.job.arn"),
            Part::text(r#""}}}}"#),
        ]);
        let states = run_task_states(&definition).unwrap();
        let task = states[0].task_definition.as_ref().unwrap();
        assert_eq!(
            task.as_unknown().unwrap().whole_origin(),
            Some("aws_ecs_task_definition.job.arn")
        );
    }

    #[test]
    fn unreadable_definitions_say_why() {
        assert!(matches!(
            run_task_states(&Value::unknown("var.definition")),
            Err(DefinitionError::Unknown(_))
        ));
        assert!(matches!(
            run_task_states(&known("{not json")),
            Err(DefinitionError::Invalid(_))
        ));
        assert!(matches!(
            run_task_states(&known(r#"{"StartAt":"A"}"#)),
            Err(DefinitionError::Invalid(_))
        ));
        assert!(matches!(
            run_task_states(&Value::from(3)),
            Err(DefinitionError::Invalid(_))
        ));
    }
}
