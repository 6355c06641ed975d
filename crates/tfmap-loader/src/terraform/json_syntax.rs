//! Terraform's JSON syntax (`.tf.json`, `.tfvars.json`) read into the same [`ParsedFile`] the
//! native syntax gives, so merging, evaluation and references work unchanged.
//!
//! Block types and labels are nested object keys; a body (or a label level) may also be an
//! array of objects; `"//"` keys are comments. Strings are string templates where Terraform
//! takes expressions (a template that is one interpolation yields that expression's value,
//! not a string) and literal elsewhere (a variable's `default`, `description`, `source`, the
//! `terraform` block, every `.tfvars.json` value). Which keys are nested blocks is decided in
//! `json_blocks.rs`. References in templates are collected by the native syntax's collector,
//! with the same scoping rules, and located in the file whenever the string holds no escape.
//!
//! JSON is parsed with `jsonc-parser` (the parser behind dprint and Deno's configuration):
//! `serde_json` gives no positions, and this one keeps the byte range of every key and value,
//! reports errors with a range, limits nesting depth (no stack overflow on hostile input),
//! keeps repeated keys (repeated block types are legal) and has no dependencies. Its
//! extensions (comments, trailing commas, …) are turned off: Terraform reads strict JSON.

use super::json_blocks::{Place, Reading, nested_block, reading};
use super::syntax::{
    ParsedFile, RawAttribute, RawBlock, RawBody, RawReference, expression_references,
    template_references,
};
use crate::diagnostic::Diagnostic;
use crate::location::{LineIndex, Location};
use hcl::expr::{ObjectKey, TemplateExpr};
use hcl::{Expression, Number};
use hcl_edit::template::Element;
use jsonc_parser::ast::{Object, ObjectProp, StringLit, Value};
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};
use std::collections::HashMap;
use std::sync::Arc;

/// A file read, with the problems that did not stop the rest of it from being read.
pub type JsonParse = Result<(ParsedFile, Vec<Diagnostic>), Diagnostic>;

/// Parses a `.tf.json` file. Malformed JSON rejects the whole file, as Terraform does.
pub fn parse_config(path: Arc<str>, text: &str) -> JsonParse {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader::new(path, text);
    let root = reader.root(text)?;
    let mut body = RawBody::default();
    for prop in &root.properties {
        let kind = prop.name.as_str();
        if kind == "//" {
            continue;
        }
        let location = reader.key_location(prop);
        let Some(label_count) = top_level_labels(kind) else {
            // Unknown block types are reported by the configuration merge, as for `.tf`.
            body.blocks.push(RawBlock {
                kind: kind.to_string(),
                labels: Vec::new(),
                body: RawBody::default(),
                location,
            });
            continue;
        };
        let site = Site {
            kind,
            parent: None,
            content_path: None,
        };
        reader.blocks(
            &site,
            label_count,
            &prop.value,
            &mut Vec::new(),
            location,
            &mut Vec::new(),
            &mut body.blocks,
        );
    }
    Ok((reader.finish(body), reader.diagnostics))
}

/// Parses a `.tfvars.json` file: one object of variable values, taken literally.
pub fn parse_tfvars(path: Arc<str>, text: &str) -> JsonParse {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader::new(path, text);
    let root = reader.root(text)?;
    let mut body = RawBody::default();
    let mut positions = HashMap::new();
    for prop in &root.properties {
        if prop.name.as_str() == "//" {
            continue;
        }
        let attribute = RawAttribute {
            name: prop.name.as_str().to_string(),
            expr: Expression::from(literal(&prop.value)),
            references: Vec::new(),
            location: reader.key_location(prop),
        };
        reader.push_attribute(&mut body, &mut positions, attribute);
    }
    Ok((reader.finish(body), reader.diagnostics))
}

/// Labels of Terraform's top-level block types; `None` for a type Terraform does not know.
fn top_level_labels(kind: &str) -> Option<usize> {
    match kind {
        "resource" | "data" | "ephemeral" => Some(2),
        "module" | "variable" | "output" | "provider" | "check" => Some(1),
        "locals" | "terraform" | "moved" | "import" | "removed" => Some(0),
        _ => None,
    }
}

