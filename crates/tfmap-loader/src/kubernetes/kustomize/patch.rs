//! kustomize patches: strategic merge patches (an object shaped like its target, merged into
//! it) and JSON 6902 patches (a list of operations on JSON pointers), and the selectors that
//! pick their targets.

use tfmap_core::{Map, Value};

/// Which objects a patch applies to (kustomize's `target`): every field given must match.
#[derive(Debug, Default, Clone)]
pub struct Target {
    pub group: Option<String>,
    pub version: Option<String>,
    pub kind: Option<String>,
    /// A regular expression matched against the whole name, as kustomize does.
    pub name: Option<regex::Regex>,
    pub namespace: Option<String>,
    /// `key=value` pairs, all of which the labels must hold.
    pub labels: Vec<(String, String)>,
    pub annotations: Vec<(String, String)>,
}

impl Target {
    /// Reads a `target` mapping; the error names what tfmap cannot match on.
    pub fn read(value: &Value) -> Result<Target, String> {
        let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_string);
        let name =
            match text("name") {
                Some(name) => Some(regex::Regex::new(&format!("^(?:{name})$")).map_err(|e| {
                    format!("target name {name:?} is not a regular expression: {e}")
                })?),
                None => None,
            };
        Ok(Target {
            group: text("group"),
            version: text("version"),
            kind: text("kind"),
            name,
            namespace: text("namespace"),
            labels: selector(text("labelSelector").as_deref())?,
            annotations: selector(text("annotationSelector").as_deref())?,
        })
    }

    /// The target a strategic merge patch names by its own kind, name and namespace.
    pub fn of_patch(patch: &Value) -> Option<Target> {
        let name = patch.pointer("/metadata/name")?.as_str()?;
        Some(Target {
            kind: patch
                .get("kind")
                .and_then(Value::as_str)
                .map(str::to_string),
            name: regex::Regex::new(&format!("^{}$", regex::escape(name))).ok(),
            namespace: patch
                .pointer("/metadata/namespace")
                .and_then(Value::as_str)
                .map(str::to_string),
            ..Target::default()
        })
    }

    #[cfg(test)]
    pub fn matches(&self, object: &Value) -> bool {
        let name = object.pointer("/metadata/name").and_then(Value::as_str);
        self.matches_named(object, name.unwrap_or_default())
    }

    /// As `matches`, with the object's name taken to be `name` (a name it had before this
    /// kustomization renamed it: targets may use either).
    pub fn matches_named(&self, object: &Value, name: &str) -> bool {
        let text = |pointer: &str| object.pointer(pointer).and_then(Value::as_str);
        let api_version = text("/apiVersion").unwrap_or_default();
        let (group, version) = api_version.rsplit_once('/').unwrap_or(("", api_version));
        let holds = |pointer: &str, pairs: &[(String, String)]| {
            pairs.iter().all(|(k, v)| {
                object.pointer(pointer).and_then(|m| m.get(k)) == Some(&Value::from(v.as_str()))
            })
        };
        self.group.as_deref().is_none_or(|g| g == group)
            && self.version.as_deref().is_none_or(|v| v == version)
            && self
                .kind
                .as_deref()
                .is_none_or(|k| Some(k) == text("/kind"))
            && self.name.as_ref().is_none_or(|n| n.is_match(name))
            && self
                .namespace
                .as_deref()
                .is_none_or(|ns| text("/metadata/namespace").unwrap_or("default") == ns)
            && holds("/metadata/labels", &self.labels)
            && holds("/metadata/annotations", &self.annotations)
    }
}

/// `app=web,tier=front`: only equality selectors are read.
fn selector(text: Option<&str>) -> Result<Vec<(String, String)>, String> {
    let Some(text) = text else {
        return Ok(Vec::new());
    };
    text.split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (key, value) = part
                .split_once("==")
                .or_else(|| part.split_once('='))
                .filter(|(k, _)| !k.ends_with('!'))
                .ok_or_else(|| {
                    format!("selector {part:?} is not an equality (only `key=value` is read)")
                })?;
            Ok((key.trim().to_string(), value.trim().to_string()))
        })
        .collect()
}

