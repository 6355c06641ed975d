//! Kubernetes objects in the graph, wherever they are written: YAML manifests, Terraform
//! `kubernetes_*` resources (converted to the shape of the YAML they stand for) and
//! `kubernetes_manifest`. Relationships between objects come from label selectors and
//! names, and each object is tied to the cluster that runs it when that can be told.

pub mod chart_services;
pub mod charts;
pub mod clusters;
pub mod fargate;
pub mod links;
pub mod objects;
pub mod quantity;
pub mod relations;
pub mod selector_refs;
pub mod terraform;
pub mod terraform_links;
pub mod workloads;

pub use objects::KubeObject;

use crate::analysis::{Analysis, Edge, KubeInfo, Mode, Node};
use crate::vocabulary::{EdgeKind, Platform, Source};
use std::collections::{BTreeMap, BTreeSet};
use tfmap_loader::{Diagnostic, Manifest, ProviderConfig, Resource};

/// Objects from Terraform resources and YAML manifests. A YAML manifest inside a root
/// module's directory (other than the analysed directory itself) is named after that root,
/// as its Terraform resources are (`envs/prod:k8s/Deployment/shop/web`): the same app
/// deployed by each environment is one object per environment. A YAML object declared twice
/// for the same root is kept once, with a diagnostic for the others; a YAML object a
/// Terraform resource of the same root also declares is that resource's object, with a
/// warning (never two objects, two sets of load balancers).
pub fn objects(
    resources: &[Resource],
    manifests: &[Manifest],
    roots: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<KubeObject> {
    use rayon::prelude::*;
    let mut objects: Vec<KubeObject> = resources
        .par_iter()
        .filter_map(KubeObject::from_resource)
        .collect();
    let from_yaml: Vec<KubeObject> = manifests
        .par_iter()
        .filter_map(KubeObject::from_manifest)
        .collect();
    let mut seen: BTreeMap<String, tfmap_core::Location> = BTreeMap::new();
    let roots: BTreeSet<&str> = roots.iter().map(String::as_str).collect();
    // Kubernetes keeps one object per kind, namespace and name: a YAML copy of an object a
    // Terraform resource of the same root declares is the same object, declared twice.
    resolve_namespaces(&mut objects);
    let declared_by_terraform: BTreeMap<(String, String, Option<String>, String), String> = objects
        .iter()
        .map(|o| {
            let identity = (
                o.root.clone(),
                o.kind.clone(),
                o.namespace.clone(),
                o.name.clone(),
            );
            (identity, o.node.clone())
        })
        .collect();
    for mut object in from_yaml {
        // What a kustomization builds is named after it: each overlay deploys its own copy.
        let root = owning_root(&roots, &object.placement);
        object.root = root.unwrap_or(".").to_string();
        let prefix = match object.built_by.as_deref() {
            Some(dir) => (dir != ".").then_some(dir),
            None => root,
        };
        if let Some(prefix) = prefix {
            object.node = format!("{prefix}:{}", object.node);
        }
        let identity = (
            object.root.clone(),
            object.kind.clone(),
            object.namespace.clone(),
            object.name.clone(),
        );
        if let (None, Some(resource)) = (&object.built_by, declared_by_terraform.get(&identity)) {
            diagnostics.push(Diagnostic::warning(
                object.location.clone(),
                format!(
                    "{} {} is also declared by {resource}: Kubernetes keeps one object, which both would write; only {resource} is analysed",
                    object.kind, object.name
                ),
            ));
            continue;
        }
        if let Some(first) = seen.get(&object.node) {
            diagnostics.push(Diagnostic::info(
                object.location.clone(),
                format!(
                    "{} is declared again; only the first declaration ({first}) is analysed",
                    object.node
                ),
            ));
            continue;
        }
        seen.insert(object.node.clone(), object.location.clone());
        objects.push(object);
    }
    resolve_namespaces(&mut objects);
    objects
}

/// The deepest root module directory (other than `.`) that holds `file`, found by walking
/// up its directories (a scan of every root per object was quadratic on monorepos).
pub(crate) fn owning_root<'r>(roots: &BTreeSet<&'r str>, file: &str) -> Option<&'r str> {
    let mut dir = file;
    while let Some((parent, _)) = dir.rsplit_once('/') {
        if let Some(root) = roots.get(parent) {
            return Some(root);
        }
        dir = parent;
    }
    None
}

/// The platform every candidate cluster shares, if they share one.
fn common_platform<'p>(mut platforms: impl Iterator<Item = &'p Platform>) -> Option<Platform> {
    let first = *platforms.next()?;
    platforms.all(|p| *p == first).then_some(first)
}

/// The resource a reference such as `kubernetes_service_v1.web.metadata[0].name` names, as
/// a node id beside `from` (same root module).
pub fn reference_target(from: &str, origin: &str) -> Option<String> {
    let address = origin.split(".metadata").next()?;
    let root_prefix = from
        .split_once(':')
        .map_or(String::new(), |(root, _)| format!("{root}:"));
    Some(format!("{root_prefix}{address}"))
}

