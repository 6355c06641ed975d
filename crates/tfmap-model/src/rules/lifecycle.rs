//! What a resource's `lifecycle` block tells Terraform to leave alone.

use tfmap_core::Value;
use tfmap_loader::Body;

/// Whether `lifecycle.ignore_changes` names `attribute` (bare, or quoted as older code
/// writes it, or as the start of a path such as `node_pool[0]`) or is `all`.
pub fn ignores_changes(body: &Body, attribute: &str) -> bool {
    let names = |value: &Value| -> Vec<String> {
        match value {
            Value::Array(items) => items
                .iter()
                .filter_map(Value::as_str)
                .map(|name| name.trim_matches('"').to_string())
                .collect(),
            other => other.as_str().map(str::to_string).into_iter().collect(),
        }
    };
    let covers = |name: &str| {
        name == "all"
            || name
                .strip_prefix(attribute)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['[', '.']))
    };
    body.blocks_of("lifecycle").any(|lifecycle| {
        lifecycle
            .body
            .value("ignore_changes")
            .is_some_and(|value| names(value).iter().any(|n| covers(n)))
    })
}
