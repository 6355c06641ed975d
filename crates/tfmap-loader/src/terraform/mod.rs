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

mod config;
mod eval;
mod functions;
mod json_blocks;
mod json_syntax;
mod overrides;
mod resolve;
mod syntax;
mod tree;
pub mod unknown;
mod variables;

use crate::VariableInputs;
use crate::diagnostic::Diagnostic;
use crate::inventory::ProviderConfig;
use crate::inventory::{
    Attribute, Block, Body, Inventory, Reference, ReferenceKind, Resource, ResourceKind,
};
use crate::location::Location;
use crate::source::{FileKind, SourceFiles, join_path, parent_dir};
use config::ModuleConfig;
use eval::Evaluator;
use rayon::prelude::*;
use resolve::TargetCache;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use syntax::{ParsedFile, RawAttribute, RawBody, parse_file};
use tree::{Child, build_tree, is_local_source};

pub use tree::relative_dir;

/// Loads the Terraform files among `paths`.
pub fn load(paths: &[String], files: &dyn SourceFiles, inputs: &VariableInputs) -> Inventory {
    let mut inventory = Inventory::default();
    let command_line = variables::CommandLine::read(inputs, &mut inventory.diagnostics);
    let wanted: Vec<(&String, FileKind)> = paths
        .iter()
        .filter_map(|p| FileKind::of(p).map(|k| (p, k)))
        .filter(|(_, kind)| *kind != FileKind::Yaml)
        .collect();

    type Parsed = (
        FileKind,
        Result<(ParsedFile, Vec<Diagnostic>), Diagnostic>,
        Vec<crate::suppression::Suppression>,
    );
    let parsed: Vec<Parsed> = wanted
        .par_iter()
        .map(|(path, kind)| {
            let shown: Arc<str> = Arc::from(path.as_str());
            match files.read_text(path) {
                Ok(text) => {
                    let suppressions = crate::suppression::scan(&shown, &text);
                    (*kind, parse_any(*kind, shown, &text), suppressions)
                }
                Err(error) => {
                    let diagnostic = Diagnostic::error(
                        Location::file_start(shown),
                        format!("cannot read file: {error}"),
                    );
                    (*kind, Err(diagnostic), Vec::new())
                }
            }
        })
        .collect();

    let mut configs: BTreeMap<String, ModuleConfig> = BTreeMap::new();
    let mut tfvars: BTreeMap<String, Vec<ParsedFile>> = BTreeMap::new();
    let mut overrides: Vec<ParsedFile> = Vec::new();
    for (kind, result, suppressions) in parsed {
        inventory.suppressions.extend(suppressions);
        match result {
            Err(diagnostic) => {
                *inventory
                    .stats
                    .skipped
                    .entry("file with errors".into())
                    .or_default() += 1;
                inventory.diagnostics.push(diagnostic);
            }
            Ok((file, diagnostics)) => {
                inventory.diagnostics.extend(diagnostics);
                *inventory
                    .stats
                    .files_read
                    .entry(kind_name(kind).into())
                    .or_default() += 1;
                let dir = parent_dir(&file.path).to_string();
                if is_override_file(&file.path) {
                    overrides.push(file);
                } else if matches!(kind, FileKind::Terraform | FileKind::TerraformJson) {
                    let config = configs.entry(dir.clone()).or_insert_with(|| ModuleConfig {
                        dir,
                        ..ModuleConfig::default()
                    });
                    config.add_file(file, &mut inventory.diagnostics);
                } else {
                    tfvars.entry(dir).or_default().push(file);
                }
            }
        }
    }

    // After every other file of their directory, in lexical order of file name.
    overrides.sort_by(|a, b| a.path.cmp(&b.path));
    for file in overrides {
        let dir = parent_dir(&file.path).to_string();
        let config = configs.entry(dir.clone()).or_insert_with(|| ModuleConfig {
            dir,
            ..ModuleConfig::default()
        });
        config.merge_override(file, &mut inventory.diagnostics);
    }

    for config in configs.values() {
        for (kind, count) in &config.other_blocks {
            *inventory
                .stats
                .other_blocks
                .entry(kind.clone())
                .or_default() += count;
        }
    }
    let roots = find_roots(&configs);
    let declared: BTreeSet<&str> = roots
        .iter()
        .filter_map(|root| configs.get(root))
        .flat_map(|config| config.variables.keys().map(String::as_str))
        .collect();
    inventory
        .diagnostics
        .extend(command_line.undeclared(&declared));
    // One value may be read for several roots: its problems are reported once.
    let mut value_problems = BTreeSet::new();
    let values: Vec<BTreeMap<String, hcl::Value>> = roots
        .iter()
        .map(|root| {
            let own = tfvars.get(root).map(Vec::as_slice).unwrap_or_default();
            let (values, problems) = variables::root_values(configs.get(root), own, &command_line);
            value_problems.extend(problems);
            values
        })
        .collect();
    inventory.diagnostics.extend(value_problems);
    let results: Vec<RootResult> = roots
        .par_iter()
        .zip(values)
        .map(|(root, values)| load_root(&configs, root, values, files))
        .collect();
    for (resources, providers, diagnostics, instances) in results {
        inventory.resources.extend(resources);
        inventory.providers.extend(providers);
        inventory.diagnostics.extend(diagnostics);
        inventory.stats.module_instances += instances;
    }
    inventory.resources.sort_by(|a, b| a.id.cmp(&b.id));
    inventory
        .providers
        .sort_by(|a, b| (&a.root, &a.name, &a.alias).cmp(&(&b.root, &b.name, &b.alias)));
    inventory.roots = roots;
    inventory
}

