//! What a change does to the architecture: nodes, implicit resources, semantic edges and
//! findings added or removed, and nodes whose relevant attributes (image, desired count,
//! schedule, Service type, load balancer scheme, …) changed. Nodes are matched by id, edges
//! by (from, to, kind), findings by (rule, subject, message).

use crate::analysis::{Analysis, Finding, Node};
use crate::vocabulary::{EdgeKind, Source};
use std::collections::{BTreeMap, BTreeSet};
use tfmap_core::Value;
use tfmap_core::{Diagnostic, Severity};
use tfmap_loader::UnreadFile;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeChange {
    pub attribute: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

#[derive(Debug, Clone)]
pub struct ChangedNode<'a> {
    pub node: &'a Node,
    pub changes: Vec<AttributeChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct EdgeKey {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
}

#[derive(Debug)]
pub struct ArchitectureDiff<'a> {
    /// Declared nodes (Terraform or Kubernetes) only in the head.
    pub added: Vec<&'a Node>,
    pub removed: Vec<&'a Node>,
    pub changed: Vec<ChangedNode<'a>>,
    pub implicit_added: Vec<&'a Node>,
    pub implicit_removed: Vec<&'a Node>,
    pub edges_added: Vec<EdgeKey>,
    pub edges_removed: Vec<EdgeKey>,
    pub findings_added: Vec<&'a Finding>,
    pub findings_removed: Vec<&'a Finding>,
    /// Findings new in the head that a `tfmap:ignore` comment hides there: the change
    /// cannot switch its own gate off, so the gate counts them as new findings.
    pub findings_suppressed_added: Vec<&'a Finding>,
    /// Findings the base reports that a `tfmap:ignore` comment the change adds hides: not
    /// resolved (so not in `findings_removed`), only hidden; the gate, which counts only new
    /// findings, is not affected, but a reviewer should see them.
    pub findings_suppressed_existing: Vec<&'a Finding>,
    /// The workloads each changed node belongs to (in the head; in the base for removed nodes).
    pub workloads: BTreeMap<String, Vec<String>>,
    /// Files of the head that tfmap could not read while the base could, or whose content
    /// changed while unread on both sides: whatever they add is missing from this diff.
    pub unread_added: Vec<&'a UnreadFile>,
    /// Files unread in the base that the head reads.
    pub unread_resolved: Vec<&'a UnreadFile>,
    /// Every file each side could not read.
    pub unread_base: &'a [UnreadFile],
    pub unread_head: &'a [UnreadFile],
    /// Error and warning diagnostics only in the head, and only in the base (matched by
    /// file, severity and message: a line that moved is not a change).
    pub diagnostics_added: Vec<&'a Diagnostic>,
    pub diagnostics_removed: Vec<&'a Diagnostic>,
    /// The head changes the configuration (`.tfmap.toml`); the base's was used for both
    /// sides, so a change cannot hide itself by ignoring its own files.
    pub configuration_changed: bool,
}

impl ArchitectureDiff<'_> {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.implicit_added.is_empty()
            && self.implicit_removed.is_empty()
            && self.edges_added.is_empty()
            && self.edges_removed.is_empty()
            && self.findings_added.is_empty()
            && self.findings_removed.is_empty()
            && self.findings_suppressed_added.is_empty()
            && self.findings_suppressed_existing.is_empty()
            && self.unread_added.is_empty()
            && self.unread_resolved.is_empty()
            && self.diagnostics_added.is_empty()
            && self.diagnostics_removed.is_empty()
            && !self.configuration_changed
    }
}

/// Files unread in `side` that `other` read, or read with other content; `changed` also
/// takes those unread on both sides with different fingerprints.
fn unread_only<'a>(
    side: &'a [UnreadFile],
    other: &[UnreadFile],
    changed: bool,
) -> Vec<&'a UnreadFile> {
    let other: BTreeMap<&str, &UnreadFile> = other.iter().map(|u| (u.path.as_str(), u)).collect();
    side.iter()
        .filter(|file| match other.get(file.path.as_str()) {
            None => true,
            Some(before) => changed && before.fingerprint != file.fingerprint,
        })
        .collect()
}

fn diagnostic_key(diagnostic: &Diagnostic) -> (&str, Severity, &str) {
    (
        &diagnostic.location.file,
        diagnostic.severity,
        &diagnostic.message,
    )
}

