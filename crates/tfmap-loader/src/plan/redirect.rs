//! References after expansion. A reference to a resource that became one resource per
//! instance points at the instances it can reach:
//!
//! - within a repeated module, an instance only reaches the resources of its own module
//!   instance, so targets under another key of a module the referrer shares are dropped;
//! - when the plan or state shows the value the referrer holds at that attribute, and it
//!   names some of the instances (equal to, or containing as a whole word, one of their
//!   distinguishing top-level values: an ARN, an id, a name), only those are linked: a
//!   service whose `task_definition` is one task definition's `arn` uses that one;
//! - when that value is unknown until apply (the target is being replaced: a new task
//!   definition revision), the values before the plan are read the same way: an instance
//!   keeps naming the instance it named, unless its configuration changed;
//! - otherwise (no values, or none that tell) every instance is linked.
//!
//! A reference to a resource left out on this side of the plan is dropped.

use super::address::{InstanceAddress, ModuleStep, Quoting, parse_module_path};
use crate::inventory::Reference;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

pub struct Redirect<'a> {
    /// Old id → the ids it became (empty: left out).
    pub replaced: &'a BTreeMap<String, Vec<String>>,
    /// The values of each resource made from an instance, by id, on the chosen side.
    pub values: &'a BTreeMap<String, Value>,
    /// The same before the plan.
    pub prior: &'a BTreeMap<String, Value>,
}

impl Redirect<'_> {
    /// The references of the resource `from_id` (address `from_address`), redirected.
    pub fn references(
        &self,
        references: &[Reference],
        from_id: &str,
        from_address: &str,
    ) -> Vec<Reference> {
        let from_modules = modules_of(from_address);
        let mut out: Vec<Reference> = Vec::new();
        for reference in references {
            let Some(targets) = self.replaced.get(&reference.target) else {
                out.push(reference.clone());
                continue;
            };
            let reachable: Vec<&String> = targets
                .iter()
                .filter(|target| {
                    let address = target.split_once(':').map_or(target.as_str(), |(_, a)| a);
                    same_module_instance(&from_modules, &modules_of(address))
                })
                .collect();
            for target in self.named_by_value(from_id, &reference.via, reachable) {
                out.push(Reference {
                    target: target.clone(),
                    ..reference.clone()
                });
            }
        }
        out.sort_by(|a, b| {
            (&a.target, &a.via, a.kind, &a.location, &a.through).cmp(&(
                &b.target,
                &b.via,
                b.kind,
                &b.location,
                &b.through,
            ))
        });
        out.dedup_by(|later, first| {
            later.target == first.target && later.via == first.via && later.kind == first.kind
        });
        out
    }

    /// The candidates the referrer's value at `via` names; all of them without evidence.
    fn named_by_value<'t>(
        &self,
        from_id: &str,
        via: &str,
        candidates: Vec<&'t String>,
    ) -> Vec<&'t String> {
        if candidates.len() < 2 {
            return candidates;
        }
        let named = match named_in(self.values, from_id, via, &candidates) {
            Some(named) => named,
            None => named_in(self.prior, from_id, via, &candidates).unwrap_or_default(),
        };
        if named.is_empty() { candidates } else { named }
    }
}

/// The candidates the referrer's value at `via` names in one set of values; `None` when the
/// referrer holds no value there (unknown, or not described).
fn named_in<'t>(
    values: &BTreeMap<String, Value>,
    from_id: &str,
    via: &str,
    candidates: &[&'t String],
) -> Option<Vec<&'t String>> {
    let held = strings_at(values.get(from_id)?, via);
    if held.is_empty() {
        return None;
    }
    let identifiers: Vec<BTreeSet<&str>> = candidates
        .iter()
        .map(|id| {
            values
                .get(id.as_str())
                .map(top_level_strings)
                .unwrap_or_default()
        })
        .collect();
    // A value every candidate has (a shared VPC id, `HTTP`) tells them apart from nothing.
    let shared: BTreeSet<&str> = identifiers.iter().skip(1).fold(
        identifiers.first().cloned().unwrap_or_default(),
        |common, next| common.intersection(next).copied().collect(),
    );
    let named = candidates
        .iter()
        .zip(&identifiers)
        .filter(|(_, own)| {
            own.iter()
                .filter(|identifier| !shared.contains(*identifier))
                .any(|identifier| held.iter().any(|h| names(h, identifier)))
        })
        .map(|(id, _)| *id)
        .collect();
    Some(named)
}

