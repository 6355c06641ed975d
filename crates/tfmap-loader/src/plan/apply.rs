//! Laying a snapshot over an inventory, within the root module the plan or state belongs to:
//!
//! - an instance whose address equals a resource's takes that resource;
//! - otherwise a resource whose address has no key at some level (its keys were not known
//!   statically) covers the instance, and becomes one resource per instance it covers;
//!   references to it then point at its instances (see `redirect`);
//! - an instance no resource covers is added, located at its resource's declaration, else at
//!   the nearest module call tfmap did not follow, else at the start of the plan file;
//! - an instance that does not exist on the chosen side removes its resource.

use super::address::{InstanceAddress, ModuleStep, Quoting, module_text, parse_module_path};
use super::redirect::Redirect;
use super::values::{apply_to_body, body_from_values};
use super::{Instance, PlanSide, PlanSummary, Snapshot};
use crate::diagnostic::Diagnostic;
use crate::inventory::{
    InstanceKey, Inventory, Reference, Repetition, RepetitionMeta, Resource, ResourceKind,
};
use crate::location::Location;
use serde_json::Value;
use std::collections::BTreeMap;

/// Applies `snapshot` to the resources of one root module of `inventory`: `root` when given
/// (a directory relative to the analysed one), else the analysed directory when it is a root
/// module, else the only root. Problems become diagnostics; the inventory stays usable.
pub fn apply(inventory: &mut Inventory, snapshot: &Snapshot, side: PlanSide, root: Option<&str>) {
    let kind = snapshot.kind.as_str();
    inventory
        .diagnostics
        .extend(snapshot.diagnostics.iter().cloned());
    for (reason, count) in &snapshot.skipped {
        *inventory.stats.skipped.entry(reason.clone()).or_default() += count;
    }
    *inventory
        .stats
        .files_read
        .entry(kind.to_string())
        .or_default() += 1;
    let root = match choose_root(&inventory.roots, root) {
        Ok(root) => root,
        Err(message) => {
            inventory.diagnostics.push(Diagnostic::error(
                Location::file_start(snapshot.file.clone()),
                format!("{message}; the {kind} was not applied"),
            ));
            *inventory
                .stats
                .skipped
                .entry(format!("{kind} not applied"))
                .or_default() += 1;
            inventory.diagnostics.sort();
            return;
        }
    };
    let mut applier = Applier {
        snapshot,
        side,
        prefix: if root == "." {
            String::new()
        } else {
            format!("{root}:")
        },
        summary: PlanSummary {
            kind: snapshot.kind,
            file: snapshot.file.to_string(),
            terraform_version: snapshot.terraform_version.clone(),
            root: root.clone(),
            actions: BTreeMap::new(),
            matched: 0,
            expanded: 0,
            instances_from_expansion: 0,
            added: 0,
            left_out: 0,
        },
        replaced: BTreeMap::new(),
        values: BTreeMap::new(),
        prior: BTreeMap::new(),
        diagnostics: Vec::new(),
        root,
    };
    let resources = std::mem::take(&mut inventory.resources);
    let mut resources = applier.run(resources);
    applier.resolve_declarations(&resources);
    let redirect = Redirect::new(&applier.replaced, &applier.values, &applier.prior);
    for resource in &mut resources {
        resource.references =
            redirect.references(&resource.references, &resource.id, &resource.address);
    }
    for provider in &mut inventory.providers {
        provider.references = redirect.references(&provider.references, "", "");
    }
    resources.sort_by(|a, b| a.id.cmp(&b.id));
    inventory.resources = resources;
    inventory.diagnostics.append(&mut applier.diagnostics);
    inventory.diagnostics.sort();
    inventory.plan = Some(applier.summary);
}

/// The root module a snapshot belongs to.
fn choose_root(roots: &[String], requested: Option<&str>) -> Result<String, String> {
    let listed = || roots.join(", ");
    match requested {
        Some(dir) => {
            let dir = normalize_dir(dir);
            if roots.contains(&dir) || (roots.is_empty() && dir == ".") {
                Ok(dir)
            } else {
                Err(format!(
                    "--plan-root {dir} is not a root module of the analysed directory (root modules: {})",
                    listed()
                ))
            }
        }
        None if roots.is_empty() || roots.iter().any(|r| r == ".") => Ok(".".to_string()),
        None => match roots {
            [only] => Ok(only.clone()),
            _ => Err(format!(
                "the analysed directory is not itself a root module and has several ({}): say which one the plan belongs to with --plan-root DIR",
                listed()
            )),
        },
    }
}

