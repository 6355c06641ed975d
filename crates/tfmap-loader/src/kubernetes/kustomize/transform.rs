//! kustomize's built-in transformers for the fields tfmap reads: namespace, name prefix and
//! suffix (with the references to renamed objects), labels and selectors, annotations,
//! replica counts and image names and tags.

use super::super::is_cluster_scoped;
use std::collections::BTreeMap;
use tfmap_core::{Map, Value};

/// Kinds whose `spec.selector.matchLabels` and pod template labels get common labels.
const WORKLOAD_KINDS: [&str; 5] = [
    "Deployment",
    "ReplicaSet",
    "StatefulSet",
    "DaemonSet",
    "Job",
];

/// Kinds whose `spec.replicas` the `replicas` field sets.
const SCALED_KINDS: [&str; 4] = [
    "Deployment",
    "ReplicaSet",
    "StatefulSet",
    "ReplicationController",
];

fn metadata(object: &mut Value) -> Option<&mut Map> {
    let map = object.as_object_mut()?;
    map.entry("metadata".to_string())
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
}

fn kind(object: &Value) -> &str {
    object
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

pub fn name(object: &Value) -> &str {
    object
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// Sets the namespace of every namespaced object.
pub fn namespace(objects: &mut [Value], namespace: &str) {
    for object in objects.iter_mut() {
        if is_cluster_scoped(kind(object)) {
            continue;
        }
        if let Some(metadata) = metadata(object) {
            metadata.insert("namespace".to_string(), Value::from(namespace));
        }
    }
}

/// Objects renamed by one kustomization: (kind, old name) → new name.
pub type Renames = BTreeMap<(String, String), String>;

/// Adds the prefix and suffix to every name but a Namespace's (kustomize leaves those alone)
/// and returns what was renamed.
pub fn prefix_suffix(objects: &mut [Value], prefix: &str, suffix: &str) -> Renames {
    let mut renames = Renames::new();
    if prefix.is_empty() && suffix.is_empty() {
        return renames;
    }
    for object in objects.iter_mut() {
        let kind = kind(object).to_string();
        if kind == "Namespace" || kind == "CustomResourceDefinition" {
            continue;
        }
        let old = name(object).to_string();
        if old.is_empty() {
            continue;
        }
        let new = format!("{prefix}{old}{suffix}");
        if let Some(metadata) = metadata(object) {
            metadata.insert("name".to_string(), Value::from(new.as_str()));
        }
        renames.insert((kind, old), new);
    }
    renames
}

/// Where each kind's references to other objects' names are, for the kinds tfmap links.
fn rename_references(object: &mut Value, renames: &Renames) {
    let rename = |value: Option<&mut Value>, kind: &str| {
        if let Some(value) = value
            && let Some(old) = value.as_str()
            && let Some(new) = renames.get(&(kind.to_string(), old.to_string()))
        {
            *value = Value::from(new.as_str());
        }
    };
    match kind(object).to_string().as_str() {
        "Ingress" => {
            let backends = |value: &mut Value| {
                rename(value.pointer_mut_path(&["service", "name"]), "Service");
                rename(value.get_mut("serviceName"), "Service");
            };
            if let Some(spec) = object.get_mut("spec") {
                for key in ["defaultBackend", "backend"] {
                    if let Some(backend) = spec.get_mut(key) {
                        backends(backend);
                    }
                }
                for rule in items_mut(spec.get_mut("rules")) {
                    for path in items_mut(rule.pointer_mut_path(&["http", "paths"])) {
                        if let Some(backend) = path.get_mut("backend") {
                            backends(backend);
                        }
                    }
                }
                for tls in items_mut(spec.get_mut("tls")) {
                    rename(tls.get_mut("secretName"), "Secret");
                }
            }
        }
        "HorizontalPodAutoscaler" => {
            if let Some(reference) = object.pointer_mut_path(&["spec", "scaleTargetRef"]) {
                let target_kind = kind(reference).to_string();
                rename(reference.get_mut("name"), &target_kind);
            }
        }
        _ => {}
    }
    if let Some(pod) = pod_spec(object) {
        rename(pod.get_mut("serviceAccountName"), "ServiceAccount");
        for secret in items_mut(pod.get_mut("imagePullSecrets")) {
            rename(secret.get_mut("name"), "Secret");
        }
        for volume in items_mut(pod.get_mut("volumes")) {
            rename(volume.pointer_mut_path(&["configMap", "name"]), "ConfigMap");
            rename(volume.pointer_mut_path(&["secret", "secretName"]), "Secret");
            for source in items_mut(volume.pointer_mut_path(&["projected", "sources"])) {
                rename(source.pointer_mut_path(&["configMap", "name"]), "ConfigMap");
                rename(source.pointer_mut_path(&["secret", "name"]), "Secret");
            }
        }
        for list in ["containers", "initContainers"] {
            for container in items_mut(pod.get_mut(list)) {
                for from in items_mut(container.get_mut("envFrom")) {
                    rename(
                        from.pointer_mut_path(&["configMapRef", "name"]),
                        "ConfigMap",
                    );
                    rename(from.pointer_mut_path(&["secretRef", "name"]), "Secret");
                }
                for env in items_mut(container.get_mut("env")) {
                    let from = env.get_mut("valueFrom");
                    if let Some(from) = from {
                        rename(
                            from.pointer_mut_path(&["configMapKeyRef", "name"]),
                            "ConfigMap",
                        );
                        rename(from.pointer_mut_path(&["secretKeyRef", "name"]), "Secret");
                    }
                }
            }
        }
    }
}

/// Points every reference to a renamed object at its new name.
pub fn update_references(objects: &mut [Value], renames: &Renames) {
    if renames.is_empty() {
        return;
    }
    for object in objects.iter_mut() {
        rename_references(object, renames);
    }
}

trait PathMut {
    fn pointer_mut_path(&mut self, path: &[&str]) -> Option<&mut Value>;
}

impl PathMut for Value {
    fn pointer_mut_path(&mut self, path: &[&str]) -> Option<&mut Value> {
        path.iter().try_fold(self, |value, key| value.get_mut(*key))
    }
}

fn items_mut(value: Option<&mut Value>) -> impl Iterator<Item = &mut Value> {
    value
        .and_then(Value::as_array_mut)
        .into_iter()
        .flat_map(|items| items.iter_mut())
}

/// The pod spec of a workload, a CronJob's job template or a Pod.
fn pod_spec(object: &mut Value) -> Option<&mut Value> {
    let path: &[&str] = match kind(object) {
        "Pod" => &["spec"],
        "CronJob" => &["spec", "jobTemplate", "spec", "template", "spec"],
        _ => &["spec", "template", "spec"],
    };
    object.pointer_mut_path(path)
}

/// The pod template's metadata of a workload or CronJob.
fn template_metadata(object: &mut Value) -> Option<&mut Value> {
    let path: &[&str] = match kind(object) {
        "CronJob" => &["spec", "jobTemplate", "spec", "template", "metadata"],
        k if WORKLOAD_KINDS.contains(&k) => &["spec", "template", "metadata"],
        _ => return None,
    };
    ensure_map(object, path)
}

/// The map at `path`, created on the way when missing.
fn ensure_map<'v>(value: &'v mut Value, path: &[&str]) -> Option<&'v mut Value> {
    path.iter().try_fold(value, |value, key| {
        let map = value.as_object_mut()?;
        Some(
            map.entry((*key).to_string())
                .or_insert_with(|| Value::Object(Map::new())),
        )
    })
}

