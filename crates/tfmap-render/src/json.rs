//! The JSON contract, version 1. Later versions may add fields; a field is never removed or
//! changed in meaning without bumping `version`. Every list is in a documented order (see
//! `docs/json-contract.md`), so the same input always gives the same bytes.

use crate::json_writer::render_into;
use serde_json::{Map, Value, json};
use tfmap_core::{Diagnostic, Location};
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
    write_document(analysis, None, out)
}

/// The analysis with the `--fail-on` gate's outcome last (`tfmap check --format json`), as
/// `tfmap diff --format json` carries it: `gate` is `{ "fail_on", "failed", "reasons" }`.
pub fn to_string_with_gate(analysis: &Analysis, gate: &tfmap_model::gate::Gate) -> String {
    let mut bytes = Vec::new();
    let _ = write_document(analysis, Some(&crate::gate::json(gate)), &mut bytes);
    String::from_utf8(bytes).unwrap_or_default()
}

/// The document, with `gate` after `stats` when given.
fn write_document(
    analysis: &Analysis,
    gate: Option<&Value>,
    out: impl std::io::Write,
) -> std::io::Result<()> {
    let mut document = crate::json_writer::Document::new(out);
    document.entry("version", &json!(VERSION))?;
    document.entry("roots", &json!(analysis.roots))?;
    document.entry("root_modules", &json!(analysis.root_modules))?;
    document.list("nodes", &analysis.nodes, |n, out| {
        render_into(out, &NodeOut(n))
    })?;
    document.list("edges", &analysis.edges, |e, out| {
        render_into(out, &EdgeOut(e))
    })?;
    document.list("workloads", &analysis.workloads, |w, out| {
        render_into(out, &workload(w))
    })?;
    document.list("findings", &analysis.findings, |f, out| {
        render_into(out, &finding(f))
    })?;
    document.list("diagnostics", &analysis.diagnostics, |d, out| {
        render_into(out, &diagnostic(d))
    })?;
    document.entry("stats", &stats(analysis))?;
    if let Some(gate) = gate {
        document.entry("gate", gate)?;
    }
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
        "unread": analysis.stats.unread.iter().map(|file| json!({
            "path": file.path,
            "reason": file.reason,
        })).collect::<Vec<_>>(),
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

/// A node of the document, written field by field (no intermediate `Value`: the attributes
/// of 20,000 resources are not copied once more to be printed).
struct NodeOut<'a>(&'a Node);

impl serde::Serialize for NodeOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let node = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &node.id)?;
        map.serialize_entry("source", node.source.as_str())?;
        map.serialize_entry("mode", node.mode.as_str())?;
        map.serialize_entry("type", &node.resource_type)?;
        map.serialize_entry("name", &node.name)?;
        map.serialize_entry("module", &(!node.module.is_empty()).then_some(&node.module))?;
        map.serialize_entry("root", &node.root)?;
        map.serialize_entry("platform", node.platform.as_str())?;
        map.serialize_entry("role", node.role.as_str())?;
        location_entries(&mut map, node.location.as_ref(), true)?;
        map.serialize_entry("attributes", &node.attributes)?;
        if let Some(kube) = &node.kubernetes {
            map.serialize_entry("kind", &kube.kind)?;
            map.serialize_entry("namespace", &kube.namespace)?;
            map.serialize_entry("cluster", &kube.cluster)?;
            if !kube.candidates.is_empty() {
                map.serialize_entry("candidate_clusters", &kube.candidates)?;
            }
        }
        if let Some(implicit) = &node.implicit {
            map.serialize_entry("created_by", &implicit.created_by)?;
            map.serialize_entry("lifecycle", &implicit.lifecycle)?;
            map.serialize_entry("reason", &implicit.reason)?;
            map.serialize_entry("knowledge", &implicit.knowledge)?;
        }
        if !node.repetition.is_empty() {
            map.serialize_entry("repetition", &repetition(node))?;
        }
        if !node.planned_actions.is_empty() {
            map.serialize_entry("planned_actions", &node.planned_actions)?;
        }
        if !node.containers.is_empty() {
            map.serialize_entry("containers", &containers(node))?;
        }
        map.end()
    }
}

