//! The JSON contract, version 1. Later versions may add fields; a field is never removed or
//! changed in meaning without bumping `version`. Every list is in a documented order (see
//! `docs/json-contract.md`), so the same input always gives the same bytes.

use serde_json::{Map, Value, json};
use tfmap_loader::{Diagnostic, Location};
use tfmap_model::{Analysis, Edge, Finding, Node, Workload};

pub const VERSION: u32 = 1;

/// The analysis as pretty-printed JSON text, ending with a newline.
pub fn to_string(analysis: &Analysis) -> String {
    let mut bytes = Vec::new();
    // Writing to a Vec cannot fail, and the serializer only writes valid UTF-8.
    let _ = write(analysis, &mut bytes);
    String::from_utf8(bytes).unwrap_or_default()
}

/// Writes the same text as `to_string`, a slice of the lists at a time: the document (50 MB
/// for 20,000 resources) never exists in memory as a whole, nor as a `Value` tree. The
/// elements of a slice are rendered in parallel and written in order, so the bytes never
/// depend on the thread count.
pub fn write(analysis: &Analysis, out: impl std::io::Write) -> std::io::Result<()> {
    let mut document = crate::json_writer::Document::new(out);
    document.entry("version", &json!(VERSION))?;
    document.entry("roots", &json!(analysis.roots))?;
    document.list("nodes", &analysis.nodes, node)?;
    document.list("edges", &analysis.edges, edge)?;
    document.list("workloads", &analysis.workloads, workload)?;
    document.list("findings", &analysis.findings, finding)?;
    document.list("diagnostics", &analysis.diagnostics, diagnostic)?;
    document.entry("stats", &stats(analysis))?;
    document.end()
}

/// The `stats` object of the document.
fn stats(analysis: &Analysis) -> Value {
    let mut stats = json!({
        "files_read": analysis.stats.files_read,
        "skipped": analysis.stats.skipped,
        "module_instances": analysis.stats.module_instances,
        "without_instances": analysis.stats.without_instances,
        "other_blocks": analysis.stats.other_blocks,
        "suppressed_findings": analysis.suppressed_findings,
    });
    if let Some(plan) = &analysis.plan {
        stats["plan"] = plan_stats(plan);
    }
    stats
}

/// What `--plan` or `--state` read and did; only present when one was given.
fn plan_stats(plan: &tfmap_loader::plan::PlanSummary) -> Value {
    json!({
        "kind": plan.kind.as_str(),
        "file": plan.file,
        "terraform_version": plan.terraform_version,
        "root": plan.root,
        "matched": plan.matched,
        "expanded": plan.expanded,
        "instances_from_expansion": plan.instances_from_expansion,
        "added": plan.added,
        "left_out": plan.left_out,
    })
}

fn put_location(object: &mut Map<String, Value>, location: Option<&Location>, column: bool) {
    match location {
        Some(location) => {
            object.insert("file".into(), json!(&*location.file));
            object.insert("line".into(), json!(location.line));
            if column {
                object.insert("column".into(), json!(location.column));
            }
        }
        None => {
            object.insert("file".into(), Value::Null);
            object.insert("line".into(), Value::Null);
        }
    }
}

