//! Resolving references to the resources they finally name, through local values, variables,
//! module inputs and module outputs: `cluster = local.cluster` where
//! `local.cluster = aws_ecs_cluster.main.arn` resolves to `aws_ecs_cluster.main`, with
//! `local.cluster` recorded as the way it went.

use super::config::Mode;
use super::eval::{Evaluator, Scope, Symbol, instance_key};
use super::expand::Expansion;
use super::syntax::{RawAttribute, RawReference, ReferenceIndex};
use super::tree::Child;
use crate::diagnostic::Diagnostic;
use crate::inventory::{InstanceKey, KeyLevel, KeyPick};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// A resource reached by a reference, and the symbols passed on the way.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    /// Address inside the root module: `module.app.aws_ecs_service.this`.
    pub address: String,
    pub through: Vec<String>,
    /// The instance the index picks among keys not known statically (see
    /// `Reference::picks`).
    pub picks: Option<KeyPick>,
    /// A resource of another root, reached through a `terraform_remote_state` data source:
    /// `address` is then its id, and this the output read.
    pub state_output: Option<String>,
}

/// Two ways to one target pick an instance only when both pick the same way.
fn merged_pick(a: Option<KeyPick>, b: &Option<KeyPick>) -> Option<KeyPick> {
    if a == *b { a } else { None }
}

/// Memoised targets per instance and symbol.
/// The conditions of one attribute's conditionals, evaluated once each (by identity).
#[derive(Default)]
struct ConditionValues {
    values: Vec<(std::sync::Arc<hcl::Expression>, tfmap_core::Value)>,
}

#[derive(Default)]
pub(crate) struct TargetCache {
    targets: HashMap<(usize, Symbol), Arc<[Target]>>,
}

