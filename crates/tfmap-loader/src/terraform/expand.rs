//! `count`, `for_each` and `dynamic` blocks: which instances a declaration has, when the
//! collection is known statically. Terraform's own rules decide the keys: `count` gives
//! `[0]`, `[1]`, …; `for_each` over a map or a set of strings gives `["key"]`, in lexical
//! order. When the collection is not known (it depends on a resource attribute, or on
//! something tfmap cannot evaluate), the declaration stays one node that stands for every
//! instance; tfmap never guesses a key.

use super::syntax::RawBody;
use crate::diagnostic::Diagnostic;
use crate::inventory::{InstanceKey, RepetitionMeta};
use crate::location::Location;
use std::sync::Arc;
use tfmap_core::{Map, Value};

/// Resource instances one root module may expand into, all declarations together; past it,
/// further repeated declarations stay one node each (with a warning).
pub const MAX_ROOT_INSTANCES: usize = 200_000;

/// What `each` or `count` means while one instance is evaluated. The value is shared: an
/// instance's scope is copied for every expression evaluated in it.
#[derive(Debug, Clone, PartialEq)]
pub enum Iteration {
    Count(u64),
    Each { key: Value, value: Arc<Value> },
}

impl Iteration {
    /// The name it goes by in expressions.
    pub fn name(&self) -> &'static str {
        match self {
            Iteration::Count(_) => "count",
            Iteration::Each { .. } => "each",
        }
    }

    /// The part of `object()` that the attribute names `within` lead to (`["value", "cpu"]`
    /// in `each.value.cpu`), as deep as they exist, and how many were followed.
    pub fn part<S: AsRef<str>>(&self, within: &[S]) -> (Value, usize) {
        match (self, within.split_first()) {
            (Iteration::Each { key, .. }, Some((first, _))) if first.as_ref() == "key" => {
                (key.clone(), 1)
            }
            (Iteration::Each { value, .. }, Some((first, rest))) if first.as_ref() == "value" => {
                let (part, depth) = super::eval::descend(value.as_ref(), rest);
                (part.clone(), depth + 1)
            }
            (Iteration::Count(index), Some((first, _))) if first.as_ref() == "index" => {
                (Value::Number((*index).into()), 1)
            }
            _ => (self.object(), 0),
        }
    }

    /// The value `each` or `count` has in expressions: `{key, value}` or `{index}`.
    pub fn object(&self) -> Value {
        let mut object = Map::new();
        match self {
            Iteration::Count(index) => {
                object.insert("index".to_string(), Value::Number((*index).into()));
            }
            Iteration::Each { key, value } => {
                object.insert("key".to_string(), key.clone());
                object.insert("value".to_string(), Value::clone(value));
            }
        }
        Value::Object(object)
    }
}

/// The instances of one declaration.
#[derive(Debug, Clone, PartialEq)]
pub enum Expansion {
    /// Neither `count` nor `for_each`: one instance without a key.
    Single,
    /// Known keys, in Terraform's order (possibly none: `count = 0`).
    Instances {
        meta: RepetitionMeta,
        expression: String,
        instances: Vec<(InstanceKey, Iteration)>,
    },
    /// The keys are not known statically: one node stands for every instance.
    Unknown {
        meta: RepetitionMeta,
        expression: String,
    },
}

/// The `count` or `for_each` attribute of a body, if any, and which one it is. Both at once
/// is an error in Terraform: it is reported and the declaration is left unexpanded.
pub fn repetition_attribute<'b>(
    body: &'b RawBody,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(RepetitionMeta, &'b super::syntax::RawAttribute)> {
    match (body.attribute("count"), body.attribute("for_each")) {
        (None, None) => None,
        (Some(count), None) => Some((RepetitionMeta::Count, count)),
        (None, Some(for_each)) => Some((RepetitionMeta::ForEach, for_each)),
        (Some(count), Some(_)) => {
            diagnostics.push(Diagnostic::error(
                count.location.clone(),
                "`count` and `for_each` cannot both be set; the instances stay unknown",
            ));
            Some((RepetitionMeta::Count, count))
        }
    }
}

