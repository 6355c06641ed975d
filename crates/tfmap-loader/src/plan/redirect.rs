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
//! Before values are read, a reference whose index picks an instance keeps only the
//! instances with that key, as Terraform evaluates it: the referrer's own key
//! (`aws_ecs_task_definition.svc[each.key]`, `count.index`, or a module input written so in
//! a repeated call: the service `["worker"]` uses the task definition `["worker"]`), or a
//! key known statically (`["web"]`, `[0]`) on a target whose keys were not. This holds for
//! targets expanded here and for ones the configuration already keyed. A referrer or target
//! still without a key at that level, no index, a splat, or an index tfmap cannot evaluate
//! keep them all.
//!
//! A reference to a resource left out on this side of the plan is dropped.

use super::address::{InstanceAddress, ModuleStep, Quoting, parse_module_path};
use crate::inventory::{InstanceKey, KeyLevel, KeyPick, Reference};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

pub struct Redirect<'a> {
    /// Old id → the instances it became (empty: left out).
    groups: BTreeMap<&'a str, Group<'a>>,
    /// The values of each resource made from an instance, by id, on the chosen side.
    values: &'a BTreeMap<String, Value>,
    /// The same before the plan.
    prior: &'a BTreeMap<String, Value>,
}

/// The instances one resource became, indexed once so that redirecting the references of
/// thousands of instances stays linear.
struct Group<'a> {
    targets: Vec<&'a str>,
    modules: Vec<Vec<ModuleStep>>,
    now: Identifiers<'a>,
    before: Identifiers<'a>,
}

/// The distinguishing top-level string values of a group's instances in one set of values.
#[derive(Default)]
struct Identifiers<'a> {
    /// Value → the positions of the instances that hold it.
    owners: BTreeMap<&'a str, Vec<usize>>,
    /// The longest value, to bound the search inside longer strings.
    longest: usize,
}

impl<'a> Identifiers<'a> {
    fn of(targets: &[&str], values: &'a BTreeMap<String, Value>) -> Identifiers<'a> {
        let sets: Vec<BTreeSet<&'a str>> = targets
            .iter()
            .map(|id| values.get(*id).map(top_level_strings).unwrap_or_default())
            .collect();
        let mut owners: BTreeMap<&'a str, Vec<usize>> = BTreeMap::new();
        for (position, set) in sets.iter().enumerate() {
            for identifier in set {
                owners.entry(identifier).or_default().push(position);
            }
        }
        // A value every instance has (a shared VPC id, `HTTP`) tells them apart from nothing.
        if targets.len() > 1 {
            owners.retain(|_, holders| holders.len() < targets.len());
        }
        let longest = owners.keys().map(|k| k.len()).max().unwrap_or(0);
        Identifiers { owners, longest }
    }

    /// The instances `held` names: equal to one of their values, or containing it as a
    /// whole word.
    fn named_by(&self, held: &str) -> BTreeSet<usize> {
        let mut named = BTreeSet::new();
        for (start, end) in word_spans(held, self.longest) {
            if let Some(holders) = self.owners.get(&held[start..end]) {
                named.extend(holders.iter().copied());
            }
        }
        named
    }
}

impl<'a> Redirect<'a> {
    pub fn new(
        replaced: &'a BTreeMap<String, Vec<String>>,
        values: &'a BTreeMap<String, Value>,
        prior: &'a BTreeMap<String, Value>,
    ) -> Redirect<'a> {
        let groups = replaced
            .iter()
            .map(|(old, new)| {
                let targets: Vec<&str> = new.iter().map(String::as_str).collect();
                let modules = targets
                    .iter()
                    .map(|t| modules_of(t.split_once(':').map_or(t, |(_, a)| a)))
                    .collect();
                let group = Group {
                    now: Identifiers::of(&targets, values),
                    before: Identifiers::of(&targets, prior),
                    targets,
                    modules,
                };
                (old.as_str(), group)
            })
            .collect();
        Redirect {
            groups,
            values,
            prior,
        }
    }

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
            let Some(group) = self.groups.get(reference.target.as_str()) else {
                if pick_reaches(reference.picks.as_ref(), from_address, &reference.target) {
                    out.push(reference.clone());
                }
                continue;
            };
            let keyed = from_modules.iter().any(|m| m.key.is_some());
            let reachable: Vec<usize> = (0..group.targets.len())
                .filter(|&i| !keyed || same_module_instance(&from_modules, &group.modules[i]))
                .filter(|&i| pick_reaches(reference.picks.as_ref(), from_address, group.targets[i]))
                .collect();
            for i in self.named_by_value(group, from_id, &reference.via, reachable) {
                out.push(Reference {
                    target: group.targets[i].to_string(),
                    ..reference.clone()
                });
            }
        }
        crate::inventory::distinct_references(out)
    }

    /// The candidates the referrer's value at `via` names; all of them without evidence.
    fn named_by_value(
        &self,
        group: &Group<'_>,
        from_id: &str,
        via: &str,
        candidates: Vec<usize>,
    ) -> Vec<usize> {
        if candidates.len() < 2 {
            return candidates;
        }
        let named = match named_in(&group.now, self.values, from_id, via) {
            Some(named) => named,
            None => named_in(&group.before, self.prior, from_id, via).unwrap_or_default(),
        };
        let narrowed: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|i| named.contains(i))
            .collect();
        if narrowed.is_empty() {
            candidates
        } else {
            narrowed
        }
    }
}

