//! Resolving references to the resources they finally name, through local values, variables,
//! module inputs and module outputs: `cluster = local.cluster` where
//! `local.cluster = aws_ecs_cluster.main.arn` resolves to `aws_ecs_cluster.main`, with
//! `local.cluster` recorded as the way it went.

use super::config::Mode;
use super::eval::{Evaluator, Symbol};
use super::syntax::{RawAttribute, RawReference};
use super::tree::Child;
use crate::diagnostic::Diagnostic;
use std::collections::{BTreeSet, HashMap};

/// A resource reached by a reference, and the symbols passed on the way.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    /// Address inside the root module: `module.app.aws_ecs_service.this`.
    pub address: String,
    pub through: Vec<String>,
}

/// Memoised targets per instance and symbol.
#[derive(Default)]
pub(crate) struct TargetCache {
    targets: HashMap<(usize, Symbol), Vec<Target>>,
}

impl Evaluator<'_> {
    /// Every resource an attribute's expression reaches.
    pub fn attribute_targets(
        &mut self,
        cache: &mut TargetCache,
        instance: usize,
        attribute: &RawAttribute,
    ) -> Vec<(Target, usize)> {
        let mut found = Vec::new();
        for (index, reference) in attribute.references.iter().enumerate() {
            for target in self.reference_targets(cache, instance, reference) {
                found.push((target, index));
            }
        }
        found
    }

    fn reference_targets(
        &mut self,
        cache: &mut TargetCache,
        instance: usize,
        reference: &RawReference,
    ) -> Vec<Target> {
        let path = &reference.path;
        match (path[0].as_str(), path.len()) {
            ("var", 2..) => self.symbol_targets(cache, instance, Symbol::Var(path[1].clone())),
            ("local", 2..) => self.symbol_targets(cache, instance, Symbol::Local(path[1].clone())),
            ("module", 2..) => {
                let call = &path[1];
                match self.tree[instance].children.get(call) {
                    Some(Child::External) => {
                        vec![Target {
                            address: format!("{}module.{call}", self.tree[instance].prefix()),
                            through: Vec::new(),
                        }]
                    }
                    Some(Child::Local(child)) => {
                        let outputs: Vec<String> = match path.get(2) {
                            Some(output) => vec![output.clone()],
                            None => self
                                .config(*child)
                                .map(|c| c.outputs.keys().cloned().collect())
                                .unwrap_or_default(),
                        };
                        let mut all = Vec::new();
                        for output in outputs {
                            let symbol = Symbol::Output {
                                call: call.clone(),
                                output,
                            };
                            all.extend(self.symbol_targets(cache, instance, symbol));
                        }
                        all
                    }
                    _ => Vec::new(),
                }
            }
            ("each" | "count" | "self" | "path" | "terraform", _) => Vec::new(),
            ("data", 3..) => {
                self.resource_target(instance, Mode::Data, &path[1], &path[2], reference)
            }
            (_, 2..) => {
                self.resource_target(instance, Mode::Managed, &path[0], &path[1], reference)
            }
            _ => Vec::new(),
        }
    }

    fn resource_target(
        &mut self,
        instance: usize,
        mode: Mode,
        resource_type: &str,
        name: &str,
        reference: &RawReference,
    ) -> Vec<Target> {
        match self.declared_address(instance, mode, resource_type, name) {
            Some(address) => vec![Target {
                address,
                through: Vec::new(),
            }],
            None => {
                let shown = match mode {
                    Mode::Managed => format!("{resource_type}.{name}"),
                    Mode::Data => format!("data.{resource_type}.{name}"),
                };
                self.report(Diagnostic::warning(
                    reference.location.clone(),
                    format!("reference to undeclared resource `{shown}`"),
                ));
                Vec::new()
            }
        }
    }

    /// The targets of a variable, local or output, prefixed with that symbol's name.
    fn symbol_targets(
        &mut self,
        cache: &mut TargetCache,
        instance: usize,
        symbol: Symbol,
    ) -> Vec<Target> {
        let key = (instance, symbol);
        if let Some(found) = cache.targets.get(&key) {
            return found.clone();
        }
        // A cycle or an over-long chain was already reported by value evaluation; here it
        // only ends the walk.
        if self.active.contains(&key) || self.depth >= 200 {
            return Vec::new();
        }
        self.active.insert(key.clone());
        self.depth += 1;
        let inner = self.compute_symbol_targets(cache, key.0, &key.1);
        self.depth -= 1;
        self.active.remove(&key);
        let name = self.symbol_name(key.0, &key.1);
        let found: Vec<Target> = inner
            .into_iter()
            .map(|mut target| {
                target.through.insert(0, name.clone());
                target
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
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
        let attribute: Option<(usize, &RawAttribute)> = match symbol {
            Symbol::Var(name) => match self.tree[instance].parent.clone() {
                Some((parent, call)) => self
                    .config(parent)
                    .and_then(|c| c.module_calls.get(&call))
                    .and_then(|c| c.body.attribute(name))
                    .map(|a| (parent, a)),
                None => None,
            },
            Symbol::Local(name) => config.locals.get(name).map(|a| (instance, a)),
            Symbol::Output { call, output } => match self.tree[instance].children.get(call) {
                Some(Child::Local(child)) => self
                    .config(*child)
                    .and_then(|c| c.outputs.get(output))
                    .and_then(|o| o.value.as_ref())
                    .map(|a| (*child, a)),
                _ => None,
            },
        };
        match attribute {
            Some((at, attribute)) => self
                .attribute_targets(cache, at, attribute)
                .into_iter()
                .map(|(t, _)| t)
                .collect(),
            None => Vec::new(),
        }
    }
}
