//! Which provider configuration each resource uses, through module calls.
//!
//! Terraform's rules, as its graph builder applies them:
//! - a resource uses the configuration its `provider` meta-argument names (`kubernetes.east`),
//!   else the default configuration of the provider its type is prefixed with
//!   (`kubernetes_service_v1` → `kubernetes`);
//! - a module's own `provider` block for that name (and alias) is the configuration, unless
//!   it is an empty block standing in for one the caller passes;
//! - a module call's `providers = { kubernetes = kubernetes.west }` passes the caller's
//!   `kubernetes.west` as the module's `kubernetes` (keys may be aliased too:
//!   `kubernetes.x = kubernetes.west` for a module declaring `configuration_aliases`);
//! - a default (unaliased) configuration the map does not name is inherited from the caller,
//!   map or no map; an aliased one never is;
//! - in the root module, a default configuration without a block is the provider's empty
//!   configuration.
//!
//! The quoted form of Terraform 0.11 (`"kubernetes" = "kubernetes.west"`) reads the same.

use super::config::ModuleConfig;
use super::syntax::{RawAttribute, RawBlock};
use super::tree::Instance;
use crate::diagnostic::Diagnostic;
use std::collections::BTreeMap;

/// A provider configuration's address inside one module: `kubernetes` or `kubernetes.west`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalProvider {
    pub name: String,
    pub alias: Option<String>,
}

impl LocalProvider {
    /// `kubernetes`, `kubernetes.west`; anything else (an index, more parts, a blank name)
    /// is not a provider address.
    pub fn parse(text: &str) -> Option<LocalProvider> {
        let mut parts = text.trim().split('.');
        let name = parts.next().filter(|n| is_name(n))?;
        let alias = match parts.next() {
            Some(alias) if is_name(alias) => Some(alias.to_string()),
            Some(_) => return None,
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(LocalProvider {
            name: name.to_string(),
            alias,
        })
    }

    /// The address an expression names: a reference (`kubernetes.west`, `kubernetes`) or,
    /// as Terraform 0.11 wrote it, a string holding one (`"kubernetes.west"`).
    pub fn of_expression(expr: &hcl::Expression) -> Option<LocalProvider> {
        match expr {
            hcl::Expression::Variable(variable) => LocalProvider::parse(variable.as_str()),
            hcl::Expression::Traversal(traversal) => {
                let hcl::Expression::Variable(root) = &traversal.expr else {
                    return None;
                };
                let mut text = root.as_str().to_string();
                for operator in &traversal.operators {
                    match operator {
                        hcl::TraversalOperator::GetAttr(attribute) => {
                            text.push('.');
                            text.push_str(attribute.as_str());
                        }
                        _ => return None,
                    }
                }
                LocalProvider::parse(&text)
            }
            hcl::Expression::String(text) => LocalProvider::parse(text),
            hcl::Expression::TemplateExpr(template) => match template.as_ref() {
                hcl::TemplateExpr::QuotedString(text) if !text.contains("${") => {
                    LocalProvider::parse(text)
                }
                _ => None,
            },
            hcl::Expression::Parenthesis(inner) => LocalProvider::of_expression(inner),
            _ => None,
        }
    }

    /// The default configuration a resource type uses: its prefix up to the first `_`.
    pub fn implied(resource_type: &str) -> LocalProvider {
        LocalProvider {
            name: resource_type
                .split_once('_')
                .map_or(resource_type, |(prefix, _)| prefix)
                .to_string(),
            alias: None,
        }
    }
}

impl std::fmt::Display for LocalProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.alias {
            Some(alias) => write!(f, "{}.{alias}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// What a `providers` map passes for one of the module's addresses: the caller's
/// configuration, or `None` when the entry names none tfmap can read (then nothing is
/// guessed, not even inheritance).
pub type Passed = BTreeMap<LocalProvider, Option<LocalProvider>>;

/// A module call's `providers` map: the module's address → the caller's. Entries that are
/// not provider addresses on both sides are reported; one whose key is still an address
/// passes an unknown configuration.
pub fn passed(providers: &RawAttribute) -> (Passed, Vec<String>) {
    let mut map = BTreeMap::new();
    let mut refused = Vec::new();
    let hcl::Expression::Object(object) = &providers.expr else {
        refused.push(format!(
            "`providers` is not a map of provider configurations: {}",
            shown(&providers.expr)
        ));
        return (map, refused);
    };
    for (key, value) in object {
        let child = match key {
            hcl::ObjectKey::Identifier(identifier) => LocalProvider::parse(identifier.as_str()),
            hcl::ObjectKey::Expression(expr) => LocalProvider::of_expression(expr),
            _ => None,
        };
        match (child, LocalProvider::of_expression(value)) {
            (Some(child), Some(parent)) => {
                map.insert(child, Some(parent));
            }
            (child, _) => {
                if let Some(child) = child {
                    map.insert(child, None);
                }
                refused.push(format!(
                    "`providers` entry {} = {} does not name provider configurations",
                    shown_key(key),
                    shown(value)
                ));
            }
        }
    }
    (map, refused)
}

fn shown(expr: &hcl::Expression) -> String {
    hcl::format::to_string(expr)
        .map(|t| t.trim().to_string())
        .unwrap_or_else(|_| "(expression)".to_string())
}

fn shown_key(key: &hcl::ObjectKey) -> String {
    match key {
        hcl::ObjectKey::Identifier(identifier) => identifier.as_str().to_string(),
        hcl::ObjectKey::Expression(expr) => shown(expr),
        _ => "(key)".to_string(),
    }
}

/// True when a `provider` block configures nothing (only `alias` or `version`): in a child
/// module it stands for a configuration the caller passes.
fn is_empty_block(block: &RawBlock) -> bool {
    block.body.blocks.is_empty()
        && block
            .body
            .attributes
            .iter()
            .all(|a| a.name == "alias" || a.name == "version")
}

/// The `provider` block of a module for one address, if it has one.
fn own_block<'c>(config: &'c ModuleConfig, wanted: &LocalProvider) -> Option<&'c RawBlock> {
    config.providers.iter().find(|block| {
        block.labels.first().map(String::as_str) == Some(wanted.name.as_str())
            && super::config::string_literal(block.body.attribute("alias")) == wanted.alias
    })
}

/// The configuration resources use, by module instance and address.
pub struct Resolver<'t> {
    configs: &'t BTreeMap<String, ModuleConfig>,
    tree: &'t [Instance],
    /// Each instance's `providers` map, read once per instance (its call's).
    maps: Vec<Passed>,
}

