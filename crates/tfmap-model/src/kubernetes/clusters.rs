//! Which cluster runs each Kubernetes object.
//!
//! - A Terraform `kubernetes_*` or `helm_release` resource runs on the cluster its provider
//!   block points at (`host = aws_eks_cluster.main.endpoint`, `exec { … cluster-name … }`):
//!   the block of the configuration it uses, which inside a module is the one the module
//!   calls' `providers` maps pass down (or the module's own block).
//! - A YAML manifest runs on the only Kubernetes cluster of the root module whose directory
//!   holds it, else on the only Kubernetes cluster in the code. Otherwise it stays unassigned
//!   and a diagnostic says so: tfmap does not guess. The clusters that could run it (those of
//!   its root module, else all) are its candidates: when they are all GKE or all EKS, the
//!   platform's facts hold whichever one it is.

use super::KubeObject;
use crate::analysis::Analysis;
use crate::vocabulary::{EdgeKind, Platform, Role};
use std::collections::{BTreeMap, BTreeSet};
use tfmap_loader::{Diagnostic, Location, ProviderConfig, ProviderRef, Resource};

/// An object's cluster and how that was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub cluster: String,
    pub how: String,
}

fn is_kube_cluster(analysis: &Analysis, id: &str) -> bool {
    analysis.node(id).is_some_and(|n| {
        n.role == Role::Cluster && matches!(n.platform, Platform::Gke | Platform::Eks)
    })
}

/// A data source that reads a cluster declared in the same code stands for that cluster:
/// one it references, else the one cluster of the same type another root module declares
/// with the same name (and, for GKE, location when both are known).
fn canonical_cluster(analysis: &Analysis, id: &str) -> String {
    analysis
        .edges_from(id, &[EdgeKind::Reference])
        .map(|e| e.to.as_str())
        .find(|to| {
            is_kube_cluster(analysis, to)
                && analysis
                    .node(to)
                    .is_some_and(|n| n.mode == crate::Mode::Managed)
        })
        .or_else(|| cluster_of_another_root(analysis, id))
        .unwrap_or(id)
        .to_string()
}

/// The managed cluster of another root a cluster data source names, when exactly one
/// matches its name (and location, where both say it).
fn cluster_of_another_root<'a>(analysis: &'a Analysis, id: &str) -> Option<&'a str> {
    let data = analysis.node(id)?;
    if data.mode != crate::Mode::Data {
        return None;
    }
    let text = |node: &'a crate::Node, name: &str| -> Option<&'a str> {
        node.attributes.get(name).and_then(|v| v.as_str())
    };
    let name = text(data, "name")?;
    let location = text(data, "location");
    let mut found = analysis.nodes.iter().filter(|n| {
        n.mode == crate::Mode::Managed
            && n.resource_type == data.resource_type
            && n.root != data.root
            && text(n, "name") == Some(name)
            && match (location, text(n, "location")) {
                (Some(wanted), Some(declared)) => wanted == declared,
                _ => true,
            }
            && is_kube_cluster(analysis, &n.id)
    });
    let cluster = found.next()?;
    found.next().is_none().then_some(cluster.id.as_str())
}

/// The clusters a provider block's settings reference.
fn provider_clusters(analysis: &Analysis, provider: &ProviderConfig) -> BTreeSet<String> {
    provider
        .references
        .iter()
        .filter(|r| is_kube_cluster(analysis, &r.target))
        .map(|r| canonical_cluster(analysis, &r.target))
        .collect()
}

/// Each object's cluster where the code says which, and for YAML it leaves open, the
/// clusters that could run it.
#[derive(Debug, Default)]
pub struct Assignments {
    pub decided: BTreeMap<String, Assignment>,
    pub candidates: BTreeMap<String, Vec<String>>,
}

