//! Terraform: from `.tf`, `.tf.json`, `.tfvars` and `.tfvars.json` files to resources with
//! evaluated attributes and resolved references.
//!
//! 1. `syntax` (native) and `json_syntax`: each file is parsed (in parallel) and reduced to
//!    blocks, attributes and references with locations.
//! 2. `config`: files are merged per directory into module configurations; `overrides`
//!    then merges the override files into them.
//! 3. `tree`: directories no local module call points at are root modules; each root is
//!    expanded into module instances.
//! 4. `eval` and `resolve`: per root, attribute values and reference targets are computed on
//!    demand through variables, locals and module outputs.

mod arithmetic;
mod blocks;
mod budget;
mod config;
mod eval;
mod expand;
mod functions;
mod interpret;
mod json_blocks;
mod json_syntax;
mod manifest;
mod outside;
mod overrides;
mod placeholder;
mod providers;
mod recovery;
mod remote_state;
mod resolve;
mod root_kind;
mod syntax;
mod terragrunt;
mod tree;
mod types;
pub mod unknown;
mod variables;

use crate::boundary::{Boundary, is_outside_analysed};
use crate::diagnostic::Diagnostic;
use crate::inventory::Fingerprint;
use crate::inventory::ProviderConfig;
use crate::inventory::{
    Attribute, Block, Body, Inventory, Reference, ReferenceKind, Resource, ResourceKind,
};
use crate::inventory::{InstanceKey, KeyLevel, Repetition};
use crate::location::Location;
use crate::source::{FileKind, SourceFiles, in_tool_dir, parent_dir};
use config::ModuleConfig;
use eval::{Evaluator, Scope};
use expand::{Expansion, Iteration};
use manifest::ModuleManifest;
use providers::LocalProvider;
use rayon::prelude::*;
use resolve::TargetCache;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use syntax::{ParsedFile, RawAttribute, RawBody, parse_config, parse_file};
use tree::{Child, Decided, Instance, build_tree, is_local_source};

pub use expand::MAX_ROOT_INSTANCES;
pub use root_kind::{RootKind, RootModule};
pub use tree::relative_dir;

