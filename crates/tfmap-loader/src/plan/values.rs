//! Laying an instance's known values over the evaluated configuration. The configuration
//! decides which attributes exist (the model reads what the code says); the plan or state
//! decides their values where it knows them. Unknown parts keep tfmap's value (often a marker
//! that ties user data to a cluster); sensitive parts are never shown.

use super::Observed;
use crate::inventory::{Attribute, Block, Body};
use crate::location::Location;
use serde_json::Value;
use std::collections::BTreeSet;
use tfmap_core::Value as Typed;

/// Where a sensitive value comes from once hidden, as for the `sensitive()` function in the
/// evaluator (printed `${sensitive(…)}`).
pub const SENSITIVE_ORIGIN: &str = "sensitive(…)";

/// Attributes whose stored value is not what the configuration wrote: the AWS provider keeps
/// only a SHA-1 digest of these `user_data` scripts in state and plans. The script as written
/// is what names the cluster an instance joins, so the configuration's value is kept.
const STORED_AS_DIGEST: [(&str, &str); 3] = [
    ("aws_instance", "user_data"),
    ("aws_launch_configuration", "user_data"),
    ("aws_spot_instance_request", "user_data"),
];

fn stored_as_digest(resource_type: &str, attribute: &str) -> bool {
    STORED_AS_DIGEST.contains(&(resource_type, attribute))
}

/// Replaces the values of the attributes `body` sets with the instance's known values.
/// `path` names the object in markers for unknown parts the configuration does not have.
pub fn apply_to_body(body: &mut Body, observed: &Observed, path: &str, resource_type: &str) {
    lay_over(body, observed, path, Some(resource_type));
}

/// `resource_type` is set at the top level only, where the digest exceptions apply.
fn lay_over(body: &mut Body, observed: &Observed, path: &str, resource_type: Option<&str>) {
    for (name, attribute) in &mut body.attributes {
        if resource_type.is_some_and(|t| stored_as_digest(t, name)) {
            continue;
        }
        let value = observed.values.get(name);
        let unknown = child(&observed.unknown, name);
        let sensitive = child(&observed.sensitive, name);
        if value.is_none() && !is_set(&unknown) && !is_set(&sensitive) {
            // The plan does not describe it (a meta-argument such as `for_each`).
            continue;
        }
        attribute.value = merge(
            Some(&attribute.value),
            value.unwrap_or(&Value::Null),
            &unknown,
            &sensitive,
            &format!("{path}.{name}"),
        );
    }
    let kinds: BTreeSet<String> = body.blocks.iter().map(|b| b.kind.clone()).collect();
    for kind in kinds {
        blocks_of_kind(body, &kind, observed, path);
    }
}

/// Nested blocks appear in values as a list of objects (list and set blocks) or one object.
/// A set's order is not the configuration's, so a block takes an element's values only when
/// that is unambiguous: one block and one element, or exactly one element agreeing with
/// every attribute the block sets to a known value.
fn blocks_of_kind(body: &mut Body, kind: &str, observed: &Observed, path: &str) {
    let blocks: Vec<&mut Block> = body.blocks.iter_mut().filter(|b| b.kind == kind).collect();
    if blocks.iter().any(|b| b.dynamic) {
        // Dynamic content is a template repeated over a collection: nothing to pair with.
        return;
    }
    let unknown = child(&observed.unknown, kind);
    if unknown == Value::Bool(true) {
        return;
    }
    let sensitive = child(&observed.sensitive, kind);
    let elements: Vec<Observed> = match observed.values.get(kind) {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| Observed {
                values: item.clone(),
                unknown: element(&unknown, i),
                sensitive: element(&sensitive, i),
            })
            .collect(),
        Some(object @ Value::Object(_)) => vec![Observed {
            values: object.clone(),
            unknown: unknown.clone(),
            sensitive: sensitive.clone(),
        }],
        _ => return,
    };
    let single = blocks.len() == 1 && elements.len() == 1;
    let mut taken = vec![false; elements.len()];
    for block in blocks {
        let candidates: Vec<usize> = (0..elements.len())
            .filter(|&i| !taken[i] && (single || agrees(&block.body, &elements[i].values)))
            .collect();
        if let [only] = candidates.as_slice() {
            taken[*only] = true;
            let inner_path = format!("{path}.{kind}[{only}]");
            lay_over(&mut block.body, &elements[*only], &inner_path, None);
        }
    }
}