/// Error and warning diagnostics of `side` that `other` does not have.
fn diagnostics_only<'a>(side: &'a Analysis, other: &Analysis) -> Vec<&'a Diagnostic> {
    let known: BTreeSet<_> = other.diagnostics.iter().map(diagnostic_key).collect();
    side.diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Info && !known.contains(&diagnostic_key(d)))
        .collect()
}

/// The relevant attributes of a node, including its containers' images.
fn relevant(node: &Node) -> BTreeMap<String, Value> {
    let mut attributes = node.attributes.clone();
    for container in &node.containers {
        if let Some(image) = &container.image {
            attributes.insert(format!("container {} image", container.name), image.clone());
        }
    }
    attributes
}

fn edge_keys(analysis: &Analysis) -> BTreeSet<EdgeKey> {
    analysis
        .edges
        .iter()
        .filter(|e| !e.kind.is_raw())
        .map(|e| EdgeKey {
            from: e.from.clone(),
            to: e.to.clone(),
            kind: e.kind,
        })
        .collect()
}

fn finding_key(finding: &Finding) -> (&str, &str, &str) {
    (
        finding.rule,
        finding.subject.as_str(),
        finding.message.as_str(),
    )
}

pub fn diff<'a>(base: &'a Analysis, head: &'a Analysis) -> ArchitectureDiff<'a> {
    let only = |a: &'a Analysis, b: &Analysis, implicit: bool| -> Vec<&'a Node> {
        a.nodes
            .iter()
            .filter(|n| (n.source == Source::Implicit) == implicit && b.node(&n.id).is_none())
            .collect()
    };
    let changed = head
        .nodes
        .iter()
        .filter_map(|after| {
            let before = base.node(&after.id)?;
            let (old, new) = (relevant(before), relevant(after));
            let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
            let changes: Vec<AttributeChange> = keys
                .into_iter()
                .filter(|k| old.get(*k) != new.get(*k))
                .map(|k| AttributeChange {
                    attribute: k.clone(),
                    before: old.get(k).cloned(),
                    after: new.get(k).cloned(),
                })
                .collect();
            (!changes.is_empty()).then_some(ChangedNode {
                node: after,
                changes,
            })
        })
        .collect();
    let (base_edges, head_edges) = (edge_keys(base), edge_keys(head));
    let mut workloads: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for analysis in [base, head] {
        for workload in &analysis.workloads {
            for id in workload
                .members
                .values()
                .flatten()
                .chain(std::iter::once(&workload.id))
            {
                let entry = workloads.entry(id.clone()).or_default();
                if !entry.contains(&workload.id) {
                    entry.push(workload.id.clone());
                }
            }
        }
    }
    for list in workloads.values_mut() {
        list.sort();
    }
    let base_findings: BTreeSet<_> = base.findings.iter().map(finding_key).collect();
    let base_known: BTreeSet<_> = base
        .findings
        .iter()
        .chain(&base.suppressed)
        .map(finding_key)
        .collect();
    let head_findings: BTreeSet<_> = head.findings.iter().map(finding_key).collect();
    let head_hidden: BTreeSet<_> = head.suppressed.iter().map(finding_key).collect();
    let base_hidden: BTreeSet<_> = base.suppressed.iter().map(finding_key).collect();
    ArchitectureDiff {
        added: only(head, base, false),
        removed: only(base, head, false),
        changed,
        implicit_added: only(head, base, true),
        implicit_removed: only(base, head, true),
        edges_added: head_edges.difference(&base_edges).cloned().collect(),
        edges_removed: base_edges.difference(&head_edges).cloned().collect(),
        findings_added: head
            .findings
            .iter()
            .filter(|f| !base_findings.contains(&finding_key(f)))
            .collect(),
        findings_removed: base
            .findings
            .iter()
            .filter(|f| {
                !head_findings.contains(&finding_key(f)) && !head_hidden.contains(&finding_key(f))
            })
            .collect(),
        findings_suppressed_existing: head
            .suppressed
            .iter()
            .filter(|f| {
                base_findings.contains(&finding_key(f)) && !base_hidden.contains(&finding_key(f))
            })
            .collect(),
        findings_suppressed_added: head
            .suppressed
            .iter()
            .filter(|f| !base_known.contains(&finding_key(f)))
            .collect(),
        workloads,
        unread_added: unread_only(&head.stats.unread, &base.stats.unread, true),
        unread_resolved: unread_only(&base.stats.unread, &head.stats.unread, false),
        unread_base: &base.stats.unread,
        unread_head: &head.stats.unread,
        diagnostics_added: diagnostics_only(head, base),
        diagnostics_removed: diagnostics_only(base, head),
        configuration_changed: false,
    }
}