/// What a strategic merge patch does to its target.
pub enum Merged {
    Kept,
    /// The patch says `$patch: delete`: the object is removed.
    Deleted,
}

/// Merges a strategic merge patch into an object. Lists of the fields Kubernetes merges by
/// key (containers by `name`, ports by `containerPort`, …) are merged element by element;
/// other lists are replaced; `null` removes a field; `$patch: delete` and `$patch: replace`
/// are honoured.
pub fn strategic_merge(target: &mut Value, patch: &Value) -> Merged {
    if patch.get("$patch").and_then(Value::as_str) == Some("delete") {
        return Merged::Deleted;
    }
    merge_value(target, patch, None);
    Merged::Kept
}

fn merge_value(target: &mut Value, patch: &Value, field: Option<&str>) {
    match (target, patch) {
        (Value::Object(into), Value::Object(from)) => {
            if from.get("$patch").and_then(Value::as_str) == Some("replace") {
                let mut replaced = from.clone();
                replaced.shift_remove("$patch");
                *into = replaced;
                return;
            }
            merge_map(into, from);
        }
        (Value::Array(into), Value::Array(from)) => merge_list(into, from, field),
        (target, patch) => *target = without_directives(patch),
    }
}

fn merge_map(into: &mut Map, from: &Map) {
    for (key, value) in from {
        if key.starts_with("$") {
            continue;
        }
        match (into.get_mut(key), value) {
            (_, Value::Null) => {
                into.shift_remove(key);
            }
            (Some(existing), value) => merge_value(existing, value, Some(key)),
            (None, value) => {
                into.insert(key.clone(), without_directives(value));
            }
        }
    }
}

/// The key Kubernetes merges the elements of a list field by.
fn merge_key(field: &str) -> Option<&'static str> {
    Some(match field {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "volumes"
        | "env"
        | "imagePullSecrets" => "name",
        "ports" => "containerPort",
        "volumeMounts" => "mountPath",
        "tolerations" => "key",
        _ => return None,
    })
}

fn merge_list(into: &mut Vec<Value>, from: &[Value], field: Option<&str>) {
    let Some(key) = field.and_then(merge_key) else {
        *into = from.iter().map(without_directives).collect();
        return;
    };
    // A Service's ports merge by `port`, a container's by `containerPort`.
    let key_of = |item: &Value| {
        item.get(key)
            .or_else(|| (key == "containerPort").then(|| item.get("port")).flatten())
            .cloned()
    };
    for item in from {
        let id = key_of(item);
        let found = id.as_ref().and_then(|id| {
            into.iter()
                .position(|existing| key_of(existing).as_ref() == Some(id))
        });
        let delete = item.get("$patch").and_then(Value::as_str) == Some("delete");
        match (found, delete) {
            (Some(at), true) => {
                into.remove(at);
            }
            (Some(at), false) => merge_value(&mut into[at], item, None),
            (None, true) => {}
            (None, false) => into.push(without_directives(item)),
        }
    }
}

/// A patch value as data: its `$patch` directives dropped.
fn without_directives(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !k.starts_with('$'))
                .map(|(k, v)| (k.clone(), without_directives(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_directives).collect()),
        other => other.clone(),
    }
}

