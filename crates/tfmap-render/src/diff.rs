//! `tfmap diff`: what a change does to the architecture, as text or JSON; the Markdown
//! pull-request comment is written by [`crate::comment`] from the helpers here.

use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write;
use tfmap_core::diagnostic::terminal::escape as clean;
use tfmap_core::{Diagnostic, Location, Severity};
use tfmap_loader::UnreadFile;
use tfmap_model::diff::{ArchitectureDiff, EdgeKey};
use tfmap_model::{Finding, Node};

pub(crate) fn at(location: Option<&Location>) -> String {
    location.map_or(String::new(), |l| format!("{}:{}", l.file, l.line))
}

pub(crate) fn show(value: Option<&tfmap_core::Value>) -> String {
    match value {
        None => "(none)".to_string(),
        Some(value) => value
            .text()
            .map_or_else(|| value.to_string(), std::borrow::Cow::into_owned),
    }
}

fn severity_counts(findings: &[&Finding]) -> String {
    let mut counts: BTreeMap<Severity, usize> = BTreeMap::new();
    for finding in findings {
        *counts.entry(finding.severity).or_default() += 1;
    }
    counts
        .iter()
        .map(|(s, n)| format!("{n} {}{}", s.as_str(), if *n == 1 { "" } else { "s" }))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One sentence saying what changed.
pub fn verdict(diff: &ArchitectureDiff) -> String {
    if diff.is_empty() {
        return "No change to the architecture.".to_string();
    }
    let mut parts = Vec::new();
    let counted = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    if !diff.unread_added.is_empty() {
        parts.push(format!(
            "{} that tfmap cannot read (what {} declare{} is missing from this diff)",
            counted(diff.unread_added.len(), "file"),
            if diff.unread_added.len() == 1 {
                "it"
            } else {
                "they"
            },
            if diff.unread_added.len() == 1 {
                "s"
            } else {
                ""
            }
        ));
    }
    if !diff.added.is_empty() || !diff.removed.is_empty() || !diff.changed.is_empty() {
        parts.push(format!(
            "{} added, {} removed, {} changed",
            counted(diff.added.len(), "resource"),
            diff.removed.len(),
            diff.changed.len()
        ));
    }
    if !diff.implicit_added.is_empty() || !diff.implicit_removed.is_empty() {
        parts.push(format!(
            "{} that no code declares appear, {} disappear",
            counted(diff.implicit_added.len(), "implicit resource"),
            diff.implicit_removed.len()
        ));
    }
    if !diff.findings_added.is_empty() {
        let n = diff.findings_added.len();
        parts.push(format!(
            "{n} new finding{} ({})",
            if n == 1 { "" } else { "s" },
            severity_counts(&diff.findings_added)
        ));
    }
    if !diff.findings_suppressed_added.is_empty() {
        parts.push(format!(
            "{} by tfmap:ignore comments the change adds",
            counted(diff.findings_suppressed_added.len(), "new finding hidden")
        ));
    }
    if !diff.findings_suppressed_existing.is_empty() {
        parts.push(format!(
            "{} by tfmap:ignore comments the change adds",
            counted(diff.findings_suppressed_existing.len(), "finding hidden")
        ));
    }
    if !diff.findings_removed.is_empty() {
        parts.push(format!(
            "{} resolved",
            counted(diff.findings_removed.len(), "finding")
        ));
    }
    if !diff.diagnostics_added.is_empty() {
        parts.push(counted(diff.diagnostics_added.len(), "new diagnostic"));
    }
    if parts.is_empty() && !diff.unread_resolved.is_empty() {
        parts.push(format!(
            "{} now read",
            counted(diff.unread_resolved.len(), "file")
        ));
    }
    if parts.is_empty() && !diff.diagnostics_removed.is_empty() {
        parts.push(format!(
            "{} fixed",
            counted(diff.diagnostics_removed.len(), "diagnostic")
        ));
    }
    if parts.is_empty() && diff.configuration_changed {
        parts.push("the configuration changed (.tfmap.toml)".to_string());
    }
    if parts.is_empty() {
        parts.push(format!(
            "{} between resources changed",
            counted(
                diff.edges_added.len() + diff.edges_removed.len(),
                "connection"
            )
        ));
    }
    format!("{}.", parts.join("; "))
}

/// Implicit nodes grouped by the node that causes them.
pub(crate) fn by_cause<'a>(nodes: &[&'a Node]) -> BTreeMap<String, Vec<&'a Node>> {
    let mut groups: BTreeMap<String, Vec<&Node>> = BTreeMap::new();
    for node in nodes {
        let cause = node
            .implicit
            .as_ref()
            .map_or_else(|| node.id.clone(), |i| i.cause.clone());
        groups.entry(cause).or_default().push(node);
    }
    groups
}

