//! Attribute access, indexes and splats. An unknown reached so keeps the way it was
//! reached in its origin (`aws_lb_target_group.tg` then `["web"]` then `.arn` names
//! `aws_lb_target_group.tg["web"].arn`), so later stages can tie it to the instance.

use super::{Evaluated, Interpreter, invalid, operators, unknown_of};
use crate::inventory::InstanceKey;
use hcl::Expression;
use hcl::expr::{Traversal, TraversalOperator as Op};
use tfmap_core::{Unknown, Value};

impl Interpreter<'_> {
    pub(super) fn traversal(&mut self, expr: &Expression, traversal: &Traversal) -> Evaluated {
        let operators = traversal.operators.as_slice();
        let (value, rest) = match &traversal.expr {
            Expression::Variable(root) => {
                let name = root.as_str();
                if let Some((_, value)) = self.bound.iter().rev().find(|(bound, _)| bound == name) {
                    (value.clone(), operators)
                } else if self.isolated {
                    (Value::unknown(name), operators)
                } else {
                    let attrs: Vec<&str> = operators
                        .iter()
                        .map_while(|op| match op {
                            Op::GetAttr(attr) => Some(attr.as_str()),
                            _ => None,
                        })
                        .collect();
                    let (value, used) = self
                        .host
                        .lookup(name, &attrs)
                        .map_err(super::Failure::Invalid)?;
                    (value, &operators[used.min(attrs.len())..])
                }
            }
            other => (self.evaluate(other)?, operators),
        };
        self.apply(expr, value, rest)
    }

    /// Applies traversal operators to a value, in order.
    fn apply(&mut self, expr: &Expression, mut value: Value, operators: &[Op]) -> Evaluated {
        let mut at = 0;
        while at < operators.len() {
            match &operators[at] {
                Op::GetAttr(name) => value = attribute(value, name.as_str())?,
                Op::LegacyIndex(index) => {
                    value = index_with(value, &Value::Number((*index).into()), None)?
                }
                Op::Index(index_expr) => {
                    let key = self.evaluate(index_expr)?;
                    if key.is_unknown() && !value.is_unknown() {
                        return Ok(unknown_of(expr));
                    }
                    value = index_with(value, &key, Some(index_expr))?;
                }
                splat @ (Op::AttrSplat | Op::FullSplat) => {
                    // `[*]` applies every operator after it to each element; `.*` only
                    // the attribute names right after it.
                    let end = if matches!(splat, Op::FullSplat) {
                        operators.len()
                    } else {
                        at + 1
                            + operators[at + 1..]
                                .iter()
                                .take_while(|op| matches!(op, Op::GetAttr(_)))
                                .count()
                    };
                    let each = &operators[at + 1..end];
                    value = match value {
                        Value::Unknown(unknown) => {
                            let mut origin = whole_origin(&unknown, expr);
                            origin.push_str("[*]");
                            for op in each {
                                push_operator(&mut origin, op);
                            }
                            Value::unknown(origin)
                        }
                        // A null splatted is an empty list; anything else not a list is a
                        // list of itself, as HCL upgrades it.
                        Value::Null => Value::Array(Vec::new()),
                        Value::Array(items) => Value::Array(
                            items
                                .into_iter()
                                .map(|item| self.apply(expr, item, each))
                                .collect::<Result<_, _>>()?,
                        ),
                        single => Value::Array(vec![self.apply(expr, single, each)?]),
                    };
                    at = end;
                    continue;
                }
            }
            at += 1;
        }
        Ok(value)
    }
}

/// `value.name`.
fn attribute(value: Value, name: &str) -> Evaluated {
    match value {
        Value::Object(mut map) => match map.swap_remove(name) {
            Some(found) => Ok(found),
            None => invalid(format!("this object has no attribute `{name}`")),
        },
        Value::Unknown(unknown) if unknown.whole_origin().is_some() => {
            let origin = unknown.whole_origin().unwrap_or_default();
            Ok(Value::unknown(format!("{origin}.{name}")))
        }
        Value::Null => invalid(format!("a null value has no attribute `{name}`")),
        _ => invalid(format!("this value has no attribute `{name}`")),
    }
}

/// `value[key]`: a list by position, a map or object by name.
fn index_with(value: Value, key: &Value, written: Option<&Expression>) -> Evaluated {
    match value {
        Value::Unknown(unknown) => {
            let origin = unknown.whole_origin().map(str::to_string);
            let Some(mut origin) = origin else {
                return invalid("a string cannot be indexed");
            };
            match instance_key(key) {
                Some(key) => origin.push_str(&key.to_string()),
                None => {
                    let text = written
                        .map_or_else(|| "…".to_string(), super::super::unknown::expression_text);
                    origin.push_str(&format!("[{text}]"));
                }
            }
            Ok(Value::unknown(origin))
        }
        Value::Array(mut items) => {
            let position = match operators::as_number(key)? {
                Some(n) => n.as_u64().and_then(|p| usize::try_from(p).ok()),
                None => return Ok(Value::unknown("…")),
            };
            match position {
                Some(p) if p < items.len() => Ok(items.swap_remove(p)),
                _ => invalid(format!(
                    "the index {} is out of range for a list of {} elements",
                    operators::as_key(key).unwrap_or_default(),
                    items.len()
                )),
            }
        }
        Value::Object(mut map) => {
            let Some(name) = operators::as_key(key) else {
                return invalid("a map key must be a string");
            };
            match map.swap_remove(&name) {
                Some(found) => Ok(found),
                None => invalid(format!("the map has no key {name:?}")),
            }
        }
        Value::Null => invalid("a null value cannot be indexed"),
        _ => invalid("this value cannot be indexed"),
    }
}

/// The instance key a known index value names: a string key or a whole-number index.
pub(crate) fn instance_key(value: &Value) -> Option<InstanceKey> {
    match value {
        Value::String(key) => Some(InstanceKey::Key(key.clone())),
        Value::Number(number) => number.as_u64().map(InstanceKey::Index),
        _ => None,
    }
}

/// The origin of an unknown as a whole: what it names, or (for a string with known parts)
/// the expression it came from.
fn whole_origin(unknown: &Unknown, expr: &Expression) -> String {
    unknown.whole_origin().map_or_else(
        || super::super::unknown::expression_text(expr),
        str::to_string,
    )
}

/// An operator as an origin writes it after a splat.
fn push_operator(origin: &mut String, op: &Op) {
    match op {
        Op::GetAttr(name) => {
            origin.push('.');
            origin.push_str(name.as_str());
        }
        Op::LegacyIndex(index) => origin.push_str(&format!("[{index}]")),
        Op::Index(index) => {
            origin.push('[');
            origin.push_str(&super::super::unknown::expression_text(index));
            origin.push(']');
        }
        Op::AttrSplat | Op::FullSplat => origin.push_str("[*]"),
    }
}
