//! What one Terragrunt file says (its own settings, or those of a file it includes),
//! evaluated for the unit being read, and how an included file is found.

use std::collections::BTreeMap;

use tfmap_core::{Map, Value};

use super::super::syntax::{RawBlock, RawBody};
use super::eval::Scope;
use crate::boundary::Boundary;
use crate::diagnostic::Diagnostic;
use crate::location::Location;
use crate::source::SourceFiles;

/// The most directories `find_in_parent_folders` climbs, as Terragrunt bounds it.
const MAX_PARENT_FOLDERS: usize = 100;

/// The settings of one file.
#[derive(Debug, Clone, Default)]
pub(super) struct Layer {
    pub locals: Value,
    /// `terraform { source }` with where it is written.
    pub source: Option<(Value, Location)>,
    /// Where the `terraform` block is, when it has no source.
    pub terraform: Option<Location>,
    pub inputs: BTreeMap<String, (Value, Location)>,
    /// `dependency "name" { config_path }`: the unit directory each name reads outputs of.
    pub dependencies: BTreeMap<String, String>,
}

impl Layer {
    /// Reads a body with `scope` (whose locals it replaces by the body's own).
    pub fn read(
        body: &RawBody,
        scope: Scope,
        unit_dir: &str,
        boundary: &Boundary,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Layer {
        let scope = scope.with_locals_of(body);
        let mut layer = Layer {
            locals: scope.locals.clone(),
            ..Layer::default()
        };
        if let Some(terraform) = blocks(body, "terraform").next() {
            match terraform.body.attribute("source") {
                Some(source) => {
                    layer.source = Some((scope.evaluate(&source.expr), source.location.clone()));
                }
                None => layer.terraform = Some(terraform.location.clone()),
            }
        }
        if let Some(attribute) = body.attribute("inputs") {
            match &attribute.expr {
                hcl::Expression::Object(object) => {
                    for (key, expr) in object {
                        let name = match key {
                            hcl::expr::ObjectKey::Identifier(name) => Some(name.to_string()),
                            hcl::expr::ObjectKey::Expression(key) => scope.text(key),
                            _ => None,
                        };
                        if let Some(name) = name {
                            let value = scope.evaluate(expr);
                            layer.inputs.insert(name, (value, attribute.location.clone()));
                        }
                    }
                }
                _ => diagnostics.push(Diagnostic::info(
                    attribute.location.clone(),
                    "Terragrunt `inputs` is not written as an object (`{ name = value }`): not read; the unit's variables keep their defaults".to_string(),
                )),
            }
        }
        for dependency in blocks(body, "dependency") {
            let (Some(name), Some(path)) = (
                dependency.labels.first(),
                dependency.body.attribute("config_path"),
            ) else {
                continue;
            };
            match scope
                .text(&path.expr)
                .and_then(|p| boundary.join(unit_dir, &p))
            {
                Some(other) => {
                    layer.dependencies.insert(name.clone(), other);
                }
                None => diagnostics.push(Diagnostic::info(
                    path.location.clone(),
                    format!("Terragrunt dependency `{name}`: its config_path is not known statically; what reads its outputs is not linked to it"),
                )),
            }
        }
        layer
    }

    /// `include.NAME` as the including file sees it: the included file's locals and inputs.
    pub fn exposed(&self) -> Value {
        let inputs: Map = self
            .inputs
            .iter()
            .map(|(name, (value, _))| (name.clone(), value.clone()))
            .collect();
        let mut exposed = Map::new();
        exposed.insert("locals".to_string(), self.locals.clone());
        exposed.insert("inputs".to_string(), Value::Object(inputs));
        Value::Object(exposed)
    }

    /// This layer over `parent`, as Terragrunt's default (shallow) merge does: what the
    /// including file sets wins, attribute by attribute.
    pub fn over(mut self, parent: Layer) -> Layer {
        if self.source.is_none() {
            self.source = parent.source;
            self.terraform = self.terraform.or(parent.terraform);
        }
        for (name, input) in parent.inputs {
            self.inputs.entry(name).or_insert(input);
        }
        for (name, dir) in parent.dependencies {
            self.dependencies.entry(name).or_insert(dir);
        }
        self
    }
}

pub(super) fn blocks<'b>(body: &'b RawBody, kind: &'b str) -> impl Iterator<Item = &'b RawBlock> {
    body.blocks.iter().filter(move |b| b.kind == kind)
}

/// The file an `include` block names, relative to the analysed directory, with its text:
/// `find_in_parent_folders()` (`terragrunt.hcl`) or `find_in_parent_folders("root.hcl")`
/// searched from the unit's parent directory up to the boundary, as Terragrunt searches, or
/// a path the scope evaluates, relative to the unit. Each candidate is read once.
pub(super) fn included_file(
    include: &RawBlock,
    scope: &Scope,
    unit_dir: &str,
    files: &dyn SourceFiles,
) -> Option<(String, String)> {
    let path = &include.body.attribute("path")?.expr;
    let boundary = files.boundary();
    let read = |candidate: String| {
        files
            .read_text(&candidate)
            .ok()
            .map(|text| (candidate, text))
    };
    if let hcl::Expression::FuncCall(call) = path
        && call.name.name.as_str() == "find_in_parent_folders"
    {
        let name = match call.args.first() {
            None => "terragrunt.hcl".to_string(),
            Some(arg) => scope.text(arg)?,
        };
        let mut dir = boundary.join(unit_dir, "..")?;
        for _ in 0..MAX_PARENT_FOLDERS {
            if let Some(found) = read(boundary.join(&dir, &name)?) {
                return Some(found);
            }
            dir = boundary.join(&dir, "..")?;
        }
        return None;
    }
    read(boundary.join(unit_dir, &scope.text(path)?)?)
}
