//! Terragrunt units. A `terragrunt.hcl` with `terraform { source = … }` deploys that module as
//! a root module of its own, its `inputs` given as the root's variable values (Terragrunt
//! passes them as `TF_VAR_*`). Nothing is run: the file is read as HCL, its `locals`, the
//! Terraform functions and the path functions Terragrunt defines are evaluated statically,
//! and what depends on something tfmap cannot know (another unit's outputs through
//! `dependency`, `get_env`, the account id) stays unknown.
//!
//! A unit with a local source is drawn as that module deployed at the unit's directory
//! (addresses as Terraform's state holds them: `live/prod/app:aws_ecs_service.this`); one
//! with a remote source (git, the registry) is an opaque module node holding its source and
//! inputs, as a registry module call that was not downloaded.

mod eval;
mod layer;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use tfmap_core::Value;

use super::config::{ModuleCallDecl, ModuleConfig};
use super::syntax::{RawAttribute, RawBody};
use crate::boundary::Boundary;
use crate::diagnostic::Diagnostic;
use crate::location::Location;
use crate::source::{FileKind, SourceFiles, parent_dir};
use eval::{Scope, UnitPaths};
use layer::Layer;

/// One Terragrunt unit.
#[derive(Debug, Clone)]
pub(super) struct Unit {
    /// The unit's directory, relative to the analysed one: the root module's name.
    pub dir: String,
    pub source: UnitSource,
    /// `inputs`, evaluated; unknown parts are markers.
    pub inputs: BTreeMap<String, (Value, Location)>,
    /// Where `terraform { source }` is written (the file's start when it has none).
    pub location: Location,
    /// `dependency "name" { config_path }`: the unit directory each name reads outputs of.
    pub dependencies: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum UnitSource {
    /// A module directory inside the boundary, relative to the analysed directory.
    Local(String),
    /// A source tfmap does not read (git, registry, HTTP), or one it cannot evaluate.
    Opaque(Value),
    /// No `terraform { source }`: Terragrunt runs Terraform on the unit's own `.tf` files, or,
    /// with none, the file only configures the units that include it.
    Own,
}

/// The units of the walked tree, sorted by directory. Each Terragrunt file read (a unit's,
/// or one a unit includes) counts once in `stats.files_read` as `terragrunt`.
pub(super) fn read_units(
    paths: &[String],
    files: &dyn SourceFiles,
    inventory: &mut crate::inventory::Inventory,
) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut read = BTreeSet::new();
    for path in paths {
        if FileKind::of(path) != Some(FileKind::Terragrunt) {
            continue;
        }
        match files.read_text(path) {
            Ok(text) => {
                read.insert(path.clone());
                units.extend(read_unit(
                    path,
                    &text,
                    files,
                    &mut read,
                    &mut inventory.diagnostics,
                ));
            }
            Err(error) => inventory.diagnostics.push(Diagnostic::warning(
                Location::file_start(Arc::from(path.as_str())),
                format!("cannot read the Terragrunt unit: {error}"),
            )),
        }
    }
    if !read.is_empty() {
        *inventory
            .stats
            .files_read
            .entry("terragrunt".into())
            .or_default() += read.len();
    }
    units.sort_by(|a, b| a.dir.cmp(&b.dir));
    units
}