/// Loads the Terraform files among `paths`. Files under `.terraform/` are configuration only
/// when a module manifest names their directory, unless `include_tool_dirs` asks for all.
/// Module directories outside the walked ones are read when a call leads there, out of
/// `budget`.
pub fn load(
    paths: &[String],
    files: &dyn SourceFiles,
    options: &crate::LoadOptions,
    budget: crate::limits::ReadBudget,
) -> Inventory {
    let include_tool_dirs = options.include_tool_dirs;
    let mut inventory = Inventory::default();
    let command_line = variables::CommandLine::read(&options.variables, &mut inventory.diagnostics);
    let manifests = read_manifests(paths, files, &mut inventory);
    let downloaded: BTreeSet<&str> = manifests
        .values()
        .flat_map(|m| m.dirs.values().map(String::as_str))
        .collect();
    let wanted: Vec<(&String, FileKind)> = paths
        .iter()
        .filter_map(|p| FileKind::of(p).map(|k| (p, k)))
        .filter(|(_, kind)| {
            !matches!(
                kind,
                FileKind::Yaml
                    | FileKind::ModuleManifest
                    | FileKind::Backend
                    | FileKind::LockFile
                    | FileKind::Terragrunt
            )
        })
        .filter(|(p, _)| {
            // Under `.terraform/`, only the modules a manifest names are configuration.
            let used = include_tool_dirs || !in_tool_dir(p) || downloaded.contains(parent_dir(p));
            if !used {
                *inventory
                    .stats
                    .skipped
                    .entry("file under .terraform/ that no module call uses".into())
                    .or_default() += 1;
            }
            used
        })
        .collect();

    let parsed = parse_files(&wanted, files);
    let mut collected = Collected::default();
    collected.add(parsed, &mut inventory);
    collected.merge_overrides(&mut inventory.diagnostics);
    let units = terragrunt::read_units(paths, files, &mut inventory);
    let unit_modules: Vec<String> = units
        .iter()
        .filter_map(|unit| match &unit.source {
            terragrunt::UnitSource::Local(module) => Some(module.clone()),
            _ => None,
        })
        .collect();
    let mut unreadable =
        outside::read_called_modules(&mut collected, &unit_modules, files, budget, &mut inventory);
    // A module directory whose every Terraform file was refused has Terraform files: its
    // calls say so rather than that it has none.
    for dir in &collected.refused {
        if !collected.configs.contains_key(dir) {
            unreadable.entry(dir.clone()).or_insert_with(|| {
                crate::source::ReadError::Io(
                    "every Terraform file in it has errors (each one reported)".to_string(),
                )
            });
        }
    }
    let Collected {
        configs, tfvars, ..
    } = collected;
    let boundary = files.boundary();

    for config in configs.values() {
        for (kind, count) in &config.other_blocks {
            *inventory
                .stats
                .other_blocks
                .entry(kind.clone())
                .or_default() += count;
        }
    }
    let mut configs = configs;
    let units = terragrunt::Units::settle(units, &mut configs, &mut inventory.diagnostics);
    let roots: Vec<String> = units.roots(
        find_roots(&configs, boundary)
            .into_iter()
            .filter(|dir| !downloaded.contains(dir.as_str())),
    );
    let declared: BTreeSet<&str> = roots
        .iter()
        .filter_map(|root| configs.get(units.config_dir(root)))
        .flat_map(|config| config.variables.keys().map(String::as_str))
        .collect();
    inventory
        .diagnostics
        .extend(command_line.undeclared(&declared));
    // One value may be read for several roots: its problems are reported once.
    let mut value_problems = BTreeSet::new();
    let values: Vec<BTreeMap<String, tfmap_core::Value>> = roots
        .iter()
        .map(|root| {
            let own = tfvars.get(root).map(Vec::as_slice).unwrap_or_default();
            let config = configs.get(units.config_dir(root));
            let (given, problems) = variables::root_values(config, own, &command_line);
            value_problems.extend(problems);
            let mut values = units.inputs(root, config);
            values.extend(
                given
                    .into_iter()
                    .map(|(name, value)| (name, interpret::known(value))),
            );
            values
        })
        .collect();
    inventory.diagnostics.extend(value_problems);
    let shared = Shared {
        reach: tree::Reach {
            configs: &configs,
            boundary,
            unreadable: &unreadable,
        },
        files,
        limits: options.limits,
    };
    // Roots whose code reads another root's state keep their outputs, so that a second
    // pass can give them to the roots that read them.
    let reads_state = configs.values().any(|config| {
        config
            .resources
            .keys()
            .any(|(mode, kind, _)| *mode == config::Mode::Data && kind == "terraform_remote_state")
    });
    let kept_values = if reads_state {
        values.clone()
    } else {
        Vec::new()
    };
    let mut results: Vec<RootResult> = crate::timing::phase("evaluate roots", || {
        roots
            .par_iter()
            .zip(values)
            .map(|(root, values)| {
                let root_input = RootInput {
                    values,
                    remote: BTreeMap::new(),
                    outputs: reads_state,
                };
                crate::timing::phase(&format!("root {root}"), || {
                    load_root(
                        &shared,
                        (root, units.config_dir(root)),
                        manifests.get(root),
                        root_input,
                    )
                })
            })
            .collect()
    });
    if !reads_state {
        for path in paths {
            if FileKind::of(path) == Some(FileKind::Backend) {
                remote_state::count_unused_backend_file(&mut inventory);
            }
        }
    }
    if reads_state {
        crate::timing::phase("remote state", || {
            let mut backend_files =
                remote_state::read_backend_files(paths, files, &roots, &configs, &mut inventory);
            remote_state::add_backend_tfvars(&mut backend_files, &tfvars, &roots, &configs);
            let states = remote_state::States {
                roots: &roots,
                configs: &configs,
                backend_files,
                boundary,
            };
            states.resolve(&mut results, &mut inventory.diagnostics, |r, remote| {
                let root_input = RootInput {
                    values: kept_values.get(r).cloned().unwrap_or_default(),
                    remote,
                    outputs: true,
                };
                let root = roots[r].as_str();
                load_root(
                    &shared,
                    (root, units.config_dir(root)),
                    manifests.get(root),
                    root_input,
                )
            });
        });
    }
    for result in results {
        inventory.resources.extend(result.resources);
        inventory.read_by_terraform.extend(result.files_read);
        inventory.providers.extend(result.providers);
        inventory.diagnostics.extend(result.diagnostics);
        inventory.stats.module_instances += result.module_instances;
        inventory.stats.without_instances += result.without_instances;
    }
    units.link_dependencies(&mut inventory.resources, &configs);
    inventory.resources.sort_by(|a, b| a.id.cmp(&b.id));
    inventory.providers.sort_by(|a, b| {
        (&a.root, &a.module, &a.name, &a.alias).cmp(&(&b.root, &b.module, &b.name, &b.alias))
    });
    inventory.root_modules =
        root_kind::classify(&roots, |dir| configs.get(units.config_dir(dir)), paths);
    inventory.roots = roots;
    inventory
}

/// A file parsed, or why not with what is known of its content.
type Parsed = (
    FileKind,
    Result<(ParsedFile, Vec<Diagnostic>), (Diagnostic, Option<Fingerprint>)>,
    Vec<crate::suppression::Suppression>,
);