/// `file`, `line` (and `column`), or nulls when the thing has no place in the code.
fn location_entries<M: serde::ser::SerializeMap>(
    map: &mut M,
    location: Option<&Location>,
    column: bool,
) -> Result<(), M::Error> {
    match location {
        Some(location) => {
            map.serialize_entry("file", &*location.file)?;
            map.serialize_entry("line", &location.line)?;
            if column {
                map.serialize_entry("column", &location.column)?;
            }
        }
        None => {
            map.serialize_entry("file", &Value::Null)?;
            map.serialize_entry("line", &Value::Null)?;
        }
    }
    Ok(())
}

fn repetition(node: &Node) -> Value {
    node.repetition
        .iter()
        .map(|level| {
            let key = match &level.key {
                Some(tfmap_core::InstanceKey::Index(index)) => json!(index),
                Some(tfmap_core::InstanceKey::Key(key)) => json!(key),
                None => Value::Null,
            };
            json!({
                "meta": level.meta.as_str(),
                "scope": level.scope,
                "key": key,
                "expression": level.expression,
            })
        })
        .collect()
}

fn containers(node: &Node) -> Value {
    node.containers
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
        .collect()
}

/// An edge of the document, written field by field.
struct EdgeOut<'a>(&'a Edge);

impl serde::Serialize for EdgeOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let edge = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("from", &edge.from)?;
        map.serialize_entry("to", &edge.to)?;
        map.serialize_entry("kind", edge.kind.as_str())?;
        map.serialize_entry("via", &edge.via)?;
        map.serialize_entry("through", &edge.through)?;
        location_entries(&mut map, edge.location.as_ref(), false)?;
        map.end()
    }
}

pub(crate) fn node(node: &Node) -> Value {
    serde_json::to_value(NodeOut(node)).unwrap_or(Value::Null)
}

pub(crate) fn edge(edge: &Edge) -> Value {
    serde_json::to_value(EdgeOut(edge)).unwrap_or(Value::Null)
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
    object.insert("knowledge".into(), json!(finding.knowledge));
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

/// A diagram view as JSON: the nodes and edges it shows, and its groups. A collapsed view
/// adds its summary nodes (with `collapsed`) after the nodes, and its counted edges (with
/// `count`) after the edges.
pub fn view_to_string(view: &crate::view::View) -> String {
    let groups: Vec<Value> = view
        .boxes()
        .iter()
        .map(|(group, items)| {
            json!({
                "platform": group.platform.as_str(),
                "cluster": group.cluster,
                "namespace": group.namespace,
                "nodes": items.iter().map(|item| item.id()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let nodes = view
        .nodes
        .iter()
        .map(|n| node(n))
        .chain(view.summaries.iter().map(summary));
    let edges = view
        .edges
        .iter()
        .map(|e| edge(e))
        .chain(view.summary_edges.iter().map(summary_edge));
    let mut value = json!({
        "version": VERSION,
        "nodes": nodes.collect::<Vec<_>>(),
        "edges": edges.collect::<Vec<_>>(),
        "groups": groups,
    });
    if let Some(collapsed) = &view.collapsed {
        value["collapsed"] = json!({
            "level": collapsed.level.as_str(),
            "before": collapsed.before,
            "after": collapsed.after,
            "max_nodes": collapsed.max_nodes,
        });
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

/// A summary node: what it stands for, where it is drawn, and its members.
fn summary(summary: &crate::summary::Summary) -> Value {
    use crate::summary::Subject;
    let (root, module) = match &summary.subject {
        Subject::Module { root, module } => (Some(root), Some(module)),
        Subject::Root(root) => (Some(root), None),
        Subject::Namespace(_) => (None, None),
    };
    let types: Map<String, Value> = summary
        .types()
        .into_iter()
        .map(|(name, count)| (name, json!(count)))
        .collect();
    json!({
        "id": summary.id,
        "name": summary.title(),
        "root": root,
        "module": module,
        "platform": summary.group.platform.as_str(),
        "cluster": summary.group.cluster,
        "namespace": summary.group.namespace,
        "collapsed": {
            "level": summary.level.as_str(),
            "members": summary.members.len(),
            "ids": summary.members.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(),
            "types": types,
            "implicit": summary.all_implicit(),
        },
    })
}

/// Counted edges have the fields of an edge, with nothing to say about attributes or files.
fn summary_edge(edge: &crate::summary::SummaryEdge) -> Value {
    json!({
        "from": edge.from,
        "to": edge.to,
        "kind": edge.kind.as_str(),
        "via": Value::Null,
        "through": [],
        "file": Value::Null,
        "line": Value::Null,
        "count": edge.count,
    })
}