/// `./envs/prod/` → `envs/prod`; the analysed directory itself is `.`.
fn normalize_dir(dir: &str) -> String {
    let parts: Vec<&str> = dir
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

struct Applier<'s> {
    snapshot: &'s Snapshot,
    side: PlanSide,
    root: String,
    /// `<root>:` when the root is not the analysed directory.
    prefix: String,
    summary: PlanSummary,
    /// Resource ids that became other ids (an expanded resource) or nothing (left out).
    replaced: BTreeMap<String, Vec<String>>,
    /// The values each resource made from an instance has on the chosen side, and before
    /// the plan.
    values: BTreeMap<String, Value>,
    prior: BTreeMap<String, Value>,
    diagnostics: Vec<Diagnostic>,
}

impl Applier<'_> {
    fn run(&mut self, resources: Vec<Resource>) -> Vec<Resource> {
        let (in_root, mut out): (Vec<Resource>, Vec<Resource>) =
            resources.into_iter().partition(|r| r.root == self.root);
        let patterns: Vec<Option<InstanceAddress>> = in_root
            .iter()
            .map(|r| match r.kind {
                ResourceKind::Module => None,
                _ => InstanceAddress::parse(&r.address, Quoting::Json),
            })
            .collect();
        let mut exact: BTreeMap<&InstanceAddress, usize> = BTreeMap::new();
        let mut by_declaration: BTreeMap<InstanceAddress, Vec<usize>> = BTreeMap::new();
        for (i, pattern) in patterns.iter().enumerate() {
            if let Some(pattern) = pattern {
                exact.insert(pattern, i);
                by_declaration
                    .entry(pattern.declaration())
                    .or_default()
                    .push(i);
            }
        }

        let mut exact_match: Vec<Option<&Instance>> = vec![None; in_root.len()];
        let mut expansions: Vec<Vec<&Instance>> = vec![Vec::new(); in_root.len()];
        let mut uncovered: Vec<&Instance> = Vec::new();
        for instance in &self.snapshot.instances {
            if let Some(&i) = exact.get(&instance.address) {
                exact_match[i] = Some(instance);
                continue;
            }
            let covering = by_declaration
                .get(&instance.address.declaration())
                .into_iter()
                .flatten()
                .filter_map(|&i| {
                    let pattern = patterns[i].as_ref()?;
                    pattern.covers(&instance.address).then_some((i, pattern))
                })
                // The most specific pattern wins; among equals, the first by id.
                .max_by(|(a, pa), (b, pb)| {
                    pa.keyed_levels()
                        .cmp(&pb.keyed_levels())
                        .then_with(|| in_root[*b].id.cmp(&in_root[*a].id))
                });
            match covering {
                Some((i, _)) => expansions[i].push(instance),
                None => uncovered.push(instance),
            }
        }

        let anchors = Anchors::of(&in_root, &patterns);
        for (i, resource) in in_root.into_iter().enumerate() {
            self.resource(resource, exact_match[i], &expansions[i], &mut out);
        }
        self.add_uncovered(&uncovered, &anchors, &mut out);
        out
    }

    /// One resource of the configuration with the instances matched to it.
    fn resource(
        &mut self,
        resource: Resource,
        exact: Option<&Instance>,
        expanded: &[&Instance],
        out: &mut Vec<Resource>,
    ) {
        let kind = self.snapshot.kind.as_str();
        if exact.is_none() && expanded.is_empty() {
            if resource.kind == ResourceKind::Managed {
                self.diagnostics.push(Diagnostic::info(
                    resource.location.clone(),
                    format!("{}: not in the {kind}", resource.address),
                ));
            }
            out.push(resource);
            return;
        }
        let mut new_ids = Vec::new();
        if let Some(made) = exact.and_then(|i| self.instance_of(&resource, i, false)) {
            self.summary.matched += 1;
            new_ids.push(made.id.clone());
            out.push(made);
        }
        if !expanded.is_empty() {
            self.summary.expanded += 1;
            for instance in expanded {
                if let Some(made) = self.instance_of(&resource, instance, true) {
                    self.summary.instances_from_expansion += 1;
                    new_ids.push(made.id.clone());
                    out.push(made);
                }
            }
        }
        if new_ids != [resource.id.as_str()] {
            self.replaced.insert(resource.id, new_ids);
        }
    }

    /// The resource as this instance shows it on the chosen side; `None` when the instance
    /// does not exist there.
    fn instance_of(
        &mut self,
        resource: &Resource,
        instance: &Instance,
        renamed: bool,
    ) -> Option<Resource> {
        let Some(observed) = instance.on(self.side) else {
            self.summary.left_out += 1;
            return None;
        };
        let mut made = resource.clone();
        if renamed {
            made.address = instance.address.to_string();
            made.id = format!("{}{}", self.prefix, made.address);
            made.repetition = repetition_of(&instance.address, &resource.repetition);
        }
        if let Some(observed) = observed {
            apply_to_body(&mut made.body, observed, &made.address, &made.resource_type);
            self.values.insert(made.id.clone(), observed.values.clone());
        }
        if let Some(before) = &instance.before {
            self.prior.insert(made.id.clone(), before.values.clone());
        }
        if !instance.actions.is_empty() {
            self.summary
                .actions
                .insert(made.id.clone(), instance.actions.clone());
        }
        Some(made)
    }

    /// Resources for the instances no resource of the configuration covers.
    fn add_uncovered(
        &mut self,
        uncovered: &[&Instance],
        anchors: &Anchors,
        out: &mut Vec<Resource>,
    ) {
        let kind = self.snapshot.kind.as_str();
        let mut per_anchor: BTreeMap<(Location, String), usize> = BTreeMap::new();
        for instance in uncovered {
            let Some(observed) = instance.on(self.side) else {
                self.summary.left_out += 1;
                continue;
            };
            let address = &instance.address;
            let (location, anchor) = anchors.find(address).unwrap_or_else(|| {
                (
                    Location::file_start(self.snapshot.file.clone()),
                    address.declaration().to_string(),
                )
            });
            let shown = address.to_string();
            let body = observed.map_or_else(Default::default, |o| {
                body_from_values(o, &shown, &address.resource_type, &location)
            });
            if let Some(observed) = observed {
                self.values
                    .insert(format!("{}{shown}", self.prefix), observed.values.clone());
            }
            if let Some(before) = &instance.before {
                self.prior
                    .insert(format!("{}{shown}", self.prefix), before.values.clone());
            }
            let resource = Resource {
                id: format!("{}{shown}", self.prefix),
                address: shown,
                root: self.root.clone(),
                kind: if address.data {
                    ResourceKind::Data
                } else {
                    ResourceKind::Managed
                },
                resource_type: address.resource_type.clone(),
                name: address.name.clone(),
                module: address.module_path(),
                location: location.clone(),
                body,
                references: self.configured_references(address, &location),
                provider: None,
                provider_config: None,
                repetition: repetition_of(address, &[]),
            };
            if !instance.actions.is_empty() {
                self.summary
                    .actions
                    .insert(resource.id.clone(), instance.actions.clone());
            }
            *per_anchor.entry((location, anchor)).or_default() += 1;
            self.summary.added += 1;
            out.push(resource);
        }
        for ((location, anchor), count) in per_anchor {
            let what = if count == 1 {
                "1 resource instance".to_string()
            } else {
                format!("{count} resource instances")
            };
            self.diagnostics.push(Diagnostic::info(
                location,
                format!("{anchor}: {what} known only from the {kind}"),
            ));
        }
    }
}

