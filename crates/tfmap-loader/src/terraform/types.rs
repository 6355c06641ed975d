//! Variable type constraints, and the conversion Terraform applies to every value a variable
//! receives (from a caller, a variables file or its `default`): object attributes the type
//! does not declare are dropped, `optional(type, default)` attributes that are absent or null
//! take their default (nested ones too, also inside a default), and primitive values are
//! converted (`"5"` to a number where the type says `number`). Conversions Terraform would
//! refuse are left as they are: tfmap reports what it cannot know, not type errors it cannot
//! prove without the values a plan would have.

use hcl::{Expression, ObjectKey};
use tfmap_core::{Map, Value};

/// Type constraints nested deeper than this are read as `any`.
const MAX_TYPE_DEPTH: usize = 32;

/// A variable's type constraint.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Type {
    Any,
    String,
    Number,
    Bool,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Tuple(Vec<Type>),
    Object(Vec<Attribute>),
}

/// One attribute of an `object(...)` type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Attribute {
    pub name: String,
    pub kind: Type,
    /// `optional(...)`: may be absent; `Some` when it is.
    pub optional: Option<Optional>,
}

/// What an optional attribute takes when it is absent or null.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Optional {
    /// The second argument of `optional(type, default)`; null when there is none.
    pub default: Value,
}

impl Type {
    /// The type a constraint expression writes. What tfmap cannot read is `any`, so a value
    /// is never changed by a constraint it does not understand.
    pub fn of(expr: &Expression) -> Type {
        type_of(expr, 0)
    }
}

fn type_of(expr: &Expression, depth: usize) -> Type {
    if depth > MAX_TYPE_DEPTH {
        return Type::Any;
    }
    match expr {
        Expression::Variable(name) => keyword(name.as_str()),
        // Terraform 0.11 wrote the type as a quoted string: "string", "list", "map".
        Expression::String(name) => match name.as_str() {
            "list" => Type::List(Box::new(Type::Any)),
            "map" => Type::Map(Box::new(Type::Any)),
            other => keyword(other),
        },
        Expression::FuncCall(call) if call.name.namespace.is_empty() => {
            let arg = call.args.first();
            let inner = || Box::new(arg.map_or(Type::Any, |a| type_of(a, depth + 1)));
            match call.name.name.as_str() {
                "list" => Type::List(inner()),
                "set" => Type::Set(inner()),
                "map" => Type::Map(inner()),
                "tuple" => match arg {
                    Some(Expression::Array(items)) => {
                        Type::Tuple(items.iter().map(|i| type_of(i, depth + 1)).collect())
                    }
                    _ => Type::Any,
                },
                "object" => match arg {
                    Some(Expression::Object(attributes)) => Type::Object(
                        attributes
                            .iter()
                            .filter_map(|(key, value)| {
                                Some(attribute(object_key(key)?, value, depth + 1))
                            })
                            .collect(),
                    ),
                    _ => Type::Any,
                },
                _ => Type::Any,
            }
        }
        _ => Type::Any,
    }
}

fn keyword(name: &str) -> Type {
    match name {
        "string" => Type::String,
        "number" => Type::Number,
        "bool" => Type::Bool,
        _ => Type::Any,
    }
}

fn object_key(key: &ObjectKey) -> Option<String> {
    match key {
        ObjectKey::Identifier(name) => Some(name.to_string()),
        ObjectKey::Expression(Expression::String(name)) => Some(name.clone()),
        ObjectKey::Expression(Expression::Variable(name)) => Some(name.to_string()),
        _ => None,
    }
}

/// `name = type` or `name = optional(type[, default])`.
fn attribute(name: String, expr: &Expression, depth: usize) -> Attribute {
    if let Expression::FuncCall(call) = expr
        && call.name.namespace.is_empty()
        && call.name.name.as_str() == "optional"
    {
        let kind = call.args.first().map_or(Type::Any, |a| type_of(a, depth));
        // A default is a constant (Terraform refuses references in it), so it evaluates
        // without any variables; one that does not is read as no default.
        let default = call
            .args
            .get(1)
            .and_then(super::interpret::constant)
            .unwrap_or(Value::Null);
        return Attribute {
            name,
            kind,
            optional: Some(Optional { default }),
        };
    }
    Attribute {
        name,
        kind: type_of(expr, depth),
        optional: None,
    }
}