/// Parses a file in the syntax its name says.
fn parse_any(kind: FileKind, path: Arc<str>, text: &str) -> json_syntax::JsonParse {
    match kind {
        FileKind::TerraformJson => json_syntax::parse_config(path, text),
        FileKind::TfvarsJson => json_syntax::parse_tfvars(path, text),
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
    }
}

/// `override.tf`, `*_override.tf` and their `.tf.json` forms change other files' blocks
/// instead of adding their own.
fn is_override_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name
        .strip_suffix(".tf")
        .or_else(|| name.strip_suffix(".tf.json"));
    stem.is_some_and(|stem| stem == "override" || stem.ends_with("_override"))
}

/// Directories with Terraform files that no local module call points at.
fn find_roots(configs: &BTreeMap<String, ModuleConfig>) -> Vec<String> {
    let called: BTreeSet<String> = configs
        .values()
        .flat_map(|config| {
            config.module_calls.values().filter_map(move |call| {
                let source = call.source.as_deref()?;
                let dir = join_path(&config.dir, source)?;
                (is_local_source(source) && dir != config.dir).then_some(dir)
            })
        })
        .collect();
    configs
        .keys()
        .filter(|dir| !called.contains(*dir))
        .cloned()
        .collect()
}

/// Resources, provider blocks, diagnostics and the number of module instances of one root.
type RootResult = (Vec<Resource>, Vec<ProviderConfig>, Vec<Diagnostic>, usize);

fn load_root(
    configs: &BTreeMap<String, ModuleConfig>,
    root: &str,
    values: BTreeMap<String, hcl::Value>,
    files: &dyn SourceFiles,
) -> RootResult {
    let mut diagnostics = Vec::new();
    let tree = build_tree(configs, root, &mut diagnostics);
    let mut evaluator = Evaluator::new(configs, &tree, files, values);
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
    };
    let mut resources = Vec::new();
    for instance in 0..tree.len() {
        emitter.instance(instance, &mut resources);
    }
    let providers = emitter.providers();
    diagnostics.append(&mut evaluator.diagnostics);
    (resources, providers, diagnostics, tree.len())
}

struct Emitter<'e, 'a> {
    evaluator: &'e mut Evaluator<'a>,
    cache: TargetCache,
    id_prefix: String,
    root: &'e str,
}

impl Emitter<'_, '_> {
    fn instance(&mut self, instance: usize, out: &mut Vec<Resource>) {
        let Some(config) = self.evaluator.config(instance) else {
            return;
        };
        let module_path = self.evaluator.tree[instance].path.clone();
        let prefix = self.evaluator.tree[instance].prefix();
        for decl in config.resources.values() {
            let mut references = Vec::new();
            let body = self.body(instance, &decl.body, "", &mut references, true);
            let address = format!("{prefix}{}", decl.local_address());
            out.push(Resource {
                id: format!("{}{address}", self.id_prefix),
                address,
                root: self.root.to_string(),
                kind: match decl.mode {
                    config::Mode::Managed => ResourceKind::Managed,
                    config::Mode::Data => ResourceKind::Data,
                },
                resource_type: decl.resource_type.clone(),
                name: decl.name.clone(),
                module: module_path.clone(),
                location: decl.location.clone(),
                body,
                references: finish(references),
                provider: decl
                    .body
                    .attribute("provider")
                    .and_then(|a| hcl::format::to_string(&a.expr).ok())
                    .map(|t| t.trim().to_string()),
                repetition: Vec::new(),
            });
        }
        for (name, child) in &self.evaluator.tree[instance].children.clone() {
            if !matches!(child, Child::External) {
                continue;
            }
            let Some(call) = config.module_calls.get(name) else {
                continue;
            };
            let mut references = Vec::new();
            let body = self.body(instance, &call.body, "", &mut references, true);
            let address = format!("{prefix}module.{name}");
            out.push(Resource {
                id: format!("{}{address}", self.id_prefix),
                address,
                root: self.root.to_string(),
                kind: ResourceKind::Module,
                resource_type: "module".to_string(),
                name: name.clone(),
                module: module_path.clone(),
                location: call.location.clone(),
                body,
                references: finish(references),
                provider: None,
                repetition: Vec::new(),
            });
        }
    }