/// The instances a `count` or `for_each` value gives; problems Terraform would reject are
/// reported at `at`.
/// More than `max_instances` is not expanded (one node stands for every instance, with a
/// warning): a hostile `count = 100000000` must not exhaust memory.
pub fn expansion_of(
    meta: RepetitionMeta,
    expression: String,
    value: &Value,
    (at, max_instances): (&Location, usize),
    diagnostics: &mut Vec<Diagnostic>,
) -> Expansion {
    let keys = match meta {
        RepetitionMeta::Count => count_instances(value, at, max_instances, diagnostics),
        RepetitionMeta::ForEach => for_each_instances(value, at, diagnostics),
    };
    match keys {
        Some(instances) if instances.len() > max_instances => {
            diagnostics.push(too_many(meta, instances.len() as u64, max_instances, at));
            Expansion::Unknown { meta, expression }
        }
        Some(instances) => Expansion::Instances {
            meta,
            expression,
            instances,
        },
        None => Expansion::Unknown { meta, expression },
    }
}

fn too_many(meta: RepetitionMeta, count: u64, max: usize, at: &Location) -> Diagnostic {
    Diagnostic::warning(
        at.clone(),
        format!(
            "`{}` gives {count} instances, more than tfmap expands ({max}, see --max-instances); one node stands for every instance",
            meta.as_str()
        ),
    )
}

fn count_instances(
    value: &Value,
    at: &Location,
    max: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<(InstanceKey, Iteration)>> {
    let count = match value {
        Value::Number(number) => number.as_u64().or_else(|| {
            // A float that is a whole number (`2.0`) is accepted, as Terraform does.
            number
                .as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= u64::MAX as f64)
                .map(|f| f as u64)
        }),
        Value::Unknown(_) => return None,
        Value::String(text) => text.trim().parse::<u64>().ok(),
        _ => None,
    };
    let Some(count) = count else {
        diagnostics.push(Diagnostic::error(
            at.clone(),
            format!(
                "`count` must be a whole non-negative number, found {}",
                shown(value)
            ),
        ));
        return None;
    };
    if count > max as u64 {
        diagnostics.push(too_many(RepetitionMeta::Count, count, max, at));
        return None;
    }
    Some(
        (0..count)
            .map(|i| (InstanceKey::Index(i), Iteration::Count(i)))
            .collect(),
    )
}

fn for_each_instances(
    value: &Value,
    at: &Location,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<(InstanceKey, Iteration)>> {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Some(
                entries
                    .into_iter()
                    .map(|(key, value)| {
                        (
                            InstanceKey::Key(key.clone()),
                            Iteration::Each {
                                key: Value::String(key.clone()),
                                value: Arc::new(value.clone()),
                            },
                        )
                    })
                    .collect(),
            )
        }
        // tfmap's `toset` yields a list, so a list of strings is read as the set it names:
        // deduplicated, in lexical order.
        Value::Array(items) => {
            if items.iter().any(Value::has_unknown) {
                return None;
            }
            let mut keys = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::String(key) => keys.push(key.clone()),
                    other => {
                        diagnostics.push(Diagnostic::error(
                            at.clone(),
                            format!(
                                "`for_each` takes a map or a set of strings; this set holds {}",
                                shown(other)
                            ),
                        ));
                        return None;
                    }
                }
            }
            keys.sort();
            keys.dedup();
            Some(
                keys.into_iter()
                    .map(|key| {
                        (
                            InstanceKey::Key(key.clone()),
                            Iteration::Each {
                                key: Value::String(key.clone()),
                                value: Arc::new(Value::String(key)),
                            },
                        )
                    })
                    .collect(),
            )
        }
        Value::Unknown(_) => None,
        other => {
            diagnostics.push(Diagnostic::error(
                at.clone(),
                format!(
                    "`for_each` takes a map or a set of strings, found {}",
                    shown(other)
                ),
            ));
            None
        }
    }
}