fn add_pairs(value: Option<&mut Value>, pairs: &Map) {
    if let Some(Value::Object(map)) = value {
        for (k, v) in pairs {
            map.insert(k.clone(), v.clone());
        }
    }
}

/// Labels on every object; with `selectors`, also on Service selectors and workload
/// selectors and templates (as `commonLabels` does); with `templates`, on pod templates.
pub fn labels(objects: &mut [Value], pairs: &Map, selectors: bool, templates: bool) {
    for object in objects.iter_mut() {
        add_pairs(ensure_map(object, &["metadata", "labels"]), pairs);
        if selectors || templates {
            add_pairs(
                template_metadata(object).and_then(|m| ensure_map(m, &["labels"])),
                pairs,
            );
        }
        if !selectors {
            continue;
        }
        match kind(object) {
            "Service" => add_pairs(ensure_map(object, &["spec", "selector"]), pairs),
            k if WORKLOAD_KINDS.contains(&k) => {
                add_pairs(
                    ensure_map(object, &["spec", "selector", "matchLabels"]),
                    pairs,
                );
            }
            _ => {}
        }
    }
}

/// Annotations on every object and pod template.
pub fn annotations(objects: &mut [Value], pairs: &Map) {
    for object in objects.iter_mut() {
        add_pairs(ensure_map(object, &["metadata", "annotations"]), pairs);
        add_pairs(
            template_metadata(object).and_then(|m| ensure_map(m, &["annotations"])),
            pairs,
        );
    }
}

/// Sets `spec.replicas` of the scaled kinds named `name` (now, or before this
/// kustomization renamed them).
pub fn replicas(objects: &mut [Value], name: &str, count: &Value, renames: &Renames) {
    for object in objects.iter_mut() {
        let kind = kind(object).to_string();
        if !SCALED_KINDS.contains(&kind.as_str()) {
            continue;
        }
        let renamed = renames.get(&(kind, name.to_string()));
        if (name_of(object) == name || renamed.is_some_and(|new| name_of(object) == new))
            && let Some(spec) = ensure_map(object, &["spec"]).and_then(Value::as_object_mut)
        {
            spec.insert("replicas".to_string(), count.clone());
        }
    }
}