/// The strings found at an attribute path (`load_balancer.target_group_arn`), through lists
/// of nested blocks.
fn strings_at<'v>(value: &'v Value, via: &str) -> Vec<&'v str> {
    let mut frontier = vec![value];
    for step in via.split('.') {
        frontier = frontier
            .into_iter()
            .flat_map(|v| match v {
                Value::Array(items) => items.iter().filter_map(|i| i.get(step)).collect(),
                other => other.get(step).into_iter().collect::<Vec<_>>(),
            })
            .collect();
    }
    let mut found = Vec::new();
    for value in frontier {
        collect_strings(value, &mut found);
    }
    found
}

fn collect_strings<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
    match value {
        Value::String(s) => out.push(s),
        Value::Array(items) => items.iter().for_each(|i| collect_strings(i, out)),
        Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// A resource's top-level string values: its id, ARN, name and the like.
fn top_level_strings(value: &Value) -> BTreeSet<&str> {
    match value {
        Value::Object(map) => map
            .values()
            .filter_map(Value::as_str)
            .filter(|s| !s.is_empty())
            .collect(),
        _ => BTreeSet::new(),
    }
}

/// True when `held` is `identifier`, or contains it as a whole word (not inside a longer
/// name: `prod-web` is not named by `prod-web-2`).
fn names(held: &str, identifier: &str) -> bool {
    let part_of_name = |c: char| c.is_alphanumeric() || c == '-' || c == '_' || c == '.';
    held.match_indices(identifier).any(|(start, _)| {
        let before = held[..start].chars().next_back();
        let after = held[start + identifier.len()..].chars().next();
        !before.is_some_and(part_of_name) && !after.is_some_and(part_of_name)
    })
}

/// The module levels of a resource or module address.
fn modules_of(address: &str) -> Vec<ModuleStep> {
    InstanceAddress::parse(address, Quoting::Json)
        .map(|a| a.modules)
        .or_else(|| parse_module_path(address, Quoting::Json))
        .unwrap_or_default()
}

/// False when the two addresses sit under the same module call with different keys.
fn same_module_instance(from: &[ModuleStep], to: &[ModuleStep]) -> bool {
    for (a, b) in from.iter().zip(to) {
        if a.name != b.name {
            return true;
        }
        if let (Some(x), Some(y)) = (&a.key, &b.key)
            && x != y
        {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::ReferenceKind;
    use crate::location::Location;
    use serde_json::json;

    fn reference(target: &str, via: &str) -> Reference {
        Reference {
            target: target.to_string(),
            via: via.to_string(),
            kind: ReferenceKind::Reference,
            through: Vec::new(),
            location: Location::file_start("main.tf".into()),
        }
    }

    fn targets(references: &[Reference]) -> Vec<&str> {
        references.iter().map(|r| r.target.as_str()).collect()
    }

    #[test]
    fn a_known_value_picks_the_instance_it_names() {
        let replaced = BTreeMap::from([(
            "aws_lb_target_group.tg".to_string(),
            vec![
                r#"aws_lb_target_group.tg["a"]"#.to_string(),
                r#"aws_lb_target_group.tg["b"]"#.to_string(),
            ],
        )]);
        let values = BTreeMap::from([
            (
                r#"aws_lb_target_group.tg["a"]"#.to_string(),
                json!({"arn": "arn:tg/a", "protocol": "HTTP"}),
            ),
            (
                r#"aws_lb_target_group.tg["b"]"#.to_string(),
                json!({"arn": "arn:tg/b", "protocol": "HTTP"}),
            ),
            (
                r#"svc["b"]"#.to_string(),
                json!({"load_balancer": [{"target_group_arn": "arn:tg/b"}]}),
            ),
            (
                r#"svc["c"]"#.to_string(),
                json!({"load_balancer": [{"target_group_arn": "HTTP"}]}),
            ),
            (r#"svc["d"]"#.to_string(), json!({})),
        ]);
        let redirect = Redirect {
            replaced: &replaced,
            values: &values,
            prior: &BTreeMap::new(),
        };
        let refs = [reference(
            "aws_lb_target_group.tg",
            "load_balancer.target_group_arn",
        )];
        let for_service = |id: &str| redirect.references(&refs, id, id);
        assert_eq!(
            targets(&for_service(r#"svc["b"]"#)),
            [r#"aws_lb_target_group.tg["b"]"#]
        );
        // A value every instance shares names none of them; no value: every instance.
        assert_eq!(for_service(r#"svc["c"]"#).len(), 2);
        assert_eq!(for_service(r#"svc["d"]"#).len(), 2);
        assert_eq!(for_service("unplanned").len(), 2);
    }

    #[test]
    fn an_unknown_value_is_read_from_before_the_plan() {
        let replaced = BTreeMap::from([(
            "td".to_string(),
            vec![r#"td["a"]"#.to_string(), r#"td["b"]"#.to_string()],
        )]);
        // After the plan `td["b"]` is replaced: its ARN and the service's reference to it
        // are unknown.
        let values = BTreeMap::from([
            (r#"td["a"]"#.to_string(), json!({"arn": "arn:td/a:1"})),
            (r#"td["b"]"#.to_string(), json!({})),
            ("svc".to_string(), json!({})),
            ("svc2".to_string(), json!({"task_definition": "arn:td/a:1"})),
        ]);
        let prior = BTreeMap::from([
            (r#"td["a"]"#.to_string(), json!({"arn": "arn:td/a:1"})),
            (r#"td["b"]"#.to_string(), json!({"arn": "arn:td/b:4"})),
            ("svc".to_string(), json!({"task_definition": "arn:td/b:4"})),
            ("svc2".to_string(), json!({"task_definition": "arn:td/b:4"})),
        ]);
        let redirect = Redirect {
            replaced: &replaced,
            values: &values,
            prior: &prior,
        };
        let refs = [reference("td", "task_definition")];
        assert_eq!(
            targets(&redirect.references(&refs, "svc", "svc")),
            [r#"td["b"]"#]
        );
        // A value known now wins over the one before.
        assert_eq!(
            targets(&redirect.references(&refs, "svc2", "svc2")),
            [r#"td["a"]"#]
        );
    }

    #[test]
    fn references_to_what_was_left_out_are_dropped() {
        let replaced = BTreeMap::from([("aws_sqs_queue.gone".to_string(), Vec::new())]);
        let values = BTreeMap::new();
        let redirect = Redirect {
            replaced: &replaced,
            values: &values,
            prior: &BTreeMap::new(),
        };
        let refs = [
            reference("aws_sqs_queue.gone", "x"),
            reference("aws_sqs_queue.kept", "y"),
        ];
        assert_eq!(
            targets(&redirect.references(&refs, "a.b", "a.b")),
            ["aws_sqs_queue.kept"]
        );
    }

    #[test]
    fn a_name_is_matched_as_a_whole_word() {
        assert!(names("service/prod-apps/web", "web"));
        assert!(names(
            "arn:aws:ecs:x:1:task-definition/prod-web:8",
            "arn:aws:ecs:x:1:task-definition/prod-web:8"
        ));
        assert!(!names("prod-web-2", "prod-web"));
        assert!(!names("webapp", "web"));
        assert!(!names("a.web", "web"));
    }

    #[test]
    fn strings_are_found_through_nested_blocks() {
        let value = json!({"action": [{"forward": [{"target_group": [{"arn": "x"}, {"arn": "y"}]}]}], "s": "z"});
        assert_eq!(
            strings_at(&value, "action.forward.target_group.arn"),
            ["x", "y"]
        );
        assert_eq!(strings_at(&value, "s"), ["z"]);
        assert!(strings_at(&value, "missing.path").is_empty());
    }
}
