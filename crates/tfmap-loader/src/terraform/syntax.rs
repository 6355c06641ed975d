//! Parsing one `.tf` file with hcl-edit and keeping only what later stages need: blocks,
//! attributes as hcl-rs expressions (for evaluation), every reference with its location, and
//! the location of everything. The hcl-edit tree is dropped once this is extracted.

use crate::diagnostic::Diagnostic;
use crate::location::{LineIndex, Location};
use hcl_edit::Span;
use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::structure::{Block, BlockLabel, Body, Structure};
use hcl_edit::template::{Directive, Element, Template};
use std::sync::Arc;

/// A block as written: `resource "aws_lb" "x" { ... }`.
#[derive(Debug, Clone)]
pub struct RawBlock {
    pub kind: String,
    pub labels: Vec<String>,
    pub body: RawBody,
    pub location: Location,
}

#[derive(Debug, Clone, Default)]
pub struct RawBody {
    pub attributes: Vec<RawAttribute>,
    pub blocks: Vec<RawBlock>,
}

impl RawBody {
    pub fn attribute(&self, name: &str) -> Option<&RawAttribute> {
        self.attributes.iter().find(|a| a.name == name)
    }
}

/// `name = expression`, with the references the expression makes.
#[derive(Debug, Clone)]
pub struct RawAttribute {
    pub name: String,
    pub expr: hcl::Expression,
    pub references: Vec<RawReference>,
    pub location: Location,
}

/// A traversal that names something outside the expression: `aws_ecs_cluster.main.arn` is
/// `["aws_ecs_cluster", "main", "arn"]`. The path stops at the first index or splat; that
/// index and the attribute names after it are kept, because they pick an instance of a
/// repeated resource or module: `aws_lb_target_group.tg[each.key].arn`,
/// `module.svc["web"].name`.
#[derive(Debug, Clone, PartialEq)]
pub struct RawReference {
    pub path: Vec<String>,
    pub index: Option<ReferenceIndex>,
    /// Attribute names right after the index: `["arn"]` in `x.y[0].arn`.
    pub after_index: Vec<String>,
    pub location: Location,
    /// The conditionals the reference sits in, innermost last: Terraform evaluates only
    /// the branch a known condition takes, so a reference in the other branch reaches
    /// nothing (`var.create ? aws_iam_role.x[0].arn : var.arn` with `create = false`).
    pub guards: Vec<Guard>,
    /// Inside a `try(...)` or `can(...)`: an instance that does not exist is the case the
    /// call handles (`try(aws_sg.this[0].id, null)`), not a mistake to report.
    pub tolerated: bool,
}

/// One branch of a conditional expression: the condition, and which branch.
#[derive(Debug, Clone, PartialEq)]
pub struct Guard {
    pub condition: std::sync::Arc<hcl::Expression>,
    pub branch: bool,
}

/// The first index after a reference's path.
#[derive(Debug, Clone, PartialEq)]
pub enum ReferenceIndex {
    /// `[expr]`, or the legacy `.0`.
    Key(hcl::Expression),
    /// `[*]` or `.*`: every instance.
    Splat,
}

/// What one file holds.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    pub path: Arc<str>,
    /// Top-level attributes (only `.tfvars` files have them) and blocks.
    pub body: RawBody,
}

/// Parses a Terraform or `.tfvars` file. On a syntax error the whole file is reported and
/// skipped, as Terraform itself would refuse it; text Terraform reads but hcl-edit refuses
/// is rewritten first (`recovery.rs`), with every location kept.
pub fn parse_file(path: Arc<str>, text: &str) -> Result<ParsedFile, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (body, rewritten) = match hcl_edit::parser::parse_body(text) {
        Ok(body) => (body, None),
        Err(error) => match super::recovery::recover(text, &error) {
            Some(recovered) => (recovered.body, Some(recovered.text)),
            None => {
                let location = error.location();
                return Err(Diagnostic::error(
                    Location::new(
                        path.clone(),
                        u32::try_from(location.line()).unwrap_or(u32::MAX),
                        u32::try_from(location.column()).unwrap_or(u32::MAX),
                    ),
                    // Built from parts: `Display` of the error panics on very long lines.
                    format!("HCL syntax error: {}", error.message().trim()),
                ));
            }
        },
    };
    // Spans point into the text that was parsed; its lines and columns are the file's.
    let text = rewritten.as_deref().unwrap_or(text);
    let index = LineIndex::new(path.clone(), text);
    let extractor = Extractor {
        index: &index,
        text,
    };
    let body = extractor.body(body, &mut Vec::new());
    Ok(ParsedFile { path, body })
}

