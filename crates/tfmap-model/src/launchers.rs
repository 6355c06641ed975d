//! Step Functions state machines that start ECS tasks: the semantic table reads references
//! by attribute path, but a state machine names its task definition and cluster inside the
//! JSON of its `definition`, so which reference is a RunTask's task definition is read from
//! the `Task` states themselves (`ecs/state_machine.rs`). Each one found becomes a
//! `schedules` edge to the task definition and a `runs_on` edge to the cluster, `via`
//! `definition`, as an EventBridge target's are.

use crate::analysis::{Analysis, Edge};
use crate::ecs::state_machine::{self, DefinitionError, RunTaskState};
use crate::vocabulary::EdgeKind;
use tfmap_core::Value;
use tfmap_loader::{Diagnostic, Resource, ResourceKind};

const STATE_MACHINE: &str = "aws_sfn_state_machine";
const VIA: &str = "definition";

/// The launcher edges of every state machine, with what could not be told.
pub fn derive(
    analysis: &Analysis,
    resources: &[Resource],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Edge> {
    let mut edges = Vec::new();
    for resource in resources
        .iter()
        .filter(|r| r.resource_type == STATE_MACHINE && r.kind == ResourceKind::Managed)
    {
        let Some(attribute) = resource.body.attributes.get(VIA) else {
            continue;
        };
        let note = |message: String| Diagnostic::info(attribute.location.clone(), message);
        let states = match state_machine::run_task_states(&attribute.value) {
            Ok(states) => states,
            Err(DefinitionError::Unknown(why)) => {
                diagnostics.push(note(format!(
                    "{}: definition is not known statically ({why}); ECS tasks it may start are not drawn",
                    resource.address
                )));
                continue;
            }
            Err(DefinitionError::Invalid(why)) => {
                diagnostics.push(note(format!(
                    "{}: definition {why}; ECS tasks it may start are not drawn",
                    resource.address
                )));
                continue;
            }
        };
        for state in &states {
            let tasks = targets(
                analysis,
                resource,
                state.task_definition.as_ref(),
                Wanted::TASK,
            );
            if tasks.is_empty() {
                diagnostics.push(note(format!(
                    "{}: state {:?} runs an ECS task whose task definition {}; no launcher edge drawn",
                    resource.address,
                    state.name,
                    describe(state)
                )));
            }
            edges.extend(tasks.into_iter().map(|edge| Edge {
                kind: EdgeKind::Schedules,
                ..edge
            }));
            let clusters = targets(analysis, resource, state.cluster.as_ref(), Wanted::CLUSTER);
            edges.extend(clusters.into_iter().map(|edge| Edge {
                kind: EdgeKind::RunsOn,
                ..edge
            }));
        }
    }
    edges.sort_by(|a, b| (&a.from, &a.to, a.kind).cmp(&(&b.from, &b.to, b.kind)));
    edges.dedup_by(|a, b| a.from == b.from && a.to == b.to && a.kind == b.kind);
    edges
}

/// What a RunTask parameter names, and how a known name is matched.
struct Wanted {
    resource_type: &'static str,
    /// The attribute a known value (a name or an ARN's last part) is compared with.
    name_attribute: &'static str,
    /// What precedes the name in an ARN.
    arn_marker: &'static str,
}

impl Wanted {
    const TASK: Wanted = Wanted {
        resource_type: "aws_ecs_task_definition",
        name_attribute: "family",
        arn_marker: ":task-definition/",
    };
    const CLUSTER: Wanted = Wanted {
        resource_type: "aws_ecs_cluster",
        name_attribute: "name",
        arn_marker: ":cluster/",
    };
}

fn describe(state: &RunTaskState) -> String {
    match &state.task_definition {
        None => "comes from the state's input".to_string(),
        Some(value) => format!("{value} matches nothing declared beside it"),
    }
}

/// The edges from the state machine to what `value` names: the references of its
/// `definition` whose target (or a variable, local or output they went through) an unknown
/// part comes from, or, for a known value, the resources of the same root module with that
/// name (a family `report`, `report:3`, or an ARN ending in it).
fn targets(
    analysis: &Analysis,
    resource: &Resource,
    value: Option<&Value>,
    wanted: Wanted,
) -> Vec<Edge> {
    let Some(value) = value else {
        return Vec::new();
    };
    let references = analysis
        .edges_from(&resource.id, &[EdgeKind::Reference])
        .filter(|e| e.via.as_deref().is_some_and(|v| v.starts_with(VIA)))
        .filter(|e| {
            analysis
                .node(&e.to)
                .is_some_and(|n| n.resource_type == wanted.resource_type)
        });
    if let Some(unknown) = value.as_unknown() {
        let origins: Vec<String> = unknown.origins().map(without_indices).collect();
        return references
            .filter(|e| {
                let root = analysis.node(&e.to).map_or(".", |n| n.root.as_str());
                let to = without_indices(local_address(&e.to, root));
                origins.iter().any(|origin| {
                    names(origin, &to)
                        || e.through
                            .iter()
                            .any(|symbol| names(origin, &without_indices(symbol)))
                })
            })
            .cloned()
            .collect();
    }
    let Some(text) = value.as_str() else {
        return Vec::new();
    };
    let name = text.rsplit_once(wanted.arn_marker).map_or(text, |(_, n)| n);
    // A task definition's revision (`report:3`) is not part of its family.
    let name = match wanted.resource_type {
        "aws_ecs_task_definition" => name.split(':').next().unwrap_or(name),
        _ => name,
    };
    analysis
        .nodes
        .iter()
        .filter(|n| n.resource_type == wanted.resource_type && n.root == resource.root)
        .filter(|n| {
            n.attributes
                .get(wanted.name_attribute)
                .and_then(Value::as_str)
                == Some(name)
        })
        .map(|n| Edge {
            from: resource.id.clone(),
            to: n.id.clone(),
            kind: EdgeKind::Reference,
            via: Some(VIA.to_string()),
            through: Vec::new(),
            location: resource
                .body
                .attributes
                .get(VIA)
                .map(|a| a.location.clone()),
        })
        .collect()
}

/// Whether an origin (`aws_ecs_task_definition.job.arn`) is an attribute of `address`.
fn names(origin: &str, address: &str) -> bool {
    origin
        .strip_prefix(address)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// A node id without its root module's prefix (`envs/prod:aws_ecs_cluster.main`).
fn local_address<'a>(id: &'a str, root: &str) -> &'a str {
    id.strip_prefix(root)
        .and_then(|rest| rest.strip_prefix(':'))
        .unwrap_or(id)
}

