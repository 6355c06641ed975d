//! Terraform `kubernetes_*` resources describe the same objects as YAML, with the provider's
//! own schema: snake_case attributes and repeated singular blocks (`container { }` twice
//! instead of `containers: [ … ]`). This converts them into the Kubernetes shape so one set of
//! relationship code serves both. `kubernetes_manifest` already holds the object, and
//! `kubectl_manifest` (the `kubectl` provider) holds it as YAML text.

use tfmap_core::template::Placeholders;
use tfmap_core::{Map, Part, Value};
use tfmap_loader::{Body, Resource};

/// Resource types (without a `_v1`/`_v2` suffix) and the kind and API version they declare.
const KINDS: &[(&str, &str, &str)] = &[
    ("kubernetes_deployment", "Deployment", "apps/v1"),
    ("kubernetes_stateful_set", "StatefulSet", "apps/v1"),
    ("kubernetes_daemonset", "DaemonSet", "apps/v1"),
    ("kubernetes_daemon_set", "DaemonSet", "apps/v1"),
    (
        "kubernetes_replication_controller",
        "ReplicationController",
        "v1",
    ),
    ("kubernetes_pod", "Pod", "v1"),
    ("kubernetes_job", "Job", "batch/v1"),
    ("kubernetes_cron_job", "CronJob", "batch/v1"),
    ("kubernetes_service", "Service", "v1"),
    ("kubernetes_ingress", "Ingress", "networking.k8s.io/v1"),
    (
        "kubernetes_ingress_class",
        "IngressClass",
        "networking.k8s.io/v1",
    ),
    ("kubernetes_secret", "Secret", "v1"),
    ("kubernetes_config_map", "ConfigMap", "v1"),
    ("kubernetes_namespace", "Namespace", "v1"),
    ("kubernetes_service_account", "ServiceAccount", "v1"),
    (
        "kubernetes_horizontal_pod_autoscaler",
        "HorizontalPodAutoscaler",
        "autoscaling/v2",
    ),
    (
        "kubernetes_network_policy",
        "NetworkPolicy",
        "networking.k8s.io/v1",
    ),
    (
        "kubernetes_persistent_volume_claim",
        "PersistentVolumeClaim",
        "v1",
    ),
    (
        "kubernetes_storage_class",
        "StorageClass",
        "storage.k8s.io/v1",
    ),
    ("kubernetes_role", "Role", "rbac.authorization.k8s.io/v1"),
    (
        "kubernetes_role_binding",
        "RoleBinding",
        "rbac.authorization.k8s.io/v1",
    ),
    (
        "kubernetes_cluster_role",
        "ClusterRole",
        "rbac.authorization.k8s.io/v1",
    ),
    (
        "kubernetes_cluster_role_binding",
        "ClusterRoleBinding",
        "rbac.authorization.k8s.io/v1",
    ),
];

/// Blocks that Kubernetes writes as lists under a plural name.
const LISTS: &[(&str, &str)] = &[
    ("container", "containers"),
    ("init_container", "initContainers"),
    ("port", "ports"),
    ("env", "env"),
    ("env_from", "envFrom"),
    ("volume", "volumes"),
    ("volume_mount", "volumeMounts"),
    ("rule", "rules"),
    ("path", "paths"),
    ("tls", "tls"),
    ("toleration", "tolerations"),
    ("image_pull_secrets", "imagePullSecrets"),
    ("metric", "metrics"),
    ("match_expressions", "matchExpressions"),
    ("sources", "sources"),
    ("items", "items"),
    ("host_aliases", "hostAliases"),
    ("subject", "subjects"),
];

/// Attributes whose value is user data (its keys must stay as written).
const VERBATIM: [&str; 6] = [
    "labels",
    "annotations",
    "data",
    "string_data",
    "binary_data",
    "match_labels",
];