/// Lists longer than this are cut in the text and Markdown (the JSON keeps every entry).
const LISTED: usize = 50;

/// The first [`LISTED`] lines, and how many more there are.
fn capped(mut lines: Vec<String>) -> Vec<String> {
    if lines.len() > LISTED {
        let more = lines.len() - LISTED;
        lines.truncate(LISTED);
        lines.push(format!("… and {more} more"));
    }
    lines
}

pub(crate) fn unread_line(file: &UnreadFile, base: &[UnreadFile]) -> String {
    let before = if base.iter().any(|b| b.path == file.path) {
        " (unread in the base too, and changed)"
    } else {
        ""
    };
    format!("{}: {}{before}", file.path, file.reason)
}

pub(crate) fn diagnostic_line(diagnostic: &Diagnostic) -> String {
    format!(
        "{}:{}: {}: {}",
        diagnostic.location.file,
        diagnostic.location.line,
        diagnostic.severity.as_str(),
        diagnostic.message
    )
}

/// What each side could not read, in one line.
pub(crate) fn unread_summary(diff: &ArchitectureDiff) -> Option<String> {
    if diff.unread_base.is_empty() && diff.unread_head.is_empty() {
        return None;
    }
    Some(format!(
        "Files tfmap could not read: {} in the base, {} in the head.",
        diff.unread_base.len(),
        diff.unread_head.len()
    ))
}

/// Said whenever the head edits `.tfmap.toml`; the edit does not fail the gate (see
/// [`tfmap_model::gate::of_diff`]).
pub(crate) const CONFIGURATION_NOTE: &str = "The head changes .tfmap.toml: this change was judged with the base's configuration (the edit cannot loosen this gate, and does not fail it); the new configuration applies to later changes once merged, so review it as policy.";

fn edge_line(edge: &EdgeKey) -> String {
    format!("{} → {} ({})", edge.from, edge.to, edge.kind.as_str())
}