/// True when the element has the same value for every attribute the block sets to a fully
/// known scalar, and there is at least one such attribute.
fn agrees(body: &Body, element: &Value) -> bool {
    let known: Vec<(&String, &Typed)> = body
        .attributes
        .iter()
        .map(|(name, attribute)| (name, &attribute.value))
        .filter(|(_, value)| matches!(value, Typed::String(_) | Typed::Number(_) | Typed::Bool(_)))
        .collect();
    !known.is_empty()
        && known.iter().all(|(name, value)| {
            element
                .get(name.as_str())
                .is_some_and(|observed| **value == *observed)
        })
}

/// A body for a resource only the plan or state shows: every described attribute.
pub fn body_from_values(
    observed: &Observed,
    path: &str,
    resource_type: &str,
    location: &Location,
) -> Body {
    let mut body = Body::default();
    let mut names: BTreeSet<&String> = BTreeSet::new();
    for mask in [&observed.values, &observed.unknown] {
        if let Value::Object(map) = mask {
            names.extend(map.keys());
        }
    }
    for name in names {
        if stored_as_digest(resource_type, name) {
            continue;
        }
        let value = observed.values.get(name.as_str()).unwrap_or(&Value::Null);
        let unknown = child(&observed.unknown, name);
        if value.is_null() && !is_set(&unknown) {
            continue;
        }
        let merged = merge(
            None,
            value,
            &unknown,
            &child(&observed.sensitive, name),
            &format!("{path}.{name}"),
        );
        body.attributes.insert(
            name.clone(),
            Attribute {
                value: merged,
                location: location.clone(),
            },
        );
    }
    body
}

/// One value from the known value, the unknown and sensitive masks, and what the
/// configuration had at the same place.
fn merge(
    config: Option<&Typed>,
    value: &Value,
    unknown: &Value,
    sensitive: &Value,
    path: &str,
) -> Typed {
    if is_leaf_set(sensitive) {
        return hidden(config);
    }
    if is_leaf_set(unknown) {
        return config.cloned().unwrap_or_else(|| Typed::unknown(path));
    }
    if !is_set(unknown) && !is_set(sensitive) {
        return Typed::from(value.clone());
    }
    match value {
        Value::Object(map) => {
            let mut names: BTreeSet<&String> = map.keys().collect();
            if let Value::Object(unknown_map) = unknown {
                names.extend(unknown_map.keys());
            }
            let merged: tfmap_core::Map = names
                .into_iter()
                .map(|name| {
                    let inner = merge(
                        config.and_then(|c| c.get(name.as_str())),
                        map.get(name).unwrap_or(&Value::Null),
                        &child(unknown, name),
                        &child(sensitive, name),
                        &format!("{path}.{name}"),
                    );
                    (name.clone(), inner)
                })
                .collect();
            Typed::Object(merged)
        }
        Value::Array(items) => {
            let length = match unknown {
                Value::Array(mask) => items.len().max(mask.len()),
                _ => items.len(),
            };
            let config_items = config
                .and_then(Typed::as_array)
                .filter(|c| c.len() == length);
            Typed::Array(
                (0..length)
                    .map(|i| {
                        merge(
                            config_items.and_then(|c| c.get(i)),
                            items.get(i).unwrap_or(&Value::Null),
                            &element(unknown, i),
                            &element(sensitive, i),
                            &format!("{path}[{i}]"),
                        )
                    })
                    .collect(),
            )
        }
        // A mask deeper than the value: the value is wholly one thing; be safe.
        _ if is_set(sensitive) => hidden(config),
        _ => config
            .cloned()
            .unwrap_or_else(|| Typed::from(value.clone())),
    }
}

