//! The Services a well-known chart creates with its default values, as Kubernetes objects,
//! so that the cloud load balancers they lead to are drawn like those of any other Service.
//! Only facts read from the chart's own `values.yaml` and templates are used:
//! ingress-nginx's controller Service is `controller.service.type: LoadBalancer` unless the
//! release sets otherwise, named `<fullname>-controller` (the fullname is the release name
//! when it holds the chart's name, else `<release>-ingress-nginx`). A value the release
//! sets that tfmap cannot know makes the Service unknown: nothing is drawn for it.

use super::KubeObject;
use tfmap_core::{Map, Value};
use tfmap_loader::Resource;

/// The chart's name as it appears in `chart` (alone, or after a repository).
const INGRESS_NGINX: &str = "ingress-nginx";

/// The Services a `helm_release` installs, known from its chart's defaults and what the
/// release sets; `Err` says what is not known when the release sets it from something
/// tfmap cannot evaluate.
pub fn chart_services(release: &Resource) -> Result<Vec<KubeObject>, String> {
    let Some(chart) = release.body.string("chart") else {
        return Ok(Vec::new());
    };
    if chart.rsplit('/').next() != Some(INGRESS_NGINX) {
        return Ok(Vec::new());
    }
    let Some(values) = release_values(release) else {
        return Err("its `values` are not known statically".into());
    };
    let service = values.get("controller").and_then(|c| c.get("service"));
    let setting = |name: &str| service.and_then(|s| s.get(name));
    // `set` gives text (`"false"`), which Helm reads as the bool it spells.
    match setting("enabled") {
        None | Some(Value::Bool(true)) => {}
        Some(Value::String(text)) if text == "true" => {}
        Some(Value::Unknown(_)) => {
            return Err("`controller.service.enabled` is not known statically".into());
        }
        _ => return Ok(Vec::new()),
    }
    let kind = match setting("type") {
        None => Value::from("LoadBalancer"),
        Some(Value::String(kind)) => Value::from(kind.as_str()),
        // Unknown, or not a type: nothing is guessed.
        Some(_) => return Err("`controller.service.type` is not known statically".into()),
    };
    let release_name = release.body.string("name").unwrap_or("ingress-nginx");
    let fullname = if release_name.contains(INGRESS_NGINX) {
        release_name.to_string()
    } else {
        format!("{release_name}-{INGRESS_NGINX}")
    };
    let name = format!("{fullname}-controller");
    let namespace = release.body.string("namespace").unwrap_or("default");
    let mut metadata = Map::new();
    metadata.insert("name".into(), Value::from(name.as_str()));
    metadata.insert("namespace".into(), Value::from(namespace));
    if let Some(annotations @ Value::Object(_)) = setting("annotations") {
        metadata.insert("annotations".into(), annotations.clone());
    }
    let mut spec = Map::new();
    spec.insert("type".into(), kind);
    if let Some(class @ Value::String(text)) = setting("loadBalancerClass")
        && !text.is_empty()
    {
        spec.insert("loadBalancerClass".into(), class.clone());
    }
    let mut object = Map::new();
    object.insert("apiVersion".into(), Value::from("v1"));
    object.insert("kind".into(), Value::from("Service"));
    object.insert("metadata".into(), Value::Object(metadata));
    object.insert("spec".into(), Value::Object(spec));
    Ok(vec![KubeObject {
        node: release.id.clone(),
        kind: "Service".into(),
        namespace: Some(namespace.to_string()),
        namespace_origin: None,
        name,
        object: Value::Object(object),
        location: release.location.clone(),
        resource: Some(release.id.clone()),
        placement: release.location.file.to_string(),
        built_by: None,
        root: release.root.clone(),
    }])
}

/// What the release sets, as Helm merges it: each `values` document in order, then each
/// `set` block by its dotted name. `None` when a `values` document is not known.
fn release_values(release: &Resource) -> Option<Value> {
    let mut merged = Value::Object(Map::new());
    if let Some(Value::Array(documents)) = release.body.value("values") {
        for document in documents {
            let text = document.as_str()?;
            let parsed = tfmap_loader::kubernetes::yaml_values(text, 64).ok()?;
            for value in parsed {
                merge(&mut merged, value);
            }
        }
    }
    for set in release.body.blocks_of("set") {
        let (Some(name), Some(value)) = (set.body.string("name"), set.body.value("value")) else {
            continue;
        };
        insert_dotted(&mut merged, name, value.clone());
    }
    Some(merged)
}

/// Helm's merge of values: maps merged key by key, anything else replaced.
fn merge(into: &mut Value, from: Value) {
    match (into, from) {
        (Value::Object(target), Value::Object(source)) => {
            for (key, value) in source {
                match target.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        target.insert(key, value);
                    }
                }
            }
        }
        (target, value) => *target = value,
    }
}

/// `controller.service.type = NodePort` as nested maps. Helm's `set` escapes a literal dot
/// in a key as `\.` (annotation names): kept inside the key.
fn insert_dotted(into: &mut Value, name: &str, value: Value) {
    let mut keys = Vec::new();
    let mut current = String::new();
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'.') => {
                current.push('.');
                chars.next();
            }
            '.' => keys.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    keys.push(current);
    let mut target = into;
    for (at, key) in keys.iter().enumerate() {
        if !target.is_object() {
            *target = Value::Object(Map::new());
        }
        let Value::Object(map) = target else {
            return;
        };
        if at + 1 == keys.len() {
            map.insert(key.clone(), value);
            return;
        }
        target = map
            .entry(key.clone())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tfmap_core::json;

    #[test]
    fn set_names_nest_and_keep_escaped_dots() {
        let mut values = json!({"controller": {"service": {"type": "LoadBalancer"}}});
        insert_dotted(&mut values, "controller.service.type", json!("NodePort"));
        insert_dotted(
            &mut values,
            r"controller.service.annotations.service\.beta\.kubernetes\.io/aws-load-balancer-type",
            json!("nlb"),
        );
        assert_eq!(
            values,
            json!({"controller": {"service": {
                "type": "NodePort",
                "annotations": {"service.beta.kubernetes.io/aws-load-balancer-type": "nlb"}
            }}})
        );
    }

    #[test]
    fn values_documents_merge_map_by_map() {
        let mut values = json!({"controller": {"service": {"type": "LoadBalancer", "a": 1}}});
        merge(
            &mut values,
            json!({"controller": {"service": {"type": "ClusterIP"}}}),
        );
        assert_eq!(
            values,
            json!({"controller": {"service": {"type": "ClusterIP", "a": 1}}})
        );
    }
}