/// The block being read: its type, where its parent body sits (`None` at the top level) and,
/// for a `dynamic` block, the path its `content` body stands for.
struct Site<'s> {
    kind: &'s str,
    parent: Option<Place<'s>>,
    content_path: Option<&'s [String]>,
}

struct Reader<'t> {
    path: Arc<str>,
    index: LineIndex,
    text: &'t str,
    diagnostics: Vec<Diagnostic>,
}

impl<'t> Reader<'t> {
    fn new(path: Arc<str>, text: &'t str) -> Self {
        Reader {
            index: LineIndex::new(path.clone(), text),
            path,
            text,
            diagnostics: Vec::new(),
        }
    }

    fn finish(&self, body: RawBody) -> ParsedFile {
        ParsedFile {
            path: self.path.clone(),
            body,
            unread: None,
            skipped: Vec::new(),
        }
    }

    /// The top-level object, or the reason the file cannot be read at all.
    fn root<'a>(&self, text: &'a str) -> Result<Object<'a>, Diagnostic> {
        let options = ParseOptions {
            allow_comments: false,
            allow_loose_object_property_names: false,
            allow_trailing_commas: false,
            allow_missing_commas: false,
            allow_single_quoted_strings: false,
            allow_hexadecimal_numbers: false,
            allow_unary_plus_numbers: false,
            allow_bare_decimal_point_numbers: false,
            allow_non_finite_numbers: false,
            allow_extended_string_escapes: false,
        };
        let parsed = parse_to_ast(text, &CollectOptions::default(), &options).map_err(|error| {
            Diagnostic::error(
                self.at(error.range().start),
                format!("JSON syntax error: {}", error.kind()),
            )
        })?;
        match parsed.value {
            Some(Value::Object(object)) => Ok(object),
            Some(other) => Err(Diagnostic::error(
                self.at(value_start(&other)),
                "a Terraform JSON file must hold one JSON object",
            )),
            None => Err(Diagnostic::error(
                self.at(0),
                "empty file: a Terraform JSON file must hold one JSON object",
            )),
        }
    }

    fn at(&self, offset: usize) -> Location {
        self.index.locate(self.text, offset)
    }

    fn key_location(&self, prop: &ObjectProp) -> Location {
        self.at(prop.range.start)
    }

    fn error(&mut self, offset: usize, message: String) {
        self.diagnostics
            .push(Diagnostic::error(self.at(offset), message));
    }

    /// Adds an attribute to a body, or reports it when the body already sets that name.
    /// `positions` holds the position of each name in the body: a linear search made a
    /// `locals` object of 100,000 keys take seconds.
    fn push_attribute(
        &mut self,
        body: &mut RawBody,
        positions: &mut HashMap<String, usize>,
        attribute: RawAttribute,
    ) {
        let first = positions
            .get(&attribute.name)
            .and_then(|&position| body.attributes.get(position));
        if let Some(first) = first {
            let message = format!(
                "duplicate argument `{}`; first set at {}",
                attribute.name, first.location
            );
            self.diagnostics
                .push(Diagnostic::error(attribute.location, message));
        } else {
            positions.insert(attribute.name.clone(), body.attributes.len());
            body.attributes.push(attribute);
        }
    }

    /// The blocks one key stands for: `remaining` label levels of objects (or arrays of
    /// objects), then one body per object.
    #[allow(clippy::too_many_arguments)]
    fn blocks(
        &mut self,
        site: &Site,
        remaining: usize,
        value: &Value,
        labels: &mut Vec<String>,
        location: Location,
        scope: &mut Vec<String>,
        out: &mut Vec<RawBlock>,
    ) {
        let objects: Vec<(&Object, Location)> = match value {
            Value::Object(object) => vec![(object, location)],
            Value::Array(array) => {
                let mut objects = Vec::new();
                for element in &array.elements {
                    match element {
                        Value::Object(object) => {
                            objects.push((object, self.at(object.range.start)));
                        }
                        other => self.error(
                            value_start(other),
                            format!("expected a JSON object for a `{}` block", site.kind),
                        ),
                    }
                }
                objects
            }
            other => {
                self.error(
                    value_start(other),
                    format!(
                        "expected a JSON object (or an array of objects) for `{}` blocks",
                        site.kind
                    ),
                );
                return;
            }
        };
        for (object, location) in objects {
            if remaining == 0 {
                out.push(self.block(site, labels.clone(), object, location, scope));
                continue;
            }
            for prop in &object.properties {
                let label = prop.name.as_str();
                if label == "//" {
                    continue;
                }
                labels.push(label.to_string());
                let location = self.key_location(prop);
                self.blocks(
                    site,
                    remaining - 1,
                    &prop.value,
                    labels,
                    location,
                    scope,
                    out,
                );
                labels.pop();
            }
        }
    }

    fn block(
        &mut self,
        site: &Site,
        labels: Vec<String>,
        object: &Object,
        location: Location,
        scope: &mut Vec<String>,
    ) -> RawBlock {
        let (top, label, mut path) = match &site.parent {
            None => (
                site.kind,
                labels.first().map_or("", String::as_str),
                Vec::new(),
            ),
            Some(parent) => (parent.top, parent.label, parent.path.to_vec()),
        };
        // A `content` body stands for the block its `dynamic` generates.
        match (site.kind, site.content_path) {
            ("content", Some(generated)) => path = generated.to_vec(),
            _ if site.parent.is_some() => path.push(site.kind.to_string()),
            _ => {}
        }
        // Inside `dynamic "x"`, the iterator (`x` unless `iterator` names another) is local.
        let iterator = (site.kind == "dynamic").then(|| {
            object
                .get_string("iterator")
                .map(|s| s.value.to_string())
                .or_else(|| labels.first().cloned())
                .unwrap_or_default()
        });
        let content_path: Option<Vec<String>> = (site.kind == "dynamic").then(|| {
            let mut generated = path[..path.len().saturating_sub(1)].to_vec();
            generated.extend(labels.first().cloned());
            generated
        });
        if let Some(name) = &iterator {
            scope.push(name.clone());
        }
        let place = Place {
            top,
            label,
            path: &path,
        };
        let body = self.body(object, place, content_path.as_deref(), scope);
        if iterator.is_some() {
            scope.pop();
        }
        RawBlock {
            kind: site.kind.to_string(),
            labels,
            body,
            location,
        }
    }

    fn body(
        &mut self,
        object: &Object,
        place: Place,
        content_path: Option<&[String]>,
        scope: &mut Vec<String>,
    ) -> RawBody {
        let mut body = RawBody::default();
        let mut positions = HashMap::new();
        for prop in &object.properties {
            let key = prop.name.as_str();
            if key == "//" {
                continue;
            }
            let location = self.key_location(prop);
            if let Some(label_count) = nested_block(&place, key)
                && (label_count > 0 || has_block_shape(&prop.value))
            {
                let site = Site {
                    kind: key,
                    parent: Some(place),
                    content_path,
                };
                self.blocks(
                    &site,
                    label_count,
                    &prop.value,
                    &mut Vec::new(),
                    location,
                    scope,
                    &mut body.blocks,
                );
                continue;
            }
            let mut references = Vec::new();
            let expr = match reading(&place, key) {
                Reading::Literal => Some(Expression::from(literal(&prop.value))),
                Reading::TypeConstraint => self.type_constraint(&prop.value),
                Reading::References => self.references(&prop.value, scope, &mut references),
                Reading::Expression => self.expression(&prop.value, scope, &mut references),
            };
            // A value that could not be read was reported; the argument is left out.
            if let Some(expr) = expr {
                let attribute = RawAttribute {
                    name: key.to_string(),
                    expr,
                    references,
                    location,
                };
                self.push_attribute(&mut body, &mut positions, attribute);
            }
        }
        body
    }

    /// A JSON value where Terraform takes an expression: strings are templates.
    fn expression(
        &mut self,
        value: &Value,
        scope: &mut Vec<String>,
        references: &mut Vec<RawReference>,
    ) -> Option<Expression> {
        Some(match value {
            Value::StringLit(string) => return self.template(string, scope, references),
            Value::Array(array) => Expression::Array(
                array
                    .elements
                    .iter()
                    .map(|element| self.expression(element, scope, references))
                    .collect::<Option<Vec<_>>>()?,
            ),
            Value::Object(object) => {
                let mut items = hcl::Object::new();
                for prop in &object.properties {
                    let value = self.expression(&prop.value, scope, references)?;
                    let key = Expression::String(prop.name.as_str().to_string());
                    items.insert(ObjectKey::Expression(key), value);
                }
                Expression::Object(items)
            }
            other => Expression::from(literal(other)),
        })
    }

    /// A string read as a template. One interpolation alone gives its expression (so
    /// `"${var.ports}"` is a list, not a string); text alone gives the text.
    fn template(
        &mut self,
        string: &StringLit,
        scope: &mut Vec<String>,
        references: &mut Vec<RawReference>,
    ) -> Option<Expression> {
        let text = string.value.as_ref();
        if !text.contains("${") && !text.contains("%{") {
            return Some(Expression::String(text.to_string()));
        }
        let template = match hcl_edit::parser::parse_template(text) {
            Ok(template) => template,
            Err(error) => {
                let message = format!(
                    "invalid template in a JSON string: {}; argument not read",
                    error.message().trim()
                );
                self.diagnostics.push(Diagnostic::error(
                    self.in_string(string, Some(0..0)),
                    message,
                ));
                return None;
            }
        };
        references.extend(template_references(&template, scope, &|span| {
            self.in_string(string, span)
        }));
        let elements: Vec<&Element> = template.iter().collect();
        match elements.as_slice() {
            [Element::Interpolation(interpolation)] => Some(interpolation.expr.clone().into()),
            parts if parts.iter().all(|e| matches!(e, Element::Literal(_))) => {
                let mut joined = String::new();
                for part in parts {
                    if let Element::Literal(literal) = part {
                        joined.push_str(literal.as_str());
                    }
                }
                Some(Expression::String(joined))
            }
            _ => Some(Expression::TemplateExpr(Box::new(
                TemplateExpr::QuotedString(text.to_string()),
            ))),
        }
    }

    /// A string (or each string of an array) naming objects: `"aws_lb.main"`, `"all"`.
    fn references(
        &mut self,
        value: &Value,
        scope: &mut Vec<String>,
        references: &mut Vec<RawReference>,
    ) -> Option<Expression> {
        match value {
            Value::StringLit(string) => self.reference(string, scope, references),
            Value::Array(array) => array
                .elements
                .iter()
                .map(|element| self.references(element, scope, references))
                .collect::<Option<Vec<_>>>()
                .map(Expression::Array),
            other => {
                self.error(
                    value_start(other),
                    "expected a string naming an object (such as \"aws_lb.main\")".to_string(),
                );
                None
            }
        }
    }

    fn reference(
        &mut self,
        string: &StringLit,
        scope: &mut Vec<String>,
        references: &mut Vec<RawReference>,
    ) -> Option<Expression> {
        let text = string.value.as_ref();
        // `"${aws_lb.main}"` is accepted as well as the documented `"aws_lb.main"`.
        let (skip, inner) = match text.strip_prefix("${").and_then(|t| t.strip_suffix('}')) {
            Some(inner) => (2, inner),
            None => (0, text),
        };
        match hcl_edit::parser::parse_expr(inner) {
            Ok(expr) => {
                references.extend(expression_references(&expr, scope, &|span| {
                    self.in_string(string, span.map(|s| s.start + skip..s.end + skip))
                }));
                Some(expr.into())
            }
            Err(error) => {
                let message = format!(
                    "expected a reference in this JSON string: {}; argument not read",
                    error.message().trim()
                );
                self.diagnostics
                    .push(Diagnostic::error(self.at(string.range.start), message));
                None
            }
        }
    }

    /// A variable's `type`: a type expression written as a string.
    fn type_constraint(&mut self, value: &Value) -> Option<Expression> {
        let Value::StringLit(string) = value else {
            self.error(
                value_start(value),
                "a variable's type is written as a string in JSON, such as \"list(string)\""
                    .to_string(),
            );
            return None;
        };
        match hcl_edit::parser::parse_expr(&string.value) {
            Ok(expr) => Some(expr.into()),
            Err(error) => {
                let message = format!(
                    "invalid type constraint: {}; argument not read",
                    error.message().trim()
                );
                self.diagnostics
                    .push(Diagnostic::error(self.at(string.range.start), message));
                None
            }
        }
    }

    /// Where a span of a string's decoded text is in the file: exact when the string holds no
    /// escape sequence (its text is then the file's), else the string's start.
    fn in_string(&self, string: &StringLit, span: Option<std::ops::Range<usize>>) -> Location {
        let (start, end) = (string.range.start, string.range.end);
        let raw = self.text.get(start + 1..end.saturating_sub(1));
        match (raw, span) {
            (Some(raw), Some(span)) if raw == string.value.as_ref() => {
                self.at(start + 1 + span.start)
            }
            _ => self.at(start),
        }
    }
}