/// Reads and parses files in parallel, in the order given.
fn parse_files(wanted: &[(&String, FileKind)], files: &dyn SourceFiles) -> Vec<Parsed> {
    crate::timing::phase("parse terraform", || {
        wanted
            .par_iter()
            .map(|(path, kind)| {
                let shown: Arc<str> = Arc::from(path.as_str());
                match files.read_text(path) {
                    Ok(text) => {
                        let suppressions = crate::suppression::scan(&shown, &text);
                        let parsed = parse_any(*kind, shown, &text)
                            .map_err(|d| (d, Some(Fingerprint::of_bytes(text.as_bytes()))));
                        (*kind, parsed, suppressions)
                    }
                    Err(error) => {
                        let diagnostic = Diagnostic::error(
                            Location::file_start(shown),
                            format!("cannot read file: {error}"),
                        );
                        (*kind, Err((diagnostic, error.fingerprint())), Vec::new())
                    }
                }
            })
            .collect()
    })
}

/// The files parsed so far, by what they are: module configurations by directory, variable
/// files by directory, and override files waiting for the rest of their directory.
#[derive(Default)]
struct Collected {
    configs: BTreeMap<String, ModuleConfig>,
    tfvars: BTreeMap<String, Vec<ParsedFile>>,
    overrides: Vec<ParsedFile>,
    /// Directories holding a Terraform file that could not be read at all.
    refused: BTreeSet<String>,
}

impl Collected {
    fn add(&mut self, parsed: Vec<Parsed>, inventory: &mut Inventory) {
        for (kind, result, suppressions) in parsed {
            inventory.suppressions.extend(suppressions);
            match result {
                Err((diagnostic, fingerprint)) => {
                    if matches!(kind, FileKind::Terraform | FileKind::TerraformJson) {
                        self.refused
                            .insert(parent_dir(&diagnostic.location.file).to_string());
                    }
                    inventory.file_with_errors(diagnostic, fingerprint)
                }
                Ok((file, diagnostics)) => {
                    inventory.diagnostics.extend(diagnostics);
                    if let Some(fingerprint) = file.unread {
                        // Some blocks were skipped: what they hold is missing.
                        inventory
                            .stats
                            .record_unread(crate::inventory::UnreadFile::new(
                                file.path.to_string(),
                                "file with errors",
                                Some(fingerprint),
                            ));
                    }
                    *inventory
                        .stats
                        .files_read
                        .entry(kind_name(kind).into())
                        .or_default() += 1;
                    let dir = parent_dir(&file.path).to_string();
                    if is_override_file(&file.path) {
                        self.overrides.push(file);
                    } else if matches!(kind, FileKind::Terraform | FileKind::TerraformJson) {
                        let config =
                            self.configs
                                .entry(dir.clone())
                                .or_insert_with(|| ModuleConfig {
                                    dir,
                                    ..ModuleConfig::default()
                                });
                        config.add_file(file, &mut inventory.diagnostics);
                    } else {
                        self.tfvars.entry(dir).or_default().push(file);
                    }
                }
            }
        }
    }

    /// Merges the override files collected so far, after every other file of their
    /// directory, in lexical order of file name.
    fn merge_overrides(&mut self, diagnostics: &mut Vec<Diagnostic>) {
        let mut overrides = std::mem::take(&mut self.overrides);
        overrides.sort_by(|a, b| a.path.cmp(&b.path));
        for file in overrides {
            let dir = parent_dir(&file.path).to_string();
            let config = self
                .configs
                .entry(dir.clone())
                .or_insert_with(|| ModuleConfig {
                    dir,
                    ..ModuleConfig::default()
                });
            config.merge_override(file, diagnostics);
        }
    }
}

/// The `.terraform/modules/modules.json` files among `paths`, by root module directory.
fn read_manifests(
    paths: &[String],
    files: &dyn SourceFiles,
    inventory: &mut Inventory,
) -> BTreeMap<String, ModuleManifest> {
    let mut manifests = BTreeMap::new();
    for path in paths {
        if FileKind::of(path) != Some(FileKind::ModuleManifest) {
            continue;
        }
        let text = match files.read_text(path) {
            Ok(text) => text,
            Err(error) => {
                inventory.diagnostics.push(Diagnostic::warning(
                    Location::file_start(Arc::from(path.as_str())),
                    format!("cannot read the module manifest: {error}; remote modules stay opaque"),
                ));
                continue;
            }
        };
        let (manifest, diagnostics) = manifest::parse(path, &text, files.boundary());
        inventory.diagnostics.extend(diagnostics);
        if let Some(manifest) = manifest {
            *inventory
                .stats
                .files_read
                .entry(kind_name(FileKind::ModuleManifest).into())
                .or_default() += 1;
            manifests.insert(manifest.root.clone(), manifest);
        }
    }
    manifests
}

