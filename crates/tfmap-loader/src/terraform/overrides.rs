//! Override files (`override.tf`, `*_override.tf` and their `.tf.json` forms), merged into a
//! directory's configuration after all its other files, one file at a time in lexical order
//! of file name, as Terraform documents it:
//!
//! - a top-level block merges into the block with the same header (type and labels; a
//!   provider by name and `alias`); an override block with no such block is an error,
//!   except a default (unaliased) provider, which is then declared by the override;
//! - an argument replaces the argument of the same name;
//! - the nested blocks of one type replace *all* the original's blocks of that type (a
//!   `dynamic "x"` block counts as blocks of type `x`, the type it generates), except a
//!   resource's `lifecycle`, merged argument by argument;
//! - `locals` are overridden value by value, whatever block they sit in;
//! - `depends_on` may not appear in an override resource or output;
//! - `terraform` settings are merged by Terraform; tfmap reads none of them, so nothing
//!   changes here; `moved`, `import`, `removed` and `check` blocks cannot be overridden.

use super::config::{
    Mode, ModuleConfig, OutputDecl, VariableDecl, blocks_only, string_literal, well_formed,
};
use super::syntax::{ParsedFile, RawBlock, RawBody};
use crate::diagnostic::Diagnostic;

impl ModuleConfig {
    /// Merges one override file into the configuration built from the other files.
    pub fn merge_override(&mut self, file: ParsedFile, diagnostics: &mut Vec<Diagnostic>) {
        self.files.push(file.path.to_string());
        for block in blocks_only(file, diagnostics) {
            if well_formed(&block, diagnostics) {
                self.override_block(block, diagnostics);
            }
        }
    }

    fn override_block(&mut self, block: RawBlock, diagnostics: &mut Vec<Diagnostic>) {
        let RawBlock {
            kind,
            labels,
            body,
            location,
        } = block;
        let first = labels.first().cloned().unwrap_or_default();
        let missing = |what: String| {
            Diagnostic::error(
                location.clone(),
                format!(
                    "override of {what}, which no other file of this directory declares; ignored"
                ),
            )
        };
        match kind.as_str() {
            "resource" | "data" => {
                let mode = if kind == "resource" {
                    Mode::Managed
                } else {
                    Mode::Data
                };
                let name = labels.get(1).cloned().unwrap_or_default();
                match self.resources.get_mut(&(mode, first.clone(), name.clone())) {
                    Some(decl) => merge_body(&mut decl.body, body, Some(&kind), diagnostics),
                    None if mode == Mode::Data => {
                        diagnostics.push(missing(format!("data source `data.{first}.{name}`")));
                    }
                    None => diagnostics.push(missing(format!("resource `{first}.{name}`"))),
                }
            }
            "module" => match self.module_calls.get_mut(&first) {
                Some(call) => {
                    merge_body(&mut call.body, body, None, diagnostics);
                    call.source = string_literal(call.body.attribute("source"));
                }
                None => diagnostics.push(missing(format!("module call `{first}`"))),
            },
            "variable" => match self.variables.get_mut(&first) {
                Some(decl) => {
                    let mut merged = std::mem::take(&mut decl.body);
                    merge_body(&mut merged, body, None, diagnostics);
                    *decl = VariableDecl::new(first, merged, decl.location.clone());
                }
                None => diagnostics.push(missing(format!("variable `{first}`"))),
            },
            "output" => match self.outputs.get_mut(&first) {
                Some(decl) => {
                    let mut merged = std::mem::take(&mut decl.body);
                    merge_body(&mut merged, body, Some(&kind), diagnostics);
                    *decl = OutputDecl::new(first, merged, decl.location.clone());
                }
                None => diagnostics.push(missing(format!("output `{first}`"))),
            },
            "locals" => {
                for attribute in body.attributes {
                    match self.locals.get_mut(&attribute.name) {
                        Some(local) => *local = attribute,
                        None => diagnostics.push(Diagnostic::error(
                            attribute.location.clone(),
                            format!(
                                "override of local value `{}`, which no other file of this directory declares; ignored",
                                attribute.name
                            ),
                        )),
                    }
                }
            }
            "provider" => {
                let alias = string_literal(body.attribute("alias"));
                let base = self.providers.iter_mut().find(|p| {
                    p.labels.first() == Some(&first)
                        && string_literal(p.body.attribute("alias")) == alias
                });
                match (base, alias) {
                    (Some(base), _) => merge_body(&mut base.body, body, None, diagnostics),
                    (None, Some(alias)) => {
                        diagnostics.push(missing(format!("provider `{first}.{alias}`")));
                    }
                    // Terraform lets an override declare a default (unaliased) provider
                    // configuration no other file declares: an absent one stands for an
                    // empty one, which the override then fills in.
                    (None, None) => self.providers.push(RawBlock {
                        kind,
                        labels,
                        body,
                        location: location.clone(),
                    }),
                }
            }
            "terraform" => {}
            other => diagnostics.push(Diagnostic::error(
                location.clone(),
                format!("`{other}` blocks cannot be overridden; ignored"),
            )),
        }
    }
}