/// An object, or a non-empty array of objects: the only shapes a block can have in JSON.
fn has_block_shape(value: &Value) -> bool {
    match value {
        Value::Object(_) => true,
        Value::Array(array) => {
            !array.elements.is_empty()
                && array
                    .elements
                    .iter()
                    .all(|element| matches!(element, Value::Object(_)))
        }
        _ => false,
    }
}

/// A JSON value taken as written.
fn literal(value: &Value) -> hcl::Value {
    match value {
        Value::NullKeyword(_) => hcl::Value::Null,
        Value::BooleanLit(b) => hcl::Value::Bool(b.value),
        Value::NumberLit(n) => number(n.value),
        Value::StringLit(s) => hcl::Value::String(s.value.to_string()),
        Value::Array(array) => hcl::Value::Array(array.elements.iter().map(literal).collect()),
        Value::Object(object) => hcl::Value::Object(
            object
                .properties
                .iter()
                .map(|prop| (prop.name.as_str().to_string(), literal(&prop.value)))
                .collect(),
        ),
    }
}

/// A JSON number: whole numbers stay exact, others become floating point.
fn number(text: &str) -> hcl::Value {
    if let Ok(n) = text.parse::<i64>() {
        return hcl::Value::Number(Number::from(n));
    }
    if let Ok(n) = text.parse::<u64>() {
        return hcl::Value::Number(Number::from(n));
    }
    text.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map_or(hcl::Value::Null, hcl::Value::Number)
}