/// The elements a `dynamic` block repeats over: any collection, with list indexes or map
/// keys as the iterator's `key`. `None` when the collection is unknown.
pub fn dynamic_elements(value: &Value) -> Option<Vec<(Value, Value)>> {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(Value, Value)> = map
                .iter()
                .map(|(k, v)| (Value::String(k.clone()), v.clone()))
                .collect();
            entries.sort_by(|a, b| a.0.as_str().cmp(&b.0.as_str()));
            Some(entries)
        }
        Value::Array(items) => {
            // Unknowns inside elements are fine (the content shows them); an element that
            // is itself wholly unknown could hide a list, so the whole repetition is unknown.
            if items.iter().any(
                |item| matches!(item, Value::Unknown(unknown) if unknown.whole_origin().is_some()),
            ) {
                return None;
            }
            Some(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| (Value::Number(i.into()), item.clone()))
                    .collect(),
            )
        }
        Value::Null => Some(Vec::new()),
        _ => None,
    }
}

/// A short description of a value for a diagnostic.
fn shown(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("the bool {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "an object".to_string(),
        Value::Unknown(unknown) => format!("the unknown {unknown}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tfmap_core::json;

    fn at() -> Location {
        Location::new("t.tf".into(), 1, 1)
    }

    fn keys(expansion: &Expansion) -> Vec<String> {
        match expansion {
            Expansion::Instances { instances, .. } => {
                instances.iter().map(|(k, _)| k.to_string()).collect()
            }
            other => vec![format!("{other:?}")],
        }
    }

    fn expand(meta: RepetitionMeta, value: Value) -> (Expansion, usize) {
        let mut diagnostics = Vec::new();
        let expansion = expansion_of(meta, "x".into(), &value, (&at(), 1_000), &mut diagnostics);
        (expansion, diagnostics.len())
    }

    #[test]
    fn count_gives_indexes() {
        let (expansion, errors) = expand(RepetitionMeta::Count, json!(3));
        assert_eq!(keys(&expansion), ["[0]", "[1]", "[2]"]);
        assert_eq!(errors, 0);
        let (expansion, _) = expand(RepetitionMeta::Count, json!(0));
        assert_eq!(keys(&expansion), Vec::<String>::new());
    }

    #[test]
    fn for_each_keys_are_sorted_and_sets_deduplicated() {
        let mut map = Map::new();
        map.insert("web".to_string(), json!(1));
        map.insert("api".to_string(), json!(2));
        let (expansion, _) = expand(RepetitionMeta::ForEach, Value::Object(map));
        assert_eq!(keys(&expansion), [r#"["api"]"#, r#"["web"]"#]);
        let set = json!(["b", "a", "b"]);
        let (expansion, _) = expand(RepetitionMeta::ForEach, set);
        assert_eq!(keys(&expansion), [r#"["a"]"#, r#"["b"]"#]);
    }

    #[test]
    fn unknown_collections_are_never_guessed() {
        for value in [
            Value::unknown("aws_subnet.x.id"),
            Value::Array(vec![json!("a"), Value::unknown("var.x")]),
        ] {
            let (expansion, errors) = expand(RepetitionMeta::ForEach, value);
            assert!(
                matches!(expansion, Expansion::Unknown { .. }),
                "{expansion:?}"
            );
            assert_eq!(errors, 0);
        }
        let (expansion, _) = expand(RepetitionMeta::Count, Value::unknown("var.n"));
        assert!(matches!(expansion, Expansion::Unknown { .. }));
    }

    #[test]
    fn invalid_values_are_reported() {
        let (expansion, errors) = expand(RepetitionMeta::Count, json!(-1));
        assert!(matches!(expansion, Expansion::Unknown { .. }));
        assert_eq!(errors, 1);
        let (_, errors) = expand(RepetitionMeta::ForEach, json!([1]));
        assert_eq!(errors, 1);
        let (_, errors) = expand(RepetitionMeta::ForEach, Value::Bool(true));
        assert_eq!(errors, 1);
    }

    #[test]
    fn huge_counts_stay_one_node() {
        let (expansion, warnings) = expand(RepetitionMeta::Count, Value::from(100_000_000u64));
        assert!(matches!(expansion, Expansion::Unknown { .. }));
        assert_eq!(warnings, 1);
    }
}