struct Extractor<'a> {
    index: &'a LineIndex,
    text: &'a str,
}

impl Extractor<'_> {
    fn locate(&self, span: Option<std::ops::Range<usize>>) -> Location {
        self.index.locate(self.text, span.map_or(0, |s| s.start))
    }

    /// `scope` holds the names bound around this body (iterators of enclosing `dynamic` blocks).
    fn body(&self, body: Body, scope: &mut Vec<String>) -> RawBody {
        let mut raw = RawBody::default();
        for structure in body {
            match structure {
                Structure::Attribute(attribute) => {
                    let location = self.locate(attribute.span());
                    let references =
                        expression_references(&attribute.value, scope, &|span| self.locate(span));
                    raw.attributes.push(RawAttribute {
                        name: attribute.key.value().to_string(),
                        expr: attribute.value.into(),
                        references,
                        location,
                    });
                }
                Structure::Block(block) => raw.blocks.push(self.block(block, scope)),
            }
        }
        raw
    }

    fn block(&self, block: Block, scope: &mut Vec<String>) -> RawBlock {
        let location = self.locate(block.span());
        let kind = block.ident.value().to_string();
        let labels: Vec<String> = block
            .labels
            .iter()
            .map(|label| match label {
                BlockLabel::Ident(ident) => ident.value().to_string(),
                BlockLabel::String(string) => string.value().to_string(),
            })
            .collect();
        // Inside `dynamic "x" { ... }` the iterator (named `x` unless `iterator` says otherwise)
        // is a local name, not a reference.
        let iterator = (kind == "dynamic").then(|| {
            block
                .body
                .get_attribute("iterator")
                .and_then(|a| a.value.as_variable().map(|v| v.as_str().to_string()))
                .or_else(|| labels.first().cloned())
                .unwrap_or_default()
        });
        if let Some(name) = &iterator {
            scope.push(name.clone());
        }
        let body = self.body(block.body, scope);
        if iterator.is_some() {
            scope.pop();
        }
        RawBlock {
            kind,
            labels,
            body,
            location,
        }
    }
}

/// Turns a span of the parsed text into a location in the file.
pub(crate) type Locate<'a> = &'a dyn Fn(Option<std::ops::Range<usize>>) -> Location;

/// The references an expression makes, outside the names bound in `scope`. Shared with the
/// JSON syntax, whose strings are parsed as expressions and templates of their own.
pub(crate) fn expression_references(
    expr: &Expression,
    scope: &mut Vec<String>,
    locate: Locate,
) -> Vec<RawReference> {
    let mut out = Vec::new();
    ReferenceCollector {
        locate,
        scope,
        out: &mut out,
        guards: Vec::new(),
        tolerating: 0,
    }
    .expr(expr);
    out
}

/// The references a template makes, as [`expression_references`] does for an expression.
pub(crate) fn template_references(
    template: &Template,
    scope: &mut Vec<String>,
    locate: Locate,
) -> Vec<RawReference> {
    let mut out = Vec::new();
    ReferenceCollector {
        locate,
        scope,
        out: &mut out,
        guards: Vec::new(),
        tolerating: 0,
    }
    .template(template);
    out
}

struct ReferenceCollector<'a> {
    locate: Locate<'a>,
    scope: &'a mut Vec<String>,
    out: &'a mut Vec<RawReference>,
    /// The conditional branches being walked.
    guards: Vec<Guard>,
    /// How many `try`/`can` calls are being walked.
    tolerating: usize,
}

