//! `for` expressions. Maps and objects are iterated in lexical order of their keys, as
//! Terraform iterates them. Elements that hold unknowns pass through; an unknown that
//! decides something (the collection, an `if`, a result key) makes the result unknown.

use super::{Evaluated, Failure, Interpreter, budget, invalid, operators, unknown_of};
use hcl::Expression;
use hcl::expr::ForExpr;
use tfmap_core::{Map, Value};

/// The key and value of each element of a collection, in Terraform's order; `None` when the
/// collection is unknown.
pub(super) fn entries(collection: Value) -> Result<Option<Vec<(Value, Value)>>, Failure> {
    match collection {
        Value::Array(items) => Ok(Some(
            items
                .into_iter()
                .enumerate()
                .map(|(at, item)| (Value::Number(at.into()), item))
                .collect(),
        )),
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Ok(Some(
                entries
                    .into_iter()
                    .map(|(key, value)| (Value::String(key), value))
                    .collect(),
            ))
        }
        Value::Unknown(_) => Ok(None),
        Value::Null => invalid("a null value cannot be iterated"),
        _ => invalid("only a list, set, map or object can be iterated"),
    }
}

/// What one element's body gave.
enum Element {
    Kept(Option<String>, Value),
    Skipped,
    /// An unknown decided the condition or the key: the whole result is unknown.
    Undecided,
}

impl Interpreter<'_> {
    pub(super) fn for_expr(&mut self, expr: &Expression, for_expr: &ForExpr) -> Evaluated {
        let collection = self.evaluate(&for_expr.collection_expr)?;
        let Some(entries) = entries(collection)? else {
            return Ok(self
                .filtered_out(for_expr)?
                .unwrap_or_else(|| unknown_of(expr)));
        };
        budget::step(entries.len() as u64).map_err(|_| Failure::Budget)?;
        let mut list = Vec::new();
        let mut object = Map::new();
        for (key, value) in entries {
            let depth = self.bound.len();
            if let Some(key_var) = &for_expr.key_var {
                self.bound.push((key_var.as_str().to_string(), key));
            }
            self.bound
                .push((for_expr.value_var.as_str().to_string(), value));
            let element = self.element(for_expr);
            self.bound.truncate(depth);
            let (key, value) = match element? {
                Element::Kept(key, value) => (key, value),
                Element::Skipped => continue,
                Element::Undecided => return Ok(unknown_of(expr)),
            };
            let size = budget::typed_size_of(&value, budget::MAX_EXPRESSION_BYTES);
            budget::charge_built(size).map_err(|_| Failure::Budget)?;
            match key {
                None => list.push(value),
                Some(key) if for_expr.grouping => {
                    let group = object
                        .entry(key)
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let Value::Array(items) = group {
                        items.push(value);
                    }
                }
                Some(key) if object.contains_key(&key) => {
                    return invalid(format!(
                        "two elements give the key {key:?}; add `...` to group them"
                    ));
                }
                Some(key) => {
                    object.insert(key, value);
                }
            }
        }
        Ok(if for_expr.key_expr.is_some() {
            Value::Object(object)
        } else {
            Value::Array(list)
        })
    }

    /// One element, its iterators bound.
    fn element(&mut self, for_expr: &ForExpr) -> Result<Element, Failure> {
        if let Some(condition) = &for_expr.cond_expr {
            match operators::as_bool(self.evaluate(condition)?)? {
                Some(true) => {}
                Some(false) => return Ok(Element::Skipped),
                None => return Ok(Element::Undecided),
            }
        }
        let key = match &for_expr.key_expr {
            None => None,
            Some(key_expr) => match self.evaluate(key_expr)? {
                Value::Unknown(_) => return Ok(Element::Undecided),
                key => match operators::as_key(&key) {
                    Some(key) => Some(key),
                    None => return invalid("a `for` expression's key must be a string"),
                },
            },
        };
        Ok(Element::Kept(key, self.evaluate(&for_expr.value_expr)?))
    }

    /// The empty result of a `for` whose `if` is known false whatever the element
    /// (`{ for k, v in x : k => v if local.create }` with `create = false`): empty even
    /// when the collection is unknown, since valid code has a known collection by plan
    /// time and every element is filtered out. `None` when the condition is not such a
    /// constant.
    fn filtered_out(&mut self, for_expr: &ForExpr) -> Result<Option<Value>, Failure> {
        let Some(condition) = &for_expr.cond_expr else {
            return Ok(None);
        };
        let iterators: Vec<&str> = for_expr
            .key_var
            .iter()
            .chain(std::iter::once(&for_expr.value_var))
            .map(|name| name.as_str())
            .collect();
        if super::super::unknown::may_mention(condition, &iterators) {
            return Ok(None);
        }
        match self.evaluate(condition) {
            Ok(Value::Bool(false)) if for_expr.key_expr.is_some() => {
                Ok(Some(Value::Object(Map::new())))
            }
            Ok(Value::Bool(false)) => Ok(Some(Value::Array(Vec::new()))),
            Err(Failure::Budget) => Err(Failure::Budget),
            _ => Ok(None),
        }
    }
}