/// Parses a file in the syntax its name says.
fn parse_any(kind: FileKind, path: Arc<str>, text: &str) -> json_syntax::JsonParse {
    match kind {
        FileKind::TerraformJson => json_syntax::parse_config(path, text),
        FileKind::TfvarsJson => json_syntax::parse_tfvars(path, text),
        FileKind::Terraform => parse_config(path, text),
        _ => parse_file(path, text).map(|file| (file, Vec::new())),
    }
}

/// The key of `stats.files_read` for a kind of file.
fn kind_name(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Terraform => "terraform",
        FileKind::TerraformJson => "terraform_json",
        FileKind::Tfvars => "tfvars",
        FileKind::TfvarsJson => "tfvars_json",
        FileKind::Yaml => "yaml",
        FileKind::ModuleManifest => "module_manifest",
        FileKind::Backend => "tfbackend",
        FileKind::LockFile => "lock_file",
        FileKind::Terragrunt => "terragrunt",
    }
}

/// `override.tf`, `*_override.tf`, their `.tf.json` forms and OpenTofu's `.tofu` and
/// `.tofu.json` forms change other files' blocks instead of adding their own.
fn is_override_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = [".tf", ".tf.json", ".tofu", ".tofu.json"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix));
    stem.is_some_and(|stem| stem == "override" || stem.ends_with("_override"))
}

/// Directories of the walked tree with Terraform files that no local module call points at.
/// A module directory outside the walked tree is never a root: it was read for a call.
fn find_roots(configs: &BTreeMap<String, ModuleConfig>, boundary: &Boundary) -> Vec<String> {
    let called: BTreeSet<String> = configs
        .values()
        .flat_map(|config| {
            config.module_calls.values().filter_map(move |call| {
                let source = call.source.as_deref()?;
                let dir = boundary.join(&config.dir, source)?;
                (is_local_source(source) && dir != config.dir).then_some(dir)
            })
        })
        .collect();
    configs
        .keys()
        .filter(|dir| !called.contains(*dir) && !is_outside_analysed(dir))
        .cloned()
        .collect()
}

/// What the load of every root module shares.
#[derive(Clone, Copy)]
struct Shared<'a> {
    reach: tree::Reach<'a>,
    files: &'a dyn SourceFiles,
    limits: crate::Limits,
}

/// Resources, provider blocks, diagnostics and the number of module instances of one root.
struct RootResult {
    resources: Vec<Resource>,
    files_read: Vec<String>,
    providers: Vec<ProviderConfig>,
    diagnostics: Vec<Diagnostic>,
    module_instances: usize,
    without_instances: usize,
    /// The root module's outputs, when asked for (`RootInput::outputs`).
    outputs: BTreeMap<String, RootOutput>,
}

/// One output of a root module: its value, and the resources behind it (ids, and the
/// symbols passed on the way).
#[derive(Debug, Clone)]
struct RootOutput {
    value: tfmap_core::Value,
    targets: Vec<(String, Vec<String>)>,
}

/// What one root module's evaluation is given: its variables' values, the other roots'
/// states its `terraform_remote_state` data sources read, and whether to keep its outputs.
struct RootInput {
    values: BTreeMap<String, tfmap_core::Value>,
    remote: eval::RemoteStates,
    outputs: bool,
}

fn load_root(
    shared: &Shared,
    (root, config_dir): (&str, &str),
    manifest: Option<&ModuleManifest>,
    input: RootInput,
) -> RootResult {
    let RootInput {
        values,
        remote,
        outputs: want_outputs,
    } = input;
    let Shared {
        reach,
        files,
        limits,
    } = *shared;
    let configs = reach.configs;
    let mut diagnostics = Vec::new();
    let tree = expanded_tree(
        shared,
        (config_dir, manifest),
        (&values, &remote),
        &mut diagnostics,
    );
    let resolver = providers::Resolver::new(configs, &tree, &mut diagnostics);
    let mut evaluator = Evaluator::new(configs, &tree, files, values);
    evaluator.max_instances = limits.max_instances;
    evaluator.remote_states = remote;
    let id_prefix = if root == "." {
        String::new()
    } else {
        format!("{root}:")
    };
    let mut emitter = Emitter {
        evaluator: &mut evaluator,
        cache: TargetCache::default(),
        id_prefix,
        root,
        empty: Vec::new(),
        emitted: 0,
        resolver: &resolver,
    };
    let mut resources = Vec::new();
    for instance in 0..tree.len() {
        emitter.instance(instance, &mut resources);
    }
    let providers = emitter.providers();
    let outputs = if want_outputs {
        emitter.outputs()
    } else {
        BTreeMap::new()
    };
    let mut empty = std::mem::take(&mut emitter.empty);
    let without_instances = empty.len();
    diagnostics.append(&mut empty);
    diagnostics.append(&mut evaluator.diagnostics);
    diagnostics.sort();
    diagnostics.dedup();
    RootResult {
        files_read: evaluator.files_read().cloned().collect(),
        resources,
        providers,
        diagnostics,
        module_instances: tree.len(),
        without_instances,
        outputs,
    }
}