/// Reads a unit from the text of its `terragrunt.hcl`, with the files it includes (their
/// paths go into `read`). Errors are diagnostics; a file that does not parse gives no unit.
pub(super) fn read_unit(
    path: &str,
    text: &str,
    files: &dyn SourceFiles,
    read: &mut BTreeSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Unit> {
    let shown: Arc<str> = Arc::from(path);
    let file = parse(shown.clone(), text, diagnostics)?;
    let dir = parent_dir(path).to_string();
    let boundary = files.boundary();
    let scope = Scope {
        locals: Value::Null,
        include: Value::Null,
        paths: UnitPaths::of(&dir, boundary),
    };
    let mut parents = Vec::new();
    let mut exposed = tfmap_core::Map::new();
    for include in layer::blocks(&file.body, "include") {
        let name = include.labels.first().cloned().unwrap_or_default();
        let included = layer::included_file(include, &scope, &dir, files).and_then(|(p, text)| {
            read.insert(p.clone());
            parse(Arc::from(p.as_str()), &text, diagnostics)
        });
        match included {
            Some(included) => {
                let parent = Layer::read(&included.body, scope.clone(), &dir, boundary, diagnostics);
                exposed.insert(name, parent.exposed());
                parents.push(parent);
            }
            None => diagnostics.push(Diagnostic::info(
                include.location.clone(),
                "Terragrunt `include`: the file it names is not known statically or not found; its settings are not read".to_string(),
            )),
        }
    }
    let scope = Scope {
        include: Value::Object(exposed),
        ..scope
    };
    let layer = parents.into_iter().fold(
        Layer::read(&file.body, scope, &dir, boundary, diagnostics),
        Layer::over,
    );
    let (source, location) = match layer.source {
        Some((source, location)) => (resolve_source(&dir, source, boundary), location),
        None => (
            UnitSource::Own,
            layer
                .terraform
                .unwrap_or_else(|| Location::file_start(shown)),
        ),
    };
    Some(Unit {
        dir,
        source,
        inputs: layer.inputs,
        location,
        dependencies: layer.dependencies,
    })
}

fn parse(
    path: Arc<str>,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<super::syntax::ParsedFile> {
    super::syntax::parse_file(path, text)
        .map_err(|diagnostic| diagnostics.push(diagnostic))
        .ok()
}

/// The units of an analysis once settled against the module configurations read: which
/// root each unit is, and which directory holds its configuration.
#[derive(Debug, Default)]
pub(super) struct Units {
    /// By unit directory.
    units: BTreeMap<String, Unit>,
    /// Unit directory → the module directory it deploys (local sources only).
    module_of: BTreeMap<String, String>,
}

impl Units {
    /// Adds what each unit deploys to `configs`: a unit with a remote source gets an opaque
    /// module call at its directory; one with a local source deploys that module's
    /// configuration under its own name.
    pub fn settle(
        units: Vec<Unit>,
        configs: &mut BTreeMap<String, ModuleConfig>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Units {
        let mut settled = Units::default();
        for unit in units {
            let opaque = match &unit.source {
                UnitSource::Local(module) if configs.contains_key(module) => {
                    if configs.contains_key(&unit.dir) && unit.dir != *module {
                        diagnostics.push(Diagnostic::info(
                            unit.location.clone(),
                            format!("the Terraform files beside this terragrunt.hcl are copied into {module} by Terragrunt; tfmap does not merge them yet and draws {module} alone"),
                        ));
                    }
                    settled.module_of.insert(unit.dir.clone(), module.clone());
                    None
                }
                UnitSource::Local(module) => {
                    diagnostics.push(Diagnostic::warning(
                        unit.location.clone(),
                        format!("Terragrunt source {module:?} holds no Terraform files tfmap could read; drawn as an opaque module"),
                    ));
                    Some(Value::from(module.clone()))
                }
                UnitSource::Opaque(source) => Some(source.clone()),
                UnitSource::Own => {
                    if !configs.contains_key(&unit.dir) {
                        diagnostics.push(Diagnostic::info(
                            unit.location.clone(),
                            "this terragrunt.hcl names no `terraform { source }` and its directory holds no Terraform files: it deploys nothing itself (a file other units include)".to_string(),
                        ));
                    }
                    None
                }
            };
            if let Some(source) = opaque {
                let call = unit.opaque_config(&source);
                match configs.get_mut(&unit.dir) {
                    Some(config) => config.module_calls.extend(call.module_calls),
                    None => {
                        configs.insert(unit.dir.clone(), call);
                    }
                }
            }
            settled.units.insert(unit.dir.clone(), unit);
        }
        settled
    }

    /// The root modules: those `found` (directories nobody calls), less the modules units
    /// deploy, plus the units deploying them.
    pub fn roots(&self, found: impl Iterator<Item = String>) -> Vec<String> {
        let deployed: std::collections::BTreeSet<&String> = self.module_of.values().collect();
        let mut roots: Vec<String> = found
            .filter(|dir| !deployed.contains(dir) || self.module_of.contains_key(dir))
            .chain(self.module_of.keys().cloned())
            .collect();
        roots.sort();
        roots.dedup();
        roots
    }

    /// Links what a unit's resources read from another unit's outputs
    /// (`dependency.cluster.outputs.arn`, given as an input) to what stands behind that
    /// output: the resources the output's expression names in the other unit's module, or
    /// the other unit's opaque module node. Each link is a reference read through state
    /// (`state_output`), as a `terraform_remote_state` read is.
    pub fn link_dependencies(
        &self,
        resources: &mut [crate::inventory::Resource],
        configs: &BTreeMap<String, ModuleConfig>,
    ) {
        if self.units.values().all(|u| u.dependencies.is_empty()) {
            return;
        }
        let ids: std::collections::BTreeSet<String> =
            resources.iter().map(|r| r.id.clone()).collect();
        for resource in resources.iter_mut() {
            let Some(unit) = self.units.get(&resource.root) else {
                continue;
            };
            if unit.dependencies.is_empty() {
                continue;
            }
            let mut found = Vec::new();
            for (name, attribute) in &resource.body.attributes {
                read_outputs(&attribute.value, &mut |dependency, output| {
                    let Some(other) = unit.dependencies.get(dependency) else {
                        return;
                    };
                    for target in self.behind_output(other, output, configs) {
                        if ids.contains(&target) {
                            found.push(crate::inventory::Reference {
                                target,
                                via: name.clone(),
                                kind: crate::inventory::ReferenceKind::Reference,
                                through: vec![format!("dependency.{dependency}")],
                                location: attribute.location.clone(),
                                picks: None,
                                state_output: Some(output.to_string()),
                            });
                        }
                    }
                });
            }
            found.sort_by(|a, b| (&a.target, &a.via).cmp(&(&b.target, &b.via)));
            found.dedup_by(|a, b| a.target == b.target && a.via == b.via);
            resource.references.extend(found);
        }
    }

    /// The node ids behind output `output` of the unit at `dir`.
    fn behind_output(
        &self,
        dir: &str,
        output: &str,
        configs: &BTreeMap<String, ModuleConfig>,
    ) -> Vec<String> {
        let Some(unit) = self.units.get(dir) else {
            return Vec::new();
        };
        let prefix = if dir == "." {
            String::new()
        } else {
            format!("{dir}:")
        };
        match self
            .module_of
            .get(dir)
            .or(matches!(unit.source, UnitSource::Own).then_some(&unit.dir))
        {
            Some(module) => configs
                .get(module)
                .and_then(|config| config.outputs.get(output))
                .and_then(|decl| decl.value.as_ref())
                .map(|value| {
                    value
                        .references
                        .iter()
                        .filter_map(|r| resource_address(&r.path))
                        .map(|address| format!("{prefix}{address}"))
                        .collect()
                })
                .unwrap_or_default(),
            None => vec![format!("{prefix}module.{}", unit.opaque_name())],
        }
    }

    /// The directory whose configuration a root deploys: the module of a unit, or itself.
    pub fn config_dir<'a>(&'a self, root: &'a str) -> &'a str {
        self.module_of.get(root).map_or(root, String::as_str)
    }

    /// A unit's inputs for the variables its module declares (Terraform ignores a `TF_VAR_`
    /// for a variable it does not declare); empty for any other root.
    pub fn inputs(&self, root: &str, config: Option<&ModuleConfig>) -> BTreeMap<String, Value> {
        let (Some(unit), Some(config)) = (self.units.get(root), config) else {
            return BTreeMap::new();
        };
        if matches!(unit.source, UnitSource::Opaque(_)) {
            return BTreeMap::new();
        }
        unit.inputs
            .iter()
            .filter(|(name, _)| config.variables.contains_key(*name))
            .map(|(name, (value, _))| (name.clone(), value.clone()))
            .collect()
    }
}

impl Unit {
    /// The module call that stands for a unit whose module tfmap does not read: an opaque
    /// module node named after the unit's directory, with its source and inputs.
    /// The name of the opaque module call standing for the unit: its directory's name.
    fn opaque_name(&self) -> &str {
        self.dir
            .rsplit('/')
            .next()
            .filter(|n| *n != "." && is_identifier(n))
            .unwrap_or("unit")
    }

    pub fn opaque_config(&self, source: &Value) -> ModuleConfig {
        let name = self.opaque_name().to_string();
        let literal = |name: &str, value: &Value, location: &Location| RawAttribute {
            name: name.to_string(),
            expr: super::interpret::expression_of(value),
            references: Vec::new(),
            location: location.clone(),
        };
        let mut attributes = vec![literal("source", source, &self.location)];
        attributes.extend(
            self.inputs
                .iter()
                .map(|(name, (value, location))| literal(name, value, location)),
        );
        let call = ModuleCallDecl {
            name: name.clone(),
            source: source.as_str().map(str::to_string),
            body: RawBody {
                attributes,
                blocks: Vec::new(),
            },
            location: self.location.clone(),
        };
        let mut config = ModuleConfig {
            dir: self.dir.clone(),
            ..ModuleConfig::default()
        };
        config.module_calls.insert(name, call);
        config
    }
}

/// Calls `found(dependency, output)` for each `dependency.NAME.outputs.OUTPUT` a value's
/// unknown parts come from.
fn read_outputs(value: &tfmap_core::Value, found: &mut impl FnMut(&str, &str)) {
    match value {
        tfmap_core::Value::Unknown(unknown) => {
            for origin in unknown.origins() {
                let mut parts = origin.split(['.', '[']);
                if let (Some("dependency"), Some(dependency), Some("outputs"), Some(output)) =
                    (parts.next(), parts.next(), parts.next(), parts.next())
                {
                    found(dependency, output.trim_end_matches(['"', ']']));
                }
            }
        }
        tfmap_core::Value::Array(items) => items.iter().for_each(|i| read_outputs(i, found)),
        tfmap_core::Value::Object(map) => map.values().for_each(|v| read_outputs(v, found)),
        _ => {}
    }
}

/// The resource a reference path names inside a module: `aws_ecs_cluster.this` of
/// `aws_ecs_cluster.this.arn`; `None` for variables, locals, modules and the like.
fn resource_address(path: &[String]) -> Option<String> {
    match path {
        [first, ..]
            if matches!(
                first.as_str(),
                "var" | "local" | "module" | "each" | "count" | "path" | "self" | "terraform"
            ) =>
        {
            None
        }
        [data, kind, name, ..] if data == "data" => Some(format!("data.{kind}.{name}")),
        [kind, name, ..] => Some(format!("{kind}.{name}")),
        _ => None,
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// `terraform { source }` as a module directory, or opaque. Terragrunt's `//` separates the
/// directory it copies from the module inside it; both name the same module directory here.
fn resolve_source(dir: &str, source: Value, boundary: &Boundary) -> UnitSource {
    let Value::String(text) = &source else {
        return UnitSource::Opaque(source);
    };
    let path = text.replace("//", "/");
    if !super::tree::is_local_source(&path) {
        return UnitSource::Opaque(source);
    }
    match boundary.join(dir, &path) {
        Some(module) => UnitSource::Local(module),
        None => UnitSource::Opaque(source),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(path: &str, text: &str) -> (Option<Unit>, Vec<Diagnostic>) {
        unit_with(path, text, &[])
    }

    /// A unit read beside other files (those it may include).
    fn unit_with(
        path: &str,
        text: &str,
        others: &[(&str, &str)],
    ) -> (Option<Unit>, Vec<Diagnostic>) {
        let mut files = crate::source::MemoryFiles::new();
        for (other, content) in others {
            files.insert(*other, *content);
        }
        let mut diagnostics = Vec::new();
        let unit = read_unit(path, text, &files, &mut BTreeSet::new(), &mut diagnostics);
        (unit, diagnostics)
    }

    #[test]
    fn an_included_file_gives_source_and_inputs_the_unit_does_not_set() {
        let (found, diagnostics) = unit_with(
            "live/prod/app/terragrunt.hcl",
            r#"
            include "root" {
              path = find_in_parent_folders("root.hcl")
            }
            inputs = {
              name = "app-${include.root.locals.env}"
            }
            "#,
            &[(
                "live/root.hcl",
                r#"
                locals {
                  env = basename(dirname(get_terragrunt_dir()))
                }
                terraform {
                  source = "${get_repo_root()}/modules/${basename(get_terragrunt_dir())}"
                }
                inputs = {
                  name   = "overridden"
                  region = "eu-west-1"
                }
                "#,
            )],
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let found = found.expect("a unit");
        assert_eq!(found.source, UnitSource::Local("modules/app".to_string()));
        let value = |name: &str| found.inputs.get(name).map(|(v, _)| v.clone());
        assert_eq!(value("name"), Some(Value::from("app-prod")));
        assert_eq!(value("region"), Some(Value::from("eu-west-1")));
    }

    #[test]
    fn an_include_that_is_not_found_is_said() {
        let (found, diagnostics) = unit(
            "live/app/terragrunt.hcl",
            r#"include "root" { path = find_in_parent_folders() }"#,
        );
        assert!(found.is_some());
        assert!(diagnostics.iter().any(|d| d.message.contains("not found")));
    }

    #[test]
    fn a_local_source_names_the_module_directory() {
        let (found, _) = unit(
            "live/prod/app/terragrunt.hcl",
            r#"terraform { source = "../../../modules//app" }"#,
        );
        assert_eq!(
            found.map(|u| u.source),
            Some(UnitSource::Local("modules/app".to_string()))
        );
    }

    #[test]
    fn path_functions_and_locals_resolve_the_source() {
        let (found, _) = unit(
            "live/prod/app/terragrunt.hcl",
            r#"
            locals { module = "app" }
            terraform { source = "${get_repo_root()}/modules/${local.module}" }
            "#,
        );
        assert_eq!(
            found.map(|u| u.source),
            Some(UnitSource::Local("modules/app".to_string()))
        );
    }

    #[test]
    fn a_git_source_is_opaque() {
        let (found, _) = unit(
            "live/vpc/terragrunt.hcl",
            r#"terraform { source = "git::https://example.com/modules.git//vpc?ref=v1.0.0" }"#,
        );
        assert!(matches!(
            found.map(|u| u.source),
            Some(UnitSource::Opaque(_))
        ));
    }

    #[test]
    fn inputs_keep_what_is_known_and_what_is_not_stays_unknown() {
        let (found, _) = unit(
            "live/app/terragrunt.hcl",
            r#"
            dependency "vpc" { config_path = "../vpc" }
            locals { env = "prod" }
            inputs = {
              name   = "api-${local.env}"
              vpc_id = dependency.vpc.outputs.vpc_id
              region = get_env("AWS_REGION", "eu-west-1")
            }
            "#,
        );
        let inputs = found.map(|u| u.inputs).unwrap_or_default();
        let value = |name: &str| inputs.get(name).map(|(v, _)| v.clone());
        assert_eq!(value("name"), Some(Value::from("api-prod")));
        assert_eq!(
            value("vpc_id"),
            Some(Value::unknown("dependency.vpc.outputs.vpc_id"))
        );
        assert!(
            matches!(value("region"), Some(Value::Unknown(u)) if u.whole_origin().is_some_and(|o| o.starts_with("get_env(")))
        );
    }

    #[test]
    fn a_file_without_source_runs_its_own_directory() {
        let (found, _) = unit("live/terragrunt.hcl", "inputs = { a = 1 }");
        assert_eq!(found.map(|u| u.source), Some(UnitSource::Own));
    }
}