impl Evaluator<'_> {
    /// Every resource an attribute's expression reaches: once per address, with the index of
    /// the first reference (in source order) that reaches it and the least way it goes.
    /// `scope` binds `each`, `count` and `dynamic` iterators, so that
    /// `aws_lb_target_group.tg[each.key]` reaches the one instance it names.
    pub fn attribute_targets(
        &mut self,
        cache: &mut TargetCache,
        instance: usize,
        attribute: &RawAttribute,
        scope: &Scope,
    ) -> Vec<(Target, usize)> {
        let reached = self.reached_targets(cache, instance, attribute, scope);
        // Many references often reach the same resources through the same locals: each
        // target's way is copied once, not once per reference.
        let location = |index: usize| &attribute.references[index].location;
        type First<'t> = (&'t [String], usize, Option<KeyPick>, &'t Option<String>);
        let mut first: BTreeMap<(&Option<String>, &str), First> = BTreeMap::new();
        for (targets, index) in &reached {
            for target in targets.iter() {
                let candidate = (target.through.as_slice(), *index);
                let key = (&target.state_output, target.address.as_str());
                match first.get_mut(&key) {
                    Some(kept) => {
                        kept.2 = merged_pick(kept.2.clone(), &target.picks);
                        if (location(kept.1), kept.0) > (location(candidate.1), candidate.0) {
                            (kept.0, kept.1) = candidate;
                        }
                    }
                    None => {
                        first.insert(
                            key,
                            (
                                candidate.0,
                                candidate.1,
                                target.picks.clone(),
                                &target.state_output,
                            ),
                        );
                    }
                }
            }
        }
        first
            .into_iter()
            .map(|((_, address), (through, index, picks, state_output))| {
                let target = Target {
                    address: address.to_string(),
                    through: through.to_vec(),
                    picks,
                    state_output: state_output.clone(),
                };
                (target, index)
            })
            .collect()
    }

    /// What each reference of an attribute reaches, by the reference's index; a reference in
    /// a branch not taken reaches nothing.
    fn reached_targets(
        &mut self,
        cache: &mut TargetCache,
        instance: usize,
        attribute: &RawAttribute,
        scope: &Scope,
    ) -> Vec<(Arc<[Target]>, usize)> {
        let mut reached = Vec::new();
        let mut conditions = ConditionValues::default();
        for (index, reference) in attribute.references.iter().enumerate() {
            if !self.branch_taken(&mut conditions, instance, attribute, scope, reference) {
                continue;
            }
            let targets = self.reference_targets(cache, instance, reference, attribute, scope);
            reached.push((targets, index));
        }
        reached
    }

    /// False when the reference sits in a branch of a conditional whose known condition
    /// takes the other branch: Terraform never evaluates it, so it reaches nothing and
    /// says nothing. An unknown condition may take either branch.
    fn branch_taken(
        &mut self,
        conditions: &mut ConditionValues,
        instance: usize,
        attribute: &RawAttribute,
        scope: &Scope,
        reference: &RawReference,
    ) -> bool {
        for guard in &reference.guards {
            let known = conditions
                .values
                .iter()
                .find(|(condition, _)| std::sync::Arc::ptr_eq(condition, &guard.condition));
            let value = match known {
                Some((_, value)) => value.clone(),
                None => {
                    let value = self.evaluate(
                        instance,
                        &guard.condition,
                        (scope, &attribute.references),
                        &attribute.location,
                    );
                    conditions
                        .values
                        .push((guard.condition.clone(), value.clone()));
                    value
                }
            };
            if let tfmap_core::Value::Bool(taken) = value
                && taken != guard.branch
            {
                return false;
            }
        }
        true
    }

    fn reference_targets(
        &mut self,
        cache: &mut TargetCache,
        instance: usize,
        reference: &RawReference,
        attribute: &RawAttribute,
        scope: &Scope,
    ) -> Arc<[Target]> {
        let path = &reference.path;
        match (path[0].as_str(), path.len()) {
            ("var", 2..) => self.symbol_targets(cache, instance, Symbol::Var(path[1].clone())),
            ("local", 2..) => self.symbol_targets(cache, instance, Symbol::Local(path[1].clone())),
            ("module", 2..) => self
                .module_targets(cache, instance, reference, attribute, scope)
                .into(),
            // An ephemeral resource is never stored and not drawn: nothing to reach.
            ("each" | "count" | "self" | "path" | "terraform" | "ephemeral", _) => Arc::from([]),
            ("data", 3..) => {
                let mut targets = self.resource_targets(
                    instance,
                    (Mode::Data, &path[1], &path[2]),
                    (reference, attribute, scope),
                );
                if path[1] == "terraform_remote_state" {
                    targets.extend(self.remote_targets(instance, reference, attribute, scope));
                }
                targets.into()
            }
            // `resource.TYPE.NAME`: the prefix Terraform allows for a managed resource.
            ("resource", 3..) => self
                .resource_targets(
                    instance,
                    (Mode::Managed, &path[1], &path[2]),
                    (reference, attribute, scope),
                )
                .into(),
            (_, 2..) => self
                .resource_targets(
                    instance,
                    (Mode::Managed, &path[0], &path[1]),
                    (reference, attribute, scope),
                )
                .into(),
            _ => Arc::from([]),
        }
    }

    /// `module.x.out`, `module.x["k"].out`, `module.x` or `module.x[*]`.
    fn module_targets(
        &mut self,
        cache: &mut TargetCache,
        instance: usize,
        reference: &RawReference,
        attribute: &RawAttribute,
        scope: &Scope,
    ) -> Vec<Target> {
        let path = &reference.path;
        let call = &path[1];
        // `module.x["k"].out` indexes the call; in `module.x.out["k"].attr` the index is
        // into the output's value.
        let indexes_the_call = path.len() == 2;
        let prefix = self.tree[instance].prefix();
        let mut keys_unknown = false;
        let keys: Vec<Option<InstanceKey>> = match self.tree[instance].children.get(call).cloned() {
            Some(Child::External) => {
                let base = format!("{prefix}module.{call}");
                let expansion = self.call_expansion(instance, call);
                return self.instance_targets(
                    instance,
                    (expansion, base),
                    (reference, attribute, scope),
                );
            }
            Some(Child::Local(_)) => vec![None],
            Some(Child::EachUnknown(_)) => {
                keys_unknown = true;
                vec![None]
            }
            Some(Child::Repeated(children)) => {
                let keys: Vec<InstanceKey> = children.into_iter().map(|(k, _)| k).collect();
                if indexes_the_call {
                    self.pick_instances(instance, &keys, reference, attribute, scope)
                        .into_iter()
                        .map(Some)
                        .collect()
                } else {
                    keys.into_iter().map(Some).collect()
                }
            }
            Some(Child::Unresolved) | None => return Vec::new(),
        };
        // The output named after the call (`module.x.out`) or after its index
        // (`module.x["k"].out`); every output when none is named.
        let named = if indexes_the_call {
            reference.after_index.first()
        } else {
            path.get(2)
        };
        // What the called module's own references pick means nothing to this referrer; its
        // index on the call picks among the call's instances.
        let picks = if indexes_the_call {
            let level = KeyLevel::Module(self.module_depth(instance));
            self.key_pick(instance, (reference, attribute, scope), level, keys_unknown)
        } else {
            None
        };
        let mut all = Vec::new();
        for key in keys {
            let outputs: Vec<String> = match named {
                Some(output) => vec![output.clone()],
                None => self
                    .output_instance(instance, call, key.as_ref())
                    .and_then(|child| self.config(child))
                    .map(|c| c.outputs.keys().cloned().collect())
                    .unwrap_or_default(),
            };
            for output in outputs {
                let symbol = Symbol::Output {
                    call: call.clone(),
                    key: key.clone(),
                    output,
                };
                all.extend(
                    self.symbol_targets(cache, instance, symbol)
                        .iter()
                        .map(|t| Target {
                            picks: picks.clone(),
                            ..t.clone()
                        }),
                );
            }
        }
        all
    }

    /// The resources of another root behind the outputs a `terraform_remote_state`
    /// reference reads: `….outputs.name` or `….outputs["name"]` one output, else every one.
    fn remote_targets(
        &mut self,
        instance: usize,
        reference: &RawReference,
        attribute: &RawAttribute,
        scope: &Scope,
    ) -> Vec<Target> {
        let Some(state) = self.remote_state(instance, &reference.path[2]) else {
            return Vec::new();
        };
        let path = &reference.path;
        let named = match (path.get(3).map(String::as_str), path.get(4)) {
            (Some("outputs"), Some(output)) => Some(output.clone()),
            (Some("outputs"), None) => match &reference.index {
                Some(ReferenceIndex::Key(index)) => {
                    match self.evaluate(
                        instance,
                        index,
                        (scope, &attribute.references),
                        &reference.location,
                    ) {
                        tfmap_core::Value::String(name) => Some(name),
                        _ => None,
                    }
                }
                _ => None,
            },
            _ => None,
        };
        state
            .targets
            .iter()
            .filter(|(output, _)| named.as_ref().is_none_or(|n| n == *output))
            .flat_map(|(output, targets)| {
                targets.iter().map(|(id, through)| Target {
                    address: id.clone(),
                    through: through.clone(),
                    picks: None,
                    state_output: Some(output.clone()),
                })
            })
            .collect()
    }

    /// The instances of a resource a reference reaches: the one its index names when the
    /// index is known, else every instance.
    fn resource_targets(
        &mut self,
        instance: usize,
        (mode, resource_type, name): (Mode, &str, &str),
        (reference, attribute, scope): (&RawReference, &RawAttribute, &Scope),
    ) -> Vec<Target> {
        let Some(base) = self.declared_address(instance, mode, resource_type, name) else {
            let shown = match mode {
                Mode::Managed => format!("{resource_type}.{name}"),
                Mode::Data => format!("data.{resource_type}.{name}"),
            };
            if self.config(instance).is_some_and(|c| c.skipped(&shown)) {
                return Vec::new();
            }
            self.report(Diagnostic::warning(
                reference.location.clone(),
                format!("reference to undeclared resource `{shown}`"),
            ));
            return Vec::new();
        };
        let expansion = self.resource_expansion(instance, mode, resource_type, name);
        self.instance_targets(instance, (expansion, base), (reference, attribute, scope))
    }

    /// The instances of a declaration at `base` that a reference reaches: the declaration
    /// itself when it is not repeated (or its keys are unknown), else the ones its index picks.
    fn instance_targets(
        &mut self,
        instance: usize,
        (expansion, base): (std::sync::Arc<Expansion>, String),
        (reference, attribute, scope): (&RawReference, &RawAttribute, &Scope),
    ) -> Vec<Target> {
        let keys_unknown = matches!(&*expansion, Expansion::Unknown { .. });
        let picks = self.key_pick(
            instance,
            (reference, attribute, scope),
            KeyLevel::Resource,
            keys_unknown,
        );
        let addresses = match &*expansion {
            Expansion::Single | Expansion::Unknown { .. } => vec![base],
            Expansion::Instances { instances, .. } => {
                let keys: Vec<InstanceKey> = instances.iter().map(|(k, _)| k.clone()).collect();
                self.pick_instances(instance, &keys, reference, attribute, scope)
                    .into_iter()
                    .map(|key| format!("{base}{key}"))
                    .collect()
            }
        };
        addresses
            .into_iter()
            .map(|address| Target {
                address,
                through: Vec::new(),
                picks: picks.clone(),
                state_output: None,
            })
            .collect()
    }

    /// The instance a reference's index picks at the target's `level`, for a plan to narrow
    /// to once it shows the instances: a key known statically when the target's keys are
    /// not (those the configuration keyed were picked already), else the referrer's own key.
    fn key_pick(
        &mut self,
        instance: usize,
        (reference, attribute, scope): (&RawReference, &RawAttribute, &Scope),
        level: KeyLevel,
        keys_unknown: bool,
    ) -> Option<KeyPick> {
        if keys_unknown && let Some(ReferenceIndex::Key(index)) = &reference.index {
            let value = self.evaluate(
                instance,
                index,
                (scope, &attribute.references),
                &reference.location,
            );
            if let Some(key) = instance_key(&value) {
                return Some(KeyPick::Known { key, target: level });
            }
        }
        own_key_index(reference, scope).map(|referrer| KeyPick::Own {
            referrer,
            target: level,
        })
    }

    /// Which of `keys` a reference's index names: one key when the index is known, all of
    /// them for a splat, no index or an unknown index; none for a key that does not exist,
    /// with a warning unless `try`/`can` handles that.
    fn pick_instances(
        &mut self,
        instance: usize,
        keys: &[InstanceKey],
        reference: &RawReference,
        attribute: &RawAttribute,
        scope: &Scope,
    ) -> Vec<InstanceKey> {
        let Some(ReferenceIndex::Key(index)) = &reference.index else {
            return keys.to_vec();
        };
        let value = self.evaluate(
            instance,
            index,
            (scope, &attribute.references),
            &reference.location,
        );
        match instance_key(&value) {
            Some(key) if keys.contains(&key) => vec![key],
            Some(_) if reference.tolerated => Vec::new(),
            Some(key) => {
                self.report(Diagnostic::warning(
                    reference.location.clone(),
                    format!("`{}` has no instance {key}", reference.path.join(".")),
                ));
                Vec::new()
            }
            None => keys.to_vec(),
        }
    }

    /// The targets of a variable, local or output, prefixed with that symbol's name: one per
    /// address, reached by the least way (the way a resource's references keep in the end).
    /// Keeping every way would grow with the number of paths through the locals, which is
    /// exponential in their depth.
    fn symbol_targets(
        &mut self,
        cache: &mut TargetCache,
        instance: usize,
        symbol: Symbol,
    ) -> Arc<[Target]> {
        let key = (instance, symbol);
        if let Some(found) = cache.targets.get(&key) {
            return found.clone();
        }
        // A cycle or an over-long chain was already reported by value evaluation; here it
        // only ends the walk.
        if self.active.contains(&key) || self.depth >= 200 {
            return Arc::from([]);
        }
        self.active.insert(key.clone());
        self.depth += 1;
        let inner = self.compute_symbol_targets(cache, key.0, &key.1);
        self.depth -= 1;
        self.active.remove(&key);
        let name = self.symbol_name(key.0, &key.1);
        type Way = (Vec<String>, Option<KeyPick>);
        let mut least: BTreeMap<(Option<String>, String), Way> = BTreeMap::new();
        for target in inner {
            let key = (target.state_output, target.address);
            match least.get_mut(&key) {
                Some((through, picks)) => {
                    *picks = merged_pick(picks.take(), &target.picks);
                    if *through > target.through {
                        *through = target.through;
                    }
                }
                None => {
                    least.insert(key, (target.through, target.picks));
                }
            }
        }
        let found: Arc<[Target]> = least
            .into_iter()
            .map(|((state_output, address), (mut through, picks))| {
                through.insert(0, name.clone());
                Target {
                    address,
                    through,
                    picks,
                    state_output,
                }
            })
            .collect();
        cache.targets.insert(key, found.clone());
        found
    }

    fn compute_symbol_targets(
        &mut self,
        cache: &mut TargetCache,
        instance: usize,
        symbol: &Symbol,
    ) -> Vec<Target> {
        let Some(config) = self.config(instance) else {
            return Vec::new();
        };
        let none = Scope::default();
        let attribute: Option<(usize, &RawAttribute, Scope)> = match symbol {
            // A module input is evaluated in the caller, with the `each`/`count` of this
            // instance of the call.
            Symbol::Var(name) => match self.tree[instance].parent.clone() {
                Some((parent, call)) => self
                    .config(parent)
                    .and_then(|c| c.module_calls.get(&call))
                    .and_then(|c| c.body.attribute(name))
                    .map(|a| {
                        let call_level =
                            KeyLevel::Module(self.module_depth(instance).saturating_sub(1));
                        (
                            parent,
                            a,
                            Scope::keyed(self.tree[instance].iteration.clone(), call_level),
                        )
                    }),
                None => None,
            },
            Symbol::Local(name) => config.locals.get(name).map(|a| (instance, a, none)),
            Symbol::Output { call, key, output } => self
                .output_instance(instance, call, key.as_ref())
                .and_then(|child| {
                    self.config(child)
                        .and_then(|c| c.outputs.get(output))
                        .and_then(|o| o.value.as_ref())
                        .map(|a| (child, a, none))
                }),
        };
        match attribute {
            // Where the references are written does not matter here: the way is recorded
            // at the reference that reaches this symbol.
            Some((at, attribute, scope)) => self
                .reached_targets(cache, at, attribute, &scope)
                .iter()
                .flat_map(|(targets, _)| targets.iter().cloned())
                .collect(),
            None => Vec::new(),
        }
    }
}

/// The level whose key a reference's index is, when that index is exactly `each.key` or
/// `count.index` of the level `scope` repeats; anything else (`each.value.name`, a local, a
/// `dynamic` iterator that shadows `each`) pairs nothing.
fn own_key_index(reference: &RawReference, scope: &Scope) -> Option<KeyLevel> {
    let level = scope.own_key?;
    let Some(ReferenceIndex::Key(hcl::Expression::Traversal(traversal))) = &reference.index else {
        return None;
    };
    let hcl::Expression::Variable(root) = &traversal.expr else {
        return None;
    };
    let [hcl::TraversalOperator::GetAttr(attribute)] = traversal.operators.as_slice() else {
        return None;
    };
    let own = matches!(
        (root.as_str(), attribute.as_str()),
        ("each", "key") | ("count", "index")
    );
    let shadowed = scope
        .iterators
        .iter()
        .any(|(name, _)| name == root.as_str());
    (own && !shadowed).then_some(level)
}
