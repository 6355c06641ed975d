//! Relationships between Kubernetes objects, found by label selectors and by name, always
//! within one cluster and (for namespaced kinds) one namespace.

use super::KubeObject;
use crate::analysis::Edge;
use crate::vocabulary::EdgeKind;
use std::borrow::Cow;
use std::collections::BTreeMap;
use tfmap_core::Diagnostic;
use tfmap_core::Value;

/// Cluster, kind, namespace and name of an object.
type NameKey<'a> = (Option<&'a str>, &'a str, Option<&'a str>, &'a str);

/// Finds objects by cluster, kind, namespace and name.
pub struct Index<'a> {
    by_resource: BTreeMap<&'a str, &'a KubeObject>,
    by_name: BTreeMap<NameKey<'a>, &'a KubeObject>,
    clusters: &'a BTreeMap<String, String>,
}

impl<'a> Index<'a> {
    pub fn new(objects: &'a [KubeObject], clusters: &'a BTreeMap<String, String>) -> Self {
        let mut by_name = BTreeMap::new();
        for object in objects {
            let cluster = clusters.get(&object.node).map(String::as_str);
            by_name
                .entry((
                    cluster,
                    object.kind.as_str(),
                    object.namespace.as_deref(),
                    object.name.as_str(),
                ))
                .or_insert(object);
        }
        let by_resource = objects
            .iter()
            .filter_map(|o| Some((o.resource.as_deref()?, o)))
            .collect();
        Index {
            by_resource,
            by_name,
            clusters,
        }
    }

    /// The object a Terraform resource address (`kubernetes_deployment_v1.web`) declares,
    /// beside `from` (same root module).
    pub(super) fn by_reference(&self, from: &KubeObject, address: &str) -> Option<&'a KubeObject> {
        let target = match from.node.split_once(':') {
            Some((root, _)) => format!("{root}:{address}"),
            None => address.to_string(),
        };
        self.by_resource.get(target.as_str()).copied()
    }

    pub fn cluster_of(&self, object: &KubeObject) -> Option<&'a str> {
        self.clusters.get(&object.node).map(String::as_str)
    }

    /// The object of `kind` named `name` beside `from` (same cluster and namespace).
    pub(super) fn find(
        &self,
        from: &KubeObject,
        kind: &str,
        name: &Name,
    ) -> Option<&'a KubeObject> {
        // A Terraform object may name another by reference rather than by its name.
        if let Some(target) = name
            .origin
            .and_then(|o| super::reference_target(&from.node, o))
        {
            return self
                .by_resource
                .get(target.as_str())
                .copied()
                .filter(|o| o.kind == kind);
        }
        let namespace = if super::objects::is_cluster_scoped(kind) {
            None
        } else {
            from.namespace.as_deref()
        };
        self.by_name
            .get(&(
                self.cluster_of(from),
                kind,
                namespace,
                name.printed.as_ref(),
            ))
            .copied()
    }
}

pub(super) fn edge(from: &KubeObject, to: &KubeObject, kind: EdgeKind, via: &str) -> Edge {
    Edge {
        from: from.node.clone(),
        to: to.node.clone(),
        kind,
        via: Some(via.to_string()),
        through: Vec::new(),
        location: Some(from.location.clone()),
    }
}

/// A name one object gives another, as printed, and for a Terraform object's reference
/// (`kubernetes_service_v1.web.metadata[0].name`) where the unknown name comes from.
/// Ordered by the printed name first.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Name<'v> {
    pub(super) printed: Cow<'v, str>,
    pub(super) origin: Option<&'v str>,
}

impl<'v> Name<'v> {
    pub(super) fn known(name: &'v str) -> Self {
        Name {
            printed: Cow::Borrowed(name),
            origin: None,
        }
    }
}

pub(super) fn text<'v>(value: &'v Value, path: &[&str]) -> Option<Name<'v>> {
    match path.iter().try_fold(value, |v, key| v.get(key))? {
        Value::String(name) => Some(Name::known(name)),
        Value::Unknown(unknown) => Some(Name {
            printed: Cow::Owned(unknown.marker_text()),
            origin: unknown.whole_origin(),
        }),
        _ => None,
    }
}