pub fn text(diff: &ArchitectureDiff) -> String {
    let mut out = format!("{}\n", clean(&verdict(diff)));
    let section = |out: &mut String, title: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            let _ = writeln!(out, "\n{title}");
            for line in lines {
                let _ = writeln!(out, "  {}", clean(&line));
            }
        }
    };
    section(
        &mut out,
        "Files tfmap cannot read (whatever they declare is missing below)",
        capped(
            diff.unread_added
                .iter()
                .map(|f| unread_line(f, diff.unread_base))
                .collect(),
        ),
    );
    section(
        &mut out,
        "New diagnostics",
        capped(
            diff.diagnostics_added
                .iter()
                .map(|d| diagnostic_line(d))
                .collect(),
        ),
    );
    if let Some(summary) = unread_summary(diff) {
        let _ = writeln!(out, "\n{}", clean(&summary));
    }
    if diff.configuration_changed {
        let _ = writeln!(out, "\n{CONFIGURATION_NOTE}");
    }
    section(
        &mut out,
        "Resources added",
        diff.added
            .iter()
            .map(|n| {
                format!(
                    "+ {} ({})  {}",
                    n.id,
                    n.resource_type,
                    at(n.location.as_ref())
                )
            })
            .collect(),
    );
    section(
        &mut out,
        "Resources removed",
        diff.removed
            .iter()
            .map(|n| {
                format!(
                    "- {} ({})  {}",
                    n.id,
                    n.resource_type,
                    at(n.location.as_ref())
                )
            })
            .collect(),
    );
    section(
        &mut out,
        "Resources changed",
        diff.changed
            .iter()
            .flat_map(|c| {
                c.changes.iter().map(move |ch| {
                    format!(
                        "~ {} {}: {} → {}",
                        c.node.id,
                        ch.attribute,
                        show(ch.before.as_ref()),
                        show(ch.after.as_ref())
                    )
                })
            })
            .collect(),
    );
    for (title, nodes) in [
        ("Implicit resources that appear", &diff.implicit_added),
        ("Implicit resources that disappear", &diff.implicit_removed),
    ] {
        let lines = by_cause(nodes)
            .into_iter()
            .map(|(cause, parts)| {
                let info = parts.first().and_then(|n| n.implicit.as_ref());
                let types: Vec<&str> = parts.iter().map(|n| n.resource_type.as_str()).collect();
                match info {
                    Some(info) => format!(
                        "{cause}: {} creates {} [{}]; {}",
                        info.created_by,
                        types.join(", "),
                        info.knowledge,
                        info.lifecycle
                    ),
                    None => format!("{cause}: {}", types.join(", ")),
                }
            })
            .collect();
        section(&mut out, title, lines);
    }
    section(
        &mut out,
        "New findings",
        diff.findings_added
            .iter()
            .map(|f| finding_line(f))
            .collect(),
    );
    section(
        &mut out,
        "New findings hidden by tfmap:ignore comments the change adds (the gate counts them)",
        diff.findings_suppressed_added
            .iter()
            .map(|f| finding_line(f))
            .collect(),
    );
    section(
        &mut out,
        "Findings the base reports, hidden by tfmap:ignore comments the change adds",
        diff.findings_suppressed_existing
            .iter()
            .map(|f| finding_line(f))
            .collect(),
    );
    section(
        &mut out,
        "Resolved findings",
        diff.findings_removed
            .iter()
            .map(|f| format!("{} [{}] {}", f.severity.as_str(), f.rule, f.message))
            .collect(),
    );
    section(
        &mut out,
        "Connections added",
        diff.edges_added.iter().map(edge_line).collect(),
    );
    section(
        &mut out,
        "Connections removed",
        diff.edges_removed.iter().map(edge_line).collect(),
    );
    section(
        &mut out,
        "Files now read",
        capped(
            diff.unread_resolved
                .iter()
                .map(|f| format!("{} (was: {})", f.path, f.reason))
                .collect(),
        ),
    );
    section(
        &mut out,
        "Diagnostics fixed",
        capped(
            diff.diagnostics_removed
                .iter()
                .map(|d| diagnostic_line(d))
                .collect(),
        ),
    );
    out
}

/// The pull-request comment, fitted to GitHub's limit (see [`crate::comment`]).
pub fn markdown(diff: &ArchitectureDiff) -> String {
    crate::comment::render(diff, None, None)
}

/// The comment with a diagram of the change in the head, and why the gate failed.
pub fn markdown_with_diagram(
    diff: &ArchitectureDiff,
    head: &tfmap_model::Analysis,
    gate: &tfmap_model::gate::Gate,
) -> String {
    crate::comment::render(diff, Some(head), Some(gate))
}

fn node_json(node: &Node) -> Value {
    let mut value = json!({
        "id": node.id,
        "type": node.resource_type,
        "platform": node.platform.as_str(),
        "role": node.role.as_str(),
        "file": node.location.as_ref().map(|l| l.file.to_string()),
        "line": node.location.as_ref().map(|l| l.line),
    });
    if let (Some(info), Value::Object(object)) = (&node.implicit, &mut value) {
        object.insert("created_by".into(), json!(info.created_by));
        object.insert("lifecycle".into(), json!(info.lifecycle));
        object.insert("knowledge".into(), json!(info.knowledge));
    }
    value
}

pub(crate) fn unread_json(file: &UnreadFile) -> Value {
    json!({ "path": file.path, "reason": file.reason })
}