fn value_start(value: &Value) -> usize {
    match value {
        Value::StringLit(v) => v.range.start,
        Value::NumberLit(v) => v.range.start,
        Value::BooleanLit(v) => v.range.start,
        Value::Object(v) => v.range.start,
        Value::Array(v) => v.range.start,
        Value::NullKeyword(v) => v.range.start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terraform::syntax::parse_file;

    /// Blocks, labels, arguments (as HCL text) and reference paths, without locations.
    fn outline(body: &RawBody, indent: &str, out: &mut Vec<String>) {
        for attribute in &body.attributes {
            let text = hcl::format::to_string(&attribute.expr).unwrap_or_default();
            let references: Vec<String> = attribute
                .references
                .iter()
                .map(|r| r.path.join("."))
                .collect();
            out.push(format!(
                "{indent}{} = {} {references:?}",
                attribute.name,
                text.split_whitespace().collect::<Vec<_>>().join(" ")
            ));
        }
        for block in &body.blocks {
            out.push(format!("{indent}{} {:?}", block.kind, block.labels));
            outline(&block.body, &format!("{indent}  "), out);
        }
    }

    fn json(text: &str) -> (ParsedFile, Vec<Diagnostic>) {
        parse_config("main.tf.json".into(), text).expect("parses")
    }

    fn same_as_native(json_text: &str, native_text: &str) {
        let (from_json, diagnostics) = json(json_text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let native = parse_file("main.tf".into(), native_text).expect("parses");
        let (mut a, mut b) = (Vec::new(), Vec::new());
        outline(&from_json.body, "", &mut a);
        outline(&native.body, "", &mut b);
        assert_eq!(a, b);
    }

    #[test]
    fn a_resource_reads_as_its_native_twin() {
        same_as_native(
            r#"{
  "//": "generated",
  "resource": {
    "aws_ecs_service": {
      "api": {
        "//": "a comment, not an argument",
        "name": "api-${var.env}",
        "cluster": "${aws_ecs_cluster.main.id}",
        "desired_count": 2,
        "tags": { "team": "core" },
        "depends_on": ["aws_lb_listener.https"],
        "load_balancer": [
          { "target_group_arn": "${aws_lb_target_group.api.arn}", "container_port": 8080 }
        ],
        "network_configuration": { "subnets": "${var.subnets}" },
        "lifecycle": { "ignore_changes": ["desired_count"] }
      }
    }
  }
}"#,
            r#"resource "aws_ecs_service" "api" {
  name          = "api-${var.env}"
  cluster       = aws_ecs_cluster.main.id
  desired_count = 2
  tags          = { "team" = "core" }
  depends_on    = [aws_lb_listener.https]
  load_balancer {
    target_group_arn = aws_lb_target_group.api.arn
    container_port   = 8080
  }
  network_configuration {
    subnets = var.subnets
  }
  lifecycle {
    ignore_changes = [desired_count]
  }
}
"#,
        );
    }

    #[test]
    fn declarations_read_as_their_native_twins() {
        same_as_native(
            r#"{
  "variable": { "env": { "type": "string", "default": "${not_a_template}" } },
  "locals": { "name": "app-${var.env}" },
  "module": { "app": { "source": "./modules/app", "image": "${local.name}" } },
  "output": { "arn": { "value": "${module.app.arn}", "description": "the ${arn}" } },
  "provider": { "aws": [ { "region": "eu-west-1" }, { "alias": "us", "region": "us-east-1" } ] },
  "data": { "aws_vpc": { "main": { "default": true } } }
}"#,
            r#"variable "env" {
  type    = string
  default = "$${not_a_template}"
}
locals {
  name = "app-${var.env}"
}
module "app" {
  source = "./modules/app"
  image  = local.name
}
output "arn" {
  value       = module.app.arn
  description = "the $${arn}"
}
provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "us"
  region = "us-east-1"
}
data "aws_vpc" "main" {
  default = true
}
"#,
        );
    }

    #[test]
    fn dynamic_blocks_scope_their_iterator() {
        same_as_native(
            r#"{"resource": {"aws_ecs_service": {"s": {
  "dynamic": {"load_balancer": {
    "for_each": "${var.lbs}",
    "iterator": "lb",
    "content": {"target_group_arn": "${lb.value}", "container_name": "${local.c}"}
  }}
}}}}"#,
            r#"resource "aws_ecs_service" "s" {
  dynamic "load_balancer" {
    for_each = var.lbs
    iterator = lb
    content {
      target_group_arn = lb.value
      container_name   = local.c
    }
  }
}
"#,
        );
    }

    #[test]
    fn a_key_outside_the_tables_is_an_argument() {
        let (file, _) = json(
            r#"{"resource": {"aws_sqs_queue": {"q": {"redrive_policy": {"maxReceiveCount": 3}}},
                "aws_ecs_service": {"s": {"load_balancer": "${var.lbs}"}}}}"#,
        );
        let mut lines = Vec::new();
        outline(&file.body, "", &mut lines);
        assert_eq!(
            lines,
            [
                r#"resource ["aws_sqs_queue", "q"]"#,
                r#"  redrive_policy = { "maxReceiveCount" = 3 } []"#,
                r#"resource ["aws_ecs_service", "s"]"#,
                r#"  load_balancer = var.lbs ["var.lbs"]"#,
            ]
        );
    }

    #[test]
    fn a_repeated_argument_is_reported_and_the_first_kept() {
        let (file, diagnostics) = json(
            r#"{"locals": {"a": "1", "b": "2", "a": "3"}, "resource": {"aws_lb": {"x": {"name": "p", "name": "q"}}}}"#,
        );
        let mut lines = Vec::new();
        outline(&file.body, "", &mut lines);
        assert_eq!(
            lines,
            [
                r#"locals []"#,
                r#"  a = "1" []"#,
                r#"  b = "2" []"#,
                r#"resource ["aws_lb", "x"]"#,
                r#"  name = "p" []"#,
            ]
        );
        let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "main.tf.json:1:33: error: duplicate argument `a`; first set at main.tf.json:1:13",
                "main.tf.json:1:87: error: duplicate argument `name`; first set at main.tf.json:1:74",
            ]
        );
    }

    #[test]
    fn keys_and_references_have_file_locations() {
        let (file, _) = json(
            "{\"resource\": {\"aws_lb\": {\"x\": {\n  \"name\": \"a-${var.env}\",\n  \"escaped\": \"\\t${var.tab}\"\n}}}}",
        );
        let block = &file.body.blocks[0];
        assert_eq!(block.location.to_string(), "main.tf.json:1:26");
        let name = &block.body.attributes[0];
        assert_eq!(name.location.to_string(), "main.tf.json:2:3");
        assert_eq!(name.references[0].location.to_string(), "main.tf.json:2:16");
        // An escape sequence shifts the text: the string's start is used.
        let escaped = &block.body.attributes[1];
        assert_eq!(
            escaped.references[0].location.to_string(),
            "main.tf.json:3:14"
        );
    }

    #[test]
    fn malformed_json_is_one_located_error() {
        let error =
            parse_config("bad.tf.json".into(), "{\n  \"resource\": {,\n}").expect_err("rejected");
        assert_eq!(error.location.to_string(), "bad.tf.json:2:16");
        assert!(
            error.message.starts_with("JSON syntax error"),
            "{}",
            error.message
        );
        let comment =
            parse_config("c.tf.json".into(), "{} // no comments in JSON").expect_err("rejected");
        assert!(comment.message.contains("Comments"), "{}", comment.message);
        let array = parse_config("a.tf.json".into(), "[]").expect_err("rejected");
        assert!(array.message.contains("one JSON object"));
    }

    #[test]
    fn bad_parts_are_reported_and_the_rest_kept() {
        let (file, diagnostics) = json(
            r#"{"resource": {"aws_lb": {"x": {"name": "${", "internal": true}}, "aws_lb_target_group": "oops"}}"#,
        );
        let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains("invalid template"), "{messages:?}");
        assert!(
            messages[1].contains("expected a JSON object"),
            "{messages:?}"
        );
        let attributes: Vec<&str> = file.body.blocks[0]
            .body
            .attributes
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(attributes, ["internal"]);
    }

    #[test]
    fn tfvars_values_are_literal() {
        let (file, diagnostics) = parse_tfvars(
            "prod.tfvars.json".into(),
            r#"{"image": "api:${tag}", "ports": [80, 443], "big": 1.5e3, "image": "dup"}"#,
        )
        .expect("parses");
        assert_eq!(diagnostics.len(), 1, "duplicate reported");
        let values: Vec<(String, String)> = file
            .body
            .attributes
            .iter()
            .map(|a| {
                let text = hcl::format::to_string(&a.expr).unwrap_or_default();
                (
                    a.name.clone(),
                    text.split_whitespace().collect::<Vec<_>>().join(" "),
                )
            })
            .collect();
        assert_eq!(
            values,
            [
                ("image".to_string(), r#""api:$${tag}""#.to_string()),
                ("ports".to_string(), "[ 80, 443 ]".to_string()),
                ("big".to_string(), "1500".to_string()),
            ]
        );
    }
}
