//! The data the report's viewer reads: every node with its details, every edge, the
//! findings with their rules' documentation, the comparison tables, the diagnostics, and
//! for each diagram level what its summaries hold. Written compactly (a report is opened,
//! not read as text), with node indices instead of repeated ids.

use super::levels::DrawnLevel;
use rustc_hash::FxHashMap;
use serde_json::{Value as Json, json};
use std::borrow::Cow;
use std::collections::BTreeMap;
use tfmap_core::Value;
use tfmap_model::{Analysis, Node};

/// The whole document's data as JSON text (not yet escaped for the page).
pub fn to_json(analysis: &Analysis, levels: &[DrawnLevel], default_level: usize) -> String {
    let index = node_index(analysis);
    let cluster_of = workload_clusters(analysis);
    let nodes: Vec<Json> = analysis
        .nodes
        .iter()
        .map(|n| node(n, &index, &cluster_of))
        .collect();
    let edges: Vec<Json> = analysis
        .edges
        .iter()
        .filter_map(|e| {
            Some(json!([
                index.get(e.from.as_str())?,
                index.get(e.to.as_str())?,
                e.kind.as_str(),
                e.via,
                e.kind.is_raw(),
            ]))
        })
        .collect();
    let findings: Vec<Json> = analysis
        .findings
        .iter()
        .map(|f| {
            json!({
                "rule": f.rule,
                "severity": f.severity.as_str(),
                "message": f.message,
                "subject": f.subject,
                "file": f.location.as_ref().map(|l| &*l.file),
                "line": f.location.as_ref().map(|l| l.line),
            })
        })
        .collect();
    let rules: BTreeMap<&str, Json> = analysis
        .findings
        .iter()
        .filter_map(|f| tfmap_model::rules::rule(f.rule))
        .map(|rule| {
            (
                rule.id,
                json!({
                    "name": rule.name,
                    "summary": rule.summary,
                    "page": tfmap_model::rules::documentation_page(rule),
                }),
            )
        })
        .collect();
    let diagnostics: Vec<Json> = analysis
        .diagnostics
        .iter()
        .map(|d| {
            json!({
                "severity": d.severity.as_str(),
                "file": &*d.location.file,
                "line": d.location.line,
                "message": d.message,
            })
        })
        .collect();
    let mut texts = TextTable::default();
    let mut comparison: Json =
        serde_json::from_str(&crate::compare::json(analysis)).unwrap_or(Json::Null);
    texts.intern(&mut comparison);
    by_index(&mut comparison, &index);
    let levels: Vec<Json> = levels.iter().map(|l| l.data.clone()).collect();
    json!({
        "roots": analysis.roots,
        "nodes": nodes,
        "edges": edges,
        "findings": findings,
        "rules": rules,
        "diagnostics": diagnostics,
        "comparison": comparison,
        "texts": texts.texts,
        "levels": levels,
        "default_level": default_level,
    })
    .to_string()
}

/// The comparison repeats the knowledge base's wording for every workload (1.5 MB of the
/// 2,000-resource corpus's report): each text of the keys below is kept once in `texts`
/// and named by its index, where the contract only ever has a string.
#[derive(Default)]
struct TextTable {
    texts: Vec<String>,
    index: FxHashMap<String, usize>,
}