/// A sensitive value: a configuration value that is wholly one unknown (`${var.password}`)
/// reveals nothing and is kept; anything else becomes unknown, from `sensitive(…)`.
fn hidden(config: Option<&Typed>) -> Typed {
    match config {
        Some(Typed::Unknown(unknown)) if unknown.whole_origin().is_some() => {
            Typed::Unknown(unknown.clone())
        }
        _ => Typed::unknown(SENSITIVE_ORIGIN),
    }
}

/// A mask marks this whole value: `true`, or anything a mask should not hold (read as
/// "marked", so a malformed sensitivity mask hides rather than shows).
fn is_leaf_set(mask: &Value) -> bool {
    match mask {
        Value::Null | Value::Bool(false) | Value::Object(_) | Value::Array(_) => false,
        Value::Bool(true) | Value::Number(_) | Value::String(_) => true,
    }
}

/// A mask marks this value or some part of it.
fn is_set(mask: &Value) -> bool {
    match mask {
        Value::Object(map) => map.values().any(is_set),
        Value::Array(items) => items.iter().any(is_set),
        other => is_leaf_set(other),
    }
}

/// The part of a mask for an attribute: a marked whole marks every part.
fn child(mask: &Value, name: &str) -> Value {
    match mask {
        Value::Object(map) => map.get(name).cloned().unwrap_or(Value::Null),
        other if is_leaf_set(other) => Value::Bool(true),
        _ => Value::Null,
    }
}

fn element(mask: &Value, index: usize) -> Value {
    match mask {
        Value::Array(items) => items.get(index).cloned().unwrap_or(Value::Null),
        other if is_leaf_set(other) => Value::Bool(true),
        _ => Value::Null,
    }
}

/// A sensitivity mask from a state file's `sensitive_attributes`: a list of paths, each a
/// list of steps `{"type": "get_attr", "value": "password"}` or `{"type": "index", "value":
/// {"value": 0, "type": "number"}}`. Anything not understood marks the whole object, and a
/// path that leaves the value marks the part it leaves from: never show too much.
pub fn mask_from_paths(paths: &Value, values: &Value) -> Value {
    let Some(paths) = paths.as_array() else {
        return Value::Bool(true);
    };
    let mut mask = Value::Null;
    for path in paths {
        let Some(steps) = path.as_array().and_then(|s| read_steps(s)) else {
            return Value::Bool(true);
        };
        mark(&mut mask, values, &steps);
    }
    mask
}

enum Step {
    Name(String),
    Index(usize),
}

fn read_steps(steps: &[Value]) -> Option<Vec<Step>> {
    steps
        .iter()
        .map(
            |step| match (step.get("type")?.as_str()?, step.get("value")?) {
                ("get_attr", Value::String(name)) => Some(Step::Name(name.clone())),
                ("index", key) => match key.get("value").unwrap_or(key) {
                    Value::String(name) => Some(Step::Name(name.clone())),
                    Value::Number(n) => usize::try_from(n.as_u64()?).ok().map(Step::Index),
                    _ => None,
                },
                _ => None,
            },
        )
        .collect()
}

