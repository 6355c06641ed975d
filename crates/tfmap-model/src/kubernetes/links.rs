//! Links by name that class fields and annotations make between objects: an Ingress to its
//! IngressClass (K5: `spec.ingressClassName`, else the `kubernetes.io/ingress.class`
//! annotation, else the class marked default) and to its FrontendConfig (G13), a Service to
//! its BackendConfigs (G13), a PersistentVolumeClaim to its StorageClass.

use super::KubeObject;
use super::relations::{Index, Name, edge, missing, text};
use crate::analysis::Edge;
use crate::vocabulary::EdgeKind;
use std::collections::BTreeMap;
use tfmap_core::Diagnostic;

const CLASS_ANNOTATION: &str = "kubernetes.io/ingress.class";
const DEFAULT_CLASS_ANNOTATION: &str = "ingressclass.kubernetes.io/is-default-class";
const FRONTEND_CONFIG: &str = "networking.gke.io/v1beta1.FrontendConfig";
/// The BackendConfig annotation, and its older beta form.
const BACKEND_CONFIG: [&str; 2] = [
    "cloud.google.com/backend-config",
    "beta.cloud.google.com/backend-config",
];

/// The IngressClasses marked default, by cluster: found once, not once per Ingress.
pub struct DefaultClasses<'a>(BTreeMap<Option<&'a str>, Vec<&'a KubeObject>>);

impl<'a> DefaultClasses<'a> {
    pub fn new(objects: &'a [KubeObject], index: &Index<'a>) -> Self {
        let mut by_cluster: BTreeMap<Option<&'a str>, Vec<&'a KubeObject>> = BTreeMap::new();
        for class in objects.iter().filter(|o| {
            o.kind == "IngressClass" && o.annotation(DEFAULT_CLASS_ANNOTATION) == Some("true")
        }) {
            by_cluster
                .entry(index.cluster_of(class))
                .or_default()
                .push(class);
        }
        DefaultClasses(by_cluster)
    }

    /// The default class of a cluster, when exactly one is marked.
    fn of(&self, cluster: Option<&str>) -> Option<&'a KubeObject> {
        match self.0.get(&cluster).map(Vec::as_slice) {
            Some([class]) => Some(class),
            _ => None,
        }
    }
}

/// The links `object` makes by class and annotation.
pub fn derive(
    object: &KubeObject,
    defaults: &DefaultClasses,
    index: &Index,
    edges: &mut Vec<Edge>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    match object.kind.as_str() {
        "Ingress" => {
            ingress_class(object, defaults, index, edges, diagnostics);
            if let Some(name) = annotation(object, FRONTEND_CONFIG) {
                link(object, "FrontendConfig", &name, index, edges, diagnostics);
            }
        }
        "Service" => {
            for name in BACKEND_CONFIG
                .iter()
                .filter_map(|key| object.annotation(key))
                .flat_map(backend_configs)
            {
                link(
                    object,
                    "BackendConfig",
                    &Name::known(&name),
                    index,
                    edges,
                    diagnostics,
                );
            }
        }
        "PersistentVolumeClaim" => {
            let name = object.spec().and_then(|s| text(s, &["storageClassName"]));
            // An empty class asks for no class at all (static volumes only).
            if let Some(name) = name.filter(|n| !n.printed.is_empty()) {
                let found = index.find(object, "StorageClass", &name);
                match found {
                    Some(class) => {
                        edges.push(edge(object, class, EdgeKind::Uses, "spec.storageClassName"))
                    }
                    None => missing(
                        diagnostics,
                        object,
                        "StorageClass",
                        &name,
                        "spec.storageClassName",
                    ),
                }
            }
        }
        _ => {}
    }
}

/// An annotation's value as a name (a Terraform object's may be a reference).
fn annotation<'v>(object: &'v KubeObject, key: &str) -> Option<Name<'v>> {
    let annotations = object.object.get("metadata")?.get("annotations")?;
    text(annotations, &[key])
}

/// A `uses` edge to the object of `kind` named `name`, or a note that it is not declared.
fn link(
    object: &KubeObject,
    kind: &str,
    name: &Name,
    index: &Index,
    edges: &mut Vec<Edge>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    match index.find(object, kind, name) {
        Some(target) => edges.push(edge(object, target, EdgeKind::Uses, "metadata.annotations")),
        None => missing(diagnostics, object, kind, name, "metadata.annotations"),
    }
}

/// The class of an Ingress, as K5 chooses it. `spec.ingressClassName` names an IngressClass
/// object (a note when none is declared); the annotation names a class only some controllers
/// back with an object (GKE's `gce` has none), so it links only when one exists; an Ingress
/// with neither takes the one IngressClass of its cluster marked default, if there is one.
fn ingress_class(
    ingress: &KubeObject,
    defaults: &DefaultClasses,
    index: &Index,
    edges: &mut Vec<Edge>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if let Some(name) = ingress.spec().and_then(|s| text(s, &["ingressClassName"])) {
        match index.find(ingress, "IngressClass", &name) {
            Some(class) => edges.push(edge(
                ingress,
                class,
                EdgeKind::Uses,
                "spec.ingressClassName",
            )),
            None => missing(
                diagnostics,
                ingress,
                "IngressClass",
                &name,
                "spec.ingressClassName",
            ),
        }
        return;
    }
    if let Some(name) = annotation(ingress, CLASS_ANNOTATION) {
        if let Some(class) = index.find(ingress, "IngressClass", &name) {
            edges.push(edge(ingress, class, EdgeKind::Uses, "metadata.annotations"));
        }
        return;
    }
    if let Some(class) = defaults.of(index.cluster_of(ingress)) {
        edges.push(edge(
            ingress,
            class,
            EdgeKind::Uses,
            DEFAULT_CLASS_ANNOTATION,
        ));
    }
}

/// The BackendConfig names of the annotation's JSON: `{"default": "a"}` and
/// `{"ports": {"80": "b"}}`, sorted and without repeats. Text that is not such JSON names none.
fn backend_configs(annotation: &str) -> Vec<String> {
    let Ok(parsed) = serde_json::from_str::<serde_json::Value>(annotation) else {
        return Vec::new();
    };
    let default = parsed.get("default").and_then(serde_json::Value::as_str);
    let ports = parsed
        .get("ports")
        .and_then(serde_json::Value::as_object)
        .into_iter()
        .flat_map(|ports| ports.values().filter_map(serde_json::Value::as_str));
    let mut names: Vec<String> = default
        .into_iter()
        .chain(ports)
        .map(str::to_string)
        .collect();
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::backend_configs;

    #[test]
    fn backend_config_names_come_from_default_and_ports() {
        assert_eq!(
            backend_configs(r#"{"default": "cdn", "ports": {"80": "iap", "443": "cdn"}}"#),
            ["cdn", "iap"]
        );
        assert_eq!(backend_configs(r#"{"ports": {"http": "web"}}"#), ["web"]);
        assert!(backend_configs("not json").is_empty());
        assert!(backend_configs(r#"{"default": 3}"#).is_empty());
    }
}