/// The module tree with every `count`/`for_each` module call expanded where its keys are
/// known. A call's collection is evaluated with the tree built so far, so the tree grows
/// one level of repeated calls per round (a repeated call inside a repeated module sees its
/// own instance's `each`).
fn expanded_tree(
    shared: &Shared,
    (root, manifest): (&str, Option<&ModuleManifest>),
    (tfvars, remote): (&BTreeMap<String, tfmap_core::Value>, &eval::RemoteStates),
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Instance> {
    let Shared {
        reach,
        files,
        limits,
    } = *shared;
    let mut decided = Decided::new();
    for _ in 0..=limits.max_module_depth {
        let mut build_diagnostics = Vec::new();
        let (tree, undecided) = build_tree(
            &reach,
            (root, manifest),
            &decided,
            limits.max_module_depth,
            &mut build_diagnostics,
        );
        if undecided.is_empty() {
            diagnostics.append(&mut build_diagnostics);
            return tree;
        }
        let mut evaluator = Evaluator::new(reach.configs, &tree, files, tfvars.clone());
        evaluator.max_instances = limits.max_instances;
        // A call repeated over another stack's outputs is decided by them.
        evaluator.remote_states = remote.clone();
        for (instance, call) in undecided {
            let Some(decl) = evaluator
                .config(instance)
                .and_then(|c| c.module_calls.get(&call))
            else {
                continue;
            };
            let expansion = evaluator.body_expansion(instance, &decl.body);
            decided.insert((tree[instance].path.clone(), call), expansion);
        }
        // What this round reports, the final evaluation mostly reports again: `load_root`
        // removes the duplicates.
        diagnostics.append(&mut evaluator.diagnostics);
    }
    let (tree, _) = build_tree(
        &reach,
        (root, manifest),
        &decided,
        limits.max_module_depth,
        diagnostics,
    );
    tree
}

/// What a resource, data source or opaque module call declares, for `Emitter::emit`.
struct Declared<'d> {
    kind: ResourceKind,
    resource_type: &'d str,
    name: &'d str,
    body: &'d RawBody,
    location: &'d Location,
    provider: Option<String>,
    /// The configuration it uses, module calls' `providers` maps followed.
    provider_config: Option<crate::inventory::ProviderRef>,
}

struct Emitter<'e, 'a> {
    evaluator: &'e mut Evaluator<'a>,
    cache: TargetCache,
    id_prefix: String,
    root: &'e str,
    /// Declarations whose `count` or `for_each` gives no instance, as notes.
    empty: Vec<Diagnostic>,
    /// Resource instances emitted so far in this root.
    emitted: usize,
    resolver: &'e providers::Resolver<'e>,
}

impl Emitter<'_, '_> {
    fn instance(&mut self, instance: usize, out: &mut Vec<Resource>) {
        let Some(config) = self.evaluator.config(instance) else {
            return;
        };
        let prefix = self.evaluator.tree[instance].prefix();
        for decl in config.resources.values() {
            let expansion = self.evaluator.resource_expansion(
                instance,
                decl.mode,
                &decl.resource_type,
                &decl.name,
            );
            // The meta-argument as written (0.11 quotes dropped), and the address it names.
            let written = decl.body.attribute("provider").map(|a| {
                let address = LocalProvider::of_expression(&a.expr);
                let text = match &address {
                    Some(address) => address.to_string(),
                    None => hcl::format::to_string(&a.expr)
                        .map(|t| t.trim().to_string())
                        .unwrap_or_default(),
                };
                (text, address)
            });
            let declared = Declared {
                kind: match decl.mode {
                    config::Mode::Managed => ResourceKind::Managed,
                    config::Mode::Data => ResourceKind::Data,
                },
                resource_type: &decl.resource_type,
                name: &decl.name,
                body: &decl.body,
                location: &decl.location,
                provider: written.as_ref().map(|(text, _)| text.clone()),
                provider_config: self.provider_config(
                    instance,
                    written
                        .map(|(_, address)| address)
                        .unwrap_or_else(|| Some(LocalProvider::implied(&decl.resource_type))),
                ),
            };
            let base = format!("{prefix}{}", decl.local_address());
            self.emit(instance, &declared, (expansion, base), out);
        }
        for (name, child) in &self.evaluator.tree[instance].children.clone() {
            if !matches!(child, Child::External) {
                continue;
            }
            let Some(call) = config.module_calls.get(name) else {
                continue;
            };
            let expansion = self.evaluator.call_expansion(instance, name);
            let declared = Declared {
                kind: ResourceKind::Module,
                resource_type: "module",
                name,
                body: &call.body,
                location: &call.location,
                provider: None,
                provider_config: None,
            };
            self.emit(
                instance,
                &declared,
                (expansion, format!("{prefix}module.{name}")),
                out,
            );
        }
    }