impl ReferenceCollector<'_> {
    fn bound(&self, name: &str) -> bool {
        self.scope.iter().any(|s| s == name)
    }

    fn expr(&mut self, expr: &Expression) {
        match expr {
            Expression::Null(_)
            | Expression::Bool(_)
            | Expression::Number(_)
            | Expression::String(_)
            // A bare name is never a reference to an object: `var`, `local` and resource types
            // are only meaningful with an attribute after them.
            | Expression::Variable(_) => {}
            Expression::Array(array) => array.iter().for_each(|e| self.expr(e)),
            Expression::Object(object) => {
                for (key, value) in object.iter() {
                    if let ObjectKey::Expression(key) = key {
                        self.expr(key);
                    }
                    self.expr(value.expr());
                }
            }
            Expression::StringTemplate(template) => self.elements(template.iter()),
            Expression::HeredocTemplate(heredoc) => self.template(&heredoc.template),
            Expression::Parenthesis(inner) => self.expr(inner.inner()),
            Expression::Conditional(cond) => {
                self.expr(&cond.cond_expr);
                let condition = std::sync::Arc::new(hcl::Expression::from(cond.cond_expr.clone()));
                for (branch, expr) in [(true, &cond.true_expr), (false, &cond.false_expr)] {
                    self.guards.push(Guard {
                        condition: condition.clone(),
                        branch,
                    });
                    self.expr(expr);
                    self.guards.pop();
                }
            }
            Expression::FuncCall(call) => {
                let tolerates = call.name.namespace.is_empty()
                    && matches!(call.name.name.as_str(), "try" | "can");
                self.tolerating += usize::from(tolerates);
                call.args.iter().for_each(|e| self.expr(e));
                self.tolerating -= usize::from(tolerates);
            }
            Expression::UnaryOp(op) => self.expr(&op.expr),
            Expression::BinaryOp(op) => {
                self.expr(&op.lhs_expr);
                self.expr(&op.rhs_expr);
            }
            Expression::ForExpr(for_expr) => {
                self.expr(&for_expr.intro.collection_expr);
                let bound = self.bind(
                    for_expr.intro.key_var.as_ref().map(|k| k.value().as_str()),
                    for_expr.intro.value_var.value().as_str(),
                );
                if let Some(key) = &for_expr.key_expr {
                    self.expr(key);
                }
                self.expr(&for_expr.value_expr);
                if let Some(cond) = &for_expr.cond {
                    self.expr(&cond.expr);
                }
                self.unbind(bound);
            }
            Expression::Traversal(traversal) => {
                let mut operators = traversal.operators.iter().peekable();
                match &traversal.expr {
                    Expression::Variable(root) if !self.bound(root.value().as_str()) => {
                        let mut path = vec![root.value().to_string()];
                        while let Some(op) = operators.peek() {
                            match op.value() {
                                TraversalOperator::GetAttr(name) => {
                                    path.push(name.value().to_string());
                                    operators.next();
                                }
                                _ => break,
                            }
                        }
                        let index = operators.peek().and_then(|op| match op.value() {
                            TraversalOperator::Index(expr) => {
                                Some(ReferenceIndex::Key(expr.clone().into()))
                            }
                            TraversalOperator::LegacyIndex(n) => {
                                Some(ReferenceIndex::Key(hcl::Expression::from(*n.value())))
                            }
                            TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                                Some(ReferenceIndex::Splat)
                            }
                            TraversalOperator::GetAttr(_) => None,
                        });
                        let mut after_index = Vec::new();
                        if index.is_some() {
                            let mut following = operators.clone().skip(1);
                            while let Some(TraversalOperator::GetAttr(name)) =
                                following.next().map(|op| op.value())
                            {
                                after_index.push(name.value().to_string());
                            }
                        }
                        let location = (self.locate)(traversal.span());
                        self.out.push(RawReference {
                            path,
                            index,
                            after_index,
                            location,
                            guards: self.guards.clone(),
                            tolerated: self.tolerating > 0,
                        });
                    }
                    Expression::Variable(_) => {}
                    other => self.expr(other),
                }
                for op in operators {
                    if let TraversalOperator::Index(index) = op.value() {
                        self.expr(index);
                    }
                }
            }
        }
    }

    fn template(&mut self, template: &Template) {
        self.elements(template.iter());
    }

    fn elements<'e>(&mut self, elements: impl Iterator<Item = &'e Element>) {
        for element in elements {
            match element {
                Element::Literal(_) => {}
                Element::Interpolation(interpolation) => self.expr(&interpolation.expr),
                Element::Directive(directive) => match directive.as_ref() {
                    Directive::If(if_directive) => {
                        self.expr(&if_directive.if_expr.cond_expr);
                        self.template(&if_directive.if_expr.template);
                        if let Some(else_expr) = &if_directive.else_expr {
                            self.template(&else_expr.template);
                        }
                    }
                    Directive::For(for_directive) => {
                        let intro = &for_directive.for_expr;
                        self.expr(&intro.collection_expr);
                        let bound = self.bind(
                            intro.key_var.as_ref().map(|k| k.value().as_str()),
                            intro.value_var.value().as_str(),
                        );
                        self.template(&intro.template);
                        self.unbind(bound);
                    }
                },
            }
        }
    }

    fn bind(&mut self, key: Option<&str>, value: &str) -> usize {
        let before = self.scope.len();
        if let Some(key) = key {
            self.scope.push(key.to_string());
        }
        self.scope.push(value.to_string());
        self.scope.len() - before
    }

    fn unbind(&mut self, count: usize) {
        let keep = self.scope.len().saturating_sub(count);
        self.scope.truncate(keep);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn references(text: &str) -> Vec<String> {
        let file = parse_file("t.tf".into(), text).expect("parses");
        let mut out = Vec::new();
        fn walk(body: &RawBody, out: &mut Vec<String>) {
            for a in &body.attributes {
                for r in &a.references {
                    out.push(format!(
                        "{}@{}:{}",
                        r.path.join("."),
                        r.location.line,
                        r.location.column
                    ));
                }
            }
            for b in &body.blocks {
                walk(&b.body, out);
            }
        }
        walk(&file.body, &mut out);
        out
    }

    #[test]
    fn references_everywhere_but_bound_names() {
        let refs = references(
            r#"resource "x" "y" {
  a = [for s in aws_subnet.private : s.id if s.cidr != var.skip]
  b = "${local.prefix}-%{ for n in var.names }${n}%{ endfor }"
  c = jsonencode({ k = aws_lb.main.arn })
  d = aws_subnet.private[var.index].id
  e = (aws_lb.main
    .dns_name)
  dynamic "load_balancer" {
    for_each = var.lbs
    content {
      target_group_arn = load_balancer.value
      other = module.app.out
    }
  }
}
"#,
        );
        assert_eq!(
            refs,
            [
                "aws_subnet.private@2:17",
                "var.skip@2:56",
                "local.prefix@3:10",
                "var.names@3:36",
                "aws_lb.main.arn@4:24",
                "aws_subnet.private@5:7",
                "var.index@5:26",
                "aws_lb.main.dns_name@6:8",
                "var.lbs@9:16",
                "module.app.out@12:15",
            ]
        );
    }

    #[test]
    fn syntax_errors_have_a_location() {
        let error =
            parse_file("bad.tf".into(), "resource \"a\" \"b\" {\n  x = = 1\n}\n").unwrap_err();
        assert_eq!(error.location.to_string(), "bad.tf:2:7");
        assert!(
            error.message.starts_with("HCL syntax error"),
            "{}",
            error.message
        );
    }

    #[test]
    fn tfvars_locations_match_the_file() {
        let file = parse_file("x.tfvars".into(), "a = 1\n\nb = \"x\"\n").expect("parses");
        let lines: Vec<u32> = file
            .body
            .attributes
            .iter()
            .map(|a| a.location.line)
            .collect();
        assert_eq!(lines, [1, 3]);
    }
}