fn list(value: Option<&Value>) -> &[Value] {
    value.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// True when every label of the selector is on the template.
fn selects(selector: &tfmap_core::Map, labels: Option<&tfmap_core::Map>) -> bool {
    !selector.is_empty()
        && labels.is_some_and(|labels| selector.iter().all(|(k, v)| labels.get(k) == Some(v)))
}

/// Kinds whose Pods a Service's selector can pick (by the Pod's own labels, or its template's).
const WORKLOAD_KINDS: [&str; 6] = [
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Pod",
];

pub fn derive(
    objects: &[KubeObject],
    index: &Index,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Edge> {
    let mut edges = Vec::new();
    // Workloads by cluster and namespace: a Service selects only within its own place, and
    // scanning every workload for every Service was quadratic on large repositories.
    let mut workloads_in: BTreeMap<(Option<&str>, Option<&str>), Vec<&KubeObject>> =
        BTreeMap::new();
    for target in objects
        .iter()
        .filter(|o| WORKLOAD_KINDS.contains(&o.kind.as_str()))
    {
        workloads_in
            .entry((index.cluster_of(target), target.namespace.as_deref()))
            .or_default()
            .push(target);
    }
    let defaults = super::links::DefaultClasses::new(objects, index);
    for object in objects {
        // First: the arms below skip to the next object when a field is missing.
        super::links::derive(object, &defaults, index, &mut edges, diagnostics);
        match object.kind.as_str() {
            "Service" => {
                let Some(selector) = object
                    .spec()
                    .and_then(|s| s.get("selector"))
                    .and_then(|s| super::selector_refs::resolve(object, s, index))
                else {
                    continue;
                };
                let place = (index.cluster_of(object), object.namespace.as_deref());
                for target in workloads_in.get(&place).into_iter().flatten() {
                    let labels = if target.kind == "Pod" {
                        target.labels()
                    } else {
                        target
                            .pod_template()
                            .and_then(|t| t.get("metadata"))
                            .and_then(|m| m.get("labels"))
                            .and_then(Value::as_object)
                    };
                    if selects(&selector, labels) {
                        edges.push(edge(object, target, EdgeKind::RoutesTo, "spec.selector"));
                    }
                }
            }
            "Ingress" => ingress_edges(object, index, &mut edges, diagnostics),
            "HorizontalPodAutoscaler" => {
                let Some(reference) = object.spec().and_then(|s| s.get("scaleTargetRef")) else {
                    continue;
                };
                if let (Some(kind), Some(name)) = (
                    reference.get("kind").and_then(Value::as_str),
                    text(reference, &["name"]),
                ) {
                    match index.find(object, kind, &name) {
                        Some(target) => edges.push(edge(
                            object,
                            target,
                            EdgeKind::Scales,
                            "spec.scaleTargetRef",
                        )),
                        None => missing(diagnostics, object, kind, &name, "spec.scaleTargetRef"),
                    }
                }
            }
            _ => {}
        }
        if let Some(pod) = object.pod_spec() {
            pod_edges(object, pod, index, &mut edges, diagnostics);
        }
    }
    edges
}

pub(super) fn missing(
    diagnostics: &mut Vec<Diagnostic>,
    object: &KubeObject,
    kind: &str,
    name: &Name,
    via: &str,
) {
    diagnostics.push(Diagnostic::info(
        object.location.clone(),
        format!(
            "{}: {via} names {kind} {:?}, which is not declared in this code",
            object.node, name.printed
        ),
    ));
}

fn ingress_edges(
    ingress: &KubeObject,
    index: &Index,
    edges: &mut Vec<Edge>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(spec) = ingress.spec() else { return };
    let mut backends: Vec<(Name, &str)> = Vec::new();
    for backend in [spec.get("defaultBackend"), spec.get("backend")]
        .into_iter()
        .flatten()
    {
        if let Some(name) =
            text(backend, &["service", "name"]).or_else(|| text(backend, &["serviceName"]))
        {
            backends.push((name, "spec.defaultBackend"));
        }
    }
    for rule in list(spec.get("rules")) {
        for path in list(rule.get("http").and_then(|h| h.get("paths"))) {
            let Some(backend) = path.get("backend") else {
                continue;
            };
            if let Some(name) =
                text(backend, &["service", "name"]).or_else(|| text(backend, &["serviceName"]))
            {
                backends.push((name, "spec.rules"));
            }
        }
    }
    for (name, via) in backends {
        match index.find(ingress, "Service", &name) {
            Some(service) => edges.push(edge(ingress, service, EdgeKind::RoutesTo, via)),
            None => missing(diagnostics, ingress, "Service", &name, via),
        }
    }
    for tls in list(spec.get("tls")) {
        if let Some(name) = text(tls, &["secretName"]) {
            match index.find(ingress, "Secret", &name) {
                Some(secret) => edges.push(edge(ingress, secret, EdgeKind::Uses, "spec.tls")),
                None => missing(diagnostics, ingress, "Secret", &name, "spec.tls"),
            }
        }
    }
    if let Some(names) = ingress.annotation("networking.gke.io/managed-certificates") {
        for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let name = Name::known(name);
            match index.find(ingress, "ManagedCertificate", &name) {
                Some(certificate) => edges.push(edge(
                    ingress,
                    certificate,
                    EdgeKind::Uses,
                    "metadata.annotations",
                )),
                None => missing(
                    diagnostics,
                    ingress,
                    "ManagedCertificate",
                    &name,
                    "metadata.annotations",
                ),
            }
        }
    }
}

/// ConfigMaps, Secrets, PersistentVolumeClaims and the ServiceAccount a pod uses.
fn pod_edges(
    object: &KubeObject,
    pod: &Value,
    index: &Index,
    edges: &mut Vec<Edge>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut wanted: Vec<(&str, Name, &str)> = Vec::new();
    for volume in list(pod.get("volumes")) {
        if let Some(name) = text(volume, &["configMap", "name"]) {
            wanted.push(("ConfigMap", name, "volumes"));
        }
        if let Some(name) = text(volume, &["secret", "secretName"]) {
            wanted.push(("Secret", name, "volumes"));
        }
        if let Some(name) = text(volume, &["persistentVolumeClaim", "claimName"]) {
            wanted.push(("PersistentVolumeClaim", name, "volumes"));
        }
        for source in list(volume.get("projected").and_then(|p| p.get("sources"))) {
            if let Some(name) = text(source, &["configMap", "name"]) {
                wanted.push(("ConfigMap", name, "volumes"));
            }
            if let Some(name) = text(source, &["secret", "name"]) {
                wanted.push(("Secret", name, "volumes"));
            }
        }
    }
    for container in list(pod.get("containers"))
        .iter()
        .chain(list(pod.get("initContainers")))
    {
        for from in list(container.get("envFrom")) {
            if let Some(name) = text(from, &["configMapRef", "name"]) {
                wanted.push(("ConfigMap", name, "envFrom"));
            }
            if let Some(name) = text(from, &["secretRef", "name"]) {
                wanted.push(("Secret", name, "envFrom"));
            }
        }
        for env in list(container.get("env")) {
            if let Some(name) = text(env, &["valueFrom", "configMapKeyRef", "name"]) {
                wanted.push(("ConfigMap", name, "env"));
            }
            if let Some(name) = text(env, &["valueFrom", "secretKeyRef", "name"]) {
                wanted.push(("Secret", name, "env"));
            }
        }
    }
    for secret in list(pod.get("imagePullSecrets")) {
        if let Some(name) = text(secret, &["name"]) {
            wanted.push(("Secret", name, "imagePullSecrets"));
        }
    }
    if let Some(name) = text(pod, &["serviceAccountName"]) {
        wanted.push(("ServiceAccount", name, "serviceAccountName"));
    }
    wanted.sort_unstable();
    wanted.dedup();
    for (kind, name, via) in wanted {
        match index.find(object, kind, &name) {
            Some(target) => edges.push(edge(object, target, EdgeKind::Uses, via)),
            None => missing(diagnostics, object, kind, &name, via),
        }
    }
}