    /// Every instance of one declaration, with its own `each`/`count` bound.
    fn emit(
        &mut self,
        instance: usize,
        declared: &Declared,
        (expansion, base): (Arc<Expansion>, String),
        out: &mut Vec<Resource>,
    ) {
        let limited = self.within_budget(&expansion, &base, declared.location);
        let expansion = limited.as_ref().unwrap_or(&expansion);
        for (key, iteration, level) in instances_of(expansion, &base) {
            let scope = match (&level, declared.kind) {
                (None, _) => Scope::of(iteration),
                (Some(_), ResourceKind::Module) => {
                    let depth = self.evaluator.module_depth(instance);
                    Scope::keyed(iteration, KeyLevel::Module(depth))
                }
                (Some(_), _) => Scope::keyed(iteration, KeyLevel::Resource),
            };
            let mut references = Vec::new();
            let body = self.body(instance, declared.body, "", &mut references, true, &scope);
            let address = match &key {
                Some(key) => format!("{base}{key}"),
                None => base.clone(),
            };
            let mut repetition = self.evaluator.tree[instance].repetition.clone();
            repetition.extend(level);
            out.push(Resource {
                id: format!("{}{address}", self.id_prefix),
                address,
                root: self.root.to_string(),
                kind: declared.kind,
                resource_type: declared.resource_type.to_string(),
                name: declared.name.to_string(),
                module: self.evaluator.tree[instance].path.clone(),
                location: declared.location.clone(),
                body,
                references: crate::inventory::distinct_references(references),
                provider: declared.provider.clone(),
                provider_config: declared.provider_config.clone(),
                repetition,
            });
        }
        self.note_if_empty(expansion, &base, declared.location);
    }

    /// Counts the instances about to be emitted; past `MAX_ROOT_INSTANCES` in one root, a
    /// repeated declaration stays one node standing for all, so hostile input cannot make
    /// tfmap emit millions of resources.
    /// Gives the expansion to use instead when over the budget.
    fn within_budget(
        &mut self,
        expansion: &Expansion,
        address: &str,
        at: &Location,
    ) -> Option<Expansion> {
        match expansion {
            Expansion::Instances {
                meta,
                expression,
                instances,
            } if self.emitted + instances.len() > expand::MAX_ROOT_INSTANCES => {
                self.evaluator.report(Diagnostic::warning(
                    at.clone(),
                    format!(
                        "`{address}`: more than {} resource instances in this root module; its {} instances are not expanded",
                        expand::MAX_ROOT_INSTANCES,
                        instances.len()
                    ),
                ));
                self.emitted += 1;
                Some(Expansion::Unknown {
                    meta: *meta,
                    expression: expression.clone(),
                })
            }
            Expansion::Instances { instances, .. } => {
                self.emitted += instances.len();
                None
            }
            _ => {
                self.emitted += 1;
                None
            }
        }
    }

    fn note_if_empty(&mut self, expansion: &Expansion, address: &str, at: &Location) {
        if let Expansion::Instances {
            meta,
            expression,
            instances,
        } = expansion
            && instances.is_empty()
        {
            self.empty.push(Diagnostic::info(
                at.clone(),
                format!(
                    "`{address}` has no instance ({} = {expression} gives none); not drawn",
                    meta.as_str()
                ),
            ));
        }
    }

    /// The configuration `wanted` leads to from module instance `instance`; `None` when
    /// the provider meta-argument names no address, or an aliased configuration nothing
    /// provides.
    fn provider_config(
        &self,
        instance: usize,
        wanted: Option<LocalProvider>,
    ) -> Option<crate::inventory::ProviderRef> {
        let resolved = self.resolver.resolve(instance, &wanted?)?;
        Some(crate::inventory::ProviderRef {
            module: self.evaluator.tree.get(resolved.instance)?.path.clone(),
            name: resolved.provider.name,
            alias: resolved.provider.alias,
        })
    }