/// Applies JSON 6902 operations in order; the error says which one failed (kustomize
/// fails the build then, so the object is kept as it was).
pub fn json6902(target: &mut Value, operations: &[Value]) -> Result<(), String> {
    let mut patched = target.clone();
    // While it builds, kustomize keeps its own annotations on every object (stripped from
    // the output), so a patch may add below `/metadata/annotations` of an object that has
    // none as written.
    let had_annotations = patched.pointer("/metadata/annotations").is_some();
    if !had_annotations && let Some(Value::Object(metadata)) = patched.get_mut("metadata") {
        metadata.insert("annotations".to_string(), Value::Object(Map::new()));
    }
    for (index, operation) in operations.iter().enumerate() {
        let text = |key: &str| operation.get(key).and_then(Value::as_str);
        let op = text("op").ok_or_else(|| format!("operation {} has no `op`", index + 1))?;
        let path = text("path").ok_or_else(|| format!("operation {} has no `path`", index + 1))?;
        let fail = |what: &str| format!("operation {} ({op} {path}): {what}", index + 1);
        match op {
            "add" | "replace" => {
                let value = operation.get("value").cloned().unwrap_or_default();
                put(&mut patched, path, value, op == "add").map_err(|e| fail(&e))?;
            }
            "remove" => {
                take(&mut patched, path).map_err(|e| fail(&e))?;
            }
            "copy" | "move" => {
                let from = text("from").ok_or_else(|| fail("no `from`"))?;
                let value = if op == "move" {
                    take(&mut patched, from).map_err(|e| fail(&e))?
                } else {
                    patched
                        .pointer(from)
                        .cloned()
                        .ok_or_else(|| fail("`from` not found"))?
                };
                put(&mut patched, path, value, true).map_err(|e| fail(&e))?;
            }
            // A test that would fail fails the build; tfmap reads the patch as applied.
            "test" => {}
            other => return Err(fail(&format!("unknown operation {other:?}"))),
        }
    }
    if !had_annotations
        && let Some(Value::Object(metadata)) = patched.get_mut("metadata")
        && metadata
            .get("annotations")
            .and_then(Value::as_object)
            .is_some_and(Map::is_empty)
    {
        metadata.shift_remove("annotations");
    }
    *target = patched;
    Ok(())
}

fn split_pointer(path: &str) -> Result<(Vec<String>, String), String> {
    let rest = path.strip_prefix('/').ok_or("a path starts with `/`")?;
    let mut tokens: Vec<String> = rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    let last = tokens.pop().ok_or("empty path")?;
    Ok((tokens, last))
}

fn parent<'v>(value: &'v mut Value, tokens: &[String]) -> Result<&'v mut Value, String> {
    tokens.iter().try_fold(value, |value, token| match value {
        Value::Object(map) => map
            .get_mut(token)
            .ok_or_else(|| format!("{token:?} not found")),
        Value::Array(items) => token
            .parse::<usize>()
            .ok()
            .and_then(|i| items.get_mut(i))
            .ok_or_else(|| format!("index {token:?} not found")),
        _ => Err(format!(
            "{token:?} is inside a value that is not a map or list"
        )),
    })
}

fn put(target: &mut Value, path: &str, value: Value, insert: bool) -> Result<(), String> {
    let (tokens, last) = split_pointer(path)?;
    match parent(target, &tokens)? {
        // kustomize's `replace` of a member a map lacks adds it (kubernetes-sigs/kustomize
        // #4380), unlike RFC 6902; its `add` does not create missing parents (#4685).
        Value::Object(map) => {
            map.insert(last, value);
            Ok(())
        }
        Value::Array(items) if last == "-" && insert => {
            items.push(value);
            Ok(())
        }
        Value::Array(items) => {
            let at = last
                .parse::<usize>()
                .map_err(|_| format!("{last:?} is not an index"))?;
            match (insert, at <= items.len(), at < items.len()) {
                (true, true, _) => items.insert(at, value),
                (false, _, true) => items[at] = value,
                _ => return Err(format!("index {at} out of range")),
            }
            Ok(())
        }
        _ => Err("the parent is not a map or list".to_string()),
    }
}