pub fn assign(
    analysis: &Analysis,
    objects: &[KubeObject],
    resources: &[Resource],
    providers: &[ProviderConfig],
    mapping: &[crate::config::ClusterMapping],
    diagnostics: &mut Vec<Diagnostic>,
) -> Assignments {
    let mut assigned = BTreeMap::new();
    let mut candidates = BTreeMap::new();
    let clusters: BTreeSet<String> = analysis
        .nodes
        .iter()
        .filter(|n| is_kube_cluster(analysis, &n.id))
        .map(|n| canonical_cluster(analysis, &n.id))
        .collect();

    // Terraform resources: through the provider configuration they use (the loader
    // follows module calls' `providers` maps and inheritance). The one cluster each
    // provider block names (the first block of a (root, module, name, alias)) is worked out
    // once per block, not per resource: a root has thousands of resources.
    type Key<'p> = (&'p str, &'p str, &'p str, Option<&'p str>);
    let mut only_cluster: BTreeMap<Key, Option<String>> = BTreeMap::new();
    for provider in providers {
        let key = (
            provider.root.as_str(),
            provider.module.as_str(),
            provider.name.as_str(),
            provider.alias.as_deref(),
        );
        if let std::collections::btree_map::Entry::Vacant(entry) = only_cluster.entry(key) {
            let found: Vec<String> = provider_clusters(analysis, provider).into_iter().collect();
            entry.insert(<[String; 1]>::try_from(found).ok().map(|[cluster]| cluster));
        }
    }
    for resource in resources {
        let default = if resource.resource_type.starts_with("kubernetes_") {
            "kubernetes"
        } else if resource.resource_type == "helm_release" {
            "helm"
        } else if resource.resource_type.starts_with("kubectl_") {
            "kubectl"
        } else {
            continue;
        };
        // A root module resource the loader did not place (one added from a plan) is read
        // as the configuration its meta-argument or type names. Inside a module, no
        // configuration means none could be named (an aliased one nothing passes): no
        // cluster is guessed.
        let fallback;
        let config = match &resource.provider_config {
            Some(config) => config,
            None if !resource.module.is_empty() => continue,
            None => {
                let (name, alias) =
                    match resource.provider.as_deref().and_then(|p| p.split_once('.')) {
                        Some((name, alias)) => (name, Some(alias.to_string())),
                        None => (resource.provider.as_deref().unwrap_or(default), None),
                    };
                fallback = ProviderRef {
                    module: String::new(),
                    name: name.to_string(),
                    alias,
                };
                &fallback
            }
        };
        let key = (
            resource.root.as_str(),
            config.module.as_str(),
            config.name.as_str(),
            config.alias.as_deref(),
        );
        if let Some(Some(cluster)) = only_cluster.get(&key) {
            assigned.insert(
                resource.id.clone(),
                Assignment {
                    cluster: cluster.clone(),
                    how: format!("provider {config}"),
                },
            );
        }
    }

    // YAML manifests: the only cluster of the enclosing root module, else of the code. A
    // library module nothing instantiates deploys no cluster, and YAML beside it is not
    // applied with it.
    let clusters: BTreeSet<String> = clusters
        .into_iter()
        .filter(|c| {
            analysis
                .node(c)
                .is_none_or(|n| !analysis.is_library_root(&n.root))
        })
        .collect();
    let mut unassigned: Vec<&KubeObject> = Vec::new();
    let mut in_libraries: BTreeMap<&str, (usize, std::sync::Arc<str>)> = BTreeMap::new();
    // Clusters by root module, once: per object this was a scan of every root and cluster.
    let mut clusters_by_root: BTreeMap<&str, BTreeSet<&String>> = BTreeMap::new();
    for cluster in &clusters {
        if let Some(node) = analysis.node(cluster) {
            clusters_by_root
                .entry(node.root.as_str())
                .or_default()
                .insert(cluster);
        }
    }
    let roots: BTreeSet<&str> = analysis.roots.iter().map(String::as_str).collect();
    for object in objects.iter().filter(|o| o.resource.is_none()) {
        let file = object.placement.as_str();
        let root = super::owning_root(&roots, file).or_else(|| roots.get(".").copied());
        if let Some(library) = root.filter(|root| analysis.is_library_root(root)) {
            in_libraries
                .entry(library)
                .or_insert_with(|| (0, object.location.file.clone()))
                .0 += 1;
            continue;
        }
        let in_root: BTreeSet<&String> = root
            .and_then(|r| clusters_by_root.get(r))
            .cloned()
            .unwrap_or_default();
        // The configuration says which cluster runs the manifests under a path.
        let configured = mapping
            .iter()
            .filter(|m| {
                let prefix = m.path.trim_end_matches('/');
                prefix.is_empty()
                    || prefix == "."
                    || file == prefix
                    || file.starts_with(&format!("{prefix}/"))
            })
            .max_by_key(|m| m.path.len());
        if let Some(configured) = configured {
            if analysis.node(&configured.cluster).is_some() {
                assigned.insert(
                    object.node.clone(),
                    Assignment {
                        cluster: configured.cluster.clone(),
                        how: format!("configured for {}", configured.path),
                    },
                );
            } else {
                diagnostics.push(Diagnostic::warning(
                    object.location.clone(),
                    format!(
                        "configuration maps {} to cluster {:?}, which this code does not declare",
                        configured.path, configured.cluster
                    ),
                ));
                unassigned.push(object);
            }
            continue;
        }
        let could_run: Vec<String> = if in_root.is_empty() {
            clusters.iter().cloned().collect()
        } else {
            in_root.iter().map(|c| (*c).clone()).collect()
        };
        let choice = match (in_root.len(), clusters.len()) {
            (1, _) => in_root
                .into_iter()
                .next()
                .map(|c| (c.clone(), "the only cluster of its root module")),
            (_, 1) => clusters
                .iter()
                .next()
                .map(|c| (c.clone(), "the only cluster in the code")),
            _ => None,
        };
        match choice {
            Some((cluster, how)) => {
                assigned.insert(
                    object.node.clone(),
                    Assignment {
                        cluster,
                        how: how.to_string(),
                    },
                );
            }
            None => {
                if !could_run.is_empty() {
                    candidates.insert(object.node.clone(), could_run);
                }
                unassigned.push(object);
            }
        }
    }
    for (library, (count, first_file)) in in_libraries {
        diagnostics.push(Diagnostic::info(
            Location::file_start(first_file),
            format!(
                "{count} Kubernetes object(s) from YAML lie in library module {library}, which nothing here calls: not tied to a cluster, no implicit resources drawn for them"
            ),
        ));
    }
    if let Some(first) = unassigned.first() {
        let why = if clusters.is_empty() {
            "the code declares no GKE or EKS cluster".to_string()
        } else {
            let platforms: BTreeSet<Platform> = clusters
                .iter()
                .filter_map(|c| analysis.node(c).map(|n| n.platform))
                .collect();
            let same = match platforms.iter().collect::<Vec<_>>().as_slice() {
                [only] => {
                    let platform = only.as_str().to_uppercase();
                    format!(
                        "; every one is {platform}, so {platform}'s implicit resources are drawn, whichever runs them"
                    )
                }
                _ => String::new(),
            };
            format!(
                "the code declares {} clusters and nothing says which one runs them{same}",
                clusters.len()
            )
        };
        diagnostics.push(Diagnostic::info(
            Location::file_start(first.location.file.clone()),
            format!(
                "{} Kubernetes object(s) from YAML are not tied to a cluster: {why}",
                unassigned.len()
            ),
        ));
    }
    Assignments {
        decided: assigned,
        candidates,
    }
}