    /// The root module's outputs: values and the resources behind them, by id.
    fn outputs(&mut self) -> BTreeMap<String, RootOutput> {
        let mut out = BTreeMap::new();
        let Some(config) = self.evaluator.config(0) else {
            return out;
        };
        for (name, decl) in &config.outputs {
            let Some(attribute) = decl.value.as_ref() else {
                continue;
            };
            let value = self.evaluator.attribute_value(0, attribute);
            let targets = self
                .evaluator
                .attribute_targets(&mut self.cache, 0, attribute, &Scope::default())
                .into_iter()
                // A data source reading a third root's state passes on what is behind it;
                // the data source itself is no resource of that root's architecture.
                .filter(|(target, _)| {
                    target.state_output.is_some()
                        || !target.address.contains("data.terraform_remote_state.")
                })
                .map(|(target, _)| {
                    let id = match &target.state_output {
                        Some(_) => target.address,
                        None => format!("{}{}", self.id_prefix, target.address),
                    };
                    (id, target.through)
                })
                .collect();
            out.insert(name.clone(), RootOutput { value, targets });
        }
        out
    }

    /// The provider blocks of every module instance, with what their settings reference.
    fn providers(&mut self) -> Vec<ProviderConfig> {
        let mut out = Vec::new();
        for instance in 0..self.evaluator.tree.len() {
            let Some(config) = self.evaluator.config(instance) else {
                continue;
            };
            let module = self.evaluator.tree[instance].path.clone();
            for block in &config.providers {
                let mut references = Vec::new();
                let _ = self.body(
                    instance,
                    &block.body,
                    "",
                    &mut references,
                    false,
                    &Scope::default(),
                );
                out.push(ProviderConfig {
                    root: self.root.to_string(),
                    module: module.clone(),
                    name: block.labels.first().cloned().unwrap_or_default(),
                    alias: config::string_literal(block.body.attribute("alias")),
                    location: block.location.clone(),
                    references: crate::inventory::distinct_references(references),
                });
            }
        }
        out
    }

    /// Evaluates a body and collects the references it makes. `via` is the block path so far.
    fn body(
        &mut self,
        instance: usize,
        raw: &RawBody,
        via: &str,
        references: &mut Vec<Reference>,
        top: bool,
        scope: &Scope,
    ) -> Body {
        let mut body = Body {
            attributes: crate::inventory::Attributes::with_capacity(raw.attributes.len()),
            blocks: Vec::with_capacity(raw.blocks.len()),
        };
        for attribute in &raw.attributes {
            let name = attribute.name.as_str();
            match name {
                "provider" | "providers" if top => continue,
                "depends_on" if top => {
                    self.references(
                        (instance, scope),
                        attribute,
                        "depends_on",
                        ReferenceKind::DependsOn,
                        references,
                    );
                    continue;
                }
                // An instance with a known key holds its element as `each.value`: the whole
                // collection again in each instance made 999 instances of a 999-entry map
                // hold a million entries (4.4 GB). Its references are still collected.
                "for_each" if top && matches!(scope.iteration, Some(Iteration::Each { .. })) => {
                    self.references(
                        (instance, scope),
                        attribute,
                        "for_each",
                        ReferenceKind::Reference,
                        references,
                    );
                    continue;
                }
                _ => {}
            }
            let value = self
                .evaluator
                .attribute_value_in(instance, attribute, scope);
            body.attributes.insert(
                name.to_string(),
                Attribute {
                    value,
                    location: attribute.location.clone(),
                },
            );
            self.references(
                (instance, scope),
                attribute,
                &format!("{via}{name}"),
                ReferenceKind::Reference,
                references,
            );
        }
        for block in &raw.blocks {
            match block.kind.as_str() {
                "lifecycle" if top => body.blocks.push(Block {
                    kind: block.kind.clone(),
                    labels: Vec::new(),
                    body: lifecycle_body(&block.body),
                    location: block.location.clone(),
                    dynamic: false,
                }),
                "dynamic" => self.dynamic_block(instance, block, via, references, scope, &mut body),
                kind => {
                    let nested_via = format!("{via}{kind}.");
                    let inner =
                        self.body(instance, &block.body, &nested_via, references, false, scope);
                    body.blocks.push(Block {
                        kind: kind.to_string(),
                        labels: block.labels.clone(),
                        body: inner,
                        location: block.location.clone(),
                        dynamic: false,
                    });
                }
            }
        }
        body
    }