fn take(target: &mut Value, path: &str) -> Result<Value, String> {
    let (tokens, last) = split_pointer(path)?;
    match parent(target, &tokens)? {
        Value::Object(map) => map
            .shift_remove(&last)
            .ok_or_else(|| format!("{last:?} not found")),
        Value::Array(items) => last
            .parse::<usize>()
            .ok()
            .filter(|i| *i < items.len())
            .map(|i| items.remove(i))
            .ok_or_else(|| format!("index {last:?} not found")),
        _ => Err("the parent is not a map or list".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tfmap_core::json;

    fn deployment() -> Value {
        json!({"apiVersion": "apps/v1", "kind": "Deployment",
               "metadata": {"name": "web", "labels": {"app": "web"}},
               "spec": {"replicas": 1, "template": {"spec": {"containers": [
                   {"name": "web", "image": "web:1", "ports": [{"containerPort": 80}]},
                   {"name": "sidecar", "image": "proxy:1"}]}}}})
    }

    #[test]
    fn strategic_merge_merges_containers_by_name_and_replaces_other_lists() {
        let mut object = deployment();
        let patch = json!({"kind": "Deployment", "metadata": {"name": "web"},
            "spec": {"replicas": 3, "template": {"spec": {"containers": [
                {"name": "web", "image": "web:2"},
                {"name": "sidecar", "$patch": "delete"},
                {"name": "extra", "image": "x:1"}]}}}});
        assert!(matches!(strategic_merge(&mut object, &patch), Merged::Kept));
        assert_eq!(object.pointer("/spec/replicas"), Some(&json!(3)));
        let containers = object.pointer("/spec/template/spec/containers").unwrap();
        assert_eq!(containers[0]["image"], "web:2");
        assert_eq!(containers[0]["ports"][0]["containerPort"], 80);
        assert_eq!(containers[1]["name"], "extra");
        assert_eq!(containers.as_array().unwrap().len(), 2);
        let delete = json!({"$patch": "delete", "kind": "Deployment", "metadata": {"name": "web"}});
        assert!(matches!(
            strategic_merge(&mut object, &delete),
            Merged::Deleted
        ));
    }

    #[test]
    fn json6902_adds_replaces_and_removes_or_fails_whole() {
        let mut object = deployment();
        let ops = vec![
            json!({"op": "replace", "path": "/spec/replicas", "value": 4}),
            json!({"op": "add", "path": "/metadata/labels/tier", "value": "front"}),
            json!({"op": "add", "path": "/spec/template/spec/containers/-", "value": {"name": "z"}}),
            json!({"op": "remove", "path": "/spec/template/spec/containers/1"}),
        ];
        json6902(&mut object, &ops).unwrap();
        assert_eq!(object.pointer("/spec/replicas"), Some(&json!(4)));
        assert_eq!(
            object.pointer("/metadata/labels/tier"),
            Some(&json!("front"))
        );
        assert_eq!(
            object.pointer("/spec/template/spec/containers/1/name"),
            Some(&json!("z"))
        );
        // kustomize's replace of a missing member adds it; an add below a missing map
        // fails, and the whole patch with it.
        let replace = vec![json!({"op": "replace", "path": "/spec/paused", "value": true})];
        json6902(&mut object, &replace).unwrap();
        assert_eq!(object.pointer("/spec/paused"), Some(&json!(true)));
        assert_eq!(object.pointer("/metadata/annotations"), None);
        // Annotations exist while kustomize builds, whether or not the object has them.
        let annotate =
            vec![json!({"op": "add", "path": "/metadata/annotations/a~1b", "value": "x"})];
        json6902(&mut object, &annotate).unwrap();
        assert_eq!(
            object.pointer("/metadata/annotations/a~1b"),
            Some(&json!("x"))
        );
        let before = object.clone();
        let bad = vec![
            json!({"op": "replace", "path": "/spec/replicas", "value": 9}),
            json!({"op": "add", "path": "/spec/template/spec/volumes/-", "value": {"name": "tmp"}}),
        ];
        assert!(json6902(&mut object, &bad).is_err());
        assert_eq!(object, before);
    }

    #[test]
    fn targets_match_kind_name_pattern_and_labels() {
        let target =
            Target::read(&json!({"kind": "Deployment", "name": "w.*", "labelSelector": "app=web"}))
                .unwrap();
        assert!(target.matches(&deployment()));
        let other = Target::read(&json!({"kind": "Deployment", "name": "we"})).unwrap();
        assert!(!other.matches(&deployment()));
        assert!(Target::read(&json!({"labelSelector": "app in (web)"})).is_err());
        let group = Target::read(&json!({"group": "apps", "version": "v1"})).unwrap();
        assert!(group.matches(&deployment()));
    }
}