pub(crate) fn diagnostic_json(diagnostic: &Diagnostic) -> Value {
    json!({
        "severity": diagnostic.severity.as_str(),
        "message": diagnostic.message,
        "file": diagnostic.location.file.to_string(),
        "line": diagnostic.location.line,
        "column": diagnostic.location.column,
    })
}

pub(crate) fn finding_json(finding: &Finding) -> Value {
    json!({
        "rule": finding.rule,
        "severity": finding.severity.as_str(),
        "message": finding.message,
        "subject": finding.subject,
        "file": finding.location.as_ref().map(|l| l.file.to_string()),
        "line": finding.location.as_ref().map(|l| l.line),
        "knowledge": finding.knowledge,
    })
}

pub fn json(diff: &ArchitectureDiff) -> String {
    to_text(&json_value(diff))
}

/// The JSON with the gate's outcome: `gate` is `{ "fail_on", "failed", "reasons" }`.
pub fn json_with_gate(diff: &ArchitectureDiff, gate: &tfmap_model::gate::Gate) -> String {
    let mut value = json_value(diff);
    if let Value::Object(object) = &mut value {
        object.insert("gate".into(), crate::gate::json(gate));
    }
    to_text(&value)
}

fn to_text(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

fn json_value(diff: &ArchitectureDiff) -> Value {
    let edges = |keys: &[EdgeKey]| {
        keys.iter()
            .map(|e| json!({"from": e.from, "to": e.to, "kind": e.kind.as_str()}))
            .collect::<Vec<_>>()
    };
    json!({
        "version": crate::json::VERSION,
        "verdict": verdict(diff),
        "resources": {
            "added": diff.added.iter().map(|n| node_json(n)).collect::<Vec<_>>(),
            "removed": diff.removed.iter().map(|n| node_json(n)).collect::<Vec<_>>(),
            "changed": diff.changed.iter().map(|c| json!({
                "id": c.node.id,
                "changes": c.changes.iter().map(|ch| json!({"attribute": ch.attribute, "before": ch.before, "after": ch.after})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        },
        "implicit": {
            "added": diff.implicit_added.iter().map(|n| node_json(n)).collect::<Vec<_>>(),
            "removed": diff.implicit_removed.iter().map(|n| node_json(n)).collect::<Vec<_>>(),
        },
        "edges": { "added": edges(&diff.edges_added), "removed": edges(&diff.edges_removed) },
        "findings": {
            "added": diff.findings_added.iter().map(|f| finding_json(f)).collect::<Vec<_>>(),
            "removed": diff.findings_removed.iter().map(|f| finding_json(f)).collect::<Vec<_>>(),
            "suppressed_added": diff.findings_suppressed_added.iter().map(|f| finding_json(f)).collect::<Vec<_>>(),
            "suppressed_existing": diff.findings_suppressed_existing.iter().map(|f| finding_json(f)).collect::<Vec<_>>(),
        },
        "unread": {
            "added": diff.unread_added.iter().map(|f| unread_json(f)).collect::<Vec<_>>(),
            "resolved": diff.unread_resolved.iter().map(|f| unread_json(f)).collect::<Vec<_>>(),
            "base": diff.unread_base.iter().map(unread_json).collect::<Vec<_>>(),
            "head": diff.unread_head.iter().map(unread_json).collect::<Vec<_>>(),
        },
        "diagnostics": {
            "added": diff.diagnostics_added.iter().map(|d| diagnostic_json(d)).collect::<Vec<_>>(),
            "removed": diff.diagnostics_removed.iter().map(|d| diagnostic_json(d)).collect::<Vec<_>>(),
        },
        "configuration_changed": diff.configuration_changed,
    })
}

/// One finding on one line: `file:line severity [RULE] message`.
fn finding_line(finding: &tfmap_model::Finding) -> String {
    format!(
        "{} {} [{}] {}",
        at(finding.location.as_ref()),
        finding.severity.as_str(),
        finding.rule,
        finding.message
    )
}