    /// `dynamic "x" { for_each = …, content { … } }`: one `x` block per element when the
    /// collection is known, with the iterator bound; otherwise one block standing for all.
    fn dynamic_block(
        &mut self,
        instance: usize,
        block: &syntax::RawBlock,
        via: &str,
        references: &mut Vec<Reference>,
        scope: &Scope,
        body: &mut Body,
    ) {
        let label = block.labels.first().cloned().unwrap_or_default();
        let nested_via = format!("{via}{label}.");
        for attribute in &block.body.attributes {
            self.references(
                (instance, scope),
                attribute,
                &format!("{via}{label}"),
                ReferenceKind::Reference,
                references,
            );
        }
        let iterator = block
            .body
            .attribute("iterator")
            .and_then(|a| match &a.expr {
                hcl::Expression::Variable(name) => Some(name.as_str().to_string()),
                _ => None,
            })
            .unwrap_or_else(|| label.clone());
        let elements = block.body.attribute("for_each").and_then(|for_each| {
            let value = self.evaluator.attribute_value_in(instance, for_each, scope);
            expand::dynamic_elements(&value)
        });
        let content = block.body.blocks.iter().find(|b| b.kind == "content");
        let Some(content) = content else {
            return;
        };
        match elements {
            Some(elements) if elements.len() <= self.evaluator.max_instances => {
                for (key, value) in elements {
                    let mut inner_scope = scope.clone();
                    let mut object = tfmap_core::Map::new();
                    object.insert("key".to_string(), key);
                    object.insert("value".to_string(), value);
                    inner_scope
                        .iterators
                        .push((iterator.clone(), tfmap_core::Value::Object(object)));
                    let inner = self.body(
                        instance,
                        &content.body,
                        &nested_via,
                        references,
                        false,
                        &inner_scope,
                    );
                    body.blocks.push(Block {
                        kind: label.clone(),
                        labels: Vec::new(),
                        body: inner,
                        location: block.location.clone(),
                        dynamic: false,
                    });
                }
            }
            _ => {
                let inner = self.body(
                    instance,
                    &content.body,
                    &nested_via,
                    references,
                    false,
                    scope,
                );
                body.blocks.push(Block {
                    kind: label,
                    labels: Vec::new(),
                    body: inner,
                    location: block.location.clone(),
                    dynamic: true,
                });
            }
        }
    }

    fn references(
        &mut self,
        (instance, scope): (usize, &Scope),
        attribute: &RawAttribute,
        via: &str,
        kind: ReferenceKind,
        out: &mut Vec<Reference>,
    ) {
        for (target, index) in
            self.evaluator
                .attribute_targets(&mut self.cache, instance, attribute, scope)
        {
            let location = attribute
                .references
                .get(index)
                .map_or_else(|| attribute.location.clone(), |r| r.location.clone());
            // A resource of another root (through its state) is named by its id already.
            let id = match &target.state_output {
                Some(_) => target.address,
                None => format!("{}{}", self.id_prefix, target.address),
            };
            out.push(Reference {
                target: id,
                via: via.to_string(),
                kind,
                through: target.through,
                location,
                picks: target.picks,
                state_output: target.state_output,
            });
        }
    }
}

/// The instances to emit for an expansion: key, what `each`/`count` is, and the repetition
/// level to record. Unknown keys give one instance standing for all (no key).
fn instances_of(
    expansion: &Expansion,
    scope: &str,
) -> Vec<(Option<InstanceKey>, Option<Iteration>, Option<Repetition>)> {
    match expansion {
        Expansion::Single => vec![(None, None, None)],
        Expansion::Instances {
            meta,
            expression,
            instances,
        } => instances
            .iter()
            .map(|(key, iteration)| {
                let level = Repetition {
                    meta: *meta,
                    scope: scope.to_string(),
                    key: Some(key.clone()),
                    expression: expression.clone(),
                };
                (Some(key.clone()), Some(iteration.clone()), Some(level))
            })
            .collect(),
        Expansion::Unknown { meta, expression } => {
            let level = Repetition {
                meta: *meta,
                scope: scope.to_string(),
                key: None,
                expression: expression.clone(),
            };
            vec![(None, None, Some(level))]
        }
    }
}

/// `lifecycle` holds names, not values: `ignore_changes = [desired_count]` is kept as the
/// list of attribute names.
fn lifecycle_body(raw: &RawBody) -> Body {
    let mut body = Body::default();
    for attribute in &raw.attributes {
        let value = match &attribute.expr {
            hcl::Expression::Array(items) => serde_json::Value::Array(
                items
                    .iter()
                    .map(|item| {
                        let text = hcl::format::to_string(item).unwrap_or_default();
                        serde_json::Value::String(text.trim().to_string())
                    })
                    .collect(),
            ),
            hcl::Expression::Bool(b) => serde_json::Value::Bool(*b),
            other => serde_json::Value::String(
                hcl::format::to_string(other)
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            ),
        };
        body.attributes.insert(
            attribute.name.clone(),
            Attribute {
                value: value.into(),
                location: attribute.location.clone(),
            },
        );
    }
    body
}
