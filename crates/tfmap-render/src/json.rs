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

/// Writes the same text as `to_string`, one node, edge or finding at a time: the document
/// (50 MB for 20,000 resources) never exists in memory as a whole, nor as a `Value` tree.
pub fn write(analysis: &Analysis, out: impl std::io::Write) -> std::io::Result<()> {
    use serde::Serialize;
    let mut out = std::io::BufWriter::new(out);
    Contract(analysis)
        .serialize(&mut serde_json::Serializer::pretty(&mut out))
        .map_err(std::io::Error::other)?;
    std::io::Write::write_all(&mut out, b"\n")?;
    std::io::Write::flush(&mut out)
}

/// The document: its keys in the order `docs/json-contract.md` shows.
struct Contract<'a>(&'a Analysis);

impl serde::Serialize for Contract<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let analysis = self.0;
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
        let mut map = serializer.serialize_map(Some(8))?;
        map.serialize_entry("version", &VERSION)?;
        map.serialize_entry("roots", &analysis.roots)?;
        map.serialize_entry("nodes", &Each(&analysis.nodes, node))?;
        map.serialize_entry("edges", &Each(&analysis.edges, edge))?;
        map.serialize_entry("workloads", &Each(&analysis.workloads, workload))?;
        map.serialize_entry("findings", &Each(&analysis.findings, finding))?;
        map.serialize_entry("diagnostics", &Each(&analysis.diagnostics, diagnostic))?;
        map.serialize_entry("stats", &stats)?;
        map.end()
    }
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

/// A list serialized element by element, each through its small `Value`.
struct Each<'a, T>(&'a [T], fn(&T) -> Value);

impl<T> serde::Serialize for Each<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for item in self.0 {
            seq.serialize_element(&(self.1)(item))?;
        }
        seq.end()
    }
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