/// Merges an override body into `base`. `top` is the top-level block kind when `depends_on`
/// is forbidden and `lifecycle` merged argument by argument (resources, data, outputs).
fn merge_body(
    base: &mut RawBody,
    over: RawBody,
    top: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for attribute in over.attributes {
        if top.is_some() && attribute.name == "depends_on" {
            diagnostics.push(Diagnostic::error(
                attribute.location,
                "`depends_on` may not be used in an override block; ignored",
            ));
            continue;
        }
        match base
            .attributes
            .iter_mut()
            .find(|a| a.name == attribute.name)
        {
            Some(existing) => *existing = attribute,
            None => base.attributes.push(attribute),
        }
    }
    let mut replaced: Vec<String> = Vec::new();
    for block in over.blocks {
        let generated = generated_type(&block).to_string();
        let lifecycle = matches!(top, Some("resource" | "data")) && block.kind == "lifecycle";
        if lifecycle && let Some(existing) = base.blocks.iter_mut().find(|b| b.kind == "lifecycle")
        {
            merge_body(&mut existing.body, block.body, None, diagnostics);
            continue;
        }
        // The first override block of a type removes every original block of that type;
        // the override's later blocks of the same type are kept beside it.
        let position = if replaced.contains(&generated) {
            None
        } else {
            replaced.push(generated.clone());
            let first = base
                .blocks
                .iter()
                .position(|b| generated_type(b) == generated);
            base.blocks.retain(|b| generated_type(b) != generated);
            first
        };
        match position {
            Some(index) if index <= base.blocks.len() => base.blocks.insert(index, block),
            _ => {
                let after = base
                    .blocks
                    .iter()
                    .rposition(|b| generated_type(b) == generated);
                match after {
                    Some(index) => base.blocks.insert(index + 1, block),
                    None => base.blocks.push(block),
                }
            }
        }
    }
}