/// Where a provider address leads: the module instance (its path, empty for the root) and
/// the configuration's address there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub instance: usize,
    pub provider: LocalProvider,
}

impl<'t> Resolver<'t> {
    /// Reads the `providers` map of every module call of the tree; what cannot be read, and
    /// aliased configurations passed that the caller does not have (Terraform refuses
    /// those), become diagnostics.
    pub fn new(
        configs: &'t BTreeMap<String, ModuleConfig>,
        tree: &'t [Instance],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut maps = Vec::with_capacity(tree.len());
        for instance in tree {
            let attribute = instance.parent.as_ref().and_then(|(parent, call)| {
                configs
                    .get(&tree.get(*parent)?.dir)?
                    .module_calls
                    .get(call)?
                    .body
                    .attribute("providers")
            });
            let Some(attribute) = attribute else {
                maps.push(BTreeMap::new());
                continue;
            };
            let (map, refused) = passed(attribute);
            let call = instance.parent.as_ref().map_or("", |(_, c)| c.as_str());
            for why in refused {
                diagnostics.push(Diagnostic::warning(
                    attribute.location.clone(),
                    format!("module `{call}`: {why}; not followed"),
                ));
            }
            maps.push(map);
        }
        let resolver = Resolver {
            configs,
            tree,
            maps,
        };
        resolver.check_passed(diagnostics);
        resolver
    }

    /// An aliased configuration is never inherited: the caller must configure it or have
    /// it passed in. Terraform refuses a call that passes one the caller lacks (neither a
    /// block, nor passed in, nor declared in `configuration_aliases`).
    fn check_passed(&self, diagnostics: &mut Vec<Diagnostic>) {
        for (index, instance) in self.tree.iter().enumerate() {
            let Some((parent, call)) = &instance.parent else {
                continue;
            };
            let Some(caller) = self.tree.get(*parent) else {
                continue;
            };
            let Some(config) = self.configs.get(&caller.dir) else {
                continue;
            };
            let Some(attribute) = config
                .module_calls
                .get(call)
                .and_then(|c| c.body.attribute("providers"))
            else {
                continue;
            };
            for (child, target) in self.maps.get(index).into_iter().flatten() {
                let Some(target) = target else {
                    continue;
                };
                // A caller that declares it in `configuration_aliases` expects it from its
                // own caller; tfmap may be reading that module as a root because its
                // caller is elsewhere, and says nothing.
                if target.alias.is_none()
                    || own_block(config, target).is_some()
                    || config.configuration_aliases.contains(target)
                {
                    continue;
                }
                let passed_in = self
                    .maps
                    .get(*parent)
                    .is_some_and(|map| map.contains_key(target));
                if passed_in {
                    continue;
                }
                let caller_text = if caller.path.is_empty() {
                    "the root module".to_string()
                } else {
                    format!("`{}`", caller.path)
                };
                let why = if caller.path.is_empty() {
                    format!(
                        "{caller_text} has no `provider \"{}\"` block with alias {:?}",
                        target.name,
                        target.alias.as_deref().unwrap_or_default()
                    )
                } else {
                    format!(
                        "{caller_text} neither configures it nor has it passed in by its own call"
                    )
                };
                diagnostics.push(Diagnostic::error(
                    attribute.location.clone(),
                    format!(
                        "module `{call}`: `providers` passes `{target}` as `{child}`, but {why}; Terraform refuses a provider configuration that is not present"
                    ),
                ));
            }
        }
    }

    /// The configuration `wanted`, as written in module instance `instance`, leads to; `None`
    /// for an aliased configuration that is neither configured nor passed in (Terraform
    /// refuses it).
    pub fn resolve(&self, mut instance: usize, wanted: &LocalProvider) -> Option<Resolved> {
        let mut wanted = wanted.clone();
        // Each step goes one module up: the tree's depth bounds the walk.
        for _ in 0..=self.tree.len() {
            let node = self.tree.get(instance)?;
            let passed = self.maps.get(instance).and_then(|map| map.get(&wanted));
            let block = self
                .configs
                .get(&node.dir)
                .and_then(|config| own_block(config, &wanted));
            match (block, passed) {
                (Some(block), Some(_)) if is_empty_block(block) => {}
                (Some(_), _) => {
                    return Some(Resolved {
                        instance,
                        provider: wanted,
                    });
                }
                (None, _) => {}
            }
            let Some((parent, _)) = &node.parent else {
                // The root module: a default configuration exists even without a block.
                return wanted.alias.is_none().then_some(Resolved {
                    instance,
                    provider: wanted,
                });
            };
            match passed {
                Some(Some(target)) => wanted = target.clone(),
                Some(None) => return None,
                None if wanted.alias.is_none() => {}
                None => return None,
            }
            instance = *parent;
        }
        None
    }
}

#[cfg(test)]
mod tests;
