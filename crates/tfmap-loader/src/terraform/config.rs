//! One directory's Terraform configuration: the declarations of all its `.tf` files merged,
//! as Terraform sees a module before any module call or evaluation.

use super::syntax::{ParsedFile, RawAttribute, RawBlock, RawBody};
use crate::diagnostic::Diagnostic;
use crate::location::Location;
use std::collections::BTreeMap;

/// Managed resources and data sources share one namespace per mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    Managed,
    Data,
}

#[derive(Debug, Clone)]
pub struct ResourceDecl {
    pub mode: Mode,
    pub resource_type: String,
    pub name: String,
    pub body: RawBody,
    pub location: Location,
}

impl ResourceDecl {
    /// The address inside its module: `aws_lb.x` or `data.aws_ami.y`.
    pub fn local_address(&self) -> String {
        match self.mode {
            Mode::Managed => format!("{}.{}", self.resource_type, self.name),
            Mode::Data => format!("data.{}.{}", self.resource_type, self.name),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ModuleCallDecl {
    pub name: String,
    pub source: Option<String>,
    /// The whole body: inputs, plus meta-arguments (`source`, `count`, `providers`, …).
    pub body: RawBody,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct VariableDecl {
    pub name: String,
    pub default: Option<RawAttribute>,
    /// `sensitive = true`: the value is never evaluated into output.
    pub sensitive: bool,
    /// The `type` constraint as written (`string`, `list(string)`), if any: it decides how a
    /// value given as text (`--var`, `TF_VAR_*`) is read.
    pub type_constraint: Option<hcl::Expression>,
    /// The constraint read: every value the variable receives is converted to it.
    pub kind: super::types::Type,
    /// `nullable = false`: a null given by the caller means the default. Terraform's default
    /// (`true`) keeps the null.
    pub nullable: bool,
    /// The whole block, kept so an override file can change it.
    pub body: RawBody,
    pub location: Location,
}

impl VariableDecl {
    pub fn new(name: String, body: RawBody, location: Location) -> Self {
        VariableDecl {
            sensitive: matches!(
                body.attribute("sensitive").map(|a| &a.expr),
                Some(hcl::Expression::Bool(true))
            ),
            default: body.attribute("default").cloned(),
            type_constraint: body.attribute("type").map(|a| a.expr.clone()),
            kind: body
                .attribute("type")
                .map_or(super::types::Type::Any, |a| super::types::Type::of(&a.expr)),
            nullable: !matches!(
                body.attribute("nullable").map(|a| &a.expr),
                Some(hcl::Expression::Bool(false))
            ),
            name,
            body,
            location,
        }
    }
}

#[derive(Debug, Clone)]
pub struct OutputDecl {
    pub name: String,
    pub value: Option<RawAttribute>,
    /// The whole block, kept so an override file can change it.
    pub body: RawBody,
    pub location: Location,
}

impl OutputDecl {
    pub fn new(name: String, body: RawBody, location: Location) -> Self {
        OutputDecl {
            value: body.attribute("value").cloned(),
            name,
            body,
            location,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ModuleConfig {
    /// Directory relative to the analysed root (`.` for the root itself).
    pub dir: String,
    pub files: Vec<String>,
    pub resources: BTreeMap<(Mode, String, String), ResourceDecl>,
    pub module_calls: BTreeMap<String, ModuleCallDecl>,
    pub variables: BTreeMap<String, VariableDecl>,
    pub locals: BTreeMap<String, RawAttribute>,
    pub outputs: BTreeMap<String, OutputDecl>,
    pub providers: Vec<RawBlock>,
    /// The aliased configurations `required_providers` says the caller passes
    /// (`configuration_aliases = [kubernetes.target]`).
    pub configuration_aliases: std::collections::BTreeSet<super::providers::LocalProvider>,
    /// Other understood blocks (`terraform`, `moved`, `import`, `check`, `removed`) by kind.
    pub other_blocks: BTreeMap<String, usize>,
    /// The `backend "TYPE" { … }` or `cloud { … }` block of a `terraform` block, the first
    /// one written: where a root module's state lives (see `remote_state.rs`).
    pub backend: Option<RawBlock>,
    /// What blocks that could not be parsed declared (`aws_lb.x`, `var.x`, `local.*`…):
    /// references to them are not reported as undeclared, their block's error says why.
    pub skipped: std::collections::BTreeSet<String>,
}

impl ModuleConfig {
    /// Whether a block that could not be parsed declared `address`.
    pub fn skipped(&self, address: &str) -> bool {
        self.skipped.contains(address)
    }

    pub fn resource(&self, mode: Mode, resource_type: &str, name: &str) -> Option<&ResourceDecl> {
        self.resources
            .get(&(mode, resource_type.to_string(), name.to_string()))
    }

    /// Adds the declarations of one file; problems become diagnostics.
    pub fn add_file(&mut self, file: ParsedFile, diagnostics: &mut Vec<Diagnostic>) {
        self.files.push(file.path.to_string());
        self.skipped.extend(file.skipped.iter().cloned());
        for block in blocks_only(file, diagnostics) {
            self.add_block(block, diagnostics);
        }
    }

    fn add_block(&mut self, block: RawBlock, diagnostics: &mut Vec<Diagnostic>) {
        if !well_formed(&block, diagnostics) {
            return;
        }
        let RawBlock {
            kind,
            mut labels,
            body,
            location,
        } = block;
        match kind.as_str() {
            "resource" | "data" => {
                let mode = if kind == "resource" {
                    Mode::Managed
                } else {
                    Mode::Data
                };
                let name = labels.pop().unwrap_or_default();
                let resource_type = labels.pop().unwrap_or_default();
                let decl = ResourceDecl {
                    mode,
                    resource_type,
                    name,
                    body,
                    location,
                };
                let key = (mode, decl.resource_type.clone(), decl.name.clone());
                insert_unique(
                    &mut self.resources,
                    key,
                    decl,
                    |d| &d.location,
                    &decl_name,
                    diagnostics,
                );
            }
            "module" => {
                let name = labels.pop().unwrap_or_default();
                let source = string_literal(body.attribute("source"));

                let decl = ModuleCallDecl {
                    name: name.clone(),
                    source,
                    body,
                    location,
                };
                insert_unique(
                    &mut self.module_calls,
                    name,
                    decl,
                    |d| &d.location,
                    &|d| format!("module call `{}`", d.name),
                    diagnostics,
                );
            }
            "variable" => {
                let name = labels.pop().unwrap_or_default();
                let decl = VariableDecl::new(name.clone(), body, location);
                insert_unique(
                    &mut self.variables,
                    name,
                    decl,
                    |d| &d.location,
                    &|d| format!("variable `{}`", d.name),
                    diagnostics,
                );
            }
            "output" => {
                let name = labels.pop().unwrap_or_default();
                let decl = OutputDecl::new(name.clone(), body, location);
                insert_unique(
                    &mut self.outputs,
                    name,
                    decl,
                    |d| &d.location,
                    &|d| format!("output `{}`", d.name),
                    diagnostics,
                );
            }
            "locals" => {
                for attribute in body.attributes {
                    let name = attribute.name.clone();
                    insert_unique(
                        &mut self.locals,
                        name,
                        attribute,
                        |a| &a.location,
                        &|a| format!("local value `{}`", a.name),
                        diagnostics,
                    );
                }
            }
            "provider" => self.providers.push(RawBlock {
                kind,
                labels,
                body,
                location,
            }),
            _ => {
                if kind == "terraform" {
                    self.read_configuration_aliases(&body);
                    if self.backend.is_none() {
                        self.backend = body
                            .blocks
                            .iter()
                            .find(|b| b.kind == "backend" || b.kind == "cloud")
                            .cloned();
                    }
                }
                *self.other_blocks.entry(kind).or_default() += 1;
            }
        }
    }

    /// `terraform { required_providers { kubernetes = { configuration_aliases = [...] } } }`.
    fn read_configuration_aliases(&mut self, terraform: &RawBody) {
        let requirements = terraform
            .blocks
            .iter()
            .filter(|b| b.kind == "required_providers")
            .flat_map(|b| &b.body.attributes);
        for requirement in requirements {
            let hcl::Expression::Object(object) = &requirement.expr else {
                continue;
            };
            let aliases = object.iter().find(|(key, _)| match key {
                hcl::ObjectKey::Identifier(name) => name.as_str() == "configuration_aliases",
                hcl::ObjectKey::Expression(hcl::Expression::String(name)) => {
                    name == "configuration_aliases"
                }
                _ => false,
            });
            if let Some((_, hcl::Expression::Array(aliases))) = aliases {
                self.configuration_aliases.extend(
                    aliases
                        .iter()
                        .filter_map(super::providers::LocalProvider::of_expression)
                        .filter(|a| a.alias.is_some()),
                );
            }
        }
    }
}

/// True when the block is of a known type with the right number of labels; else reported.
pub(super) fn well_formed(block: &RawBlock, diagnostics: &mut Vec<Diagnostic>) -> bool {
    let expected_labels = match block.kind.as_str() {
        // `ephemeral` (Terraform 1.10): a resource read during a run and never stored; its
        // values are unknown to tfmap and it is not drawn.
        "resource" | "data" | "ephemeral" => 2,
        "module" | "variable" | "output" | "provider" => 1,
        "locals" | "terraform" | "moved" | "import" | "removed" => 0,
        "check" => 1,
        other => {
            diagnostics.push(Diagnostic::warning(
                block.location.clone(),
                format!("unknown block type `{other}`; ignored"),
            ));
            return false;
        }
    };
    if block.labels.len() != expected_labels {
        diagnostics.push(Diagnostic::error(
            block.location.clone(),
            format!(
                "a `{}` block takes {expected_labels} label(s), found {}; block ignored",
                block.kind,
                block.labels.len()
            ),
        ));
        return false;
    }
    true
}

pub(super) fn decl_name(decl: &ResourceDecl) -> String {
    match decl.mode {
        Mode::Managed => format!("resource `{}`", decl.local_address()),
        Mode::Data => format!("data source `{}`", decl.local_address()),
    }
}

fn insert_unique<K: Ord, V>(
    map: &mut BTreeMap<K, V>,
    key: K,
    value: V,
    location: impl Fn(&V) -> &Location,
    describe: &dyn Fn(&V) -> String,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if let Some(first) = map.get(&key) {
        diagnostics.push(Diagnostic::error(
            location(&value).clone(),
            format!(
                "duplicate {}; first declared at {}",
                describe(&value),
                location(first)
            ),
        ));
    } else {
        map.insert(key, value);
    }
}

/// The blocks of a configuration file; top-level arguments are reported.
pub(super) fn blocks_only(file: ParsedFile, diagnostics: &mut Vec<Diagnostic>) -> Vec<RawBlock> {
    for attribute in file.body.attributes {
        diagnostics.push(Diagnostic::error(
            attribute.location,
            format!(
                "unexpected top-level attribute `{}`: a configuration file holds blocks only",
                attribute.name
            ),
        ));
    }
    file.body.blocks
}

/// The value of an attribute written as a plain string literal.
pub fn string_literal(attribute: Option<&RawAttribute>) -> Option<String> {
    match &attribute?.expr {
        hcl::Expression::String(s) => Some(s.clone()),
        _ => None,
    }
}
