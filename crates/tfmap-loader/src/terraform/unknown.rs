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
    marker(&expression_text(expr))
}

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

/// True when the whole string is one marker, whatever expression it stands for
/// (`${1 % 0}`, `${-var.x}`). Where Terraform wants a number or a collection (`count`,
/// `for_each`), a string is either such a marker or an error in the code; reading it as
/// unknown never reports an error for code that may be valid.
pub fn is_whole_marker(text: &str) -> bool {
    text.starts_with("${") && text.ends_with('}')
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

/// The typed form of an evaluated value: each marker in a string becomes an unknown part
/// (with the known text around it). The one place markers are read back, until the
/// evaluator carries unknowns itself; object keys stay text.
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

/// True when a `for` expression can iterate over elements that hold unknown markers without
/// deciding anything from them: the element value (and anything from outside the
/// expression) only flows into the result, never into a comparison, a condition, an
/// inspecting function, an index, a nested collection or a result key. Only the key variable
/// (a list index or a known map key) and literals may reach those places. `{ name = k,
/// value = v.url }` qualifies; `[for v in xs : v if v != "a"]` does not.
pub fn for_body_ignores_unknowns(for_expr: &hcl::expr::ForExpr) -> bool {
    let key_var = for_expr.key_var.as_ref().map(|k| k.as_str());
    let only_key = |expr: &Expression| uses_only(expr, key_var);
    for_expr.key_expr.as_ref().is_none_or(only_key)
        && for_expr.cond_expr.as_ref().is_none_or(only_key)
        && flows_only(&for_expr.value_expr, key_var)
}

/// True when every sensitive place inside `expr` depends on nothing but `key_var` and
/// literals.
fn flows_only(expr: &Expression, key_var: Option<&str>) -> bool {
    use super::functions::INSPECTING;
    match expr {
        Expression::Null
        | Expression::Bool(_)
        | Expression::Number(_)
        | Expression::String(_)
        | Expression::Variable(_) => true,
        Expression::Array(items) => items.iter().all(|i| flows_only(i, key_var)),
        Expression::Object(object) => object.iter().all(|(key, value)| {
            let key_ok = match key {
                hcl::expr::ObjectKey::Identifier(_) => true,
                hcl::expr::ObjectKey::Expression(key) => uses_only(key, key_var),
                _ => false,
            };
            key_ok && flows_only(value, key_var)
        }),
        Expression::TemplateExpr(template) => {
            // Interpolations concatenate (their expressions are checked like any other);
            // directives (`%{ if }`, `%{ for }`) decide.
            let Ok(parsed) = hcl::Template::from_expr(template) else {
                return false;
            };
            parsed.elements().iter().all(|element| match element {
                hcl::template::Element::Literal(_) => true,
                hcl::template::Element::Interpolation(interpolation) => {
                    flows_only(&interpolation.expr, key_var)
                }
                hcl::template::Element::Directive(_) => false,
            })
        }
        Expression::Parenthesis(inner) => flows_only(inner, key_var),
        Expression::Traversal(traversal) => {
            flows_only(&traversal.expr, key_var)
                && traversal.operators.iter().all(|op| match op {
                    hcl::expr::TraversalOperator::Index(index) => uses_only(index, key_var),
                    _ => true,
                })
        }
        Expression::FuncCall(call) => {
            if INSPECTING.contains(&call.name.name.as_str()) {
                call.args.iter().all(|a| uses_only(a, key_var))
            } else {
                call.args.iter().all(|a| flows_only(a, key_var))
            }
        }
        Expression::Conditional(cond) => {
            uses_only(&cond.cond_expr, key_var)
                && flows_only(&cond.true_expr, key_var)
                && flows_only(&cond.false_expr, key_var)
        }
        Expression::Operation(_) | Expression::ForExpr(_) => uses_only(expr, key_var),
        _ => false,
    }
}

/// True when `expr` names no variable but `key_var`.
fn uses_only(expr: &Expression, key_var: Option<&str>) -> bool {
    match expr {
        Expression::Null | Expression::Bool(_) | Expression::Number(_) => true,
        Expression::String(s) => !contains_marker(s),
        Expression::Variable(name) => Some(name.as_str()) == key_var,
        Expression::Array(items) => items.iter().all(|i| uses_only(i, key_var)),
        Expression::Parenthesis(inner) => uses_only(inner, key_var),
        Expression::FuncCall(call) => call.args.iter().all(|a| uses_only(a, key_var)),
        Expression::Operation(operation) => match operation.as_ref() {
            hcl::expr::Operation::Unary(unary) => uses_only(&unary.expr, key_var),
            hcl::expr::Operation::Binary(binary) => {
                uses_only(&binary.lhs_expr, key_var) && uses_only(&binary.rhs_expr, key_var)
            }
        },
        Expression::Conditional(cond) => {
            uses_only(&cond.cond_expr, key_var)
                && uses_only(&cond.true_expr, key_var)
                && uses_only(&cond.false_expr, key_var)
        }
        _ => false,
    }
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
