//! Unknown values as text: the name an expression's unknown gets (its source text, one line,
//! shortened), what `for` conditions may mention, and `markers_in`, which reads the printed
//! form back where a script was encoded with its unknown parts written out (user data, see
//! `interpret/library.rs`). Values themselves carry unknowns typed (`tfmap_core::Value`).

use hcl::Expression;

/// The longest expression text kept inside a marker.
const MAX_MARKER_TEXT: usize = 160;

/// What an unknown that an expression gives is named by: the expression's source text, on
/// one line and shortened; an expression that is a single interpolation (`"${x.y}"`) is
/// named by what it interpolates.
pub fn expression_text(expr: &Expression) -> String {
    let text = hcl::format::to_string(expr).unwrap_or_else(|_| "…".to_string());
    // One line, single spaces: markers end up in reports and diagrams.
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = if text.chars().count() > MAX_MARKER_TEXT {
        let cut: String = text.chars().take(MAX_MARKER_TEXT).collect();
        format!("{cut}…")
    } else {
        text
    };
    match text
        .strip_prefix("\"${")
        .and_then(|t| t.strip_suffix("}\""))
        .filter(|inner| !inner.contains("${"))
    {
        Some(inner) => inner.to_string(),
        None => text,
    }
}

/// True when the string holds at least one marker. Literal shell text such as `${HOME}` is
/// not a marker: a marker always starts with a name followed by `.`, `(`, `[` or a space.
#[cfg(test)]
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
            // The marker of an object, tuple or `for` expression (`${{for k, v in x : k => v}}`)
            // runs to its matching brace, or, when its text was shortened (and so lost some
            // closing braces), to the last one.
            if after.starts_with(['{', '[', '(']) {
                let end = matching_brace(after).or_else(|| after.rfind('}'))?;
                rest = &after[end + 1..];
                return Some(&after[..end]);
            }
            // A negated expression (`${!local.enabled && var.x}`); shell's indirect
            // expansion (`${!name}`) names no attribute or call, and is not one.
            if after.starts_with('!') {
                if let Some(end) = matching_brace(after)
                    && after[..end].contains(['.', '('])
                {
                    rest = &after[end + 1..];
                    return Some(&after[..end]);
                }
                rest = after;
                continue;
            }
            if !(starts_like_name && matches!(follows, Some('.' | '(' | '[' | ' '))) {
                rest = after;
                continue;
            }
            // The closing brace is searched only for what starts like a marker, and without
            // one no later marker can close either: text full of `${` stays linear.
            let end = after.find('}')?;
            rest = &after[end + 1..];
            return Some(&after[..end]);
        }
    })
}

/// The offset of the `}` that closes a marker whose `${` came just before `text`, counting
/// the braces of the expression inside it.
fn matching_brace(text: &str) -> Option<usize> {
    let mut depth = 1usize;
    for (offset, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(offset);
                }
            }
            _ => {}
        }
    }
    None
}

/// A value written in the printed form, each marker in a string read as an unknown part:
/// for tests, which write expected values as they are printed.
#[cfg(test)]
pub(crate) fn typed(value: serde_json::Value) -> tfmap_core::Value {
    use tfmap_core::Value as Typed;
    match value {
        serde_json::Value::String(text) => typed_string(text),
        serde_json::Value::Array(items) => Typed::Array(items.into_iter().map(typed).collect()),
        serde_json::Value::Object(map) => {
            Typed::Object(map.into_iter().map(|(k, v)| (k, typed(v))).collect())
        }
        known => Typed::from(known),
    }
}

#[cfg(test)]
fn typed_string(text: String) -> tfmap_core::Value {
    use tfmap_core::{Part, Unknown};
    let mut parts = Vec::new();
    let mut done = 0;
    for inner in markers_in(&text) {
        // `inner` lies inside `text`, between `${` and `}`.
        let start = inner.as_ptr() as usize - text.as_ptr() as usize;
        let (Some(before), Some(end)) = (start.checked_sub(2), start.checked_add(inner.len()))
        else {
            continue;
        };
        parts.push(Part::Text(
            text.get(done..before).unwrap_or_default().to_string(),
        ));
        parts.push(Part::Unknown(inner.to_string()));
        done = end + 1;
    }
    if parts.is_empty() {
        return tfmap_core::Value::String(text);
    }
    parts.push(Part::Text(text.get(done..).unwrap_or_default().to_string()));
    Unknown::from_parts(parts)
}

/// False only when `expr` surely names none of `names` (the iterators of a `for`); anything
/// tfmap does not look into (a template, a nested `for` that may rebind a name) may.
pub fn may_mention(expr: &Expression, names: &[&str]) -> bool {
    let any = |items: &[Expression]| items.iter().any(|e| may_mention(e, names));
    match expr {
        Expression::Null | Expression::Bool(_) | Expression::Number(_) | Expression::String(_) => {
            false
        }
        Expression::Variable(name) => names.contains(&name.as_str()),
        Expression::Array(items) => any(items),
        Expression::Object(object) => object.iter().any(|(key, value)| {
            let key_mentions = match key {
                hcl::expr::ObjectKey::Identifier(_) => false,
                hcl::expr::ObjectKey::Expression(key) => may_mention(key, names),
                _ => true,
            };
            key_mentions || may_mention(value, names)
        }),
        Expression::Parenthesis(inner) => may_mention(inner, names),
        Expression::Traversal(traversal) => {
            may_mention(&traversal.expr, names)
                || traversal.operators.iter().any(|op| match op {
                    hcl::expr::TraversalOperator::Index(index) => may_mention(index, names),
                    _ => false,
                })
        }
        Expression::FuncCall(call) => any(&call.args),
        Expression::Operation(operation) => match operation.as_ref() {
            hcl::expr::Operation::Unary(unary) => may_mention(&unary.expr, names),
            hcl::expr::Operation::Binary(binary) => {
                may_mention(&binary.lhs_expr, names) || may_mention(&binary.rhs_expr, names)
            }
        },
        Expression::Conditional(cond) => {
            may_mention(&cond.cond_expr, names)
                || may_mention(&cond.true_expr, names)
                || may_mention(&cond.false_expr, names)
        }
        _ => true,
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
        assert!(!contains_marker("${x.y never closed"));
        let found: Vec<&str> = markers_in("${1 ${HOME:-x} ${x.y ${z} ${a.b}").collect();
        assert_eq!(found, ["x.y ${z", "a.b"]);
    }

    #[test]
    fn finds_the_markers_of_collection_expressions() {
        // What an unknown `for`, object or tuple expression becomes.
        let text = "${{for k, v in merge(var.tags, { a = 1 }) : k => v if local.create}}";
        assert_eq!(
            markers_in(text).collect::<Vec<_>>(),
            ["{for k, v in merge(var.tags, { a = 1 }) : k => v if local.create}"]
        );
        assert!(contains_marker("${[for id in x.ids : id]}"));
        assert!(contains_marker("a-${(var.x)}-b"));
        assert!(contains_marker(
            "${{for k, v in merge({ a = \"${x}\", b = …}"
        ));
        assert!(!contains_marker("${{never closed"));
        assert!(contains_marker("${!local.is_template && var.create}"));
        assert!(!contains_marker(
            "for v in ${!prefix*}; do echo ${!v}; done"
        ));
    }
}