/// Terraform objects often name their namespace by reference
/// (`namespace = kubernetes_namespace_v1.shop.metadata[0].name`): use the real name.
fn resolve_namespaces(objects: &mut [KubeObject]) {
    let names: BTreeMap<String, String> = objects
        .iter()
        .filter_map(|o| Some((o.resource.clone()?, o.name.clone())))
        .collect();
    for object in objects.iter_mut() {
        let resolved = object
            .namespace_origin
            .as_deref()
            .and_then(|origin| reference_target(&object.node, origin))
            .and_then(|target| names.get(&target).cloned());
        if let Some(namespace) = resolved {
            object.namespace = Some(namespace);
        }
    }
}

/// Graph nodes for the YAML objects (Terraform objects already have theirs).
pub fn yaml_nodes(objects: &[KubeObject]) -> Vec<Node> {
    objects
        .iter()
        .filter(|o| o.resource.is_none())
        .map(|o| Node {
            id: o.node.clone(),
            source: Source::Kubernetes,
            mode: Mode::Managed,
            resource_type: o.kind.clone(),
            name: o.name.clone(),
            module: String::new(),
            root: o.root.clone(),
            platform: Platform::Kubernetes,
            role: objects::role_of(&o.kind),
            location: Some(o.location.clone()),
            attributes: crate::attributes::kubernetes_attributes(&o.kind, &o.object),
            containers: Vec::new(),
            kubernetes: None,
            implicit: None,
            repetition: Vec::new(),
            planned_actions: Vec::new(),
        })
        .collect()
}

/// Ties objects to clusters, gives them their Kubernetes role, and adds the edges between
/// objects and to their cluster.
pub fn apply(
    analysis: &mut Analysis,
    objects: &[KubeObject],
    resources: &[Resource],
    providers: &[ProviderConfig],
    mapping: &[crate::config::ClusterMapping],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let assignments = clusters::assign(
        analysis,
        objects,
        resources,
        providers,
        mapping,
        diagnostics,
    );
    let cluster_of: BTreeMap<String, String> = assignments
        .decided
        .iter()
        .map(|(id, a)| (id.clone(), a.cluster.clone()))
        .collect();
    let platform_of = |cluster: &String| analysis.node(cluster).map(|n| n.platform);
    let platforms: BTreeMap<String, Platform> = assignments
        .decided
        .values()
        .map(|a| &a.cluster)
        .chain(assignments.candidates.values().flatten())
        .filter_map(|c| Some((c.clone(), platform_of(c)?)))
        .collect();
    let with_object: BTreeSet<&str> = objects.iter().map(|o| o.node.as_str()).collect();
    for object in objects {
        let cluster = cluster_of.get(&object.node).cloned();
        let candidates = assignments
            .candidates
            .get(&object.node)
            .cloned()
            .unwrap_or_default();
        let platform = match &cluster {
            Some(cluster) => platforms.get(cluster).copied(),
            None => common_platform(candidates.iter().filter_map(|c| platforms.get(c))),
        }
        .unwrap_or(Platform::Kubernetes);
        if let Some(node) = analysis.node_mut(&object.node) {
            node.role = objects::role_of(&object.kind);
            node.platform = platform;
            node.kubernetes = Some(KubeInfo {
                kind: object.kind.clone(),
                namespace: object.namespace.clone(),
                cluster,
                candidates,
            });
            if object.resource.is_some() {
                node.attributes
                    .extend(crate::attributes::kubernetes_attributes(
                        &object.kind,
                        &object.object,
                    ));
            }
        }
    }
    // Helm releases (and anything else a provider ties to a cluster) belong to it too.
    for (id, assignment) in assignments
        .decided
        .iter()
        .filter(|(id, _)| !with_object.contains(id.as_str()))
    {
        if let Some(node) = analysis.node_mut(id) {
            node.platform = platforms
                .get(&assignment.cluster)
                .copied()
                .unwrap_or(node.platform);
        }
    }
    let mut edges: Vec<Edge> = assignments
        .decided
        .iter()
        .map(|(id, assignment)| Edge {
            from: id.clone(),
            to: assignment.cluster.clone(),
            kind: EdgeKind::RunsOn,
            via: Some(assignment.how.clone()),
            through: Vec::new(),
            location: analysis.node(id).and_then(|n| n.location.clone()),
        })
        .collect();
    let index = relations::Index::new(objects, &cluster_of);
    edges.extend(relations::derive(objects, &index, diagnostics));
    edges.extend(terraform_links::derive(
        analysis,
        objects,
        &cluster_of,
        diagnostics,
    ));
    analysis.edges.extend(edges);
    // Profiles place Pods by the clusters decided above.
    let on_fargate = fargate::edges(analysis, objects, resources);
    analysis.edges.extend(on_fargate);
}