fn name_of(object: &Value) -> &str {
    name(object)
}

/// One `images` entry: containers whose image name is `name` get a new name, tag or digest.
pub struct ImageChange {
    pub name: String,
    pub new_name: Option<String>,
    pub new_tag: Option<String>,
    pub digest: Option<String>,
}

/// An image reference split into its name and what follows (`:tag`, `@digest`, or both).
fn split_image(image: &str) -> (&str, &str) {
    let digest = image.find('@').unwrap_or(image.len());
    let (before, _) = image.split_at(digest);
    // A tag's `:` comes after the last `/` (a registry may have a port: `host:5000/x`).
    let tag = before
        .rfind(':')
        .filter(|at| before.rfind('/').is_none_or(|slash| *at > slash))
        .unwrap_or(digest);
    image.split_at(tag)
}

pub fn images(objects: &mut [Value], change: &ImageChange) {
    for object in objects.iter_mut() {
        let Some(pod) = pod_spec(object) else {
            continue;
        };
        for list in ["containers", "initContainers"] {
            for container in items_mut(pod.get_mut(list)) {
                let Some(image) = container.get("image").and_then(Value::as_str) else {
                    continue;
                };
                let (name, rest) = split_image(image);
                if name != change.name {
                    continue;
                }
                let name = change.new_name.as_deref().unwrap_or(name);
                let updated = match (&change.digest, &change.new_tag) {
                    (Some(digest), _) => format!("{name}@{digest}"),
                    (None, Some(tag)) => format!("{name}:{tag}"),
                    (None, None) => format!("{name}{rest}"),
                };
                if let Some(map) = container.as_object_mut() {
                    map.insert("image".to_string(), Value::from(updated));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tfmap_core::json;

    fn objects() -> Vec<Value> {
        vec![
            json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
                   "spec": {"selector": {"matchLabels": {"app": "web"}},
                            "template": {"metadata": {"labels": {"app": "web"}},
                                         "spec": {"serviceAccountName": "web",
                                                  "containers": [{"name": "web", "image": "registry:5000/shop/web:1.0",
                                                                  "envFrom": [{"configMapRef": {"name": "settings"}}]}]}}}}),
            json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}, "spec": {"selector": {"app": "web"}}}),
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings"}}),
            json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}),
            json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web"},
                   "spec": {"rules": [{"http": {"paths": [{"backend": {"service": {"name": "web"}}}]}}]}}),
        ]
    }

    #[test]
    fn prefixes_rename_objects_and_the_references_to_them_but_not_namespaces() {
        let mut objects = objects();
        let renames = prefix_suffix(&mut objects, "prod-", "");
        update_references(&mut objects, &renames);
        assert_eq!(name(&objects[0]), "prod-web");
        assert_eq!(name(&objects[3]), "shop");
        assert_eq!(
            objects[0].pointer("/spec/template/spec/containers/0/envFrom/0/configMapRef/name"),
            Some(&json!("prod-settings"))
        );
        // The ServiceAccount is not in this build: its name is left alone.
        assert_eq!(
            objects[0].pointer("/spec/template/spec/serviceAccountName"),
            Some(&json!("web"))
        );
        assert_eq!(
            objects[4].pointer("/spec/rules/0/http/paths/0/backend/service/name"),
            Some(&json!("prod-web"))
        );
    }

    #[test]
    fn common_labels_reach_selectors_and_namespaces_skip_cluster_scoped_kinds() {
        let mut objects = objects();
        let pairs = Map::from_iter([("env".to_string(), json!("prod"))]);
        labels(&mut objects, &pairs, true, false);
        namespace(&mut objects, "prod");
        assert_eq!(
            objects[1].pointer("/spec/selector/env"),
            Some(&json!("prod"))
        );
        assert_eq!(
            objects[0].pointer("/spec/selector/matchLabels/env"),
            Some(&json!("prod"))
        );
        assert_eq!(
            objects[0].pointer("/spec/template/metadata/labels/env"),
            Some(&json!("prod"))
        );
        assert_eq!(
            objects[0].pointer("/metadata/namespace"),
            Some(&json!("prod"))
        );
        assert_eq!(objects[3].pointer("/metadata/namespace"), None);
    }

    #[test]
    fn images_change_by_name_whatever_the_registry_port() {
        let mut objects = objects();
        let change = ImageChange {
            name: "registry:5000/shop/web".to_string(),
            new_name: None,
            new_tag: Some("2.0".to_string()),
            digest: None,
        };
        images(&mut objects, &change);
        assert_eq!(
            objects[0].pointer("/spec/template/spec/containers/0/image"),
            Some(&json!("registry:5000/shop/web:2.0"))
        );
        assert_eq!(split_image("nginx@sha256:ab"), ("nginx", "@sha256:ab"));
        assert_eq!(split_image("nginx"), ("nginx", ""));
    }
}