/// The type of the blocks a block stands for: `dynamic "x"` generates blocks of type `x`.
fn generated_type(block: &RawBlock) -> &str {
    match (block.kind.as_str(), block.labels.first()) {
        ("dynamic", Some(label)) => label,
        (kind, _) => kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terraform::syntax::parse_file;

    fn config(files: &[(&str, &str)]) -> (ModuleConfig, Vec<String>) {
        let mut config = ModuleConfig::default();
        let mut diagnostics = Vec::new();
        for (path, text) in files {
            let file = parse_file((*path).into(), text).expect("parses");
            if path.contains("override") {
                config.merge_override(file, &mut diagnostics);
            } else {
                config.add_file(file, &mut diagnostics);
            }
        }
        let messages = diagnostics.iter().map(ToString::to_string).collect();
        (config, messages)
    }

    fn text(body: &RawBody, name: &str) -> String {
        body.attribute(name)
            .and_then(|a| hcl::format::to_string(&a.expr).ok())
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    }

    #[test]
    fn arguments_are_replaced_and_blocks_replaced_by_type() {
        let (config, messages) = config(&[
            (
                "main.tf",
                r#"resource "aws_ecs_service" "api" {
  name          = "api"
  desired_count = 2
  depends_on    = [aws_lb.x]
  load_balancer { container_name = "a" }
  load_balancer { container_name = "b" }
  network_configuration { subnets = ["s-1"] }
  lifecycle {
    ignore_changes        = [desired_count]
    create_before_destroy = false
  }
}"#,
            ),
            (
                "override.tf",
                r#"resource "aws_ecs_service" "api" {
  desired_count = 5
  depends_on    = []
  load_balancer { container_name = "c" }
  lifecycle { create_before_destroy = true }
}"#,
            ),
        ]);
        assert_eq!(
            messages,
            ["override.tf:3:3: error: `depends_on` may not be used in an override block; ignored"]
        );
        let body = &config
            .resource(Mode::Managed, "aws_ecs_service", "api")
            .expect("declared")
            .body;
        assert_eq!(text(body, "name"), "\"api\"");
        assert_eq!(text(body, "desired_count"), "5");
        assert_eq!(text(body, "depends_on"), "[ aws_lb.x ]");
        let kinds: Vec<(&str, String)> = body
            .blocks
            .iter()
            .map(|b| (b.kind.as_str(), text(&b.body, "container_name")))
            .collect();
        assert_eq!(
            kinds,
            [
                ("load_balancer", "\"c\"".to_string()),
                ("network_configuration", String::new()),
                ("lifecycle", String::new()),
            ]
        );
        let lifecycle = &body.blocks[2].body;
        assert_eq!(text(lifecycle, "ignore_changes"), "[ desired_count ]");
        assert_eq!(text(lifecycle, "create_before_destroy"), "true");
    }

    #[test]
    fn later_overrides_win_and_declarations_follow() {
        let (config, messages) = config(&[
            (
                "main.tf",
                r#"variable "image" { default = "a" }
locals { x = 1 }
locals { y = 2 }
output "o" { value = local.x }
provider "aws" { region = "eu-west-1" }
provider "aws" {
  alias  = "us"
  region = "us-east-1"
}
module "m" { source = "./a" }"#,
            ),
            (
                "a_override.tf",
                r#"variable "image" {
  default   = "b"
  sensitive = true
}
locals { y = 3 }
module "m" { source = "./b" }"#,
            ),
            (
                "override.tf",
                r#"variable "image" { default = "c" }
output "o" { value = local.y }
provider "aws" {
  alias  = "us"
  region = "us-west-2"
}"#,
            ),
        ]);
        assert!(messages.is_empty(), "{messages:?}");
        let image = &config.variables["image"];
        assert!(image.sensitive);
        assert_eq!(
            image.default.as_ref().map(|d| d.location.to_string()),
            Some("override.tf:1:20".to_string())
        );
        assert_eq!(config.locals["y"].location.file.as_ref(), "a_override.tf");
        assert_eq!(config.locals["x"].location.file.as_ref(), "main.tf");
        assert_eq!(
            config.outputs["o"]
                .value
                .as_ref()
                .map(|v| v.references[0].path.join(".")),
            Some("local.y".to_string())
        );
        assert_eq!(config.module_calls["m"].source.as_deref(), Some("./b"));
        assert_eq!(text(&config.providers[0].body, "region"), "\"eu-west-1\"");
        assert_eq!(text(&config.providers[1].body, "region"), "\"us-west-2\"");
    }

    #[test]
    fn an_override_with_no_original_is_an_error() {
        let (config, messages) = config(&[
            (
                "main.tf",
                "resource \"aws_lb\" \"a\" {}\nprovider \"aws\" {}\n",
            ),
            (
                "x_override.tf",
                r#"resource "aws_lb" "b" { name = "b" }
data "aws_vpc" "v" {}
locals { z = 1 }
provider "aws" { alias = "eu" }
moved {
  from = aws_lb.a
  to   = aws_lb.c
}"#,
            ),
        ]);
        assert_eq!(
            messages,
            [
                "x_override.tf:1:1: error: override of resource `aws_lb.b`, which no other file of this directory declares; ignored",
                "x_override.tf:2:1: error: override of data source `data.aws_vpc.v`, which no other file of this directory declares; ignored",
                "x_override.tf:3:10: error: override of local value `z`, which no other file of this directory declares; ignored",
                "x_override.tf:4:1: error: override of provider `aws.eu`, which no other file of this directory declares; ignored",
                "x_override.tf:5:1: error: `moved` blocks cannot be overridden; ignored",
            ]
        );
        assert_eq!(config.resources.len(), 1);
        assert!(config.locals.is_empty());
    }

    #[test]
    fn an_override_may_declare_a_default_provider_no_other_file_declares() {
        let (config, messages) = config(&[
            ("main.tf", "resource \"aws_lb\" \"a\" {}\n"),
            (
                "providers_override.tf",
                "provider \"aws\" { region = \"eu-west-1\" }\n",
            ),
        ]);
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!(config.providers.len(), 1);
        assert_eq!(config.providers[0].labels, ["aws"]);
        assert_eq!(text(&config.providers[0].body, "region"), "\"eu-west-1\"");
    }

    #[test]
    fn a_dynamic_block_replaces_the_blocks_it_generates() {
        let (config, _) = config(&[
            (
                "main.tf",
                r#"resource "aws_ecs_service" "s" {
  dynamic "load_balancer" {
    for_each = var.lbs
    content { container_name = "x" }
  }
  ordered_placement_strategy { type = "spread" }
}"#,
            ),
            (
                "override.tf",
                r#"resource "aws_ecs_service" "s" {
  load_balancer { container_name = "y" }
}"#,
            ),
        ]);
        let body = &config
            .resource(Mode::Managed, "aws_ecs_service", "s")
            .expect("declared")
            .body;
        let kinds: Vec<&str> = body.blocks.iter().map(|b| b.kind.as_str()).collect();
        assert_eq!(kinds, ["load_balancer", "ordered_placement_strategy"]);
    }
}
