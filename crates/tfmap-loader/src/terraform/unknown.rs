//! Unknown values. Terraform only knows most attributes after `apply`; tfmap never guesses
//! them. An unknown part of a value is kept as a readable marker string such as
//! `${aws_ecs_cluster.main.arn}` or `${var.image}`, so that a container definition or user
//! data with one unknown part still shows everything else, and a marker that names a resource
//! can later be tied back to it.

use hcl::{Expression, Value};

/// The longest expression text kept inside a marker.
const MAX_MARKER_TEXT: usize = 160;

/// A marker for a named thing: `${aws_lb.main.arn}`.
pub fn marker(path: &str) -> Value {
    Value::String(format!("${{{path}}}"))
}

/// A marker for an expression that could not be evaluated: its source text, shortened.
pub fn expression_marker(expr: &Expression) -> Value {
    let text = hcl::format::to_string(expr).unwrap_or_else(|_| "…".to_string());
    // One line, single spaces: markers end up in reports and diagrams.
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = if text.chars().count() > MAX_MARKER_TEXT {
        let cut: String = text.chars().take(MAX_MARKER_TEXT).collect();
        format!("{cut}…")
    } else {
        text
    };
    // An expression that is itself a single marker-like template keeps its text as is.
    if let Some(inner) = text
        .strip_prefix("\"${")
        .and_then(|t| t.strip_suffix("}\""))
        .filter(|inner| !inner.contains("${"))
    {
        return marker(inner);
    }
    marker(&text)
}

/// True when the string holds at least one marker. Literal shell text such as `${HOME}` is
/// not a marker: a marker always starts with a name followed by `.`, `(`, `[` or a space.
pub fn contains_marker(text: &str) -> bool {
    markers_in(text).next().is_some()
}

/// The texts inside each marker of a string: `a ${x.y} b` yields `x.y`.
pub fn markers_in(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find("${")?;
            let after = &rest[start + 2..];
            let name_len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(after.len());
            let follows = after[name_len..].chars().next();
            let starts_like_name = after
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
            match (starts_like_name, follows, after.find('}')) {
                (true, Some('.' | '(' | '[' | ' '), Some(end)) => {
                    rest = &after[end + 1..];
                    return Some(&after[..end]);
                }
                _ => rest = after,
            }
        }
    })
}

/// True when any string inside the value holds a marker.
pub fn value_has_marker(value: &Value) -> bool {
    match value {
        Value::String(s) => contains_marker(s),
        Value::Array(items) => items.iter().any(value_has_marker),
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| contains_marker(k) || value_has_marker(v)),
        Value::Null | Value::Bool(_) | Value::Number(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_markers_but_not_shell_variables() {
        assert!(contains_marker("ECS_CLUSTER=${aws_ecs_cluster.main.name}"));
        assert!(contains_marker("${var.image}:latest"));
        assert!(contains_marker("${length(var.x)}"));
        assert!(!contains_marker("echo ${HOME} ${PATH:-/bin}"));
        assert!(!contains_marker("plain"));
        let found: Vec<&str> = markers_in("${HOME} a ${x.y} b ${module.m.out}").collect();
        assert_eq!(found, ["x.y", "module.m.out"]);
    }
}