/// Marks the target of a reference taken from the plan's configuration: a resource block,
/// resolved to its instances once every resource exists. No id starts with it.
const DECLARATION: char = '\u{0}';

impl Applier<'_> {
    /// The references the plan's configuration writes in this instance's resource block,
    /// each to a resource block (resolved to instances by `resolve_declarations`).
    fn configured_references(
        &self,
        address: &InstanceAddress,
        location: &Location,
    ) -> Vec<Reference> {
        self.snapshot
            .configured
            .get(&address.declaration())
            .into_iter()
            .flatten()
            .map(|configured| Reference {
                target: format!("{DECLARATION}{}{}", self.prefix, configured.target),
                via: configured.via.clone(),
                kind: configured.kind,
                through: configured.through.clone(),
                location: location.clone(),
                // The plan's configuration keeps no index: such a reference reaches all.
                picks: None,
                state_output: None,
            })
            .collect()
    }

    /// Every resource block a configured reference names becomes its instances in this root.
    fn resolve_declarations(&mut self, resources: &[Resource]) {
        let mut instances: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for resource in resources.iter().filter(|r| r.root == self.root) {
            if let Some(address) = InstanceAddress::parse(&resource.address, Quoting::Json) {
                let key = format!("{DECLARATION}{}{}", self.prefix, address.declaration());
                instances.entry(key).or_default().push(resource.id.clone());
            }
        }
        let named: Vec<String> = resources
            .iter()
            .flat_map(|r| &r.references)
            .filter(|r| r.target.starts_with(DECLARATION))
            .map(|r| r.target.clone())
            .collect();
        for target in named {
            let ids = instances.get(&target).cloned().unwrap_or_default();
            self.replaced.insert(target, ids);
        }
    }
}

