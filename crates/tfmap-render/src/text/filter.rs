//! `--platform`, `--cluster`, `--root` and `--workload`: the part of a large report a reader
//! asked for. They narrow the text report only (the JSON is the whole contract; `jq` narrows
//! it). Each filter given must match; several values of one filter are alternatives.
//! Clusters, workloads and findings are narrowed by all four; diagnostics, which belong to
//! files rather than to platforms or workloads, by `--root` alone.

use std::collections::BTreeSet;
use tfmap_core::Diagnostic;
use tfmap_model::{Analysis, Finding, Node, Platform, Workload};

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub platforms: Vec<Platform>,
    /// A cluster's id, its address without the `<root>:` prefix, or its name.
    pub clusters: Vec<String>,
    /// Root module directories, as the report names them (`envs/prod`; `.` for the analysed
    /// directory's own).
    pub roots: Vec<String>,
    /// A workload's id, its address without the `<root>:` prefix, or its name.
    pub workloads: Vec<String>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.platforms.is_empty()
            && self.clusters.is_empty()
            && self.roots.is_empty()
            && self.workloads.is_empty()
    }

    fn platform(&self, platform: Platform) -> bool {
        self.platforms.is_empty() || self.platforms.contains(&platform)
    }

    fn root(&self, root: &str) -> bool {
        self.roots.is_empty() || self.roots.iter().any(|r| same_root(r, root))
    }

    /// A node's root: the one it is declared in, or the directory its id is prefixed with
    /// (`envs/prod:k8s/Deployment/shop/api`, a kustomization's objects).
    fn node_root(&self, node: &Node) -> bool {
        self.root(&node.root)
            || self.roots.iter().any(|r| {
                node.id
                    .strip_prefix(normal(r))
                    .is_some_and(|rest| rest.starts_with(':'))
            })
    }

    /// Whether the cluster's section is shown: it passes the filters, and with `--workload`
    /// it runs one of the workloads asked for.
    pub fn cluster(&self, analysis: &Analysis, cluster: &Node) -> bool {
        self.platform(cluster.platform)
            && self.node_root(cluster)
            && (self.clusters.is_empty() || named(cluster, &self.clusters))
            && (self.workloads.is_empty()
                || analysis.workloads.iter().any(|w| {
                    w.cluster.as_deref() == Some(&cluster.id) && self.workload(analysis, w)
                }))
    }

    pub fn workload(&self, analysis: &Analysis, workload: &Workload) -> bool {
        let Some(anchor) = analysis.node(&workload.id) else {
            return self.is_empty();
        };
        let cluster = workload.cluster.as_deref().and_then(|c| analysis.node(c));
        self.platform(workload.platform)
            && self.node_root(anchor)
            && (self.clusters.is_empty() || cluster.is_some_and(|c| named(c, &self.clusters)))
            && (self.workloads.is_empty() || named(anchor, &self.workloads))
    }

    /// The findings shown: those whose subject is a shown cluster, a shown workload or one
    /// of its pieces, or (with no `--cluster` or `--workload`) any resource of a shown
    /// platform and root.
    pub fn findings<'a>(&self, analysis: &'a Analysis) -> Vec<&'a Finding> {
        if self.is_empty() {
            return analysis.findings.iter().collect();
        }
        let by_place = self.clusters.is_empty() && self.workloads.is_empty();
        // The pieces of the shown workloads, gathered once rather than per finding.
        let mut pieces: BTreeSet<&str> = BTreeSet::new();
        if !by_place {
            for workload in analysis
                .workloads
                .iter()
                .filter(|w| self.workload(analysis, w))
            {
                pieces.insert(&workload.id);
                pieces.extend(workload.members.values().flatten().map(String::as_str));
            }
        }
        analysis
            .findings
            .iter()
            .filter(|finding| {
                let Some(subject) = analysis.node(&finding.subject) else {
                    return false;
                };
                if by_place {
                    return self.platform(subject.platform) && self.node_root(subject);
                }
                pieces.contains(subject.id.as_str())
                    || (self.workloads.is_empty()
                        && subject.role == tfmap_model::Role::Cluster
                        && self.cluster(analysis, subject))
            })
            .collect()
    }

    /// Diagnostics are narrowed by `--root` only: those of files in a root asked for.
    pub fn diagnostic(&self, diagnostic: &Diagnostic) -> bool {
        self.roots.is_empty()
            || self.roots.iter().any(|root| {
                let root = normal(root);
                root == "."
                    || diagnostic
                        .location
                        .file
                        .strip_prefix(root)
                        .is_some_and(|rest| rest.starts_with('/'))
            })
    }

    /// The modules-not-followed section is shown without filters, or narrowed by `--root`.
    pub fn module(&self, module: &Node) -> bool {
        self.platforms.is_empty()
            && self.clusters.is_empty()
            && self.workloads.is_empty()
            && self.node_root(module)
    }
}

/// Whether `node` is one of `wanted`: by id, by address without its `<root>:` prefix, or by
/// name.
fn named(node: &Node, wanted: &[String]) -> bool {
    let address = node
        .id
        .split_once(':')
        .filter(|(root, _)| *root == node.root)
        .map_or(node.id.as_str(), |(_, address)| address);
    wanted
        .iter()
        .any(|w| *w == node.id || w == address || w == node.display_name())
}

fn same_root(asked: &str, root: &str) -> bool {
    normal(asked) == normal(root)
}

/// `./envs/prod/` and `envs/prod` are one root; the analysed directory's own is `.`.
fn normal(root: &str) -> &str {
    let root = root.trim_start_matches("./").trim_end_matches('/');
    if root.is_empty() { "." } else { root }
}