/// The Kubernetes object a resource declares, if its type declares one.
pub fn object_of(resource: &Resource) -> Option<Value> {
    if resource.resource_type == "kubectl_manifest" {
        let mut object = yaml_body(resource.body.value("yaml_body")?)?;
        // The provider puts the object in this namespace, whatever its YAML says.
        if let (Some(namespace), Some(metadata)) = (
            resource
                .body
                .value("override_namespace")
                .filter(|v| !v.is_null()),
            object.get_mut("metadata").and_then(Value::as_object_mut),
        ) {
            metadata.insert("namespace".into(), namespace.clone());
        }
        return Some(object);
    }
    if resource.resource_type == "kubernetes_manifest" {
        return resource
            .body
            .value("manifest")
            .filter(|v| v.is_object())
            .cloned();
    }
    let base = resource
        .resource_type
        .trim_end_matches("_v1")
        .trim_end_matches("_v2")
        .trim_end_matches("_v2beta2");
    let (_, kind, api_version) = KINDS.iter().find(|(t, _, _)| *t == base)?;
    let mut object = body_to_object(&resource.body);
    object.insert("apiVersion".into(), Value::from(*api_version));
    object.insert("kind".into(), Value::from(*kind));
    Some(Value::Object(object))
}

fn body_to_object(body: &Body) -> Map {
    let mut object = Map::new();
    for (name, attribute) in &body.attributes {
        if matches!(
            name.as_str(),
            "depends_on" | "count" | "for_each" | "wait_for_rollout" | "wait_for_load_balancer"
        ) {
            continue;
        }
        let value = if VERBATIM.contains(&name.as_str()) {
            attribute.value.clone()
        } else {
            camel_keys(&attribute.value, name)
        };
        object.insert(camel(name), value);
    }
    for block in &body.blocks {
        if block.kind == "lifecycle" || block.kind == "timeouts" {
            continue;
        }
        let value = Value::Object(body_to_object(&block.body));
        match LISTS.iter().find(|(singular, _)| *singular == block.kind) {
            Some((_, plural)) => match object
                .entry(plural.to_string())
                .or_insert_with(|| Value::Array(Vec::new()))
            {
                Value::Array(items) => items.push(value),
                other => *other = Value::Array(vec![other.clone(), value]),
            },
            None => {
                object.insert(camel(&block.kind), value);
            }
        }
    }
    object
}

/// Deepest YAML nesting read from a `yaml_body`, as for manifest files by default.
const MAX_YAML_DEPTH: usize = 64;

/// The object a `kubectl_manifest`'s `yaml_body` holds: YAML text, known or with unknown
/// parts (a `templatefile` of unknown values), which stay unknown in the object. The
/// provider takes exactly one document.
fn yaml_body(body: &Value) -> Option<Value> {
    let parse = |text: &str| {
        let documents = tfmap_loader::kubernetes::yaml_values(text, MAX_YAML_DEPTH).ok()?;
        match <[Value; 1]>::try_from(documents) {
            Ok([object]) if object.is_object() => Some(object),
            _ => None,
        }
    };
    match body {
        Value::String(text) => parse(text),
        Value::Unknown(unknown) if unknown.whole_origin().is_none() => {
            let mut placeholders = Placeholders::for_parts(unknown.parts());
            let mut text = String::new();
            for part in unknown.parts() {
                match part {
                    Part::Text(known) => text.push_str(known),
                    Part::Unknown(origin) => text.push_str(&placeholders.add(origin.clone())),
                }
            }
            parse(&text).map(|object| placeholders.restore(object))
        }
        _ => None,
    }
}

/// Nested objects in attribute values (rare) get camelCase keys too, except user data.
fn camel_keys(value: &Value, name: &str) -> Value {
    match value {
        Value::Object(map) if !VERBATIM.contains(&name) && name != "selector" => map
            .iter()
            .map(|(k, v)| (camel(k), camel_keys(v, k)))
            .collect::<Map>()
            .into(),
        Value::Array(items) => Value::Array(items.iter().map(|v| camel_keys(v, name)).collect()),
        other => other.clone(),
    }
}

/// `secret_key_ref` → `secretKeyRef`.
pub fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn camel_case() {
        assert_eq!(super::camel("secret_key_ref"), "secretKeyRef");
        assert_eq!(super::camel("name"), "name");
    }
}