/// An address with its instance keys left out (`module.job["a"].x` → `module.job.x`): an
/// origin may name an instance by an expression (`[each.key]`) where the reference edge has
/// the instance it picked.
fn without_indices(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut depth = 0usize;
    let mut quoted = false;
    for c in address.chars() {
        match (c, quoted) {
            ('"', _) if depth > 0 => quoted = !quoted,
            ('[', false) => depth += 1,
            (']', false) if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_keys_are_left_out() {
        assert_eq!(
            without_indices(r#"module.job["a[1]"].aws_ecs_task_definition.this[0].arn"#),
            "module.job.aws_ecs_task_definition.this.arn"
        );
        assert_eq!(
            without_indices("aws_ecs_task_definition.job[each.key].arn"),
            "aws_ecs_task_definition.job.arn"
        );
    }

    #[test]
    fn an_origin_names_an_address_only_up_to_a_dot() {
        assert!(names("aws_ecs_cluster.main.arn", "aws_ecs_cluster.main"));
        assert!(names("local.cluster", "local.cluster"));
        assert!(!names("aws_ecs_cluster.main2.arn", "aws_ecs_cluster.main"));
    }

    #[test]
    fn root_prefixes_are_left_out() {
        assert_eq!(
            local_address("envs/prod:aws_ecs_cluster.main", "envs/prod"),
            "aws_ecs_cluster.main"
        );
        assert_eq!(
            local_address(r#"aws_ecs_cluster.main["a:b"]"#, "."),
            r#"aws_ecs_cluster.main["a:b"]"#
        );
    }
}