/// The instances the referrer's value at `via` names in one set of values; `None` when the
/// referrer holds no value there (unknown, or not described).
fn named_in(
    identifiers: &Identifiers<'_>,
    values: &BTreeMap<String, Value>,
    from_id: &str,
    via: &str,
) -> Option<BTreeSet<usize>> {
    let held = strings_at(values.get(from_id)?, via);
    if held.is_empty() {
        return None;
    }
    Some(held.iter().flat_map(|h| identifiers.named_by(h)).collect())
}

/// The spans of `held` that are whole words (bounded by the string's ends or by characters
/// that cannot be part of a name: `prod-web` is not a word of `prod-web-2`), at most
/// `longest` bytes long.
fn word_spans(held: &str, longest: usize) -> Vec<(usize, usize)> {
    let part_of_name = |c: char| c.is_alphanumeric() || c == '-' || c == '_' || c == '.';
    let chars: Vec<(usize, char)> = held.char_indices().collect();
    let mut starts = Vec::new();
    let mut ends = Vec::new();
    for (k, &(offset, c)) in chars.iter().enumerate() {
        let previous = k.checked_sub(1).and_then(|p| chars.get(p)).map(|&(_, p)| p);
        if !previous.is_some_and(part_of_name) || !part_of_name(c) {
            starts.push(offset);
        }
        let next = chars.get(k + 1).map(|&(_, n)| n);
        if !next.is_some_and(part_of_name) || !part_of_name(c) {
            ends.push(offset + c.len_utf8());
        }
    }
    let mut spans = Vec::new();
    for &start in &starts {
        let first = ends.partition_point(|&end| end <= start);
        for &end in &ends[first..] {
            if end - start > longest {
                break;
            }
            spans.push((start, end));
        }
    }
    spans
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

/// False when the reference's index picks another instance than `target_id`: the key it
/// picks (the referrer's own, or one known statically) and the target's key at that level
/// are both known and differ. A number and a string that print alike are the same key, as
/// Terraform converts an index to a map key.
fn pick_reaches(picks: Option<&KeyPick>, from_address: &str, target_id: &str) -> bool {
    let target_address = InstanceAddress::parse(target_id, Quoting::Json)
        .map(|_| target_id)
        .or_else(|| parse_module_path(target_id, Quoting::Json).map(|_| target_id))
        .unwrap_or_else(|| target_id.split_once(':').map_or(target_id, |(_, a)| a));
    let (picked, level) = match picks {
        None => return true,
        Some(KeyPick::Own { referrer, target }) => (key_at(from_address, *referrer), *target),
        Some(KeyPick::Known { key, target }) => (Some(key.clone()), *target),
    };
    match (picked, key_at(target_address, level)) {
        (Some(picked), Some(theirs)) => key_text(&picked) == key_text(&theirs),
        _ => true,
    }
}

/// The key of one level of an address: its resource's own key (a module node's own: the
/// last call's), or the key of the module call at that depth.
fn key_at(address: &str, level: KeyLevel) -> Option<InstanceKey> {
    let (modules, own) = match InstanceAddress::parse(address, Quoting::Json) {
        Some(parsed) => (parsed.modules, parsed.key),
        None => {
            let modules = parse_module_path(address, Quoting::Json)?;
            let own = modules.last().and_then(|m| m.key.clone());
            (modules, own)
        }
    };
    match level {
        KeyLevel::Resource => own,
        KeyLevel::Module(depth) => modules.get(depth).and_then(|m| m.key.clone()),
    }
}

fn key_text(key: &InstanceKey) -> String {
    match key {
        InstanceKey::Index(index) => index.to_string(),
        InstanceKey::Key(key) => key.clone(),
    }
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
            picks: None,
            state_output: None,
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
        let no_prior = BTreeMap::new();
        let redirect = Redirect::new(&replaced, &values, &no_prior);
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
        let redirect = Redirect::new(&replaced, &values, &prior);
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
        let no_prior = BTreeMap::new();
        let redirect = Redirect::new(&replaced, &values, &no_prior);
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
    fn an_index_picks_the_instance_with_its_key() {
        let own = KeyPick::Own {
            referrer: KeyLevel::Resource,
            target: KeyLevel::Resource,
        };
        let svc = r#"aws_ecs_service.svc["web"]"#;
        assert!(pick_reaches(
            Some(&own),
            svc,
            r#"aws_ecs_task_definition.svc["web"]"#
        ));
        assert!(!pick_reaches(
            Some(&own),
            svc,
            r#"aws_ecs_task_definition.svc["worker"]"#
        ));
        // Without a key on either side nothing tells: reached.
        assert!(pick_reaches(
            Some(&own),
            "aws_ecs_service.svc",
            r#"aws_ecs_task_definition.svc["worker"]"#
        ));
        assert!(pick_reaches(Some(&own), svc, "aws_ecs_task_definition.svc"));
        assert!(pick_reaches(
            None,
            svc,
            r#"aws_ecs_task_definition.svc["worker"]"#
        ));
        // `count.index` on a `for_each` target: 0 is the key "0".
        assert!(pick_reaches(
            Some(&own),
            "aws_lambda_function.f[0]",
            r#"aws_sqs_queue.q["0"]"#
        ));
        // The key of the referrer's module call, in a root below the analysed directory.
        let by_call = KeyPick::Own {
            referrer: KeyLevel::Module(0),
            target: KeyLevel::Resource,
        };
        let inside = r#"module.svc["b"].aws_lambda_function.f"#;
        assert!(pick_reaches(
            Some(&by_call),
            inside,
            r#"envs/prod:aws_sqs_queue.q["b"]"#
        ));
        assert!(!pick_reaches(
            Some(&by_call),
            inside,
            r#"envs/prod:aws_sqs_queue.q["a"]"#
        ));
        let literal = KeyPick::Known {
            key: InstanceKey::Key("a".to_string()),
            target: KeyLevel::Module(0),
        };
        assert!(pick_reaches(
            Some(&literal),
            "x",
            r#"module.m["a"].aws_sqs_queue.q"#
        ));
        assert!(!pick_reaches(
            Some(&literal),
            "x",
            r#"module.m["b"].aws_sqs_queue.q"#
        ));
    }

    fn names(held: &str, identifier: &str) -> bool {
        word_spans(held, identifier.len())
            .iter()
            .any(|&(start, end)| &held[start..end] == identifier)
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