    /// The provider blocks of the root module, with what their settings reference.
    fn providers(&mut self) -> Vec<ProviderConfig> {
        let Some(config) = self.evaluator.config(0) else {
            return Vec::new();
        };
        config
            .providers
            .iter()
            .map(|block| {
                let mut references = Vec::new();
                let _ = self.body(0, &block.body, "", &mut references, false);
                ProviderConfig {
                    root: self.root.to_string(),
                    name: block.labels.first().cloned().unwrap_or_default(),
                    alias: config::string_literal(block.body.attribute("alias")),
                    location: block.location.clone(),
                    references: finish(references),
                }
            })
            .collect()
    }

    /// Evaluates a body and collects the references it makes. `via` is the block path so far.
    fn body(
        &mut self,
        instance: usize,
        raw: &RawBody,
        via: &str,
        references: &mut Vec<Reference>,
        top: bool,
    ) -> Body {
        let mut body = Body::default();
        for attribute in &raw.attributes {
            let name = attribute.name.as_str();
            match name {
                "provider" | "providers" if top => continue,
                "depends_on" if top => {
                    self.references(
                        instance,
                        attribute,
                        "depends_on",
                        ReferenceKind::DependsOn,
                        references,
                    );
                    continue;
                }
                _ => {}
            }
            let value = self.evaluator.attribute_value(instance, attribute);
            body.attributes.insert(
                name.to_string(),
                Attribute {
                    value: to_json(&value),
                    location: attribute.location.clone(),
                },
            );
            self.references(
                instance,
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
                "dynamic" => {
                    let label = block.labels.first().cloned().unwrap_or_default();
                    let nested_via = format!("{via}{label}.");
                    let mut content = Body::default();
                    for attribute in &block.body.attributes {
                        self.references(
                            instance,
                            attribute,
                            &format!("{via}{label}"),
                            ReferenceKind::Reference,
                            references,
                        );
                    }
                    for inner in &block.body.blocks {
                        if inner.kind == "content" {
                            content =
                                self.body(instance, &inner.body, &nested_via, references, false);
                        }
                    }
                    body.blocks.push(Block {
                        kind: label,
                        labels: Vec::new(),
                        body: content,
                        location: block.location.clone(),
                        dynamic: true,
                    });
                }
                kind => {
                    let nested_via = format!("{via}{kind}.");
                    let inner = self.body(instance, &block.body, &nested_via, references, false);
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

    fn references(
        &mut self,
        instance: usize,
        attribute: &RawAttribute,
        via: &str,
        kind: ReferenceKind,
        out: &mut Vec<Reference>,
    ) {
        for (target, index) in
            self.evaluator
                .attribute_targets(&mut self.cache, instance, attribute)
        {
            let location = attribute
                .references
                .get(index)
                .map_or_else(|| attribute.location.clone(), |r| r.location.clone());
            out.push(Reference {
                target: format!("{}{}", self.id_prefix, target.address),
                via: via.to_string(),
                kind,
                through: target.through,
                location,
            });
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
                value,
                location: attribute.location.clone(),
            },
        );
    }
    body
}

/// One reference per target, place and kind: the first occurrence is kept.
fn finish(mut references: Vec<Reference>) -> Vec<Reference> {
    references.sort_by(|a, b| {
        (&a.target, &a.via, a.kind, &a.location, &a.through).cmp(&(
            &b.target,
            &b.via,
            b.kind,
            &b.location,
            &b.through,
        ))
    });
    references.dedup_by(|later, first| {
        later.target == first.target && later.via == first.via && later.kind == first.kind
    });
    references
}

fn to_json(value: &hcl::Value) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}