fn mark(mask: &mut Value, value: &Value, steps: &[Step]) {
    let Some((first, rest)) = steps.split_first() else {
        *mask = Value::Bool(true);
        return;
    };
    if *mask == Value::Bool(true) {
        return;
    }
    match (first, value) {
        (Step::Name(name), Value::Object(map)) if map.contains_key(name) => {
            if !mask.is_object() {
                *mask = Value::Object(serde_json::Map::new());
            }
            if let (Value::Object(parts), Some(inner)) = (&mut *mask, map.get(name)) {
                let part = parts.entry(name.clone()).or_insert(Value::Null);
                mark(part, inner, rest);
            }
        }
        (Step::Index(index), Value::Array(items)) if *index < items.len() => {
            if !mask.is_array() {
                *mask = Value::Array(vec![Value::Null; items.len()]);
            }
            if let (Value::Array(parts), Some(inner)) = (&mut *mask, items.get(*index))
                && let Some(part) = parts.get_mut(*index)
            {
                mark(part, inner, rest);
            }
        }
        _ => *mask = Value::Bool(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// How the printed form shows a hidden value.
    const SENSITIVE_MARKER: &str = "${sensitive(…)}";

    fn attribute(value: Value) -> Attribute {
        Attribute {
            value: crate::terraform::unknown::typed(value),
            location: Location::file_start("main.tf".into()),
        }
    }

    fn body(attributes: Value) -> Body {
        let mut body = Body::default();
        if let Value::Object(map) = attributes {
            for (name, value) in map {
                body.attributes.insert(name, attribute(value));
            }
        }
        body
    }

    fn values(body: &Body) -> Value {
        Value::Object(
            body.attributes
                .iter()
                .map(|(k, a)| (k.clone(), a.value.to_json()))
                .collect(),
        )
    }

    fn observed(values: Value, unknown: Value, sensitive: Value) -> Observed {
        Observed {
            values,
            unknown,
            sensitive,
        }
    }

    #[test]
    fn known_values_replace_unknown_ones_and_unknowns_keep_the_marker() {
        let mut service = body(json!({
            "name": "${var.prefix}-api",
            "cluster": "${aws_ecs_cluster.main.id}",
            "desired_count": 2,
            "for_each": "${var.services}",
            "tags": {"env": "${var.env}", "team": "web"},
        }));
        apply_to_body(
            &mut service,
            &observed(
                json!({"name": "prod-api", "desired_count": 3, "tags": {"team": "web"}, "arn": "x"}),
                json!({"cluster": true, "tags": {"env": true}}),
                json!({}),
            ),
            "aws_ecs_service.api",
            "aws_ecs_service",
        );
        assert_eq!(
            values(&service),
            json!({
                "name": "prod-api",
                "cluster": "${aws_ecs_cluster.main.id}",
                "desired_count": 3,
                "for_each": "${var.services}",
                "tags": {"env": "${var.env}", "team": "web"},
            }),
            "attributes the configuration does not set (arn) are not added"
        );
    }

    #[test]
    fn sensitive_values_are_never_shown() {
        let mut db = body(json!({
            "password": "literal-secret",
            "username": "${var.user}",
            "settings": {"a": "1", "b": "2"},
        }));
        apply_to_body(
            &mut db,
            &observed(
                json!({"password": "literal-secret", "username": "admin", "settings": {"a": "1", "b": "s3cret"}}),
                json!({}),
                json!({"password": true, "username": true, "settings": {"b": true}}),
            ),
            "aws_db_instance.main",
            "aws_db_instance",
        );
        assert_eq!(
            values(&db),
            json!({
                "password": SENSITIVE_MARKER,
                "username": "${var.user}",
                "settings": {"a": "1", "b": SENSITIVE_MARKER},
            })
        );
        // A whole object marked sensitive (or a mask tfmap cannot read) hides everything.
        let mut all = body(json!({"name": "x"}));
        apply_to_body(
            &mut all,
            &observed(json!({"name": "y"}), Value::Null, json!(true)),
            "a.b",
            "a",
        );
        assert_eq!(values(&all), json!({"name": SENSITIVE_MARKER}));
        let mut odd = body(json!({"name": "x"}));
        apply_to_body(
            &mut odd,
            &observed(json!({"name": "y"}), Value::Null, json!({"name": "yes"})),
            "a.b",
            "a",
        );
        assert_eq!(values(&odd), json!({"name": SENSITIVE_MARKER}));
    }

    #[test]
    fn digests_of_user_data_do_not_replace_the_script() {
        let script = "ECS_CLUSTER=${aws_ecs_cluster.main.name}";
        for (resource_type, expected) in [
            ("aws_instance", script),
            ("aws_launch_template", "ECS_CLUSTER=prod"),
        ] {
            let mut instance = body(json!({"user_data": script}));
            apply_to_body(
                &mut instance,
                &observed(
                    json!({"user_data": "ECS_CLUSTER=prod"}),
                    json!({}),
                    json!({}),
                ),
                "x.y",
                resource_type,
            );
            assert_eq!(values(&instance), json!({"user_data": expected}));
        }
    }

    fn block(kind: &str, attributes: Value) -> Block {
        Block {
            kind: kind.to_string(),
            labels: Vec::new(),
            body: body(attributes),
            location: Location::file_start("main.tf".into()),
            dynamic: false,
        }
    }

    #[test]
    fn blocks_take_values_only_when_the_pairing_is_unambiguous() {
        let mut service = body(json!({}));
        service.blocks = vec![
            block(
                "load_balancer",
                json!({"container_port": 80, "target_group_arn": "${a.b.arn}"}),
            ),
            block(
                "load_balancer",
                json!({"container_port": 81, "target_group_arn": "${a.c.arn}"}),
            ),
            block(
                "network_configuration",
                json!({"subnets": "${var.subnets}"}),
            ),
            block("ordered", json!({"x": "${var.x}"})),
            block("ordered", json!({"x": "${var.y}"})),
        ];
        apply_to_body(
            &mut service,
            &observed(
                json!({
                    "load_balancer": [
                        {"container_port": 81, "target_group_arn": "arn:c"},
                        {"container_port": 80, "target_group_arn": "arn:b"},
                    ],
                    "network_configuration": [{"subnets": ["s-1"]}],
                    "ordered": [{"x": 1}, {"x": 2}],
                }),
                json!({}),
                json!({}),
            ),
            "aws_ecs_service.api",
            "aws_ecs_service",
        );
        let shown: Vec<Value> = service.blocks.iter().map(|b| values(&b.body)).collect();
        assert_eq!(
            shown,
            [
                json!({"container_port": 80, "target_group_arn": "arn:b"}),
                json!({"container_port": 81, "target_group_arn": "arn:c"}),
                json!({"subnets": ["s-1"]}),
                // Nothing known to pair them by: left as written.
                json!({"x": "${var.x}"}),
                json!({"x": "${var.y}"}),
            ]
        );
    }

    #[test]
    fn a_body_from_values_marks_unknowns_and_hides_secrets() {
        let built = body_from_values(
            &observed(
                json!({"name": "prod", "user_data": "abc123", "token": "t", "gone": null, "tags": {"a": "b"}}),
                json!({"arn": true, "tags": {}}),
                json!({"token": true}),
            ),
            "module.ecs.aws_instance.this[0]",
            "aws_instance",
            &Location::file_start("main.tf".into()),
        );
        assert_eq!(
            values(&built),
            json!({
                "arn": "${module.ecs.aws_instance.this[0].arn}",
                "name": "prod",
                "tags": {"a": "b"},
                "token": SENSITIVE_MARKER,
            })
        );
    }

    #[test]
    fn state_paths_become_a_mask() {
        let values =
            json!({"password": "p", "list": [{"secret": "s"}, {"secret": "t"}], "map": {"k": "v"}});
        let paths = json!([
            [{"type": "get_attr", "value": "password"}],
            [{"type": "get_attr", "value": "list"}, {"type": "index", "value": {"value": 1, "type": "number"}}, {"type": "get_attr", "value": "secret"}],
            [{"type": "get_attr", "value": "map"}, {"type": "index", "value": {"value": "k", "type": "string"}}],
            [{"type": "get_attr", "value": "list"}, {"type": "index", "value": {"value": 9, "type": "number"}}],
        ]);
        assert_eq!(
            mask_from_paths(&paths, &values),
            json!({"password": true, "list": true, "map": {"k": true}}),
            "a path past the end of the list marks the whole list"
        );
        let narrow = json!([[{"type": "get_attr", "value": "list"}, {"type": "index", "value": {"value": 0, "type": "number"}}]]);
        assert_eq!(
            mask_from_paths(&narrow, &values),
            json!({"list": [true, null]})
        );
        assert_eq!(mask_from_paths(&json!([]), &values), Value::Null);
        for unreadable in [json!("x"), json!([["x"]]), json!([[{"type": "splat"}]])] {
            assert_eq!(mask_from_paths(&unreadable, &values), json!(true));
        }
    }
}