/// Where an instance only the snapshot shows is placed.
struct Anchors {
    /// Declarations of the configuration, keys removed.
    declarations: BTreeMap<InstanceAddress, Location>,
    /// Module calls tfmap did not follow, by module path without keys.
    opaque_modules: BTreeMap<String, (Location, String)>,
}

impl Anchors {
    fn of(resources: &[Resource], patterns: &[Option<InstanceAddress>]) -> Anchors {
        let mut declarations = BTreeMap::new();
        let mut opaque_modules = BTreeMap::new();
        for (resource, pattern) in resources.iter().zip(patterns) {
            match pattern {
                Some(pattern) => {
                    declarations
                        .entry(pattern.declaration())
                        .or_insert_with(|| resource.location.clone());
                }
                None if resource.kind == ResourceKind::Module => {
                    if let Some(modules) = parse_module_path(&resource.address, Quoting::Json) {
                        let unkeyed = unkeyed_path(&modules);
                        opaque_modules
                            .entry(unkeyed.clone())
                            .or_insert_with(|| (resource.location.clone(), unkeyed));
                    }
                }
                None => {}
            }
        }
        Anchors {
            declarations,
            opaque_modules,
        }
    }

    /// The declaration of the instance's resource, else the nearest enclosing module call
    /// that was not followed; with the name shown in the diagnostic.
    fn find(&self, address: &InstanceAddress) -> Option<(Location, String)> {
        let declaration = address.declaration();
        if let Some(location) = self.declarations.get(&declaration) {
            return Some((location.clone(), declaration.to_string()));
        }
        (1..=address.modules.len()).rev().find_map(|depth| {
            self.opaque_modules
                .get(&unkeyed_path(&address.modules[..depth]))
                .cloned()
        })
    }
}

fn unkeyed_path(modules: &[ModuleStep]) -> String {
    modules
        .iter()
        .map(|m| format!("module.{}", m.name))
        .collect::<Vec<_>>()
        .join(".")
}

/// The repetition levels of an instance, outermost first: the loader's entry for the same
/// level when there is one (its meta-argument and expression), with the instance's key.
fn repetition_of(address: &InstanceAddress, known: &[Repetition]) -> Vec<Repetition> {
    let mut levels = Vec::new();
    for (depth, step) in address.modules.iter().enumerate() {
        let Some(key) = &step.key else {
            continue;
        };
        let above = module_text(&address.modules[..depth]);
        let scope = if above.is_empty() {
            format!("module.{}", step.name)
        } else {
            format!("{above}.module.{}", step.name)
        };
        let names: Vec<&str> = address.modules[..=depth]
            .iter()
            .map(|m| m.name.as_str())
            .collect();
        let existing = known.iter().find(|r| {
            parse_module_path(&r.scope, Quoting::Json)
                .is_some_and(|m| m.iter().map(|s| s.name.as_str()).eq(names.iter().copied()))
        });
        levels.push(level(existing, key, scope));
    }
    if let Some(key) = &address.key {
        let unkeyed_resource = InstanceAddress {
            key: None,
            ..address.clone()
        };
        let declaration = address.declaration();
        let existing = known.iter().find(|r| {
            InstanceAddress::parse(&r.scope, Quoting::Json)
                .is_some_and(|a| a.declaration() == declaration)
        });
        levels.push(level(existing, key, unkeyed_resource.to_string()));
    }
    levels
}

fn level(existing: Option<&Repetition>, key: &InstanceKey, scope: String) -> Repetition {
    match existing {
        Some(known) => Repetition {
            key: Some(key.clone()),
            scope,
            ..known.clone()
        },
        None => Repetition {
            meta: match key {
                InstanceKey::Index(_) => RepetitionMeta::Count,
                InstanceKey::Key(_) => RepetitionMeta::ForEach,
            },
            scope,
            key: Some(key.clone()),
            expression: String::new(),
        },
    }
}

#[cfg(test)]
mod tests;