/// The value as the variable receives it: converted to `kind`, with optional attributes'
/// defaults filled in. Unknown values (markers) and null stay as they are.
pub(crate) fn convert(value: Value, kind: &Type) -> Value {
    match (kind, value) {
        (_, Value::Null) => Value::Null,
        (_, Value::Unknown(unknown)) => Value::Unknown(unknown),
        (Type::Any, value) => value,
        (Type::String, Value::Number(n)) => Value::String(n.to_string()),
        (Type::String, Value::Bool(b)) => Value::String(b.to_string()),
        (Type::Number, Value::String(text)) => match super::variables::number(&text) {
            Some(number) if text.trim() == text => super::interpret::known(number),
            _ => Value::String(text),
        },
        (Type::Bool, Value::String(text)) => match text.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(text),
        },
        (Type::List(item), Value::Array(items)) => {
            Value::Array(items.into_iter().map(|i| convert(i, item)).collect())
        }
        (Type::Set(item), Value::Array(items)) => {
            let mut items: Vec<Value> = items.into_iter().map(|i| convert(i, item)).collect();
            // A set of strings is ordered lexically; other sets keep the order given.
            if items.iter().all(|i| matches!(i, Value::String(_))) {
                items.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
                items.dedup();
            }
            Value::Array(items)
        }
        (Type::Map(item), Value::Object(entries)) => Value::Object(
            entries
                .into_iter()
                .map(|(k, v)| (k, convert(v, item)))
                .collect(),
        ),
        (Type::Tuple(kinds), Value::Array(items)) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(index, item)| match kinds.get(index) {
                    Some(kind) => convert(item, kind),
                    None => item,
                })
                .collect(),
        ),
        (Type::Object(attributes), Value::Object(mut entries)) => {
            let mut converted = Map::new();
            for attribute in attributes {
                let given = entries.swap_remove(&attribute.name);
                let value = match (given, &attribute.optional) {
                    (Some(Value::Null) | None, Some(optional)) => optional.default.clone(),
                    (Some(value), _) => value,
                    // A required attribute missing: Terraform refuses the value; left out.
                    (None, None) => continue,
                };
                converted.insert(attribute.name.clone(), convert(value, &attribute.kind));
            }
            // Terraform's objects have no order of their own: attributes read in lexical order.
            converted.sort_keys();
            Value::Object(converted)
        }
        (_, value) => value,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn type_from(text: &str) -> Type {
        let expr: Expression = hcl_edit::parser::parse_expr(text).unwrap().into();
        Type::of(&expr)
    }

    fn value(text: &str) -> Value {
        let expr: Expression = hcl_edit::parser::parse_expr(text).unwrap().into();
        super::super::interpret::constant(&expr).unwrap()
    }

    fn converted(kind: &str, given: &str) -> Value {
        convert(value(given), &type_from(kind))
    }

    #[test]
    fn optional_attributes_take_their_defaults_when_absent_or_null() {
        let kind = r#"object({
            name = string
            port = optional(number, 80)
            tags = optional(map(string))
            on   = optional(bool, true)
        })"#;
        assert_eq!(
            converted(kind, r#"{ name = "web", on = null }"#),
            value(r#"{ name = "web", port = 80, tags = null, on = true }"#)
        );
        assert_eq!(
            converted(kind, r#"{ name = "web", port = 8080, on = false }"#),
            value(r#"{ name = "web", port = 8080, tags = null, on = false }"#)
        );
    }

    #[test]
    fn nested_defaults_apply_inside_collections_and_inside_a_default() {
        let kind = r#"map(object({
            image = string
            scaling = optional(object({
                min = optional(number, 1)
                max = optional(number, 3)
            }), {})
            ports = optional(list(object({
                port     = number
                protocol = optional(string, "tcp")
            })), [])
        }))"#;
        let given = r#"{
            web = { image = "nginx", ports = [{ port = 80 }], scaling = { max = 9 } }
            job = { image = "batch" }
        }"#;
        let expected = r#"{
            web = {
                image = "nginx"
                scaling = { min = 1, max = 9 }
                ports = [{ port = 80, protocol = "tcp" }]
            }
            job = { image = "batch", scaling = { min = 1, max = 3 }, ports = [] }
        }"#;
        assert_eq!(converted(kind, given), value(expected));
    }

    #[test]
    fn attributes_the_type_does_not_declare_are_dropped() {
        assert_eq!(
            converted("object({ a = string })", r#"{ a = "x", b = "y" }"#),
            value(r#"{ a = "x" }"#)
        );
        // `any` and maps keep everything.
        assert_eq!(converted("any", r#"{ b = 1 }"#), value(r#"{ b = 1 }"#));
        assert_eq!(
            converted("map(string)", r#"{ a = 1, b = true }"#),
            value(r#"{ a = "1", b = "true" }"#)
        );
    }

    #[test]
    fn primitives_convert_as_terraform_converts_them() {
        assert_eq!(converted("number", r#""42""#), value("42"));
        assert_eq!(converted("number", r#""4 2""#), value(r#""4 2""#));
        assert_eq!(converted("bool", r#""true""#), value("true"));
        assert_eq!(converted("string", "7"), value(r#""7""#));
        assert_eq!(converted("list(number)", r#"["1", 2]"#), value("[1, 2]"));
        assert_eq!(
            converted("set(string)", r#"["b", "a", "b"]"#),
            value(r#"["a", "b"]"#)
        );
        assert_eq!(
            converted("tuple([string, number])", r#"[1, "2"]"#),
            value(r#"["1", 2]"#)
        );
    }

    #[test]
    fn unknown_and_null_values_are_left_alone() {
        let unknown = || Value::unknown("var.x");
        let kind = type_from("object({ a = optional(string, \"x\") })");
        assert_eq!(convert(unknown(), &kind), unknown());
        assert_eq!(convert(Value::Null, &kind), Value::Null);
        assert_eq!(convert(unknown(), &Type::Number), unknown());
    }

    #[test]
    fn old_and_unreadable_constraints() {
        assert_eq!(type_from(r#""list""#), Type::List(Box::new(Type::Any)));
        assert_eq!(type_from(r#""string""#), Type::String);
        assert_eq!(type_from("something(else)"), Type::Any);
        let deep = format!("{}string{}", "list(".repeat(40), ")".repeat(40));
        let mut kind = &type_from(&deep);
        let mut depth = 0;
        while let Type::List(inner) = kind {
            kind = inner;
            depth += 1;
        }
        assert_eq!(kind, &Type::Any);
        assert!(depth <= MAX_TYPE_DEPTH + 1);
    }
}