impl TextTable {
    const KEYS: [&'static str; 6] = ["equivalent", "concept", "from", "to", "fit", "note"];

    fn intern(&mut self, value: &mut Json) {
        match value {
            Json::Array(items) => items.iter_mut().for_each(|item| self.intern(item)),
            Json::Object(map) => {
                for (key, item) in map.iter_mut() {
                    match item {
                        Json::String(text) if Self::KEYS.contains(&key.as_str()) => {
                            let next = self.texts.len();
                            let index = *self.index.entry(text.clone()).or_insert(next);
                            if index == next {
                                self.texts.push(std::mem::take(text));
                            }
                            *item = json!(index);
                        }
                        _ => self.intern(item),
                    }
                }
            }
            _ => {}
        }
    }
}

/// Node ids in the comparison (`workload`, `owner`, a cell's resources' `id`) as node
/// indices: each is written once, in `nodes`.
fn by_index(value: &mut Json, index: &FxHashMap<&str, usize>) {
    match value {
        Json::Array(items) => items.iter_mut().for_each(|item| by_index(item, index)),
        Json::Object(map) => {
            for (key, item) in map.iter_mut() {
                let node = item.as_str().and_then(|id| index.get(id));
                match node {
                    Some(i) if matches!(key.as_str(), "workload" | "owner" | "id") => {
                        *item = json!(i);
                    }
                    _ => by_index(item, index),
                }
            }
        }
        _ => {}
    }
}

/// Each node's position in `analysis.nodes`, which the data uses as its key.
pub fn node_index(analysis: &Analysis) -> FxHashMap<&str, usize> {
    analysis
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect()
}

/// The cluster of each workload member, for nodes that are not Kubernetes objects.
fn workload_clusters(analysis: &Analysis) -> FxHashMap<&str, &str> {
    let mut clusters = FxHashMap::default();
    for workload in &analysis.workloads {
        if let Some(cluster) = workload.cluster.as_deref() {
            for id in workload.members.values().flatten() {
                clusters.entry(id.as_str()).or_insert(cluster);
            }
        }
    }
    clusters
}

fn node(node: &Node, index: &FxHashMap<&str, usize>, clusters: &FxHashMap<&str, &str>) -> Json {
    let kube = node.kubernetes.as_ref();
    let cluster = kube
        .and_then(|k| k.cluster.as_deref())
        .or_else(|| clusters.get(node.id.as_str()).copied())
        .or_else(|| (node.role == tfmap_model::Role::Cluster).then_some(node.id.as_str()));
    let mut attributes = Vec::new();
    for (key, value) in &node.attributes {
        flatten(key, value, &mut attributes);
    }
    let containers: Vec<Json> = node
        .containers
        .iter()
        .map(|c| {
            let image = c.image.as_ref();
            json!([
                c.name,
                image.map(|v| v.text().map_or_else(|| v.to_string(), Cow::into_owned)),
                image.is_some_and(Value::has_unknown),
            ])
        })
        .collect();
    let implicit = node.implicit.as_ref().map(|i| {
        json!({
            "cause": index.get(i.cause.as_str()),
            "created_by": i.created_by,
            "lifecycle": i.lifecycle,
            "reason": i.reason,
            "knowledge": i.knowledge,
        })
    });
    let mut out = json!({
        "id": node.id,
        "type": node.resource_type,
        "name": node.name,
        "mode": node.mode.as_str(),
        "role": node.role.as_str(),
        "platform": node.platform.as_str(),
        "root": node.root,
        "module": (!node.module.is_empty()).then_some(&node.module),
        "file": node.location.as_ref().map(|l| &*l.file),
        "line": node.location.as_ref().map(|l| l.line),
        "kind": kube.map(|k| &k.kind),
        "namespace": kube.and_then(|k| k.namespace.as_ref()),
        "cluster": cluster,
        "attributes": attributes,
        "containers": containers,
        "implicit": implicit,
    });
    // Absent rather than null or empty: a third of the nodes' bytes on large inputs.
    if let Json::Object(map) = &mut out {
        map.retain(|_, v| !(v.is_null() || v.as_array().is_some_and(Vec::is_empty)));
    }
    out
}

/// An attribute as rows `[path, text, unknown]`, one per known scalar or unknown part, so
/// the viewer can tell an unknown from a string that merely looks like `${…}`.
fn flatten(path: &str, value: &Value, rows: &mut Vec<Json>) {
    match value {
        Value::Array(items) if !items.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                flatten(&format!("{path}[{i}]"), item, rows);
            }
        }
        Value::Object(map) if !map.is_empty() => {
            for (key, item) in map {
                flatten(&format!("{path}.{key}"), item, rows);
            }
        }
        Value::Unknown(unknown) => rows.push(json!([path, unknown.marker_text(), true])),
        Value::String(text) => rows.push(json!([path, text, false])),
        other => rows.push(json!([path, other.to_json().to_string(), false])),
    }
}

/// JSON made safe inside `<script type="application/json">`: `</` cannot close the element
/// (nor `<!--` open a comment state), and U+2028/U+2029 are escaped as JavaScript requires
/// of old engines. The text still parses to the same value.
pub fn escape_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_for_script;

    #[test]
    fn script_text_cannot_close_its_element() {
        let json =
            serde_json::json!({"name": "</script><script>x()</script><!--\u{2028}&"}).to_string();
        let escaped = escape_for_script(&json);
        assert!(!escaped.contains('<') && !escaped.contains('\u{2028}'));
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back.to_string(), json);
    }
}