pub(crate) fn node(node: &Node) -> Value {
    let mut object = Map::new();
    object.insert("id".into(), json!(node.id));
    object.insert("source".into(), json!(node.source.as_str()));
    object.insert("mode".into(), json!(node.mode.as_str()));
    object.insert("type".into(), json!(node.resource_type));
    object.insert("name".into(), json!(node.name));
    object.insert(
        "module".into(),
        if node.module.is_empty() {
            Value::Null
        } else {
            json!(node.module)
        },
    );
    object.insert("root".into(), json!(node.root));
    object.insert("platform".into(), json!(node.platform.as_str()));
    object.insert("role".into(), json!(node.role.as_str()));
    put_location(&mut object, node.location.as_ref(), true);
    object.insert("attributes".into(), json!(node.attributes));
    if let Some(kube) = &node.kubernetes {
        object.insert("kind".into(), json!(kube.kind));
        object.insert("namespace".into(), json!(kube.namespace));
        object.insert("cluster".into(), json!(kube.cluster));
    }
    if let Some(implicit) = &node.implicit {
        object.insert("created_by".into(), json!(implicit.created_by));
        object.insert("lifecycle".into(), json!(implicit.lifecycle));
        object.insert("reason".into(), json!(implicit.reason));
        object.insert("knowledge".into(), json!(implicit.knowledge));
    }
    if !node.repetition.is_empty() {
        let levels: Vec<Value> = node
            .repetition
            .iter()
            .map(|level| {
                let key = match &level.key {
                    Some(tfmap_loader::InstanceKey::Index(index)) => json!(index),
                    Some(tfmap_loader::InstanceKey::Key(key)) => json!(key),
                    None => Value::Null,
                };
                json!({
                    "meta": level.meta.as_str(),
                    "scope": level.scope,
                    "key": key,
                    "expression": level.expression,
                })
            })
            .collect();
        object.insert("repetition".into(), Value::Array(levels));
    }
    if !node.planned_actions.is_empty() {
        object.insert("planned_actions".into(), json!(node.planned_actions));
    }
    if !node.containers.is_empty() {
        let containers: Vec<Value> = node
            .containers
            .iter()
            .map(|c| {
                json!({
                    "name": c.name,
                    "image": c.image,
                    "cpu": c.cpu,
                    "memory": c.memory,
                    "memory_reservation": c.memory_reservation,
                    "essential": c.essential,
                    "ports": c.ports,
                    "environment": c.environment,
                    "secrets": c.secrets.iter().map(|s| json!({"name": s.name, "value_from": s.value_from})).collect::<Vec<_>>(),
                })
            })
            .collect();
        object.insert("containers".into(), Value::Array(containers));
    }
    Value::Object(object)
}

pub(crate) fn edge(edge: &Edge) -> Value {
    let mut object = Map::new();
    object.insert("from".into(), json!(edge.from));
    object.insert("to".into(), json!(edge.to));
    object.insert("kind".into(), json!(edge.kind.as_str()));
    object.insert("via".into(), json!(edge.via));
    object.insert("through".into(), json!(edge.through));
    put_location(&mut object, edge.location.as_ref(), false);
    Value::Object(object)
}

fn workload(workload: &Workload) -> Value {
    let members: Map<String, Value> = workload
        .members
        .iter()
        .map(|(role, ids)| (role.as_str().to_string(), json!(ids)))
        .collect();
    json!({
        "id": workload.id,
        "kind": workload.kind.as_str(),
        "platform": workload.platform.as_str(),
        "cluster": workload.cluster,
        "members": members,
    })
}

fn finding(finding: &Finding) -> Value {
    let mut object = Map::new();
    object.insert("rule".into(), json!(finding.rule));
    object.insert("severity".into(), json!(finding.severity.as_str()));
    object.insert("message".into(), json!(finding.message));
    object.insert("subject".into(), json!(finding.subject));
    put_location(&mut object, finding.location.as_ref(), false);
    Value::Object(object)
}

fn diagnostic(diagnostic: &Diagnostic) -> Value {
    json!({
        "severity": diagnostic.severity.as_str(),
        "file": &*diagnostic.location.file,
        "line": diagnostic.location.line,
        "column": diagnostic.location.column,
        "message": diagnostic.message,
    })
}

/// A diagram view as JSON: the nodes and edges it shows, and its groups.
pub fn view_to_string(view: &crate::view::View) -> String {
    let groups: Vec<Value> = view
        .groups
        .iter()
        .map(|(group, nodes)| {
            json!({
                "platform": group.platform.as_str(),
                "cluster": group.cluster,
                "namespace": group.namespace,
                "nodes": nodes.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let value = json!({
        "version": VERSION,
        "nodes": view.nodes.iter().map(|n| node(n)).collect::<Vec<_>>(),
        "edges": view.edges.iter().map(|e| edge(e)).collect::<Vec<_>>(),
        "groups": groups,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}
