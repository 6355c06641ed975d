//! Links from Kubernetes objects to what Terraform declares beside them: the certificate an
//! Ingress annotation attaches (G12 `ingress.gcp.kubernetes.io/pre-shared-cert` by name, E4
//! `alb.ingress.kubernetes.io/certificate-arn` by the reference its value comes from), and
//! the controller that serves an IngressClass (`spec.controller`: a `helm_release`, a
//! Deployment or an add-on module that installs it on the same cluster).

use super::KubeObject;
use crate::analysis::{Analysis, Edge};
use crate::vocabulary::{EdgeKind, Role};
use std::collections::BTreeMap;
use tfmap_core::Diagnostic;
use tfmap_core::Value;

const PRE_SHARED_CERT: &str = "ingress.gcp.kubernetes.io/pre-shared-cert";
const CERTIFICATE_ARN: &str = "alb.ingress.kubernetes.io/certificate-arn";
/// Compute Engine certificates a pre-shared-cert name may name.
const GCP_CERTIFICATES: [&str; 3] = [
    "google_compute_ssl_certificate",
    "google_compute_region_ssl_certificate",
    "google_compute_managed_ssl_certificate",
];
/// Controllers named by `spec.controller` whose chart or Deployment has another name (E1).
const CONTROLLER_CHARTS: [(&str, &str); 1] =
    [("ingress.k8s.aws/alb", "aws-load-balancer-controller")];

/// The edges, and a note for each certificate named but not declared in this code.
pub fn derive(
    analysis: &Analysis,
    objects: &[KubeObject],
    cluster_of: &BTreeMap<String, String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Edge> {
    let mut edges = Vec::new();
    for object in objects {
        match object.kind.as_str() {
            "Ingress" => {
                if let Some(value) = annotation(object, PRE_SHARED_CERT) {
                    certificates(
                        analysis,
                        object,
                        value,
                        &GCP_CERTIFICATES,
                        &mut edges,
                        diagnostics,
                    );
                }
                if let Some(value) = annotation(object, CERTIFICATE_ARN) {
                    certificates(analysis, object, value, &[], &mut edges, diagnostics);
                }
            }
            "IngressClass" => {
                let controller = object
                    .spec()
                    .and_then(|s| s.get("controller"))
                    .and_then(Value::as_str);
                if let Some(controller) = controller {
                    let cluster = cluster_of.get(&object.node).map(String::as_str);
                    let place = (cluster, object.root.as_str());
                    for node in controllers(analysis, controller, place, cluster_of) {
                        edges.push(link(object, node, "spec.controller"));
                    }
                }
            }
            _ => {}
        }
    }
    edges
}

fn annotation<'v>(object: &'v KubeObject, key: &str) -> Option<&'v Value> {
    object.object.get("metadata")?.get("annotations")?.get(key)
}

fn link(object: &KubeObject, to: &str, via: &str) -> Edge {
    Edge {
        from: object.node.clone(),
        to: to.to_string(),
        kind: EdgeKind::Uses,
        via: Some(via.to_string()),
        through: Vec::new(),
        location: Some(object.location.clone()),
    }
}

/// The certificates an annotation names. Its unknown parts come from references: each one
/// that reaches a certificate declared in Terraform is linked (the ARN of an
/// `aws_acm_certificate`, the name of a `google_compute_ssl_certificate`). Its known names
/// are matched by the `name` of the `by_name` types in the Ingress's root module; a known
/// name (or a literal ARN) that matches nothing is noted.
fn certificates(
    analysis: &Analysis,
    ingress: &KubeObject,
    value: &Value,
    by_name: &[&str],
    edges: &mut Vec<Edge>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    const VIA: &str = "metadata.annotations";
    if let Some(unknown) = value.as_unknown() {
        for origin in unknown.origins() {
            let target = origin_node(analysis, &ingress.node, origin).filter(|t| {
                analysis
                    .node(t)
                    .is_some_and(|n| n.role == Role::Certificate)
            });
            if let Some(target) = target {
                edges.push(link(ingress, &target, VIA));
            }
        }
    }
    let Some(text) = value.as_str() else { return };
    for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let found: Vec<&str> = analysis
            .nodes
            .iter()
            .filter(|n| n.root == ingress.root && by_name.contains(&n.resource_type.as_str()))
            .filter(|n| n.attributes.get("name").and_then(Value::as_str) == Some(name))
            .map(|n| n.id.as_str())
            .collect();
        if found.is_empty() {
            diagnostics.push(Diagnostic::info(
                ingress.location.clone(),
                format!(
                    "{}: {VIA} names certificate {name:?}, which is not declared in its root module",
                    ingress.node
                ),
            ));
        }
        edges.extend(found.into_iter().map(|id| link(ingress, id, VIA)));
    }
}

/// The node an unknown value's origin is an attribute of (`aws_acm_certificate.shop.arn` →
/// `aws_acm_certificate.shop`), in the root module of `from`: the longest leading part of
/// the origin that is a node.
fn origin_node(analysis: &Analysis, from: &str, origin: &str) -> Option<String> {
    let root_prefix = from
        .split_once(':')
        .map_or(String::new(), |(root, _)| format!("{root}:"));
    let mut address = origin;
    loop {
        let id = format!("{root_prefix}{address}");
        if analysis.node(&id).is_some() {
            return Some(id);
        }
        address = address.rsplit_once('.')?.0;
    }
}

/// The nodes that install the controller an IngressClass names, on its cluster; when the
/// class's or the installer's cluster cannot be told, only in the same root module (a
/// repository of many stacks installs the same chart in each): a `helm_release` whose chart or name is the controller's (the
/// last part of `spec.controller`, `k8s.io/ingress-nginx` → `ingress-nginx`, or the chart
/// of a controller listed in `CONTROLLER_CHARTS`), a Deployment of that name, or an add-on
/// module that installs it.
fn controllers<'a>(
    analysis: &'a Analysis,
    controller: &str,
    (cluster, root): (Option<&str>, &str),
    cluster_of: &BTreeMap<String, String>,
) -> Vec<&'a str> {
    let name = CONTROLLER_CHARTS
        .iter()
        .find(|(c, _)| *c == controller)
        .map(|(_, chart)| *chart)
        .or_else(|| controller.rsplit('/').next())
        .filter(|n| !n.is_empty());
    let Some(name) = name else {
        return Vec::new();
    };
    analysis
        .nodes
        .iter()
        .filter(|n| {
            let installs = match n.resource_type.as_str() {
                // A chart may be written with its repository (`ingress-nginx/ingress-nginx`).
                "helm_release" => ["chart", "name"].iter().any(|k| {
                    n.attributes
                        .get(*k)
                        .and_then(Value::as_str)
                        .and_then(|v| v.rsplit('/').next())
                        == Some(name)
                }),
                _ if n
                    .kubernetes
                    .as_ref()
                    .is_some_and(|k| k.kind == "Deployment") =>
                {
                    n.name == name
                }
                _ => crate::implicit::module_addons(n).any(|a| a == name),
            };
            let on = cluster_of.get(&n.id).map(String::as_str);
            let same_place = match (on, cluster) {
                (Some(on), Some(cluster)) => on == cluster,
                _ => n.root == root,
            };
            installs && same_place
        })
        .map(|n| n.id.as_str())
        .collect()
}
